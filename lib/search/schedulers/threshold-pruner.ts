/**
 * ThresholdPruner (Optuna's): stop a trial whose latest intermediate value
 * leaves a range, or is NaN. Useful to cut off a diverging training run.
 */
import { InvalidParameterError } from '../../core/errors.js';
import { checkInteger, checkReal } from '../../core/validate.js';
import type { Pruner, PrunerContext } from '../trial-context.js';
import type { RunningTrial, Trial } from '../trial.js';
import { isFirstInIntervalStep, lastReport } from './pruning-steps.js';

/** Options of {@link ThresholdPruner}. */
export interface ThresholdPrunerOptions {
  /** Prune below this value. @default -Infinity (at least one bound is needed) */
  readonly lower?: number | undefined;
  /** Prune above this value. @default Infinity (at least one bound is needed) */
  readonly upper?: number | undefined;
  /** No pruning before this step. @default 0 */
  readonly nWarmupSteps?: number | undefined;
  /** Check once per this many steps (after the warm-up). @default 1 */
  readonly intervalSteps?: number | undefined;
}

const OWNER = 'ThresholdPruner';

/**
 * Prunes a trial whose value at its latest step is below `lower`, above
 * `upper`, or NaN.
 * @example
 * ```ts
 * const study = createStudy({ pruner: new ThresholdPruner({ upper: 1.0 }) }); // a loss that passes 1.0 diverged
 * ```
 */
export class ThresholdPruner implements Pruner {
  readonly lower: number;
  readonly upper: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;

  constructor(options: ThresholdPrunerOptions = {}) {
    if (options.lower === undefined && options.upper === undefined) {
      throw new InvalidParameterError(`${OWNER} needs a "lower" or an "upper" bound (or both). Got neither.`, {
        owner: OWNER, argument: 'lower', value: undefined, expected: 'a number (or an upper bound)',
      });
    }
    this.lower = options.lower === undefined ? -Infinity : checkReal(OWNER, 'lower', options.lower);
    this.upper = options.upper === undefined ? Infinity : checkReal(OWNER, 'upper', options.upper);
    if (this.lower > this.upper) {
      throw new InvalidParameterError(`The "lower" option of ${OWNER} must be <= upper (${this.upper}). Got ${this.lower} instead.`, {
        owner: OWNER, argument: 'lower', value: this.lower, expected: `a number <= ${this.upper}`,
      });
    }
    this.nWarmupSteps = checkInteger(OWNER, 'nWarmupSteps', options.nWarmupSteps ?? 0, { min: 0 });
    this.intervalSteps = checkInteger(OWNER, 'intervalSteps', options.intervalSteps ?? 1, { min: 1 });
  }

  shouldPrune(trial: RunningTrial, _trials?: readonly Trial[], _context?: PrunerContext): boolean {
    const last = lastReport(trial);
    if (last === undefined || last.step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(last.step, trial.intermediate.map((iv) => iv.step), this.nWarmupSteps, this.intervalSteps)) return false;
    const v = last.value;
    return Number.isNaN(v) || v < this.lower || v > this.upper;
  }
}
