/**
 * The log marginal likelihood of a Gaussian process and its gradient in the
 * kernel hyperparameters (log space), with optional log-normal priors (a MAP
 * fit), and the multi-start bounded maximization that fits them.
 *
 *     log p(y | θ) = −½ yᵀα − Σ log L_ii − (n/2) log 2π,   α = K⁻¹y, K = LLᵀ
 *     ∂/∂θ_k = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_k)
 */
import type { Matern52Kernel } from './kernel.js';
import { minimizeBounded } from './lbfgsb.js';
import { choleskyInverse, choleskyJitter, choleskySolve } from './linalg.js';

/** log 2π. */
export const LOG_2PI = Math.log(2 * Math.PI);

/** A log-normal prior: the median and the standard deviation of the logarithm. */
export interface LogNormalPrior {
  readonly median: number;
  readonly logStd: number;
}

/** Priors on the kernel hyperparameters. */
export interface HyperparameterPriors {
  readonly amplitude?: LogNormalPrior | undefined;
  /** The same prior for every length scale. */
  readonly lengthScale?: LogNormalPrior | undefined;
  readonly noise?: LogNormalPrior | undefined;
}

/**
 * −log p(y | θ) (minus the log priors) as a function of θ writing its gradient:
 * what the bounded minimizer consumes. `D` holds the packed per-group pair
 * distances ({@link Matern52Kernel.pairDistances}); buffers are reused across calls.
 */
export function negLogMarginalLikelihood(
  kernel: Matern52Kernel,
  D: Float64Array,
  y: Float64Array,
  priors: HyperparameterPriors | undefined,
): (theta: Float64Array, grad: Float64Array) => number {
  const n = y.length;
  const K = new Float64Array(n * n);
  const Lbuf = new Float64Array(n * n);
  const Kinv = new Float64Array(n * n);
  const work = new Float64Array(n * n);
  const alphaBuf = new Float64Array(n);
  const g = new Float64Array(kernel.nParams);
  return (theta, grad) => {
    kernel.matrixFromDistances(D, n, theta, K);
    const chol = choleskyJitter(K, n, Lbuf);
    if (chol === undefined) return Infinity;
    const L = chol.L;
    const alpha = choleskySolve(L, n, y, alphaBuf);
    let lml = -0.5 * n * LOG_2PI;
    for (let i = 0; i < n; i++) lml -= 0.5 * (y[i] as number) * (alpha[i] as number) + Math.log(L[i * n + i] as number);
    const W = choleskyInverse(L, n, Kinv, work);
    for (let i = 0; i < n; i++) {
      const ai = alpha[i] as number;
      for (let j = 0; j <= i; j++) W[i * n + j] = ai * (alpha[j] as number) - (W[i * n + j] as number);
    }
    kernel.contractGradient(D, n, theta, W, g);
    const P = grad.length;
    for (let k = 0; k < P; k++) grad[k] = -(g[k] as number);
    if (priors !== undefined) {
      for (let k = 0; k < P; k++) {
        const prior = k === 0 ? priors.amplitude : k === P - 1 ? priors.noise : priors.lengthScale;
        if (prior === undefined) continue;
        const dz = (theta[k] as number) - Math.log(prior.median);
        const v = prior.logStd ** 2;
        lml -= (0.5 * dz * dz) / v;
        grad[k] = (grad[k] as number) + dz / v;
      }
    }
    return -lml;
  };
}

/** Maximizes the (penalized) log marginal likelihood from each start; the best θ, or undefined if none was finite. */
export function fitHyperparameters(
  kernel: Matern52Kernel,
  D: Float64Array,
  y: Float64Array,
  starts: readonly Float64Array[],
  lower: Float64Array,
  upper: Float64Array,
  options: { readonly priors?: HyperparameterPriors | undefined; readonly maxEval: number },
): Float64Array | undefined {
  const fg = negLogMarginalLikelihood(kernel, D, y, options.priors);
  let best: { x: Float64Array; f: number } | undefined;
  for (const start of starts) {
    const res = minimizeBounded(fg, start, lower, upper, { maxEval: options.maxEval, pgtol: 1e-5, ftol: 1e-8 });
    if (Number.isFinite(res.f) && (best === undefined || res.f < best.f)) best = { x: res.x, f: res.f };
  }
  return best?.x.slice();
}

/** `k` row indices for a subset fit: the best quarter of the targets, then an even spread of the others. */
export function subsetIndices(y: Float64Array, k: number): Int32Array {
  const order = Array.from(y.keys()).sort((a, b) => (y[a] as number) - (y[b] as number));
  const nBest = Math.floor(k / 4);
  const chosen = order.slice(0, nBest);
  const rest = order.slice(nBest).sort((a, b) => a - b);
  const step = rest.length / (k - nBest);
  for (let i = 0; i < k - nBest; i++) chosen.push(rest[Math.floor(i * step)] as number);
  return Int32Array.from(chosen.sort((a, b) => a - b));
}
