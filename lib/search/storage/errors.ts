/**
 * The errors of studies and storages. Each message names the study and the
 * storage, says what was found and what to do; the errors about a storage or a
 * study also carry, as fields, the argument that led there, its value and what
 * was expected (as `ValidationError` does for bad input).
 */
import { TunekitError } from '../../core/errors.js';

/** A change to a finished trial was attempted. */
export class UpdateFinishedTrialError extends TunekitError {
  override name = 'UpdateFinishedTrialError';
}

/**
 * A worker wrote to a trial that is no longer its own: its heartbeat lapsed and
 * the trial was re-queued or failed by another worker.
 */
export class TrialClaimLostError extends TunekitError {
  override name = 'TrialClaimLostError';
}

/** Which argument led to a storage or study error, its value and what was expected. */
export interface StorageErrorDetails {
  /** The argument, option or command-line flag (`url`, `path`, `studyName`). */
  readonly argument: string;
  /** The value given (a URL without its password). */
  readonly value: unknown;
  /** What was expected, in words. */
  readonly expected: string;
}

/** The base of the errors that carry {@link StorageErrorDetails}. */
export class StorageDetailsError extends TunekitError {
  override name = 'StorageDetailsError';
  readonly argument: string | undefined;
  readonly value: unknown;
  readonly expected: string | undefined;

  constructor(message: string, details?: StorageErrorDetails) {
    super(message);
    this.argument = details?.argument;
    this.value = details?.value;
    this.expected = details?.expected;
  }
}

/** A storage cannot be used: unreadable or foreign file, unreachable server, newer format. */
export class StorageError extends StorageDetailsError {
  override name = 'StorageError';
}

/** A study of that name already exists (and `loadIfExists` was not given). */
export class DuplicatedStudyError extends StorageDetailsError {
  override name = 'DuplicatedStudyError';
}

/** No study of that name exists in the storage. */
export class StudyNotFoundError extends StorageDetailsError {
  override name = 'StudyNotFoundError';
}

/** The stored study was created with another search space, scoring or data. */
export class StudyMismatchError extends StorageDetailsError {
  override name = 'StudyMismatchError';
  /** The fingerprint parts that differ. */
  readonly parts: readonly string[];

  constructor(message: string, parts: readonly string[], details?: StorageErrorDetails) {
    super(message, details);
    this.parts = parts;
  }
}
