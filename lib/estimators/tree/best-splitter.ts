/**
 * scikit-learn's best splitter (`BestSplitter` in `sklearn/tree/_splitter.pyx`)
 * on tunekit's prepared data, with the criteria of {@link NodeSplitter}.
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
import { classificationProxy } from './criterion.js';
import { NodeSplitter, swap } from './node-splitter.js';
import type { TreeData, TreeTarget } from './tree-data.js';
import { FeatureSorter, sameFeatureValue } from './tree-data.js';

export type { SplitCriterion, SplitterSettings } from './node-splitter.js';

/** Finds the best split of a node and partitions its samples. */
export class BestSplitter extends NodeSplitter {
  protected declare readonly data: TreeData;
  private readonly sorter: FeatureSorter;
  private readonly xf: Float64Array;
  private readonly hist: Float64Array;
  private readonly binCount: Int32Array;
  /** The proxy improvement of the split returned by the last scan. */
  private scanProxy = -Infinity;
  /** The values on either side of the split returned by the last scan. */
  private scanLow = 0;
  private scanHigh = 0;

  constructor(data: TreeData, target: TreeTarget) {
    super(data, target);
    const n = data.nSamples;
    this.sorter = new FeatureSorter(data);
    this.xf = new Float64Array(n);
    this.hist = new Float64Array(2 * n + 64 + this.nValues);
    this.binCount = new Int32Array(data.maxDistinct + 1);
  }

  /**
   * Finds the best split of samples[start, end) (scikit-learn's
   * `BestSplitter.node_split`), partitions the samples around it and sets the
   * split fields (`pos`, `feature`, ...); `pos === end` means no valid split.
   */
  splitNode(start: number, end: number, impurity: number, nKnownConstants: number): void {
    const { features, samples, sorter } = this;
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
      this.partition(start, end, bestFeature, bestThreshold);
      this.finishSplit(start, end, bestPos, impurity);
    }
    this.keepConstants(nKnownConstants, nFoundConstants);

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
      if (nLeft > 0 && !sameFeatureValue(previous, v) && nLeft >= minLeaf && m - nLeft >= minLeaf) {
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
      while (p + 1 < end && sameFeatureValue(xf[p] as number, xf[p + 1] as number)) p++;
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
}
