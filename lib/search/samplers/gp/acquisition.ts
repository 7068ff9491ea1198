/**
 * Acquisition functions for minimization, from a posterior mean μ and standard
 * deviation σ at a point and the best value seen so far:
 *
 * - expected improvement  EI = σ (z Φ(z) + φ(z)),  z = (best − ξ − μ) / σ
 * - probability of improvement  PI = Φ(z)
 * - lower confidence bound  LCB = μ − κ σ
 *
 * and `gp_hedge`, a portfolio that picks one of the three at each step with
 * probabilities softmax(η · gains) (Hoffman, Brochu & de Freitas 2011, as in
 * scikit-optimize). The optimizer maximizes a *score*: log EI, log PI and −LCB,
 * computed so that they stay finite and ordered far from the incumbent, where EI
 * and PI underflow to 0.
 */
import type { Rng } from '../../../core/rng.js';
import { erfcx, logNormalCdf, normalCdf, normalPdf } from './normal.js';

/** The acquisition functions. */
export type AcquisitionKind = 'EI' | 'PI' | 'LCB';

/** An acquisition function, or the `gp_hedge` portfolio of all three. */
export type AcquisitionFunction = AcquisitionKind | 'gp_hedge';

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Mills ratio Φ(−t)/φ(t) for t ≥ 0. */
function mills(t: number): number {
  return Math.sqrt(Math.PI / 2) * erfcx(t / SQRT2);
}

/**
 * log(z Φ(z) + φ(z)), the log of EI at unit σ, finite for every z.
 * @example
 * ```ts
 * logH(0); // log φ(0) ≈ -0.919
 * logH(-40); // ≈ -808.3, where EI itself underflows to 0
 * ```
 */
export function logH(z: number): number {
  if (z > -2) return Math.log(z * normalCdf(z) + normalPdf(z));
  const t = -z;
  const r = t > 100 ? 1 / t ** 2 - 3 / t ** 4 + 15 / t ** 6 - 105 / t ** 8 : 1 - t * mills(t);
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(r);
}

/** Φ(z) / (z Φ(z) + φ(z)), the derivative of {@link logH}. */
function dLogH(z: number): number {
  if (z > -2) return normalCdf(z) / (z * normalCdf(z) + normalPdf(z));
  const t = -z;
  const m = mills(t);
  const r = t > 100 ? 1 / t ** 2 - 3 / t ** 4 + 15 / t ** 6 - 105 / t ** 8 : 1 - t * m;
  return m / r;
}

/**
 * Expected improvement below `best` (minimization).
 * @example
 * ```ts
 * expectedImprovement(0, 1, 0); // φ(0) ≈ 0.3989
 * ```
 */
export function expectedImprovement(mean: number, std: number, best: number, xi = 0): number {
  const improvement = best - xi - mean;
  if (!(std > 0)) return Math.max(improvement, 0);
  const z = improvement / std;
  return std * (z * normalCdf(z) + normalPdf(z));
}

/**
 * Probability of improving on `best` by more than `xi` (minimization).
 * @example
 * ```ts
 * probabilityOfImprovement(0, 1, 0); // 0.5
 * ```
 */
export function probabilityOfImprovement(mean: number, std: number, best: number, xi = 0): number {
  if (!(std > 0)) return best - xi - mean > 0 ? 1 : 0;
  return normalCdf((best - xi - mean) / std);
}

/**
 * Lower confidence bound μ − κσ (minimization: smaller is more promising).
 * @example
 * ```ts
 * lowerConfidenceBound(1, 0.5, 1.96); // 0.02
 * ```
 */
export function lowerConfidenceBound(mean: number, std: number, kappa = 1.96): number {
  return mean - kappa * std;
}

/** Parameters of the acquisition scores. */
export interface AcquisitionParams {
  /** The incumbent (best observed value, model units). */
  readonly best: number;
  /** EI/PI improvement margin ξ. */
  readonly xi: number;
  /** LCB exploration weight κ. */
  readonly kappa: number;
}

/** The score to maximize and its partial derivatives in μ and σ. */
export interface Score {
  value: number;
  dMean: number;
  dStd: number;
}

/**
 * Score of a point for one acquisition (larger is better): log EI, log PI or −LCB.
 * @example
 * ```ts
 * acquisitionScore('EI', 0.1, 0.5, { best: 0, xi: 0, kappa: 1.96 }).value; // log EI
 * ```
 */
export function acquisitionScore(kind: AcquisitionKind, mean: number, std: number, p: AcquisitionParams, out: Score = { value: 0, dMean: 0, dStd: 0 }): Score {
  const s = Math.max(std, 1e-12);
  if (kind === 'LCB') {
    out.value = -(mean - p.kappa * s);
    out.dMean = -1;
    out.dStd = p.kappa;
    return out;
  }
  const z = (p.best - p.xi - mean) / s;
  if (kind === 'EI') {
    out.value = Math.log(s) + logH(z);
    const d = dLogH(z);
    out.dMean = -d / s;
    out.dStd = (1 - z * d) / s;
    return out;
  }
  out.value = logNormalCdf(z);
  // φ/Φ, stable in the lower tail
  const ratio = z > -5 ? normalPdf(z) / normalCdf(z) : 1 / mills(-z);
  out.dMean = -ratio / s;
  out.dStd = (-z * ratio) / s;
  return out;
}

/**
 * The `gp_hedge` portfolio: each acquisition proposes a point, one proposal is
 * chosen with probability softmax(η · gains); after the model is refitted each
 * acquisition gains −μ(its proposal) (standardized units).
 * @example
 * ```ts
 * const hedge = new GpHedge();
 * const kind = hedge.choose(rng); // 'EI', 'PI' or 'LCB'
 * ```
 */
export class GpHedge {
  static readonly KINDS: readonly AcquisitionKind[] = ['EI', 'PI', 'LCB'];
  readonly gains = new Float64Array(3);
  readonly eta: number;

  constructor(eta = 1) {
    this.eta = eta;
  }

  /** The current choice probabilities (EI, PI, LCB). */
  probabilities(): Float64Array {
    let max = -Infinity;
    for (const g of this.gains) max = Math.max(max, this.eta * g);
    const e = this.gains.map((g) => Math.exp(this.eta * g - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  }

  /** Draws an acquisition from the current probabilities. */
  choose(rng: Rng): AcquisitionKind {
    const p = this.probabilities();
    let u = rng.random();
    for (let i = 0; i < 3; i++) {
      u -= p[i] as number;
      if (u < 0) return GpHedge.KINDS[i] as AcquisitionKind;
    }
    return 'LCB';
  }

  /** Rewards each acquisition with −μ of its last proposal under the refitted model. */
  update(meansOfProposals: ArrayLike<number>): void {
    for (let i = 0; i < 3; i++) {
      const m = meansOfProposals[i] as number;
      if (Number.isFinite(m)) this.gains[i] = (this.gains[i] as number) - m;
    }
  }
}
