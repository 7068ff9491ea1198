/**
 * Asynchronous successive halving (ASHA, Li et al. 2020) as a pruner, after
 * Optuna's `SuccessiveHalvingPruner`: rung k is reached at step
 * `minResource * reductionFactor^(minEarlyStoppingRate + k)`; a trial reaching a
 * rung continues only if its value there is in the top `1 / reductionFactor` of
 * the values every trial had at that rung. No trial waits for another.
 */
import { InvalidParameterError } from '../../core/errors.js';
import { checkInteger, checkParam, integerIn, oneOf } from '../../core/validate.js';
import type { Pruner } from '../study.js';
import type { Direction, RunningTrial, Trial } from '../trial.js';

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * The step of the first rung; `'auto'` takes 1/100 of the longest complete
   * trial (at least 1) once a trial has completed, and prunes nothing before.
   * @default 'auto'
   */
  readonly minResource?: number | 'auto' | undefined;
  /** η: a rung keeps the best 1/η and the next rung is η times further. @default 4 */
  readonly reductionFactor?: number | undefined;
  /** s: shifts every rung η^s further. @default 0 */
  readonly minEarlyStoppingRate?: number | undefined;
  /** Prune at a rung until more than this many trials reached it. @default 0 */
  readonly bootstrapCount?: number | undefined;
}

const OWNER = 'SuccessiveHalvingPruner';

/** The first value a trial reported at a step at or after `step`, or undefined. */
function valueFrom(trial: Trial, step: number): number | undefined {
  for (const iv of trial.intermediate) if (iv.step >= step) return iv.value;
  return undefined;
}

/**
 * ASHA pruning. Rung values are read from the trials' intermediate values (the
 * first value at or after the rung's step), so the pruner keeps no record of
 * its own beyond the estimated `minResource`; call it after every report, as
 * Optuna does, for the same decisions.
 *
 * @example
 * ```ts
 * const study = new Study({ sampler, pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }) });
 * await study.optimize(async (params, ctx) => {
 *   for (let epoch = 1; epoch <= 27; epoch++) {
 *     await ctx.report(epoch, await trainOneEpoch(params));
 *     if (ctx.shouldPrune()) throw new TrialPruned(`pruned at epoch ${epoch}`);
 *   }
 *   return evaluate();
 * });
 * ```
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
  private minResource: number | undefined;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    const min = checkParam<number | 'auto'>(OWNER, 'minResource', options.minResource ?? 'auto', [integerIn({ min: 1 }), oneOf(['auto'])], { kind: 'option' });
    this.reductionFactor = checkInteger(OWNER, 'reductionFactor', options.reductionFactor ?? 4, { min: 2 });
    this.minEarlyStoppingRate = checkInteger(OWNER, 'minEarlyStoppingRate', options.minEarlyStoppingRate ?? 0, { min: 0 });
    this.bootstrapCount = checkInteger(OWNER, 'bootstrapCount', options.bootstrapCount ?? 0, { min: 0 });
    if (this.bootstrapCount > 0 && min === 'auto') {
      throw new InvalidParameterError(
        `The "bootstrapCount" option of ${OWNER} needs a numeric "minResource": bootstrapCount > 0 and minResource 'auto' cannot be combined. Got bootstrapCount ${this.bootstrapCount} instead.`,
        { owner: OWNER, argument: 'bootstrapCount', value: this.bootstrapCount, expected: "0 with minResource 'auto'" },
      );
    }
    this.minResource = min === 'auto' ? undefined : min;
  }

  /** The step at which rung `rung` is reached. */
  promotionStep(rung: number): number {
    return (this.minResource ?? NaN) * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
  }

  shouldPrune(trial: RunningTrial, trials: readonly Trial[], context: { readonly direction: Direction }): boolean {
    const last = trial.intermediate[trial.intermediate.length - 1];
    if (last === undefined) return false;
    if (this.minResource === undefined) {
      const steps = trials.filter((t) => t.state === 'complete' && t.intermediate.length > 0).map((t) => Math.max(...t.intermediate.map((iv) => iv.step)));
      if (steps.length === 0) return false;
      this.minResource = Math.max(Math.floor(Math.max(...steps) / 100), 1);
    }
    const { step, value } = last;
    // rungs already passed at earlier reports
    let previous = -Infinity;
    for (const iv of trial.intermediate.slice(0, -1)) previous = Math.max(previous, iv.step);
    let rung = 0;
    while (this.promotionStep(rung) <= previous) rung++;
    const others = trials.filter((t) => t.id !== trial.id);
    while (step >= this.promotionStep(rung)) {
      if (Number.isNaN(value)) return true;
      const at = this.promotionStep(rung);
      const competing = others.map((t) => valueFrom(t, at)).filter((v): v is number => v !== undefined);
      competing.push(value);
      if (competing.length <= this.bootstrapCount) return true;
      if (!promotable(value, competing, this.reductionFactor, context.direction)) return true;
      rung++;
    }
    return false;
  }
}

/** Whether `value` is in the top 1/η of `competing` (which includes it); with fewer than η values, only the best goes on. */
function promotable(value: number, competing: number[], eta: number, direction: Direction): boolean {
  let idx = Math.floor(competing.length / eta) - 1;
  if (idx === -1) idx = 0;
  const sorted = competing.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const nanCount = competing.length - sorted.length;
  // numpy/Python sort places NaN at the end of an ascending list
  const full = [...sorted, ...Array<number>(nanCount).fill(NaN)];
  return direction === 'maximize' ? value >= (full[full.length - 1 - idx] as number) : value <= (full[idx] as number);
}
