/**
 * The failure policy of every study loop, searches and tuners alike (Keras
 * Tuner's and Optuna's rules in one place):
 *
 * - how an objective that threw ends its trial ({@link classifyThrown}): its
 *   claim was lost to another worker, it was interrupted (the study was
 *   stopped), it was pruned, it failed, or it failed fatally (the error escapes
 *   the study once the running trials end);
 * - what an interrupted trial is: a failed trial whose error is the
 *   interruption ({@link isInterruptedTrial}), not the trial's fault: it neither
 *   counts nor breaks a run of failures, and a tuner's project does not keep it;
 * - when failures in a row stop the study ({@link FailurePolicy}).
 */
import { AbortError, FatalError, TrialPruned, TunekitError, isFatal } from '../core/errors.js';
import { TrialClaimLostError } from './storage/errors.js';
import type { FinishedTrial, Trial } from './trial.js';
import { isUnfinished } from './trial.js';

/**
 * Thrown by an objective that was stopped (timeout, abort) before it finished,
 * so that its result is partial. What the trial then becomes is the study's
 * `interruptedTrials` choice: on a shared study (`'requeue'`) it is left
 * unfinished, and once this worker leaves the next run (or another worker)
 * re-queues and re-runs it, reusing what it recorded in its attributes;
 * otherwise (`'fail'`) it is recorded as failed with this error's message.
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

/** An error class (`RangeError`, a class of your own) that `Study.optimize`'s `catch` option names. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Which errors of an objective `Study.optimize` records as failed trials and
 * goes on: the listed classes (and their subclasses), or `'all'`. Any other
 * error is logged, recorded and re-raised once the running trials end.
 */
export type CatchOption = readonly ErrorClass[] | 'all';

/**
 * True when `catch` covers the error.
 * @example
 * ```ts
 * caughtBy(new RangeError('x'), [RangeError]); // true
 * caughtBy(new TypeError('x'), [RangeError]); // false
 * ```
 */
export function caughtBy(error: unknown, option: CatchOption): boolean {
  if (option === 'all') return true;
  return option.some((cls) => error instanceof cls);
}

/** How an objective that threw ends its trial. */
export type ThrownOutcome = 'lost' | 'interrupted' | 'pruned' | 'failed' | 'fatal';

/**
 * How an objective that threw ends its trial: `lost` (another worker holds the
 * trial now), `interrupted` ({@link TrialInterrupted}, or an `AbortError` once
 * the study was stopped), `pruned` ({@link TrialPruned}), `fatal`
 * (`FatalError`, `InvalidParameterError`: recorded, then the study stops), or
 * `failed`.
 * @example
 * ```ts
 * classifyThrown(new TrialPruned(), false); // 'pruned'
 * classifyThrown(new AbortError('stopped'), true); // 'interrupted'
 * ```
 */
export function classifyThrown(error: unknown, studyStopped: boolean): ThrownOutcome {
  if (error instanceof TrialClaimLostError) return 'lost';
  if (error instanceof TrialInterrupted || (error instanceof AbortError && studyStopped)) return 'interrupted';
  if (error instanceof TrialPruned) return 'pruned';
  return isFatal(error) ? 'fatal' : 'failed';
}

/**
 * True for a failed trial whose error is an interruption (the study was
 * stopped while it ran): not the trial's fault.
 * @example
 * ```ts
 * isInterruptedTrial(study.trials.at(-1)!); // true after a timeout cut the last trial off
 * ```
 */
export function isInterruptedTrial(trial: Trial): boolean {
  return trial.state === 'failed' && /^(AbortError|TrialInterrupted)\b/.test(trial.error);
}

/** Options of {@link FailurePolicy}. */
export interface FailurePolicyOptions {
  /** Stop the study after this many failed trials in a row. @default Infinity */
  readonly maxConsecutiveFailures?: number | undefined;
  /** The message of the `FatalError` that stops the study. @default "N trials failed in a row (maxConsecutiveFailures=N). The last error: …" */
  readonly message?: ((count: number, lastError: string) => string) | undefined;
}

/**
 * Counts failed trials in a row and stops the study (with a `FatalError`) when
 * there are too many. Interrupted trials neither count nor break the run.
 * @example
 * ```ts
 * const policy = new FailurePolicy({ maxConsecutiveFailures: 3 }).resume(study.trials);
 * await study.optimize(objective, { failurePolicy: policy });
 * ```
 */
export class FailurePolicy {
  readonly maxConsecutiveFailures: number;
  private readonly message: (count: number, lastError: string) => string;
  private inARow = 0;

  constructor(options: FailurePolicyOptions = {}) {
    this.maxConsecutiveFailures = options.maxConsecutiveFailures ?? Infinity;
    this.message =
      options.message ?? ((count, lastError) => `${count} trials failed in a row (maxConsecutiveFailures=${this.maxConsecutiveFailures}). The last error: ${lastError}`);
  }

  /** Failed trials in a row so far. */
  get consecutiveFailures(): number {
    return this.inARow;
  }

  /** Continues the count from trials that ran before (a resumed search): the failures at their end count. */
  resume(trials: readonly Trial[]): this {
    for (const t of trials) if (!isUnfinished(t)) this.count(t);
    return this;
  }

  /** Counts a finished trial; returns the error that stops the study when too many failed in a row. */
  observe(trial: FinishedTrial): FatalError | undefined {
    if (isInterruptedTrial(trial)) return undefined;
    this.count(trial);
    if (trial.state !== 'failed' || this.inARow < this.maxConsecutiveFailures) return undefined;
    return new FatalError(this.message(this.inARow, trial.error));
  }

  private count(trial: FinishedTrial): void {
    if (isInterruptedTrial(trial)) return;
    this.inARow = trial.state === 'failed' ? this.inARow + 1 : 0;
  }
}
