/**
 * Dual coordinate descent for the L1- and L2-loss linear SVM (Hsieh et al., ICML 2008,
 * Algorithm 3; liblinear's `solve_l2r_l1l2_svc`): one dual variable at a time in a
 * random order drawn afresh each pass, with shrinking of the variables stuck at a
 * bound and liblinear's stopping rule (the spread of the projected gradient below eps).
 *
 * This is the plain-JavaScript version, step for step liblinear's; the WebAssembly
 * kernel (`wasm/assembly/_liblinear-dual.ts`) runs the same steps and is checked
 * against it.
 */
import { throwIfAborted } from '../linear/linear-model.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';
import { SolverType } from './liblinear-problem.js';

/** The per-instance constants of the dual: the diagonal shift and the upper bound. */
export function svcDualBounds(prob: Problem, Cp: number, Cn: number, l1Loss: boolean): { diag: Float64Array; upper: Float64Array; QD: Float64Array } {
  const { x, l, n, y, W } = prob;
  const diag = new Float64Array(l);
  const upper = new Float64Array(l);
  const QD = new Float64Array(l);
  for (let i = 0; i < l; i++) {
    const C = W[i] * (y[i] > 0 ? Cp : Cn);
    diag[i] = l1Loss ? 0 : 0.5 / C;
    upper[i] = l1Loss ? C : Infinity;
    let q = diag[i];
    const o = i * n;
    for (let j = 0; j < n; j++) q += x[o + j] * x[o + j];
    QD[i] = q;
  }
  return { diag, upper, QD };
}

/** `solve_l2r_l1l2_svc`: fills `w` (from zero), returns the passes run. */
export function solveL2rL1l2Svc(prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings): number {
  const { x, l, n } = prob;
  const { eps, maxIter, random } = settings;
  const { diag, upper, QD } = svcDualBounds(prob, Cp, Cn, settings.solverType === SolverType.L2R_L1LOSS_SVC_DUAL);
  const y = new Int8Array(l);
  for (let i = 0; i < l; i++) y[i] = prob.y[i] > 0 ? 1 : -1;
  const alpha = new Float64Array(l);
  const index = new Int32Array(l);
  for (let i = 0; i < l; i++) index[i] = i;
  w.fill(0);
  let activeSize = l;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  let iter = 0;
  while (iter < maxIter) {
    throwIfAborted(settings.signal, 'liblinear');
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let i = 0; i < activeSize; i++) {
      const j = i + random.boundedRandInt(activeSize - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s];
      const yi = y[i];
      const o = i * n;
      let G = 0;
      for (let j = 0; j < n; j++) G += w[j] * x[o + j];
      G = G * yi - 1;
      const C = upper[i];
      G += alpha[i] * diag[i];
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > PGmaxOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else if (alpha[i] === C) {
        if (G < PGminOld) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = i;
          s--;
          continue;
        } else if (G > 0) PG = G;
      } else PG = G;
      PGmaxNew = Math.max(PGmaxNew, PG);
      PGminNew = Math.min(PGminNew, PG);
      if (Math.abs(PG) > 1.0e-12) {
        const alphaOld = alpha[i];
        alpha[i] = Math.min(Math.max(alpha[i] - G / QD[i], 0.0), C);
        const d = (alpha[i] - alphaOld) * yi;
        for (let j = 0; j < n; j++) w[j] += d * x[o + j];
      }
    }
    iter++;
    if (PGmaxNew - PGminNew <= eps) {
      if (activeSize === l) break;
      activeSize = l;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew;
    PGminOld = PGminNew;
    if (PGmaxOld <= 0) PGmaxOld = Infinity;
    if (PGminOld >= 0) PGminOld = -Infinity;
  }
  return iter;
}
