/**
 * liblinear's trust-region Newton method (TRON, Lin, Weng and Keerthi 2008) and the
 * three primal objectives it minimizes: L2-regularized logistic regression
 * (`l2r_lr_fun`), the L2-loss SVM (`l2r_l2_svc_fun`) and the L2-loss SVR
 * (`l2r_l2_svr_fun`). Each Newton step solves the trust-region subproblem by conjugate
 * gradients on Hessian-vector products.
 */
import { throwIfAborted } from '../linear/linear-model.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';
import { SolverType } from './liblinear-problem.js';

/** What TRON needs of an objective (liblinear's `function`). */
interface TronFunction {
  fun(w: Float64Array): number;
  grad(w: Float64Array, g: Float64Array): void;
  Hv(s: Float64Array, Hs: Float64Array): void;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function nrm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += alpha * x[j];
}

/** X v for the rows `rows` (all when undefined). */
function Xv(prob: Problem, v: Float64Array, out: Float64Array, rows?: Int32Array, count = prob.l): void {
  const { x, n } = prob;
  for (let k = 0; k < count; k++) {
    const o = (rows === undefined ? k : rows[k]) * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += v[j] * x[o + j];
    out[k] = s;
  }
}

/** Xᵀ v over the rows `rows` (all when undefined). */
function XTv(prob: Problem, v: Float64Array, out: Float64Array, rows?: Int32Array, count = prob.l): void {
  const { x, n } = prob;
  out.fill(0);
  for (let k = 0; k < count; k++) {
    const o = (rows === undefined ? k : rows[k]) * n;
    const vk = v[k];
    for (let j = 0; j < n; j++) out[j] += vk * x[o + j];
  }
}

/** `l2r_lr_fun`: ½‖w‖² + Σ C_i log(1 + e^{-y_i w·x_i}). */
class LogisticObjective implements TronFunction {
  private readonly z: Float64Array;
  private readonly D: Float64Array;
  private readonly wa: Float64Array;

  constructor(
    private readonly prob: Problem,
    private readonly C: Float64Array,
  ) {
    this.z = new Float64Array(prob.l);
    this.D = new Float64Array(prob.l);
    this.wa = new Float64Array(prob.l);
  }

  fun(w: Float64Array): number {
    const { y, l } = this.prob;
    Xv(this.prob, w, this.z);
    let f = 0;
    for (let j = 0; j < w.length; j++) f += w[j] * w[j];
    f /= 2;
    for (let i = 0; i < l; i++) {
      const yz = y[i] * this.z[i];
      if (yz >= 0) f += this.C[i] * Math.log(1 + Math.exp(-yz));
      else f += this.C[i] * (-yz + Math.log(1 + Math.exp(yz)));
    }
    return f;
  }

  grad(w: Float64Array, g: Float64Array): void {
    const { y, l } = this.prob;
    const z = this.z;
    for (let i = 0; i < l; i++) {
      z[i] = 1 / (1 + Math.exp(-y[i] * z[i]));
      this.D[i] = z[i] * (1 - z[i]);
      z[i] = this.C[i] * (z[i] - 1) * y[i];
    }
    XTv(this.prob, z, g);
    for (let j = 0; j < w.length; j++) g[j] = w[j] + g[j];
  }

  Hv(s: Float64Array, Hs: Float64Array): void {
    const { l } = this.prob;
    const wa = this.wa;
    Xv(this.prob, s, wa);
    for (let i = 0; i < l; i++) wa[i] = this.C[i] * this.D[i] * wa[i];
    XTv(this.prob, wa, Hs);
    for (let j = 0; j < s.length; j++) Hs[j] = s[j] + Hs[j];
  }
}

/** `l2r_l2_svc_fun`: ½‖w‖² + Σ C_i max(0, 1 - y_i w·x_i)²; `l2r_l2_svr_fun` with `p` set. */
class SquaredHingeObjective implements TronFunction {
  private readonly z: Float64Array;
  private readonly I: Int32Array;
  private readonly wa: Float64Array;
  private sizeI = 0;

  constructor(
    private readonly prob: Problem,
    private readonly C: Float64Array,
    /** ε of the SVR loss; undefined for the SVM. */
    private readonly p: number | undefined,
  ) {
    this.z = new Float64Array(prob.l);
    this.I = new Int32Array(prob.l);
    this.wa = new Float64Array(prob.l);
  }

  fun(w: Float64Array): number {
    const { y, l } = this.prob;
    const z = this.z;
    Xv(this.prob, w, z);
    let f = 0;
    for (let j = 0; j < w.length; j++) f += w[j] * w[j];
    f /= 2;
    const p = this.p;
    for (let i = 0; i < l; i++) {
      if (p === undefined) {
        z[i] = y[i] * z[i];
        const d = 1 - z[i];
        if (d > 0) f += this.C[i] * d * d;
      } else {
        const d = z[i] - y[i];
        if (d < -p) f += this.C[i] * (d + p) * (d + p);
        else if (d > p) f += this.C[i] * (d - p) * (d - p);
      }
    }
    return f;
  }

  grad(w: Float64Array, g: Float64Array): void {
    const { y, l } = this.prob;
    const z = this.z;
    const p = this.p;
    let size = 0;
    for (let i = 0; i < l; i++) {
      if (p === undefined) {
        if (z[i] < 1) {
          z[size] = this.C[i] * y[i] * (z[i] - 1);
          this.I[size] = i;
          size++;
        }
      } else {
        const d = z[i] - y[i];
        if (d < -p) {
          z[size] = this.C[i] * (d + p);
          this.I[size] = i;
          size++;
        } else if (d > p) {
          z[size] = this.C[i] * (d - p);
          this.I[size] = i;
          size++;
        }
      }
    }
    this.sizeI = size;
    XTv(this.prob, z, g, this.I, size);
    for (let j = 0; j < w.length; j++) g[j] = w[j] + 2 * g[j];
  }

  Hv(s: Float64Array, Hs: Float64Array): void {
    const wa = this.wa;
    Xv(this.prob, s, wa, this.I, this.sizeI);
    for (let k = 0; k < this.sizeI; k++) wa[k] = this.C[this.I[k]] * wa[k];
    XTv(this.prob, wa, Hs, this.I, this.sizeI);
    for (let j = 0; j < s.length; j++) Hs[j] = s[j] + 2 * Hs[j];
  }
}

/** TRON's conjugate gradients for the trust-region step: returns the CG iterations. */
function trcg(f: TronFunction, delta: number, g: Float64Array, s: Float64Array, r: Float64Array): number {
  const n = g.length;
  const d = new Float64Array(n);
  const Hd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s[i] = 0;
    r[i] = -g[i];
    d[i] = r[i];
  }
  const cgtol = 0.1 * nrm2(g);
  let cgIter = 0;
  let rTr = dot(r, r);
  for (;;) {
    if (nrm2(r) <= cgtol) break;
    cgIter++;
    f.Hv(d, Hd);
    let alpha = rTr / dot(d, Hd);
    axpy(alpha, d, s);
    if (nrm2(s) > delta) {
      alpha = -alpha;
      axpy(alpha, d, s);
      const std = dot(s, d);
      const sts = dot(s, s);
      const dtd = dot(d, d);
      const dsq = delta * delta;
      const rad = Math.sqrt(std * std + dtd * (dsq - sts));
      if (std >= 0) alpha = (dsq - sts) / (std + rad);
      else alpha = (rad - std) / dtd;
      axpy(alpha, d, s);
      alpha = -alpha;
      axpy(alpha, Hd, r);
      break;
    }
    alpha = -alpha;
    axpy(alpha, Hd, r);
    const rnewTrnew = dot(r, r);
    const beta = rnewTrnew / rTr;
    for (let i = 0; i < n; i++) d[i] = beta * d[i] + r[i];
    rTr = rnewTrnew;
  }
  return cgIter;
}

/** `TRON::tron`: minimizes from w = 0 until ‖g‖ ≤ eps ‖g₀‖; returns the iterations. */
function tron(f: TronFunction, w: Float64Array, eps: number, maxIter: number, signal: AbortSignal | undefined): number {
  const eta0 = 1e-4;
  const eta1 = 0.25;
  const eta2 = 0.75;
  const sigma1 = 0.25;
  const sigma2 = 0.5;
  const sigma3 = 4;
  const n = w.length;
  const s = new Float64Array(n);
  const r = new Float64Array(n);
  const wNew = new Float64Array(n);
  const g = new Float64Array(n);
  w.fill(0);
  let fw = f.fun(w);
  f.grad(w, g);
  let delta = nrm2(g);
  const gnorm1 = delta;
  let gnorm = gnorm1;
  const search = !(gnorm <= eps * gnorm1);
  let iter = 1;
  while (iter <= maxIter && search) {
    throwIfAborted(signal, 'liblinear');
    trcg(f, delta, g, s, r);
    wNew.set(w);
    axpy(1.0, s, wNew);
    const gs = dot(g, s);
    const prered = -0.5 * (gs - dot(s, r));
    const fnew = f.fun(wNew);
    const actred = fw - fnew;
    const snorm = nrm2(s);
    if (iter === 1) delta = Math.min(delta, snorm);
    let alpha: number;
    if (fnew - fw - gs <= 0) alpha = sigma3;
    else alpha = Math.max(sigma1, -0.5 * (gs / (fnew - fw - gs)));
    if (actred < eta0 * prered) delta = Math.min(Math.max(alpha, sigma1) * snorm, sigma2 * delta);
    else if (actred < eta1 * prered) delta = Math.max(sigma1 * delta, Math.min(alpha * snorm, sigma2 * delta));
    else if (actred < eta2 * prered) delta = Math.max(sigma1 * delta, Math.min(alpha * snorm, sigma3 * delta));
    else delta = Math.max(delta, Math.min(alpha * snorm, sigma3 * delta));
    if (actred > eta0 * prered) {
      iter++;
      w.set(wNew);
      fw = fnew;
      f.grad(w, g);
      gnorm = nrm2(g);
      if (gnorm <= eps * gnorm1) break;
    }
    if (fw < -1.0e32) break;
    if (Math.abs(actred) <= 0 && prered <= 0) break;
    if (Math.abs(actred) <= 1.0e-12 * Math.abs(fw) && Math.abs(prered) <= 1.0e-12 * Math.abs(fw)) break;
  }
  return iter - 1;
}

/** The per-instance C of a binary problem. */
function instanceC(prob: Problem, Cp: number, Cn: number): Float64Array {
  const C = new Float64Array(prob.l);
  for (let i = 0; i < prob.l; i++) C[i] = prob.W[i] * (prob.y[i] > 0 ? Cp : Cn);
  return C;
}

/**
 * liblinear's primal solvers through TRON: L2R_LR, L2R_L2LOSS_SVC (tolerance already
 * scaled by `train_one`) and L2R_L2LOSS_SVR (C from the settings).
 */
export function solveTron(prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings): number {
  const { solverType, eps, maxIter, signal } = settings;
  if (solverType === SolverType.L2R_LR) return tron(new LogisticObjective(prob, instanceC(prob, Cp, Cn)), w, eps, maxIter, signal);
  if (solverType === SolverType.L2R_L2LOSS_SVC) return tron(new SquaredHingeObjective(prob, instanceC(prob, Cp, Cn), undefined), w, eps, maxIter, signal);
  const C = new Float64Array(prob.l);
  for (let i = 0; i < prob.l; i++) C[i] = prob.W[i] * settings.C;
  return tron(new SquaredHingeObjective(prob, C, settings.p), w, eps, maxIter, signal);
}
