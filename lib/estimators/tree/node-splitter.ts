/**
 * What scikit-learn's two dense splitters share (`Splitter` in
 * `sklearn/tree/_splitter.pyx` with its criterion from `_criterion.pyx`): the
 * samples of the tree grouped by node, the node's target sums, impurity and value,
 * the left child's sums moved to a split position (with scikit-learn's reverse
 * path, so float sums are added in its order), the children's impurities and the
 * improvement of the split kept.
 *
 * {@link BestSplitter} and {@link RandomSplitter} add `splitNode`, the search.
 */
import { entropyOf, giniOf } from './criterion.js';
import type { RandR } from './rand-r.js';
import type { TreeColumns, TreeTarget } from './tree-data.js';

/** The split criteria: gini and entropy for classification, squared error for regression. */
export type SplitCriterion = 'gini' | 'entropy' | 'squared_error';

/** What the splitter needs to know about the tree being grown. */
export interface SplitterSettings {
  readonly criterion: SplitCriterion;
  readonly minSamplesLeaf: number;
  /** The number of features to draw at each split (1..nFeatures). */
  readonly maxFeatures: number;
  /** scikit-learn's tree generator, which orders the features a split visits (and draws random thresholds). */
  readonly rng: RandR;
  /** One weight per sample (bootstrap counts); samples of weight 0 are left out. */
  readonly sampleWeight?: Float64Array | undefined;
}

/** Finds splits of nodes and partitions their samples; the tree builder drives it. */
export abstract class NodeSplitter {
  /**
   * The samples of the tree, grouped by node: a node owns samples[start, end). A
   * subclass may replace the array (with a view of WebAssembly memory) in `reset`.
   */
  samples: Int32Array;
  /** The total weight of the node of the last {@link NodeSplitter.initNode}. */
  weightedNNode = 0;
  // the split found by the last splitNode
  pos = 0;
  feature = 0;
  threshold = 0;
  impurityLeft = 0;
  impurityRight = 0;
  improvement = 0;
  /** The number of known constant features, for the children. */
  nConstants = 0;

  protected readonly data: TreeColumns;
  protected readonly target: TreeTarget;
  protected readonly nValues: number;
  protected readonly features: Int32Array;
  protected readonly constantFeatures: Int32Array;
  protected readonly sumTotal: Float64Array;
  protected readonly sumLeft: Float64Array;
  protected readonly sumRight: Float64Array;
  protected settings!: SplitterSettings;
  protected entropy = false;
  protected weights: Float64Array | undefined;
  protected weightedNSamples = 0;
  protected sqSumTotal = 0;
  /** The left weight at the position of the last {@link NodeSplitter.childrenImpurity}. */
  protected childWeightLeft = 0;
  // regression left-child running sums (scikit-learn's update, with its reverse path)
  protected leftSum = 0;
  protected leftWeight = 0;
  protected leftPos = 0;

  constructor(data: TreeColumns, target: TreeTarget) {
    this.data = data;
    this.target = target;
    this.nValues = target.kind === 'classification' ? target.nClasses : 1;
    this.samples = new Int32Array(data.nSamples);
    this.features = new Int32Array(data.nFeatures);
    this.constantFeatures = new Int32Array(data.nFeatures);
    this.sumTotal = new Float64Array(this.nValues);
    this.sumLeft = new Float64Array(this.nValues);
    this.sumRight = new Float64Array(this.nValues);
  }

  /**
   * Finds the best split of samples[start, end), partitions the samples around it
   * and sets the split fields (`pos`, `feature`, ...); `pos === end` means no
   * valid split. `nKnownConstants` features known constant in the node come first
   * in the feature array.
   */
  abstract splitNode(start: number, end: number, impurity: number, nKnownConstants: number): void;

  /** Releases what the splitter holds outside the JavaScript heap (nothing, unless a subclass says otherwise). */
  dispose(): void {}

  /**
   * Starts a tree (scikit-learn's `Splitter.init`): keeps the samples of non-zero
   * weight and returns their number.
   */
  reset(settings: SplitterSettings): number {
    this.settings = settings;
    this.entropy = settings.criterion === 'entropy';
    const weights = settings.sampleWeight;
    this.weights = weights;
    const n = this.data.nSamples;
    let m = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights === undefined ? 1 : (weights[i] as number);
      if (w !== 0) this.samples[m++] = i;
      total += w;
    }
    this.weightedNSamples = total;
    for (let f = 0; f < this.data.nFeatures; f++) this.features[f] = f;
    return m;
  }

  /** Sums the targets of samples[start, end) (scikit-learn's `Criterion.init`). */
  initNode(start: number, end: number): void {
    const { samples, weights, sumTotal } = this;
    zero(sumTotal);
    let wTotal = 0;
    if (this.target.kind === 'classification') {
      wTotal = this.addClassWeights(sumTotal, start, end, 0);
    } else {
      const y = this.target.y;
      let sum = 0;
      let sq = 0;
      for (let p = start; p < end; p++) {
        const i = samples[p] as number;
        const w = weights === undefined ? 1 : (weights[i] as number);
        const yi = y[i] as number;
        const wy = w * yi;
        sum += wy;
        sq += wy * yi;
        wTotal += w;
      }
      sumTotal[0] = sum;
      this.sqSumTotal = sq;
    }
    this.weightedNNode = wTotal;
  }

  /** The impurity of the node of the last {@link NodeSplitter.initNode}. */
  nodeImpurity(): number {
    const w = this.weightedNNode;
    const sums = this.sumTotal;
    switch (this.settings.criterion) {
      case 'gini':
        return giniOf(sums, w);
      case 'entropy':
        return entropyOf(sums, w);
      case 'squared_error': {
        const mean = (sums[0] as number) / w;
        return this.sqSumTotal / w - mean * mean;
      }
    }
  }

  /** Writes the node's value: weighted class counts or the mean. */
  nodeValue(out: Float64Array, offset: number): void {
    if (this.target.kind === 'classification') {
      const sums = this.sumTotal;
      for (let c = 0; c < sums.length; c++) out[offset + c] = sums[c] as number;
    }
    else out[offset] = (this.sumTotal[0] as number) / this.weightedNNode;
  }

  /**
   * Partitions samples[start, end) on `x[feature] <= threshold` (scikit-learn's
   * final partition, whose order feeds the children's float sums).
   */
  protected partition(start: number, end: number, feature: number, threshold: number): void {
    const { samples } = this;
    const col = this.data.columns;
    const base = feature * this.data.nSamples;
    let partitionEnd = end;
    let p = start;
    while (p < partitionEnd) {
      if ((col[base + (samples[p] as number)] as number) <= threshold) {
        p++;
      } else {
        partitionEnd--;
        swap(samples, p, partitionEnd);
      }
    }
  }

  /** Sets the children's impurities and the split's improvement for a split at `pos`. */
  protected finishSplit(start: number, end: number, pos: number, impurity: number): void {
    this.childrenImpurity(start, end, pos);
    const wNode = this.weightedNNode;
    const wLeft = this.childWeightLeft;
    const wRight = wNode - wLeft;
    this.improvement =
      (wNode / this.weightedNSamples) * (impurity - (wRight / wNode) * this.impurityRight - (wLeft / wNode) * this.impurityLeft);
  }

  /**
   * Restores the known constants in their order at the front of the feature array
   * and records the newly found ones after them (scikit-learn's invariant for the
   * siblings and children).
   */
  protected keepConstants(nKnownConstants: number, nFoundConstants: number): void {
    const { features, constantFeatures } = this;
    for (let k = 0; k < nKnownConstants; k++) features[k] = constantFeatures[k] as number;
    for (let k = 0; k < nFoundConstants; k++) constantFeatures[nKnownConstants + k] = features[nKnownConstants + k] as number;
  }

  /**
   * Adds the weights of samples[from, to) to their classes in `sums` and returns
   * `total` plus those weights (added one by one, in sample order).
   */
  protected addClassWeights(sums: Float64Array, from: number, to: number, total: number): number {
    const { samples, weights } = this;
    const codes = (this.target as { codes: Int32Array }).codes;
    for (let p = from; p < to; p++) {
      const i = samples[p] as number;
      const w = weights === undefined ? 1 : (weights[i] as number);
      const c = codes[i] as number;
      sums[c] = (sums[c] as number) + w;
      total += w;
    }
    return total;
  }

  protected resetLeft(start: number): void {
    this.leftSum = 0;
    this.leftWeight = 0;
    this.leftPos = start;
  }

  /** Moves the regression left child to samples[start, newPos) (scikit-learn's `update`, forward or from the end). */
  protected updateLeft(newPos: number, end: number): void {
    const { samples, weights } = this;
    const y = (this.target as { y: Float64Array }).y;
    let sum = this.leftSum;
    let w = this.leftWeight;
    if (newPos - this.leftPos <= end - newPos) {
      for (let p = this.leftPos; p < newPos; p++) {
        const i = samples[p] as number;
        const wi = weights === undefined ? 1 : (weights[i] as number);
        sum += wi * (y[i] as number);
        w += wi;
      }
    } else {
      sum = this.sumTotal[0] as number;
      w = this.weightedNNode;
      for (let p = end - 1; p >= newPos; p--) {
        const i = samples[p] as number;
        const wi = weights === undefined ? 1 : (weights[i] as number);
        sum -= wi * (y[i] as number);
        w -= wi;
      }
    }
    this.leftSum = sum;
    this.leftWeight = w;
    this.leftPos = newPos;
  }

  /** Sets `impurityLeft/Right` and `childWeightLeft` for the split at `pos`. */
  protected childrenImpurity(start: number, end: number, pos: number): void {
    const { samples, weights } = this;
    if (this.target.kind === 'classification') {
      const sumLeft = this.sumLeft;
      zero(sumLeft);
      const wLeft = this.addClassWeights(sumLeft, start, pos, 0);
      const sumRight = this.sumRight;
      for (let c = 0; c < this.nValues; c++) sumRight[c] = (this.sumTotal[c] as number) - (sumLeft[c] as number);
      const wRight = this.weightedNNode - wLeft;
      this.impurityLeft = this.entropy ? entropyOf(sumLeft, wLeft) : giniOf(sumLeft, wLeft);
      this.impurityRight = this.entropy ? entropyOf(sumRight, wRight) : giniOf(sumRight, wRight);
      this.childWeightLeft = wLeft;
      return;
    }
    const y = this.target.y;
    this.resetLeft(start);
    this.updateLeft(pos, end);
    let sqLeft = 0;
    for (let p = start; p < pos; p++) {
      const i = samples[p] as number;
      const w = weights === undefined ? 1 : (weights[i] as number);
      const yi = y[i] as number;
      sqLeft += w * yi * yi;
    }
    const wLeft = this.leftWeight;
    const wRight = this.weightedNNode - wLeft;
    const sqRight = this.sqSumTotal - sqLeft;
    const meanLeft = this.leftSum / wLeft;
    const meanRight = ((this.sumTotal[0] as number) - this.leftSum) / wRight;
    this.impurityLeft = sqLeft / wLeft - meanLeft * meanLeft;
    this.impurityRight = sqRight / wRight - meanRight * meanRight;
    this.childWeightLeft = wLeft;
  }
}

/**
 * Sets a short array to zeros (a plain loop: `fill` costs a builtin call, which
 * outweighs a few stores at every node).
 */
export function zero(a: Float64Array | Int32Array): void {
  for (let i = 0; i < a.length; i++) a[i] = 0;
}

/** Swaps two entries of an index array. */
export function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
