/**
 * The Parzen estimators of the tree-structured Parzen estimator (Bergstra et al.
 * 2011): for one parameter, a weighted mixture of one kernel per observation
 * plus a prior kernel.
 *
 * - numeric: truncated normals on the parameter's internal scale (log for
 *   log-uniform dimensions); each bandwidth is the larger gap to its sorted
 *   neighbours, clipped to [(high − low) / min(100, 1 + n), high − low] (the
 *   "magic clip"); the prior kernel sits mid-range with bandwidth high − low.
 *   Integer and stepped dimensions score the probability of each value's
 *   rounding interval rather than a density.
 * - categorical: a mixture of one kernel per observation (its category plus a
 *   smoothing mass priorWeight / (n + 1) on every category) and a uniform prior.
 */
import type { Rng } from '../../../core/rng.js';
import { logNormalCdf, normalCdf, normalQuantile } from '../gp/normal.js';

const EPS = 1e-12;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Options shared by the estimators. */
export interface ParzenOptions {
  /** Weight of the prior kernel (or prior counts). @default 1 */
  readonly priorWeight?: number | undefined;
  /** Clip bandwidths from below by (high − low) / min(100, 1 + n). @default true */
  readonly magicClip?: boolean | undefined;
  /** Let the first and last kernels take their gap to the bounds as bandwidth. @default false */
  readonly considerEndpoints?: boolean | undefined;
}

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (const v of values) s += Math.exp(v - max);
  return max + Math.log(s);
}

/** log(Φ(b) − Φ(a)) for a < b, accurate in both tails. */
function logIntervalMass(a: number, b: number): number {
  if (b <= 0) return logNormalCdf(b) + Math.log1p(-Math.exp(logNormalCdf(a) - logNormalCdf(b)));
  if (a >= 0) return logNormalCdf(-a) + Math.log1p(-Math.exp(logNormalCdf(-b) - logNormalCdf(-a)));
  return Math.log(normalCdf(b) - normalCdf(a));
}

/**
 * A mixture of truncated normals on [low, high]; with `step`, the mass of the
 * interval [x − step/2, x + step/2] replaces the density.
 * @example
 * ```ts
 * const l = new NumericParzen([0.2, 0.25, 0.7], new Float64Array([1, 1, 1]), 0, 1);
 * const xs = l.sample(rng, 24);
 * l.logPdf(0.22) > l.logPdf(0.5); // true
 * ```
 */
export class NumericParzen {
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  readonly logWeights: Float64Array;
  private readonly logNorm: Float64Array;

  constructor(
    observations: readonly number[],
    weights: ArrayLike<number>,
    readonly low: number,
    readonly high: number,
    readonly step: number | undefined = undefined,
    options: ParzenOptions = {},
  ) {
    const priorWeight = options.priorWeight ?? 1;
    const n = observations.length;
    const range = high - low;
    const priorMu = 0.5 * (low + high);
    const mus = [...observations, priorMu];
    const order = Array.from(mus.keys()).sort((a, b) => (mus[a] as number) - (mus[b] as number));
    const sorted = order.map((i) => mus[i] as number);
    const sortedSigma = sorted.map((m, k) => {
      const left = m - (k === 0 ? low : (sorted[k - 1] as number));
      const right = (k === sorted.length - 1 ? high : (sorted[k + 1] as number)) - m;
      return Math.max(left, right);
    });
    if (!(options.considerEndpoints ?? false) && sorted.length >= 2) {
      sortedSigma[0] = (sorted[1] as number) - (sorted[0] as number);
      sortedSigma[sorted.length - 1] = (sorted[sorted.length - 1] as number) - (sorted[sorted.length - 2] as number);
    }
    const maxSigma = range;
    const minSigma = (options.magicClip ?? true) ? range / Math.min(100, 1 + sorted.length) : EPS;
    const sigmas = new Float64Array(n + 1);
    order.forEach((i, k) => {
      sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sortedSigma[k] as number));
    });
    sigmas[n] = range;
    this.mus = Float64Array.from(mus);
    this.sigmas = sigmas;
    const w = Float64Array.from({ length: n + 1 }, (_, i) => (i < n ? (weights[i] as number) : priorWeight));
    const total = w.reduce((a, b) => a + b, 0);
    this.logWeights = w.map((v) => Math.log(Math.max(v, 0) / total));
    this.logNorm = Float64Array.from({ length: n + 1 }, (_, i) =>
      logIntervalMass((low - (this.mus[i] as number)) / (sigmas[i] as number), (high - (this.mus[i] as number)) / (sigmas[i] as number)),
    );
  }

  /** `k` draws: a kernel by weight, then a truncated normal by inverse CDF. */
  sample(rng: Rng, k: number): Float64Array {
    const out = new Float64Array(k);
    const w = this.logWeights.map(Math.exp);
    for (let s = 0; s < k; s++) {
      let u = rng.random();
      let j = 0;
      for (; j < w.length - 1; j++) {
        u -= w[j] as number;
        if (u < 0) break;
      }
      const mu = this.mus[j] as number;
      const sigma = this.sigmas[j] as number;
      const a = normalCdf((this.low - mu) / sigma);
      const b = normalCdf((this.high - mu) / sigma);
      const p = a + (b - a) * rng.random();
      let x = mu + sigma * normalQuantile(Math.min(1 - 1e-16, Math.max(1e-300, p)));
      if (!Number.isFinite(x)) x = mu;
      out[s] = Math.min(this.high, Math.max(this.low, x));
    }
    return out;
  }

  /** The log density (or log interval mass with `step`) at x. */
  logPdf(x: number): number {
    const m = this.mus.length;
    const terms = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const mu = this.mus[i] as number;
      const sigma = this.sigmas[i] as number;
      if (this.step !== undefined) {
        const lo = Math.max(this.low, x - this.step / 2);
        const hi = Math.min(this.high, x + this.step / 2);
        terms[i] = (this.logWeights[i] as number) + logIntervalMass((lo - mu) / sigma, (hi - mu) / sigma) - (this.logNorm[i] as number);
      } else {
        const z = (x - mu) / sigma;
        terms[i] = (this.logWeights[i] as number) - 0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - (this.logNorm[i] as number);
      }
    }
    return logSumExp(terms);
  }
}

/**
 * Smoothed, weighted category frequencies.
 * @example
 * ```ts
 * const l = new CategoricalParzen([0, 0, 2], new Float64Array([1, 1, 1]), 3);
 * l.logPmf(0) > l.logPmf(1); // true
 * ```
 */
export class CategoricalParzen {
  readonly logProbs: Float64Array;

  constructor(observations: readonly number[], weights: ArrayLike<number>, readonly size: number, options: ParzenOptions = {}) {
    const priorWeight = options.priorWeight ?? 1;
    const n = observations.length;
    // each observation's kernel: its category plus a smoothing mass priorWeight/(n+1) on every category
    const smooth = priorWeight / (n + 1);
    const kernelOwn = (1 + smooth) / (1 + size * smooth);
    const kernelOther = smooth / (1 + size * smooth);
    let total = priorWeight;
    for (let i = 0; i < n; i++) total += weights[i] as number;
    const probs = new Float64Array(size).fill(priorWeight / total / size);
    observations.forEach((c, i) => {
      const w = (weights[i] as number) / total;
      for (let k = 0; k < size; k++) probs[k] = (probs[k] as number) + w * (k === c ? kernelOwn : kernelOther);
    });
    this.logProbs = probs.map(Math.log);
  }

  /** `k` category indices drawn from the frequencies. */
  sample(rng: Rng, k: number): Int32Array {
    const p = this.logProbs.map(Math.exp);
    return Int32Array.from({ length: k }, () => {
      let u = rng.random();
      for (let c = 0; c < p.length - 1; c++) {
        u -= p[c] as number;
        if (u < 0) return c;
      }
      return p.length - 1;
    });
  }

  logPmf(index: number): number {
    return this.logProbs[index] as number;
  }
}
