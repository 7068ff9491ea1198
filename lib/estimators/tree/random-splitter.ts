/**
 * scikit-learn's random splitter (`RandomSplitter` in `sklearn/tree/_splitter.pyx`,
 * scikit-learn 1.2), the splitter of the extremely randomized trees.
 *
 * Features are drawn as the best splitter draws them (Fisher–Yates with the tree's
 * {@link RandR}, known constants skipped, at least one non-constant feature
 * visited). For each drawn feature the node's minimum and maximum are found (a
 * feature spanning at most 1e-7 is constant), one threshold is drawn uniformly
 * between them with the same generator (`rand_uniform`; the maximum itself is
 * replaced by the minimum), and the split is scored with the criterion's proxy
 * improvement; the first best split wins. No sort: a node costs two passes over
 * its samples per feature.
 *
 * How a threshold is scored and the samples partitioned depends on the target:
 * {@link RandomClassificationSplitter} and {@link RandomRegressionSplitter}.
 */
import { NodeSplitter, swap } from './node-splitter.js';
import type { TreeColumns } from './tree-data.js';
import { sameFeatureValue } from './tree-data.js';

/** The feature loop of the random splitter; subclasses score a threshold and apply the split kept. */
export abstract class RandomSplitter extends NodeSplitter {
  /** The node's values of the feature being tried, in sample order (float32 values). */
  protected readonly xf: Float32Array;
  /** The smallest and largest value of the feature read by the last {@link RandomSplitter.gather}. */
  protected nodeMin = 0;
  protected nodeMax = 0;

  constructor(data: TreeColumns, target: ConstructorParameters<typeof NodeSplitter>[1]) {
    super(data, target);
    this.xf = new Float32Array(data.nSamples);
  }

  /**
   * Reads the node's values of feature `f` (into `xf`) and their range (into
   * `nodeMin`/`nodeMax`); returns false when the feature is constant in the node.
   */
  protected gather(f: number, start: number, end: number): boolean {
    const { samples, xf } = this;
    const columns = this.data.columns;
    const base = f * this.data.nSamples;
    let min = columns[base + (samples[start] as number)] as number;
    let max = min;
    xf[start] = min;
    for (let p = start + 1; p < end; p++) {
      const v = columns[base + (samples[p] as number)] as number;
      xf[p] = v;
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    this.nodeMin = min;
    this.nodeMax = max;
    return !sameFeatureValue(min, max);
  }

  /**
   * Scores the split of samples[start, end) at `threshold` on the values read by
   * the last {@link RandomSplitter.gather} (the feature just tried); returns the first position of the right child and
   * leaves the proxy improvement for {@link RandomSplitter.proxy}.
   */
  protected abstract scoreThreshold(start: number, end: number, threshold: number): number;

  /** The proxy improvement of the last {@link RandomSplitter.scoreThreshold}. */
  protected abstract proxy(): number;

  /** Keeps what the last scored split needs for {@link RandomSplitter.applySplit} (it became the best). */
  protected abstract keepBest(): void;

  /**
   * Partitions samples[start, end) on the kept split and sets the children's
   * impurities and the improvement. `lastFeature` is the feature read by the last
   * {@link RandomSplitter.gather} (by which a subclass may have left the samples
   * partitioned).
   */
  protected abstract applySplit(start: number, end: number, pos: number, feature: number, threshold: number, lastFeature: number, impurity: number): void;

  /**
   * Finds the best random split of samples[start, end) (scikit-learn 1.2's
   * `RandomSplitter.node_split`), partitions the samples around it and sets the
   * split fields; `pos === end` means no valid split.
   */
  splitNode(start: number, end: number, impurity: number, nKnownConstants: number): void {
    const features = this.features;
    const { maxFeatures, minSamplesLeaf, rng } = this.settings;
    const nFeatures = this.data.nFeatures;

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
      if (!this.gather(f, start, end)) {
        swap(features, fj, nTotalConstants);
        nFoundConstants++;
        nTotalConstants++;
        continue;
      }
      fi--;
      swap(features, fi, fj);

      const min = this.nodeMin;
      const max = this.nodeMax;
      let threshold = rng.uniform(min, max);
      if (threshold === max) threshold = min;
      const pos = this.scoreThreshold(start, end, threshold);
      if (pos - start < minSamplesLeaf || end - pos < minSamplesLeaf) continue;
      const proxy = this.proxy();
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestPos = pos;
        bestFeature = f;
        bestThreshold = threshold;
        this.keepBest();
      }
    }

    if (bestPos < end) this.applySplit(start, end, bestPos, bestFeature, bestThreshold, lastFeature, impurity);
    this.keepConstants(nKnownConstants, nFoundConstants);

    this.pos = bestPos;
    this.feature = bestFeature;
    this.threshold = bestThreshold;
    this.nConstants = nTotalConstants;
  }
}
