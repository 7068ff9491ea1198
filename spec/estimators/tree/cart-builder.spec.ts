import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { RandR } from '../../../lib/estimators/tree/rand-r.js';
import { prepareTreeData, TreeGrower } from '../../../lib/estimators/tree/cart-builder.js';

function grow(rows: number[][], codes: number[], settings: Partial<{ maxDepth: number; minSamplesLeaf: number; minSamplesSplit: number; maxFeatures: number; seed: number; weights: number[] }> = {}) {
  const data = prepareTreeData(DenseMatrix.fromRows(rows), 'T');
  const grower = new TreeGrower(data, { kind: 'classification', codes: Int32Array.from(codes), nClasses: Math.max(...codes) + 1 });
  return grower.grow({
    criterion: 'gini',
    maxDepth: settings.maxDepth ?? Infinity,
    minSamplesSplit: settings.minSamplesSplit ?? 2,
    minSamplesLeaf: settings.minSamplesLeaf ?? 1,
    maxFeatures: settings.maxFeatures ?? rows[0]!.length,
    rng: new RandR(settings.seed ?? 0),
    sampleWeight: settings.weights === undefined ? undefined : Float64Array.from(settings.weights),
  });
}

describe('TreeGrower', () => {
  it('numbers nodes depth first, left child first', () => {
    // root 1.5 (right child pure), then 0.5 on the left
    const t = grow([[0], [1], [2], [3]], [0, 1, 2, 2]);
    expect(Array.from(t.childrenLeft)).toEqual([1, 2, -1, -1, -1]);
    expect(Array.from(t.childrenRight)).toEqual([4, 3, -1, -1, -1]);
    expect(Array.from(t.threshold)).toEqual([1.5, 0.5, -2, -2, -2]);
    expect(Array.from(t.nNodeSamples)).toEqual([4, 2, 1, 1, 2]);
    expect(t.maxDepth).toBe(2);
  });

  it('keeps the first of equally good splits in the order features are drawn', () => {
    // both features separate the classes perfectly: the random order decides
    const rows = [[0, 10], [1, 11], [2, 12], [3, 13]];
    const chosen = new Set<number>();
    for (let seed = 0; seed < 20; seed++) chosen.add(grow(rows, [0, 0, 1, 1], { seed }).feature[0]!);
    expect([...chosen].sort()).toEqual([0, 1]);
  });

  it('counts distinct samples for minSamplesLeaf and weights for the criterion', () => {
    // rows 0 and 1 drawn 3 times each; row 2 not drawn
    const t = grow([[0], [1], [2], [3], [4]], [0, 0, 1, 1, 1], { weights: [3, 3, 0, 1, 1] });
    expect(t.nNodeSamples[0]).toBe(4);
    expect(t.weightedNNodeSamples[0]).toBe(8);
    expect(Array.from(t.value.subarray(0, 2))).toEqual([6, 2]);
    expect(t.threshold[0]).toBe(2); // halfway between 1 and 3 (2 is not in the sample)
  });

  it('draws maxFeatures features but visits past constant ones', () => {
    // feature 0 is constant; with maxFeatures 1 the split must still be found on feature 1
    for (let seed = 0; seed < 10; seed++) {
      const t = grow([[5, 0], [5, 1], [5, 2], [5, 3]], [0, 0, 1, 1], { maxFeatures: 1, seed, maxDepth: 1 });
      expect(t.feature[0]).toBe(1);
    }
  });

  it('stops at minSamplesSplit', () => {
    const t = grow([[0], [1], [2], [3]], [0, 1, 0, 1], { minSamplesSplit: 5 });
    expect(t.nodeCount).toBe(1);
  });
});
