/**
 * Classification metrics, with scikit-learn's definitions.
 */
import type { Vector } from '../core/data.js';
import { checkConsistentPair, checkLabels } from './_checks.js';

/**
 * The fraction of labels predicted exactly.
 *
 * @example
 * ```ts
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * ```
 */
export function accuracyScore(yTrue: Vector, yPred: Vector): number {
  const owner = 'accuracyScore';
  checkConsistentPair(owner, yTrue, yPred);
  checkLabels(owner, 'yTrue', yTrue);
  checkLabels(owner, 'yPred', yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}
