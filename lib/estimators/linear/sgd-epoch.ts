/**
 * One epoch of stochastic gradient descent, sample by sample as scikit-learn's
 * `_plain_sgd` (`_sgd_fast.pyx`) runs it: the weights kept as a scale times a vector
 * (its `WeightVector`, so an L2 step costs O(1)), the learning-rate schedules, the
 * truncated-gradient L1 step (Tsuruoka et al. 2009) and Bottou's lazy averaging, in
 * scikit-learn's order of operations, so that the same visiting order gives its
 * weights to rounding.
 *
 * This is the plain-JavaScript version: the reference the WebAssembly kernel
 * (`wasm/assembly/_sgd-epoch.ts`) is checked against, and the fallback when the
 * kernels' memory cannot hold the rows.
 */
import type { SgdLoss } from './sgd-loss.js';
import { libm } from './sgd-kernel.js';
import { lossDerivative, lossValue } from './sgd-loss.js';

/** Penalty codes (scikit-learn's `PENALTY_TYPES`). */
export const PenaltyCode = { none: 0, l1: 1, l2: 2, elasticnet: 3 } as const;
export type PenaltyCode = (typeof PenaltyCode)[keyof typeof PenaltyCode];

/** Learning-rate codes (scikit-learn's `LEARNING_RATE_TYPES`). */
export const LearningRateCode = { constant: 1, optimal: 2, invscaling: 3, adaptive: 4 } as const;
export type LearningRateCode = (typeof LearningRateCode)[keyof typeof LearningRateCode];

/** `WeightVector`'s threshold below which the scale is folded into the vector. */
export const RESET_WSCALE_BELOW = 1e-9;
/** scikit-learn's bound on the loss derivative. */
const MAX_DLOSS = 1e12;

/** What stays fixed during a fit. */
export interface SgdEpochConfig {
  readonly loss: SgdLoss;
  readonly penalty: PenaltyCode;
  readonly alpha: number;
  /** The L1 share (0 for 'l2', 1 for 'l1'). */
  readonly l1Ratio: number;
  readonly learningRate: LearningRateCode;
  readonly eta0: number;
  readonly powerT: number;
  /** The 'optimal' schedule's offset (`1 / (eta0' alpha)` from the typical weight). */
  readonly optimalInit: number;
  readonly weightPos: number;
  readonly weightNeg: number;
  readonly fitIntercept: boolean;
  readonly interceptDecay: number;
  /** Averaging starts at update `average` (0: no averaging). */
  readonly average: number;
  /** Sum the training loss (scikit-learn skips it with early stopping). */
  readonly sumLoss: boolean;
}

/** The scalars an epoch updates (scikit-learn's locals of `_plain_sgd` and `WeightVector`'s fields). */
export interface SgdEpochState {
  intercept: number;
  averageIntercept: number;
  wscale: number;
  averageA: number;
  averageB: number;
  /** The update counter (starts at 1). */
  t: number;
  /** The accumulated L1 penalty of the truncated gradient. */
  u: number;
  /** The current rate of the 'constant' and 'adaptive' schedules. */
  eta: number;
}

/** The rows and what goes with them. */
export interface SgdEpochData {
  /** Row-major `n × p`. */
  readonly X: Float64Array;
  readonly n: number;
  readonly p: number;
  /** Targets: ±1 for classification. */
  readonly y: Float64Array;
  readonly sampleWeight: Float64Array;
  /** 1 for the validation rows, which are skipped. */
  readonly validation: Uint8Array;
  /** The visiting order (shuffled in place between epochs). */
  readonly order: Int32Array;
}

/** The weight vectors: `w` (times `state.wscale`), the averages, the L1 memory `q`. */
export interface SgdWeights {
  readonly w: Float64Array;
  readonly aw: Float64Array | undefined;
  readonly q: Float64Array | undefined;
}

/**
 * `WeightVector.reset_wscale`: the average folded (`aw = (aw + a·w) / b`), then the
 * scale folded into `w`.
 */
export function resetWscale(weights: SgdWeights, state: SgdEpochState): void {
  const { w, aw } = weights;
  const p = w.length;
  if (aw !== undefined) {
    const a = state.averageA;
    for (let j = 0; j < p; j++) aw[j] = aw[j] + a * w[j];
    const inv = 1 / state.averageB;
    for (let j = 0; j < p; j++) aw[j] = aw[j] * inv;
    state.averageA = 0;
    state.averageB = 1;
  }
  const s = state.wscale;
  for (let j = 0; j < p; j++) w[j] = w[j] * s;
  state.wscale = 1;
}

/**
 * Runs one pass over the rows in `data.order` and returns the summed training loss
 * (0 when `config.sumLoss` is off).
 */
export function sgdEpoch(data: SgdEpochData, weights: SgdWeights, state: SgdEpochState, config: SgdEpochConfig): number {
  const { X, n, p, y, sampleWeight, validation, order } = data;
  const { w, aw, q } = weights;
  const { loss, penalty, alpha, learningRate, eta0, powerT, optimalInit, average } = config;
  const l1Ratio = penalty === PenaltyCode.l2 ? 0 : penalty === PenaltyCode.l1 ? 1 : config.l1Ratio;
  const scaleStep = penalty >= PenaltyCode.l2;
  const l1Step = penalty === PenaltyCode.l1 || penalty === PenaltyCode.elasticnet;
  let sumloss = 0;
  for (let s = 0; s < n; s++) {
    const i = order[s];
    if (validation[i] !== 0) continue;
    const o = i * p;
    const t = state.t;
    let dot = 0;
    for (let j = 0; j < p; j++) dot += w[j] * X[o + j];
    const prediction = dot * state.wscale + state.intercept;
    let eta = state.eta;
    if (learningRate === LearningRateCode.optimal) eta = 1 / (alpha * (optimalInit + t - 1));
    else if (learningRate === LearningRateCode.invscaling) eta = eta0 / libm.pow(t, powerT);
    const yi = y[i];
    if (config.sumLoss) sumloss += lossValue(loss, prediction, yi);
    const classWeight = yi > 0 ? config.weightPos : config.weightNeg;
    let dloss = lossDerivative(loss, prediction, yi);
    if (dloss < -MAX_DLOSS) dloss = -MAX_DLOSS;
    else if (dloss > MAX_DLOSS) dloss = MAX_DLOSS;
    let update = -eta * dloss;
    update *= classWeight * sampleWeight[i];
    if (scaleStep) {
      state.wscale *= Math.max(0, 1 - (1 - l1Ratio) * eta * alpha);
      if (state.wscale < RESET_WSCALE_BELOW) resetWscale(weights, state);
    }
    if (update !== 0) {
      const c = update / state.wscale;
      for (let j = 0; j < p; j++) w[j] += X[o + j] * c;
      if (config.fitIntercept) state.intercept += update * config.interceptDecay;
    }
    if (average > 0 && average <= t) {
      const iterations = t - average + 1;
      // Bottou's lazy average: aw -= a · (update / wscale) · x, then the running factors
      if (aw !== undefined) {
        const a = state.averageA;
        const c = -update / state.wscale;
        for (let j = 0; j < p; j++) aw[j] += a * X[o + j] * c;
        const mu = 1 / iterations;
        if (iterations > 1) state.averageB /= 1 - mu;
        state.averageA += mu * state.averageB * state.wscale;
      }
      state.averageIntercept += (state.intercept - state.averageIntercept) / iterations;
    }
    if (l1Step && q !== undefined) {
      state.u += l1Ratio * eta * alpha;
      l1Penalty(w, q, state.wscale, state.u);
    }
    state.t = t + 1;
  }
  return sumloss;
}

/** The truncated-gradient step on every feature (a dense row touches them all). */
function l1Penalty(w: Float64Array, q: Float64Array, wscale: number, u: number): void {
  const p = w.length;
  for (let j = 0; j < p; j++) {
    const z = w[j];
    if (wscale * z > 0) w[j] = Math.max(0, w[j] - (u + q[j]) / wscale);
    else if (wscale * z < 0) w[j] = Math.min(0, w[j] + (u - q[j]) / wscale);
    q[j] += wscale * (w[j] - z);
  }
}
