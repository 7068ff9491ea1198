/**
 * Limited-memory BFGS for smooth unconstrained problems, step for step as scipy's
 * L-BFGS-B (version 3.0, as scipy 1.10 ships it, which scikit-learn 1.2's
 * LogisticRegression calls) runs without bounds: the first direction is the steepest
 * descent with a step of 1/‖g‖, later ones come from the last `memory` correction
 * pairs with B₀ = θI, θ = yᵀy / sᵀy; the line search is Moré–Thuente's (ftol 1e-3,
 * gtol 0.9, xtol 0.1) with at most `maxLineSearch` evaluations, after which the
 * memory is dropped once and the search retried along -g; pairs with too little
 * curvature are skipped; and the stopping tests come in scipy's order: `maxIter`,
 * `maxFun`, the projected gradient (max |gᵢ| <= gtol), the relative reduction of f.
 *
 * The direction is computed by the two-loop recursion, which for problems without
 * bounds gives the same step as L-BFGS-B's compact form (up to rounding).
 */
import { Checkpoint } from '../../core/checkpoint.js';
import { MoreThuente } from './more-thuente.js';

/** An objective: returns f(x) and writes its gradient into `grad`. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/** scipy's default `ftol` for L-BFGS-B: factr = 1e7 times the machine epsilon. */
export const SCIPY_LBFGS_FTOL = 1e7 * Number.EPSILON;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Stop when max |g_i| <= gtol (scipy's `gtol`, L-BFGS-B's `pgtol`). */
  readonly gtol: number;
  /**
   * Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (scipy's `ftol`,
   * `factr · eps` in L-BFGS-B). @default {@link SCIPY_LBFGS_FTOL}
   */
  readonly ftol?: number | undefined;
  readonly maxIter: number;
  /** The most objective evaluations (scipy's `maxfun`). @default 15000 */
  readonly maxFun?: number | undefined;
  /** Corrections kept (scipy's `maxcor`). @default 10 */
  readonly memory?: number | undefined;
  /** Evaluations per line search (scipy's `maxls`). @default 20 */
  readonly maxLineSearch?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly owner?: string;
}

/** How the minimization ended (scipy's `status` and `message`). */
export type LbfgsStatus =
  | { readonly code: 0; readonly message: 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL' | 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH' }
  | { readonly code: 1; readonly message: 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT' | 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT' }
  | { readonly code: 2; readonly message: 'ABNORMAL_TERMINATION_IN_LNSRCH' };

/** What {@link minimizeLbfgs} returns. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly grad: Float64Array;
  /** Iterations (scipy's `nit`). */
  readonly nIter: number;
  /** Objective evaluations (scipy's `nfev`). */
  readonly nFev: number;
  readonly status: LbfgsStatus;
}

const PGTOL_MESSAGE = 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL';
const FACTR_MESSAGE = 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH';
/** L-BFGS-B's largest step without bounds. */
const STEP_MAX = 1e10;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function absMax(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** The correction pairs (s, y) of the last iterations, oldest first, in a ring. */
class CorrectionPairs {
  readonly s: Float64Array[];
  readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  /** Ring position of the oldest pair. */
  private head = 0;
  count = 0;
  /** B₀ = θ I. */
  theta = 1;

  constructor(
    private readonly m: number,
    dim: number,
  ) {
    this.s = Array.from({ length: m }, () => new Float64Array(dim));
    this.y = Array.from({ length: m }, () => new Float64Array(dim));
    this.rho = new Float64Array(m);
    this.alpha = new Float64Array(m);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.theta = 1;
  }

  /** The slot the next pair goes into (the oldest is dropped when full); call {@link commit} after filling it. */
  nextSlot(): number {
    return (this.head + (this.count < this.m ? this.count : 0)) % this.m;
  }

  commit(sy: number, yy: number): void {
    const slot = this.nextSlot();
    this.rho[slot] = 1 / sy;
    if (this.count < this.m) this.count++;
    else this.head = (this.head + 1) % this.m;
    this.theta = yy / sy;
  }

  /** d = -H g by the two-loop recursion, H₀ = I / θ. */
  direction(g: Float64Array, d: Float64Array): void {
    const dim = g.length;
    for (let i = 0; i < dim; i++) d[i] = -g[i];
    for (let k = this.count - 1; k >= 0; k--) {
      const j = (this.head + k) % this.m;
      const a = this.rho[j] * dot(this.s[j] as Float64Array, d);
      this.alpha[j] = a;
      const yj = this.y[j] as Float64Array;
      for (let i = 0; i < dim; i++) d[i] -= a * yj[i];
    }
    const scale = 1 / this.theta;
    for (let i = 0; i < dim; i++) d[i] *= scale;
    for (let k = 0; k < this.count; k++) {
      const j = (this.head + k) % this.m;
      const b = this.rho[j] * dot(this.y[j] as Float64Array, d);
      const c = this.alpha[j] - b;
      const sj = this.s[j] as Float64Array;
      for (let i = 0; i < dim; i++) d[i] += c * sj[i];
    }
  }
}

/** Minimizes `fun` from `x0` (not modified) by L-BFGS, as scipy's L-BFGS-B without bounds. */
export function minimizeLbfgs(fun: ValueAndGradient, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const dim = x0.length;
  const maxFun = o.maxFun ?? 15000;
  const maxLs = o.maxLineSearch ?? 20;
  const tol = o.ftol ?? SCIPY_LBFGS_FTOL;
  const pairs = new CorrectionPairs(o.memory ?? 10, dim);
  const search = new MoreThuente({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: STEP_MAX });
  const x = Float64Array.from(x0);
  const g = new Float64Array(dim);
  const d = new Float64Array(dim);
  /** The point the unit step lands on (L-BFGS-B's z). */
  const z = new Float64Array(dim);
  const xOld = new Float64Array(dim);
  const gOld = new Float64Array(dim);
  let f = fun(x, g);
  let nFev = 1;
  let nIter = 0;
  const finish = (status: LbfgsStatus): LbfgsResult => ({ x, f, grad: g, nIter, nFev, status });
  if (absMax(g) <= o.gtol) return finish({ code: 0, message: PGTOL_MESSAGE });

  const checkpoint = Checkpoint.of(o.signal, o.owner ?? 'L-BFGS');
  for (;;) {
    checkpoint.check();
    // the search direction d = z - x
    if (pairs.count === 0) {
      for (let i = 0; i < dim; i++) z[i] = x[i] - g[i];
    } else {
      pairs.direction(g, d);
      for (let i = 0; i < dim; i++) z[i] = x[i] + d[i];
    }
    for (let i = 0; i < dim; i++) d[i] = z[i] - x[i];

    // the line search from x along d
    const dnorm = Math.sqrt(dot(d, d));
    let step = nIter === 0 ? Math.min(1 / dnorm, STEP_MAX) : 1;
    xOld.set(x);
    gOld.set(g);
    const fOld = f;
    const slopeOld = dot(g, d);
    let slope = slopeOld;
    let evaluations = 0;
    let failed = !(slopeOld < 0);
    if (!failed) {
      let task = search.start(f, slopeOld, step);
      while (task.kind === 'evaluate') {
        if (evaluations >= maxLs) {
          failed = true;
          break;
        }
        step = task.step;
        if (step === 1) x.set(z);
        else for (let i = 0; i < dim; i++) x[i] = step * d[i] + xOld[i];
        f = fun(x, g);
        nFev++;
        evaluations++;
        slope = dot(g, d);
        task = search.next(f, slope);
      }
    }
    if (failed) {
      x.set(xOld);
      g.set(gOld);
      f = fOld;
      if (pairs.count === 0) return finish({ code: 2, message: 'ABNORMAL_TERMINATION_IN_LNSRCH' });
      // forget the corrections and try again along -g
      pairs.clear();
      continue;
    }

    nIter++;
    if (nIter >= o.maxIter) return finish({ code: 1, message: 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT' });
    if (nFev > maxFun) return finish({ code: 1, message: 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT' });
    if (absMax(g) <= o.gtol) return finish({ code: 0, message: PGTOL_MESSAGE });
    if (fOld - f <= tol * Math.max(Math.abs(fOld), Math.abs(f), 1)) return finish({ code: 0, message: FACTR_MESSAGE });

    // the correction pair s = step · d, y = g - gOld; skipped without enough curvature
    const sy = step === 1 ? slope - slopeOld : (slope - slopeOld) * step;
    const floor = step === 1 ? -slopeOld : -slopeOld * step;
    if (sy <= Number.EPSILON * floor) continue;
    const slot = pairs.nextSlot();
    const s = pairs.s[slot] as Float64Array;
    const y = pairs.y[slot] as Float64Array;
    let yy = 0;
    for (let i = 0; i < dim; i++) {
      s[i] = step === 1 ? d[i] : step * d[i];
      const yi = g[i] - gOld[i];
      y[i] = yi;
      yy += yi * yi;
    }
    pairs.commit(sy, yy);
  }
}
