/**
 * Newton's method with conjugate-gradient inner solves and a Wolfe line search:
 * scikit-learn's `_newton_cg` (`sklearn/utils/optimize.py`), the 'newton-cg'
 * solver of LogisticRegression.
 */
import { warn } from '../../core/warnings.js';
import { Checkpoint } from '../../core/checkpoint.js';
import { wolfeLineSearch } from './line-search.js';

/** A Hessian-vector product: writes `H v` into `out`. */
export type HessianProduct = (v: Float64Array, out: Float64Array) => void;

/** What Newton-CG needs of an objective. */
export interface TwiceDifferentiable {
  /** f(x), writing the gradient into `grad`. */
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  /** Writes the gradient at x into `grad` and returns the Hessian product at x. */
  gradientAndHessian(x: Float64Array, grad: Float64Array): HessianProduct;
}

/** Options of {@link newtonCg}. */
export interface NewtonCgOptions {
  /** Stop when max |g_i| <= tol. */
  readonly tol: number;
  readonly maxIter: number;
  /** Conjugate-gradient steps per Newton step. @default 200 */
  readonly maxInner?: number;
  readonly signal?: AbortSignal | undefined;
  readonly owner?: string;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function absSum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]);
  return s;
}

/**
 * Solves `H x = -g` approximately by conjugate gradients until the residual's L1
 * norm is below `tol` (scikit-learn's `_cg`, with its curvature safeguards).
 */
function conjugateGradient(hessp: HessianProduct, g: Float64Array, maxIter: number, tol: number): Float64Array {
  const dim = g.length;
  const x = new Float64Array(dim);
  const r = Float64Array.from(g);
  const p = new Float64Array(dim);
  for (let i = 0; i < dim; i++) p[i] = -r[i];
  const Ap = new Float64Array(dim);
  let rr = dot(r, r);
  for (let it = 0; it <= maxIter; it++) {
    if (absSum(r) <= tol) break;
    hessp(p, Ap);
    const curv = dot(p, Ap);
    if (curv >= 0 && curv <= 3 * Number.EPSILON) break;
    if (curv < 0) {
      if (it > 0) break;
      // fall back to the steepest descent direction
      const a = rr / curv;
      for (let i = 0; i < dim; i++) x[i] += a * p[i];
      break;
    }
    const a = rr / curv;
    for (let i = 0; i < dim; i++) {
      x[i] += a * p[i];
      r[i] += a * Ap[i];
    }
    const rrNext = dot(r, r);
    const beta = rrNext / rr;
    for (let i = 0; i < dim; i++) p[i] = -r[i] + beta * p[i];
    rr = rrNext;
  }
  return x;
}

/** Minimizes `objective` from `x0` (not modified); returns the solution and the Newton steps taken. */
export function newtonCg(objective: TwiceDifferentiable, x0: Float64Array, o: NewtonCgOptions): { x: Float64Array; nIter: number } {
  const dim = x0.length;
  const maxInner = o.maxInner ?? 200;
  const x = Float64Array.from(x0);
  const g = new Float64Array(dim);
  const xTrial = new Float64Array(dim);
  const gTrial = new Float64Array(dim);
  let fOld = objective.valueAndGradient(x, g);
  let fOlder: number | undefined;
  let k = 0;
  const checkpoint = Checkpoint.of(o.signal, o.owner ?? 'Newton-CG');
  while (k < o.maxIter) {
    checkpoint.check();
    const hessp = objective.gradientAndHessian(x, g);
    let gMax = 0;
    for (let i = 0; i < dim; i++) gMax = Math.max(gMax, Math.abs(g[i]));
    if (gMax <= o.tol) break;
    const magnitude = absSum(g);
    const eta = Math.min(0.5, Math.sqrt(magnitude));
    const direction = conjugateGradient(hessp, g, maxInner, eta * magnitude);
    const slope0 = dot(g, direction);
    // scipy's line_search_wolfe1 first step: from the last decrease, at most 1
    let step0 = 1;
    if (fOlder !== undefined && slope0 !== 0) {
      step0 = Math.min(1, (1.01 * 2 * (fOld - fOlder)) / slope0);
      if (step0 < 0) step0 = 1;
    }
    const phi = (step: number): { f: number; slope: number } => {
      for (let i = 0; i < dim; i++) xTrial[i] = x[i] + step * direction[i];
      const f = objective.valueAndGradient(xTrial, gTrial);
      return { f, slope: dot(gTrial, direction) };
    };
    const ls = slope0 < 0 ? wolfeLineSearch(phi, fOld, slope0, step0, { c1: 1e-4, c2: 0.9, maxEvaluations: 40, stepMax: 50 }) : undefined;
    if (ls === undefined || ls.kind === 'failed') {
      warn('Line Search failed', 'UserWarning');
      break;
    }
    for (let i = 0; i < dim; i++) x[i] += ls.step * direction[i];
    fOlder = fOld;
    fOld = ls.f;
    k++;
  }
  if (k >= o.maxIter) warn('newton-cg failed to converge. Increase the number of iterations.', 'ConvergenceWarning');
  return { x, nIter: k };
}
