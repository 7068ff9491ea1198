/**
 * The study: the one loop every search runs. Ask the sampler, run the objective,
 * record the trial in the storage; repeat until the sampler stops, the trial
 * budget is spent, the time is up or the caller aborts.
 *
 * Up to `concurrency` objectives run at once; the objective decides how its own
 * work is executed (a CV objective fans its splits out to an executor).
 */
import { setMaxListeners } from 'node:events';
import { AbortError, FatalError, TrialPruned, TunekitError, errorMessage, isFatal } from '../core/errors.js';
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import { checkInteger, checkOneOf, checkReal, checkRandomState } from '../core/validate.js';
import type { Sampler } from './sampler.js';
import type { ParamSet } from './space/parameter-grid.js';
import type { NextStep } from './shared-study.js';
import { WorkerSession } from './shared-study.js';
import { TrialClaimLostError } from './storage/errors.js';
import { MemoryStorage } from './storage/memory-storage.js';
import type { Storage, WorkerInfo } from './storage/storage.js';
import { isStudyStorage } from './storage/storage.js';
import { newWorker } from './storage/study-workers.js';
import type { Direction, FinishedTrial, RunningTrial, Trial } from './trial.js';
import { bestTrial } from './trial.js';

/**
 * Thrown by an objective that was stopped (timeout, abort) before it finished,
 * so that its result is partial. On a shared storage (a named study in a
 * journal, PostgreSQL or memory) the trial is left unfinished: when this worker
 * leaves, the next run (or another worker) re-queues and re-runs it, reusing
 * what it recorded in its attributes. On a study's private storage it is
 * recorded as failed with this error's message.
 * @example
 * ```ts
 * const objective: Objective = async (params, ctx) => {
 *   const value = await train(params, ctx.signal);
 *   if (ctx.signal.aborted) throw new TrialInterrupted('stopped before the last epoch');
 *   return value;
 * };
 * ```
 */
export class TrialInterrupted extends TunekitError {
  override name = 'TrialInterrupted';
}

/** Decides whether a running trial should stop early, from its intermediate values. */
export interface Pruner {
  shouldPrune(trial: RunningTrial, trials: readonly Trial[], context: { readonly direction: Direction }): boolean;
}

/** What an objective receives besides the parameters. */
export interface TrialContext {
  /** The trial's id in the study. */
  readonly trialId: number;
  /** The resource allotted (multi-fidelity), if any. */
  readonly budget: number | undefined;
  /** Scheduler metadata of the trial. */
  readonly meta: Readonly<Record<string, unknown>>;
  /**
   * The attributes the trial already holds: empty for a new trial; for a trial
   * re-queued after its worker died, what that worker recorded (a CV objective
   * reuses the splits it finds there).
   */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Aborted when the study is stopped (timeout, caller's signal, fatal error elsewhere). */
  readonly signal: AbortSignal;
  /** A generator seeded from the study's seed and the trial id. */
  readonly rng: Rng;
  /** Records an intermediate value (an epoch, a split). */
  report(step: number, value: number): Promise<void>;
  /** True when the pruner says this trial should stop (call after `report`). */
  shouldPrune(): boolean;
  /** Merges attributes into the trial record. */
  setAttrs(attrs: Readonly<Record<string, unknown>>): Promise<void>;
}

/** What an objective returns: a value, several values, or values with attributes. */
export type ObjectiveResult =
  | number
  | readonly number[]
  | { readonly values: number | readonly number[]; readonly attrs?: Readonly<Record<string, unknown>> | undefined };

/** The function a study optimizes. Throw {@link TrialPruned} to end a trial as pruned. */
export type Objective = (params: ParamSet, context: TrialContext) => Promise<ObjectiveResult>;

/** Options of {@link Study}. */
export interface StudyOptions {
  /** The search strategy. */
  readonly sampler: Sampler;
  /** Whether larger values are better. @default 'maximize' */
  readonly direction?: Direction | undefined;
  /** Where trials are kept. @default new MemoryStorage() */
  readonly storage?: Storage | undefined;
  /** Stops trials early from their intermediate values. @default undefined (no pruning) */
  readonly pruner?: Pruner | undefined;
  /** Seed of the per-trial generators. @default undefined (fresh seed) */
  readonly randomState?: number | undefined;
}

/** Options of {@link Study.optimize}. */
export interface OptimizeOptions {
  /** The most trials to start in this call. @default Infinity (until the sampler stops) */
  readonly nTrials?: number | undefined;
  /** Seconds after which no new trial starts and running ones are signalled. @default undefined */
  readonly timeout?: number | undefined;
  /** Stops the study when aborted. @default undefined */
  readonly signal?: AbortSignal | undefined;
  /** How many objectives run at once. @default 1 */
  readonly concurrency?: number | undefined;
  /** Stop (with a {@link FatalError}) after this many failed trials in a row. @default Infinity */
  readonly maxConsecutiveFailures?: number | undefined;
  /** Called when a trial starts. */
  readonly onTrialStart?: ((trial: RunningTrial) => void) | undefined;
  /** Called when a trial ends; return 'stop' to start no more trials. */
  readonly onTrialEnd?: ((trial: FinishedTrial, study: Study) => void | 'stop' | Promise<void | 'stop'>) | undefined;
  /** Shared storages: this worker's identity. @default a new one (host, pid and a random part) */
  readonly worker?: WorkerInfo | undefined;
  /** Shared storages: seconds between checks while trials run on other workers. @default 0.5 */
  readonly pollInterval?: number | undefined;
  /**
   * Shared storages: when the sampler has nothing more to propose, wait for the
   * trials other workers run (and run those re-queued from dead workers) before
   * returning, so that the study is finished when `optimize` returns.
   * @default true
   */
  readonly waitForOthers?: boolean | undefined;
}

/** Why {@link Study.optimize} returned. */
export type StopReason = 'exhausted' | 'nTrials' | 'timeout' | 'aborted' | 'callback';

/**
 * A study: a sampler, a storage and the ask-run-tell loop.
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
  readonly storage: Storage;
  readonly pruner: Pruner | undefined;
  private readonly seed: number;
  private cache: readonly Trial[] = [];

  constructor(options: StudyOptions) {
    this.sampler = options.sampler;
    this.direction = checkOneOf('Study', 'direction', options.direction ?? 'maximize', ['maximize', 'minimize'] as const);
    this.storage = options.storage ?? new MemoryStorage();
    this.pruner = options.pruner;
    this.seed = checkRandomState('Study', options.randomState) ?? freshSeed();
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
   * passes or the signal aborts. Running trials are awaited before it returns.
   *
   * @throws the first fatal error an objective raised ({@link FatalError},
   *   {@link InvalidParameterError}), after the running trials end.
   */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<StopReason> {
    const nTrials = options.nTrials === undefined ? Infinity : checkInteger('Study.optimize', 'nTrials', options.nTrials, { min: 1 });
    const concurrency = checkInteger('Study.optimize', 'concurrency', options.concurrency ?? 1, { min: 1 });
    const maxFailures =
      options.maxConsecutiveFailures === undefined
        ? Infinity
        : checkInteger('Study.optimize', 'maxConsecutiveFailures', options.maxConsecutiveFailures, { min: 1 });
    const timeout = options.timeout === undefined ? undefined : checkReal('Study.optimize', 'timeout', options.timeout, { min: 0, minInclusive: false });
    const pollMs = checkReal('Study.optimize', 'pollInterval', options.pollInterval ?? 0.5, { min: 0, minInclusive: false }) * 1000;
    const session = isStudyStorage(this.storage) ? new WorkerSession(this.storage, options.worker ?? newWorker()) : undefined;

    const stop = new AbortController();
    // every running split listens to this signal: many listeners are expected
    setMaxListeners(0, stop.signal);
    let reason: StopReason | undefined;
    const halt = (why: StopReason): void => {
      reason ??= why;
      if (!stop.signal.aborted) stop.abort(new AbortError(`The study was stopped (${why}).`));
    };
    const onUserAbort = (): void => halt('aborted');
    if (options.signal?.aborted) halt('aborted');
    options.signal?.addEventListener('abort', onUserAbort, { once: true });
    const timer = timeout === undefined ? undefined : setTimeout(() => halt('timeout'), timeout * 1000);

    let fatal: unknown;
    let consecutiveFailures = 0;
    let started = 0;
    let stopLaunching = false;
    const inFlight = new Set<Promise<void>>();
    let wake: (() => void) | undefined;
    const wakeUp = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    stop.signal.addEventListener('abort', wakeUp);

    const launch = async (trial: RunningTrial): Promise<void> => {
      const finished = await this.runTrial(trial, objective, stop.signal);
      if (finished.trial === undefined) return; // taken from this worker (heartbeat lapsed), or interrupted: another run finishes it
      if (finished.fatal !== undefined) {
        fatal ??= finished.fatal;
        stopLaunching = true;
        stop.abort(finished.fatal);
      }
      await this.refresh();
      if (finished.trial.state === 'failed') {
        consecutiveFailures++;
        if (consecutiveFailures >= maxFailures && fatal === undefined) {
          fatal = new FatalError(
            `${consecutiveFailures} trials failed in a row (maxConsecutiveFailures=${maxFailures}). The last error: ${finished.trial.error}`,
          );
          stopLaunching = true;
          stop.abort(fatal);
        }
      } else consecutiveFailures = 0;
      if (options.onTrialEnd) {
        const verdict = await options.onTrialEnd(finished.trial, this);
        if (verdict === 'stop') {
          reason ??= 'callback';
          stopLaunching = true;
        }
      }
    };

    // shared storages: nothing to run here while others still run trials; poll until they end
    let remote = false;
    try {
      await session?.start();
      while (true) {
        while (!stopLaunching && !stop.signal.aborted && inFlight.size < concurrency) {
          if (started >= nTrials) {
            reason ??= 'nTrials';
            stopLaunching = true;
            break;
          }
          const next = session === undefined ? await this.nextLocal() : await session.next(this.sampler, { direction: this.direction }, () => this.refresh());
          if (next.kind !== 'trial') {
            const waitForOthers = session !== undefined && (options.waitForOthers ?? true);
            // trials run here: ask again when one ends
            if (inFlight.size > 0 && (next.kind === 'wait' || waitForOthers)) break;
            const elsewhere = session !== undefined && this.cache.some((t) => t.state === 'running');
            if (next.kind === 'stop' && !(elsewhere && waitForOthers)) {
              reason ??= 'exhausted';
              stopLaunching = true;
            } else if (!elsewhere) {
              throw new FatalError('The sampler asked to wait while no trial is running; it would wait forever.');
            } else remote = true;
            break;
          }
          const trial = next.trial;
          started++;
          options.onTrialStart?.(trial);
          const task: Promise<void> = launch(trial)
            .catch((error: unknown) => {
              fatal ??= error;
              stopLaunching = true;
            })
            .finally(() => {
              inFlight.delete(task);
              wakeUp();
            });
          inFlight.add(task);
        }
        if (inFlight.size === 0 && (!remote || stopLaunching || stop.signal.aborted)) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (inFlight.size === 0 && !remote) resolve();
          if (remote) setTimeout(wakeUp, pollMs);
        });
        if (remote) await session?.reap();
        remote = false;
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onUserAbort);
      stop.signal.removeEventListener('abort', wakeUp);
      if (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await session?.stop();
      await this.refresh();
    }
    if (fatal !== undefined) throw fatal;
    return reason ?? 'exhausted';
  }

  /**
   * Waits, without running trials, until the study is finished: the sampler
   * proposes nothing more and no trial waits or runs (on a shared storage, other
   * workers run them). Meanwhile the trials of dead workers are reaped, so that
   * live workers take them over.
   */
  async waitUntilFinished(options: { readonly signal?: AbortSignal | undefined; readonly timeout?: number | undefined; readonly pollInterval?: number | undefined } = {}): Promise<StopReason> {
    const pollMs = checkReal('Study.waitUntilFinished', 'pollInterval', options.pollInterval ?? 0.5, { min: 0, minInclusive: false }) * 1000;
    const deadline = options.timeout === undefined ? Infinity : Date.now() + options.timeout * 1000;
    const shared = isStudyStorage(this.storage) ? this.storage : undefined;
    let asked = -1;
    while (true) {
      const trials = await this.refresh();
      // ask the sampler only when nothing runs and the history grew (model-based samplers work hard to answer)
      if (!trials.some((t) => t.state === 'running') && trials.length !== asked) {
        asked = trials.length;
        if (this.sampler.suggest(trials, { direction: this.direction }).kind === 'stop') return 'exhausted';
      }
      if (options.signal?.aborted) return 'aborted';
      if (Date.now() >= deadline) return 'timeout';
      await shared?.reapStaleTrials();
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

  /** The next trial on a storage of this study alone: the sampler's proposal, created at once. */
  private async nextLocal(): Promise<NextStep> {
    const trials = await this.refresh();
    const suggestion = this.sampler.suggest(trials, { direction: this.direction });
    if (suggestion.kind !== 'run') return suggestion;
    const trial = await this.storage.createTrial({ params: suggestion.params, budget: suggestion.budget, meta: suggestion.meta });
    return { kind: 'trial', trial };
  }

  private async runTrial(
    trial: RunningTrial,
    objective: Objective,
    signal: AbortSignal,
  ): Promise<{ trial: FinishedTrial | undefined; fatal?: unknown }> {
    const pending: Promise<void>[] = [];
    let intermediate = [...trial.intermediate];
    const context: TrialContext = {
      trialId: trial.id,
      budget: trial.budget,
      meta: trial.meta,
      attrs: trial.attrs,
      signal,
      rng: new Rng(deriveSeed(this.seed, trial.id)),
      report: async (step, value) => {
        intermediate = [...intermediate, { step, value }];
        const p = this.storage.reportIntermediate(trial.id, step, value);
        pending.push(p);
        await p;
      },
      shouldPrune: () => {
        if (this.pruner === undefined) return false;
        const current: RunningTrial = { ...trial, intermediate };
        return this.pruner.shouldPrune(current, this.cache, { direction: this.direction });
      },
      setAttrs: async (attrs) => {
        const p = this.storage.setTrialAttrs(trial.id, attrs);
        pending.push(p);
        await p;
      },
    };
    try {
      try {
        const result = await objective(trial.params, context);
        await Promise.all(pending);
        const { values, attrs } = normalizeResult(result);
        return { trial: await this.storage.finishTrial(trial.id, { state: 'complete', values, attrs }) };
      } catch (error) {
        await Promise.allSettled(pending);
        if (error instanceof TrialClaimLostError) throw error;
        // stopped mid-way on a shared storage: left unfinished, re-queued once this worker leaves
        if (isStudyStorage(this.storage) && (error instanceof TrialInterrupted || (error instanceof AbortError && signal.aborted))) return { trial: undefined };
        if (error instanceof TrialPruned) {
          return { trial: await this.storage.finishTrial(trial.id, { state: 'pruned' }) };
        }
        const finished = await this.storage.finishTrial(trial.id, { state: 'failed', error: errorMessage(error) });
        return isFatal(error) ? { trial: finished, fatal: error } : { trial: finished };
      }
    } catch (error) {
      // the trial was taken from this worker after its heartbeat lapsed; its new holder finishes it
      if (error instanceof TrialClaimLostError) return { trial: undefined };
      throw error;
    }
  }
}

function normalizeResult(result: ObjectiveResult): { values: number[]; attrs: Readonly<Record<string, unknown>> | undefined } {
  if (typeof result === 'number') return { values: [result], attrs: undefined };
  if (Array.isArray(result)) return { values: [...(result as readonly number[])], attrs: undefined };
  const r = result as { values: number | readonly number[]; attrs?: Readonly<Record<string, unknown>> };
  if (r === null || typeof r !== 'object' || !('values' in r)) {
    throw new FatalError(`An objective must return a number, an array of numbers or { values, attrs }. Got ${String(result)} instead.`);
  }
  return { values: typeof r.values === 'number' ? [r.values] : [...r.values], attrs: r.attrs };
}
