/**
 * Limited-memory BFGS for smooth unconstrained problems, with the stopping rules
 * of scipy's L-BFGS-B (`gtol` on the largest gradient component, `ftol` on the
 * relative decrease of the objective, `maxiter`, `maxfun`), as scikit-learn's
 * LogisticRegression calls it.
 */
import { throwIfAborted } from './linear-model.js';
import { wolfeLineSearch } from './line-search.js';

/** An objective: returns f(x) and writes its gradient into `grad`. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Stop when max |g_i| <= gtol. */
  readonly gtol: number;
  /** Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol. */
  readonly ftol: number;
  readonly maxIter: number;
  /** The most objective evaluations (scipy's `maxfun`). @default 15000 */
  readonly maxFun?: number;
  /** Corrections kept (scipy's `maxcor`). @default 10 */
  readonly memory?: number;
  /** Evaluations per line search (scipy's `maxls`). @default 20 */
  readonly maxLineSearch?: number;
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
  readonly nIter: number;
  readonly nFev: number;
  readonly status: LbfgsStatus;
}

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

/** Minimizes `fun` from `x0` (not modified) by L-BFGS. */
export function minimizeLbfgs(fun: ValueAndGradient, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const dim = x0.length;
  const m = o.memory ?? 10;
  const maxFun = o.maxFun ?? 15000;
  const maxLs = o.maxLineSearch ?? 20;
  const x = Float64Array.from(x0);
  const g = new Float64Array(dim);
  let f = fun(x, g);
  let nFev = 1;
  let nIter = 0;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(dim);
  const alphas = new Float64Array(m);
  const xTrial = new Float64Array(dim);
  const gTrial = new Float64Array(dim);
  let trialStep = NaN;
  let trialF = NaN;

  const finish = (status: LbfgsStatus): LbfgsResult => ({ x, f, grad: g, nIter, nFev, status });
  if (absMax(g) <= o.gtol) return finish({ code: 0, message: 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL' });

  for (;;) {
    if (o.signal) throwIfAborted(o.signal, o.owner ?? 'L-BFGS');
    if (nIter >= o.maxIter) return finish({ code: 1, message: 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT' });
    if (nFev >= maxFun) return finish({ code: 1, message: 'STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT' });
    // d = -H g by the two-loop recursion
    for (let i = 0; i < dim; i++) d[i] = -g[i];
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = rho[j] * dot(S[j], d);
      alphas[j] = a;
      const yj = Y[j];
      for (let i = 0; i < dim; i++) d[i] -= a * yj[i];
    }
    if (k > 0) {
      const gamma = 1 / (rho[k - 1] * dot(Y[k - 1], Y[k - 1]));
      for (let i = 0; i < dim; i++) d[i] *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const b = rho[j] * dot(Y[j], d);
      const sj = S[j];
      const c = alphas[j] - b;
      for (let i = 0; i < dim; i++) d[i] += c * sj[i];
    }
    let slope0 = dot(g, d);
    if (!(slope0 < 0)) {
      // not a descent direction: restart from steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < dim; i++) d[i] = -g[i];
      slope0 = dot(g, d);
    }
    const step0 = S.length === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), 1e10) : 1;
    const phi = (step: number): { f: number; slope: number } => {
      for (let i = 0; i < dim; i++) xTrial[i] = x[i] + step * d[i];
      trialF = fun(xTrial, gTrial);
      trialStep = step;
      nFev++;
      return { f: trialF, slope: dot(gTrial, d) };
    };
    const ls = wolfeLineSearch(phi, f, slope0, step0, { c1: 1e-3, c2: 0.9, maxEvaluations: maxLs, stepMax: 1e10 });
    if (ls.kind === 'failed') {
      if (S.length > 0) {
        // as L-BFGS-B: forget the curvature pairs and try steepest descent once
        S.length = 0;
        Y.length = 0;
        rho.length = 0;
        continue;
      }
      return finish({ code: 2, message: 'ABNORMAL_TERMINATION_IN_LNSRCH' });
    }
    if (trialStep !== ls.step) phi(ls.step);
    const fOld = f;
    const s = new Float64Array(dim);
    const y = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = xTrial[i] - x[i];
      y[i] = gTrial[i] - g[i];
      x[i] = xTrial[i];
      g[i] = gTrial[i];
    }
    f = trialF;
    nIter++;
    if (absMax(g) <= o.gtol) return finish({ code: 0, message: 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL' });
    if (fOld - f <= o.ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) {
      return finish({ code: 0, message: 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH' });
    }
    const sy = dot(s, y);
    if (sy > Number.EPSILON * dot(y, y)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
  }
}
