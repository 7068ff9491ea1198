/**
 * The random row selections scikit-learn's splitters and `resample` make, draw for
 * draw on a numpy {@link RandomState}: a shuffled split (`ShuffleSplit`), a
 * stratified one (`StratifiedShuffleSplit`, with `_approximate_mode`), and
 * `sklearn.utils.resample` without replacement (plain or stratified).
 *
 * They live in `core` so that the splitters of `model-selection` and the
 * estimators that split or subsample their data themselves (HistGradientBoosting's
 * early-stopping split and scoring subset, the halving searches' subsamples) share
 * one implementation. Internal: not exported from the package.
 */
import type { RandomState } from './random-state.js';

/** A train/test pair of row indices. */
export type RowSplit = [train: Int32Array, test: Int32Array];

/**
 * How many of `nDraws` draws each class gets: the (approximate) mode of the
 * multivariate hypergeometric distribution (scikit-learn's `_approximate_mode`).
 * Each class gets the floor of its proportional share; the draws left over go to
 * the classes with the largest remainders, each group of equal remainders passed
 * through `rng.choice(..., replace=false)` as scikit-learn does (so the draws are
 * consumed even when the whole group is taken).
 */
export function approximateMode(classCounts: readonly number[], nDraws: number, rng: RandomState): number[] {
  let total = 0;
  for (const c of classCounts) total += c;
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map((x) => Math.floor(x));
  let needToAdd = Math.trunc(nDraws - floored.reduce((a, b) => a + b, 0));
  if (needToAdd > 0) {
    const remainder = continuous.map((x, i) => x - (floored[i] as number));
    const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => {
        if (r === value) inds.push(i);
      });
      const addNow = Math.min(inds.length, needToAdd);
      for (const i of rng.choice(inds, { size: addNow, replace: false })) floored[i] = (floored[i] as number) + 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/**
 * One split of `ShuffleSplit`: `rng.permutation(n)`, its first `nTest` entries the
 * test rows and the next `nTrain` the training rows, in that random order.
 */
export function permutationSplit(n: number, nTrain: number, nTest: number, rng: RandomState): RowSplit {
  const order = rng.permutation(n);
  return [order.slice(nTest, nTest + nTrain), order.slice(0, nTest)];
}

/** The rows of each class and the class sizes, for the stratified draws. */
export interface ClassMembers {
  /** The rows of each class, in increasing order. */
  readonly members: readonly Int32Array[];
  /** The size of each class. */
  readonly counts: readonly number[];
}

/**
 * The rows of each class present in `codes`, classes in increasing code order (as
 * `np.unique(y, return_inverse=True)` numbers them): a code that no row has gets
 * no class, as in scikit-learn.
 */
export function classMembers(codes: ArrayLike<number>): ClassMembers {
  let nCodes = 0;
  for (let i = 0; i < codes.length; i++) nCodes = Math.max(nCodes, (codes[i] as number) + 1);
  const byCode = new Array<number>(nCodes).fill(0);
  for (let i = 0; i < codes.length; i++) byCode[codes[i] as number] = (byCode[codes[i] as number] as number) + 1;
  const classOf = new Int32Array(nCodes).fill(-1);
  const counts: number[] = [];
  byCode.forEach((count, code) => {
    if (count > 0) {
      classOf[code] = counts.length;
      counts.push(count);
    }
  });
  const members = counts.map((c) => new Int32Array(c));
  const filled = new Int32Array(counts.length);
  for (let i = 0; i < codes.length; i++) {
    const k = classOf[codes[i] as number] as number;
    (members[k] as Int32Array)[filled[k]++] = i;
  }
  return { members, counts };
}

/**
 * One split of `StratifiedShuffleSplit._iter_indices`: the per-class training and
 * test counts by {@link approximateMode} (training first), a permutation of each
 * class's rows (its first rows train, the next ones test), then each set
 * permuted. The sizes must fit (scikit-learn checks them before drawing).
 */
export function stratifiedSplit(classes: ClassMembers, nTrain: number, nTest: number, rng: RandomState): RowSplit {
  const { members, counts } = classes;
  const trainPerClass = approximateMode(counts, nTrain, rng);
  const remaining = counts.map((c, i) => c - (trainPerClass[i] as number));
  const testPerClass = approximateMode(remaining, nTest, rng);
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  let a = 0;
  let b = 0;
  members.forEach((rows, k) => {
    const perm = rng.permutation(rows.length);
    const nTrainK = trainPerClass[k] as number;
    const end = nTrainK + (testPerClass[k] as number);
    for (let m = 0; m < nTrainK; m++) train[a++] = rows[perm[m] as number] as number;
    for (let m = nTrainK; m < end; m++) test[b++] = rows[perm[m] as number] as number;
  });
  return [rng.shuffle(train), rng.shuffle(test)];
}

/**
 * `sklearn.utils.resample(np.arange(n), n_samples=nSamples, replace=False,
 * random_state=rng, stratify=...)`: without `classes`, the first `nSamples` of a
 * shuffled `0..n-1`; with them, {@link approximateMode} counts per class, each
 * class's rows drawn by `rng.choice(rows, count, replace=False)`, and the whole
 * permuted. `nSamples` must be at most `n`.
 */
export function resampleRows(n: number, nSamples: number, rng: RandomState, classes?: ClassMembers): Int32Array {
  if (classes === undefined) return rng.permutation(n).slice(0, nSamples);
  const perClass = approximateMode(classes.counts, nSamples, rng);
  const out = new Int32Array(nSamples);
  let k = 0;
  classes.members.forEach((rows, c) => {
    // rng.choice(rows, m, replace=False) is rows[rng.permutation(len(rows))[:m]]
    const perm = rng.permutation(rows.length);
    for (let m = 0; m < (perClass[c] as number); m++) out[k++] = rows[perm[m] as number] as number;
  });
  return rng.shuffle(out);
}
