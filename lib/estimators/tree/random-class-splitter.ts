/**
 * The random splitter for classification trees.
 *
 * Class weights are exact integer sums (counts, bootstrap counts), so nothing in a
 * classification tree depends on the order of a node's samples: a threshold is
 * scored by counting the classes left of it, without moving the samples, and the
 * samples are partitioned once per node, by the split kept. The trees are
 * scikit-learn's; only the order of the samples inside a node, which nothing
 * observes, differs from its in-place partitions.
 *
 * Both passes work on the ranks of the values among their column's distinct
 * values (`x <= threshold` is `rank(x) <= rank of the last distinct value <=
 * threshold`), which an integer subtraction and shift decide without a branch: a
 * branch on a random threshold is mispredicted half the time. The node's range
 * comes from the ranks too (the column's distinct values at the smallest and
 * largest rank), so it is scikit-learn's float32 minimum and maximum; the one
 * difference, never seen in practice, is the sign of a zero (-0 and +0 are one
 * distinct value), which could only show in a threshold of exactly zero.
 *
 * The node's arrays (samples, ranks, codes) live in WebAssembly memory, and the three
 * loops of a node of at least {@link KERNEL_MIN_SAMPLES} samples (reading the ranks,
 * counting the classes left of a threshold, partitioning) run in the kernels of
 * `random-split-kernels.ts`; smaller nodes run the same loops here. Weighted
 * (bootstrap) counting and partitioning stay in JavaScript.
 */
import { entropyOf, giniOf, classificationProxy } from './criterion.js';
import type { SplitterSettings } from './node-splitter.js';
import { zero } from './node-splitter.js';
import { RandomSplitter } from './random-splitter.js';
import type { TreeData } from './tree-data.js';
import { sameFeatureValue } from './tree-data.js';
import { ThresholdRanks } from './threshold-ranks.js';
import { SplitterArrays, treeKernels } from './random-split-kernels.js';

/** The most class sums kept for the children of splits (8 bytes each). */
const MAX_KEPT_SUMS = 2 ** 22;
/**
 * Nodes of at least this many samples run their loops in the WebAssembly kernels;
 * smaller ones in JavaScript (on the same arrays), where a call would cost more than
 * the loop.
 */
const KERNEL_MIN_SAMPLES = 16;

/** {@link RandomSplitter} for class codes. */
export class RandomClassificationSplitter extends RandomSplitter {
  protected declare readonly data: TreeData;
  private readonly codes: Int32Array;
  /** `samples`, `xr`, `nodeCodes`, the spills and `leftCounts`, in the WebAssembly kernels' memory. */
  private readonly arrays: SplitterArrays;
  /** The ranks of the node's values of the feature being tried, in sample order. */
  private xr!: Int32Array;
  /** The rank of the last distinct value <= the threshold being scored. */
  private thresholdRank = 0;
  /** Where a threshold falls among each column's distinct values. */
  private readonly thresholdRanks: ThresholdRanks;
  /** The feature read by the last gather, and the node's smallest and largest rank. */
  private currentFeature = 0;
  private minRank = 0;
  private maxRank = 0;
  /** The rank of the kept split's threshold. */
  private bestThresholdRank = 0;
  /** The class code (and weight) of each sample, in the order of `samples`. */
  private nodeCodes!: Int32Array;
  private readonly nodeWeights: Float64Array;
  /** Four interleaved sets of left class counts (the counting pass of several classes). */
  private leftCounts!: Int32Array;
  /** The right child's samples, codes and weights while a node is partitioned. */
  private spillSamples!: Int32Array;
  private spillCodes!: Int32Array;
  private readonly spillWeights: Float64Array;
  /** The kept split's left class weights and total weight. */
  private readonly bestLeft: Float64Array;
  private bestLeftWeight = 0;
  /** The left weight of the last {@link RandomClassificationSplitter.scoreThreshold}. */
  private scoredLeftWeight = 0;
  /**
   * The class weights of the children of the last splits, by first position: a
   * node [start, end) finds its sums at `start` when `childEnds[start] === end`
   * (no later split can overwrite them first: the nodes waiting to be built do
   * not overlap). Empty when n × classes is too large to keep.
   */
  private readonly childSums: Float64Array;
  private readonly childWeights: Float64Array;
  private readonly childEnds: Int32Array;

  constructor(data: TreeData, target: { readonly kind: 'classification'; readonly codes: Int32Array; readonly nClasses: number }) {
    super(data, target);
    const n = data.nSamples;
    this.arrays = new SplitterArrays(n, data.ranks, this.nValues);
    this.useViews();
    this.thresholdRanks = new ThresholdRanks(data);
    this.codes = target.codes;
    this.nodeWeights = new Float64Array(n);
    this.spillWeights = new Float64Array(n);
    this.bestLeft = new Float64Array(this.nValues);
    const keep = n * this.nValues <= MAX_KEPT_SUMS;
    this.childSums = new Float64Array(keep ? n * this.nValues : 0);
    this.childWeights = new Float64Array(keep ? n : 0);
    this.childEnds = new Int32Array(keep ? n : 0);
  }

  override reset(settings: SplitterSettings): number {
    // the kernels' memory may have grown since the last tree (another splitter's arrays): views of the new buffer
    this.useViews();
    const m = super.reset(settings);
    this.childEnds.fill(-1);
    const { samples, nodeCodes, nodeWeights, weights, codes } = this;
    for (let q = 0; q < m; q++) {
      const i = samples[q] as number;
      nodeCodes[q] = codes[i] as number;
      nodeWeights[q] = weights === undefined ? 1 : (weights[i] as number);
    }
    return m;
  }

  /**
   * The class weights of samples[start, end): those kept by the split that made
   * the node, else summed (reading the codes in node order).
   */
  override initNode(start: number, end: number): void {
    const { nodeCodes, nodeWeights, sumTotal } = this;
    if (this.childEnds.length > 0 && this.childEnds[start] === end) {
      const k = this.nValues;
      const sums = this.childSums;
      for (let c = 0; c < k; c++) sumTotal[c] = sums[start * k + c] as number;
      this.weightedNNode = this.childWeights[start] as number;
      return;
    }
    zero(sumTotal);
    let total = 0;
    for (let q = start; q < end; q++) {
      const c = nodeCodes[q] as number;
      const w = nodeWeights[q] as number;
      sumTotal[c] = (sumTotal[c] as number) + w;
      total += w;
    }
    this.weightedNNode = total;
  }

  /** Takes the arrays' views of the kernels' memory as it is now (re-created when it has grown). */
  private useViews(): void {
    const arrays = this.arrays;
    arrays.refresh();
    ({ samples: this.samples, xr: this.xr, codes: this.nodeCodes, counts: this.leftCounts, spillSamples: this.spillSamples, spillCodes: this.spillCodes } = arrays);
  }

  override dispose(): void {
    this.arrays.release();
  }

  /** Reads the ranks of feature `f` for the node's samples and the range of their values. */
  protected override gather(f: number, start: number, end: number): boolean {
    let minRank: number;
    let maxRank: number;
    if (end - start >= KERNEL_MIN_SAMPLES) {
      const { at, out } = this.arrays;
      treeKernels.exports.gather_ranks(at.ranks + 4 * f * this.data.nSamples, at.samples, at.xr, start, end, at.out);
      minRank = out[0] as number;
      maxRank = out[1] as number;
    } else {
      const { samples, xr } = this;
      const ranks = this.data.ranks;
      const base = f * this.data.nSamples;
      minRank = ranks[base + (samples[start] as number)] as number;
      maxRank = minRank;
      xr[start] = minRank;
      for (let p = start + 1; p < end; p++) {
        const r = ranks[base + (samples[p] as number)] as number;
        xr[p] = r;
        // branch-free min and max (ranks are below 2^31, so the differences do not overflow)
        const below = r - minRank;
        minRank += below & (below >> 31);
        const above = maxRank - r;
        maxRank -= above & (above >> 31);
      }
    }
    const values = this.data.distinct[f] as Float64Array;
    this.currentFeature = f;
    this.minRank = minRank;
    this.maxRank = maxRank;
    this.nodeMin = values[minRank] as number;
    this.nodeMax = values[maxRank] as number;
    return !sameFeatureValue(this.nodeMin, this.nodeMax);
  }

  /**
   * The class weights of the node's samples whose value is at most `threshold`
   * (into `sumLeft`), without moving them; returns start + the number of those
   * samples.
   */
  protected scoreThreshold(start: number, end: number, threshold: number): number {
    const { xr, nodeCodes, sumLeft } = this;
    const tr = this.thresholdRanks.rankAtMost(this.currentFeature, threshold, this.minRank, this.maxRank);
    this.thresholdRank = tr;
    let nLeft = 0;
    if (this.weights !== undefined) {
      const nodeWeights = this.nodeWeights;
      zero(sumLeft);
      let wLeft = 0;
      for (let q = start; q < end; q++) {
        const left = ((tr - (xr[q] as number)) >> 31) + 1;
        const w = left * (nodeWeights[q] as number);
        const c = nodeCodes[q] as number;
        sumLeft[c] = (sumLeft[c] as number) + w;
        wLeft += w;
        nLeft += left;
      }
      this.scoredLeftWeight = wLeft;
      return start + nLeft;
    }
    const k = this.nValues;
    if (end - start >= KERNEL_MIN_SAMPLES) {
      const at = this.arrays.at;
      if (k === 2) {
        nLeft = treeKernels.exports.count_left_two(at.xr, at.codes, start, end, tr, at.out);
        const nLeftOnes = this.arrays.out[0] as number;
        sumLeft[0] = nLeft - nLeftOnes;
        sumLeft[1] = nLeftOnes;
      } else {
        nLeft = treeKernels.exports.count_left_k(at.xr, at.codes, at.counts, k, start, end, tr);
        const counts = this.leftCounts;
        for (let c = 0; c < k; c++) sumLeft[c] = counts[c] as number;
      }
    } else if (k === 2) {
      // two classes: the left count of class 1 in a register
      let nLeftOnes = 0;
      for (let q = start; q < end; q++) {
        const a = ((tr - (xr[q] as number)) >> 31) + 1;
        nLeft += a;
        nLeftOnes += a & (nodeCodes[q] as number);
      }
      sumLeft[0] = nLeft - nLeftOnes;
      sumLeft[1] = nLeftOnes;
    } else {
      // four interleaved count tables, so that consecutive samples of one class do not wait on each other
      const counts = this.leftCounts;
      zero(counts);
      let q = start;
      for (; q + 3 < end; q += 4) {
        const a = ((tr - (xr[q] as number)) >> 31) + 1;
        const b = ((tr - (xr[q + 1] as number)) >> 31) + 1;
        const c = ((tr - (xr[q + 2] as number)) >> 31) + 1;
        const d = ((tr - (xr[q + 3] as number)) >> 31) + 1;
        const ia = nodeCodes[q] as number;
        const ib = k + (nodeCodes[q + 1] as number);
        const ic = 2 * k + (nodeCodes[q + 2] as number);
        const id = 3 * k + (nodeCodes[q + 3] as number);
        counts[ia] = (counts[ia] as number) + a;
        counts[ib] = (counts[ib] as number) + b;
        counts[ic] = (counts[ic] as number) + c;
        counts[id] = (counts[id] as number) + d;
        nLeft += a + b + c + d;
      }
      for (; q < end; q++) {
        const a = ((tr - (xr[q] as number)) >> 31) + 1;
        const i = nodeCodes[q] as number;
        counts[i] = (counts[i] as number) + a;
        nLeft += a;
      }
      for (let c = 0; c < k; c++) {
        sumLeft[c] = (counts[c] as number) + (counts[k + c] as number) + (counts[2 * k + c] as number) + (counts[3 * k + c] as number);
      }
    }
    this.scoredLeftWeight = nLeft;
    return start + nLeft;
  }

  protected proxy(): number {
    const wLeft = this.scoredLeftWeight;
    return classificationProxy(this.sumLeft, this.sumTotal, wLeft, this.weightedNNode - wLeft, this.entropy);
  }

  protected keepBest(): void {
    const { bestLeft, sumLeft } = this;
    for (let c = 0; c < bestLeft.length; c++) bestLeft[c] = sumLeft[c] as number;
    this.bestLeftWeight = this.scoredLeftWeight;
    this.bestThresholdRank = this.thresholdRank;
  }

  /**
   * Partitions the node's samples (with their codes and weights) on the kept
   * split: the left ones are compacted in place, the right ones spilled and copied
   * back after them; then the children's impurities and the improvement from the
   * kept split's class weights.
   */
  protected applySplit(start: number, end: number, _pos: number, feature: number, _threshold: number, lastFeature: number, impurity: number): void {
    const { samples, nodeCodes, nodeWeights, spillSamples, spillCodes, spillWeights, xr } = this;
    const weighted = this.weights !== undefined;
    const tr = this.bestThresholdRank;
    const ranks = this.data.ranks;
    const base = feature * this.data.nSamples;
    const inKernels = end - start >= KERNEL_MIN_SAMPLES;
    const at = this.arrays.at;
    // the ranks of the kept feature: in xr when it was the last one tried, else gathered
    if (feature !== lastFeature) {
      if (inKernels) treeKernels.exports.read_ranks(at.ranks + 4 * base, at.samples, at.xr, start, end);
      else for (let q = start; q < end; q++) xr[q] = ranks[base + (samples[q] as number)] as number;
    }
    let l = start;
    let r = 0;
    if (!weighted && inKernels) {
      l = treeKernels.exports.partition_left(at.samples, at.codes, at.xr, at.spillSamples, at.spillCodes, start, end, tr);
    } else if (weighted) {
      for (let q = start; q < end; q++) {
        const s = samples[q] as number;
        const c = nodeCodes[q] as number;
        const w = nodeWeights[q] as number;
        const left = ((tr - (xr[q] as number)) >> 31) + 1;
        samples[l] = s;
        nodeCodes[l] = c;
        nodeWeights[l] = w;
        spillSamples[r] = s;
        spillCodes[r] = c;
        spillWeights[r] = w;
        l += left;
        r += 1 - left;
      }
      for (let k = 0; k < r; k++) nodeWeights[l + k] = spillWeights[k] as number;
    } else {
      for (let q = start; q < end; q++) {
        const s = samples[q] as number;
        const c = nodeCodes[q] as number;
        const left = ((tr - (xr[q] as number)) >> 31) + 1;
        samples[l] = s;
        nodeCodes[l] = c;
        spillSamples[r] = s;
        spillCodes[r] = c;
        l += left;
        r += 1 - left;
      }
    }
    for (let k = 0; k < r; k++) {
      samples[l + k] = spillSamples[k] as number;
      nodeCodes[l + k] = spillCodes[k] as number;
    }

    const { bestLeft, sumRight, sumTotal } = this;
    const wLeft = this.bestLeftWeight;
    for (let c = 0; c < this.nValues; c++) sumRight[c] = (sumTotal[c] as number) - (bestLeft[c] as number);
    const wNode = this.weightedNNode;
    const wRight = wNode - wLeft;
    if (this.childEnds.length > 0) {
      const k = this.nValues;
      const { childSums, childWeights, childEnds } = this;
      const pos = l;
      for (let c = 0; c < k; c++) {
        childSums[start * k + c] = bestLeft[c] as number;
        childSums[pos * k + c] = sumRight[c] as number;
      }
      childWeights[start] = wLeft;
      childWeights[pos] = wRight;
      childEnds[start] = pos;
      childEnds[pos] = end;
    }
    this.impurityLeft = this.entropy ? entropyOf(bestLeft, wLeft) : giniOf(bestLeft, wLeft);
    this.impurityRight = this.entropy ? entropyOf(sumRight, wRight) : giniOf(sumRight, wRight);
    this.improvement =
      (wNode / this.weightedNSamples) * (impurity - (wRight / wNode) * this.impurityRight - (wLeft / wNode) * this.impurityLeft);
  }
}
