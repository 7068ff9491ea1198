/**
 * Subsampling for the `nSamples` resource, index for index as scikit-learn's
 * `_SubsampleMetaSplitter`: at each iteration, every split's train and test
 * indices are cut to `int(fraction * length)` by `resample(indices,
 * replace=False, n_samples=..., random_state=random_state)`, i.e. the first rows
 * of numpy's legacy shuffle of `arange(length)` (a `permutation`).
 *
 * With an integer `randomState` each call starts a fresh `RandomState(seed)`, so
 * every iteration of the same resource cuts the same rows. A {@link RandomState}
 * object is shared, as scikit-learn shares it: the candidates are drawn from it
 * first, then every cut of every iteration, in iteration order, split by split,
 * train before test. Internal: not exported from the package.
 */
import type { RandomStateLike } from '../core/check-random-state.js';
import { resolveRandomState } from '../core/check-random-state.js';
import { resampleRows } from '../core/random-splits.js';
import type { SplitPair } from './split/base.js';

/**
 * `sklearn.utils.resample(indices, replace=False, n_samples=n, random_state=randomState)`:
 * the first `n` of a numpy legacy permutation of the positions, in that order.
 */
export function resampleWithoutReplacement(indices: Int32Array, n: number, randomState: RandomStateLike): Int32Array {
  const positions = resampleRows(indices.length, n, resolveRandomState(randomState));
  return Int32Array.from(positions, (p) => indices[p] as number);
}

/**
 * One split cut to `budget` of the data's `nSamples` rows, as
 * `_SubsampleMetaSplitter(fraction=budget / nSamples, subsample_test=True)` does.
 */
export function subsampleSplit(train: Int32Array, test: Int32Array, budget: number, nSamples: number, randomState: RandomStateLike): SplitPair {
  const fraction = budget / nSamples;
  return [
    resampleWithoutReplacement(train, Math.trunc(fraction * train.length), randomState),
    resampleWithoutReplacement(test, Math.trunc(fraction * test.length), randomState),
  ];
}

/**
 * The splits of each iteration of a search over the `nSamples` resource, cut to
 * the iteration's budget. For a seed, a budget's cut depends on nothing else. For a
 * shared {@link RandomState}, the cuts are drawn in iteration order from the
 * point the stream had when the subsampler was made (after the candidates), so
 * asking for a later budget first (a resumed or joined study) draws the earlier
 * iterations' cuts before it, and gives scikit-learn's rows all the same.
 *
 * One difference remains with a shared RandomState: when `aggressiveElimination`
 * repeats the first resource, scikit-learn draws a new cut at each repetition,
 * while the iterations of one resource share the first one here (the
 * evaluator asks by budget).
 */
export class HalvingSubsampler {
  private readonly drawn: SplitPair[][] = [];

  /**
   * @param randomState the search's seed, or the RandomState the candidates were drawn from
   * @param budgets the resource of each iteration, in order (for a shared RandomState)
   */
  constructor(
    private readonly randomState: RandomStateLike,
    private readonly budgets: readonly number[] = [],
  ) {}

  /** The splits cut to `budget` rows of the data's `nSamples`. */
  cut(splits: readonly SplitPair[], budget: number, nSamples: number): SplitPair[] {
    const cutAll = (b: number): SplitPair[] => splits.map(([train, test]) => subsampleSplit(train, test, b, nSamples, this.randomState));
    const iteration = this.budgets.indexOf(budget);
    if (typeof this.randomState === 'number' || iteration < 0) return cutAll(budget);
    while (this.drawn.length <= iteration) this.drawn.push(cutAll(this.budgets[this.drawn.length] as number));
    return this.drawn[iteration] as SplitPair[];
  }
}
