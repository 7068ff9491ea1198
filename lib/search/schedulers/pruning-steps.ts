/**
 * Step bookkeeping shared by the pruners (Optuna's `FrozenTrial.last_step`
 * and `_is_first_in_interval_step`).
 */
import type { IntermediateValue, Trial } from '../trial.js';

/**
 * The largest step a trial reported, with its value (the value first
 * reported for it), or undefined.
 * @example
 * ```ts
 * lastReport(trial); // { step: 9, value: 0.81 }
 * ```
 */
export function lastReport(trial: Pick<Trial, 'intermediate'>): IntermediateValue | undefined {
  let last: IntermediateValue | undefined;
  for (const iv of trial.intermediate) if (last === undefined || iv.step > last.step) last = iv;
  return last;
}

/**
 * True when `step` is the first reported step of its pruning interval: steps
 * `warmup`, `warmup + interval`, ... open an interval, and a trial is checked
 * once per interval (the first time it reports a step in it).
 * @example
 * ```ts
 * isFirstInIntervalStep(7, [0, 3, 7], 0, 5); // true: 7 is the first step in [5, 10)
 * isFirstInIntervalStep(8, [0, 3, 7, 8], 0, 5); // false: 7 already was
 * ```
 */
export function isFirstInIntervalStep(step: number, steps: Iterable<number>, warmup: number, interval: number): boolean {
  const nearestLower = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLower;
}
