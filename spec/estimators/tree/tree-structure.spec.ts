import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import type { TreeStructure } from '../../../lib/estimators/tree/tree-structure.js';
import {
  addTreeProba,
  addTreeValues,
  applyTree,
  argmax,
  copyTree,
  countLeaves,
  toFloat32,
  treeFeatureImportances,
} from '../../../lib/estimators/tree/tree-structure.js';

// root: x1 <= 0.5 ? (x0 <= 2 ? leaf1 : leaf2) : leaf3
const tree: TreeStructure = {
  nodeCount: 5,
  childrenLeft: Int32Array.from([1, 2, -1, -1, -1]),
  childrenRight: Int32Array.from([4, 3, -1, -1, -1]),
  feature: Int32Array.from([1, 0, -2, -2, -2]),
  threshold: Float64Array.from([0.5, 2, -2, -2, -2]),
  impurity: Float64Array.from([0.5, 0.375, 0, 0, 0]),
  nNodeSamples: Int32Array.from([8, 4, 3, 1, 4]),
  weightedNNodeSamples: Float64Array.from([8, 4, 3, 1, 4]),
  value: Float64Array.from([4, 4, 3, 1, 3, 0, 0, 1, 1, 3]),
  nValues: 2,
  maxDepth: 2,
};

describe('tree structure helpers', () => {
  const x32 = toFloat32(DenseMatrix.fromRows([[1, 0], [3, 0], [0, 1]]), 'T');

  it('applies the tree: x <= threshold goes left', () => {
    expect(Array.from(applyTree(tree, x32, 3, 2))).toEqual([2, 3, 4]);
  });

  it('adds normalized leaf class weights', () => {
    const out = new Float64Array(6);
    addTreeProba(tree, x32, 3, 2, out);
    addTreeProba(tree, x32, 3, 2, out);
    expect(Array.from(out)).toEqual([2, 0, 0, 2, 0.5, 1.5]);
  });

  it('adds leaf values', () => {
    const reg: TreeStructure = { ...tree, nValues: 1, value: Float64Array.from([0, 0, 1.5, -2, 7]) };
    const out = new Float64Array(3).fill(1);
    addTreeValues(reg, x32, 3, 2, out);
    expect(Array.from(out)).toEqual([2.5, -1, 8]);
  });

  it('computes normalized impurity-decrease importances', () => {
    // root: 8 * 0.5 - 4 * 0.375 - 4 * 0 = 2.5 for x1; node 1: 4 * 0.375 = 1.5 for x0
    const imp = treeFeatureImportances(tree, 3);
    expect(Array.from(imp)).toEqual([1.5 / 4, 2.5 / 4, 0]);
    expect(countLeaves(tree)).toBe(3);
  });

  it('copies deeply and finds the first largest value', () => {
    const copy = copyTree(tree);
    copy.threshold[0] = 9;
    expect(tree.threshold[0]).toBe(0.5);
    expect(argmax([0.2, 0.4, 0.4])).toBe(1);
  });
});
