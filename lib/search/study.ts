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
import { errorMessage } from '../core/errors.js';
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import { checkInteger, checkOneOf, checkReal, checkRandomState, invalidParameter } from '../core/validate.js';
import type { ThrownOutcome } from './failure-policy.js';
import { FailurePolicy, classifyThrown } from './failure-policy.js';
import { RunningTrials } from './running-trials.js';
import type { Sampler } from './sampler.js';
import type { StopReason } from './stop-state.js';
import { StopState } from './stop-state.js';
import { TrialClaimLostError } from './storage/errors.js';
import { MemoryStorage } from './storage/memory-storage.js';
import type { StudyStorage, WorkerInfo } from './storage/storage.js';
import { newWorker } from './storage/study-workers.js';
import type { Objective, Pruner } from './trial-context.js';
import { normalizeResult, trialContext } from './trial-context.js';
import type { TrialSource } from './trial-source.js';
import { LocalTrialSource, SharedTrialSource, whenIdle } from './trial-source.js';
import type { Direction, FinishedTrial, RunningTrial, Trial, TrialOutcome } from './trial.js';
import { bestTrial, isUnfinished } from './trial.js';

export { TrialInterrupted } from './failure-policy.js';
export type { StopReason } from './stop-state.js';
export type { Objective, ObjectiveResult, Pruner, TrialContext } from './trial-context.js';

/** What becomes of a trial the study stopped before it finished: recorded as failed, or left for re-queueing. */
export type InterruptedTrials = 'fail' | 'requeue';

/** Options of {@link Study}. */
export interface StudyOptions {
  /** The search strategy. */
  readonly sampler: Sampler;
  /** Whether larger values are better. @default 'maximize' */
  readonly direction?: Direction | undefined;
  /** Where trials are kept: any study storage. @default new MemoryStorage() (its own unnamed study) */
  readonly storage?: StudyStorage | undefined;
  /** Stops trials early from their intermediate values (`TrialContext.shouldPrune`). @default undefined (no pruning) */
  readonly pruner?: Pruner | undefined;
  /** Seed of the per-trial generators. @default undefined (fresh seed) */
  readonly randomState?: number | undefined;
  /**
   * Other study workers (processes, or other loops) run this study's trials
   * too: proposals go through the storage's queue, this loop registers and
   * heart-beats as a study worker, waits for trials running elsewhere, and
   * reaps the trials of dead workers.
   * @default false
   */
  readonly shared?: boolean | undefined;
  /**
   * What a trial stopped before it finished (a `TrialInterrupted`, or an
   * `AbortError` after a timeout or an abort) becomes: `'fail'` records it as
   * failed; `'requeue'` leaves it unfinished, so that once this worker leaves
   * it is re-queued and runs again, reusing the attributes it recorded
   * (needs `shared`).
   * @default 'requeue' when shared, else 'fail'
   */
  readonly interruptedTrials?: InterruptedTrials | undefined;
}

/**
 * What a study loop tells the code that drives it (a worker process counts and
 * prints its trials through these).
 */
export interface StudyHooks {
  /** Shared studies: called once this study worker is registered with the study. */
  readonly onWorkerStart?: ((worker: WorkerInfo, storage: StudyStorage) => void) | undefined;
  /** Called when a trial starts here. */
  readonly onTrialStart?: ((trial: RunningTrial) => void) | undefined;
  /** Called when a trial that ran here is recorded. */
  readonly onTrialEnd?: ((trial: FinishedTrial) => void) | undefined;
  /** Shared studies: called when a trial was taken from this worker (its heartbeat lapsed) before it finished. */
  readonly onTrialLost?: ((trial: RunningTrial) => void) | undefined;
}

/** Options of {@link Study.optimize}. */
export interface OptimizeOptions extends Omit<StudyHooks, 'onTrialEnd'> {
  /** The most trials to start in this call. @default Infinity (until the sampler stops) */
  readonly nTrials?: number | undefined;
  /** Seconds after which no new trial starts and running ones are signalled. @default undefined */
  readonly timeout?: number | undefined;
  /** Stops the study when aborted: no new trial starts, running ones are signalled. @default undefined */
  readonly signal?: AbortSignal | undefined;
  /** Drains the study when aborted: no new trial starts, running ones end normally (a worker told to stop). @default undefined */
  readonly drain?: AbortSignal | undefined;
  /** How many objectives run at once. @default 1 */
  readonly concurrency?: number | undefined;
  /** Stop (with a `FatalError`) after this many failed trials in a row. @default Infinity */
  readonly maxConsecutiveFailures?: number | undefined;
  /** The failure policy, instead of `maxConsecutiveFailures` (a tuner's: its message, the failures of a resumed search). @default undefined */
  readonly failurePolicy?: FailurePolicy | undefined;
  /** Called when a trial ends; return 'stop' to start no more trials. */
  readonly onTrialEnd?: ((trial: FinishedTrial, study: Study) => void | 'stop' | Promise<void | 'stop'>) | undefined;
  /** Shared studies: this worker's identity. @default a new one (host, pid and a random part) */
  readonly worker?: WorkerInfo | undefined;
  /** Shared studies: seconds between checks while trials run on other workers. @default 0.5 */
  readonly pollInterval?: number | undefined;
  /**
   * Shared studies: when the sampler has nothing more to propose, wait for the
   * trials other workers run (and run those re-queued from dead workers) before
   * returning, so that the study is finished when `optimize` returns.
   * @default true
   */
  readonly waitForOthers?: boolean | undefined;
}

/** How one trial ended here: recorded, left unfinished for re-queueing, or lost to another worker. */
type TrialEnd = { readonly kind: 'recorded'; readonly trial: FinishedTrial; readonly fatal?: unknown } | { readonly kind: 'left' } | { readonly kind: 'lost' };

/** The checked settings of one `optimize` call. */
interface OptimizePlan {
  readonly nTrials: number;
  readonly concurrency: number;
  readonly timeout: number | undefined;
  readonly pollMs: number;
  readonly failures: FailurePolicy;
}

function planOf(options: OptimizeOptions): OptimizePlan {
  const owner = 'Study.optimize';
  const max = options.maxConsecutiveFailures === undefined ? Infinity : checkInteger(owner, 'maxConsecutiveFailures', options.maxConsecutiveFailures, { min: 1 });
  return {
    nTrials: options.nTrials === undefined ? Infinity : checkInteger(owner, 'nTrials', options.nTrials, { min: 1 }),
    concurrency: checkInteger(owner, 'concurrency', options.concurrency ?? 1, { min: 1 }),
    timeout: options.timeout === undefined ? undefined : checkReal(owner, 'timeout', options.timeout, { min: 0, minInclusive: false }),
    pollMs: checkReal(owner, 'pollInterval', options.pollInterval ?? 0.5, { min: 0, minInclusive: false }) * 1000,
    failures: options.failurePolicy ?? new FailurePolicy({ maxConsecutiveFailures: max }),
  };
}

/**
 * A study: a sampler, a study storage and the ask-run-tell loop.
 *
 * @example
 * ```ts
 * const study = new Study({ sampler: new RandomSampler({ x: uniform(-5, 5) }, 30, { randomState: 0 }), direction: 'minimize' });
 * await study.optimize(async ({ x }) => ((x as number) - 1) ** 2);
 * study.bestTrial?.params; // near { x: 1 }
 * ```
 */
export class Study {
  readonly sampler: Sampler;
  readonly direction: Direction;
  readonly storage: StudyStorage;
  readonly pruner: Pruner | undefined;
  /** True when other study workers run this study's trials too. */
  readonly shared: boolean;
  /** What a trial stopped before it finished becomes. */
  readonly interruptedTrials: InterruptedTrials;
  private readonly seed: number;
  private cache: readonly Trial[] = [];

  constructor(options: StudyOptions) {
    this.sampler = options.sampler;
    this.direction = checkOneOf('Study', 'direction', options.direction ?? 'maximize', ['maximize', 'minimize'] as const);
    this.storage = options.storage ?? new MemoryStorage();
    this.pruner = options.pruner;
    this.seed = checkRandomState('Study', options.randomState) ?? freshSeed();
    this.shared = options.shared ?? false;
    this.interruptedTrials = checkOneOf('Study', 'interruptedTrials', options.interruptedTrials ?? (this.shared ? 'requeue' : 'fail'), ['fail', 'requeue'] as const);
    if (this.interruptedTrials === 'requeue' && !this.shared) {
      throw invalidParameter('Study', 'interruptedTrials', "'fail' for a study that is not shared (a trial is re-queued when its study worker leaves)", 'requeue', { kind: 'option' });
    }
  }

  /** The trials as last read from the storage. */
  get trials(): readonly Trial[] {
    return this.cache;
  }

  /** The best complete trial so far (NaN values never win). */
  get bestTrial(): Trial | undefined {
    return bestTrial(this.cache, this.direction);
  }

  /** Reads the trials from the storage. */
  async refresh(): Promise<readonly Trial[]> {
    this.cache = await this.storage.getTrials();
    return this.cache;
  }

  /**
   * Runs trials until the sampler stops, `nTrials` have started, the timeout
   * passes, the signal aborts or the drain signal aborts. Running trials are
   * awaited before it returns.
   *
   * @throws the first fatal error an objective raised (`FatalError`,
   *   `InvalidParameterError`), after the running trials end.
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<StopReason> {
    const plan = planOf(options);
    const stop = new StopState(options.signal, plan.timeout, options.drain);
    const pool = new RunningTrials(plan.concurrency, [stop.trialSignal, options.drain]);
    const source = this.trialSource(options);
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
          pool.launch(() => this.runAndObserve(next, objective, stop, plan.failures, options), (error) => stop.fail(error, false));
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
    }
    return stop.outcome();
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

  /** Runs one trial and applies the failure policy and the callbacks to how it ended. */
  private async runAndObserve(trial: RunningTrial, objective: Objective, stop: StopState, failures: FailurePolicy, options: OptimizeOptions): Promise<void> {
    const end = await this.runTrial(trial, objective, stop.trialSignal);
    if (end.kind === 'lost') options.onTrialLost?.(trial);
    if (end.kind !== 'recorded') return;
    if (end.fatal !== undefined) stop.fail(end.fatal, true);
    await this.refresh();
    const tooMany = failures.observe(end.trial);
    if (tooMany !== undefined) stop.fail(tooMany, true);
    if ((await options.onTrialEnd?.(end.trial, this)) === 'stop') stop.end('callback');
  }

  /** Runs the objective on one trial and records how it ended. */
  private async runTrial(trial: RunningTrial, objective: Objective, signal: AbortSignal): Promise<TrialEnd> {
    const run = trialContext(trial, {
      storage: this.storage,
      signal,
      rng: new Rng(deriveSeed(this.seed, trial.id)),
      shouldPrune: (current) => this.pruner?.shouldPrune(current, this.cache, { direction: this.direction }) ?? false,
    });
    try {
      try {
        const result = await objective(trial.params, run.context);
        await run.flush();
        const { values, attrs } = normalizeResult(result);
        return { kind: 'recorded', trial: await this.storage.finishTrial(trial.id, { state: 'complete', values, attrs }) };
      } catch (error) {
        await run.settle();
        return await this.recordThrown(trial, error, classifyThrown(error, signal.aborted));
      }
    } catch (error) {
      // the trial was taken from this worker after its heartbeat lapsed; its new holder finishes it
      if (error instanceof TrialClaimLostError) return { kind: 'lost' };
      throw error;
    }
  }

  private async recordThrown(trial: RunningTrial, error: unknown, outcome: ThrownOutcome): Promise<TrialEnd> {
    if (outcome === 'lost') return { kind: 'lost' };
    if (outcome === 'interrupted' && this.interruptedTrials === 'requeue') return { kind: 'left' };
    const finish = (o: TrialOutcome) => this.storage.finishTrial(trial.id, o);
    if (outcome === 'pruned') return { kind: 'recorded', trial: await finish({ state: 'pruned' }) };
    const failed = await finish({ state: 'failed', error: errorMessage(error) });
    return outcome === 'fatal' ? { kind: 'recorded', trial: failed, fatal: error } : { kind: 'recorded', trial: failed };
  }
}
