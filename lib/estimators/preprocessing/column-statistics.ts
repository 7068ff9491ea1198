/**
 * Column statistics shared by the preprocessing transformers, computed the way
 * numpy and scikit-learn compute them (same formulas, same order of operations),
 * so that fitted attributes match scikit-learn's to the last bits.
 */
import { quantileSorted } from '../../core/quantile.js';
import { probit } from 'simple-statistics';
import type { DenseMatrix } from '../../core/data.js';

/** float64 machine epsilon (`np.finfo(np.float64).eps`). */
export const FLOAT64_EPS = 2.220446049250313e-16;

/** Column `j` of X, sorted ascending. */
export function sortedColumn(X: DenseMatrix, j: number): Float64Array {
  return X.column(j).sort();
}

/**
 * numpy's median of sorted values: the middle value, or the mean `(a + b) / 2`
 * of the two middle values.
 */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const h = n >> 1;
  if (n % 2 === 1) return sorted[h] as number;
  return ((sorted[h - 1] as number) + (sorted[h] as number)) / 2;
}

/**
 * numpy's `percentile(a, q)` with the default linear method on sorted values
 * (`q` in [0, 100]): virtual index `(n - 1) * q / 100`, interpolated with
 * numpy's `_lerp` (from the upper value when the fraction is at least 0.5).
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  return quantileSorted(sorted, q / 100);
}

/**
 * scikit-learn's `_handle_zeros_in_scale`: scales below `10 * eps` (constant
 * features) become 1, so that they are not divided by ~0. Changes `scale` in place.
 */
export function handleZerosInScale(scale: Float64Array, constant?: ArrayLike<boolean>): Float64Array {
  for (let j = 0; j < scale.length; j++) {
    const isConstant = constant === undefined ? (scale[j] as number) < 10 * FLOAT64_EPS : constant[j] === true;
    if (isConstant) scale[j] = 1;
  }
  return scale;
}

/** The standard normal density. */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * Φ(x) - 1/2 for the standard normal, from the series
 * `φ(x) · Σ x^(2k+1) / (1·3·…·(2k+1))` (positive terms, no cancellation).
 */
function normalCdfMinusHalf(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let k = 1; k < 2000; k++) {
    term *= x2 / (2 * k + 1);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
  }
  return normalPdf(x) * sum;
}

/**
 * 1 - Φ(t) for t > 0, from its continued fraction
 * `φ(t) / (t + 1 / (t + 2 / (t + 3 / (t + …))))` (modified Lentz); accurate to
 * the last bits in the tails, where 1 - Φ(t) is small.
 */
function normalUpperTail(t: number): number {
  const tiny = 1e-300;
  let f = t;
  let c = t;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    d = t + k * d;
    if (d === 0) d = tiny;
    c = t + k / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) <= 1e-16) break;
  }
  return normalPdf(t) / f;
}

/**
 * The standard normal quantile (scipy's `norm.ppf`) to about 1e-16 relative:
 * simple-statistics' `probit` (accurate to ~1e-4) refined by Newton steps on an
 * accurate CDF (a series near the centre, a continued fraction in the tails).
 */
export function normalPpf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p === 0.5) return 0;
  let x = probit(p);
  if (Math.abs(x) < 1.5) {
    const target = p - 0.5;
    for (let k = 0; k < 50; k++) {
      const next = x - (normalCdfMinusHalf(x) - target) / normalPdf(x);
      const done = Math.abs(next - x) <= 1e-16 * Math.abs(x);
      x = next;
      if (done) break;
    }
    return x;
  }
  // tails: solve 1 - Φ(t) = q for t > 0, with q = p (lower tail) or 1 - p (upper)
  const q = p < 0.5 ? p : 1 - p;
  let t = Math.abs(x);
  for (let k = 0; k < 50; k++) {
    const next = t + (normalUpperTail(t) - q) / normalPdf(t);
    const done = Math.abs(next - t) <= 1e-16 * t;
    t = next;
    if (done) break;
  }
  return p < 0.5 ? -t : t;
}

/**
 * A number as Python prints a float (`repr`), as scikit-learn shows float64
 * categories in messages and feature names: `5.0`, `2.25`, `1e-05`, `1e+16`.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  const e = Number(exponent);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return Number.isInteger(v) ? `${v}.0` : String(v);
}
