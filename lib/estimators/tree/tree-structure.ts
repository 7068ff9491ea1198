/**
 * A fitted decision tree in scikit-learn's array layout (`sklearn.tree._tree.Tree`):
 * node 0 is the root, nodes are numbered in depth-first pre-order (left child
 * first), leaves have `childrenLeft[node] === -1`. Shared by the trees and the
 * forests: applying a tree to X, leaf values, impurity-based importances.
 */
import type { DenseMatrix } from '../../core/data.js';
import { invalidArgument } from '../../core/validate.js';

/** `childrenLeft`/`childrenRight` of a leaf (scikit-learn's `TREE_LEAF`). */
export const TREE_LEAF = -1;
/** `feature` and `threshold` of a leaf (scikit-learn's `TREE_UNDEFINED`). */
export const TREE_UNDEFINED = -2;

/** The arrays of a fitted tree, one entry per node. */
export interface TreeStructure {
  /** The number of nodes. */
  readonly nodeCount: number;
  /** The left child of each node, or -1 for a leaf. */
  readonly childrenLeft: Int32Array;
  /** The right child of each node, or -1 for a leaf. */
  readonly childrenRight: Int32Array;
  /** The feature each split tests, or -2 for a leaf. */
  readonly feature: Int32Array;
  /** Samples with `x[feature] <= threshold` go left; -2 for a leaf. */
  readonly threshold: Float64Array;
  /** The impurity (gini, entropy or variance) of each node. */
  readonly impurity: Float64Array;
  /** The number of distinct training samples that reached each node. */
  readonly nNodeSamples: Int32Array;
  /** Their total weight (bootstrap counts in forests). */
  readonly weightedNNodeSamples: Float64Array;
  /**
   * `nodeCount × nValues` values, row after row: the weighted class counts of a
   * classification tree, the mean target of a regression tree.
   */
  readonly value: Float64Array;
  /** Values per node: the number of classes, or 1 for regression. */
  readonly nValues: number;
  /** The depth of the deepest leaf (0 for a single leaf). */
  readonly maxDepth: number;
}

/**
 * X as float32 values, row-major: scikit-learn's trees compare `float32(x)` with
 * float64 thresholds, and so do ours.
 *
 * @throws {ValidationError} when a value overflows float32.
 */
export function toFloat32(X: DenseMatrix, owner: string): Float32Array {
  const out = Float32Array.from(X.values);
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k] as number)) {
      throw invalidArgument(owner, 'X', 'a matrix of values that fit in float32 (|x| <= 3.4028234663852886e+38)', X, {
        shown: `${X.values[k]} at row ${Math.floor(k / X.columns)}, column ${k % X.columns}`,
      });
    }
  }
  return out;
}

/** The leaf each row of a float32, row-major X falls into. */
export function applyTree(tree: TreeStructure, x32: Float32Array, nRows: number, nColumns: number): Int32Array {
  const { childrenLeft, childrenRight, feature, threshold } = tree;
  const leaves = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const base = i * nColumns;
    let node = 0;
    while (childrenLeft[node] !== TREE_LEAF) {
      node = (x32[base + (feature[node] as number)] as number) <= (threshold[node] as number)
        ? (childrenLeft[node] as number)
        : (childrenRight[node] as number);
    }
    leaves[i] = node;
  }
  return leaves;
}

/**
 * Adds each row's class probabilities (the leaf's class weights divided by their
 * sum) to `out`, a row-major `nRows × nClasses` buffer.
 */
export function addTreeProba(tree: TreeStructure, x32: Float32Array, nRows: number, nColumns: number, out: Float64Array): void {
  const leaves = applyTree(tree, x32, nRows, nColumns);
  const k = tree.nValues;
  const value = tree.value;
  for (let i = 0; i < nRows; i++) {
    const base = (leaves[i] as number) * k;
    let total = 0;
    for (let c = 0; c < k; c++) total += value[base + c] as number;
    if (total === 0) total = 1;
    for (let c = 0; c < k; c++) out[i * k + c] = (out[i * k + c] as number) + (value[base + c] as number) / total;
  }
}

/** Adds each row's predicted value (the leaf mean) to `out`. */
export function addTreeValues(tree: TreeStructure, x32: Float32Array, nRows: number, nColumns: number, out: Float64Array): void {
  const leaves = applyTree(tree, x32, nRows, nColumns);
  for (let i = 0; i < nRows; i++) out[i] = (out[i] as number) + (tree.value[leaves[i] as number] as number);
}

/**
 * Impurity-based feature importances (the weighted impurity decrease brought by
 * each feature), divided by the root's weight and normalized to sum to one
 * unless the tree is a single leaf (then all zeros).
 */
export function treeFeatureImportances(tree: TreeStructure, nFeatures: number): Float64Array {
  const out = new Float64Array(nFeatures);
  const { childrenLeft, childrenRight, feature, impurity, weightedNNodeSamples: w } = tree;
  for (let node = 0; node < tree.nodeCount; node++) {
    const left = childrenLeft[node] as number;
    if (left === TREE_LEAF) continue;
    const right = childrenRight[node] as number;
    const f = feature[node] as number;
    out[f] =
      (out[f] as number) +
      ((w[node] as number) * (impurity[node] as number) -
        (w[left] as number) * (impurity[left] as number) -
        (w[right] as number) * (impurity[right] as number));
  }
  const root = w[0] as number;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    out[f] = (out[f] as number) / root;
    total += out[f] as number;
  }
  if (total > 0) for (let f = 0; f < nFeatures; f++) out[f] = (out[f] as number) / total;
  return out;
}

/** The number of leaves. */
export function countLeaves(tree: TreeStructure): number {
  let leaves = 0;
  for (let node = 0; node < tree.nodeCount; node++) if (tree.childrenLeft[node] === TREE_LEAF) leaves++;
  return leaves;
}

/** A deep copy (callers get copies; the fitted tree is never shared). */
export function copyTree(tree: TreeStructure): TreeStructure {
  return {
    nodeCount: tree.nodeCount,
    childrenLeft: tree.childrenLeft.slice(),
    childrenRight: tree.childrenRight.slice(),
    feature: tree.feature.slice(),
    threshold: tree.threshold.slice(),
    impurity: tree.impurity.slice(),
    nNodeSamples: tree.nNodeSamples.slice(),
    weightedNNodeSamples: tree.weightedNNodeSamples.slice(),
    value: tree.value.slice(),
    nValues: tree.nValues,
    maxDepth: tree.maxDepth,
  };
}

/** The index of the first largest value (numpy's `argmax`). */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < row.length; c++) if ((row[c] as number) > (row[best] as number)) best = c;
  return best;
}
