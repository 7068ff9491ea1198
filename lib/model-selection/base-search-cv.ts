/**
 * BaseSearchCV: what every cross-validated search shares (scikit-learn's
 * `BaseSearchCV`). A subclass only says which sampler proposes the candidates
 * ({@link BaseSearchCV.createSampler}) and what it explores
 * ({@link BaseSearchCV.describeSpace}); everything else is here.
 *
 * `fit` reads as named steps:
 *
 * 1. validate the data, 2. resolve the scoring, 3. resolve the splits
 *    (`search-inputs.ts`);
 * 4. open the study session: the study storage (a memory study, or the named
 *    study of a storage), its seed, the sampler built once with that seed, and
 *    the study ({@link StudySession});
 * 5. evaluate the candidates: the study runs each candidate the sampler
 *    proposes through a {@link CandidateEvaluator}, which cross-validates a
 *    clone of the estimator on every split through an executor and records
 *    each split in the candidate's trial;
 * 6. select the best candidate from the `cvResults` of the trials and refit it
 *    on all the data (`search-results.ts`).
 *
 * `work` runs steps 1 to 5 on an existing study, as a worker.
 */
import { setMaxListeners } from 'node:events';
import type { MatrixLike, TargetLike, Vector } from '../core/data.js';
import { AbortError, InvalidParameterError } from '../core/errors.js';
import type { AnyEstimator, FitOptions, ParamsOf } from '../core/estimator.js';
import { clone } from '../core/estimator.js';
import { checkKnownKeys, formatValue } from '../core/validate.js';
import { resolveJobs } from '../search/executor/thread-pool-executor.js';
import type { Sampler } from '../search/sampler.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { StudySpec, WorkerInfo } from '../search/storage/storage.js';
import { StudySession } from '../search/study-session.js';
import type { StopReason, Study, StudyHooks } from '../search/study.js';
import type { Trial } from '../search/trial.js';
import type { BudgetSpec } from './candidate-evaluator.js';
import type { FitWarnings } from './candidate-evaluator.js';
import { CandidateEvaluator, summarizeFitWarnings } from './candidate-evaluator.js';
import type { SharedWorkSummary } from './shared-state/shared-work-runner.js';
import { DEFAULT_CACHE_MEMORY_MB } from './shared-state/shared-work-runner.js';
import { EventQueue } from './event-queue.js';
import { FittedSearch } from './fitted-search.js';
import { progressPrinter } from './progress.js';
import type { CvResults, RefitSpec } from './results.js';
import { selectBestIndex } from './results.js';
import type { SearchEvent } from './search-events.js';
import { searchFingerprint } from './search-fingerprint.js';
import type { SearchInputs, SearchScoring } from './search-inputs.js';
import { checkCandidates, classCount, resolveScoring, resolveSplits, validateSearchData } from './search-inputs.js';
import type { SearchCVOptions, SearchData, SearchFitOptions, WorkOptions, WorkSummary } from './search-options.js';
import { FIT_OPTION_NAMES, WORK_OPTION_NAMES, checkSearchOptions } from './search-options.js';
import { chooseBest, searchResults } from './search-results.js';
import { SigintStop, callbackList, callbackVerdict } from './search-stops.js';
import type { SplitPair } from './split/index.js';

export type { BudgetSpec } from './candidate-evaluator.js';
export type { CandidateEndInfo, SearchCallback, SearchCVOptions, SearchData, SearchFitOptions, WorkOptions, WorkSummary } from './search-options.js';
export { checkSearchOptions } from './search-options.js';

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

/** Steps 1 to 3 of a run: the data, the scoring and the splits. */
interface PreparedRun {
  readonly data: SearchInputs;
  readonly scoring: SearchScoring;
  readonly splits: readonly SplitPair[];
}

/** Step 4 of a run: its study session, the sampler (built once, with the session's seed) and the study. */
interface SearchStudy {
  readonly session: StudySession;
  readonly sampler: Sampler;
  readonly study: Study;
}

/** How a run drives its study: its events, what stops it, and what it tells a worker process. */
interface RunControl {
  readonly emit: (event: SearchEvent) => void;
  readonly signals: readonly (AbortSignal | undefined)[];
  readonly timeout: number | undefined;
  /** Ctrl-C stops the run. */
  readonly sigint: boolean;
  /** Run no trial here: wait until the study's workers finish it. */
  readonly waitForWorkers: boolean;
  readonly drain?: AbortSignal | undefined;
  readonly worker?: WorkerInfo | undefined;
  readonly hooks?: StudyHooks | undefined;
}

/**
 * The shared machinery of the cross-validated searches. Subclasses implement
 * {@link BaseSearchCV.createSampler} and {@link BaseSearchCV.describeSpace}
 * (and may add extra result columns, budgets, or their choice of the best).
 */
export abstract class BaseSearchCV<E extends AnyEstimator> extends FittedSearch<E> {
  /** The estimator template (never fitted by the search). */
  readonly estimator: E;
  protected readonly searchOptions: SearchCVOptions;
  /** What shared work did in the last run's evaluation. */
  private sharedWorkSeen: SharedWorkSummary | undefined;
  private fitWarningsSeen: FitWarnings | undefined;

  protected constructor(owner: string, estimator: E, options: SearchCVOptions, extraOptionNames: readonly string[]) {
    super(owner);
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

  /** The sampler that proposes this search's candidates. Called once per run, after {@link BaseSearchCV.checkSamplerSetup}. */
  protected abstract createSampler(setup: SamplerSetup): Sampler;

  /** What the search explores, for its study's fingerprint: the grid, the distributions or the search spaces. */
  protected abstract describeSpace(): unknown;

  /**
   * Checks, before the study is opened, what `createSampler` needs of the data
   * (resources against the number of rows, names against the estimator), so
   * that a bad option fails before a study is created in a storage.
   */
  protected checkSamplerSetup(_setup: SamplerSetup): void {}

  /** Extra result columns (e.g. halving's `iter`), placed first. */
  protected extraColumns(): readonly string[] {
    return [];
  }

  /** The values of the extra columns for a trial. */
  protected extraValues(_trial: Trial): Readonly<Record<string, unknown>> | undefined {
    return undefined;
  }

  /** The trials in the order of the `cvResults` rows (the default: as they ran, by id; halving searches: scikit-learn's row order). */
  protected resultOrder(trials: readonly Trial[]): readonly Trial[] {
    return trials;
  }

  /** How trial budgets are applied; undefined (the default) ignores budgets. Called once per run, after createSampler. */
  protected budgetSpec(): BudgetSpec | undefined {
    return undefined;
  }

  /** The index of the best candidate (halving searches choose among the last iteration). */
  protected selectBest(cvResults: CvResults, refit: RefitSpec, refitMetric: string): number | undefined {
    return selectBestIndex(cvResults, refit, refitMetric, this.owner);
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
   * finished (or the timeout, or the signal, or the drain), without assembling
   * results or refitting: what a worker process does (`runWorker`, `tunekit
   * worker`). The study must exist (the search script creates it) and match
   * this search.
   *
   * @throws `StudyNotFoundError` naming the studies there; `StudyMismatchError`
   *   when this search differs from the one that created the study.
   * @example
   * ```ts
   * const { stopReason } = await search.work({ X, y }, { storage: 'postgresql://db/tuning', studyName: 'svc' });
   * ```
   */
  async work(data: SearchData, options: WorkOptions = {}): Promise<WorkSummary> {
    const owner = `${this.owner}.work`;
    checkKnownKeys(owner, options, WORK_OPTION_NAMES, 'option');
    const base = this.searchOptions;
    const o: SearchCVOptions = { ...base, storage: options.storage ?? base.storage, studyName: options.studyName ?? base.studyName, nJobs: options.nJobs ?? base.nJobs };
    checkSearchOptions(owner, { storage: o.storage, studyName: o.studyName, nJobs: o.nJobs }, []);
    if (o.storage === undefined) {
      throw new InvalidParameterError(`${owner} needs a storage and a study name: pass { storage, studyName } (or give them to the search).`, {
        owner, argument: 'storage', value: undefined, expected: 'a storage and a study name',
      });
    }
    const run = this.prepare(o, data.X, data.y, data.groups, data.fitOptions);
    const search = await this.openStudy(o, run, 'join');
    try {
      const stopReason = await this.evaluateCandidates(o, run, search, {
        emit: progressPrinter(this.owner, base.verbose ?? 0),
        signals: [options.signal ?? base.signal],
        timeout: options.timeout ?? base.timeout,
        // a worker leaves signals to its runner (runWorker drains after the running trial)
        sigint: false,
        waitForWorkers: false,
        drain: options.drain,
        worker: options.worker,
        hooks: options.hooks,
      });
      return { stopReason, trials: search.study.trials };
    } finally {
      await search.session.close();
    }
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
    const print = progressPrinter(this.owner, this.searchOptions.verbose ?? 0);
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

  /** One run of the search, step by step. */
  private async run(X: MatrixLike, y: TargetLike | undefined, options: SearchFitOptions, emit: (event: SearchEvent) => void, streamSignal: AbortSignal): Promise<void> {
    checkKnownKeys(`${this.owner}.fit`, options, FIT_OPTION_NAMES, 'option');
    const o = this.searchOptions;
    const run = this.prepare(o, X, y, options.groups, options.fitOptions);
    const search = await this.openStudy(o, run, 'create');
    try {
      const stopReason = await this.evaluateCandidates(o, run, search, {
        emit,
        signals: [streamSignal, options.signal ?? o.signal],
        timeout: options.timeout ?? o.timeout,
        sigint: o.handleSigint ?? true,
        // with a shared study, the creator may leave the trials to the workers
        waitForWorkers: options.runTrials === false && search.session.shared,
      });
      await this.selectAndRefit(run, search, stopReason, emit);
    } finally {
      await search.session.close();
    }
  }

  /** Steps 1 to 3: validate the data, resolve the scoring, resolve the splits. */
  private prepare(o: SearchCVOptions, X: MatrixLike, y: TargetLike | undefined, groups: Vector | undefined, fitOptions: FitOptions | undefined): PreparedRun {
    const data = validateSearchData(`${this.owner}.fit`, X, y, groups, fitOptions);
    const scoring = resolveScoring(this.owner, this.estimator, o);
    const splits = resolveSplits(this.owner, o.cv, data, this.estimator);
    return { data, scoring, splits };
  }

  /**
   * Step 4: open the study session (a memory study of this run, or the named
   * study of the storage: created or resumed, or joined by a worker), then build
   * the sampler once, with the study's seed, and check its candidates.
   */
  private async openStudy(o: SearchCVOptions, run: PreparedRun, mode: 'create' | 'join'): Promise<SearchStudy> {
    const { data, scoring, splits } = run;
    const setup = (seed: number | undefined): SamplerSetup => ({ metrics: scoring.metrics, nSplits: splits.length, nSamples: data.X.rows, nClasses: classCount(this.estimator, data.y), seed });
    this.checkSamplerSetup(setup(undefined));
    const session = o.storage === undefined ? StudySession.local() : await StudySession.open(this.owner, o, { mode, spec: (seed) => this.studySpec(o, run, seed) });
    try {
      const sampler = this.createSampler(setup(session.shared ? session.seed : undefined));
      checkCandidates(this.owner, this.estimator, sampler.candidates, resolveJobs(this.owner, o.nJobs) > 1);
      return { session, sampler, study: session.study({ sampler, direction: 'maximize', randomState: 0, pruner: o.pruner }) };
    } catch (error) {
      await session.close().catch(() => undefined);
      throw error;
    }
  }

  /** The spec of the search's study: its name, its fingerprint (space, search, estimator, scoring, data) and its seed. */
  private studySpec(o: SearchCVOptions, run: PreparedRun, seed: number): StudySpec {
    const { data, scoring, splits } = run;
    const fingerprint = searchFingerprint({
      owner: this.owner, estimator: this.estimator, space: this.describeSpace(), options: this.searchOptions,
      metrics: scoring.metrics, refitMetric: scoring.refitMetric, X: data.X, y: data.y, groups: data.groups, splits,
    });
    return { name: o.studyName as string, directions: ['maximize'], fingerprint, settings: { seed, owner: this.owner } };
  }

  /**
   * Step 5: the study runs every candidate its sampler proposes through the
   * candidate evaluator, until the sampler stops, the time is up, a signal
   * aborts or a callback says so (or, for a creator that leaves the trials to
   * its workers, waits until they finish the study).
   */
  private async evaluateCandidates(o: SearchCVOptions, run: PreparedRun, search: SearchStudy, control: RunControl): Promise<StopReason> {
    const { data, scoring, splits } = run;
    const evaluator = new CandidateEvaluator({
      owner: this.owner,
      context: { estimator: this.estimator, X: data.X, y: data.y, groups: data.groups, scorers: scoring.scorers, errorScore: o.errorScore ?? NaN, returnTrainScore: o.returnTrainScore ?? false, fitOptions: data.fitOptions },
      execution: { nJobs: o.nJobs, scoring: o.scoring, backend: o.parallelBackend, maxMemoryMb: o.maxMemoryMb },
      splits, metrics: scoring.metrics, primary: scoring.primary, budget: this.budgetSpec(),
      pruner: search.study.pruner, pruneOn: o.pruneOn ?? 'splits', interruptedTrials: search.study.interruptedTrials, emit: control.emit,
      sharing: o.shareWork === false ? undefined : { cacheMemoryMb: o.cacheMemoryMb ?? DEFAULT_CACHE_MEMORY_MB, candidates: search.sampler.candidates },
    });
    control.emit({ type: 'start', nCandidates: search.sampler.plannedTrials, nSplits: splits.length, metrics: scoring.metrics });
    const sigint = new SigintStop(this.owner, control.sigint);
    const signal = AbortSignal.any([...control.signals, sigint.signal].filter((s): s is AbortSignal => s !== undefined));
    setMaxListeners(0, signal);
    try {
      if (control.waitForWorkers) return await search.study.waitUntilFinished({ signal, timeout: control.timeout });
      const callbacks = callbackList(o.callbacks);
      const { onTrialEnd, ...hooks } = control.hooks ?? {};
      return await search.study.optimize(evaluator.objective, {
        ...hooks, signal, timeout: control.timeout, drain: control.drain, worker: control.worker, concurrency: evaluator.concurrency,
        // a candidate that fails is data (scikit-learn's rule), whatever the error; the study goes on
        catch: 'all', maxConsecutiveFailures: Infinity,
        onTrialEnd: (trial) => {
          onTrialEnd?.(trial);
          return callbackVerdict(callbacks, trial);
        },
      });
    } finally {
      sigint.dispose();
      this.sharedWorkSeen = evaluator.sharedWorkSummary();
      this.fitWarningsSeen = evaluator.fitWarnings();
      await evaluator.close();
    }
  }

  /** Step 6: `cvResults` from the trials, the best candidate, and its refit on all the data. */
  private async selectAndRefit(run: PreparedRun, search: SearchStudy, stopReason: StopReason, emit: (event: SearchEvent) => void): Promise<void> {
    const { data, scoring, splits } = run;
    const o = this.searchOptions;
    const { cvResults, trials } = searchResults({
      trials: this.resultOrder(search.study.trials), metrics: scoring.metrics, nSplits: splits.length, returnTrainScore: o.returnTrainScore ?? false,
      errorScore: o.errorScore ?? NaN, stopReason, extraColumns: this.extraColumns(), extraValues: (t) => this.extraValues(t),
    });
    const { bestIndex, bestScore } = chooseBest(this.owner, cvResults, scoring, (cv, refit, metric) => this.selectBest(cv, refit, metric));
    const refitted = scoring.refit !== false && bestIndex !== undefined ? await this.refitBest(cvResults.params[bestIndex] as ParamSet, data, emit) : undefined;
    this.fitted = {
      cvResults, bestIndex, bestScore, bestEstimator: refitted?.estimator, refitTime: refitted?.seconds, nSplits: splits.length,
      multimetric: scoring.multimetric, scorers: scoring.scorers, refitMetric: scoring.refitMetric, refitOption: o.refit, stopReason, trials,
      sharedWork: this.sharedWorkSeen,
      fitWarnings: this.fitWarningsSeen,
    };
    summarizeFitWarnings(this.owner, this.fitWarningsSeen);
    emit({ type: 'done', reason: stopReason, nCandidates: trials.length, bestIndex, bestScore });
  }

  /** A clone of the estimator with the best params, fitted on all the data. */
  private async refitBest(params: ParamSet, data: SearchInputs, emit: (event: SearchEvent) => void): Promise<{ estimator: E; seconds: number }> {
    const t0 = performance.now();
    const estimator = clone(this.estimator).setParams(params as Partial<ParamsOf<E>>);
    await estimator.fit(data.X, data.y, data.fitOptions);
    const seconds = (performance.now() - t0) / 1000;
    emit({ type: 'refit', params, seconds });
    return { estimator, seconds };
  }
}
