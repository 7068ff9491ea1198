/**
 * The standard normal distribution: density, distribution function (through a
 * full-precision erfc), its logarithm far in the lower tail, and the quantile
 * function. Shared by the acquisition functions and the TPE sampler.
 */

const SQRT2 = Math.SQRT2;
const SQRT_PI = Math.sqrt(Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * exp(x²) erfc(x) for x ≥ 0 (continued fraction for x ≥ 2, series below).
 * @example
 * ```ts
 * erfcx(30); // ≈ 0.0188: exp(900) · erfc(30), whose factors overflow and underflow
 * ```
 */
export function erfcx(x: number): number {
  if (x < 2) return Math.exp(x * x) * erfc(x);
  // Lentz's method on erfcx(x) = (1/√π) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    D = x + a * D;
    D = Math.abs(D) < tiny ? tiny : D;
    C = x + a / C;
    C = Math.abs(C) < tiny ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (SQRT_PI * f);
}

/**
 * The complementary error function.
 * @example
 * ```ts
 * erfc(0); // 1
 * erfc(3); // ≈ 2.209e-5
 * ```
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x >= 2) return Math.exp(-x * x) * erfcx(x);
  // erf by its Taylor series (converges to full precision for |x| < 2)
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 100; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return 1 - (2 / SQRT_PI) * sum;
}

/**
 * The standard normal density.
 * @example
 * ```ts
 * normalPdf(0); // ≈ 0.3989
 * ```
 */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * The standard normal distribution function Φ(z).
 * @example
 * ```ts
 * normalCdf(1.96); // ≈ 0.975
 * ```
 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/**
 * log Φ(z), accurate far in the lower tail.
 * @example
 * ```ts
 * logNormalCdf(-40); // ≈ -804.6 (Φ(-40) underflows)
 * ```
 */
export function logNormalCdf(z: number): number {
  if (z > -5) return Math.log(normalCdf(z));
  const t = -z / SQRT2;
  return Math.log(0.5 * erfcx(t)) - t * t;
}

/**
 * The standard normal quantile Φ⁻¹(p) (Acklam's rational approximation refined
 * by one Halley step: about 1e-15 relative error).
 * @example
 * ```ts
 * normalQuantile(0.975); // 1.959963984540054
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0)) return p === 0 ? -Infinity : NaN;
  if (!(p < 1)) return p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  // one Halley step on Φ(x) − p (with the upper tail computed directly for accuracy)
  const e = x < 0 ? normalCdf(x) - p : 1 - p - normalCdf(-x);
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
