/**
 * scikit-learn's best splitter and its criteria (`BestSplitter` in
 * `sklearn/tree/_splitter.pyx`, `Gini`/`Entropy`/`MSE` in `_criterion.pyx`) on
 * tunekit's prepared data.
 *
 * Candidate features are drawn without replacement (Fisher–Yates over a feature
 * array kept from node to node, known constant features skipped, at least one
 * non-constant feature visited) by scikit-learn's own generator ({@link RandR}),
 * so the features are visited in scikit-learn's order; thresholds lie halfway between consecutive
 * distinct values (values closer than 1e-7 count as equal), splits leaving fewer
 * than `minSamplesLeaf` samples on a side are skipped, and the first split with
 * the best proxy improvement wins. Sample weights (bootstrap counts) weigh the
 * sums; a sample of weight 0 is left out.
 *
 * When a classification node spans few distinct values of a feature, class
 * weights are summed per value instead of sorting the samples; the sums are
 * exact integers, so the split is the same.
 */
import { classificationProxy, entropyOf, giniOf } from './criterion.js';
import type { RandR } from './rand-r.js';
import type { TreeData, TreeTarget } from './tree-data.js';
import { FEATURE_THRESHOLD, FeatureSorter } from './tree-data.js';

/** The split criteria: gini and entropy for classification, squared error for regression. */
export type SplitCriterion = 'gini' | 'entropy' | 'squared_error';

/** What the splitter needs to know about the tree being grown. */
export interface SplitterSettings {
  readonly criterion: SplitCriterion;
  readonly minSamplesLeaf: number;
  /** The number of features to draw at each split (1..nFeatures). */
  readonly maxFeatures: number;
  /** scikit-learn's tree generator, which orders the features a split visits. */
  readonly rng: RandR;
  /** One weight per sample (bootstrap counts); samples of weight 0 are left out. */
  readonly sampleWeight?: Float64Array | undefined;
}

/** Finds the best split of a node and partitions its samples. */
export class BestSplitter {
  /** The samples of the tree, grouped by node: a node owns samples[start, end). */
  readonly samples: Int32Array;
  /** The total weight of the node of the last {@link BestSplitter.initNode}. */
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

  private readonly data: TreeData;
  private readonly target: TreeTarget;
  private readonly nValues: number;
  private readonly sorter: FeatureSorter;
  private readonly xf: Float64Array;
  private readonly hist: Float64Array;
  private readonly binCount: Int32Array;
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private readonly sumTotal: Float64Array;
  private readonly sumLeft: Float64Array;
  private readonly sumRight: Float64Array;
  private settings!: SplitterSettings;
  private entropy = false;
  private weights: Float64Array | undefined;
  private weightedNSamples = 0;
  private sqSumTotal = 0;
  /** The proxy improvement of the split returned by the last scan. */
  private scanProxy = -Infinity;
  /** The values on either side of the split returned by the last scan. */
  private scanLow = 0;
  private scanHigh = 0;
  /** The left weight at the position of the last {@link childrenImpurity}. */
  private childWeightLeft = 0;
  // regression left-child running sums (scikit-learn's update, with its reverse path)
  private leftSum = 0;
  private leftWeight = 0;
  private leftPos = 0;

  constructor(data: TreeData, target: TreeTarget) {
    const n = data.nSamples;
    this.data = data;
    this.target = target;
    this.nValues = target.kind === 'classification' ? target.nClasses : 1;
    this.samples = new Int32Array(n);
    this.sorter = new FeatureSorter(data);
    this.xf = new Float64Array(n);
    this.hist = new Float64Array(2 * n + 64 + this.nValues);
    this.binCount = new Int32Array(data.maxDistinct + 1);
    this.features = new Int32Array(data.nFeatures);
    this.constantFeatures = new Int32Array(data.nFeatures);
    this.sumTotal = new Float64Array(this.nValues);
    this.sumLeft = new Float64Array(this.nValues);
    this.sumRight = new Float64Array(this.nValues);
  }

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
    sumTotal.fill(0);
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

  /** The impurity of the node of the last {@link BestSplitter.initNode}. */
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
    if (this.target.kind === 'classification') out.set(this.sumTotal, offset);
    else out[offset] = (this.sumTotal[0] as number) / this.weightedNNode;
  }

  /**
   * Finds the best split of samples[start, end) (scikit-learn's
   * `BestSplitter.node_split`), partitions the samples around it and sets the
   * split fields (`pos`, `feature`, ...); `pos === end` means no valid split.
   */
  splitNode(start: number, end: number, impurity: number, nKnownConstants: number): void {
    const { features, constantFeatures, samples, sorter } = this;
    const { maxFeatures, minSamplesLeaf, rng } = this.settings;
    const nFeatures = this.data.nFeatures;
    const classification = this.target.kind === 'classification';

    let bestProxy = -Infinity;
    let bestPos = end;
    let bestFeature = 0;
    let bestThreshold = 0;

    let fi = nFeatures;
    let nVisited = 0;
    let nFoundConstants = 0;
    let nDrawnConstants = 0;
    let nTotalConstants = nKnownConstants;

    while (fi > nTotalConstants && (nVisited < maxFeatures || nVisited <= nFoundConstants + nDrawnConstants)) {
      nVisited++;
      let fj = rng.randInt(nDrawnConstants, fi - nFoundConstants);
      if (fj < nKnownConstants) {
        swap(features, nDrawnConstants, fj);
        nDrawnConstants++;
        continue;
      }
      fj += nFoundConstants;
      const f = features[fj] as number;
      if (!sorter.gather(f, samples, start, end)) {
        swap(features, fj, nTotalConstants);
        nFoundConstants++;
        nTotalConstants++;
        continue;
      }
      fi--;
      swap(features, fi, fj);

      let found: number;
      if (classification && (sorter.maxRank - sorter.minRank + 1) * this.nValues <= 2 * (end - start) + 64) {
        found = this.scanClassificationBins(f, start, end, minSamplesLeaf, bestProxy);
      } else {
        sorter.sort(f, samples, start, end, this.xf);
        found = this.scanSorted(start, end, minSamplesLeaf, bestProxy);
      }
      if (found >= 0) {
        bestProxy = this.scanProxy;
        bestPos = found;
        bestFeature = f;
        const low = this.scanLow;
        const high = this.scanHigh;
        let threshold = low / 2 + high / 2;
        if (threshold === high || threshold === Infinity || threshold === -Infinity) threshold = low;
        bestThreshold = threshold;
      }
    }

    if (bestPos < end) {
      // partition like scikit-learn (the order of the samples feeds the float sums)
      const col = this.data.columns;
      const base = bestFeature * this.data.nSamples;
      let partitionEnd = end;
      let p = start;
      while (p < partitionEnd) {
        if ((col[base + (samples[p] as number)] as number) <= bestThreshold) {
          p++;
        } else {
          partitionEnd--;
          swap(samples, p, partitionEnd);
        }
      }
      this.childrenImpurity(start, end, bestPos);
      const wNode = this.weightedNNode;
      const wLeft = this.childWeightLeft;
      const wRight = wNode - wLeft;
      this.improvement =
        (wNode / this.weightedNSamples) *
        (impurity - (wRight / wNode) * this.impurityRight - (wLeft / wNode) * this.impurityLeft);
    }

    // keep the known constants first, in their order, for the siblings and children
    for (let k = 0; k < nKnownConstants; k++) features[k] = constantFeatures[k] as number;
    for (let k = 0; k < nFoundConstants; k++) constantFeatures[nKnownConstants + k] = features[nKnownConstants + k] as number;

    this.pos = bestPos;
    this.feature = bestFeature;
    this.threshold = bestThreshold;
    this.nConstants = nTotalConstants;
  }

  /**
   * The classification scan without sorting, for nodes spanning few distinct
   * values: class weights are summed per distinct value, then the boundaries
   * between consecutive values present are scanned in order. Gives the same
   * splits as sorting (class weights are exact integer sums).
   */
  private scanClassificationBins(f: number, start: number, end: number, minLeaf: number, bestProxy: number): number {
    const { samples, weights, sumLeft } = this;
    const { rankBuffer, minRank, maxRank } = this.sorter;
    const codes = (this.target as { codes: Int32Array }).codes;
    const nClasses = this.nValues;
    const span = maxRank - minRank + 1;
    const hist = this.hist;
    const binCount = this.binCount;
    hist.fill(0, 0, span * nClasses);
    binCount.fill(0, 0, span);
    for (let p = start; p < end; p++) {
      const i = samples[p] as number;
      const b = (rankBuffer[p] as number) - minRank;
      const at = b * nClasses + (codes[i] as number);
      hist[at] = (hist[at] as number) + (weights === undefined ? 1 : (weights[i] as number));
      binCount[b] = (binCount[b] as number) + 1;
    }
    const values = this.data.distinct[f] as Float64Array;
    const m = end - start;
    const wNode = this.weightedNNode;
    sumLeft.fill(0);
    let wLeft = 0;
    let nLeft = 0;
    let previous = NaN;
    let best = -1;
    for (let b = 0; b < span; b++) {
      const count = binCount[b] as number;
      if (count === 0) continue;
      const v = values[minRank + b] as number;
      if (nLeft > 0 && !(v <= previous + FEATURE_THRESHOLD) && nLeft >= minLeaf && m - nLeft >= minLeaf) {
        const proxy = classificationProxy(sumLeft, this.sumTotal, wLeft, wNode - wLeft, this.entropy);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          best = start + nLeft;
          this.scanLow = previous;
          this.scanHigh = v;
        }
      }
      let w = 0;
      for (let c = 0; c < nClasses; c++) {
        const h = hist[b * nClasses + c] as number;
        sumLeft[c] = (sumLeft[c] as number) + h;
        w += h;
      }
      wLeft += w;
      nLeft += count;
      previous = v;
    }
    this.scanProxy = bestProxy;
    return best;
  }

  /**
   * Scans the split positions of the sorted node (scikit-learn's loop over `p` in
   * `node_split`): moves the left child's sums up to each position between two
   * distinct values that leaves `minLeaf` samples on both sides and scores the
   * split with the criterion's proxy improvement. Returns the position of the best
   * split whose proxy beats `bestProxy`, or -1.
   */
  private scanSorted(start: number, end: number, minLeaf: number, bestProxy: number): number {
    const { xf, sumLeft } = this;
    const classification = this.target.kind === 'classification';
    const ySum = this.sumTotal[0] as number;
    const wNode = this.weightedNNode;
    // the left child: classification keeps sumLeft and wLeft over samples[start, pos),
    // regression its running sums (resetLeft/updateLeft)
    if (classification) sumLeft.fill(0);
    else this.resetLeft(start);
    let wLeft = 0;
    let pos = start;
    let best = -1;
    let p = start;
    while (p < end) {
      while (p + 1 < end && (xf[p + 1] as number) <= (xf[p] as number) + FEATURE_THRESHOLD) p++;
      p++;
      if (p >= end) break;
      if (p - start < minLeaf || end - p < minLeaf) continue;
      let proxy: number;
      if (classification) {
        wLeft = this.addClassWeights(sumLeft, pos, p, wLeft);
        pos = p;
        proxy = classificationProxy(sumLeft, this.sumTotal, wLeft, wNode - wLeft, this.entropy);
      } else {
        this.updateLeft(p, end);
        wLeft = this.leftWeight;
        const yLeft = this.leftSum;
        const yRight = ySum - yLeft;
        proxy = (yLeft * yLeft) / wLeft + (yRight * yRight) / (wNode - wLeft);
      }
      if (proxy > bestProxy) {
        bestProxy = proxy;
        best = p;
        this.scanLow = xf[p - 1] as number;
        this.scanHigh = xf[p] as number;
      }
    }
    this.scanProxy = bestProxy;
    return best;
  }

  /**
   * Adds the weights of samples[from, to) to their classes in `sums` and returns
   * `total` plus those weights (added one by one, in sample order).
   */
  private addClassWeights(sums: Float64Array, from: number, to: number, total: number): number {
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

  private resetLeft(start: number): void {
    this.leftSum = 0;
    this.leftWeight = 0;
    this.leftPos = start;
  }

  private updateLeft(newPos: number, end: number): void {
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
  private childrenImpurity(start: number, end: number, pos: number): void {
    const { samples, weights } = this;
    if (this.target.kind === 'classification') {
      const sumLeft = this.sumLeft;
      sumLeft.fill(0);
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

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
