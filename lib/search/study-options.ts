/**
 * The options of a {@link Study} and of its `optimize` calls, and their checks.
 */
import { checkInteger, checkReal, invalidParameter } from '../core/validate.js';
import type { DynamicSampler } from './define-by-run/dynamic-sampler.js';
import type { TrialObjective } from './define-by-run/start-trial.js';
import type { CatchOption } from './failure-policy.js';
import { FailurePolicy } from './failure-policy.js';
import type { Sampler } from './sampler.js';
import type { StudyStorage, WorkerInfo } from './storage/storage.js';
import type { Study } from './study.js';
import type { Objective, Pruner } from './trial-context.js';
import type { Direction, FinishedTrial, RunningTrial } from './trial.js';

/** Any objective a study runs: the engine's `(params, context)` or a define-by-run `(trial)`. */
export type AnyObjective = Objective | TrialObjective;

/** What becomes of a trial the study stopped before it finished: recorded as failed, or left for re-queueing. */
export type InterruptedTrials = 'fail' | 'requeue';

/** Options of {@link Study}. */
export interface StudyOptions {
  /** The search strategy (a define-by-run sampler, or one that proposes whole parameter sets). */
  readonly sampler: Sampler | (Sampler & DynamicSampler);
  /**
   * The objective asks for its parameters (`(trial) => { trial.suggestFloat(...) }`,
   * Optuna's style; {@link createStudy} makes such a study) instead of
   * receiving them (`(params, context) => ...`, the searches' engine).
   * @default false
   */
  readonly defineByRun?: boolean | undefined;
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
  /**
   * Errors of the objective to record as failed trials, going on with the
   * study: a list of error classes (Optuna's `catch`), or `'all'`. Any other
   * error fails its trial, is logged once with the trial's parameters, and is
   * re-raised by `optimize` once the running trials end (Optuna's rule).
   * `FatalError` and `InvalidParameterError` always stop the study.
   * @default [] (every error is re-raised)
   */
  readonly catch?: CatchOption | undefined;
  /**
   * Stop (with a `FatalError`) after this many failed trials in a row: ten
   * failures with no success between them almost always mean the objective
   * fails for every parameter set, so the study says so instead of spending
   * its whole budget (only caught errors and NaN values make failed trials go
   * on; Keras Tuner stops at 3 but retries each trial; Optuna never stops).
   * @default 10
   */
  readonly maxConsecutiveFailures?: number | undefined;
  /** The failure policy, instead of `maxConsecutiveFailures` (a tuner's: its message, the failures of a resumed search). @default undefined */
  readonly failurePolicy?: FailurePolicy | undefined;
  /** Called when a trial ends; return 'stop' to start no more trials. */
  readonly onTrialEnd?: ((trial: FinishedTrial, study: Study<AnyObjective>) => void | 'stop' | Promise<void | 'stop'>) | undefined;
  /** Progress: 1 prints a line per finished trial (Optuna's log line) or a progress bar on a terminal, with the best so far. @default 0 */
  readonly verbose?: number | undefined;
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

/** The checked settings of one `optimize` call. */
export interface OptimizePlan {
  readonly nTrials: number;
  readonly concurrency: number;
  readonly timeout: number | undefined;
  readonly pollMs: number;
  readonly failures: FailurePolicy;
  readonly catch: CatchOption;
}

/** The default of `maxConsecutiveFailures` (see {@link OptimizeOptions.maxConsecutiveFailures}). */
export const DEFAULT_MAX_CONSECUTIVE_FAILURES = 10;

export function planOf(options: OptimizeOptions): OptimizePlan {
  const owner = 'Study.optimize';
  const max =
    options.maxConsecutiveFailures === undefined || options.maxConsecutiveFailures === Infinity
      ? (options.maxConsecutiveFailures ?? DEFAULT_MAX_CONSECUTIVE_FAILURES)
      : checkInteger(owner, 'maxConsecutiveFailures', options.maxConsecutiveFailures, { min: 1 });
  return {
    nTrials: options.nTrials === undefined ? Infinity : checkInteger(owner, 'nTrials', options.nTrials, { min: 1 }),
    concurrency: checkInteger(owner, 'concurrency', options.concurrency ?? 1, { min: 1 }),
    timeout: options.timeout === undefined ? undefined : checkReal(owner, 'timeout', options.timeout, { min: 0, minInclusive: false }),
    pollMs: checkReal(owner, 'pollInterval', options.pollInterval ?? 0.5, { min: 0, minInclusive: false }) * 1000,
    failures: options.failurePolicy ?? new FailurePolicy({ maxConsecutiveFailures: max }),
    catch: checkCatch(owner, options.catch),
  };
}

function checkCatch(owner: string, option: unknown): CatchOption {
  if (option === undefined) return [];
  if (option === 'all' || (Array.isArray(option) && option.every((c) => typeof c === 'function'))) return option as CatchOption;
  throw invalidParameter(owner, 'catch', "'all' or an array of error classes", option, { kind: 'option' });
}

