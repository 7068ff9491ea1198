/**
 * scikit-learn's random splitter (`RandomSplitter` in `sklearn/tree/_splitter.pyx`,
 * scikit-learn 1.2), the splitter of the extremely randomized trees.
 *
 * Features are drawn as the best splitter draws them (Fisher–Yates with the tree's
 * {@link RandR}, known constants skipped, at least one non-constant feature
 * visited). For each drawn feature the node's minimum and maximum are found (a
 * feature spanning at most 1e-7 is constant), one threshold is drawn uniformly
 * between them with the same generator (`rand_uniform`; the maximum itself is
 * replaced by the minimum), the samples are partitioned in place around it, and
 * the split is scored with the criterion's proxy improvement; the first best
 * split wins. No sort: a node costs two passes over its samples per feature.
 *
 * The partition visits each sample once, so the left child's sums are gathered
 * in the same pass, in the order scikit-learn's criterion adds them (forward
 * over the left part, or backwards from the end: both are kept and the one its
 * `update` would take is used), so regression sums round as there.
 */
import { classificationProxy } from './criterion.js';
import { NodeSplitter, swap } from './node-splitter.js';
import type { TreeColumns, TreeTarget } from './tree-data.js';
import { sameFeatureValue } from './tree-data.js';

/** Finds the best of one random split per drawn feature and partitions the samples. */
export class RandomSplitter extends NodeSplitter {
  /** The node's values of the feature being tried, in sample order (float32 values). */
  private readonly xf: Float32Array;
  /** Class codes (classification) or targets (regression). */
  private readonly codes: Int32Array | undefined;
  private readonly y: Float64Array | undefined;
  /** The left weight of the last {@link RandomSplitter.scoreSplit}. */
  private scoredLeftWeight = 0;

  constructor(data: TreeColumns, target: TreeTarget) {
    super(data, target);
    this.xf = new Float32Array(data.nSamples);
    this.codes = target.kind === 'classification' ? target.codes : undefined;
    this.y = target.kind === 'regression' ? target.y : undefined;
  }

  /**
   * Finds the best random split of samples[start, end) (scikit-learn 1.2's
   * `RandomSplitter.node_split`), partitions the samples around it and sets the
   * split fields; `pos === end` means no valid split.
   */
  splitNode(start: number, end: number, impurity: number, nKnownConstants: number): void {
    const { features, samples, xf } = this;
    const { maxFeatures, minSamplesLeaf, rng } = this.settings;
    const nFeatures = this.data.nFeatures;
    const n = this.data.nSamples;
    const columns = this.data.columns;

    let bestProxy = -Infinity;
    let bestPos = end;
    let bestFeature = 0;
    let bestThreshold = 0;
    let lastFeature = -1;

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
      lastFeature = f;

      // the node's values of f, and their range
      const base = f * n;
      let min = columns[base + (samples[start] as number)] as number;
      let max = min;
      xf[start] = min;
      for (let p = start + 1; p < end; p++) {
        const v = columns[base + (samples[p] as number)] as number;
        xf[p] = v;
        if (v < min) min = v;
        else if (v > max) max = v;
      }
      if (sameFeatureValue(min, max)) {
        swap(features, fj, nTotalConstants);
        nFoundConstants++;
        nTotalConstants++;
        continue;
      }
      fi--;
      swap(features, fi, fj);

      let threshold = rng.uniform(min, max);
      if (threshold === max) threshold = min;
      const pos = this.partitionScored(start, end, threshold);
      if (pos - start < minSamplesLeaf || end - pos < minSamplesLeaf) continue;
      const proxy = this.proxy();
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestPos = pos;
        bestFeature = f;
        bestThreshold = threshold;
      }
    }

    if (bestPos < end) {
      // the samples are still partitioned by the last feature tried
      if (lastFeature !== bestFeature) this.partition(start, end, bestFeature, bestThreshold);
      this.finishSplit(start, end, bestPos, impurity);
    }
    this.keepConstants(nKnownConstants, nFoundConstants);

    this.pos = bestPos;
    this.feature = bestFeature;
    this.threshold = bestThreshold;
    this.nConstants = nTotalConstants;
  }

  /**
   * Partitions samples[start, end) (and their values in `xf`) on `xf <= threshold`
   * as scikit-learn does, gathering the left child's sums on the way; returns the
   * first position of the right child.
   */
  private partitionScored(start: number, end: number, threshold: number): number {
    const { samples, xf, weights } = this;
    let p = start;
    let partitionEnd = end;
    if (this.codes !== undefined) {
      const codes = this.codes;
      const sumLeft = this.sumLeft;
      sumLeft.fill(0);
      let wLeft = 0;
      if (weights === undefined) {
        while (p < partitionEnd) {
          if ((xf[p] as number) <= threshold) {
            const c = codes[samples[p] as number] as number;
            sumLeft[c] = (sumLeft[c] as number) + 1;
            p++;
          } else {
            partitionEnd--;
            swapValues(xf, samples, p, partitionEnd);
          }
        }
        wLeft = p - start;
      } else {
        while (p < partitionEnd) {
          if ((xf[p] as number) <= threshold) {
            const i = samples[p] as number;
            const w = weights[i] as number;
            const c = codes[i] as number;
            sumLeft[c] = (sumLeft[c] as number) + w;
            wLeft += w;
            p++;
          } else {
            partitionEnd--;
            swapValues(xf, samples, p, partitionEnd);
          }
        }
      }
      this.scoredLeftWeight = wLeft;
      return p;
    }
    // regression: the left sums forward (in position order) and from the end
    const y = this.y as Float64Array;
    let forwardSum = 0;
    let forwardWeight = 0;
    let backwardSum = this.sumTotal[0] as number;
    let backwardWeight = this.weightedNNode;
    while (p < partitionEnd) {
      if ((xf[p] as number) <= threshold) {
        const i = samples[p] as number;
        const w = weights === undefined ? 1 : (weights[i] as number);
        forwardSum += w * (y[i] as number);
        forwardWeight += w;
        p++;
      } else {
        partitionEnd--;
        swapValues(xf, samples, p, partitionEnd);
        const i = samples[partitionEnd] as number;
        const w = weights === undefined ? 1 : (weights[i] as number);
        backwardSum -= w * (y[i] as number);
        backwardWeight -= w;
      }
    }
    // scikit-learn's update(pos) from start: forward when pos - start <= end - pos
    const forward = p - start <= end - p;
    this.leftSum = forward ? forwardSum : backwardSum;
    this.scoredLeftWeight = forward ? forwardWeight : backwardWeight;
    return p;
  }

  /** The criterion's proxy improvement of the split gathered by the last {@link partitionScored}. */
  private proxy(): number {
    const wLeft = this.scoredLeftWeight;
    const wRight = this.weightedNNode - wLeft;
    if (this.codes !== undefined) return classificationProxy(this.sumLeft, this.sumTotal, wLeft, wRight, this.entropy);
    const yLeft = this.leftSum;
    const yRight = (this.sumTotal[0] as number) - yLeft;
    return (yLeft * yLeft) / wLeft + (yRight * yRight) / wRight;
  }
}

/** Swaps two samples and their values. */
function swapValues(xf: Float32Array, samples: Int32Array, i: number, j: number): void {
  const v = xf[i] as number;
  xf[i] = xf[j] as number;
  xf[j] = v;
  const s = samples[i] as number;
  samples[i] = samples[j] as number;
  samples[j] = s;
}
