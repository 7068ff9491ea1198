/**
 * The Parzen estimator of the tree-structured Parzen estimator (Bergstra et
 * al. 2011; Optuna's `_ParzenEstimator`): a weighted mixture with one kernel
 * per observation plus a prior kernel, over one parameter (univariate TPE) or
 * several at once (multivariate TPE, Falkner et al. 2018: each component is a
 * product of one kernel per parameter, so the parameters' dependence is kept).
 *
 * - numeric parameters live on an internal scale: log for log ranges; an
 *   integer or stepped range is widened by half a step at each end and scored
 *   by the mass of the value's rounding interval. Kernels are truncated
 *   normals. Univariate bandwidths are the larger gap to the sorted
 *   neighbours (the first and last take their inner gap unless
 *   `considerEndpoints`); multivariate ones follow Scott's rule,
 *   0.2 · n^(−1/(d+4)) of the range. Both are clipped to
 *   [range / min(100, 1 + n + 1), range] (the "magic clip"); the prior kernel
 *   sits mid-range with the whole range as bandwidth.
 * - categorical parameters: each observation's kernel is its category plus a
 *   smoothing mass priorWeight / (n + 1) on every category; the prior is
 *   uniform.
 */
import type { Rng } from '../../../core/rng.js';
import { logNormalCdf, normalCdf, normalQuantile } from '../gp/normal.js';

const EPS = 1e-12;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SIGMA0_MAGNITUDE = 0.2;

/** One parameter as the estimator sees it. */
export type ParzenDimension =
  | {
      readonly kind: 'numeric';
      /** Bounds on the internal scale (log for log ranges; widened by step / 2 for stepped ones). */
      readonly low: number;
      readonly high: number;
      /** The rounding step on the internal scale (integers, stepped reals), or undefined for a density. */
      readonly step: number | undefined;
    }
  | { readonly kind: 'categorical'; readonly size: number };

/** Options of {@link ParzenEstimator}. */
export interface ParzenOptions {
  /** Weight of the prior kernel. @default 1 */
  readonly priorWeight?: number | undefined;
  /** Clip bandwidths from below by range / min(100, 1 + kernels). @default true */
  readonly magicClip?: boolean | undefined;
  /** Let the first and last kernels take their gap to the bounds as bandwidth (univariate). @default false */
  readonly considerEndpoints?: boolean | undefined;
  /** Joint kernels with Scott's-rule bandwidths (multivariate TPE). @default false (one parameter: neighbour gaps) */
  readonly multivariate?: boolean | undefined;
  /** Multiplies the multivariate bandwidth factor 0.2 · n^(−1/(d+4)). @default 1 */
  readonly bandwidthFactor?: number | undefined;
  /**
   * Score continuous values with kernels of equal height (each truncated
   * normal not divided by its bandwidth, as Optuna 3.1's `log_pdf` does),
   * rather than with the normalized density. @default false
   */
  readonly equalHeightKernels?: boolean | undefined;
}

/** log(Φ(b) − Φ(a)) for a < b, accurate in both tails. */
export function logIntervalMass(a: number, b: number): number {
  if (b <= 0) return logNormalCdf(b) + Math.log1p(-Math.exp(logNormalCdf(a) - logNormalCdf(b)));
  if (a >= 0) return logNormalCdf(-a) + Math.log1p(-Math.exp(logNormalCdf(-b) - logNormalCdf(-a)));
  return Math.log(normalCdf(b) - normalCdf(a));
}

/** A draw of the standard normal truncated to [a, b], from a uniform u (inverse CDF, by the tail it lies in). */
export function truncatedNormalDraw(a: number, b: number, u: number): number {
  if (a >= 0) return -truncatedNormalDraw(-b, -a, 1 - u);
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  const p = pa + u * (pb - pa);
  const z = normalQuantile(Math.min(1 - 1e-16, Math.max(1e-300, p)));
  return Math.min(b, Math.max(a, Number.isFinite(z) ? z : a));
}

function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > max) max = values[i] as number;
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp((values[i] as number) - max);
  return max + Math.log(s);
}

/** Univariate bandwidths: the larger gap to the sorted neighbours (bounds at the ends). */
function neighbourSigmas(mus: readonly number[], low: number, high: number, considerEndpoints: boolean): Float64Array {
  const order = Array.from(mus.keys()).sort((a, b) => (mus[a] as number) - (mus[b] as number));
  const sorted = [low, ...order.map((i) => mus[i] as number), high];
  const m = mus.length;
  const sortedSigma = Float64Array.from({ length: m }, (_, k) => Math.max((sorted[k + 1] as number) - (sorted[k] as number), (sorted[k + 2] as number) - (sorted[k + 1] as number)));
  if (!considerEndpoints && sorted.length >= 4) {
    sortedSigma[0] = (sorted[2] as number) - (sorted[1] as number);
    sortedSigma[m - 1] = (sorted[m] as number) - (sorted[m - 1] as number);
  }
  const sigmas = new Float64Array(m);
  order.forEach((i, k) => {
    sigmas[i] = sortedSigma[k] as number;
  });
  return sigmas;
}

interface NumericKernels {
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** log(Φ(b) − Φ(a)) of each truncated kernel. */
  readonly logNorm: Float64Array;
}

/**
 * A mixture of product kernels over one or more parameters.
 * @example
 * ```ts
 * const dims = [{ kind: 'numeric', low: 0, high: 1, step: undefined }] as const;
 * const pe = new ParzenEstimator([Float64Array.of(0.2, 0.25, 0.7)], Float64Array.of(1, 1, 1), dims);
 * const xs = pe.sample(rng, 24); // one Float64Array per parameter
 * pe.logPdf(xs); // one log density per sample
 * ```
 */
export class ParzenEstimator {
  /** Mixture weights, the prior's last (they sum to 1). */
  readonly weights: Float64Array;
  /** Per parameter: the numeric kernels, or the categorical probabilities (one row of `size` per component). */
  readonly kernels: readonly (NumericKernels | Float64Array)[];
  private readonly equalHeights: boolean;

  /**
   * @param observations one array per parameter, of internal values (category indices for categoricals)
   * @param weights one weight per observation
   */
  constructor(
    observations: readonly Float64Array[],
    weights: ArrayLike<number>,
    readonly dims: readonly ParzenDimension[],
    options: ParzenOptions = {},
  ) {
    const n = weights.length;
    this.equalHeights = options.equalHeightKernels ?? false;
    const priorWeight = options.priorWeight ?? 1;
    const w = Float64Array.from({ length: n + 1 }, (_, i) => (i < n ? (weights[i] as number) : priorWeight));
    const total = w.reduce((a, b) => a + b, 0);
    this.weights = w.map((v) => v / total);
    const sigma0 = (options.bandwidthFactor ?? 1) * SIGMA0_MAGNITUDE * Math.max(n, 1) ** (-1 / (dims.length + 4));
    this.kernels = dims.map((dim, j) => {
      const obs = observations[j] as Float64Array;
      if (dim.kind === 'categorical') return categoricalKernels(obs, dim.size, priorWeight);
      const range = dim.high - dim.low;
      const mus = Float64Array.from({ length: n + 1 }, (_, i) => (i < n ? (obs[i] as number) : 0.5 * (dim.low + dim.high)));
      const raw = options.multivariate === true ? new Float64Array(n + 1).fill(sigma0 * range) : neighbourSigmas(Array.from(mus), dim.low, dim.high, options.considerEndpoints ?? false);
      const minSigma = (options.magicClip ?? true) ? range / Math.min(100, 1 + (n + 1)) : EPS;
      const sigmas = raw.map((s) => Math.min(range, Math.max(minSigma, s)));
      sigmas[n] = range;
      const logNorm = Float64Array.from(mus, (mu, i) => logIntervalMass((dim.low - mu) / (sigmas[i] as number), (dim.high - mu) / (sigmas[i] as number)));
      return { mus, sigmas, logNorm };
    });
  }

  /** `k` draws: a component by weight, then each parameter from that component's kernel. */
  sample(rng: Rng, k: number): Float64Array[] {
    const out = this.dims.map(() => new Float64Array(k));
    const m = this.weights.length;
    for (let s = 0; s < k; s++) {
      let u = rng.random();
      let c = 0;
      for (; c < m - 1; c++) {
        u -= this.weights[c] as number;
        if (u < 0) break;
      }
      this.dims.forEach((dim, j) => {
        const kern = this.kernels[j] as NumericKernels | Float64Array;
        if (dim.kind === 'categorical') {
          (out[j] as Float64Array)[s] = drawCategory(kern as Float64Array, c, dim.size, rng.random());
          return;
        }
        const { mus, sigmas } = kern as NumericKernels;
        const mu = mus[c] as number;
        const sigma = sigmas[c] as number;
        const z = truncatedNormalDraw((dim.low - mu) / sigma, (dim.high - mu) / sigma, rng.random());
        (out[j] as Float64Array)[s] = Math.min(dim.high, Math.max(dim.low, mu + sigma * z));
      });
    }
    return out;
  }

  /** The log density (log interval mass for stepped parameters) of each sample (one array per parameter). */
  logPdf(samples: readonly Float64Array[]): Float64Array {
    const k = samples[0]?.length ?? 0;
    const m = this.weights.length;
    const out = new Float64Array(k);
    const terms = new Float64Array(m);
    const logW = this.weights.map(Math.log);
    for (let s = 0; s < k; s++) {
      terms.set(logW);
      this.dims.forEach((dim, j) => {
        const x = (samples[j] as Float64Array)[s] as number;
        const kern = this.kernels[j] as NumericKernels | Float64Array;
        if (dim.kind === 'categorical') {
          const probs = kern as Float64Array;
          for (let c = 0; c < m; c++) terms[c] = (terms[c] as number) + Math.log(probs[c * dim.size + x] as number);
          return;
        }
        const { mus, sigmas, logNorm } = kern as NumericKernels;
        for (let c = 0; c < m; c++) {
          const mu = mus[c] as number;
          const sigma = sigmas[c] as number;
          let lp: number;
          if (dim.step !== undefined) {
            const lo = Math.max(dim.low, x - dim.step / 2);
            const hi = Math.min(dim.high, x + dim.step / 2);
            lp = logIntervalMass((lo - mu) / sigma, (hi - mu) / sigma);
          } else {
            const z = (x - mu) / sigma;
            lp = -0.5 * z * z - LOG_SQRT_2PI - (this.equalHeights ? 0 : Math.log(sigma));
          }
          terms[c] = (terms[c] as number) + lp - (logNorm[c] as number);
        }
      });
      out[s] = logSumExp(terms);
    }
    return out;
  }
}

/** Each component's category probabilities (row-major, `size` per component; the prior's row last). */
function categoricalKernels(obs: Float64Array, size: number, priorWeight: number): Float64Array {
  const n = obs.length;
  const smooth = priorWeight / (n + 1);
  const probs = new Float64Array((n + 1) * size);
  for (let c = 0; c <= n; c++) {
    const own = c < n ? (obs[c] as number) : -1;
    const total = size * smooth + (own >= 0 ? 1 : 0);
    for (let v = 0; v < size; v++) probs[c * size + v] = (smooth + (v === own ? 1 : 0)) / total;
  }
  return probs;
}

function drawCategory(probs: Float64Array, component: number, size: number, u: number): number {
  let r = u;
  for (let v = 0; v < size - 1; v++) {
    r -= probs[component * size + v] as number;
    if (r < 0) return v;
  }
  return size - 1;
}
