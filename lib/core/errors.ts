/**
 * The error classes of tunekit.
 *
 * Few classes, with a clear split: a {@link ValidationError} (bad data) or an
 * {@link InvalidParameterError} (bad option or parameter) is raised before any
 * expensive work starts and escapes a search; a failure inside one trial is
 * recorded as data, unless it is a {@link FatalError}. An `InvalidParameterError`
 * that an estimator raises only inside `fit` (a combination of params it refuses
 * then) is such a failure: a cross-validated search records that fit as failed,
 * as scikit-learn does.
 *
 * Messages are built in `core/validate.ts` so that they share one shape.
 */

/** The base class of every error tunekit raises on purpose. */
export class TunekitError extends Error {
  override name = 'TunekitError';
}

/** What a {@link ValidationError} knows about the input it rejected. */
export interface ValidationErrorDetails {
  /** Who checked the input: a class, a function or a method (`KFold`, `crossValidate`). */
  readonly owner: string;
  /** The argument, option or parameter that was rejected (`nSplits`, `X`). */
  readonly argument: string;
  /** The value received (may be a summary for large inputs). */
  readonly value: unknown;
  /** What was expected, in words. */
  readonly expected: string;
}

/**
 * Bad input data or a bad argument to a function: ragged or non-finite X, lengths
 * that disagree, an empty array, labels of the wrong type, more splits than samples.
 */
export class ValidationError extends TunekitError {
  override name = 'ValidationError';
  readonly owner: string;
  readonly argument: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(message: string, details: ValidationErrorDetails) {
    super(message);
    this.owner = details.owner;
    this.argument = details.argument;
    this.value = details.value;
    this.expected = details.expected;
  }
}

/**
 * An option or estimator parameter with a value outside what its owner accepts, or
 * an unknown parameter name. Raised at construction, by `setParams`, or before a
 * search starts, and then it escapes the search. An estimator also raises it from
 * `fit` for a combination of params it refuses only then (LogisticRegression's
 * penalty 'l1' with solver 'lbfgs'): in a cross-validated search (and
 * `crossValidate`) that fit is a failed fit like any other, its score
 * `errorScore`, as in scikit-learn.
 */
export class InvalidParameterError extends ValidationError {
  override name = 'InvalidParameterError';
}

/** A method that needs a fitted estimator was called before `fit`. */
export class NotFittedError extends TunekitError {
  override name = 'NotFittedError';
}

/** Every fit of a search or cross-validation failed; the message summarises why. */
export class FitFailedError extends TunekitError {
  override name = 'FitFailedError';
}

/**
 * An error that must end a search rather than be recorded as one failed trial
 * (Keras Tuner's `FatalError`). Raise it from an objective or estimator to stop.
 */
export class FatalError extends TunekitError {
  override name = 'FatalError';
}

/** An operation was stopped by an `AbortSignal` or a timeout. */
export class AbortError extends TunekitError {
  override name = 'AbortError';
}

/**
 * True when `error`, escaping a study's objective (a trial, a tuner's trial, a
 * search's candidate), should end the study instead of being recorded as a failed
 * trial: a {@link FatalError} or an {@link InvalidParameterError} (a parameter the
 * trial's code set wrongly would fail every trial alike).
 *
 * The fits of a cross-validated search are judged by a narrower rule
 * (`endsSearch` of model-selection's `fit-and-score`): only a `FatalError` thrown
 * by a candidate's `fit` or score ends the search; an `InvalidParameterError` from
 * `fit` is a failed fit, recorded with `errorScore`, as in scikit-learn 1.2.
 * @example
 * ```ts
 * isFatal(new FatalError('out of disk')); // true
 * isFatal(new RangeError('diverged')); // false
 * ```
 */
export function isFatal(error: unknown): boolean {
  return error instanceof FatalError || error instanceof InvalidParameterError;
}

/** The message of any thrown value, for recording in results. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Thrown inside an objective (or raised by the engine on `shouldPrune()`) to end a
 * trial early: the trial is recorded as `pruned` with its last reported value.
 */
export class TrialPruned extends TunekitError {
  override name = 'TrialPruned';
}

/**
 * A warning turned into an error by `filterWarnings('error', category)` (Python's
 * `warnings.simplefilter('error')`). `category` is the warning's category.
 */
export class WarningError extends TunekitError {
  override name = 'WarningError';
  constructor(
    message: string,
    readonly category: string,
  ) {
    super(message);
  }
}
