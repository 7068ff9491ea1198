/**
 * The multi-class SVM of Crammer and Singer by coordinate descent (Keerthi et al. 2008;
 * liblinear's `Solver_MCSVM_CS`, appendix of Fan et al. 2008): one instance's K dual
 * variables at a time, a closed-form subproblem, shrinking, in a random order drawn
 * afresh each pass.
 */
import { throwIfAborted } from '../linear/linear-model.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';

/** liblinear's default iteration limit for this solver (scikit-learn does not pass max_iter to it). */
const MAX_ITER = 100000;

/**
 * `Solver_MCSVM_CS::Solve`: fills `w` (`n × nrClass`, interleaved `w[j · nrClass + c]`),
 * returns the passes run. `prob.y` holds class indices.
 */
export function solveCrammerSinger(prob: Problem, nrClass: number, weightedC: Float64Array, w: Float64Array, settings: SolverSettings): number {
  const { x, l, n } = prob;
  const { eps, random } = settings;
  const K = nrClass;
  const C = new Float64Array(l);
  for (let i = 0; i < l; i++) C[i] = prob.W[i] * weightedC[prob.y[i]];
  const B = new Float64Array(K);
  const G = new Float64Array(K);
  const alpha = new Float64Array(l * K);
  const alphaNew = new Float64Array(K);
  const index = new Int32Array(l);
  const QD = new Float64Array(l);
  const dInd = new Int32Array(K);
  const dVal = new Float64Array(K);
  const alphaIndex = new Int32Array(K * l);
  const yIndex = new Int32Array(l);
  const activeSizeI = new Int32Array(l);
  let epsShrink = Math.max(10.0 * eps, 1.0);
  let startFromAll = true;
  let activeSize = l;
  w.fill(0);
  for (let i = 0; i < l; i++) {
    for (let m = 0; m < K; m++) alphaIndex[i * K + m] = m;
    let q = 0;
    const o = i * n;
    for (let j = 0; j < n; j++) q += x[o + j] * x[o + j];
    QD[i] = q;
    activeSizeI[i] = K;
    yIndex[i] = prob.y[i];
    index[i] = i;
  }
  const beShrunk = (i: number, m: number, yi: number, alphaI: number, minG: number): boolean => {
    const bound = m === yi ? C[i] : 0;
    return alphaI === bound && G[m] < minG;
  };
  let iter = 0;
  while (iter < MAX_ITER) {
    throwIfAborted(settings.signal, 'liblinear');
    let stopping = -Infinity;
    for (let i = 0; i < activeSize; i++) {
      const j = i + random.boundedRandInt(activeSize - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s];
      const Ai = QD[i];
      const ai = i * K;
      if (!(Ai > 0)) continue;
      for (let m = 0; m < activeSizeI[i]; m++) G[m] = 1;
      if (yIndex[i] < activeSizeI[i]) G[yIndex[i]] = 0;
      const o = i * n;
      for (let j = 0; j < n; j++) {
        const v = x[o + j];
        if (v === 0) continue;
        const wj = j * K;
        for (let m = 0; m < activeSizeI[i]; m++) G[m] += w[wj + alphaIndex[ai + m]] * v;
      }
      let minG = Infinity;
      let maxG = -Infinity;
      for (let m = 0; m < activeSizeI[i]; m++) {
        if (alpha[ai + alphaIndex[ai + m]] < 0 && G[m] < minG) minG = G[m];
        if (G[m] > maxG) maxG = G[m];
      }
      if (yIndex[i] < activeSizeI[i]) {
        if (alpha[ai + prob.y[i]] < C[i] && G[yIndex[i]] < minG) minG = G[yIndex[i]];
      }
      for (let m = 0; m < activeSizeI[i]; m++) {
        if (beShrunk(i, m, yIndex[i], alpha[ai + alphaIndex[ai + m]], minG)) {
          activeSizeI[i]--;
          while (activeSizeI[i] > m) {
            const last = activeSizeI[i];
            if (!beShrunk(i, last, yIndex[i], alpha[ai + alphaIndex[ai + last]], minG)) {
              const ta = alphaIndex[ai + m];
              alphaIndex[ai + m] = alphaIndex[ai + last];
              alphaIndex[ai + last] = ta;
              const tg = G[m];
              G[m] = G[last];
              G[last] = tg;
              if (yIndex[i] === last) yIndex[i] = m;
              else if (yIndex[i] === m) yIndex[i] = last;
              break;
            }
            activeSizeI[i]--;
          }
        }
      }
      if (activeSizeI[i] <= 1) {
        activeSize--;
        index[s] = index[activeSize];
        index[activeSize] = i;
        s--;
        continue;
      }
      if (maxG - minG <= 1e-12) continue;
      stopping = Math.max(maxG - minG, stopping);
      const active = activeSizeI[i];
      for (let m = 0; m < active; m++) B[m] = G[m] - Ai * alpha[ai + alphaIndex[ai + m]];
      solveSubProblem(B, Ai, yIndex[i], C[i], active, alphaNew);
      let nzD = 0;
      for (let m = 0; m < active; m++) {
        const k = alphaIndex[ai + m];
        const d = alphaNew[m] - alpha[ai + k];
        alpha[ai + k] = alphaNew[m];
        if (Math.abs(d) >= 1e-12) {
          dInd[nzD] = k;
          dVal[nzD] = d;
          nzD++;
        }
      }
      for (let j = 0; j < n; j++) {
        const v = x[o + j];
        if (v === 0) continue;
        const wj = j * K;
        for (let m = 0; m < nzD; m++) w[wj + dInd[m]] += dVal[m] * v;
      }
    }
    iter++;
    if (stopping < epsShrink) {
      if (stopping < eps && startFromAll) break;
      activeSize = l;
      for (let i = 0; i < l; i++) activeSizeI[i] = K;
      epsShrink = Math.max(epsShrink / 2, eps);
      startFromAll = true;
    } else {
      startFromAll = false;
    }
  }
  return iter;
}

/** `solve_sub_problem`: the closed-form update of one instance's active dual variables. */
function solveSubProblem(B: Float64Array, Ai: number, yi: number, Cyi: number, active: number, alphaNew: Float64Array): void {
  const D = Array.from(B.subarray(0, active));
  if (yi < active) D[yi] += Ai * Cyi;
  // qsort in decreasing order (ties keep no particular order; equal values are interchangeable)
  D.sort((a, b) => b - a);
  let beta = D[0] - Ai * Cyi;
  let r: number;
  for (r = 1; r < active && beta < r * D[r]; r++) beta += D[r];
  beta /= r;
  for (let k = 0; k < active; k++) {
    if (k === yi) alphaNew[k] = Math.min(Cyi, (beta - B[k]) / Ai);
    else alphaNew[k] = Math.min(0, (beta - B[k]) / Ai);
  }
}
