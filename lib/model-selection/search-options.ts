/**
 * The options of the cross-validated searches (those of the constructor, of
 * `fit` and `stream`, and of `work`), their checks, and the callbacks.
 */
import type { MatrixLike, TargetLike, Vector } from '../core/data.js';
import { InvalidParameterError } from '../core/errors.js';
import type { FitOptions } from '../core/estimator.js';
import { booleanValue, checkKnownKeys, checkParam, formatValue, functionValue, integerIn, oneOf, realIn, satisfies } from '../core/validate.js';
import type { Scoring } from '../metrics/scorer.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { StorageBackend, WorkerInfo } from '../search/storage/storage.js';
import type { StudyStorageOptions } from '../search/study-session.js';
import { STUDY_STORAGE_OPTIONS, checkStudyStorageOptions } from '../search/study-session.js';
import type { Pruner, StopReason, StudyHooks } from '../search/study.js';
import type { Trial } from '../search/trial.js';
import type { ParallelBackend } from './fit-executor.js';
import type { RefitSpec } from './results.js';
import type { PruneOn } from './split-pruning.js';
import { checkPrunerOptions } from './split-pruning.js';
import type { CvLike } from './split/index.js';

/** What a search callback receives when a candidate finishes. */
export interface CandidateEndInfo {
  readonly candidate: number;
  readonly params: ParamSet;
  /** Mean test score per metric. */
  readonly meanScores: Readonly<Record<string, number>>;
  /** The candidate's trial record. */
  readonly trial: Trial;
}

/**
 * A callback: a function called when each candidate ends, or an object with an
 * `onTrialEnd` method. Returning `true` or `'stop'` stops the search (finished
 * candidates are kept, as after a timeout).
 */
export type SearchCallback =
  | ((info: CandidateEndInfo) => unknown)
  | { readonly onTrialEnd?: ((info: CandidateEndInfo) => unknown) | undefined };

/**
 * Options shared by every cross-validated search. The storage options
 * (`storage`, `studyName`, `loadIfExists`, `ignoreMismatch`, see
 * {@link StudyStorageOptions}) keep the trials in a study storage: with
 * `studyName`, each split's result is recorded as it finishes; a search run
 * again with the same study resumes it, and worker processes (`tunekit worker`)
 * can run its trials. See docs/distributed.md.
 */
export interface SearchCVOptions extends StudyStorageOptions {
  /**
   * How to score: a scorer name (`'accuracy'`), a scorer function, an array of
   * names, or a record of name -> scorer (multi-metric).
   * @default undefined (the estimator's own `score` method)
   */
  readonly scoring?: Scoring | undefined;
  /**
   * The splits: a number of folds (stratified for classifiers), a splitter, or an
   * iterable of `[train, test]` index pairs.
   * @default 5
   */
  readonly cv?: CvLike | undefined;
  /**
   * Refit the best candidate on all data: `true`, a metric name (required in
   * multi-metric mode), a function of cvResults returning an index, or `false`.
   * @default true
   */
  readonly refit?: RefitSpec | undefined;
  /**
   * The score of a split whose fit or score fails, or `'raise'` to stop the search
   * at the first failure with a `SplitFitError` (the failure as its `cause`, the
   * candidate and split attached). Any error of a candidate's `fit` counts as a
   * failure, an `InvalidParameterError` for a combination of params the estimator
   * refuses only when it fits (LogisticRegression's penalty 'l1' with solver
   * 'lbfgs') included; only a `FatalError` ends the search whatever this is.
   * Failed fits rank last, are summed up in one `FitFailedWarning`, and when every
   * fit fails the search raises a `FitFailedError` (scikit-learn's `error_score`).
   * @default NaN
   */
  readonly errorScore?: number | 'raise' | undefined;
  /** Also score on the training rows. @default false */
  readonly returnTrainScore?: boolean | undefined;
  /** 0 silent, 1 plan and progress bar, 2 a line per candidate, 3 a line per split. @default 0 */
  readonly verbose?: number | undefined;
  /**
   * Parallel workers (-1: one per core). With more than one, (candidate, split)
   * fits run on a pool of worker threads started once per search; the estimator
   * and its params must be transferable (built-in estimators are; see
   * `registerTransferable` for your own). Results equal `nJobs: 1`'s.
   * @default 1
   */
  readonly nJobs?: number | undefined;
  /** Where parallel fits run: threads share X; processes isolate crashes and memory. @default 'threads' */
  readonly parallelBackend?: ParallelBackend | undefined;
  /** Per-worker memory cap in MB (heap for threads, resident memory for processes). @default undefined */
  readonly maxMemoryMb?: number | undefined;
  /** Ctrl-C (SIGINT) stops the search with partial results instead of killing the process; a second Ctrl-C exits. @default true */
  readonly handleSigint?: boolean | undefined;
  /** Called as each candidate ends; may stop the search. @default [] */
  readonly callbacks?: SearchCallback | readonly SearchCallback[] | undefined;
  /**
   * Seconds after which the search stops with partial results: the running
   * fits are stopped (the built-in solvers check the time between iterations,
   * also in-process) and their splits recorded as `timeout`. A fit that does
   * not settle is abandoned then: it may go on in the background unless the
   * estimator honours `FitOptions.signal`.
   * @default undefined
   */
  readonly timeout?: number | undefined;
  /** Stops the search with partial results when aborted (as `timeout`). @default undefined */
  readonly signal?: AbortSignal | undefined;
  /**
   * Stops weak candidates early (`MedianPruner`, `SuccessiveHalvingPruner`...):
   * between splits, or inside fits with `pruneOn`. A pruned candidate keeps the
   * splits it ran; the others get the status `pruned`; its mean score is NaN.
   * @default undefined (no pruning)
   */
  readonly pruner?: Pruner | undefined;
  /**
   * What the pruner watches: `'splits'` (the running mean test score after each
   * split; splits then run one after another), or the name of a value the
   * estimator reports each iteration (`'val_accuracy'`, `'val_loss'` for the
   * Keras wrappers), watched during the first split's fit (in this thread, or on a
   * worker thread with `nJobs > 1`; not with `parallelBackend: 'processes'`).
   * @default 'splits'
   */
  readonly pruneOn?: PruneOn | undefined;
  /**
   * Share work across candidates: fit the candidates that share an expensive
   * per-split intermediate (an estimator's `sharedWork`: Ridge's normal
   * equations, KNN's neighbour lists, SVC's kernel matrix, a pipeline's
   * transformers whose params do not vary...) from one state per split, in
   * warm-start order along C or alpha, and take each split's rows once. The
   * results equal unshared fits', within the solver's tolerance where a warm
   * start changes the path (see docs/shared-work.md). `false` fits every
   * (candidate, split) on its own, as scikit-learn does.
   * @default true
   */
  readonly shareWork?: boolean | undefined;
  /**
   * The memory budget of the shared states and split rows, in MB (split equally
   * among pool workers with `nJobs > 1`): least recently used states are dropped
   * beyond it. The peak is in `search.sharedWork`.
   * @default 1024
   */
  readonly cacheMemoryMb?: number | undefined;
}

/** Options of `fit` and `stream`. */
export interface SearchFitOptions {
  /** Group labels for group splitters. */
  readonly groups?: Vector | undefined;
  /** Stops this fit when aborted (overrides the constructor's). */
  readonly signal?: AbortSignal | undefined;
  /** Seconds for this fit (overrides the constructor's). */
  readonly timeout?: number | undefined;
  /** Options passed to every estimator fit. */
  readonly fitOptions?: FitOptions | undefined;
  /**
   * With a shared storage: run trials in this process too (true), or only create
   * the study, wait for the workers to finish it, then refit (false).
   * @default true
   */
  readonly runTrials?: boolean | undefined;
}

/** The data a worker runs a search's trials on (what a worker module's `data` export gives). */
export interface SearchData {
  readonly X: MatrixLike;
  readonly y?: TargetLike | undefined;
  readonly groups?: Vector | undefined;
  /** Options passed to every estimator fit. */
  readonly fitOptions?: FitOptions | undefined;
}

/** Options of {@link BaseSearchCV.work}. */
export interface WorkOptions {
  /** The storage of the study (overrides the search's own). @default the search's `storage` option */
  readonly storage?: StorageBackend | string | undefined;
  /** The study to work on (overrides the search's own). @default the search's `studyName` option */
  readonly studyName?: string | undefined;
  /** Parallel fits in this worker (overrides the search's own). @default the search's `nJobs` option */
  readonly nJobs?: number | undefined;
  /** Stops the worker: no new trial starts, and the running trials are signalled (their finished splits are kept). @default undefined */
  readonly signal?: AbortSignal | undefined;
  /** Seconds after which the worker stops, as `signal`. @default undefined */
  readonly timeout?: number | undefined;
  /** Drains the worker: no new trial starts, the running trials end normally. @default undefined */
  readonly drain?: AbortSignal | undefined;
  /** This study worker's identity (host, pid and a random part). @default a new one */
  readonly worker?: WorkerInfo | undefined;
  /** What the study loop tells the caller: this worker registered, a trial started, ended, or was lost. @default {} */
  readonly hooks?: StudyHooks | undefined;
}

/** The option names of {@link WorkOptions}. */
export const WORK_OPTION_NAMES = ['storage', 'studyName', 'nJobs', 'signal', 'timeout', 'drain', 'worker', 'hooks'] as const;

/** The option names of {@link SearchFitOptions}. */
export const FIT_OPTION_NAMES = ['groups', 'signal', 'timeout', 'fitOptions', 'runTrials'] as const;

/** What a worker did. */
export interface WorkSummary {
  /** Why it returned: 'exhausted' when the study is finished. */
  readonly stopReason: StopReason;
  /** The study's trials when it returned. */
  readonly trials: readonly Trial[];
}

const SEARCH_OPTION_NAMES = [
  'scoring',
  'cv',
  'refit',
  'errorScore',
  'returnTrainScore',
  'verbose',
  'nJobs',
  'callbacks',
  'timeout',
  'signal',
  'parallelBackend',
  'maxMemoryMb',
  'handleSigint',
  'pruner',
  'pruneOn',
  'shareWork',
  'cacheMemoryMb',
  ...STUDY_STORAGE_OPTIONS,
] as const;

/** Validates the options every search shares; subclasses pass their extra option names. */
export function checkSearchOptions(owner: string, options: object, extraNames: readonly string[]): void {
  checkKnownKeys(owner, options, [...SEARCH_OPTION_NAMES, ...extraNames], 'option');
  const o = options as SearchCVOptions;
  const kind = { kind: 'option' as const };
  if (o.refit !== undefined) checkParam(owner, 'refit', o.refit, [booleanValue, satisfies('a metric name', (v) => typeof v === 'string'), functionValue], kind);
  if (o.errorScore !== undefined) checkParam(owner, 'errorScore', o.errorScore, [oneOf(['raise']), satisfies('a number', (v) => typeof v === 'number')], kind);
  if (o.returnTrainScore !== undefined) checkParam(owner, 'returnTrainScore', o.returnTrainScore, booleanValue, kind);
  if (o.verbose !== undefined) checkParam(owner, 'verbose', o.verbose, integerIn({ min: 0 }), kind);
  if (o.nJobs !== undefined) {
    checkParam(owner, 'nJobs', o.nJobs, [integerIn({ min: 1 }), oneOf([-1])], kind);
  }
  if (o.parallelBackend !== undefined) checkParam(owner, 'parallelBackend', o.parallelBackend, oneOf(['threads', 'processes']), kind);
  if (o.maxMemoryMb !== undefined) checkParam(owner, 'maxMemoryMb', o.maxMemoryMb, realIn({ min: 0, minInclusive: false }), kind);
  if (o.handleSigint !== undefined) checkParam(owner, 'handleSigint', o.handleSigint, booleanValue, kind);
  if (o.shareWork !== undefined) checkParam(owner, 'shareWork', o.shareWork, booleanValue, kind);
  if (o.cacheMemoryMb !== undefined) checkParam(owner, 'cacheMemoryMb', o.cacheMemoryMb, realIn({ min: 0, minInclusive: false }), kind);
  if (o.timeout !== undefined) checkParam(owner, 'timeout', o.timeout, realIn({ min: 0, minInclusive: false }), kind);
  checkPrunerOptions(owner, o.pruner, o.pruneOn);
  checkStudyStorageOptions(owner, o);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new InvalidParameterError(`The "signal" option of ${owner} must be an AbortSignal. Got ${formatValue(o.signal)} instead.`, {
      owner,
      argument: 'signal',
      value: o.signal,
      expected: 'an AbortSignal',
    });
  }
  const callbacks = o.callbacks === undefined ? [] : Array.isArray(o.callbacks) ? o.callbacks : [o.callbacks];
  for (const cb of callbacks as unknown[]) {
    const ok = typeof cb === 'function' || (typeof cb === 'object' && cb !== null && typeof (cb as { onTrialEnd?: unknown }).onTrialEnd === 'function');
    if (!ok) {
      throw new InvalidParameterError(
        `The "callbacks" option of ${owner} must hold functions or objects with an onTrialEnd method. Got ${formatValue(cb)} instead.`,
        { owner, argument: 'callbacks', value: cb, expected: 'a function or { onTrialEnd }' },
      );
    }
  }
}
