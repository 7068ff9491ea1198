import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { KNeighborsRegressor } from '../../../lib/estimators/neighbors/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxRelativeError, neighborsFixtures, referenceOrder, sorted } from './fixtures.js';

const fixtures = neighborsFixtures();

describe('KNeighborsRegressor parity with scikit-learn 1.2 (algorithm "brute", "auto" and "kd_tree")', () => {
  for (const c of fixtures.regressor) {
    describe(caseName(c), () => {
      const data = fixtures.datasets[c.dataset]!;
      const fitted = new KNeighborsRegressor(c.params).fit(data.Xtrain, data.ytrain);
      const tie = new Set(c.boundaryTie);

      it('predicts the same values to 1e-12 (relative) on every row without a tie at the k-th neighbour', async () => {
        const pred = (await (await fitted).predict(data.Xtest)) as Float64Array;
        expect(pred).toBeInstanceOf(Float64Array);
        const rows = Array.from(pred.keys()).filter((i) => !tie.has(i));
        expect(maxRelativeError(rows.map((i) => pred[i]!), rows.map((i) => c.predictions[i]!))).toBeLessThan(1e-12);
      });

      it('finds the same neighbours, in distance-then-index order', async () => {
        const { distances, indices } = await (await fitted).kneighbors(data.Xtest.slice(0, c.indices.length));
        c.indices.forEach((expected, i) => {
          expect(indices[i]).toEqual(referenceOrder(data.Xtrain, data.Xtest[i]!, c.params.p).slice(0, c.params.nNeighbors));
          if (tie.has(i)) return;
          expect(sorted(indices[i]!)).toEqual(sorted(expected));
          expect(maxRelativeError(distances[i]!, c.distances[i]!, 1e-300)).toBeLessThan(1e-11);
        });
      });
    });
  }
});

describe('KNeighborsRegressor', () => {
  it('runs its TSDoc example', async () => {
    const knn = await new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [2], [3]], [0, 10, 20, 30]);
    expect(await knn.predict([[0.4], [2.6]])).toEqual(Float64Array.from([5, 25]));
  });

  it('weights by inverse distance, and takes exact matches alone', async () => {
    const knn = await new KNeighborsRegressor({ nNeighbors: 2, weights: 'distance' }).fit([[0], [1], [1], [3]], [0, 10, 20, 30]);
    // 0.25 from 0 (weight 4), 0.75 from 1 (weight 4/3): (0·4 + 10·4/3) / (16/3)
    expect((await knn.predict([[0.25]]))[0]).toBeCloseTo(2.5, 14);
    // on the duplicated point: the mean of the two exact matches
    expect(await knn.predict([[1]])).toEqual(Float64Array.from([15]));
  });

  it('predicts rows of outputs for a 2-D target', async () => {
    const knn = await new KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [5]], [[0, 1], [2, 3], [10, 10]]);
    expect(await knn.predict([[0.2], [4]])).toEqual([
      [1, 2],
      [6, 6.5],
    ]);
  });

  it('scores with R² across outputs', async () => {
    const knn = await new KNeighborsRegressor({ nNeighbors: 1 }).fit([[0], [1], [5]], [[0, 1], [2, 3], [10, 10]]);
    expect(await knn.score([[0], [1], [5]], [[0, 1], [2, 3], [10, 10]])).toBe(1);
  });

  it('does not copy a DenseMatrix it is fitted on, nor change it', async () => {
    const X = DenseMatrix.fromRows([[0], [1], [2]]);
    const before = X.values.slice();
    const knn = await new KNeighborsRegressor({ nNeighbors: 1 }).fit(X, [1, 2, 3]);
    expect(await knn.predict([[2]])).toEqual(Float64Array.from([3]));
    expect(X.values).toEqual(before);
  });

  it('rejects string targets', async () => {
    await expect(new KNeighborsRegressor({ nNeighbors: 1 }).fit([[0], [1]], ['a', 'b'])).rejects.toThrow(ValidationError);
  });

  it('rejects more neighbours than training samples at fit', async () => {
    await expect(new KNeighborsRegressor().fit([[0], [1]], [1, 2])).rejects.toThrow(
      'The "nNeighbors" parameter of KNeighborsRegressor must be at most the number of training samples (2). Got 5 instead.',
    );
  });

  it('needs fit before predict', async () => {
    await expect(new KNeighborsRegressor().predict([[0]])).rejects.toThrow(NotFittedError);
  });

  it('rejects bad parameters', () => {
    expect(() => new KNeighborsRegressor({ nNeighbors: 0 })).toThrow(InvalidParameterError);
    expect(() => new KNeighborsRegressor({ p: 0 })).toThrow('The "p" parameter of KNeighborsRegressor must be a number in the range (0, inf). Got 0 instead.');
    expect(() => new KNeighborsRegressor({ weights: 'linear' as never })).toThrow(
      'The "weights" parameter of KNeighborsRegressor must be one of "uniform", "distance". Got "linear" instead.',
    );
  });
});

checkEstimator('KNeighborsRegressor', () => new KNeighborsRegressor(), { kind: 'regressor' });
checkEstimator('KNeighborsRegressor (distance weights)', () => new KNeighborsRegressor({ weights: 'distance', nNeighbors: 3 }), { kind: 'regressor' });
