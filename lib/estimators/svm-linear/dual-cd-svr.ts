/**
 * Dual coordinate descent for the L1- and L2-loss linear SVR (Ho and Lin 2012,
 * Algorithm 4; liblinear's `solve_l2r_l1l2_svr`): one dual variable β_i at a time in a
 * random order drawn afresh each pass, with shrinking and liblinear's stopping rule (the
 * summed violation below `eps` times its value after the first pass).
 */
import { throwIfAborted } from '../linear/linear-model.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';
import { SolverType } from './liblinear-problem.js';

/** `solve_l2r_l1l2_svr`: fills `w` (from zero), returns the passes run. */
export function solveL2rL1l2Svr(prob: Problem, w: Float64Array, _Cp: number, _Cn: number, settings: SolverSettings): number {
  const { x, l, n, y, W } = prob;
  const { eps, maxIter, random, C, p } = settings;
  const l1Loss = settings.solverType === SolverType.L2R_L1LOSS_SVR_DUAL;
  const lambda = new Float64Array(l);
  const upper = new Float64Array(l);
  const QD = new Float64Array(l);
  const beta = new Float64Array(l);
  const index = new Int32Array(l);
  for (let i = 0; i < l; i++) {
    const Ci = W[i] * C;
    lambda[i] = l1Loss ? 0 : 0.5 / Ci;
    upper[i] = l1Loss ? Ci : Infinity;
    let q = 0;
    const o = i * n;
    for (let j = 0; j < n; j++) q += x[o + j] * x[o + j];
    QD[i] = q;
    index[i] = i;
  }
  w.fill(0);
  let activeSize = l;
  let GmaxOld = Infinity;
  let Gnorm1Init = -1;
  let iter = 0;
  while (iter < maxIter) {
    throwIfAborted(settings.signal, 'liblinear');
    let GmaxNew = 0;
    let Gnorm1New = 0;
    for (let i = 0; i < activeSize; i++) {
      const j = i + random.boundedRandInt(activeSize - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s];
      let G = -y[i] + lambda[i] * beta[i];
      const H = QD[i] + lambda[i];
      const o = i * n;
      for (let j = 0; j < n; j++) G += x[o + j] * w[j];
      const Gp = G + p;
      const Gn = G - p;
      let violation = 0;
      if (beta[i] === 0) {
        if (Gp < 0) violation = -Gp;
        else if (Gn > 0) violation = Gn;
        else if (Gp > GmaxOld && Gn < -GmaxOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        }
      } else if (beta[i] >= upper[i]) {
        if (Gp > 0) violation = Gp;
        else if (Gp < -GmaxOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        }
      } else if (beta[i] <= -upper[i]) {
        if (Gn < 0) violation = -Gn;
        else if (Gn > GmaxOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        }
      } else if (beta[i] > 0) violation = Math.abs(Gp);
      else violation = Math.abs(Gn);
      GmaxNew = Math.max(GmaxNew, violation);
      Gnorm1New += violation;
      let d: number;
      if (Gp < H * beta[i]) d = -Gp / H;
      else if (Gn > H * beta[i]) d = -Gn / H;
      else d = -beta[i];
      if (Math.abs(d) < 1.0e-12) continue;
      const betaOld = beta[i];
      beta[i] = Math.min(Math.max(beta[i] + d, -upper[i]), upper[i]);
      d = beta[i] - betaOld;
      if (d !== 0) for (let j = 0; j < n; j++) w[j] += d * x[o + j];
    }
    if (iter === 0) Gnorm1Init = Gnorm1New;
    iter++;
    if (Gnorm1New <= eps * Gnorm1Init) {
      if (activeSize === l) break;
      activeSize = l;
      GmaxOld = Infinity;
      continue;
    }
    GmaxOld = GmaxNew;
  }
  return iter;
}
