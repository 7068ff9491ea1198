/**
 * Every random draw of a HistGradientBoosting fit, in one place. scikit-learn draws a
 * seed from `random_state` once per fit (`_random_seed`) and uses it for the two random
 * steps: the binning subsample (`rng.choice(n, subsample, replace=False)`) and the
 * early-stopping validation split (`train_test_split`, stratified for classifiers),
 * plus the small training subset scored by a scorer (`resample`).
 *
 * The draws use tunekit's {@link Rng} for now, so a fit is reproducible for a given
 * `randomState` but does not draw the same rows as scikit-learn. When numpy's
 * `RandomState` is available (`lib/core/random-state.ts`), these four functions are the
 * only place to switch.
 */
import { freshSeed, Rng } from '../../../core/rng.js';

/** The fit's seed (scikit-learn's `_random_seed`): drawn from `randomState`, fresh when null. */
export function drawFitSeed(randomState: number | null): number {
  return new Rng(randomState ?? freshSeed()).uint32();
}

/** `size` distinct rows of `n`, for the binning subsample. */
export function subsampleRows(seed: number, n: number, size: number): Int32Array {
  return new Rng(seed).sampleIndices(n, size);
}

/** The rows of a train/validation split. */
export interface TrainValidationRows {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/**
 * The number of validation rows of scikit-learn's `train_test_split`: a fraction in
 * (0, 1) is rounded up, an integer >= 1 is a count.
 */
export function validationSize(n: number, validationFraction: number): number {
  return validationFraction < 1 ? Math.ceil(validationFraction * n) : validationFraction;
}

/**
 * Splits `n` rows into training and validation rows (scikit-learn's `train_test_split`
 * with `test_size=validationFraction`), stratified by `classes` when given: each
 * class keeps its share of the validation rows (largest remainders, ties drawn at
 * random), and both parts are shuffled.
 */
export function validationSplit(seed: number, n: number, validationFraction: number, classes?: Int32Array): TrainValidationRows {
  const nValidation = validationSize(n, validationFraction);
  const rng = new Rng(seed);
  if (classes === undefined) {
    const order = rng.permutation(n);
    return { validation: order.slice(0, nValidation), train: order.slice(nValidation) };
  }
  const picked = stratifiedPick(rng, classes, nValidation);
  const validation = new Int32Array(nValidation);
  const train = new Int32Array(n - nValidation);
  for (let i = 0, v = 0, t = 0; i < n; i++) {
    if (picked[i]) validation[v++] = i;
    else train[t++] = i;
  }
  return { validation: rng.shuffle(validation), train: rng.shuffle(train) };
}

/**
 * `size` distinct rows of `n` drawn without replacement (scikit-learn's `resample`
 * for the small training set scored by a scorer), stratified by `classes` when given.
 */
export function smallTrainingSubset(seed: number, n: number, size: number, classes?: Int32Array): Int32Array {
  const rng = new Rng(seed);
  if (classes === undefined) return rng.sampleIndices(n, size);
  const picked = stratifiedPick(rng, classes, size);
  const out = new Int32Array(size);
  for (let i = 0, k = 0; i < n; i++) if (picked[i]) out[k++] = i;
  return rng.shuffle(out);
}

/** Marks `size` rows, each class taking its proportional share (largest remainders, ties at random). */
function stratifiedPick(rng: Rng, classes: Int32Array, size: number): Uint8Array {
  const n = classes.length;
  let nClasses = 0;
  for (let i = 0; i < n; i++) nClasses = Math.max(nClasses, (classes[i] as number) + 1);
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < n; i++) counts[classes[i] as number]++;
  const take = new Float64Array(nClasses);
  let given = 0;
  for (let c = 0; c < nClasses; c++) {
    take[c] = Math.floor(((counts[c] as number) * size) / n);
    given += take[c] as number;
  }
  // the rows left go to the largest remainders; a random order breaks ties
  const order = rng.permutation(nClasses);
  const remainder = (c: number): number => ((counts[c] as number) * size) / n - (take[c] as number);
  const byRemainder = Array.from(order).sort((a, b) => remainder(b) - remainder(a));
  for (let k = 0; given < size && k < byRemainder.length * 2; k++) {
    const c = byRemainder[k % byRemainder.length] as number;
    if ((take[c] as number) < (counts[c] as number)) {
      take[c]++;
      given++;
    }
  }
  const picked = new Uint8Array(n);
  const members: number[][] = Array.from({ length: nClasses }, () => []);
  for (let i = 0; i < n; i++) (members[classes[i] as number] as number[]).push(i);
  for (let c = 0; c < nClasses; c++) {
    const rows = members[c] as number[];
    rng.shuffle(rows);
    for (let k = 0; k < (take[c] as number); k++) picked[rows[k] as number] = 1;
  }
  return picked;
}
