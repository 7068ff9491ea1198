import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { Rng } from '../../../lib/core/rng.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { KNeighborsClassifier } from '../../../lib/estimators/neighbors/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxRelativeError, neighborsFixtures, referenceOrder, sorted, tiesAtBoundary } from './fixtures.js';

const fixtures = neighborsFixtures();

describe('KNeighborsClassifier parity with scikit-learn 1.2 (algorithm "brute", "auto" and "kd_tree")', () => {
  for (const c of fixtures.classifier) {
    describe(caseName(c), () => {
      const data = fixtures.datasets[c.dataset]!;
      const fitted = new KNeighborsClassifier(c.params).fit(data.Xtrain, data.ytrain);
      // rows where the k-th and (k+1)-th nearest points tie: scikit-learn's choice
      // between them is an artefact of its heap (see generate.py); checked below instead
      const tie = new Set(c.boundaryTie);

      it('predicts the same labels on every row without a tie at the k-th neighbour', async () => {
        const model = await fitted;
        expect(model.classes).toEqual(c.classes);
        const pred = await model.predict(data.Xtest);
        expect(pred.filter((_, i) => !tie.has(i))).toEqual(c.predictions.filter((_, i) => !tie.has(i)));
      });

      it('predicts the same probabilities to 1e-12', async () => {
        const proba = await (await fitted).predictProba(data.Xtest);
        const rows = proba.map((_, i) => i).filter((i) => !tie.has(i));
        expect(maxRelativeError(rows.flatMap((i) => proba[i]!), rows.flatMap((i) => c.proba[i]!))).toBeLessThan(1e-12);
      });

      it('finds the same neighbours, at the same distances', async () => {
        const { distances, indices } = await (await fitted).kneighbors(data.Xtest.slice(0, c.indices.length));
        c.indices.forEach((expected, i) => {
          if (tie.has(i)) return;
          expect(sorted(indices[i]!)).toEqual(sorted(expected));
          // scikit-learn's euclidean brute force expands |x−y|² (rounding ~1e-12 on raw wine)
          expect(maxRelativeError(distances[i]!, c.distances[i]!, 1e-300)).toBeLessThan(1e-11);
        });
      });

      it('orders neighbours by distance, then by training index (ties at the k-th neighbour included)', async () => {
        const { indices } = await (await fitted).kneighbors(data.Xtest.slice(0, c.indices.length));
        indices.forEach((row, i) => {
          expect(row).toEqual(referenceOrder(data.Xtrain, data.Xtest[i]!, c.params.p).slice(0, c.params.nNeighbors));
        });
      });
    });
  }

  for (const t of fixtures.trainQueries) {
    it(`kneighbors() without X leaves each training point out (${t.dataset}, k=${t.nNeighbors})`, async () => {
      const data = fixtures.datasets[t.dataset]!;
      const model = await new KNeighborsClassifier({ nNeighbors: t.nNeighbors }).fit(data.Xtrain, data.ytrain);
      const { distances, indices } = await model.kneighbors();
      expect(indices.length).toBe(data.Xtrain.length);
      indices.forEach((row, i) => {
        expect(row).not.toContain(i);
        if (tiesAtBoundary(data.Xtrain, data.Xtrain[i]!, t.nNeighbors, 2, i)) return;
        expect(sorted(row)).toEqual(sorted(t.indices[i]!));
        expect(maxRelativeError(distances[i]!, t.distances[i]!, 1e-300)).toBeLessThan(1e-12);
      });
    });
  }
});

describe('KNeighborsClassifier', () => {
  it('runs its TSDoc example', async () => {
    const X = [[0], [1], [2], [10], [11], [12]];
    const knn = await new KNeighborsClassifier({ nNeighbors: 3 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(await knn.predict([[1.5], [9]])).toEqual(['a', 'b']);
    expect(await knn.predictProba([[6.4]])).toEqual([[1 / 3, 2 / 3]]);
  });

  it('gives an equal vote to the class that sorts first', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 4 }).fit([[-2], [-1], [1], [2]], ['b', 'b', 'a', 'a']);
    expect(await knn.predict([[0]])).toEqual(['a']);
    expect(await knn.predictProba([[0]])).toEqual([[0.5, 0.5]]);
  });

  it('weights by inverse distance with weights: "distance"', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit([[0], [1], [4]], [0, 1, 1]);
    // weights 1/0.5, 1/0.5, 1/3.5 -> class 0: 2, class 1: 2 + 2/7
    const [proba] = await knn.predictProba([[0.5]]);
    expect(proba![0]).toBeCloseTo(2 / (4 + 2 / 7), 15);
    expect(await knn.predict([[0.5]])).toEqual([1]);
  });

  it('gives all the weight to training points at distance 0', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance' }).fit([[0], [0], [0.1]], [0, 1, 1]);
    expect(await knn.predictProba([[0]])).toEqual([[0.5, 0.5]]);
    expect(await knn.predict([[0]])).toEqual([0]);
  });

  it('measures with the Minkowski distance of order p', async () => {
    const X = [[0, 0], [3, 0], [2, 2]];
    const at = async (p: number) => (await (await new KNeighborsClassifier({ nNeighbors: 3, p }).fit(X, [0, 1, 2])).kneighbors([[0, 0]])).distances[0];
    expect(await at(1)).toEqual([0, 3, 4]);
    expect(await at(2)).toEqual([0, Math.sqrt(8), 3]);
    expect(await at(Infinity)).toEqual([0, 2, 3]);
    const cubic = (await at(3))!;
    expect(cubic[1]).toBeCloseTo(16 ** (1 / 3), 14);
  });

  it('keeps the p it was fitted with until the next fit (nNeighbors and weights apply at once)', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 1, p: 1 }).fit([[0, 0], [3, 0], [2, 2]], [0, 1, 2]);
    knn.setParams({ p: 2, nNeighbors: 2 });
    expect((await knn.kneighbors([[0, 0]])).distances).toEqual([[0, 3]]);
    await knn.fit([[0, 0], [3, 0], [2, 2]], [0, 1, 2]);
    expect((await knn.kneighbors([[0, 0]])).distances).toEqual([[0, Math.sqrt(8)]]);
  });

  it('warns, as scikit-learn does, when p is below 1', async () => {
    const { warnings } = await captureWarnings(() => new KNeighborsClassifier({ nNeighbors: 1, p: 0.5 }).fit([[0], [1]], [0, 1]));
    expect(warnings).toEqual([
      {
        category: 'UserWarning',
        message: "Mind that for 0 < p < 1, Minkowski metrics are not distance metrics. Continuing the execution with `algorithm='brute'`.",
      },
    ]);
  });

  it('returns kneighbors as frozen rows, nNeighbors defaulting to the parameter', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 2, p: 1 }).fit([[0], [1], [3]], [0, 1, 1]);
    const result = await knn.kneighbors([[0.9]]);
    expect(result).toEqual({ distances: [[0.09999999999999998, 0.9]], indices: [[1, 0]] });
    expect(Object.isFrozen(result.indices[0])).toBe(true);
    expect((await knn.kneighbors([[0.9]], 3)).indices).toEqual([[1, 0, 2]]);
  });

  it('reports nSamplesFit', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 1 }).fit([[0], [1], [3]], [0, 1, 1]);
    expect(knn.nSamplesFit).toBe(3);
  });

  it('rejects more neighbours than training samples at fit', async () => {
    const fit = new KNeighborsClassifier({ nNeighbors: 5 }).fit([[0], [1], [2]], [0, 1, 1]);
    await expect(fit).rejects.toThrow(ValidationError);
    await expect(fit).rejects.toThrow(
      'The "nNeighbors" parameter of KNeighborsClassifier must be at most the number of training samples (3). Got 5 instead.',
    );
  });

  it('rejects a kneighbors nNeighbors larger than the training set', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 1 }).fit([[0], [1], [2]], [0, 1, 1]);
    await expect(knn.kneighbors([[0]], 4)).rejects.toThrow(
      'The "nNeighbors" argument of KNeighborsClassifier.kneighbors must be at most the number of training samples (3). Got 4 instead.',
    );
    await expect(knn.kneighbors(null, 3)).rejects.toThrow(
      'The "nNeighbors" argument of KNeighborsClassifier.kneighbors must be at most the number of training samples minus one (2) when X is null, since each sample\'s own row is left out. Got 3 instead.',
    );
    await expect(knn.kneighbors([[0]], 0)).rejects.toThrow(
      'The "nNeighbors" argument of KNeighborsClassifier.kneighbors must be an int in the range [1, inf). Got 0 instead.',
    );
  });

  it('rejects a continuous target', async () => {
    await expect(new KNeighborsClassifier({ nNeighbors: 1 }).fit([[0], [1]], [0.5, 1.5])).rejects.toThrow(
      'The "y" argument of KNeighborsClassifier.fit must be class labels (integers or strings). Got continuous values instead. Use KNeighborsRegressor for a continuous target.',
    );
  });

  it('checks the feature count of kneighbors queries', async () => {
    const knn = await new KNeighborsClassifier({ nNeighbors: 1 }).fit([[0, 0], [1, 1]], [0, 1]);
    await expect(knn.kneighbors([[0]])).rejects.toThrow(
      'X has 1 features, but KNeighborsClassifier is expecting 2 features as input (in KNeighborsClassifier.kneighbors).',
    );
  });

  it('needs fit before kneighbors', async () => {
    await expect(new KNeighborsClassifier().kneighbors([[0]])).rejects.toThrow(NotFittedError);
  });

  it('has scikit-learn\'s algorithm and leafSize parameters, defaulting to "auto" and 30', () => {
    expect(new KNeighborsClassifier().getParams()).toEqual({ nNeighbors: 5, weights: 'uniform', p: 2, algorithm: 'auto', leafSize: 30 });
  });

  it('finds the same neighbours and predictions whatever the algorithm and leaf size (ties included)', async () => {
    const rng = new Rng(6);
    const X = Array.from({ length: 200 }, () => [rng.integer(0, 4), rng.integer(0, 4), rng.integer(0, 4)]);
    const y = X.map((row) => (row[0]! + row[1]! > 3 ? 'a' : 'b'));
    const queries = Array.from({ length: 30 }, () => [rng.integer(0, 4), rng.integer(0, 4), rng.integer(0, 4)]);
    for (const p of [1, 2, Infinity]) {
      const results = [];
      for (const [algorithm, leafSize] of [['brute', 30], ['kd_tree', 30], ['kd_tree', 2], ['auto', 1]] as const) {
        const knn = await new KNeighborsClassifier({ nNeighbors: 7, p, algorithm, leafSize }).fit(X, y);
        results.push({ neighbors: await knn.kneighbors(queries), self: await knn.kneighbors(), proba: await knn.predictProba(queries) });
      }
      for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    }
  });

  it('rejects a k-d tree for p below 1 at fit, as scikit-learn does', async () => {
    const knn = new KNeighborsClassifier({ nNeighbors: 1, p: 0.5, algorithm: 'kd_tree' });
    await expect(knn.fit([[0], [1]], [0, 1])).rejects.toThrow(InvalidParameterError);
    await expect(knn.fit([[0], [1]], [0, 1])).rejects.toThrow(
      'The "algorithm" parameter of KNeighborsClassifier must be "auto" or "brute" when p is below 1 (a k-d tree needs a metric). Got "kd_tree" instead. Set p >= 1 or algorithm to "brute".',
    );
  });

  describe('rejects bad parameters', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ nNeighbors: 0 }, 'The "nNeighbors" parameter of KNeighborsClassifier must be an int in the range [1, inf). Got 0 instead.'],
      [{ nNeighbors: 2.5 }, 'The "nNeighbors" parameter of KNeighborsClassifier must be an int in the range [1, inf). Got 2.5 instead.'],
      [{ p: 0 }, 'The "p" parameter of KNeighborsClassifier must be a number in the range (0, inf). Got 0 instead.'],
      [{ p: -1 }, 'The "p" parameter of KNeighborsClassifier must be a number in the range (0, inf). Got -1 instead.'],
      [{ weights: 'gaussian' }, 'The "weights" parameter of KNeighborsClassifier must be one of "uniform", "distance". Got "gaussian" instead.'],
      [{ algorithm: 'ball_tree' }, 'The "algorithm" parameter of KNeighborsClassifier must be one of "auto", "brute", "kd_tree". Got "ball_tree" instead.'],
      [{ leafSize: 0 }, 'The "leafSize" parameter of KNeighborsClassifier must be an int in the range [1, inf). Got 0 instead.'],
    ];
    for (const [params, message] of cases) {
      it(`${JSON.stringify(params)}`, () => {
        expect(() => new KNeighborsClassifier(params as never)).toThrow(InvalidParameterError);
        expect(() => new KNeighborsClassifier(params as never)).toThrow(message);
        expect(() => new KNeighborsClassifier().setParams(params as never)).toThrow(message);
      });
    }
  });
});

checkEstimator('KNeighborsClassifier', () => new KNeighborsClassifier(), { kind: 'classifier' });
checkEstimator('KNeighborsClassifier (distance weights, p=1)', () => new KNeighborsClassifier({ weights: 'distance', p: 1, nNeighbors: 3 }), {
  kind: 'classifier',
});
