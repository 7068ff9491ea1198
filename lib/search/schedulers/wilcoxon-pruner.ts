/**
 * WilcoxonPruner (Optuna 3.6's): for an objective that averages many
 * evaluations (cross-validation folds, problem instances), compare the
 * current trial with the best trial on the steps (instances) both evaluated,
 * and stop it once a one-sided Wilcoxon signed-rank test says it is worse.
 */
import { checkInteger, checkReal } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import type { Pruner, PrunerContext } from '../trial-context.js';
import type { RunningTrial, Trial } from '../trial.js';
import { bestTrial } from '../trial.js';
import { signedRankPValue } from './signed-rank.js';

/** Options of {@link WilcoxonPruner}. */
export interface WilcoxonPrunerOptions {
  /** Prune when the test's p-value is below this (larger: more pruning). @default 0.1 */
  readonly pThreshold?: number | undefined;
  /** No pruning until this many steps can be compared with the best trial. @default 0 */
  readonly nStartupSteps?: number | undefined;
}

const OWNER = 'WilcoxonPruner';

/** The first value a trial reported for each step. */
function valuesByStep(trial: Pick<Trial, 'intermediate'>): Map<number, number> {
  const out = new Map<number, number>();
  for (const iv of trial.intermediate) if (!out.has(iv.step)) out.set(iv.step, iv.value);
  return out;
}

/**
 * Prunes a trial that is significantly worse than the best trial on the
 * steps both reported. Report one step per evaluation instance (an instance's
 * id as the step, the same id for the same instance in every trial), with
 * its own value (not a running mean). A trial with infinite or NaN values is
 * never pruned, and neither is one whose mean so far is already better than
 * the best trial's value.
 * @example
 * ```ts
 * const study = createStudy({ pruner: new WilcoxonPruner({ pThreshold: 0.1 }) });
 * await study.optimize(async (trial) => {
 *   const x = trial.suggestFloat('x', -1, 1);
 *   const losses: number[] = [];
 *   for (const i of shuffledInstanceIds) {
 *     losses.push(loss(x, instances[i]));
 *     await trial.report(losses.at(-1)!, i);
 *     if (trial.shouldPrune()) throw new TrialPruned();
 *   }
 *   return mean(losses);
 * }, { nTrials: 100 });
 * ```
 */
export class WilcoxonPruner implements Pruner {
  readonly pThreshold: number;
  readonly nStartupSteps: number;

  constructor(options: WilcoxonPrunerOptions = {}) {
    this.pThreshold = checkReal(OWNER, 'pThreshold', options.pThreshold ?? 0.1, { min: 0, max: 1 });
    this.nStartupSteps = checkInteger(OWNER, 'nStartupSteps', options.nStartupSteps ?? 0, { min: 0 });
  }

  shouldPrune(trial: RunningTrial, trials: readonly Trial[], context: PrunerContext): boolean {
    const mine = valuesByStep(trial);
    if (mine.size === 0) return false;
    if ([...mine.values()].some((v) => !Number.isFinite(v))) {
      warn(`${OWNER}: the intermediate values of trial ${trial.id} contain infinity or NaN; it is not pruned.`, 'UserWarning');
      return false;
    }
    const best = bestTrial(trials.filter((t) => t.id !== trial.id), context.direction);
    if (best === undefined) return false;
    const theirs = valuesByStep(best);
    if ([...theirs.values()].some((v) => !Number.isFinite(v))) {
      warn(`${OWNER}: the intermediate values of the best trial (trial ${best.id}) contain infinity or NaN; trial ${trial.id} is not pruned.`, 'UserWarning');
      return false;
    }
    const steps = [...mine.keys()].filter((s) => theirs.has(s)).sort((a, b) => a - b);
    const diff = steps.map((s) => (mine.get(s) as number) - (theirs.get(s) as number));
    if (diff.length < this.nStartupSteps) return false;
    const mean = [...mine.values()].reduce((a, b) => a + b, 0) / mine.size;
    const bestValue = best.values[0] as number;
    const maximize = context.direction === 'maximize';
    const p = signedRankPValue(diff, maximize ? 'less' : 'greater');
    // the test says worse, but the mean so far already beats the best: not pruned, for safety (Optuna's rule)
    const averageIsBest = maximize ? bestValue <= mean : bestValue >= mean;
    if (p < this.pThreshold && averageIsBest) return false;
    return p < this.pThreshold;
  }
}
