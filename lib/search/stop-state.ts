/**
 * Why and how a study loop stops. Launching new trials ends when the sampler
 * is exhausted, `nTrials` have started, a callback says so, or the caller
 * drains the study (running trials end normally); the running trials are
 * signalled too on a timeout, the caller's abort, or a fatal error.
 */
import { setMaxListeners } from 'node:events';
import { isStopped, setDeadline } from '../core/checkpoint.js';
import { AbortError } from '../core/errors.js';

/** Why `Study.optimize` returned. `drained`: the caller's `drain` signal stopped it taking trials. */
export type StopReason = 'exhausted' | 'nTrials' | 'timeout' | 'aborted' | 'callback' | 'drained';

/** The stop state of one `optimize` call. */
export class StopState {
  private readonly controller = new AbortController();
  private reason: StopReason | undefined;
  private fatal: { readonly error: unknown } | undefined;
  private launching = true;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = (): void => this.halt('aborted');

  /**
   * @param signal the caller's: aborts the study (running trials are signalled)
   * @param timeout seconds after which the study stops like an abort
   * @param drain the caller's: no new trial starts; running trials end normally
   */
  constructor(
    private readonly signal: AbortSignal | undefined,
    timeout: number | undefined,
    readonly drain: AbortSignal | undefined,
  ) {
    // every running split listens to this signal: many listeners are expected
    setMaxListeners(0, this.controller.signal);
    if (signal?.aborted) this.halt('aborted');
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.timer = timeout === undefined ? undefined : setTimeout(() => this.halt('timeout'), timeout * 1000);
    // synchronous work (an in-process fit) cannot see the timer fire: it checks the deadline by the clock
    if (timeout !== undefined) setDeadline(this.controller.signal, Date.now() + timeout * 1000, () => this.halt('timeout'));
  }

  /** The signal every running trial sees: aborted on timeout, the caller's abort, or a fatal error. */
  get trialSignal(): AbortSignal {
    return this.controller.signal;
  }

  /** True while new trials may start (false once the timeout has passed, even before its timer fires). */
  get canLaunch(): boolean {
    return this.launching && !isStopped(this.controller.signal) && this.drain?.aborted !== true;
  }

  /** Starts no more trials (`exhausted`, `nTrials`, `callback`); running ones end normally. */
  end(reason: StopReason): void {
    this.reason ??= reason;
    this.launching = false;
  }

  /** Starts no more trials and signals the running ones (`timeout`, `aborted`). */
  halt(reason: StopReason): void {
    this.reason ??= reason;
    if (!this.controller.signal.aborted) this.controller.abort(new AbortError(`The study was stopped (${reason}).`));
  }

  /** Records the error the study ends with (the first one wins); `signalRunning` also signals the running trials. */
  fail(error: unknown, signalRunning: boolean): void {
    this.fatal ??= { error };
    this.launching = false;
    if (signalRunning && !this.controller.signal.aborted) this.controller.abort(error);
  }

  /** Stops the timer and the listeners. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  /** Why the study stopped. @throws the fatal error, when there was one. */
  outcome(): StopReason {
    if (this.fatal !== undefined) throw this.fatal.error;
    return this.reason ?? (this.drain?.aborted === true ? 'drained' : 'exhausted');
  }
}
