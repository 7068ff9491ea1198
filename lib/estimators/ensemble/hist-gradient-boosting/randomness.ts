/**
 * Every random draw of a HistGradientBoosting fit, in one place, as scikit-learn 1.2
 * draws it. `fit` takes one seed from `random_state` (`_random_seed =
 * rng.randint(np.iinfo(np.uint32).max, dtype="u8")`, `rng =
 * check_random_state(random_state)`), and each random step starts a fresh numpy
 * `RandomState(_random_seed)`:
 *
 * - the early-stopping split: `train_test_split(..., test_size=validation_fraction,
 *   stratify=y for classifiers, random_state=_random_seed)`, the first split of a
 *   ShuffleSplit or StratifiedShuffleSplit;
 * - the binning subsample (`_BinMapper`): `rng.choice(n, subsample, replace=False)`;
 * - the training rows a scorer sees (`_get_small_trainset`): `resample(...,
 *   n_samples=10000, replace=False, random_state=seed, stratify=y_train for
 *   classifiers)`.
 *
 * The same `randomState` therefore gives scikit-learn's rows, and so its trees.
 */
import type { RandomStateLike } from '../../../core/check-random-state.js';
import { resolveRandomState } from '../../../core/check-random-state.js';
import { ValidationError } from '../../../core/errors.js';
import { RandomState } from '../../../core/random-state.js';
import type { ClassMembers } from '../../../core/random-splits.js';
import { classMembers, permutationSplit, resampleRows, stratifiedSplit } from '../../../core/random-splits.js';

/** numpy's `np.iinfo(np.uint32).max`: the fit seed is drawn below it. */
const UINT32_MAX = 2 ** 32 - 1;

/**
 * The fit's seed (scikit-learn's `_random_seed`): `randint(2^32 - 1, dtype="u8")`
 * from a fresh `RandomState(seed)` for a seed, from the object itself for a
 * {@link RandomState} (which advances), from a freshly seeded one for null.
 */
export function drawFitSeed(randomState: RandomStateLike | null): number {
  return resolveRandomState(randomState).randint(0, UINT32_MAX, 1, 'uint64')[0] as number;
}

/** `size` distinct rows of `n` for the binning subsample: `RandomState(seed).choice(n, size, replace=False)`. */
export function subsampleRows(seed: number, n: number, size: number): Int32Array {
  return Int32Array.from(new RandomState(seed).choice(n, { size, replace: false }));
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
 * Splits `n` rows into training and validation rows as scikit-learn's
 * `train_test_split(test_size=validationFraction, random_state=seed)` does, stratified
 * by the class codes `classes` when given (a classifier). Both parts come in the
 * split's random order, as scikit-learn's.
 *
 * @throws {ValidationError} when stratifying is impossible (as scikit-learn refuses):
 *   a class with a single row, or fewer training or validation rows than classes.
 */
export function validationSplit(owner: string, seed: number, n: number, validationFraction: number, classes?: Int32Array): TrainValidationRows {
  const nValidation = validationSize(n, validationFraction);
  const nTrain = n - nValidation;
  const rng = new RandomState(seed);
  if (classes === undefined) {
    const [train, validation] = permutationSplit(n, nTrain, nValidation, rng);
    return { train, validation };
  }
  const members = classMembers(classes);
  checkStratifiable(owner, members, nTrain, nValidation, validationFraction);
  const [train, validation] = stratifiedSplit(members, nTrain, nValidation, rng);
  return { train, validation };
}

function checkStratifiable(owner: string, members: ClassMembers, nTrain: number, nValidation: number, validationFraction: number): void {
  const nClasses = members.counts.length;
  const smallest = Math.min(...members.counts);
  if (smallest < 2) {
    throw new ValidationError(
      `The early-stopping validation split of ${owner} is stratified, and the least populated class in y has only 1 member, which is too few: ` +
        'every class needs at least 2. Set earlyStopping: false or validationFraction: null, or provide more rows of that class.',
      { owner, argument: 'y', value: smallest, expected: 'at least 2 members in every class (early stopping with validation rows)' },
    );
  }
  for (const [part, size] of [
    ['validation', nValidation],
    ['training', nTrain],
  ] as const) {
    if (size < nClasses) {
      throw new ValidationError(
        `The early-stopping split of ${owner} would hold ${size} ${part} row${size === 1 ? '' : 's'}, fewer than the ${nClasses} classes: ` +
          `every class needs a row in it (validationFraction is ${validationFraction}). ${part === 'validation' ? 'Increase' : 'Reduce'} validationFraction.`,
        { owner, argument: 'validationFraction', value: validationFraction, expected: `a ${part} part of at least ${nClasses} rows` },
      );
    }
  }
}

/**
 * `size` distinct rows of `n` (at most `n`), for the training rows a scorer sees:
 * scikit-learn's `resample(arange(n), n_samples=size, replace=False,
 * random_state=seed, stratify=classes)`, in its order.
 */
export function smallTrainingSubset(seed: number, n: number, size: number, classes?: Int32Array): Int32Array {
  return resampleRows(n, size, new RandomState(seed), classes === undefined ? undefined : classMembers(classes));
}
