/**
 * `gpMinimize` / `minimize`: run the {@link Optimizer} on a function for a number
 * of calls (scikit-optimize's `gp_minimize`).
 */
import { isFatal } from '../../../core/errors.js';
import { checkInteger } from '../../../core/validate.js';
import type { SpaceSpec } from '../../space/dimensions.js';
import type { Space } from '../../space/search-space.js';
import type { OptimizeResult, OptimizerOptions, PointOf } from './optimizer.js';
import { Optimizer } from './optimizer.js';

/** Called after each evaluation with the result so far; return `true` or `'stop'` to stop. */
export type MinimizeCallback<P> = (result: OptimizeResult<P>) => unknown;

/** Options of {@link gpMinimize}. */
export interface MinimizeOptions<P> extends OptimizerOptions {
  /** Evaluations of `fn` in all (`x0` included). @default 100 */
  readonly nCalls?: number | undefined;
  /** Points to evaluate first (told before the initial design). @default [] */
  readonly x0?: readonly P[] | undefined;
  /** Known values of `x0` (then `x0` is told, not evaluated). @default undefined */
  readonly y0?: readonly number[] | undefined;
  /** Called after each evaluation; `true` or `'stop'` ends the run (scikit-optimize's callbacks). @default [] */
  readonly callback?: MinimizeCallback<P> | readonly MinimizeCallback<P>[] | undefined;
}

/**
 * Minimizes `fn` over `space` with Bayesian optimization. An evaluation that
 * throws (or returns a non-finite value) is recorded as a failure, not a crash;
 * fatal errors ({@link FatalError}, {@link InvalidParameterError}) still escape.
 *
 * @example
 * ```ts
 * const res = await gpMinimize(([x, y]) => (x as number) ** 2 + (y as number) ** 2,
 *   [new Real(-2, 2), new Real(-2, 2)], { nCalls: 30, randomState: 0 });
 * res.x; // near [0, 0]
 * res.funcVals.length; // 30
 * ```
 */
export async function gpMinimize<S extends SpaceSpec | Space>(
  fn: (x: PointOf<S>) => number | Promise<number>,
  space: S,
  options: MinimizeOptions<PointOf<S>> = {},
): Promise<OptimizeResult<PointOf<S>>> {
  const { nCalls: nCallsOption, x0, y0, callback, ...optimizerOptions } = options;
  const nCalls = checkInteger('gpMinimize', 'nCalls', nCallsOption ?? 100, { min: 1 });
  const callbacks = callback === undefined ? [] : Array.isArray(callback) ? (callback as MinimizeCallback<PointOf<S>>[]) : [callback as MinimizeCallback<PointOf<S>>];
  const optimizer = new Optimizer(space, optimizerOptions);
  const stop = (): boolean => {
    const result = optimizer.result;
    return callbacks.some((cb) => {
      const out = cb(result);
      return out === true || out === 'stop';
    });
  };
  const evaluate = async (x: PointOf<S>): Promise<number> => {
    try {
      return await fn(x);
    } catch (error) {
      if (isFatal(error)) throw error;
      return NaN;
    }
  };
  const first = x0 ?? [];
  if (y0 !== undefined && first.length > 0) {
    optimizer.tell(first as PointOf<S>[], y0);
    if (stop()) return optimizer.result;
  } else {
    for (const x of first.slice(0, nCalls)) {
      optimizer.tell(x, await evaluate(x));
      if (stop()) return optimizer.result;
    }
  }
  while (optimizer.nTold < nCalls + (y0 !== undefined ? first.length : 0)) {
    const x = optimizer.ask();
    optimizer.tell(x, await evaluate(x));
    if (stop()) break;
  }
  return optimizer.result;
}

/**
 * The same as {@link gpMinimize}.
 * @example
 * ```ts
 * const res = await minimize(([x]) => (x as number) ** 2, [new Real(-1, 1)], { nCalls: 15 });
 * ```
 */
export const minimize = gpMinimize;
