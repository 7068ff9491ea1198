/**
 * Regression metrics, with scikit-learn's definitions.
 */
import type { NumericVector } from '../core/data.js';
import { checkConsistentPair, checkFiniteNumbers } from './_checks.js';

/**
 * R² (coefficient of determination). A constant yTrue gives 1 when predicted
 * exactly and 0 otherwise (scikit-learn's `force_finite`).
 *
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486081370449679
 * ```
 */
export function r2Score(yTrue: NumericVector, yPred: NumericVector): number {
  const owner = 'r2Score';
  checkConsistentPair(owner, yTrue, yPred);
  checkFiniteNumbers(owner, 'yTrue', yTrue);
  checkFiniteNumbers(owner, 'yPred', yPred);
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i] as number;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    ssRes += (t - (yPred[i] as number)) ** 2;
    ssTot += (t - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
