/**
 * BaseSearchCV: what every cross-validated search shares (scikit-learn's
 * `BaseSearchCV`). It owns input validation, scorers, the CV splits, cloning,
 * timing, the failure policy, ranking, refit and delegation; a subclass only says
 * which sampler proposes the candidates.
 *
 * Under the hood a search is a {@link Study}: the sampler proposes parameter sets,
 * the objective cross-validates a clone of the estimator on every split (each
 * (candidate, split) fit goes through an executor), and each candidate becomes a
 * trial whose attributes hold its per-split results. `cvResults` is assembled
 * from the trials.
 */
import { setMaxListeners } from 'node:events';
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../core/data.js';
import { validateMatrix, validateTarget } from '../core/data.js';
import { AbortError, FitFailedError, InvalidParameterError, NotFittedError, TrialPruned } from '../core/errors.js';
import type { AnyEstimator, FitOptions, ParamsOf } from '../core/estimator.js';
import { clone, isClassifier } from '../core/estimator.js';
import {
  booleanValue,
  checkKnownKeys,
  checkParam,
  formatValue,
  functionValue,
  integerIn,
  oneOf,
  realIn,
  satisfies,
} from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { Scorer, Scoring } from '../metrics/scorer.js';
import { checkScoring } from '../metrics/scorer.js';
import type { Executor } from '../search/executor/executor.js';
import { resolveJobs } from '../search/executor/worker-pool-executor.js';
import { toTransferable } from '../core/transfer.js';
import type { ParallelBackend } from './fit-executor.js';
import { createFitExecutor, runSplit } from './fit-executor.js';
import type { Sampler } from '../search/sampler.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { ObjectiveResult, Pruner, StopReason, TrialContext } from '../search/study.js';
import { Study, TrialInterrupted } from '../search/study.js';
import type { Trial } from '../search/trial.js';
import type { FitAndScoreContext, FitAndScoreTask, SplitResult } from './fit-and-score.js';
import { summarizeFailures } from './fit-and-score.js';
import { progressPrinter } from './progress.js';
import type { CandidateRecord, CvResults, RefitSpec } from './results.js';
import { buildCvResults, mean, resultsTable, selectBestIndex, toCSV, toJSON } from './results.js';
import { EventQueue } from './event-queue.js';
import { subsampleSplit } from './halving-subsample.js';
import type { PruneOn } from './split-pruning.js';
import { SplitPruning, checkPrunerOptions } from './split-pruning.js';
import type { SearchEvent } from './search-events.js';
import type { OpenedStudy, SearchStorageOptions } from './search-study.js';
import { checkStorageOptions, openStudy, prepareStudy, recordedSplits, searchFingerprint, splitHashes, splitKey } from './search-study.js';
import type { StorageBackend } from '../search/storage/storage.js';
import type { CvLike, SplitPair } from './split/index.js';
import { checkCv } from './split/index.js';

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

/** Options shared by every cross-validated search. */
export interface SearchCVOptions {
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
  /** The score of a split whose fit fails, or `'raise'` to stop with the error. @default NaN */
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
  /** Seconds after which the search stops with partial results. @default undefined */
  readonly timeout?: number | undefined;
  /** Stops the search with partial results when aborted. @default undefined */
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
   * Keras wrappers), watched during the first split's fit (needs `nJobs: 1`).
   * @default 'splits'
   */
  readonly pruneOn?: PruneOn | undefined;
  /**
   * Where the trials are kept: a storage (`new JournalStorage(path)`,
   * `new PostgresStorage(url)`, `new MemoryStorage()`), or a journal path or a
   * `postgresql://` URL. With `studyName`, each split's result is recorded as it
   * finishes; a search run again with the same study resumes it, and worker
   * processes (`tunekit worker`) can run its trials. See docs/distributed.md.
   * @default undefined (in memory, gone with the process)
   */
  readonly storage?: StorageBackend | string | undefined;
  /** The study's name in `storage` (both or neither). @default undefined */
  readonly studyName?: string | undefined;
  /** Resume the study when it exists (false: an existing study is an error). @default true */
  readonly loadIfExists?: boolean | undefined;
  /** Resume even when the stored study was made by a different search (space, scoring, estimator, data). @default false */
  readonly ignoreMismatch?: boolean | undefined;
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
  /** Stops the worker (running trials end first). @default undefined */
  readonly signal?: AbortSignal | undefined;
  /** Seconds after which the worker stops. @default undefined */
  readonly timeout?: number | undefined;
}

/** What a worker did. */
export interface WorkSummary {
  /** Why it returned: 'exhausted' when the study is finished. */
  readonly stopReason: StopReason;
  /** The study's trials when it returned. */
  readonly trials: readonly Trial[];
}

type RunMode = { readonly kind: 'fit' } | { readonly kind: 'work'; readonly options: WorkOptions; result?: WorkSummary };

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
  'storage',
  'studyName',
  'loadIfExists',
  'ignoreMismatch',
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
  if (o.timeout !== undefined) checkParam(owner, 'timeout', o.timeout, realIn({ min: 0, minInclusive: false }), kind);
  checkPrunerOptions(owner, o.pruner, o.pruneOn);
  checkStorageOptions(owner, o);
  if (o.loadIfExists !== undefined) checkParam(owner, 'loadIfExists', o.loadIfExists, booleanValue, kind);
  if (o.ignoreMismatch !== undefined) checkParam(owner, 'ignoreMismatch', o.ignoreMismatch, booleanValue, kind);
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

/** The plain-data part of a split result, as kept in trial records. */
function splitRecord(r: SplitResult): SplitResult {
  return {
    candidate: r.candidate,
    split: r.split,
    status: r.status,
    testScores: r.testScores,
    trainScores: r.trainScores,
    fitTime: r.fitTime,
    scoreTime: r.scoreTime,
    error: r.error,
    nTestSamples: r.nTestSamples,
    extras: r.extras,
  };
}

/** What a subclass gets to build its sampler. */
export interface SamplerSetup {
  readonly metrics: readonly string[];
  readonly nSplits: number;
  /** Rows of X. */
  readonly nSamples: number;
  /** Distinct labels of y for a classifier with one target column; undefined otherwise. */
  readonly nClasses: number | undefined;
  /**
   * The study's seed when the search keeps its trials in a shared storage: a
   * sampler that draws at random uses it when no `randomState` was given, so that
   * every process (a resumed search, its workers) draws the same.
   */
  readonly seed?: number | undefined;
}

/**
 * How a search's trial budgets are applied (multi-fidelity searches): resource
 * `'nSamples'` cuts every split to `budget` of the `nSamples` rows, reproducibly
 * from `seed` (scikit-learn's `_SubsampleMetaSplitter`, train and test alike);
 * any other resource is an integer param set to the budget.
 */
export interface BudgetSpec {
  readonly resource: string;
  readonly seed: number;
}

/**
 * The shared machinery of the cross-validated searches. Subclasses implement
 * {@link BaseSearchCV.createSampler} (and may add extra result columns).
 */
export abstract class BaseSearchCV<E extends AnyEstimator> {
  /** The estimator template (never fitted by the search). */
  readonly estimator: E;
  protected readonly searchOptions: SearchCVOptions;
  private readonly ownerName: string;

  private fitted:
    | {
        cvResults: CvResults;
        bestIndex: number | undefined;
        bestScore: number | undefined;
        bestEstimator: E | undefined;
        refitTime: number | undefined;
        nSplits: number;
        multimetric: boolean;
        scorers: Readonly<Record<string, Scorer>>;
        refitMetric: string | undefined;
        stopReason: StopReason;
        trials: readonly Trial[];
      }
    | undefined;

  protected constructor(owner: string, estimator: E, options: SearchCVOptions, extraOptionNames: readonly string[]) {
    this.ownerName = owner;
    if (typeof estimator !== 'object' || estimator === null || typeof (estimator as { fit?: unknown }).fit !== 'function') {
      throw new InvalidParameterError(
        `The "estimator" argument of ${owner} must be an estimator (an object with getParams, setParams and fit). Got ${formatValue(estimator)} instead.`,
        { owner, argument: 'estimator', value: estimator, expected: 'an estimator' },
      );
    }
    checkSearchOptions(owner, options, extraOptionNames);
    this.estimator = estimator;
    this.searchOptions = options;
  }

  /** The sampler that proposes this search's candidates. Called once per fit. */
  protected abstract createSampler(setup: SamplerSetup): Sampler;

  /** Extra result columns (e.g. halving's `iter`), placed first. */
  protected extraColumns(): readonly string[] {
    return [];
  }

  /** The values of the extra columns for a trial. */
  protected extraValues(_trial: Trial): Readonly<Record<string, unknown>> | undefined {
    return undefined;
  }

  /** How trial budgets are applied; undefined (the default) ignores budgets. Called once per fit, after createSampler. */
  protected budgetSpec(): BudgetSpec | undefined {
    return undefined;
  }

  /**
   * What the search explores, for the study's fingerprint: the grid, the
   * distributions or the search spaces; for a subclass with none of those, the
   * candidates of its sampler.
   */
  protected describeSpace(sampler: Sampler): unknown {
    const self = this as { paramGrid?: unknown; paramDistributions?: unknown; searchSpaces?: unknown };
    return self.paramGrid ?? self.paramDistributions ?? self.searchSpaces ?? (sampler as { candidates?: unknown }).candidates ?? null;
  }

  /** The index of the best candidate (halving searches choose among the last iteration). */
  protected selectBest(cvResults: CvResults, refit: RefitSpec, refitMetric: string): number | undefined {
    return selectBestIndex(cvResults, refit, refitMetric, this.ownerName);
  }

  /** The class name, for messages. */
  protected get owner(): string {
    return this.ownerName;
  }

  private get state(): NonNullable<BaseSearchCV<E>['fitted']> {
    if (this.fitted === undefined) {
      throw new NotFittedError(`This ${this.ownerName} instance is not fitted yet. Call "fit" with appropriate arguments before using this attribute.`);
    }
    return this.fitted;
  }

  /** The results, one entry per evaluated candidate in each column (scikit-learn's `cv_results_`). */
  get cvResults(): CvResults {
    return this.state.cvResults;
  }
  /** The index of the best candidate in `cvResults` (undefined without a finite score). */
  get bestIndex(): number | undefined {
    return this.state.bestIndex;
  }
  /** The best candidate's params. */
  get bestParams(): Partial<ParamsOf<E>> | undefined {
    const s = this.state;
    return s.bestIndex === undefined ? undefined : (s.cvResults.params[s.bestIndex] as Partial<ParamsOf<E>>);
  }
  /** The best candidate's mean test score for the refit metric (undefined when refit is a function). */
  get bestScore(): number | undefined {
    return this.state.bestScore;
  }
  /** The best candidate refitted on all the data (undefined with `refit: false`). */
  get bestEstimator(): E | undefined {
    return this.state.bestEstimator;
  }
  /** Seconds spent refitting the best candidate. */
  get refitTime(): number | undefined {
    return this.state.refitTime;
  }
  /** The number of CV splits. */
  get nSplits(): number {
    return this.state.nSplits;
  }
  /** True when several metrics were scored. */
  get multimetric(): boolean {
    return this.state.multimetric;
  }
  /** The scorer (single metric) or the record of scorers (multi-metric). */
  get scorer(): Scorer | Readonly<Record<string, Scorer>> {
    const s = this.state;
    return s.multimetric ? s.scorers : (s.scorers.score as Scorer);
  }
  /** Why the search ended: 'exhausted' (all candidates ran), 'timeout', 'aborted', 'callback'. */
  get stopReason(): StopReason {
    return this.state.stopReason;
  }
  /** The trial records of the search's study. */
  get trials(): readonly Trial[] {
    return this.state.trials;
  }

  /** The results as rows, one object per candidate. */
  resultsTable(): Record<string, unknown>[] {
    return resultsTable(this.cvResults);
  }
  /** The results as CSV text. */
  toCSV(): string {
    return toCSV(this.cvResults);
  }
  /** The results as JSON text. */
  toJSON(): string {
    return toJSON(this.cvResults);
  }



  /**
   * Writes a self-contained HTML report of the fitted search (history, parallel
   * coordinates, slices, top 10, failures, time per trial, learning curves,
   * parameter importance) and returns its path. Options are those of
   * `searchReport` (`SearchReportOptions` in `tunekit`'s report module), which is
   * loaded only when this is called.
   * @example
   * ```ts
   * await search.report('search.html');
   * ```
   */
  async report(path: string, options: object = {}): Promise<string> {
    const { searchReport } = await import('../report/index.js');
    return (await searchReport(this, path, options)).path;
  }

  /**
   * Runs the search: cross-validates every candidate the sampler proposes, then
   * refits the best on all data.
   *
   * @throws {ValidationError} on bad X, y or groups; {@link InvalidParameterError}
   *   on a bad option or a candidate with unknown params (before any fit);
   *   {@link FitFailedError} when every fit failed.
   */
  async fit(X: MatrixLike, y?: TargetLike, options: SearchFitOptions = {}): Promise<this> {
    for await (const event of this.stream(X, y, options)) void event;
    return this;
  }

  /**
   * Runs trials of this search's study in its shared storage until the study is
   * finished (or the timeout, or the signal), without assembling results or
   * refitting: what a worker process does (`runWorker`, `tunekit worker`). The
   * study must exist (the search script creates it) and match this search.
   *
   * @throws `StudyNotFoundError` naming the studies there; `StudyMismatchError`
   *   when this search differs from the one that created the study.
   * @example
   * ```ts
   * const { stopReason } = await search.work({ X, y }, { storage: 'postgresql://db/tuning', studyName: 'svc' });
   * ```
   */
  async work(data: SearchData, options: WorkOptions = {}): Promise<WorkSummary> {
    checkKnownKeys(`${this.ownerName}.work`, options, ['storage', 'studyName', 'nJobs', 'signal', 'timeout'], 'option');
    const mode: RunMode = { kind: 'work', options };
    const fitOpts: SearchFitOptions = { groups: data.groups, fitOptions: data.fitOptions, signal: options.signal, timeout: options.timeout };
    await this.run(data.X, data.y, fitOpts, progressPrinter(this.ownerName, this.searchOptions.verbose ?? 0), new AbortController().signal, mode);
    return mode.result as WorkSummary;
  }

  /**
   * Runs the search as a stream of typed events (candidate start, split end, new
   * best, failure, refit, done). Leaving the loop early stops the search.
   *
   * @example
   * ```ts
   * for await (const event of search.stream(X, y)) {
   *   if (event.type === 'new-best') console.log(event.candidate, event.score);
   * }
   * ```
   */
  async *stream(X: MatrixLike, y?: TargetLike, options: SearchFitOptions = {}): AsyncGenerator<SearchEvent, void, undefined> {
    const queue = new EventQueue<SearchEvent>();
    const stop = new AbortController();
    const print = progressPrinter(this.ownerName, this.searchOptions.verbose ?? 0);
    const emit = (event: SearchEvent): void => {
      print(event);
      queue.push(event);
    };
    const running = this.run(X, y, options, emit, stop.signal).then(
      () => queue.close(),
      (error: unknown) => queue.fail(error),
    );
    let finished = false;
    try {
      for await (const event of queue) yield event;
      finished = true;
    } finally {
      if (!finished) stop.abort(new AbortError('The consumer left the event stream.'));
      await running;
    }
  }

  private async run(
    Xin: MatrixLike,
    yin: TargetLike | undefined,
    fitOpts: SearchFitOptions,
    emit: (event: SearchEvent) => void,
    streamSignal: AbortSignal,
    mode: RunMode = { kind: 'fit' },
  ): Promise<void> {
    const opened: { study?: OpenedStudy; close?: () => Promise<void> } = {};
    try {
      await this.execute(Xin, yin, fitOpts, emit, streamSignal, mode, opened);
    } finally {
      await (opened.study?.close ?? opened.close)?.();
    }
  }

  private async execute(
    Xin: MatrixLike,
    yin: TargetLike | undefined,
    fitOpts: SearchFitOptions,
    emit: (event: SearchEvent) => void,
    streamSignal: AbortSignal,
    mode: RunMode,
    opened: { study?: OpenedStudy; close?: () => Promise<void> },
  ): Promise<void> {
    const owner = `${this.ownerName}.fit`;
    checkKnownKeys(owner, fitOpts, ['groups', 'signal', 'timeout', 'fitOptions', 'runTrials'], 'option');
    const work = mode.kind === 'work' ? mode.options : undefined;
    const o: SearchCVOptions = work === undefined ? this.searchOptions : { ...this.searchOptions, storage: work.storage ?? this.searchOptions.storage, studyName: work.studyName ?? this.searchOptions.studyName, nJobs: work.nJobs ?? this.searchOptions.nJobs };
    if (work !== undefined) {
      checkSearchOptions(`${this.ownerName}.work`, { storage: o.storage, studyName: o.studyName, nJobs: o.nJobs }, []);
      if (o.storage === undefined) {
        throw new InvalidParameterError(`${this.ownerName}.work needs a storage and a study name: pass { storage, studyName } (or give them to the search).`, {
          owner: `${this.ownerName}.work`, argument: 'storage', value: undefined, expected: 'a storage and a study name',
        });
      }
    }
    const X = validateMatrix(Xin, { owner });
    const y = yin === undefined ? undefined : validateTarget(yin, { owner, nSamples: X.rows, allowMultiOutput: true });
    const groups = fitOpts.groups === undefined ? undefined : validateTarget(fitOpts.groups, { owner, argument: 'groups', nSamples: X.rows });

    const { multimetric, scorers } = checkScoring(o.scoring, { owner: this.ownerName, estimator: this.estimator });
    const metrics = Object.keys(scorers);
    const refit = o.refit ?? true;
    const refitMetric = this.checkRefit(refit, multimetric, metrics);
    const splitter = checkCv(o.cv, y, { classifier: isClassifier(this.estimator) });
    const splits: SplitPair[] = [...splitter.split(X, y, groups)];
    if (splits.length === 0) {
      throw new InvalidParameterError(`The "cv" option of ${this.ownerName} gave no splits; there is nothing to evaluate.`, {
        owner: this.ownerName,
        argument: 'cv',
        value: o.cv,
        expected: 'a splitter yielding at least one split',
      });
    }
    const nSplits = splits.length;
    const errorScore = o.errorScore ?? NaN;
    const returnTrainScore = o.returnTrainScore ?? false;

    const nClasses = isClassifier(this.estimator) && y !== undefined && !Array.isArray((y as ArrayLike<unknown>)[0]) ? new Set(Array.from(y as ArrayLike<unknown>)).size : undefined;
    const storageOptions: SearchStorageOptions | undefined =
      o.storage === undefined ? undefined : { storage: o.storage, studyName: o.studyName as string, loadIfExists: o.loadIfExists, ignoreMismatch: o.ignoreMismatch };
    // a shared study's seed is known before the sampler is made, so that every process draws the same
    const prepared = storageOptions === undefined ? undefined : await prepareStudy(storageOptions);
    if (prepared?.owned === true) opened.close = () => prepared.backend.close();
    let sampler = this.createSampler({ metrics, nSplits, nSamples: X.rows, nClasses, seed: prepared?.seed });
    if (prepared !== undefined && storageOptions !== undefined) {
      const fingerprint = searchFingerprint({
        owner: this.ownerName, estimator: this.estimator, space: this.describeSpace(sampler), options: this.searchOptions,
        metrics, refitMetric, X, y, groups, splits,
      });
      const spec = { name: storageOptions.studyName, directions: ['maximize' as const], fingerprint, settings: { seed: prepared.seed, owner: this.ownerName } };
      opened.study = await openStudy(prepared, spec, storageOptions, work === undefined ? 'create' : 'join');
      // another process created the study first, with its own seed
      if (opened.study.seed !== prepared.seed) sampler = this.createSampler({ metrics, nSplits, nSamples: X.rows, nClasses, seed: opened.study.seed });
    }
    const shared = opened.study;
    const hashes = new WeakMap<readonly SplitPair[], string[]>();
    const hashesOf = (pairs: readonly SplitPair[]): string[] => {
      let h = hashes.get(pairs);
      if (h === undefined) hashes.set(pairs, (h = splitHashes(pairs)));
      return h;
    };
    const parallel = resolveJobs(this.ownerName, o.nJobs) > 1;
    this.precheckCandidates(sampler, parallel);
    const budget = this.budgetSpec();
    const subsampled = new Map<number, SplitPair[]>();
    const splitsFor = (b: number | undefined): SplitPair[] => {
      if (b === undefined || budget?.resource !== 'nSamples') return splits;
      let cut = subsampled.get(b);
      if (cut === undefined) subsampled.set(b, (cut = splits.map(([train, test]) => subsampleSplit(train, test, b, X.rows, budget.seed))));
      return cut;
    };
    const pruning = o.pruner === undefined ? undefined : new SplitPruning(this.ownerName, o.pruner, o.pruneOn ?? 'splits', parallel);

    const context: FitAndScoreContext = {
      estimator: this.estimator,
      X,
      y,
      groups,
      scorers,
      errorScore,
      returnTrainScore,
      fitOptions: fitOpts.fitOptions,
    };
    const executor: Executor<FitAndScoreTask, SplitResult> = createFitExecutor(context, {
      owner: this.ownerName,
      nJobs: o.nJobs,
      scoring: o.scoring,
      backend: o.parallelBackend,
      maxMemoryMb: o.maxMemoryMb,
    });
    const primary = refitMetric ?? (metrics[0] as string);
    const study = new Study({ sampler, direction: 'maximize', randomState: 0, storage: shared?.study, shared: shared !== undefined });
    const callbacks = o.callbacks === undefined ? [] : Array.isArray(o.callbacks) ? (o.callbacks as SearchCallback[]) : [o.callbacks as SearchCallback];
    let bestValue = -Infinity;
    const paramsByCandidate = new Map<number, ParamSet>();

    emit({ type: 'start', nCandidates: sampler.plannedTrials, nSplits, metrics });

    const objective = async (params: ParamSet, ctx: TrialContext): Promise<ObjectiveResult> => {
      const candidate = ctx.trialId;
      paramsByCandidate.set(candidate, params);
      emit({ type: 'candidate-start', candidate, params, budget: ctx.budget });
      const started = performance.now();
      // a param resource is set to the trial's budget; 'nSamples' cuts the splits instead
      const fitParams = ctx.budget !== undefined && budget !== undefined && budget.resource !== 'nSamples' ? { ...params, [budget.resource]: ctx.budget } : params;
      const candidateSplits = splitsFor(ctx.budget);
      // shared storage: each split's result is recorded as it finishes, and reused when the trial is run again
      const recorded = shared === undefined ? undefined : recordedSplits(ctx.attrs);
      const runOne = async (split: number, report?: FitAndScoreTask['report']): Promise<SplitResult> => {
        const key = recorded === undefined ? undefined : splitKey(fitParams, ctx.budget, split, hashesOf(candidateSplits)[split] as string, budget?.seed ?? 0);
        const prior = key === undefined ? undefined : recorded?.get(key);
        if (prior !== undefined) {
          const reused: SplitResult = { ...prior, candidate };
          emit({ type: 'split-end', candidate, params, result: reused });
          if (reused.status === 'failed') emit({ type: 'failure', candidate, split, params, error: reused.error ?? '' });
          return reused;
        }
        const [train, test] = candidateSplits[split] as SplitPair;
        const task: FitAndScoreTask = { candidate, split, params: fitParams, train, test, report };
        const result = await runSplit(executor, task, metrics, returnTrainScore, errorScore, ctx.signal);
        emit({ type: 'split-end', candidate, params, result });
        if (result.status === 'failed') emit({ type: 'failure', candidate, split, params, error: result.error ?? '' });
        const record = splitRecord(result);
        if (key !== undefined && (record.status === 'ok' || record.status === 'failed')) await ctx.setAttrs({ [key]: record });
        return record;
      };
      const summarize = (results: readonly SplitResult[]) => ({
        splits: results,
        meanScores: Object.fromEntries(metrics.map((m) => [m, mean(results.map((r) => r.testScores[m] ?? NaN))])),
      });
      const results =
        pruning === undefined
          ? await Promise.all(candidateSplits.map((_, split) => runOne(split)))
          : await pruning
              .run({
                ctx, params, nSplits, metrics, primary, returnTrainScore, runOne, record: summarize,
                testSizes: candidateSplits.map(([, test]) => test.length),
              })
              .catch((error: unknown) => {
                if (error instanceof TrialPruned) {
                  const meanScores = Object.fromEntries(metrics.map((m) => [m, NaN]));
                  emit({ type: 'candidate-end', candidate, params, meanScores, seconds: (performance.now() - started) / 1000 });
                }
                throw error;
              });
      // shared storage: a candidate cut off by a timeout or an abort is left unfinished, its finished splits recorded;
      // the next run (or a worker) re-runs only the splits that did not finish
      if (shared !== undefined && results.some((r) => r.status === 'timeout')) {
        throw new TrialInterrupted(`${this.ownerName}: the search was stopped before candidate ${candidate} finished; it resumes from its recorded splits.`);
      }
      const { meanScores } = summarize(results);
      const value = meanScores[primary] ?? NaN;
      emit({ type: 'candidate-end', candidate, params, meanScores, seconds: (performance.now() - started) / 1000 });
      if (!Number.isNaN(value) && value > bestValue) {
        bestValue = value;
        emit({ type: 'new-best', candidate, params, score: value, metric: primary });
      }
      return { values: [value], attrs: { splits: results, meanScores } };
    };

    const sigint = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts > 1) process.exit(130);
      process.stderr.write(`\n${this.ownerName}: interrupted; stopping with the finished candidates (Ctrl-C again to exit now).\n`);
      sigint.abort(new AbortError('SIGINT'));
    };
    // a worker (work) leaves signals to its runner (runWorker stops after the running trial): an
    // aborted trial would be recorded as complete with 'timeout' splits, never to run again
    if ((o.handleSigint ?? true) && mode.kind !== 'work') process.on('SIGINT', onSigint);
    const signals = [streamSignal, sigint.signal, fitOpts.signal ?? o.signal].filter((s): s is AbortSignal => s !== undefined);
    const combined = AbortSignal.any(signals);
    setMaxListeners(0, combined);
    let stopReason: StopReason;
    try {
      stopReason = shared !== undefined && fitOpts.runTrials === false
        ? await study.waitUntilFinished({ signal: combined, timeout: fitOpts.timeout ?? o.timeout })
        : await study.optimize(objective, {
        signal: combined,
        timeout: fitOpts.timeout ?? o.timeout,
        concurrency: executor.concurrency,
        onTrialEnd: async (trial) => {
          if (callbacks.length === 0) return undefined;
          const info: CandidateEndInfo = {
            candidate: trial.id,
            params: trial.params,
            meanScores: (trial.attrs.meanScores as Record<string, number> | undefined) ?? {},
            trial,
          };
          let verdict: 'stop' | undefined;
          for (const cb of callbacks) {
            const fn = typeof cb === 'function' ? cb : cb.onTrialEnd;
            const out: unknown = await fn?.(info);
            if (out === true || out === 'stop') verdict = 'stop';
          }
          return verdict;
        },
      });
    } finally {
      process.off('SIGINT', onSigint);
      await executor.close();
    }

    if (mode.kind === 'work') {
      mode.result = { stopReason, trials: study.trials };
      return;
    }
    // with a shared storage, trials still waiting or running elsewhere (timeout, abort) are left out
    const trials = shared === undefined ? study.trials : study.trials.filter((t) => t.state !== 'running');
    const records: CandidateRecord[] = trials.map((t) => ({
      params: t.params,
      splits: ((t.attrs.splits as SplitResult[] | undefined) ?? []).slice(),
      extra: this.extraValues(t),
    }));
    const allSplits = records.flatMap((r) => r.splits.filter((s): s is SplitResult => s !== undefined));
    const failures = summarizeFailures(allSplits, errorScore, (c) => paramsByCandidate.get(c) ?? study.trials[c]?.params ?? {});
    if (failures.allFailed) throw new FitFailedError(failures.message);
    if (failures.message !== undefined) warn(failures.message, 'FitFailedWarning');

    const cvResults = buildCvResults(records, { metrics, nSplits, returnTrainScore, extraColumns: this.extraColumns() });
    for (const m of metrics) {
      const means = cvResults[`mean_test_${m}`] as number[];
      // a pruned candidate's NaN mean is expected, not a warning
      if (means.some((v, i) => !Number.isFinite(v) && trials[i]?.state !== 'pruned') && stopReason === 'exhausted') {
        warn(`One or more of the test scores are non-finite: ${formatValue(means)}`, 'UserWarning');
        break;
      }
    }

    let bestIndex: number | undefined;
    let bestScore: number | undefined;
    if (refit !== false || !multimetric) {
      bestIndex = this.selectBest(cvResults, refit, refitMetric ?? 'score');
      if (bestIndex !== undefined && typeof refit !== 'function' && refitMetric !== undefined) {
        bestScore = (cvResults[`mean_test_${refitMetric}`] as number[])[bestIndex];
      }
      if (bestIndex === undefined) warn(`${this.ownerName}: no candidate has a finite mean test score; no best candidate was chosen.`, 'UserWarning');
    }

    let bestEstimator: E | undefined;
    let refitTime: number | undefined;
    if (refit !== false && bestIndex !== undefined) {
      const params = cvResults.params[bestIndex] as ParamSet;
      const t0 = performance.now();
      bestEstimator = clone(this.estimator).setParams(params as Partial<ParamsOf<E>>);
      await bestEstimator.fit(X, y, fitOpts.fitOptions);
      refitTime = (performance.now() - t0) / 1000;
      emit({ type: 'refit', params, seconds: refitTime });
    }

    this.fitted = {
      cvResults,
      bestIndex,
      bestScore,
      bestEstimator,
      refitTime,
      nSplits,
      multimetric,
      scorers,
      refitMetric,
      stopReason,
      trials,
    };
    emit({ type: 'done', reason: stopReason, nCandidates: trials.length, bestIndex, bestScore });
  }

  /** The metric the best candidate is chosen by (undefined for a refit function). */
  private checkRefit(refit: RefitSpec, multimetric: boolean, metrics: readonly string[]): string | undefined {
    if (typeof refit === 'function') return undefined;
    if (!multimetric) {
      if (typeof refit === 'string' && refit !== 'score' && refit !== (this.searchOptions.scoring as unknown)) {
        throw new InvalidParameterError(
          `The "refit" option of ${this.ownerName} names the metric ${formatValue(refit)}, but the search scores a single metric. Use refit: true.`,
          { owner: this.ownerName, argument: 'refit', value: refit, expected: 'true, false or a function' },
        );
      }
      return 'score';
    }
    if (refit === true) {
      throw new InvalidParameterError(
        `For multi-metric scoring, the "refit" option of ${this.ownerName} must be a metric name or a function choosing the best index, ` +
          `so that the best candidate and its refit are defined; use refit: false if they are not needed. Got true instead. Valid metric names: ${metrics.map((m) => `"${m}"`).join(', ')}.`,
        { owner: this.ownerName, argument: 'refit', value: refit, expected: 'a metric name, a function or false' },
      );
    }
    if (refit === false) return undefined;
    if (!metrics.includes(refit)) {
      throw new InvalidParameterError(
        `The "refit" option of ${this.ownerName} must name one of the scored metrics (${metrics.map((m) => `"${m}"`).join(', ')}). Got ${formatValue(refit)} instead.`,
        { owner: this.ownerName, argument: 'refit', value: refit, expected: `one of ${metrics.join(', ')}` },
      );
    }
    return refit;
  }

  /**
   * Applies every candidate a fixed-list sampler will propose to a clone, so an
   * unknown or invalid param fails before any fit.
   */
  private precheckCandidates(sampler: Sampler, parallel: boolean): void {
    const candidates = (sampler as { candidates?: readonly ParamSet[] }).candidates;
    if (candidates === undefined) return;
    if (parallel) candidates.forEach((params, i) => toTransferable(params, `candidate ${i} params`));
    const seenKeySets = new Set<string>();
    for (const params of candidates) {
      const keys = Object.keys(params).sort().join('\u0000');
      const probe = clone(this.estimator);
      try {
        probe.setParams(params);
      } catch (error) {
        if (error instanceof InvalidParameterError && !seenKeySets.has(keys)) {
          throw new InvalidParameterError(
            `${this.ownerName}: the candidate ${formatValue(params)} cannot be set on ${this.estimator.constructor.name}. ${error.message}`,
            { owner: this.ownerName, argument: error.argument, value: error.value, expected: error.expected },
          );
        }
        throw error;
      }
      seenKeySets.add(keys);
    }
  }

  private requireBest(method: string): E {
    const s = this.state;
    if (s.bestEstimator === undefined) {
      throw new NotFittedError(
        `${this.ownerName} has no best estimator: it was built with refit: false (or no candidate scored). ` +
          `"${method}" is available only after refitting on the best parameters; refit one yourself with bestParams.`,
      );
    }
    return s.bestEstimator;
  }

  /** Predicts with the best estimator. */
  async predict(X: MatrixLike): Promise<Label[] | Float64Array | number[][]> {
    const best = this.requireBest('predict') as unknown as { predict?: (X: MatrixLike) => Promise<Label[] | Float64Array | number[][]> };
    if (typeof best.predict !== 'function') throw new InvalidParameterError(`The best estimator of ${this.ownerName} has no predict method.`, { owner: this.ownerName, argument: 'estimator', value: best, expected: 'a predictor' });
    return best.predict(X);
  }

  /** Class probabilities from the best estimator. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    return this.delegate<number[][]>('predictProba', X);
  }

  /** Decision values from the best estimator. */
  async decisionFunction(X: MatrixLike): Promise<Float64Array | number[][]> {
    return this.delegate<Float64Array | number[][]>('decisionFunction', X);
  }

  /** Transforms X with the best estimator. */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    return this.delegate<DenseMatrix>('transform', X);
  }

  /** The classes of the best estimator. */
  get classes(): readonly Label[] {
    const best = this.requireBest('classes') as unknown as { classes?: readonly Label[] };
    if (best.classes === undefined) throw new InvalidParameterError(`The best estimator of ${this.ownerName} is not a classifier.`, { owner: this.ownerName, argument: 'estimator', value: best, expected: 'a classifier' });
    return best.classes;
  }

  /** Scores the best estimator on (X, y) with the refit metric's scorer (or its own score). */
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    const best = this.requireBest('score');
    const s = this.state;
    const scorer = s.scorers[s.refitMetric ?? 'score'] ?? s.scorers.score;
    if (scorer === undefined) {
      throw new InvalidParameterError(`${this.ownerName}.score needs a refit metric; the search was built with a refit function.`, {
        owner: this.ownerName,
        argument: 'refit',
        value: this.searchOptions.refit,
        expected: 'a metric name',
      });
    }
    return scorer(best as never, X, y);
  }

  private async delegate<R>(method: string, X: MatrixLike): Promise<R> {
    const best = this.requireBest(method) as unknown as Record<string, ((X: MatrixLike) => Promise<R>) | undefined>;
    const fn = best[method];
    if (typeof fn !== 'function') {
      throw new InvalidParameterError(`The best estimator of ${this.ownerName} (${best.constructor?.name}) has no ${method} method.`, {
        owner: this.ownerName,
        argument: method,
        value: best,
        expected: `an estimator with ${method}`,
      });
    }
    return fn.call(best, X);
  }
}
