/**
 * scikit-optimize's callbacks for the `minimize` functions (`gpMinimize`,
 * `forestMinimize`, `dummyMinimize`) and `BayesSearchCV`: each is called with
 * the result so far after every evaluation and returns `true` to stop.
 * `EarlyStopper` is the base of the stoppers (`DeadlineStopper`,
 * `DeltaYStopper`): a subclass says when to stop in `criterion`.
 */
import { checkInteger, checkReal } from '../../../core/validate.js';
import type { OptimizeResult } from './optimizer.js';

/** What a stopper needs of a result: the values so far (minimized; NaN for failures). */
export type StopperResult = Pick<OptimizeResult<unknown>, 'funcVals'>;

/**
 * The base of the early stoppers (scikit-optimize's `EarlyStopper`): call
 * {@link EarlyStopper.call} with the result after each evaluation; it stops
 * the run when {@link EarlyStopper.criterion} is true.
 * @example
 * ```ts
 * class TenBelowZero extends EarlyStopper {
 *   criterion(result: StopperResult): boolean {
 *     return result.funcVals.filter((v) => v < 0).length >= 10;
 *   }
 * }
 * await gpMinimize(f, space, { callback: new TenBelowZero() });
 * ```
 */
export abstract class EarlyStopper {
  /** True to stop. */
  abstract criterion(result: StopperResult): boolean;

  /** Called with the result after each evaluation; true stops the run. */
  call(result: StopperResult): boolean {
    return this.criterion(result);
  }
}

/**
 * Stops when the time left is shorter than the longest evaluation so far
 * (scikit-optimize's `DeadlineStopper`): the next one would likely overrun
 * `totalTime` seconds. The clock starts at the first call after the stopper
 * is made, or after `start()`.
 * @example
 * ```ts
 * await gpMinimize(f, space, { nCalls: 1000, callback: new DeadlineStopper(60) });
 * ```
 */
export class DeadlineStopper extends EarlyStopper {
  readonly totalTime: number;
  /** Seconds each evaluation took, as seen between calls. */
  readonly iterTime: number[] = [];
  private last: number;
  private readonly now: () => number;

  /**
   * @param totalTime seconds
   * @param now the clock, in seconds @default performance.now() / 1000
   */
  constructor(totalTime: number, now: () => number = () => performance.now() / 1000) {
    super();
    this.totalTime = checkReal('DeadlineStopper', 'totalTime', totalTime, { min: 0, minInclusive: false }, 'argument');
    this.now = now;
    this.last = now();
  }

  /** Starts the clock again (a run that starts later than the stopper was made). */
  start(): void {
    this.iterTime.length = 0;
    this.last = this.now();
  }

  criterion(): boolean {
    const t = this.now();
    this.iterTime.push(t - this.last);
    this.last = t;
    const spent = this.iterTime.reduce((a, b) => a + b, 0);
    return this.totalTime - spent <= Math.max(...this.iterTime);
  }
}

/** Options of {@link DeltaYStopper}. */
export interface DeltaYStopperOptions {
  /** How many of the best values must lie within `delta`. @default 5 */
  readonly nBest?: number | undefined;
}

/**
 * Stops when the `nBest` best values so far are within `delta` of each other
 * (scikit-optimize's `DeltaYStopper`): the run has stopped finding better
 * points.
 * @example
 * ```ts
 * await gpMinimize(f, space, { callback: new DeltaYStopper(1e-3, { nBest: 5 }) });
 * ```
 */
export class DeltaYStopper extends EarlyStopper {
  readonly delta: number;
  readonly nBest: number;

  constructor(delta: number, options: DeltaYStopperOptions = {}) {
    super();
    this.delta = checkReal('DeltaYStopper', 'delta', delta, { min: 0 }, 'argument');
    this.nBest = checkInteger('DeltaYStopper', 'nBest', options.nBest ?? 5, { min: 1 });
  }

  criterion(result: StopperResult): boolean {
    const values = result.funcVals.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    if (values.length < this.nBest) return false;
    return Math.abs((values[this.nBest - 1] as number) - (values[0] as number)) < this.delta;
  }
}

/** A callback of the `minimize` functions: a function of the result (true or 'stop' stops), or an {@link EarlyStopper}. */
export type MinimizeCallback<P> = ((result: OptimizeResult<P>) => unknown) | EarlyStopper;

/**
 * Calls every callback with the result; true when one of them says stop (all are called).
 * @example
 * ```ts
 * for (let i = 0; i < 50; i++) {
 *   const x = optimizer.ask();
 *   optimizer.tell(x, f(x));
 *   if (callbacksSayStop([new DeltaYStopper(0.01)], optimizer.result)) break;
 * }
 * ```
 */
export function callbacksSayStop<P>(callbacks: readonly MinimizeCallback<P>[], result: OptimizeResult<P>): boolean {
  let stop = false;
  for (const cb of callbacks) {
    const out = cb instanceof EarlyStopper ? cb.call(result) : cb(result);
    if (out === true || out === 'stop') stop = true;
  }
  return stop;
}
