/**
 * A grown tree in arrays (scikit-learn's `TreePredictor`, nodes in depth-first
 * pre-order), and its predictions on raw values (thresholds, NaN to the side learned at
 * each split, categories through bitsets of raw category values) or on binned values.
 */
import type { BinMapper, BinnedMatrix } from './binning.js';
import { BITSET_WORDS, inBitset } from './splitting.js';

/** One tree's nodes. */
export interface TreePredictor {
  readonly nodeCount: number;
  /** The leaf value (learning rate applied); for inner nodes, their value before shrinkage. */
  readonly value: Float64Array;
  readonly isLeaf: Uint8Array;
  readonly feature: Int32Array;
  /** The split threshold on raw values: go left when `x <= threshold`. */
  readonly numThreshold: Float64Array;
  /** The split threshold on bins: go left when `bin <= binThreshold`. */
  readonly binThreshold: Int32Array;
  readonly missingGoToLeft: Uint8Array;
  readonly isCategorical: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Rows of the training data in each node. */
  readonly count: Int32Array;
  readonly depth: Int32Array;
  /** For categorical splits: the index of the node's bitsets. */
  readonly bitsetIndex: Int32Array;
  /** The bins going left, 8 words per categorical split. */
  readonly binnedLeftBitsets: Uint32Array;
  /** The raw category values going left, 8 words per categorical split. */
  readonly rawLeftBitsets: Uint32Array;
}

/** The known categories of each categorical feature as bitsets of raw values (for unknown categories at predict time). */
export function knownCategoryBitsets(mapper: BinMapper): (Uint32Array | null)[] {
  return mapper.thresholds.map((categories, f) => {
    if (!mapper.isCategorical[f]) return null;
    const bitset = new Uint32Array(BITSET_WORDS);
    for (const c of categories) bitset[c >>> 5] = ((bitset[c >>> 5] as number) | (1 << (c & 31))) >>> 0;
    return bitset;
  });
}

/** The value of a raw category for the bitsets, or -1 when it cannot be a category (negative, too large). */
function categoryCode(x: number): number {
  if (x < 0 || x >= 256) return -1;
  return Math.trunc(x);
}

/**
 * Adds each tree's prediction for each row of `values` (row-major, `nFeatures` per
 * row) to `out[offset + row]`, tree by tree in order (as scikit-learn accumulates).
 */
export function addRawPredictions(
  trees: readonly TreePredictor[],
  values: Float64Array,
  nRows: number,
  nFeatures: number,
  known: readonly (Uint32Array | null)[],
  out: Float64Array,
  offset: number,
): void {
  for (const tree of trees) {
    const { isLeaf, feature, numThreshold, missingGoToLeft, isCategorical, left, right, value } = tree;
    for (let r = 0; r < nRows; r++) {
      const row = r * nFeatures;
      let node = 0;
      while (!isLeaf[node]) {
        const f = feature[node] as number;
        const x = values[row + f] as number;
        let goLeft: boolean;
        if (Number.isNaN(x)) {
          goLeft = missingGoToLeft[node] === 1;
        } else if (isCategorical[node]) {
          const c = categoryCode(x);
          const word = (tree.bitsetIndex[node] as number) * BITSET_WORDS;
          if (c >= 0 && inBitset(tree.rawLeftBitsets.subarray(word, word + BITSET_WORDS), c)) goLeft = true;
          else if (c >= 0 && inBitset(known[f] as Uint32Array, c)) goLeft = false;
          else goLeft = missingGoToLeft[node] === 1; // unknown categories are treated as missing
        } else {
          goLeft = x <= (numThreshold[node] as number);
        }
        node = goLeft ? (left[node] as number) : (right[node] as number);
      }
      out[offset + r] = (out[offset + r] as number) + (value[node] as number);
    }
  }
}

/** The tree's prediction for each row of a binned matrix (missing values in bin `missingBin`). */
export function predictBinned(tree: TreePredictor, binned: BinnedMatrix, missingBin: number, out: Float64Array, offset: number): void {
  const { isLeaf, feature, binThreshold, missingGoToLeft, isCategorical, left, right, value } = tree;
  const n = binned.rows;
  const data = binned.data;
  for (let r = 0; r < n; r++) {
    let node = 0;
    while (!isLeaf[node]) {
      const b = data[(feature[node] as number) * n + r] as number;
      let goLeft: boolean;
      if (b === missingBin) goLeft = missingGoToLeft[node] === 1;
      else if (isCategorical[node]) {
        const word = (tree.bitsetIndex[node] as number) * BITSET_WORDS;
        goLeft = inBitset(tree.binnedLeftBitsets.subarray(word, word + BITSET_WORDS), b);
      } else goLeft = b <= (binThreshold[node] as number);
      node = goLeft ? (left[node] as number) : (right[node] as number);
    }
    out[offset + r] = (out[offset + r] as number) + (value[node] as number);
  }
}

/** The number of leaves of a tree. */
export function leafCount(tree: TreePredictor): number {
  let leaves = 0;
  for (let i = 0; i < tree.nodeCount; i++) leaves += tree.isLeaf[i] as number;
  return leaves;
}

/** The depth of the deepest leaf. */
export function maxDepth(tree: TreePredictor): number {
  let depth = 0;
  for (let i = 0; i < tree.nodeCount; i++) depth = Math.max(depth, tree.depth[i] as number);
  return depth;
}
