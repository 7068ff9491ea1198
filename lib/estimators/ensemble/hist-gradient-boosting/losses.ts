/**
 * The losses of HistGradientBoosting (scikit-learn's `sklearn/_loss`): half squared
 * error, absolute error, half Poisson deviance (log link), half binomial deviance
 * (logit link) and half multinomial deviance (softmax), with scikit-learn's formulas
 * for the baseline prediction, the gradients and hessians (computed in float64, stored
 * in float32 as scikit-learn's `G_H_DTYPE`), the mean loss used by early stopping, and
 * the inverse link.
 *
 * Raw predictions and gradients are class-major: the value of sample `i` for tree `k`
 * of an iteration is at `k * n + i`.
 */
import { numpyMean, numpyMedian, numpySum } from './reductions.js';

/** The loss names of the regressor. */
export type RegressionLossName = 'squared_error' | 'absolute_error' | 'poisson';

const EPS = 2 ** -52;

/** A boosting loss. */
export interface BoostingLoss {
  /** Trees per iteration: the number of classes for multiclass log loss, else 1. */
  readonly nTreesPerIteration: number;
  /** Hessians are all 1 (squared and absolute error): histograms count instead. */
  readonly constantHessian: boolean;
  /** Leaf values are recomputed after growing (absolute error: the median residual). */
  readonly needsLeafUpdate: boolean;
  /** The constant raw prediction that minimizes the loss (one per tree of an iteration). */
  baseline(y: Float64Array): Float64Array;
  /** Writes the gradients (and hessians unless constant) at the raw predictions. */
  gradients(y: Float64Array, raw: Float64Array, gradient: Float32Array, hessian: Float32Array): void;
  /** The mean pointwise loss (what early stopping with `scoring: 'loss'` negates). */
  meanLoss(y: Float64Array, raw: Float64Array): number;
}

/** Half squared error: gradient `raw - y`, hessian 1, baseline the mean. */
export const HALF_SQUARED_ERROR: BoostingLoss = {
  nTreesPerIteration: 1,
  constantHessian: true,
  needsLeafUpdate: false,
  baseline: (y) => Float64Array.of(numpyMean(y)),
  gradients(y, raw, gradient) {
    for (let i = 0; i < y.length; i++) gradient[i] = (raw[i] as number) - (y[i] as number);
  },
  meanLoss(y, raw) {
    const loss = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const d = (raw[i] as number) - (y[i] as number);
      loss[i] = 0.5 * d * d;
    }
    return numpyMean(loss);
  },
};

/** Absolute error: gradient ±1, hessian 1, baseline the median; leaves become median residuals. */
export const ABSOLUTE_ERROR: BoostingLoss = {
  nTreesPerIteration: 1,
  constantHessian: true,
  needsLeafUpdate: true,
  baseline: (y) => Float64Array.of(numpyMedian(y)),
  gradients(y, raw, gradient) {
    for (let i = 0; i < y.length; i++) gradient[i] = (raw[i] as number) > (y[i] as number) ? 1 : -1;
  },
  meanLoss(y, raw) {
    const loss = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) loss[i] = Math.abs((raw[i] as number) - (y[i] as number));
    return numpyMean(loss);
  },
};

/** Half Poisson deviance with a log link: gradient `exp(raw) - y`, hessian `exp(raw)`. */
export const HALF_POISSON: BoostingLoss = {
  nTreesPerIteration: 1,
  constantHessian: false,
  needsLeafUpdate: false,
  baseline: (y) => Float64Array.of(Math.log(Math.max(numpyMean(y), 10 * EPS))),
  gradients(y, raw, gradient, hessian) {
    for (let i = 0; i < y.length; i++) {
      const e = Math.exp(raw[i] as number);
      hessian[i] = e;
      gradient[i] = e - (y[i] as number);
    }
  },
  meanLoss(y, raw) {
    const loss = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) loss[i] = Math.exp(raw[i] as number) - (y[i] as number) * (raw[i] as number);
    return numpyMean(loss);
  },
};

/** log(1 + exp(x)), stable (scikit-learn's `log1pexp`). */
function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** Half binomial deviance with a logit link (binary log loss); y is 0 or 1. */
export const HALF_BINOMIAL: BoostingLoss = {
  nTreesPerIteration: 1,
  constantHessian: false,
  needsLeafUpdate: false,
  baseline(y) {
    const p = Math.min(Math.max(numpyMean(y), 10 * EPS), 1 - 10 * EPS);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(y, raw, gradient, hessian) {
    for (let i = 0; i < y.length; i++) {
      const t = y[i] as number;
      const e = Math.exp(-(raw[i] as number));
      const d = 1 + e;
      gradient[i] = (1 - t - t * e) / d;
      hessian[i] = e / (d * d);
    }
  },
  meanLoss(y, raw) {
    const loss = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) loss[i] = log1pexp(raw[i] as number) - (y[i] as number) * (raw[i] as number);
    return numpyMean(loss);
  },
};

/** Half multinomial deviance with a softmax link (multiclass log loss); y holds class codes. */
export function halfMultinomial(nClasses: number): BoostingLoss {
  const p = new Float64Array(nClasses);
  return {
    nTreesPerIteration: nClasses,
    constantHessian: false,
    needsLeafUpdate: false,
    baseline(y) {
      const proba = new Float64Array(nClasses);
      const indicator = new Float64Array(y.length);
      for (let k = 0; k < nClasses; k++) {
        for (let i = 0; i < y.length; i++) indicator[i] = y[i] === k ? 1 : 0;
        proba[k] = Math.min(Math.max(numpyMean(indicator), EPS), 1 - EPS);
      }
      // symmetric multinomial logit: log(p_k / gmean(p))
      const logs = proba.map(Math.log);
      const geometricMean = Math.exp(numpySum(logs) / nClasses);
      return proba.map((v) => Math.log(v / geometricMean));
    },
    gradients(y, raw, gradient, hessian) {
      const n = y.length;
      for (let i = 0; i < n; i++) {
        const sum = softmaxInto(raw, n, i, p);
        const label = y[i] as number;
        for (let k = 0; k < nClasses; k++) {
          const pk = (p[k] as number) / sum;
          gradient[k * n + i] = pk - (label === k ? 1 : 0);
          hessian[k * n + i] = pk * (1 - pk);
        }
      }
    },
    meanLoss(y, raw) {
      const n = y.length;
      const loss = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let max = raw[i] as number;
        for (let k = 1; k < nClasses; k++) if (max < (raw[k * n + i] as number)) max = raw[k * n + i] as number;
        let sum = 0;
        for (let k = 0; k < nClasses; k++) sum += Math.exp((raw[k * n + i] as number) - max);
        loss[i] = Math.log(sum) + max - (raw[(y[i] as number) * n + i] as number);
      }
      return numpyMean(loss);
    },
  };
}

/**
 * Writes `exp(raw_k - max)` of sample `i` into `out` and returns their sum
 * (scikit-learn's `sum_exp_minus_max`).
 */
function softmaxInto(raw: Float64Array, n: number, i: number, out: Float64Array): number {
  const nClasses = out.length;
  let max = raw[i] as number;
  for (let k = 1; k < nClasses; k++) if (max < (raw[k * n + i] as number)) max = raw[k * n + i] as number;
  let sum = 0;
  for (let k = 0; k < nClasses; k++) {
    out[k] = Math.exp((raw[k * n + i] as number) - max);
    sum += out[k] as number;
  }
  return sum;
}

/** The loss of a regressor by name. */
export function regressionLoss(name: RegressionLossName): BoostingLoss {
  if (name === 'absolute_error') return ABSOLUTE_ERROR;
  if (name === 'poisson') return HALF_POISSON;
  return HALF_SQUARED_ERROR;
}

/** The log loss of a classifier: binomial for two classes, multinomial for more. */
export function classificationLoss(nClasses: number): BoostingLoss {
  return nClasses <= 2 ? HALF_BINOMIAL : halfMultinomial(nClasses);
}

/** Class probabilities from raw predictions (expit for two classes, softmax for more), one row per sample. */
export function probabilities(raw: Float64Array, n: number, nTreesPerIteration: number): number[][] {
  const out: number[][] = new Array(n);
  if (nTreesPerIteration === 1) {
    for (let i = 0; i < n; i++) {
      const p1 = 1 / (1 + Math.exp(-(raw[i] as number)));
      out[i] = [1 - p1, p1];
    }
    return out;
  }
  const p = new Float64Array(nTreesPerIteration);
  for (let i = 0; i < n; i++) {
    const sum = softmaxInto(raw, n, i, p);
    const row = new Array<number>(nTreesPerIteration);
    for (let k = 0; k < nTreesPerIteration; k++) row[k] = (p[k] as number) / sum;
    out[i] = row;
  }
  return out;
}
