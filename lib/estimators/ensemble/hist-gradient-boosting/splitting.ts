/**
 * Split finding (scikit-learn's `splitting.pyx`): the value of a node, the gain of a
 * split (XGBoost's equations 5-7, with monotonic bounds), the categorical split search
 * (categories sorted by gradient ratio, scanned from both ends to the middle), and the
 * choice of the best feature (the first of equal gains).
 *
 * The numerical features are scanned by the workspace's kernel; this module adds the
 * categorical ones and picks the best.
 */
import type { FeatureHistogram, FeatureSplits, NodeQuery, SplitSettings, TreeWorkspace } from './workspace.js';

/** Bitsets are 8 × 32 bits: one bit per bin (256 bins). */
export const BITSET_WORDS = 8;

/** scikit-learn's `MIN_CAT_SUPPORT`: categories with less (scaled) hessian go right. */
const MIN_CAT_SUPPORT = 10;

/** The best split of a node. */
export interface SplitInfo {
  readonly gain: number;
  readonly feature: number;
  readonly bin: number;
  readonly missingGoToLeft: boolean;
  readonly sumGradientLeft: number;
  readonly sumHessianLeft: number;
  readonly sumGradientRight: number;
  readonly sumHessianRight: number;
  readonly nSamplesLeft: number;
  readonly nSamplesRight: number;
  readonly valueLeft: number;
  readonly valueRight: number;
  readonly isCategorical: boolean;
  /** The bins going left, for a categorical split. */
  readonly leftBitset: Uint32Array | null;
}

/** A node's value `-G / (H + l2)`, clipped to the monotonic bounds (`compute_node_value`). */
export function computeNodeValue(sumGradient: number, sumHessian: number, lowerBound: number, upperBound: number, l2: number): number {
  const value = -sumGradient / (sumHessian + l2 + 1e-15);
  if (value < lowerBound) return lowerBound;
  if (value > upperBound) return upperBound;
  return value;
}

/**
 * The loss reduction of a split (`_split_gain`), or -1 when the children's values break
 * the feature's monotonic constraint.
 */
export function splitGain(
  gl: number,
  hl: number,
  gr: number,
  hr: number,
  lossCurrentNode: number,
  monotonicCst: number,
  lowerBound: number,
  upperBound: number,
  l2: number,
): number {
  const vl = computeNodeValue(gl, hl, lowerBound, upperBound, l2);
  const vr = computeNodeValue(gr, hr, lowerBound, upperBound, l2);
  if ((monotonicCst === 1 && vl > vr) || (monotonicCst === -1 && vl < vr)) return -1;
  let gain = lossCurrentNode;
  gain -= gl * vl;
  gain -= gr * vr;
  return gain;
}

/** True when bin `b` is in the bitset. */
export function inBitset(bitset: Uint32Array, b: number): boolean {
  return ((bitset[b >>> 5] as number) >>> (b & 31)) & 1 ? true : false;
}

/** Adds bin `b` to the bitset. */
export function setBitset(bitset: Uint32Array, b: number): void {
  bitset[b >>> 5] = ((bitset[b >>> 5] as number) | (1 << (b & 31))) >>> 0;
}

/** A category of the categorical scan: its bin and its gradient ratio. */
interface CategoryInfo {
  bin: number;
  value: number;
}

/**
 * Sorts by increasing value as glibc's `qsort` (a top-down merge sort) does with
 * scikit-learn's comparison, which never answers "equal": on ties the later half's
 * element comes first. Equal ratios are rare, but this keeps ties in scikit-learn's order.
 */
function mergeSortCategories(items: CategoryInfo[], tmp: CategoryInfo[], start: number, n: number): void {
  if (n <= 1) return;
  const n1 = n >> 1;
  const n2 = n - n1;
  mergeSortCategories(items, tmp, start, n1);
  mergeSortCategories(items, tmp, start + n1, n2);
  let i = start;
  let j = start + n1;
  const iEnd = start + n1;
  const jEnd = start + n;
  let k = 0;
  while (i < iEnd && j < jEnd) {
    if ((items[i] as CategoryInfo).value < (items[j] as CategoryInfo).value) tmp[k++] = items[i++] as CategoryInfo;
    else tmp[k++] = items[j++] as CategoryInfo;
  }
  while (i < iEnd) tmp[k++] = items[i++] as CategoryInfo;
  for (let t = 0; t < k; t++) items[start + t] = tmp[t] as CategoryInfo;
}

/**
 * The best split of a categorical feature (`_find_best_bin_to_split_category`): the
 * categories with enough support (and the missing values, as a category) sorted by
 * `sum_gradients / (sum_hessians + 10)`, scanned from the left and from the right up to
 * the middle; the winning side's categories go left. Writes into `out[feature]` and
 * returns the left bitset when a split beats -1.
 */
export function findCategoricalSplit(
  hist: FeatureHistogram,
  feature: number,
  nBinsNonMissing: number,
  hasMissing: boolean,
  missingBin: number,
  constantHessian: boolean,
  node: NodeQuery,
  settings: SplitSettings,
  out: FeatureSplits,
): Uint32Array | null {
  out.gain[feature] = -1;
  const sums = hist.sums;
  const hessianOf = (b: number): number => (constantHessian ? hist.count(b) : (sums[2 * b + 1] as number));
  const supportFactor = node.nSamples / node.sumHessians;
  const infos: CategoryInfo[] = [];
  const consider = (b: number): void => {
    const h = hessianOf(b);
    if (h * supportFactor >= MIN_CAT_SUPPORT) infos.push({ bin: b, value: (sums[2 * b] as number) / (h + MIN_CAT_SUPPORT) });
  };
  for (let b = 0; b < nBinsNonMissing; b++) consider(b);
  if (hasMissing) consider(missingBin);
  const used = infos.length;
  if (used <= 1) return null;
  mergeSortCategories(infos, new Array<CategoryInfo>(used), 0, used);

  const lossCurrentNode = node.sumGradients * node.value;
  let bestGain = -1;
  let found = false;
  let bestThreshold = 0;
  let bestDirection = 1;
  let bestGl = 0;
  let bestHl = 0;
  let bestNl = 0;
  for (const direction of [1, -1]) {
    const middle = direction === 1 ? (used + 1) >> 1 : ((used + 1) >> 1) - 1;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let i = 0; i < middle; i++) {
      const sortedIndex = direction === 1 ? i : used - 1 - i;
      const b = (infos[sortedIndex] as CategoryInfo).bin;
      nl += hist.count(b);
      const nr = node.nSamples - nl;
      hl += hessianOf(b);
      const hr = node.sumHessians - hl;
      gl += sums[2 * b] as number;
      const gr = node.sumGradients - gl;
      if (nl < settings.minSamplesLeaf || hl < settings.minHessianToSplit) continue;
      if (nr < settings.minSamplesLeaf || hr < settings.minHessianToSplit) break;
      const gain = splitGain(gl, hl, gr, hr, lossCurrentNode, 0, node.lowerBound, node.upperBound, settings.l2Regularization);
      if (gain > bestGain && gain > settings.minGainToSplit) {
        found = true;
        bestGain = gain;
        bestThreshold = sortedIndex;
        bestGl = gl;
        bestHl = hl;
        bestNl = nl;
        bestDirection = direction;
      }
    }
  }
  if (!found) return null;
  const bitset = new Uint32Array(BITSET_WORDS);
  if (bestDirection === 1) for (let s = 0; s <= bestThreshold; s++) setBitset(bitset, (infos[s] as CategoryInfo).bin);
  else for (let s = used - 1; s >= bestThreshold; s--) setBitset(bitset, (infos[s] as CategoryInfo).bin);
  out.gain[feature] = bestGain;
  out.bin[feature] = 0;
  out.sumGradientLeft[feature] = bestGl;
  out.sumHessianLeft[feature] = bestHl;
  out.nSamplesLeft[feature] = bestNl;
  out.missingGoToLeft[feature] = hasMissing && inBitset(bitset, missingBin) ? 1 : 0;
  return bitset;
}

/**
 * The best split of a node over all features (`find_node_split`): numerical features
 * by the workspace's kernel, categorical ones here; the first feature of the highest
 * gain wins. A gain of -1 (or 0) means the node stays a leaf.
 */
export function findNodeSplit(workspace: TreeWorkspace, slot: number, node: NodeQuery, settings: SplitSettings): SplitInfo {
  const layout = workspace.layout;
  const splits = workspace.findNumericalSplits(slot, node, settings);
  let bitsets: (Uint32Array | null)[] | undefined;
  for (let f = 0; f < layout.nFeatures; f++) {
    if (!layout.isCategorical[f]) continue;
    bitsets ??= [];
    const hist = workspace.featureHistogram(slot, f);
    bitsets[f] = findCategoricalSplit(
      hist,
      f,
      layout.nBinsNonMissing[f] as number,
      layout.hasMissingValues[f] === 1,
      layout.missingBin,
      layout.constantHessian,
      node,
      settings,
      splits,
    );
  }
  let best = 0;
  for (let f = 1; f < layout.nFeatures; f++) if ((splits.gain[f] as number) > (splits.gain[best] as number)) best = f;
  const gl = splits.sumGradientLeft[best] as number;
  const hl = splits.sumHessianLeft[best] as number;
  const nl = splits.nSamplesLeft[best] as number;
  const gr = node.sumGradients - gl;
  const hr = node.sumHessians - hl;
  const l2 = settings.l2Regularization;
  return {
    gain: splits.gain[best] as number,
    feature: best,
    bin: splits.bin[best] as number,
    missingGoToLeft: splits.missingGoToLeft[best] === 1,
    sumGradientLeft: gl,
    sumHessianLeft: hl,
    sumGradientRight: gr,
    sumHessianRight: hr,
    nSamplesLeft: nl,
    nSamplesRight: node.nSamples - nl,
    valueLeft: computeNodeValue(gl, hl, node.lowerBound, node.upperBound, l2),
    valueRight: computeNodeValue(gr, hr, node.lowerBound, node.upperBound, l2),
    isCategorical: layout.isCategorical[best] === 1,
    leftBitset: bitsets?.[best] ?? null,
  };
}
