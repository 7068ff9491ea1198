import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random-state.js';
import { ClusterData } from '../../../lib/estimators/cluster/cluster-kernels.js';
import { argPartition } from '../../../lib/estimators/cluster/arg-partition.js';
import { kMeansPlusPlus } from '../../../lib/estimators/cluster/k-means-init.js';
import { caseTitle, expectKMeansCase, loadKMeansFixture } from './fixtures.js';

const fixture = loadKMeansFixture('kmeans.json');

describe("KMeans equals scikit-learn's for the same seed (spec/fixtures/cluster/kmeans.json)", () => {
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', async (_, c) => expectKMeansCase(fixture, c));
});

describe("greedy k-means++ picks scikit-learn's samples (kmeans_plusplus)", () => {
  it.each(fixture.plusplus!.map((c) => [`${c.nClusters} centers of ${c.data}, seed ${c.seed}`, c] as const))('%s', (_, c) => {
    const rows = fixture.datasets[c.data]!.XTrain;
    const p = rows[0]!.length;
    const X = Float64Array.from(rows.flat());
    const data = new ClusterData(X, rows.length, p, new Float64Array(rows.length).fill(1));
    try {
      const { indices } = kMeansPlusPlus(data, X, c.nClusters, new RandomState(c.seed));
      expect(Array.from(indices)).toEqual(c.indices);
    } finally {
      data.dispose();
    }
  });
});

describe("argPartition arranges indices as numpy's argpartition", () => {
  const cases = (fixture as unknown as { argpartition: { values: number[]; kth: number; order: number[] }[] }).argpartition;
  it(`over ${cases.length} arrays (random, tied, sorted, reversed; kth near both ends and the middle)`, () => {
    for (const c of cases) expect(Array.from(argPartition(Float64Array.from(c.values), c.kth)), `n ${c.values.length}, kth ${c.kth}`).toEqual(c.order);
  });
});
