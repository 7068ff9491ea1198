/**
 * Coordinate descent for the elastic net (scikit-learn's `enet_coordinate_descent`
 * in `_cd_fast.pyx`), shared by {@link Lasso} and {@link ElasticNet}: the same
 * cyclic or random sweep, the same stopping rule (a small largest update, then a
 * duality gap below `tol · ‖y‖²`) and the same warnings.
 */
import { warn } from '../../core/warnings.js';
import { Checkpoint } from '../../core/checkpoint.js';

/** How the coordinates are visited in each sweep. */
export type CoordinateSelection = 'cyclic' | 'random';

/**
 * Where a random sweep takes its coordinates: `integer(0, p)` is the next one.
 * scikit-learn's `rand_int` (a {@link RandR} seeded from `randomState`) in the estimators.
 */
export interface CoordinateSource {
  integer(low: number, high: number): number;
}

/** Options of {@link enetCoordinateDescent}. */
export interface CoordinateDescentOptions {
  /** L1 strength in the `n`-scaled objective (`alpha · l1Ratio · n`). */
  readonly l1: number;
  /** L2 strength in the `n`-scaled objective (`alpha · (1 - l1Ratio) · n`). */
  readonly l2: number;
  readonly maxIter: number;
  /** Relative tolerance; the gap is compared with `tol · ‖y‖²`. */
  readonly tol: number;
  /** Visits coordinates at random (with replacement) when given. */
  readonly rng?: CoordinateSource | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly owner: string;
}

/** What {@link enetCoordinateDescent} returns. */
export interface CoordinateDescentResult {
  readonly coef: Float64Array;
  /** The last duality gap computed (in the `n`-scaled objective). */
  readonly gap: number;
  /** The tolerance the gap was compared with (`tol · ‖y‖²`). */
  readonly tol: number;
  readonly nIter: number;
}

/** Python's `'{:.3e}'.format(x)`: three decimals and a two-digit exponent. */
export function formatExp3(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toExponential(3).replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * Minimizes `½‖y - Xw‖² + l1‖w‖₁ + ½ l2 ‖w‖²` by coordinate descent, starting
 * from `w0` (zero when not given). `X` is column-major (`n × p`): each column is
 * contiguous.
 */
export function enetCoordinateDescent(
  X: Float64Array,
  y: Float64Array,
  n: number,
  p: number,
  o: CoordinateDescentOptions,
  w0?: Float64Array,
): CoordinateDescentResult {
  const { l1: alpha, l2: beta, maxIter, rng } = o;
  const w = w0 === undefined ? new Float64Array(p) : Float64Array.from(w0);
  const normCols = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const oj = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += X[oj + i] * X[oj + i];
    normCols[j] = s;
  }
  const R = Float64Array.from(y); // y - Xw
  for (let j = 0; j < p; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    const oj = j * n;
    for (let i = 0; i < n; i++) R[i] -= wj * X[oj + i];
  }
  const XtA = new Float64Array(p);
  const dwTol = o.tol;
  let yNorm2 = 0;
  for (let i = 0; i < n; i++) yNorm2 += y[i] * y[i];
  const tol = o.tol * yNorm2;
  let gap = tol + 1;
  let converged = false;
  let nIter = 0;

  warnIfUnregularized(alpha, beta);

  const checkpoint = Checkpoint.of(o.signal, o.owner);
  for (nIter = 0; nIter < maxIter; nIter++) {
    checkpoint.check();
    let wMax = 0;
    let dwMax = 0;
    for (let f = 0; f < p; f++) {
      const ii = rng ? rng.integer(0, p) : f;
      if (normCols[ii] === 0) continue;
      const oi = ii * n;
      const wOld = w[ii];
      if (wOld !== 0) for (let i = 0; i < n; i++) R[i] += wOld * X[oi + i];
      let tmp = 0;
      for (let i = 0; i < n; i++) tmp += X[oi + i] * R[i];
      const wNew = (Math.sign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / (normCols[ii] + beta);
      w[ii] = wNew;
      if (wNew !== 0) for (let i = 0; i < n; i++) R[i] -= wNew * X[oi + i];
      const dw = Math.abs(wNew - wOld);
      if (dw > dwMax) dwMax = dw;
      const aw = Math.abs(wNew);
      if (aw > wMax) wMax = aw;
    }
    if (wMax === 0 || dwMax / wMax < dwTol || nIter === maxIter - 1) {
      // the largest update was small: the duality gap decides
      let dualNorm = 0;
      for (let j = 0; j < p; j++) {
        const oj = j * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += X[oj + i] * R[i];
        XtA[j] = s - beta * w[j];
        const a = Math.abs(XtA[j]);
        if (a > dualNorm) dualNorm = a;
      }
      let rNorm2 = 0;
      let ry = 0;
      for (let i = 0; i < n; i++) {
        rNorm2 += R[i] * R[i];
        ry += R[i] * y[i];
      }
      let wNorm2 = 0;
      let l1Norm = 0;
      for (let j = 0; j < p; j++) {
        wNorm2 += w[j] * w[j];
        l1Norm += Math.abs(w[j]);
      }
      let scale: number;
      if (dualNorm > alpha) {
        scale = alpha / dualNorm;
        gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
      } else {
        scale = 1;
        gap = rNorm2;
      }
      gap += alpha * l1Norm - scale * ry + 0.5 * beta * (1 + scale * scale) * wNorm2;
      if (gap < tol) {
        converged = true;
        break;
      }
    }
  }
  if (!converged) {
    nIter = maxIter - 1;
    warnNotConverged(gap, tol, alpha);
  }
  return { coef: w, gap, tol, nIter: nIter + 1 };
}

/** scikit-learn's warning for coordinate descent without any penalty. */
export function warnIfUnregularized(l1: number, l2: number): void {
  if (l1 === 0 && l2 === 0) {
    warn('Coordinate descent with no regularization may lead to unexpected results and is discouraged.', 'UserWarning');
  }
}

/** scikit-learn's `ConvergenceWarning` when `maxIter` sweeps end with the gap above `tol`. */
export function warnNotConverged(gap: number, tol: number, l1: number): void {
  let message =
    'Objective did not converge. You might want to increase the number of iterations, check the scale of the ' +
    `features or consider increasing regularisation. Duality gap: ${formatExp3(gap)}, tolerance: ${formatExp3(tol)}`;
  if (l1 < Number.EPSILON) {
    message +=
      ' Linear regression models with null weight for the l1 regularization term are more efficiently fitted ' +
      'using one of the solvers implemented in sklearn.linear_model.Ridge/RidgeCV instead.';
  }
  warn(message, 'ConvergenceWarning');
}

