import { describe, expect, it } from 'vitest';
import { AbortError, InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { KMeans } from '../../../lib/estimators/cluster/k-means.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { loadKMeansFixture } from './fixtures.js';

checkEstimator('KMeans', () => new KMeans({ nClusters: 3, randomState: 0 }), { kind: 'transformer', deterministicParams: { randomState: 7 } });
checkEstimator('KMeans (elkan, random init)', () => new KMeans({ nClusters: 3, init: 'random', algorithm: 'elkan', randomState: 0 }), {
  kind: 'transformer',
  deterministicParams: { randomState: 7 },
});

const blobs = loadKMeansFixture('kmeans.json').datasets.blobs!;

describe('KMeans', () => {
  it("runs its TSDoc example (scikit-learn's docstring example)", async () => {
    const X = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]];
    const kmeans = await new KMeans({ nClusters: 2, randomState: 0 }).fit(X);
    expect(Array.from(kmeans.labels)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(Array.from(await kmeans.predict([[0, 0], [12, 3]]))).toEqual([1, 0]);
    expect(kmeans.clusterCenters).toEqual([[10, 2], [1, 2]]);
  });

  it("has scikit-learn's defaults, nInit 'auto'", () => {
    expect(new KMeans().getParams()).toEqual({
      nClusters: 8,
      init: 'k-means++',
      nInit: 'auto',
      maxIter: 300,
      tol: 1e-4,
      algorithm: 'lloyd',
      randomState: null,
    });
  });

  it("runs once with 'auto' and k-means++, ten times with 'auto' and random centers", async () => {
    const X = blobs.XTrain;
    const auto = await new KMeans({ nClusters: 5, randomState: 3 }).fit(X);
    const one = await new KMeans({ nClusters: 5, nInit: 1, randomState: 3 }).fit(X);
    expect(auto.inertia).toBe(one.inertia);
    const autoRandom = await new KMeans({ nClusters: 5, init: 'random', randomState: 3 }).fit(X);
    const tenRandom = await new KMeans({ nClusters: 5, init: 'random', nInit: 10, randomState: 3 }).fit(X);
    expect(autoRandom.inertia).toBe(tenRandom.inertia);
  });

  it('keeps the run of least inertia', async () => {
    const X = blobs.XTrain;
    const best = await new KMeans({ nClusters: 7, init: 'random', nInit: 6, randomState: 1 }).fit(X);
    const rs = new RandomState(1);
    const single: number[] = [];
    for (let r = 0; r < 6; r++) single.push((await new KMeans({ nClusters: 7, init: 'random', nInit: 1, randomState: rs }).fit(X)).inertia);
    expect(best.inertia).toBe(Math.min(...single));
  });

  it('computes the same clustering with elkan as with lloyd', async () => {
    const lloyd = await new KMeans({ nClusters: 6, nInit: 3, randomState: 2 }).fit(blobs.XTrain);
    const elkan = await new KMeans({ nClusters: 6, nInit: 3, algorithm: 'elkan', randomState: 2 }).fit(blobs.XTrain);
    expect(Array.from(elkan.labels)).toEqual(Array.from(lloyd.labels));
    expect(elkan.nIter).toBe(lloyd.nIter);
    expect(Math.abs(elkan.inertia - lloyd.inertia)).toBeLessThan(1e-9 * lloyd.inertia);
  });

  it('transforms to distances, scores the opposite inertia, fitPredict and fitTransform fit first', async () => {
    const X = blobs.XTrain;
    const model = new KMeans({ nClusters: 4, randomState: 0 });
    const labels = await model.fitPredict(X);
    expect(Array.from(labels)).toEqual(Array.from(model.labels));
    const distances = (await model.transform(X)).toArray();
    expect(distances[0]!.length).toBe(4);
    let inertia = 0;
    distances.forEach((row, i) => {
      expect(row.indexOf(Math.min(...row))).toBe(labels[i]);
      inertia += row[labels[i]!]! ** 2;
    });
    expect(Math.abs((await model.score(X)) + inertia)).toBeLessThan(1e-9 * inertia);
    expect(Math.abs((await model.score(X)) + model.inertia)).toBeLessThan(1e-9 * inertia);
    const fresh = new KMeans({ nClusters: 4, randomState: 0 });
    expect((await fresh.fitTransform(X)).toArray()).toEqual(distances);
  });

  it('weighs samples: integer weights are repeated samples', async () => {
    const X = [[0], [1], [2], [10], [11], [30]];
    const weighted = await new KMeans({ nClusters: 2, init: [[0], [30]] }).fit(X, undefined, { sampleWeight: [1, 1, 5, 1, 1, 1] });
    const repeated = await new KMeans({ nClusters: 2, init: [[0], [30]] }).fit([[0], [1], [2], [2], [2], [2], [2], [10], [11], [30]]);
    expect(weighted.clusterCenters).toEqual(repeated.clusterCenters);
    expect(weighted.inertia).toBeCloseTo(repeated.inertia, 10);
  });

  it('warns when given centers are asked to run several times, and runs once', async () => {
    const init = [blobs.XTrain[0]!, blobs.XTrain[1]!];
    const { result, warnings } = await captureWarnings(() => new KMeans({ nClusters: 2, init, nInit: 3 }).fit(blobs.XTrain));
    expect(warnings.map((w) => w.message)).toEqual(['Explicit initial center position passed: performing only one init in KMeans instead of n_init=3.']);
    expect(result.nIter).toBeGreaterThan(0);
  });

  it('stops between runs when its signal aborts', async () => {
    await expect(new KMeans({ nClusters: 3 }).fit(blobs.XTrain, undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await expect(new KMeans({ nClusters: 3, nInit: 4 }).fit(blobs.XTrain, undefined, { signal: AbortSignal.abort() })).rejects.toThrow(
      'KMeans.fit was aborted after 0 of 4 runs.',
    );
  });

  it('raises NotFittedError from its attributes before fit', () => {
    const model = new KMeans();
    expect(() => model.clusterCenters).toThrow(NotFittedError);
    expect(() => model.labels).toThrow(NotFittedError);
    expect(() => model.inertia).toThrow(NotFittedError);
    expect(() => model.nIter).toThrow(NotFittedError);
  });

  describe('rejects', () => {
    it('bad params, naming them', () => {
      expect(() => new KMeans({ nClusters: 0 })).toThrow(InvalidParameterError);
      expect(() => new KMeans({ nClusters: 0 })).toThrow('The "nClusters" parameter of KMeans must be an int in the range [1, inf). Got 0 instead.');
      expect(() => new KMeans({ nInit: 0 })).toThrow('The "nInit" parameter of KMeans must be "auto" or an int in the range [1, inf). Got 0 instead.');
      expect(() => new KMeans({ algorithm: 'full' as never })).toThrow('The "algorithm" parameter of KMeans must be one of "lloyd", "elkan". Got "full" instead.');
      expect(() => new KMeans({ init: 'kmeans' as never })).toThrow(
        'The "init" parameter of KMeans must be one of "k-means++", "random" or an array of initial centers (rows of finite numbers, all of one length). Got "kmeans" instead.',
      );
      expect(() => new KMeans({ tol: -1 })).toThrow('The "tol" parameter of KMeans must be a number in the range [0, inf). Got -1 instead.');
    });

    it('fewer samples than clusters', async () => {
      const fit = new KMeans({ nClusters: 5 }).fit([[0], [1], [2]]);
      await expect(fit).rejects.toBeInstanceOf(ValidationError);
      await expect(new KMeans({ nClusters: 5 }).fit([[0], [1], [2]])).rejects.toThrow(
        'The "X" argument of KMeans.fit must be a matrix with at least nClusters (5) rows. Got 3 rows instead.',
      );
    });

    it('given centers of the wrong shape', async () => {
      await expect(new KMeans({ nClusters: 3, init: [[0, 0], [1, 1]] }).fit(blobs.XTrain)).rejects.toThrow(
        'The "init" parameter of KMeans must be an array of nClusters (3) initial centers. Got [[0, 0], [1, 1]] instead.',
      );
      await expect(new KMeans({ nClusters: 2, init: [[0, 0], [1, 1]] }).fit(blobs.XTrain)).rejects.toThrow(
        'The "init" parameter of KMeans.fit must be initial centers with as many columns as X (3). Got [[0, 0], [1, 1]] instead.',
      );
    });

    it('bad sample weights', async () => {
      await expect(new KMeans({ nClusters: 2 }).fit([[0], [1], [2]], undefined, { sampleWeight: [1, -1, 1] })).rejects.toThrow(
        'The "sampleWeight" option of KMeans.fit must be one finite, non-negative weight per sample (3). Got [1, -1, 1] instead.',
      );
    });
  });
});
