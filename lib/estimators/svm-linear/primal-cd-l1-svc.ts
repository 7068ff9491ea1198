/**
 * Coordinate descent for the L1-regularized L2-loss linear SVM (Yuan et al. 2010;
 * liblinear's `solve_l1r_l2_svc`): one weight at a time in a random order drawn afresh
 * each pass, a one-variable Newton direction with a backtracking line search, shrinking
 * of the weights that stay at zero, and liblinear's stopping rule.
 */
import { throwIfAborted } from '../linear/linear-model.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';

/** The columns of a problem's rows, each contiguous (liblinear's `transpose`), times the labels when `signed`. */
export function columns(prob: Problem, signed: boolean): Float64Array {
  const { x, l, n, y } = prob;
  const out = new Float64Array(l * n);
  for (let i = 0; i < l; i++) {
    const o = i * n;
    const s = signed ? (y[i] > 0 ? 1 : -1) : 1;
    for (let j = 0; j < n; j++) out[j * l + i] = x[o + j] * s;
  }
  return out;
}

/** `solve_l1r_l2_svc`: fills `w` (from zero), returns the passes run. */
export function solveL1rL2Svc(prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings): number {
  const { l, n, W } = prob;
  const { eps, maxIter, random } = settings;
  const maxNumLinesearch = 20;
  const sigma = 0.01;
  // column j holds y_i x_ij
  const xc = columns(prob, true);
  const C = new Float64Array(l);
  const b = new Float64Array(l).fill(1);
  for (let i = 0; i < l; i++) C[i] = W[i] * (prob.y[i] > 0 ? Cp : Cn);
  const index = new Int32Array(n);
  const xjSq = new Float64Array(n);
  w.fill(0);
  for (let j = 0; j < n; j++) {
    index[j] = j;
    const o = j * l;
    let s = 0;
    for (let i = 0; i < l; i++) {
      const v = xc[o + i];
      b[i] -= w[j] * v;
      s += C[i] * v * v;
    }
    xjSq[j] = s;
  }
  let activeSize = n;
  let GmaxOld = Infinity;
  let Gnorm1Init = -1;
  let iter = 0;
  while (iter < maxIter) {
    throwIfAborted(settings.signal, 'liblinear');
    let GmaxNew = 0;
    let Gnorm1New = 0;
    for (let j = 0; j < activeSize; j++) {
      const i = j + random.boundedRandInt(activeSize - j);
      const t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const j = index[s];
      const o = j * l;
      let Gloss = 0;
      let H = 0;
      for (let i = 0; i < l; i++) {
        if (b[i] > 0) {
          const v = xc[o + i];
          const tmp = C[i] * v;
          Gloss -= tmp * b[i];
          H += tmp * v;
        }
      }
      Gloss *= 2;
      const G = Gloss;
      H *= 2;
      H = Math.max(H, 1e-12);
      const Gp = G + 1;
      const Gn = G - 1;
      let violation = 0;
      if (w[j] === 0) {
        if (Gp < 0) violation = -Gp;
        else if (Gn > 0) violation = Gn;
        else if (Gp > GmaxOld / l && Gn < -GmaxOld / l) {
          activeSize--;
          index[s] = index[activeSize];
          index[activeSize] = j;
          s--;
          continue;
        }
      } else if (w[j] > 0) violation = Math.abs(Gp);
      else violation = Math.abs(Gn);
      GmaxNew = Math.max(GmaxNew, violation);
      Gnorm1New += violation;
      let d: number;
      if (Gp < H * w[j]) d = -Gp / H;
      else if (Gn > H * w[j]) d = -Gn / H;
      else d = -w[j];
      if (Math.abs(d) < 1.0e-12) continue;
      let delta = Math.abs(w[j] + d) - Math.abs(w[j]) + G * d;
      let dOld = 0;
      let numLinesearch: number;
      let lossOld = 0;
      let lossNew = 0;
      for (numLinesearch = 0; numLinesearch < maxNumLinesearch; numLinesearch++) {
        const dDiff = dOld - d;
        let cond = Math.abs(w[j] + d) - Math.abs(w[j]) - sigma * delta;
        const appxcond = xjSq[j] * d * d + Gloss * d + cond;
        if (appxcond <= 0) {
          for (let i = 0; i < l; i++) b[i] += dDiff * xc[o + i];
          break;
        }
        // over the nonzero entries of the column only, as liblinear's sparse column
        if (numLinesearch === 0) {
          lossOld = 0;
          lossNew = 0;
          for (let i = 0; i < l; i++) {
            const v = xc[o + i];
            if (v === 0) continue;
            if (b[i] > 0) lossOld += C[i] * b[i] * b[i];
            const bNew = b[i] + dDiff * v;
            b[i] = bNew;
            if (bNew > 0) lossNew += C[i] * bNew * bNew;
          }
        } else {
          lossNew = 0;
          for (let i = 0; i < l; i++) {
            const v = xc[o + i];
            if (v === 0) continue;
            const bNew = b[i] + dDiff * v;
            b[i] = bNew;
            if (bNew > 0) lossNew += C[i] * bNew * bNew;
          }
        }
        cond = cond + lossNew - lossOld;
        if (cond <= 0) break;
        dOld = d;
        d *= 0.5;
        delta *= 0.5;
      }
      w[j] += d;
      if (numLinesearch >= maxNumLinesearch) {
        b.fill(1);
        for (let k = 0; k < n; k++) {
          if (w[k] === 0) continue;
          const ok = k * l;
          for (let i = 0; i < l; i++) b[i] -= w[k] * xc[ok + i];
        }
      }
    }
    if (iter === 0) Gnorm1Init = Gnorm1New;
    iter++;
    if (Gnorm1New <= eps * Gnorm1Init) {
      if (activeSize === n) break;
      activeSize = n;
      GmaxOld = Infinity;
      continue;
    }
    GmaxOld = GmaxNew;
  }
  return iter;
}
