import { describe, expect, it } from 'vitest';
import { ClusterData, clusterKernels } from '../../../lib/estimators/cluster/cluster-kernels.js';
import { inertiaOf, rowSquaredNorms } from '../../../lib/estimators/cluster/k-means-common.js';
import { lloydStep, problem, SHAPES, squaredDistancesToRow } from './reference-kernels.js';

describe('ClusterData.lloydStep', () => {
  it.each(SHAPES)('n %i, p %i, k %i: the reference labels, and its sums bit for bit', (n, p, k) => {
    const { X, centers, weights } = problem(n, p, k, n + p + k);
    const norms = rowSquaredNorms(centers, k, p);
    const expected = { labels: new Int32Array(n), sums: new Float64Array(k * p), weights: new Float64Array(k) };
    lloydStep(X, n, p, weights, centers, norms, expected, true);
    const data = new ClusterData(X, n, p, weights);
    try {
      const actual = { labels: new Int32Array(n), sums: new Float64Array(k * p), weights: new Float64Array(k) };
      data.lloydStep(centers, norms, actual, true);
      expect(Array.from(actual.labels)).toEqual(Array.from(expected.labels));
      expect(Array.from(actual.sums)).toEqual(Array.from(expected.sums));
      expect(Array.from(actual.weights)).toEqual(Array.from(expected.weights));
      expect(data.inertia(centers, k, actual.labels)).toBe(inertiaOf(X, n, p, weights, centers, actual.labels));
    } finally {
      data.dispose();
    }
  });
});

describe('ClusterData.candidateDistances', () => {
  it.each(SHAPES)('n %i, p %i: the reference distances (to rounding), lowered to the closest ones', (n, p) => {
    const { X, weights } = problem(n, p, 1, 3 * n + p);
    const norms = rowSquaredNorms(X, n, p);
    const data = new ClusterData(X, n, p, weights);
    try {
      const rows = Array.from({ length: Math.min(n, 5) }, (_, t) => (t * 7) % n);
      const closest = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.5 : Infinity));
      const got = data.candidateDistances(rows, closest);
      rows.forEach((row, t) => {
        const reference = squaredDistancesToRow(X, n, p, row, norms);
        reference.forEach((d, i) => {
          const expected = Math.min(d, closest[i]!);
          expect(Math.abs(got[t]![i]! - expected)).toBeLessThanOrEqual(1e-12 * (norms[row]! + norms[i]!));
        });
      });
    } finally {
      data.dispose();
    }
  });
});

describe('kernel memory', () => {
  it('is all released after fits, predictions and scores', async () => {
    const { KMeans } = await import('../../../lib/estimators/cluster/k-means.js');
    const before = clusterKernels.bytesInUse;
    const { X } = problem(50, 3, 1, 1);
    const rows = Array.from({ length: 50 }, (_, i) => Array.from(X.subarray(i * 3, i * 3 + 3)));
    for (const algorithm of ['lloyd', 'elkan'] as const) {
      const model = await new KMeans({ nClusters: 3, algorithm, randomState: 0 }).fit(rows);
      await model.predict(rows);
      await model.score(rows);
    }
    expect(clusterKernels.bytesInUse).toBe(before);
  });
});
