/**
 * The random splitter for regression trees: scikit-learn's in-place partition at
 * each threshold tried, with the left child's sums gathered in the same pass in
 * the order scikit-learn's criterion adds them (forward over the left part, or
 * backwards from the end: both are kept and the one its `update` would take is
 * used), so the float sums, and so the splits, round as there.
 */
import { RandomSplitter } from './random-splitter.js';
import type { TreeColumns } from './tree-data.js';

/** {@link RandomSplitter} for a real target (squared error). */
export class RandomRegressionSplitter extends RandomSplitter {
  private readonly y: Float64Array;
  /** The left weight of the last {@link RandomRegressionSplitter.scoreThreshold}. */
  private scoredLeftWeight = 0;

  constructor(data: TreeColumns, target: { readonly kind: 'regression'; readonly y: Float64Array }) {
    super(data, target);
    this.y = target.y;
  }

  /**
   * Partitions samples[start, end) (and their values in `xf`) on `xf <= threshold`
   * as scikit-learn does, gathering the left child's sums on the way; returns the
   * first position of the right child.
   */
  protected scoreThreshold(start: number, end: number, threshold: number): number {
    const { samples, xf, weights, y } = this;
    let p = start;
    let partitionEnd = end;
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
        const v = xf[p] as number;
        xf[p] = xf[partitionEnd] as number;
        xf[partitionEnd] = v;
        const i = samples[p] as number;
        samples[p] = samples[partitionEnd] as number;
        samples[partitionEnd] = i;
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

  protected proxy(): number {
    const wLeft = this.scoredLeftWeight;
    const wRight = this.weightedNNode - wLeft;
    const yLeft = this.leftSum;
    const yRight = (this.sumTotal[0] as number) - yLeft;
    return (yLeft * yLeft) / wLeft + (yRight * yRight) / wRight;
  }

  protected keepBest(): void {
    // the children's sums are recomputed from the final partition, as scikit-learn does
  }

  protected applySplit(start: number, end: number, pos: number, feature: number, threshold: number, lastFeature: number, impurity: number): void {
    // the samples are still partitioned by the last feature tried
    if (lastFeature !== feature) this.partition(start, end, feature, threshold);
    this.finishSplit(start, end, pos, impurity);
  }
}
