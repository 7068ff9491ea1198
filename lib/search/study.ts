/**
 * The study: the one loop every search runs. Take the next trial from the
 * trial source, run the objective, record the trial in the study storage;
 * repeat until the sampler stops, the trial budget is spent, the time is up or
 * the caller aborts (Optuna's `_optimize`).
 *
 * The loop is three parts: a {@link TrialSource} (local, or a shared study's
 * queue), the {@link RunningTrials} (up to `concurrency` objectives at once;
 * the objective decides how its own work is executed: a CV objective fans its
 * splits out to an executor) and the {@link StopState}. What ends a trial is the
 * one {@link FailurePolicy}.
 */
import { yieldToEventLoop } from '../core/checkpoint.js';
import { ValidationError, errorMessage } from '../core/errors.js';
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import { checkOneOf, checkReal, checkRandomState, formatValue, invalidParameter } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { ActiveTrial } from './define-by-run/active-trial.js';
import type { DynamicSampler } from './define-by-run/dynamic-sampler.js';
import type { TrialObjective } from './define-by-run/start-trial.js';
import { returnedOutcome, startActiveTrial } from './define-by-run/start-trial.js';
import { withSuggestedParams } from './define-by-run/trial-record.js';
import type { CatchOption, ThrownOutcome } from './failure-policy.js';
import { caughtBy, classifyThrown } from './failure-policy.js';
import type { Dimension } from './space/dimensions.js';
import { studyProgress } from './study-progress.js';
import { RunningTrials } from './running-trials.js';
import type { Sampler } from './sampler.js';
import type { StopReason } from './stop-state.js';
import { StopState } from './stop-state.js';
import { TrialClaimLostError } from './storage/errors.js';
import { MemoryStorage } from './storage/memory-storage.js';
import type { StudyStorage } from './storage/storage.js';
import type { AnyObjective, InterruptedTrials, OptimizeOptions, OptimizePlan, StudyOptions } from './study-options.js';
import { planOf } from './study-options.js';
import { newWorker } from './storage/study-workers.js';
import type { Objective, OpenTrialContext, Pruner } from './trial-context.js';
import { normalizeResult, trialContext } from './trial-context.js';
import type { TrialsTable, TrialsTableOptions } from './trials-table.js';
import { trialsTable } from './trials-table.js';
import type { TrialSource } from './trial-source.js';
import { LocalTrialSource, SharedTrialSource, whenIdle } from './trial-source.js';
import type { CompleteTrial, Direction, FinishedTrial, RunningTrial, Trial, TrialOutcome } from './trial.js';
import { bestTrial, isUnfinished } from './trial.js';
import type { ParamSet } from './space/parameter-grid.js';

export { TrialInterrupted } from './failure-policy.js';
export type { StopReason } from './stop-state.js';
export type { Objective, ObjectiveResult, Pruner, PrunerContext, TrialContext } from './trial-context.js';
export type { TrialObjective } from './define-by-run/start-trial.js';
export * from './study-options.js';

/**
 * How one trial ended here: recorded (with the error the study ends with, if
 * any, and whether it stops the other running trials too), left unfinished
 * for re-queueing, or lost to another worker.
 */
type TrialEnd =
  | { readonly kind: 'recorded'; readonly trial: FinishedTrial; readonly fatal?: { readonly error: unknown; readonly abortOthers: boolean } | undefined }
  | { readonly kind: 'left' }
  | { readonly kind: 'lost' };

/** A trial handed out by `ask`, not yet told. */
interface AskedTrial {
  readonly trial: ActiveTrial;
  readonly run: OpenTrialContext;
}

/** What `tell` records: a value (or values), or how the trial ended. */
export type TellResult = number | readonly number[] | 'pruned' | 'failed';

/**
 * A study: a sampler, a study storage and the ask-run-tell loop.
 *
 * The objective of {@link Study.optimize} receives the parameters the sampler
 * proposed (`(params, context) => value`, the searches' engine); in a
 * define-by-run study (`defineByRun: true`, or {@link createStudy}) it asks
 * for them instead (`(trial) => value`, Optuna's style).
 *
 * @example
 * ```ts
 * const study = new Study({ sampler: new RandomSampler({ x: uniform(-5, 5) }, 30, { randomState: 0 }), direction: 'minimize' });
 * await study.optimize(async ({ x }) => ((x as number) - 1) ** 2);
 * study.bestParams; // near { x: 1 }
 * ```
 */
export class Study<O extends AnyObjective = Objective> {
  readonly sampler: Sampler | (Sampler & DynamicSampler);
  readonly direction: Direction;
  readonly storage: StudyStorage;
  readonly pruner: Pruner | undefined;
  /** True when the objective asks for its parameters (`(trial) => ...`). */
  readonly defineByRun: boolean;
  /** True when other study workers run this study's trials too. */
  readonly shared: boolean;
  /** What a trial stopped before it finished becomes. */
  readonly interruptedTrials: InterruptedTrials;
  private readonly seed: number;
  private cache: readonly Trial[] = [];
  private readonly asked = new Map<number, AskedTrial>();

  constructor(options: StudyOptions) {
    if (typeof options?.sampler?.suggest !== 'function') throw invalidParameter('Study', 'sampler', 'a sampler (an object with a suggest method)', options?.sampler, { kind: 'option' });
    this.sampler = options.sampler;
    this.direction = checkOneOf('Study', 'direction', options.direction ?? 'maximize', ['maximize', 'minimize'] as const);
    this.storage = options.storage ?? new MemoryStorage();
    this.pruner = options.pruner;
    this.defineByRun = options.defineByRun ?? false;
    this.seed = checkRandomState('Study', options.randomState) ?? freshSeed();
    this.shared = options.shared ?? false;
    this.interruptedTrials = checkOneOf('Study', 'interruptedTrials', options.interruptedTrials ?? (this.shared ? 'requeue' : 'fail'), ['fail', 'requeue'] as const);
    if (this.interruptedTrials === 'requeue' && !this.shared) {
      throw invalidParameter('Study', 'interruptedTrials', "'fail' for a study that is not shared (a trial is re-queued when its study worker leaves)", 'requeue', { kind: 'option' });
    }
  }

  /** The trials as last read from the storage (a define-by-run trial's `params` hold every parameter it asked for). */
  get trials(): readonly Trial[] {
    return this.cache;
  }

  /** The best complete trial so far (NaN values never win), or undefined before one completes. */
  get bestTrial(): CompleteTrial | undefined {
    return bestTrial(this.cache, this.direction);
  }

  /** The best trial's value. @throws {ValidationError} when no trial has completed yet. */
  get bestValue(): number {
    return this.requireBest('bestValue').values[0] as number;
  }

  /** The best trial's parameters. @throws {ValidationError} when no trial has completed yet. */
  get bestParams(): ParamSet {
    return this.requireBest('bestParams').params;
  }

  private requireBest(what: string): CompleteTrial {
    const best = this.bestTrial;
    if (best === undefined) {
      const counts = this.cache.length === 0 ? 'it has no trials' : `none of its ${this.cache.length} trials completed with a value`;
      throw new ValidationError(`Study.${what}: no trial has completed yet (${counts}).`, { owner: 'Study', argument: what, value: undefined, expected: 'a completed trial' });
    }
    return best;
  }

  /** Reads the trials from the storage. */
  async refresh(): Promise<readonly Trial[]> {
    const trials = await this.storage.getTrials();
    this.cache = this.defineByRun ? trials.map(withSuggestedParams) : trials;
    return this.cache;
  }

  /**
   * The trials as a table (Optuna's `trials_dataframe`): one row per trial with
   * `number`, `value`, `datetime_start`, `datetime_complete`, `duration`,
   * `params_<name>`, `user_attrs_<key>` and `state`; `toCSV()` writes it.
   */
  trialsTable(options: TrialsTableOptions = {}): TrialsTable {
    return trialsTable(this.cache, options);
  }

  /**
   * Runs trials until the sampler stops, `nTrials` have started, the timeout
   * passes, the signal aborts or the drain signal aborts. Running trials are
   * awaited before it returns.
   *
   * @throws the first error an objective raised that `catch` does not cover
   *   (after logging it with the trial's parameters), or a fatal error
   *   (`FatalError`, `InvalidParameterError`), after the running trials end.
   */
  async optimize(objective: O, options: OptimizeOptions = {}): Promise<StopReason> {
    const plan = planOf(options);
    const stop = new StopState(options.signal, plan.timeout, options.drain);
    const pool = new RunningTrials(plan.concurrency, [stop.trialSignal, options.drain]);
    const source = this.trialSource(options);
    const progress = studyProgress(options.verbose ?? 0, plan.nTrials);
    const observe = { ...options, onTrialEnd: progress.wrap(options.onTrialEnd, this) };
    let waitingOnOthers = false;
    try {
      await source.open();
      while (true) {
        while (stop.canLaunch && pool.hasRoom) {
          if (pool.started >= plan.nTrials) {
            stop.end('nTrials');
            break;
          }
          // between trials (in-process objectives may not return to the event loop): let a Ctrl-C, a timer or an abort in
          if (pool.started > 0) {
            await yieldToEventLoop();
            if (!stop.canLaunch) break;
          }
          const next = await source.next();
          if (typeof next === 'string') {
            const idle = whenIdle(next, pool.size, source);
            if (idle === 'exhausted') stop.end('exhausted');
            waitingOnOthers = idle === 'poll';
            break;
          }
          options.onTrialStart?.(next);
          pool.launch(() => this.runAndObserve(next, objective, stop, plan, observe), (error) => stop.fail(error, false));
        }
        if (pool.size === 0 && (!waitingOnOthers || !stop.canLaunch)) break;
        await pool.wait(waitingOnOthers ? plan.pollMs : undefined);
        if (waitingOnOthers) await source.poll();
        waitingOnOthers = false;
      }
    } finally {
      stop.dispose();
      await pool.settle();
      await source.close();
      await this.refresh();
      progress.stop(this.bestTrial);
    }
    return stop.outcome();
  }

  /**
   * Starts a trial outside `optimize` (Optuna's `study.ask()`): the objective's
   * code asks the returned trial for parameters, then {@link Study.tell}
   * records how it went. `fixed` gives distributions to draw at once.
   * @example
   * ```ts
   * const trial = await study.ask();
   * const x = trial.suggestFloat('x', -10, 10);
   * await study.tell(trial, (x - 2) ** 2);
   * ```
   */
  async ask(fixed: Readonly<Record<string, Dimension>> = {}): Promise<ActiveTrial> {
    const trials = await this.refresh();
    const suggestion = this.sampler.suggest(trials, { direction: this.direction });
    if (suggestion.kind !== 'run') {
      throw new ValidationError(`Study.ask: the sampler (${this.sampler.constructor.name}) has no trial to propose (it answered "${suggestion.kind}").`, {
        owner: 'Study.ask', argument: 'sampler', value: suggestion.kind, expected: 'a sampler with trials left to propose',
      });
    }
    const record = await this.storage.createTrial({ params: suggestion.params, budget: suggestion.budget, meta: suggestion.meta });
    this.cache = [...this.cache, record];
    const run = this.openTrial(record, new AbortController().signal);
    const trial = startActiveTrial({ record, context: run.context, sampler: this.sampler, direction: this.direction, trials: () => this.samplingTrials(record) });
    this.asked.set(record.id, { trial, run });
    for (const [name, dim] of Object.entries(fixed)) trial.suggest(name, dim);
    return trial;
  }

  /**
   * Records how a trial from {@link Study.ask} ended (Optuna's `study.tell`):
   * its value (NaN or an infinity fails it, as Optuna does), or `'pruned'`
   * or `'failed'`.
   * @throws {ValidationError} when the trial is unknown or already finished.
   */
  async tell(trial: ActiveTrial | number, result: TellResult): Promise<FinishedTrial> {
    const id = typeof trial === 'number' ? trial : trial.number;
    const current = (await this.refresh()).find((t) => t.id === id);
    if (current === undefined || current.state !== 'running') {
      const what = current === undefined ? 'is not in this study' : `is already ${current.state}`;
      throw new ValidationError(`Study.tell: trial ${id} ${what}; only a running trial can be told.`, { owner: 'Study.tell', argument: 'trial', value: id, expected: 'a running trial' });
    }
    const open = this.asked.get(id);
    await open?.run.flush();
    this.asked.delete(id);
    const outcome: TrialOutcome =
      result === 'pruned' ? { state: 'pruned' } : result === 'failed' ? { state: 'failed', error: 'The trial was told as failed.' } : returnedOutcome(result);
    const finished = this.shown(await this.storage.finishTrial(id, outcome));
    await this.refresh();
    return finished;
  }

  /**
   * Waits, without running trials, until the study is finished: the sampler
   * proposes nothing more and no trial waits or runs (on a shared study, other
   * workers run them). Meanwhile the trials of dead workers are reaped, so that
   * live workers take them over.
   */
  async waitUntilFinished(options: { readonly signal?: AbortSignal | undefined; readonly timeout?: number | undefined; readonly pollInterval?: number | undefined } = {}): Promise<StopReason> {
    const pollMs = checkReal('Study.waitUntilFinished', 'pollInterval', options.pollInterval ?? 0.5, { min: 0, minInclusive: false }) * 1000;
    const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout * 1000;
    let asked = -1;
    while (true) {
      const trials = await this.refresh();
      // ask the sampler only when nothing runs and the history grew (model-based samplers work hard to answer)
      if (!trials.some(isUnfinished) && trials.length !== asked) {
        asked = trials.length;
        if (this.sampler.suggest(trials, { direction: this.direction }).kind === 'stop') return 'exhausted';
      }
      if (options.signal?.aborted) return 'aborted';
      if (Date.now() >= deadline) return 'timeout';
      await this.storage.reapStaleTrials();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(pollMs, Math.max(0, deadline - Date.now())));
        function done(): void {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', done);
          resolve();
        }
        options.signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  private trialSource(options: OptimizeOptions): TrialSource {
    const context = {
      sampler: this.sampler,
      samplerContext: { direction: this.direction },
      refresh: () => this.refresh(),
      cached: () => this.cache,
    };
    if (!this.shared) return new LocalTrialSource(this.storage, context);
    return new SharedTrialSource(this.storage, context, {
      worker: options.worker ?? newWorker(),
      waitForOthers: options.waitForOthers ?? true,
      onWorkerStart: options.onWorkerStart,
    });
  }

  /** The pruner's view of the study. */
  private get prunerContext(): { readonly direction: Direction; readonly studyName: string | undefined } {
    return { direction: this.direction, studyName: (this.storage as Partial<StudyStorage>).study?.name };
  }

  /** The trials a sampler learns from for one trial (the pruner may narrow them: Hyperband's brackets). */
  private samplingTrials(trial: Pick<Trial, 'id'>): readonly Trial[] {
    return this.pruner?.trialsForSampling?.(trial, this.cache, this.prunerContext) ?? this.cache;
  }

  /** A trial's context: its writes, reports, pruning, signal and generator. */
  private openTrial(trial: RunningTrial, signal: AbortSignal): OpenTrialContext {
    return trialContext(trial, {
      storage: this.storage,
      signal,
      rng: new Rng(deriveSeed(this.seed, trial.id)),
      shouldPrune: (current) => this.pruner?.shouldPrune(current, this.cache, this.prunerContext) ?? false,
    });
  }

  /** A finished trial as this study shows it. */
  private shown(trial: FinishedTrial): FinishedTrial {
    return this.defineByRun ? withSuggestedParams(trial) : trial;
  }

  /** Runs one trial and applies the failure policy and the callbacks to how it ended. */
  private async runAndObserve(trial: RunningTrial, objective: O, stop: StopState, plan: OptimizePlan, options: OptimizeOptions): Promise<void> {
    const end = await this.runTrial(trial, objective, stop.trialSignal, plan.catch);
    if (end.kind === 'lost') options.onTrialLost?.(trial);
    if (end.kind !== 'recorded') return;
    if (end.fatal !== undefined) stop.fail(end.fatal.error, end.fatal.abortOthers);
    await this.refresh();
    const tooMany = plan.failures.observe(end.trial);
    if (tooMany !== undefined) stop.fail(tooMany, true);
    if ((await options.onTrialEnd?.(end.trial, this as Study<AnyObjective>)) === 'stop') stop.end('callback');
  }

  /** Runs the objective on one trial and records how it ended. */
  private async runTrial(trial: RunningTrial, objective: O, signal: AbortSignal, catchOption: CatchOption): Promise<TrialEnd> {
    const run = this.openTrial(trial, signal);
    try {
      try {
        const outcome = await this.callObjective(trial, objective, run);
        await run.flush();
        return { kind: 'recorded', trial: this.shown(await this.storage.finishTrial(trial.id, outcome)) };
      } catch (error) {
        await run.settle();
        return await this.recordThrown(trial, error, classifyThrown(error, signal.aborted), catchOption);
      }
    } catch (error) {
      // the trial was taken from this worker after its heartbeat lapsed; its new holder finishes it
      if (error instanceof TrialClaimLostError) return { kind: 'lost' };
      throw error;
    }
  }

  /** Calls the objective the way this study's objectives take their parameters. */
  private async callObjective(trial: RunningTrial, objective: O, run: OpenTrialContext): Promise<TrialOutcome> {
    if (!this.defineByRun) {
      const { values, attrs } = normalizeResult(await (objective as Objective)(trial.params, run.context));
      return { state: 'complete', values, attrs };
    }
    const active = startActiveTrial({ record: trial, context: run.context, sampler: this.sampler, direction: this.direction, trials: () => this.samplingTrials(trial) });
    const outcome = returnedOutcome(await (objective as TrialObjective)(active));
    if (outcome.state === 'failed') warn(`Trial ${trial.id} failed: ${outcome.error}`, 'UserWarning');
    return outcome;
  }

  private async recordThrown(trial: RunningTrial, error: unknown, outcome: ThrownOutcome, catchOption: CatchOption): Promise<TrialEnd> {
    if (outcome === 'lost') return { kind: 'lost' };
    if (outcome === 'interrupted' && this.interruptedTrials === 'requeue') return { kind: 'left' };
    const finish = async (o: TrialOutcome) => this.shown(await this.storage.finishTrial(trial.id, o));
    if (outcome === 'pruned') return { kind: 'recorded', trial: await finish({ state: 'pruned' }) };
    const failed = await finish({ state: 'failed', error: errorMessage(error) });
    if (outcome === 'fatal') return { kind: 'recorded', trial: failed, fatal: { error, abortOthers: true } };
    if (outcome === 'interrupted') return { kind: 'recorded', trial: failed };
    const caught = caughtBy(error, catchOption);
    warn(
      `Trial ${trial.id} failed with parameters ${formatValue(failed.params)} because of the following error: ${errorMessage(error)}` +
        (caught ? '' : ` (re-raised: pass catch: [${(error as Error)?.constructor?.name ?? 'Error'}] to Study.optimize to record such errors as failed trials and go on)`),
      'UserWarning',
    );
    return caught ? { kind: 'recorded', trial: failed } : { kind: 'recorded', trial: failed, fatal: { error, abortOthers: false } };
  }
}
