/**
 * Cooperative stopping of long computations: the one mechanism by which a
 * search's `timeout`, its `signal` and Ctrl-C reach the work that runs in this
 * thread.
 *
 * An `AbortSignal` aborts only from the event loop (its timer or the
 * caller's `abort()` run there), so a synchronous solver that never returns to
 * the loop cannot see it abort. Two things close that gap:
 *
 * - a signal may carry a *deadline* ({@link setDeadline}): the study's
 *   trial signal knows when its timeout passes, and whoever checks it past that
 *   time by the clock ({@link isStopped}, a {@link Checkpoint}) aborts it then,
 *   as its timer would have;
 * - work that can wait returns to the event loop now and then
 *   ({@link yieldToEventLoop}: the serial executor between splits, the study
 *   between trials, async solver loops through {@link Checkpoint.checkAndYield}),
 *   so that Ctrl-C, timers and the caller's `abort()` get their turn.
 *
 * A solver makes one {@link Checkpoint} per fit from its `FitOptions.signal`
 * and calls `check()` in its loop (cheap: the clock is read once every
 * `stride` calls); without a signal the checkpoint does nothing.
 */
import { AbortError } from './errors.js';

/** A signal's deadline and what aborts the signal when it passes. */
interface Deadline {
  /** Milliseconds since the epoch (`Date.now()`). */
  readonly at: number;
  readonly fire: () => void;
}

const deadlines = new WeakMap<AbortSignal, Deadline>();

/**
 * Records that `signal` aborts at `at` (ms since the epoch): `fire` (which must
 * abort the signal) runs the first time someone checks the signal past that
 * time, whether or not the event loop has run its timer yet.
 * @example
 * ```ts
 * const controller = new AbortController();
 * setDeadline(controller.signal, Date.now() + 1000, () => controller.abort());
 * ```
 */
export function setDeadline(signal: AbortSignal, at: number, fire: () => void): void {
  deadlines.set(signal, { at, fire });
}

/** The deadline recorded for `signal` (ms since the epoch), if any. */
export function deadlineOf(signal: AbortSignal | undefined): number | undefined {
  return signal === undefined ? undefined : deadlines.get(signal)?.at;
}

/**
 * True when `signal` is aborted, or its deadline has passed (it is then
 * aborted here). False without a signal.
 */
export function isStopped(signal: AbortSignal | undefined): boolean {
  if (signal === undefined) return false;
  if (signal.aborted) return true;
  const deadline = deadlines.get(signal);
  if (deadline === undefined || Date.now() < deadline.at) return false;
  deadline.fire();
  return true;
}

/** Throws an {@link AbortError} when `signal` is aborted or its deadline has passed (before a fit starts; loops use a `Checkpoint`). */
export function throwIfAborted(signal: AbortSignal | undefined, owner: string): void {
  if (isStopped(signal)) throw new AbortError(`${owner} was aborted before it finished.`);
}

/**
 * Lets the event loop run (timers, I/O, signal handlers such as Ctrl-C's)
 * before the caller goes on: one `setImmediate` turn, a few microseconds when
 * nothing else is waiting.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * `promise`, or an {@link AbortError} as soon as `signal` aborts: the work is
 * then abandoned (it may still run in the background unless it honours the
 * signal itself).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, message = 'The work was stopped before it finished.'): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new AbortError(message));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError(message));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Options of {@link Checkpoint.of}. */
export interface CheckpointOptions {
  /**
   * Read the clock once every this many `check()` calls: about a millisecond
   * of work between two reads is plenty.
   * @default 1
   */
  readonly stride?: number | undefined;
  /** How far the work got, for the message (`'after 3 of 50 trees'`). @default 'before it finished' */
  readonly progress?: (() => string) | undefined;
}

/**
 * Where a long computation asks whether to stop. Made once per fit with
 * {@link Checkpoint.of}; `check()` in synchronous loops, `await
 * checkAndYield()` in async ones.
 * @example
 * ```ts
 * const checkpoint = Checkpoint.of(options?.signal, 'Lasso.fit');
 * for (let epoch = 0; epoch < maxIter; epoch++) {
 *   checkpoint.check(); // throws an AbortError once the search is stopped or its time is up
 *   // ... one pass over the coordinates
 * }
 * ```
 */
export class Checkpoint {
  /** A checkpoint that never stops anything (no signal). */
  static readonly NONE = new Checkpoint(undefined, '', 1, undefined);

  private calls = 0;
  private readonly deadline: number;

  private constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly owner: string,
    private readonly stride: number,
    private readonly progress: (() => string) | undefined,
  ) {
    this.deadline = deadlineOf(signal) ?? Infinity;
  }

  /**
   * The checkpoint of one computation.
   * @param signal the fit's `FitOptions.signal` (none: a checkpoint that does nothing)
   * @param owner who stops, for the message (`'SVC.fit'`)
   */
  static of(signal: AbortSignal | undefined, owner: string, options: CheckpointOptions = {}): Checkpoint {
    if (signal === undefined) return Checkpoint.NONE;
    return new Checkpoint(signal, owner, Math.max(1, Math.floor(options.stride ?? 1)), options.progress);
  }

  /** True when this checkpoint watches a signal. */
  get active(): boolean {
    return this.signal !== undefined;
  }

  /**
   * Throws an {@link AbortError} when the signal is aborted or its deadline
   * has passed; reads the clock once every `stride` calls.
   */
  check(): void {
    if (this.signal === undefined) return;
    if (++this.calls < this.stride) return;
    this.calls = 0;
    this.checkNow();
  }

  /** {@link Checkpoint.check} without the stride: reads the signal and the clock now. */
  checkNow(): void {
    const signal = this.signal;
    if (signal === undefined) return;
    if (signal.aborted || (Date.now() >= this.deadline && isStopped(signal))) {
      throw new AbortError(`${this.owner} was aborted ${this.progress?.() ?? 'before it finished'}.`);
    }
  }

  /**
   * For async loops, between steps that take a millisecond or more (trees,
   * boosting iterations): checks, returns to the event loop (a few
   * microseconds) so that a signal aborted from there (Ctrl-C, a timer, the
   * caller) lands, and checks again. Does nothing without a signal.
   */
  async checkAndYield(): Promise<void> {
    if (this.signal === undefined) return;
    this.checkNow();
    await yieldToEventLoop();
    this.checkNow();
  }
}
