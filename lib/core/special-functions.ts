/**
 * Special functions for statistics: the log-gamma function, the regularized
 * incomplete beta and gamma functions, and the survival functions of the F and
 * chi-squared distributions built on them (scipy's `gammaln`, `betainc`,
 * `gammaincc`, `fdtrc`, `chdtrc`).
 *
 * Accuracy: about 1e-14 relative for moderate arguments; the prefactor
 * `x^a (1-x)^b / B(a, b)` is computed through logarithms, so with degrees of
 * freedom in the tens of thousands a relative error of about 1e-11 remains.
 */

const LANCZOS_G = 607 / 128;
const LANCZOS_COEFFICIENTS = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202, 3.399464998481189e-5,
  4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4, -2.1026444172410488e-4, 2.1743961811521265e-4,
  -1.643181065367639e-4, 8.441822398385275e-5, -2.6190838401581408e-5, 3.6899182659531625e-6,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
/** Relative precision the series and continued fractions stop at. */
const EPS = 1e-16;
/** Guards the continued fractions' denominators against zero (Lentz's method). */
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/**
 * log |Γ(x)| (scipy's `gammaln`), by the Lanczos approximation (Godfrey's
 * coefficients, g = 607/128) and the reflection formula below 1/2.
 *
 * @example
 * ```ts
 * logGamma(5); // ≈ 3.1780538303479458 (= log 24)
 * ```
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0] as number;
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += (LANCZOS_COEFFICIENTS[i] as number) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * The remainder of Stirling's series, log Γ(x) − ((x − ½) log x − x + ½ log 2π),
 * for x ≥ 10 (where eight terms reach full precision).
 */
function stirlingRemainder(x: number): number {
  const r = 1 / (x * x);
  // Bernoulli-number coefficients B(2k) / (2k (2k − 1)), highest order first
  const series = ((((((3617 / 122400) * r - 1 / 156) * r + 691 / 360360) * r - 1 / 1188) * r + 1 / 1680) * r - 1 / 1260) * r + 1 / 360;
  return (1 / 12 - r * series) / x;
}

/**
 * log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), with the large terms of
 * Stirling's formula cancelled analytically when an argument is 10 or more (so
 * the result keeps its precision for degrees of freedom in the thousands).
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    const correction = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return -0.5 * Math.log(q) + HALF_LOG_TWO_PI + correction + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const correction = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + correction + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** I_x(a, b) given both x and y = 1 − x (each computed without cancellation by the caller). */
function incompleteBetaPair(a: number, b: number, x: number, y: number): number {
  if (x === 0) return 0;
  if (y === 0) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta(a, b));
  // the fraction converges fast on the side of the mean it is evaluated on
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/**
 * The regularized incomplete beta function I_x(a, b) (scipy's `betainc`), for
 * a, b > 0 and x in [0, 1]; NaN outside.
 *
 * @example
 * ```ts
 * incompleteBeta(2, 3, 0.5); // 0.6875
 * ```
 */
export function incompleteBeta(a: number, b: number, x: number): number {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) return NaN;
  return incompleteBetaPair(a, b, x, 1 - x);
}

/**
 * The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a)
 * (scipy's `gammaincc`), for a > 0 and x ≥ 0; NaN outside.
 *
 * @example
 * ```ts
 * upperIncompleteGamma(1, 2); // ≈ 0.1353352832366127 (= e^-2)
 * ```
 */
export function upperIncompleteGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // the series of the lower function P, then Q = 1 - P
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 0; n < MAX_ITERATIONS; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return 1 - sum * Math.exp(logFront);
  }
  // the continued fraction of Q (modified Lentz)
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logFront) * h;
}

/**
 * The survival function P(F > f) of the F distribution with `dfn` and `dfd`
 * degrees of freedom (scipy's `fdtrc`, `stats.f.sf`): the p-value of an F test.
 * NaN for a NaN statistic or non-positive degrees of freedom; 0 for f = ∞.
 *
 * @example
 * ```ts
 * fSurvival(3.5, 2, 10); // ≈ 0.0704
 * ```
 */
export function fSurvival(f: number, dfn: number, dfd: number): number {
  if (Number.isNaN(f) || !(dfn > 0) || !(dfd > 0)) return NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  const denominator = dfd + dfn * f;
  return incompleteBetaPair(dfd / 2, dfn / 2, dfd / denominator, (dfn * f) / denominator);
}

/**
 * The survival function P(X > x) of the chi-squared distribution with `df`
 * degrees of freedom (scipy's `chdtrc`, `stats.chi2.sf`). NaN for a NaN statistic
 * or non-positive degrees of freedom.
 *
 * @example
 * ```ts
 * chi2Survival(3.84, 1); // ≈ 0.05
 * ```
 */
export function chi2Survival(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  return upperIncompleteGamma(df / 2, x / 2);
}
