/**
 * The spectrum arithmetic of PCA: explained variances and their ratios, the number
 * of components a fraction of the variance asks for, centring and the total variance
 * of the columns (as scikit-learn computes them).
 */
import type { DenseMatrix } from '../../core/data.js';

/** The number of components a fraction of the variance asks for: `searchsorted(cumsum(ratio), fraction, 'right') + 1`. */
export function componentsForFraction(ratio: Float64Array, fraction: number): number {
  let cumulative = 0;
  let count = 0;
  for (let i = 0; i < ratio.length; i++) {
    cumulative += ratio[i];
    if (cumulative <= fraction) count = i + 1;
    else break;
  }
  return count + 1;
}

/** σ² / (n − 1) for each singular value. */
export function explained(singularValues: Float64Array, n: number): Float64Array {
  return singularValues.map((s) => (s * s) / (n - 1));
}

export function explainedRatio(singularValues: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < singularValues.length; i++) total += singularValues[i] * singularValues[i];
  return singularValues.map((s) => (s * s) / total);
}

/** X minus the means, row-major. */
export function centre(X: DenseMatrix, mean: Float64Array): Float64Array {
  const p = X.columns;
  const out = new Float64Array(X.values.length);
  for (let t = 0; t < out.length; t++) out[t] = X.values[t] - mean[t % p];
  return out;
}

/** Σⱼ var(Xⱼ) with n − 1 degrees of freedom. */
export function columnVarianceSum(X: DenseMatrix, mean: Float64Array): number {
  const p = X.columns;
  const sums = new Float64Array(p);
  for (let t = 0; t < X.values.length; t++) {
    const d = X.values[t] - mean[t % p];
    sums[t % p] += d * d;
  }
  let total = 0;
  for (let j = 0; j < p; j++) total += sums[j] / (X.rows - 1);
  return total;
}
