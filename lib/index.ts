/**
 * tunekit: scikit-learn's model selection and Keras Tuner's tuners for TypeScript.
 *
 * This file only re-exports; every name is defined in its own module.
 * TensorFlow.js is never loaded by importing this module: the Keras wrappers
 * import it lazily when a network is first built.
 *
 * Studies in a storage (`./search/storage/`, re-exported through `./search/`):
 * `MemoryStorage`, `JournalStorage` (an append-only file, the embedded default
 * for durable runs), `PostgresStorage` (many workers), `openStorage` (a storage
 * from a path or a `postgresql://` URL), `runWorker` (a process that runs the
 * trials of a study), and the errors `StudyNotFoundError`, `StudyMismatchError`,
 * `DuplicatedStudyError`, `StorageError`, `TrialClaimLostError`. Every search
 * (`GridSearchCV`, `RandomizedSearchCV`, `BayesSearchCV`, the halving and
 * Hyperband searches) and every tuner takes `storage` and `studyName`, and
 * resumes the study when it exists.
 * @example
 * ```ts
 * import { GridSearchCV, JournalStorage, Ridge } from 'tunekit';
 * const storage = new JournalStorage('ridge.jsonl');
 * await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { storage, studyName: 'ridge' }).fit(X, y); // killed? run it again
 * ```
 * @module tunekit
 */
export * from './core/index.js';
export * from './datasets/index.js';
export * from './metrics/index.js';
export * from './estimators/index.js';
export * from './search/index.js';
export * from './model-selection/index.js';
export * from './optimize/index.js';
export * from './keras/index.js';
export * from './tuner/index.js';
