/**
 * Dual coordinate descent for L2-regularized logistic regression (Yu, Huang and Lin,
 * MLJ 2010, Algorithm 5; liblinear's `solve_l2r_lr_dual`): each dual variable is
 * optimized by a few Newton steps on its one-variable subproblem, in a random order
 * drawn afresh each pass.
 */
import { throwIfAborted } from '../linear/linear-model.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';

/** `solve_l2r_lr_dual`: fills `w`, returns the passes run. */
export function solveL2rLrDual(prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings): number {
  const { x, l, n, W } = prob;
  const { eps, maxIter, random } = settings;
  const maxInnerIter = 100;
  let innerEps = 1e-2;
  const innerEpsMin = Math.min(1e-8, eps);
  const y = new Int8Array(l);
  const upper = new Float64Array(l);
  const xTx = new Float64Array(l);
  const index = new Int32Array(l);
  // alpha[2i] and alpha[2i + 1] = upper - alpha[2i]
  const alpha = new Float64Array(2 * l);
  for (let i = 0; i < l; i++) {
    if (prob.y[i] > 0) {
      upper[i] = W[i] * Cp;
      y[i] = 1;
    } else {
      upper[i] = W[i] * Cn;
      y[i] = -1;
    }
    alpha[2 * i] = Math.min(0.001 * upper[i], 1e-8);
    alpha[2 * i + 1] = upper[i] - alpha[2 * i];
  }
  w.fill(0);
  for (let i = 0; i < l; i++) {
    const o = i * n;
    let q = 0;
    for (let j = 0; j < n; j++) {
      const v = x[o + j];
      q += v * v;
      w[j] += y[i] * alpha[2 * i] * v;
    }
    xTx[i] = q;
    index[i] = i;
  }
  let iter = 0;
  while (iter < maxIter) {
    throwIfAborted(settings.signal, 'liblinear');
    for (let i = 0; i < l; i++) {
      const j = i + random.boundedRandInt(l - i);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    let newtonIter = 0;
    let Gmax = 0;
    for (let s = 0; s < l; s++) {
      const i = index[s];
      const yi = y[i];
      const C = upper[i];
      const o = i * n;
      let ywTx = 0;
      for (let j = 0; j < n; j++) ywTx += w[j] * x[o + j];
      ywTx *= yi;
      const a = xTx[i];
      const b = ywTx;
      let ind1 = 2 * i;
      let ind2 = 2 * i + 1;
      let sign = 1;
      if (0.5 * a * (alpha[ind2] - alpha[ind1]) + b < 0) {
        ind1 = 2 * i + 1;
        ind2 = 2 * i;
        sign = -1;
      }
      const alphaOld = alpha[ind1];
      let z = alphaOld;
      if (C - z < 0.5 * C) z = 0.1 * z;
      let gp = a * (z - alphaOld) + sign * b + Math.log(z / (C - z));
      Gmax = Math.max(Gmax, Math.abs(gp));
      const eta = 0.1;
      let innerIter = 0;
      while (innerIter <= maxInnerIter) {
        if (Math.abs(gp) < innerEps) break;
        const gpp = a + C / (C - z) / z;
        const tmpz = z - gp / gpp;
        if (tmpz <= 0) z *= eta;
        else z = tmpz;
        gp = a * (z - alphaOld) + sign * b + Math.log(z / (C - z));
        newtonIter++;
        innerIter++;
      }
      if (innerIter > 0) {
        alpha[ind1] = z;
        alpha[ind2] = C - z;
        const d = sign * (z - alphaOld) * yi;
        for (let j = 0; j < n; j++) w[j] += d * x[o + j];
      }
    }
    iter++;
    if (Gmax < eps) break;
    if (newtonIter <= l / 10) innerEps = Math.max(innerEpsMin, 0.1 * innerEps);
  }
  return iter;
}
