/**
 * The predictions of a linear classifier from its weights (scikit-learn's
 * `LinearClassifierMixin`): decision values `X · coefᵀ + intercept`, labels by sign or
 * largest score, and the one-vs-rest logistic probabilities (`_predict_proba_lr`).
 * Shared by SGDClassifier and LinearSVC.
 */
import type { DenseMatrix } from '../../core/data.js';
import { kernelLinearScores } from './linear-kernels.js';
import { expit } from './logistic-loss.js';

/** Matrices with at least this many values are scored on the kernels. */
const SCORES_KERNEL_MIN_VALUES = 4096;

/** Decision values: row-major `n × k` for `k` models (coef is `k × p`, row-major). */
export function linearScores(X: DenseMatrix, coef: Float64Array, intercept: Float64Array): Float64Array {
  const n = X.rows;
  const p = X.columns;
  const k = intercept.length;
  if (n * p >= SCORES_KERNEL_MIN_VALUES) {
    const rows = Array.from({ length: k }, (_, c) => coef.subarray(c * p, (c + 1) * p));
    return kernelLinearScores(X, rows, intercept);
  }
  const v = X.values;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let c = 0; c < k; c++) {
      const w = c * p;
      let s = 0;
      for (let j = 0; j < p; j++) s += v[o + j] * coef[w + j];
      out[i * k + c] = s + intercept[c];
    }
  }
  return out;
}

/** One value per sample for one model, one row of `k` per sample otherwise. */
export function decisionOutput(scores: Float64Array, k: number): Float64Array | number[][] {
  if (k === 1) return scores;
  const n = scores.length / k;
  return Array.from({ length: n }, (_, i) => Array.from(scores.subarray(i * k, (i + 1) * k)));
}

/** Class codes: 1 where the single score is positive, else the first largest score. */
export function predictedCodes(scores: Float64Array, k: number): Int32Array {
  const n = scores.length / k;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      codes[i] = scores[i] > 0 ? 1 : 0;
      continue;
    }
    const o = i * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[o + c] > scores[o + best]) best = c;
    codes[i] = best;
  }
  return codes;
}

/**
 * scikit-learn's `_predict_proba_lr`: the logistic function of each score; two
 * columns `[1 - p, p]` for one model, each row normalized to sum 1 otherwise.
 */
export function ovrLogisticProbabilities(scores: Float64Array, k: number): number[][] {
  const n = scores.length / k;
  const out: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      const p = expit(scores[i]);
      out[i] = [1 - p, p];
      continue;
    }
    const row = new Array<number>(k);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += row[c] = expit(scores[i * k + c]);
    for (let c = 0; c < k; c++) row[c] = (row[c] as number) / sum;
    out[i] = row;
  }
  return out;
}
