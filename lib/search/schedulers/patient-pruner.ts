/**
 * PatientPruner (Optuna's): wait `patience` steps without improvement before
 * letting another pruner (or, without one, itself) stop the trial, like
 * Keras's early stopping.
 */
import { checkInteger, checkReal } from '../../core/validate.js';
import type { Pruner, PrunerContext } from '../trial-context.js';
import type { RunningTrial, Trial } from '../trial.js';

/** Options of {@link PatientPruner}. */
export interface PatientPrunerOptions {
  /** An improvement smaller than this does not count. @default 0 */
  readonly minDelta?: number | undefined;
}

const OWNER = 'PatientPruner';

function bestOf(values: readonly number[], direction: 'maximize' | 'minimize'): number {
  let best = NaN;
  for (const v of values) if (!Number.isNaN(v) && (Number.isNaN(best) || (direction === 'maximize' ? v > best : v < best))) best = v;
  return best;
}

/**
 * Prunes when the best of the last `patience + 1` values is no better (by
 * more than `minDelta`) than the best before them, and then only if the
 * wrapped pruner agrees (or there is none).
 * @example
 * ```ts
 * const pruner = new PatientPruner(new MedianPruner(), 3); // the median rule, once 3 steps passed without improvement
 * ```
 */
export class PatientPruner implements Pruner {
  readonly patience: number;
  readonly minDelta: number;

  constructor(
    readonly wrappedPruner: Pruner | undefined,
    patience: number,
    options: PatientPrunerOptions = {},
  ) {
    this.patience = checkInteger(OWNER, 'patience', patience, { min: 0 }, 'argument');
    this.minDelta = checkReal(OWNER, 'minDelta', options.minDelta ?? 0, { min: 0 });
  }

  shouldPrune(trial: RunningTrial, trials: readonly Trial[], context: PrunerContext): boolean {
    const byStep = new Map<number, number>();
    for (const iv of trial.intermediate) if (!byStep.has(iv.step)) byStep.set(iv.step, iv.value);
    const steps = [...byStep.keys()].sort((a, b) => a - b);
    if (steps.length <= this.patience + 1) return false;
    const cut = steps.length - this.patience - 1;
    const before = bestOf(steps.slice(0, cut).map((s) => byStep.get(s) as number), context.direction);
    const after = bestOf(steps.slice(cut).map((s) => byStep.get(s) as number), context.direction);
    const stalled = context.direction === 'minimize' ? before + this.minDelta < after : before - this.minDelta > after;
    if (!stalled) return false;
    return this.wrappedPruner === undefined ? true : this.wrappedPruner.shouldPrune(trial, trials, context);
  }

  trialsForSampling(trial: Pick<Trial, 'id'>, trials: readonly Trial[], context: PrunerContext): readonly Trial[] {
    return this.wrappedPruner?.trialsForSampling?.(trial, trials, context) ?? trials;
  }
}
