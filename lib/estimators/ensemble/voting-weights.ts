/**
 * The `weights` of the voting ensembles: one per member (dropped ones included),
 * checked against the members at fit, and the weights of the members kept.
 */
import { InvalidParameterError } from '../../core/errors.js';
import type { EnsembleEntries } from './voting-and-stacking-base.js';

/** scikit-learn's check: as many weights as estimators (dropped ones count). */
export function checkWeightCount(owner: string, weights: readonly number[] | null, members: number): void {
  if (weights === null || weights.length === members) return;
  throw new InvalidParameterError(
    `Number of estimators and weights must be equal (in ${owner}); got ${weights.length} weights, ${members} estimators.`,
    { owner, argument: 'weights', value: weights, expected: `an array of ${members} weights or null` },
  );
}

/** The weights of the members that are not dropped (null stays null: equal weights). */
export function activeWeights(weights: readonly number[] | null, entries: EnsembleEntries): number[] | null {
  if (weights === null) return null;
  return entries.flatMap(([, est], i) => (est === 'drop' ? [] : [weights[i] as number]));
}
