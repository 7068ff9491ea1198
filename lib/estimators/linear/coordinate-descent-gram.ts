/**
 * Coordinate descent for the elastic net on the Gram matrix (scikit-learn's
 * `enet_coordinate_descent_gram` in `_cd_fast.pyx`, its `precompute` path): the same
 * sweeps as {@link enetCoordinateDescent}, with `Q = XᵀX` and `q = Xᵀy` standing in for
 * X and y, so a sweep costs O(p²) instead of O(n·p) once Q is built.
 *
 * With exact arithmetic it takes the same steps as the residual form: the same weights,
 * the same duality gap and the same stopping sweep; the warnings are the residual
 * form's, which scikit-learn's Lasso and ElasticNet give by default.
 */
import type { CoordinateDescentOptions, CoordinateDescentResult } from './coordinate-descent.js';
import { warnIfUnregularized, warnNotConverged } from './coordinate-descent.js';
import { Checkpoint } from '../../core/checkpoint.js';

/**
 * Minimizes `½ wᵀQw - qᵀw + l1‖w‖₁ + ½ l2 ‖w‖²` (that is `½‖y - Xw‖² + …` up to the
 * constant ½‖y‖² = ½ `yy`) by coordinate descent from `w0` (zero when not given). `Q` is
 * `p × p`, row-major, symmetric.
 */
export function enetCoordinateDescentGram(
  Q: Float64Array,
  q: Float64Array,
  yy: number,
  p: number,
  o: CoordinateDescentOptions,
  w0?: Float64Array,
): CoordinateDescentResult {
  const { l1: alpha, l2: beta, maxIter, rng } = o;
  const w = w0 === undefined ? new Float64Array(p) : Float64Array.from(w0);
  // H = Q w, kept up to date
  const H = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const wj = w[j] as number;
    if (wj === 0) continue;
    const row = j * p;
    for (let k = 0; k < p; k++) H[k] = (H[k] as number) + wj * (Q[row + k] as number);
  }
  const dwTol = o.tol;
  const tol = o.tol * yy;
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
      const row = ii * p;
      const qii = Q[row + ii] as number;
      if (qii === 0) continue;
      const wOld = w[ii] as number;
      if (wOld !== 0) for (let k = 0; k < p; k++) H[k] = (H[k] as number) - wOld * (Q[row + k] as number);
      const tmp = (q[ii] as number) - (H[ii] as number);
      const wNew = (Math.sign(tmp) * Math.max(Math.abs(tmp) - alpha, 0)) / (qii + beta);
      w[ii] = wNew;
      if (wNew !== 0) for (let k = 0; k < p; k++) H[k] = (H[k] as number) + wNew * (Q[row + k] as number);
      const dw = Math.abs(wNew - wOld);
      if (dw > dwMax) dwMax = dw;
      const aw = Math.abs(wNew);
      if (aw > wMax) wMax = aw;
    }
    if (wMax === 0 || dwMax / wMax < dwTol || nIter === maxIter - 1) {
      // the largest update was small: the duality gap decides
      gap = dualityGap(w, H, q, yy, alpha, beta);
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

/** The duality gap at w from the Gram quantities: ‖R‖² = ‖y‖² + wᵀQw - 2qᵀw, Xᵀ R = q - Qw. */
function dualityGap(w: Float64Array, H: Float64Array, q: Float64Array, yy: number, alpha: number, beta: number): number {
  const p = w.length;
  let qw = 0;
  let wH = 0;
  let wNorm2 = 0;
  let l1Norm = 0;
  let dualNorm = 0;
  for (let j = 0; j < p; j++) {
    const wj = w[j] as number;
    qw += wj * (q[j] as number);
    wH += wj * (H[j] as number);
    wNorm2 += wj * wj;
    l1Norm += Math.abs(wj);
    const a = Math.abs((q[j] as number) - (H[j] as number) - beta * wj);
    if (a > dualNorm) dualNorm = a;
  }
  const rNorm2 = yy + wH - 2 * qw;
  let scale = 1;
  let gap = rNorm2;
  if (dualNorm > alpha) {
    scale = alpha / dualNorm;
    gap = 0.5 * (rNorm2 + rNorm2 * scale * scale);
  }
  return gap + alpha * l1Norm - scale * yy + scale * qw + 0.5 * beta * (1 + scale * scale) * wNorm2;
}
