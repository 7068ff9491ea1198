/**
 * Percentile and median pruning (Optuna's `PercentilePruner`/`MedianPruner`):
 * stop a trial whose best intermediate value so far is worse than a percentile
 * of the other complete trials' values at the same step.
 */
import { quantileSorted } from '../../core/quantile.js';
import { checkInteger, checkReal } from '../../core/validate.js';
import type { Pruner } from '../study.js';
import { isFirstInIntervalStep } from './pruning-steps.js';
import type { Direction, RunningTrial, Trial } from '../trial.js';

/** Options of {@link PercentilePruner} and {@link MedianPruner}. */
export interface PercentilePrunerOptions {
  /** No pruning until this many trials have completed. @default 5 */
  readonly nStartupTrials?: number | undefined;
  /** No pruning before this step of a trial. @default 0 */
  readonly nWarmupSteps?: number | undefined;
  /** Check once per this many steps (after the warm-up). @default 1 */
  readonly intervalSteps?: number | undefined;
  /** Prune only when at least this many complete trials reported the step. @default 1 */
  readonly nMinTrials?: number | undefined;
}

/** numpy's `nanpercentile(values, q)` with linear interpolation (NaN dropped; NaN if none left). */
export function nanPercentile(values: readonly number[], q: number): number {
  return quantileSorted(values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b), q / 100);
}

/** The trial's best intermediate value (NaN when all are NaN or there are none). */
export function bestIntermediate(trial: Trial, direction: Direction): number {
  let best = NaN;
  for (const { value } of trial.intermediate) {
    if (Number.isNaN(value)) continue;
    if (Number.isNaN(best) || (direction === 'maximize' ? value > best : value < best)) best = value;
  }
  return best;
}

/** The value a trial reported at `step`, or undefined. */
export function valueAt(trial: Trial, step: number): number | undefined {
  for (let i = trial.intermediate.length - 1; i >= 0; i--) {
    const iv = trial.intermediate[i];
    if (iv !== undefined && iv.step === step) return iv.value;
  }
  return undefined;
}

const DEFAULT_STARTUP = 5;

/**
 * Prunes a trial whose best intermediate value is worse than the given
 * percentile of the complete trials' values at the same step, counted from the
 * best: with `percentile: 25` a trial survives a step only when it is within the
 * best quarter. See {@link MedianPruner} for the common case.
 *
 * @example
 * ```ts
 * const study = new Study({ sampler, pruner: new PercentilePruner(25, { nStartupTrials: 5 }) });
 * ```
 */
export class PercentilePruner implements Pruner {
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;

  constructor(percentile: number, options: PercentilePrunerOptions = {}, owner = 'PercentilePruner') {
    this.percentile = checkReal(owner, 'percentile', percentile, { min: 0, max: 100 }, 'argument');
    this.nStartupTrials = checkInteger(owner, 'nStartupTrials', options.nStartupTrials ?? DEFAULT_STARTUP, { min: 0 });
    this.nWarmupSteps = checkInteger(owner, 'nWarmupSteps', options.nWarmupSteps ?? 0, { min: 0 });
    this.intervalSteps = checkInteger(owner, 'intervalSteps', options.intervalSteps ?? 1, { min: 1 });
    this.nMinTrials = checkInteger(owner, 'nMinTrials', options.nMinTrials ?? 1, { min: 1 });
  }

  shouldPrune(trial: RunningTrial, trials: readonly Trial[], context: { readonly direction: Direction }): boolean {
    const complete = trials.filter((t) => t.state === 'complete' && t.id !== trial.id);
    if (complete.length === 0 || complete.length < this.nStartupTrials) return false;
    const last = trial.intermediate[trial.intermediate.length - 1];
    if (last === undefined) return false;
    const step = last.step;
    if (step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, trial.intermediate.map((iv) => iv.step), this.nWarmupSteps, this.intervalSteps)) return false;
    const best = bestIntermediate(trial, context.direction);
    if (Number.isNaN(best)) return true;
    const atStep = complete.map((t) => valueAt(t, step)).filter((v): v is number => v !== undefined);
    if (atStep.length < this.nMinTrials) return false;
    const q = context.direction === 'maximize' ? 100 - this.percentile : this.percentile;
    const p = nanPercentile(atStep, q);
    if (Number.isNaN(p)) return false;
    return context.direction === 'maximize' ? best < p : best > p;
  }
}

/**
 * Prunes a trial whose best intermediate value is worse than the median of the
 * complete trials' values at the same step (Optuna's `MedianPruner`).
 *
 * In a cross-validated search (`pruner` option), the step is the split and the
 * value the candidate's running mean test score; on an iterative estimator
 * (`pruneOn: 'val_accuracy'`), the step is the epoch.
 *
 * @example
 * ```ts
 * const search = new RandomizedSearchCV(new SVC(), space, { nIter: 40, pruner: new MedianPruner({ nStartupTrials: 5 }) });
 * ```
 */
export class MedianPruner extends PercentilePruner {
  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options, 'MedianPruner');
  }
}
