import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { prepareSplitterData, TreeGrower } from '../../../lib/estimators/tree/cart-builder.js';
import { ExtraTreesClassifier } from '../../../lib/estimators/tree/extra-trees-classifier.js';
import { RandR } from '../../../lib/estimators/tree/rand-r.js';
import { treeKernels } from '../../../lib/estimators/tree/random-split-kernels.js';
import type { TreeTarget } from '../../../lib/estimators/tree/tree-data.js';
import { applyTree, TREE_LEAF } from '../../../lib/estimators/tree/tree-structure.js';

const rng = new Rng(9);
const rows = Array.from({ length: 120 }, () => [rng.normal(), Math.round(rng.normal() * 2), rng.random() * 100]);
const X = DenseMatrix.fromRows(rows);
const classes: TreeTarget = { kind: 'classification', codes: Int32Array.from(rows, (r) => (r[0]! > 0 ? 1 : 0) + (r[1]! > 1 ? 1 : 0)), nClasses: 3 };
const values: TreeTarget = { kind: 'regression', y: Float64Array.from(rows, (r) => 2 * r[0]! + r[1]! + 0.01 * r[2]!) };

function grow(target: TreeTarget, seed: number, weights?: Float64Array) {
  const grower = new TreeGrower(prepareSplitterData('random', target.kind, X, 'T'), target, 'random');
  return grower.grow({
    criterion: target.kind === 'classification' ? 'gini' : 'squared_error',
    maxDepth: Infinity,
    minSamplesSplit: 2,
    minSamplesLeaf: 1,
    maxFeatures: 2,
    rng: new RandR(seed),
    sampleWeight: weights,
  });
}

describe.each([
  ['classification', classes],
  ['regression', values],
] as const)('the random splitter (%s)', (_, target) => {
  it('draws every threshold strictly inside the range of its node', () => {
    const tree = grow(target, 3);
    const x32 = Float32Array.from(X.values);
    // the samples reaching each node, by walking them down
    const members = new Map<number, number[]>();
    for (let i = 0; i < X.rows; i++) {
      let node = 0;
      for (;;) {
        members.set(node, [...(members.get(node) ?? []), i]);
        if (tree.childrenLeft[node] === TREE_LEAF) break;
        node = x32[i * 3 + tree.feature[node]!]! <= tree.threshold[node]! ? tree.childrenLeft[node]! : tree.childrenRight[node]!;
      }
    }
    for (let node = 0; node < tree.nodeCount; node++) {
      if (tree.childrenLeft[node] === TREE_LEAF) continue;
      const f = tree.feature[node]!;
      const v = members.get(node)!.map((i) => x32[i * 3 + f]!);
      expect(tree.threshold[node]!).toBeGreaterThanOrEqual(Math.min(...v));
      expect(tree.threshold[node]!).toBeLessThan(Math.max(...v));
      expect(tree.nNodeSamples[node]).toBe(v.length);
    }
  });

  it('grows pure leaves on distinct rows, and the same tree for the same seed', () => {
    const tree = grow(target, 5);
    const leaves = applyTree(tree, Float32Array.from(X.values), X.rows, 3);
    if (target.kind === 'classification') {
      leaves.forEach((leaf, i) => expect(tree.value[leaf * 3 + target.codes[i]!]).toBe(tree.weightedNNodeSamples[leaf]));
    } else {
      leaves.forEach((leaf, i) => expect(tree.value[leaf]).toBeCloseTo(target.y[i]!, 12));
    }
    expect(grow(target, 5)).toEqual(tree);
    expect(grow(target, 6)).not.toEqual(tree);
  });

  it('leaves out samples of weight 0 and weighs the others (bootstrap counts)', () => {
    const weights = Float64Array.from({ length: X.rows }, (_, i) => i % 4);
    const tree = grow(target, 7, weights);
    expect(tree.nNodeSamples[0]).toBe(X.rows - X.rows / 4);
    expect(tree.weightedNNodeSamples[0]).toBe(weights.reduce((a, b) => a + b, 0));
  });
});

describe("the random classification splitter's arrays in WebAssembly memory", () => {
  const growWith = (grower: TreeGrower, seed: number) =>
    grower.grow({ criterion: 'gini', maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 2, rng: new RandR(seed) });

  it('grows the same tree after the memory grew between two trees (views of the new buffer)', () => {
    const fresh = growWith(new TreeGrower(prepareSplitterData('random', 'classification', X, 'T'), classes, 'random'), 7);
    const grower = new TreeGrower(prepareSplitterData('random', 'classification', X, 'T'), classes, 'random');
    growWith(grower, 6);
    const before = treeKernels.exports.memory.buffer;
    const big = treeKernels.alloc(4 * 65536 * 8);
    expect(treeKernels.exports.memory.buffer).not.toBe(before);
    try {
      const again = growWith(grower, 7);
      expect(Array.from(again.feature.subarray(0, again.nodeCount))).toEqual(Array.from(fresh.feature.subarray(0, fresh.nodeCount)));
      expect(Array.from(again.threshold.subarray(0, again.nodeCount))).toEqual(Array.from(fresh.threshold.subarray(0, fresh.nodeCount)));
      expect(Array.from(again.value.subarray(0, 3 * again.nodeCount))).toEqual(Array.from(fresh.value.subarray(0, 3 * fresh.nodeCount)));
    } finally {
      treeKernels.release(big);
      grower.dispose();
    }
  });

  it('gives the memory back when a fit ends, and when it fails', async () => {
    const inUse = treeKernels.bytesInUse;
    await new ExtraTreesClassifier({ nEstimators: 3, randomState: 0 }).fit(X, Array.from(classes.codes));
    expect(treeKernels.bytesInUse).toBe(inUse);
    const controller = new AbortController();
    controller.abort();
    await expect(new ExtraTreesClassifier({ nEstimators: 3, randomState: 0 }).fit(X, Array.from(classes.codes), { signal: controller.signal })).rejects.toThrow();
    expect(treeKernels.bytesInUse).toBe(inUse);
  });
});
