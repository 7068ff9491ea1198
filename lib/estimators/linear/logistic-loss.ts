/**
 * The objectives of LogisticRegression, as scikit-learn's `LinearModelLoss` with
 * `HalfBinomialLoss` / `HalfMultinomialLoss` computes them:
 *
 *     Σᵢ swᵢ · loss(yᵢ, xᵢ·w + b) + ½ · l2 · ‖w‖²      (the intercept b is not penalized)
 *
 * with their gradients and Hessian-vector products, on row-major data.
 *
 * Parameter layout: binary `[w_0 … w_{p-1}, b]`; multinomial one block of
 * `p (+1)` per class, class after class.
 */
import type { DenseMatrix } from '../../core/data.js';
import type { HessianProduct, TwiceDifferentiable } from './newton-cg.js';

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** 1 / (1 + e^-z) without overflow. */
export function expit(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The binary logistic loss with labels in {0, 1}. */
export class BinaryLogisticLoss implements TwiceDifferentiable {
  readonly dim: number;
  private readonly n: number;
  private readonly p: number;
  private readonly raw: Float64Array;
  private readonly weights: Float64Array;

  constructor(
    private readonly X: DenseMatrix,
    private readonly y: Float64Array,
    private readonly sw: Float64Array,
    private readonly l2: number,
    private readonly fitIntercept: boolean,
  ) {
    this.n = X.rows;
    this.p = X.columns;
    this.dim = this.p + (fitIntercept ? 1 : 0);
    this.raw = new Float64Array(this.n);
    this.weights = new Float64Array(this.n);
  }

  private computeRaw(w: Float64Array): void {
    const { n, p, raw } = this;
    const v = this.X.values;
    const b = this.fitIntercept ? w[p] : 0;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      let s = b;
      for (let j = 0; j < p; j++) s += v[o + j] * w[j];
      raw[i] = s;
    }
  }

  /** Fills `grad` from per-sample derivatives `d` (already weighted) and adds the penalty. */
  private accumulate(w: Float64Array, d: Float64Array, grad: Float64Array): void {
    const { n, p } = this;
    const v = this.X.values;
    grad.fill(0);
    let db = 0;
    for (let i = 0; i < n; i++) {
      const di = d[i];
      db += di;
      if (di === 0) continue;
      const o = i * p;
      for (let j = 0; j < p; j++) grad[j] += di * v[o + j];
    }
    for (let j = 0; j < p; j++) grad[j] += this.l2 * w[j];
    if (this.fitIntercept) grad[p] = db;
  }

  private penalty(w: Float64Array): number {
    let s = 0;
    for (let j = 0; j < this.p; j++) s += w[j] * w[j];
    return 0.5 * this.l2 * s;
  }

  valueAndGradient(w: Float64Array, grad: Float64Array): number {
    this.computeRaw(w);
    const { n, raw, y, sw } = this;
    const d = this.weights;
    let f = 0;
    for (let i = 0; i < n; i++) {
      const z = raw[i];
      f += sw[i] * (softplus(z) - y[i] * z);
      d[i] = sw[i] * (expit(z) - y[i]);
    }
    this.accumulate(w, d, grad);
    return f + this.penalty(w);
  }

  gradientAndHessian(w: Float64Array, grad: Float64Array): HessianProduct {
    this.computeRaw(w);
    const { n, p, raw, y, sw } = this;
    const d = new Float64Array(n);
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const prob = expit(raw[i]);
      d[i] = sw[i] * (prob - y[i]);
      h[i] = sw[i] * prob * (1 - prob);
    }
    this.accumulate(w, d, grad);
    const v = this.X.values;
    const l2 = this.l2;
    const fitIntercept = this.fitIntercept;
    return (s, out) => {
      out.fill(0);
      const sb = fitIntercept ? s[p] : 0;
      let ob = 0;
      for (let i = 0; i < n; i++) {
        const o = i * p;
        let r = sb;
        for (let j = 0; j < p; j++) r += v[o + j] * s[j];
        const t = h[i] * r;
        ob += t;
        if (t === 0) continue;
        for (let j = 0; j < p; j++) out[j] += t * v[o + j];
      }
      for (let j = 0; j < p; j++) out[j] += l2 * s[j];
      if (fitIntercept) out[p] = ob;
    };
  }
}

/** The multinomial (softmax) loss with labels as class codes 0..K-1. */
export class MultinomialLogisticLoss implements TwiceDifferentiable {
  readonly dim: number;
  private readonly n: number;
  private readonly p: number;
  /** Parameters per class: p, plus 1 with an intercept. */
  private readonly block: number;
  private readonly proba: Float64Array;
  /** Per-sample, per-class gradient terms, reused between evaluations. */
  private readonly terms: Float64Array;

  constructor(
    private readonly X: DenseMatrix,
    private readonly codes: Int32Array,
    private readonly nClasses: number,
    private readonly sw: Float64Array,
    private readonly l2: number,
    private readonly fitIntercept: boolean,
  ) {
    this.n = X.rows;
    this.p = X.columns;
    this.block = this.p + (fitIntercept ? 1 : 0);
    this.dim = this.block * nClasses;
    this.proba = new Float64Array(this.n * nClasses);
    this.terms = new Float64Array(this.n * nClasses);
  }

  /** Fills `proba` (softmax of the raw predictions) and returns Σ swᵢ · lossᵢ. */
  private computeProba(w: Float64Array): number {
    const { n, p, block, nClasses: K, proba, codes, sw } = this;
    const v = this.X.values;
    let f = 0;
    for (let i = 0; i < n; i++) {
      const o = i * p;
      const row = i * K;
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const ok = k * block;
        let s = this.fitIntercept ? w[ok + p] : 0;
        for (let j = 0; j < p; j++) s += v[o + j] * w[ok + j];
        proba[row + k] = s;
        if (s > max) max = s;
      }
      // loss = logsumexp(raw) - raw[y] = log(Σ e^(raw_k - max)) - (raw[y] - max)
      const rawY = proba[row + codes[i]];
      let sum = 0;
      for (let k = 0; k < K; k++) sum += proba[row + k] = Math.exp(proba[row + k] - max);
      f += sw[i] * (Math.log(sum) - (rawY - max));
      const inv = 1 / sum;
      for (let k = 0; k < K; k++) proba[row + k] *= inv;
    }
    return f;
  }

  /** Adds Σᵢ tᵢₖ xᵢ (and Σᵢ tᵢₖ to the intercepts) into `out`, then the penalty on `w`. */
  private accumulate(t: Float64Array, w: Float64Array, out: Float64Array): void {
    const { n, p, block, nClasses: K } = this;
    const v = this.X.values;
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let k = 0; k < K; k++) {
        const tk = t[i * K + k];
        if (tk === 0) continue;
        const ok = k * block;
        for (let j = 0; j < p; j++) out[ok + j] += tk * v[o + j];
        if (this.fitIntercept) out[ok + p] += tk;
      }
    }
    for (let k = 0; k < K; k++) {
      const ok = k * block;
      for (let j = 0; j < p; j++) out[ok + j] += this.l2 * w[ok + j];
    }
  }

  private penalty(w: Float64Array): number {
    let s = 0;
    for (let k = 0; k < this.nClasses; k++) {
      const ok = k * this.block;
      for (let j = 0; j < this.p; j++) s += w[ok + j] * w[ok + j];
    }
    return 0.5 * this.l2 * s;
  }

  private gradientTerms(): Float64Array {
    const { n, nClasses: K, proba, codes, sw } = this;
    const t = this.terms;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < K; k++) t[i * K + k] = sw[i] * proba[i * K + k];
      t[i * K + codes[i]] -= sw[i];
    }
    return t;
  }

  valueAndGradient(w: Float64Array, grad: Float64Array): number {
    const f = this.computeProba(w);
    this.accumulate(this.gradientTerms(), w, grad);
    return f + this.penalty(w);
  }

  gradientAndHessian(w: Float64Array, grad: Float64Array): HessianProduct {
    this.computeProba(w);
    this.accumulate(this.gradientTerms(), w, grad);
    const { n, p, block, nClasses: K, sw } = this;
    const proba = this.proba.slice();
    const v = this.X.values;
    const t = new Float64Array(n * K);
    const r = new Float64Array(K);
    return (s, out) => {
      for (let i = 0; i < n; i++) {
        const o = i * p;
        let mean = 0;
        for (let k = 0; k < K; k++) {
          const ok = k * block;
          let rk = this.fitIntercept ? s[ok + p] : 0;
          for (let j = 0; j < p; j++) rk += v[o + j] * s[ok + j];
          r[k] = rk;
          mean += proba[i * K + k] * rk;
        }
        for (let k = 0; k < K; k++) t[i * K + k] = sw[i] * proba[i * K + k] * (r[k] - mean);
      }
      this.accumulate(t, s, out);
    };
  }
}
