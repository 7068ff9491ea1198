/**
 * numpy's legacy algorithms for the distributions whose draws are more than one
 * line: the gamma (Marsaglia and Tsang above shape 1, Johnk-style rejection
 * below), the binomial (inversion for small means, Kachitvichyanukul and
 * Schmeiser's BTPE above) and the multinomial built on it. Written from numpy
 * 1.24's `random/src/legacy/legacy-distributions.c` and
 * `random/src/distributions/distributions.c`, which keep `RandomState`'s streams
 * unchanged since numpy 1.16.
 *
 * Each function draws from a {@link LegacySource} (a {@link RandomState}'s
 * doubles and cached Gaussian). Internal to `core`.
 */

import { invalidParameter } from './validate.js';

/** What the legacy algorithms draw from. */
export interface LegacySource {
  /** A double in [0, 1) (`next_double`). */
  nextDouble(): number;
  /** The legacy polar-method Gaussian, with its cached second value (`legacy_gauss`). */
  gauss(): number;
}

/** `legacy_standard_exponential`: -log(1 - U). */
export function standardExponential(source: LegacySource): number {
  return -Math.log(1 - source.nextDouble());
}

/** `legacy_standard_gamma`. */
export function standardGamma(source: LegacySource, shape: number): number {
  if (shape === 1) return standardExponential(source);
  if (shape === 0) return 0;
  if (shape < 1) {
    for (;;) {
      const u = source.nextDouble();
      const v = standardExponential(source);
      if (u <= 1 - shape) {
        const x = Math.pow(u, 1 / shape);
        if (x <= v) return x;
      } else {
        const y = -Math.log((1 - u) / shape);
        const x = Math.pow(1 - shape + shape * y, 1 / shape);
        if (x <= v + y) return x;
      }
    }
  }
  const b = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * b);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = source.gauss();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = source.nextDouble();
    if (u < 1 - 0.0331 * (x * x) * (x * x)) return b * v;
    if (Math.log(u) < 0.5 * x * x + b * (1 - v + Math.log(v))) return b * v;
  }
}

/** `random_binomial_inversion`: the count of successes by inverting the CDF (small n * p). */
function binomialInversion(source: LegacySource, n: number, p: number): number {
  const q = 1 - p;
  const qn = Math.exp(n * Math.log(q));
  const np = n * p;
  const bound = Math.trunc(Math.min(n, np + 10 * Math.sqrt(np * q + 1)));
  let x = 0;
  let px = qn;
  let u = source.nextDouble();
  while (u > px) {
    x++;
    if (x > bound) {
      x = 0;
      px = qn;
      u = source.nextDouble();
    } else {
      u -= px;
      px = ((n - x + 1) * p * px) / (x * q);
    }
  }
  return x;
}

/** Stirling-series correction shared by the four terms of BTPE's final test. */
function stirlingTerm(z: number, z2: number): number {
  return (13680 - (462 - (132 - (99 - 140 / z2) / z2) / z2) / z2) / z / 166320;
}

/** `random_binomial_btpe` (n * p > 30), for p <= 0.5 as numpy calls it. */
function binomialBtpe(source: LegacySource, n: number, p: number): number {
  const r = Math.min(p, 1 - p);
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;
  const nrq = n * r * q;

  for (;;) {
    const u = source.nextDouble() * p4;
    let v = source.nextDouble();
    let y: number;
    if (u <= p1) {
      y = Math.floor(xm - p1 * v + u);
      return y;
    }
    if (u <= p2) {
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0) continue;
      v = v * (u - p2) * laml;
    } else {
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0) continue;
      v = v * (u - p3) * lamr;
    }
    const k = Math.abs(y - m);
    if (!(k > 20 && k < nrq / 2 - 1)) {
      const s = r / q;
      const aa = s * (n + 1);
      let f = 1;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) f *= aa / i - s;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) f /= aa / i - s;
      }
      if (v > f) continue;
      return y;
    }
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * r) / (x1 * q)) +
      stirlingTerm(f1, f1 * f1) +
      stirlingTerm(z, z * z) +
      stirlingTerm(x1, x1 * x1) +
      stirlingTerm(w, w * w);
    if (logV > bound) continue;
    return y;
  }
}

/**
 * A binomial draw. `legacy` is `RandomState.binomial`'s path (no shortcut for
 * n = 0 or p = 0, so a draw is consumed even then); otherwise the path the
 * multinomial uses (`random_binomial`), which returns 0 at once for them.
 */
export function binomial(source: LegacySource, n: number, p: number, legacy: boolean): number {
  if (!legacy && (n === 0 || p === 0)) return 0;
  if (p <= 0.5) {
    return p * n <= 30 ? binomialInversion(source, n, p) : binomialBtpe(source, n, p);
  }
  const q = 1 - p;
  return q * n <= 30 ? n - binomialInversion(source, n, q) : n - binomialBtpe(source, n, q);
}

/** `random_multinomial`: one draw of counts for `n` trials over the categories of `pvals`. */
export function multinomialRow(source: LegacySource, n: number, pvals: ArrayLike<number>, out: Int32Array | number[]): void {
  const d = pvals.length;
  let remaining = 1;
  let left = n;
  for (let j = 0; j < d; j++) out[j] = 0;
  for (let j = 0; j < d - 1; j++) {
    const drawn = binomial(source, left, (pvals[j] as number) / remaining, false);
    out[j] = drawn;
    left -= drawn;
    if (left <= 0) break;
    remaining -= pvals[j] as number;
  }
  if (left > 0) out[d - 1] = left;
}

/** numpy's `kahan_sum` (compensated summation) of the first `n` values. */
export function kahanSum(values: ArrayLike<number>, n: number = values.length): number {
  if (n <= 0) return 0;
  let sum = values[0] as number;
  let c = 0;
  for (let i = 1; i < n; i++) {
    const y = (values[i] as number) - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** `cumsum(p) / cumsum(p)[-1]`, numpy's order of operations. */
export function cumulative(p: readonly number[]): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i] as number;
    cdf[i] = acc;
  }
  const last = cdf[p.length - 1] as number;
  for (let i = 0; i < p.length; i++) cdf[i] = (cdf[i] as number) / last;
  return cdf;
}

/** `searchsorted(cdf, u, side='right')`: the number of entries <= u. */
export function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** numpy's loop for `choice(replace=False, p=...)`: batches of uniforms, found items zeroed out. */
export function weightedWithoutReplacement(randomSample: (n: number) => Float64Array, p: readonly number[], size: number): number[] {
  const weights = [...p];
  const found: number[] = [];
  while (found.length < size) {
    const x = randomSample(size - found.length);
    for (const f of found) weights[f] = 0;
    const cdf = cumulative(weights);
    const seen = new Set<number>();
    for (const u of x) {
      const i = searchRight(cdf, u);
      if (!seen.has(i)) {
        seen.add(i);
        found.push(i);
      }
    }
  }
  return found;
}

/** `choice`'s checks of `p`: one non-negative probability per item, summing to 1 within sqrt(eps). */
export function checkProbabilities(owner: string, p: readonly number[], pool: number): void {
  if (!Array.isArray(p) || p.length !== pool) {
    throw invalidParameter(owner, 'p', `an array of ${pool} probabilities (one per item)`, p, { kind: 'argument' });
  }
  const sum = kahanSum(p);
  if (Number.isNaN(sum) || p.some((v) => typeof v !== 'number' || v < 0)) {
    throw invalidParameter(owner, 'p', 'an array of non-negative probabilities', p, { kind: 'argument' });
  }
  if (Math.abs(sum - 1) > Math.sqrt(Number.EPSILON)) {
    throw invalidParameter(owner, 'p', 'probabilities that sum to 1', p, { kind: 'argument' });
  }
}
