/**
 * newGLMNET for L1-regularized logistic regression (Yuan, Ho and Lin 2011; liblinear's
 * `solve_l1r_lr`): each outer Newton iteration minimizes a quadratic model of the loss
 * plus the L1 norm by coordinate descent (random order, shrinking), then takes a
 * backtracking line search on the true objective.
 */
import { throwIfAborted } from '../linear/linear-model.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';
import { columns } from './primal-cd-l1-svc.js';

/** `solve_l1r_lr`: fills `w` (from zero), returns the Newton iterations run. */
export function solveL1rLr(prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings): number {
  const { l, n, W } = prob;
  const { eps, random } = settings;
  const maxNewtonIter = settings.maxIter;
  const maxIter = 1000;
  const maxNumLinesearch = 20;
  const nu = 1e-12;
  let innerEps = 1;
  const sigma = 0.01;
  const xc = columns(prob, false);
  const y = new Int8Array(l);
  const C = new Float64Array(l);
  const expWTx = new Float64Array(l);
  const expWTxNew = new Float64Array(l);
  const tau = new Float64Array(l);
  const D = new Float64Array(l);
  const xTd = new Float64Array(l);
  const index = new Int32Array(n);
  const Hdiag = new Float64Array(n);
  const Grad = new Float64Array(n);
  const wpd = new Float64Array(n);
  const xjnegSum = new Float64Array(n);
  for (let i = 0; i < l; i++) {
    if (prob.y[i] > 0) {
      y[i] = 1;
      C[i] = W[i] * Cp;
    } else {
      y[i] = -1;
      C[i] = W[i] * Cn;
    }
  }
  w.fill(0);
  let wNorm = 0;
  for (let j = 0; j < n; j++) {
    wNorm += Math.abs(w[j]);
    wpd[j] = w[j];
    index[j] = j;
    const o = j * l;
    let neg = 0;
    for (let i = 0; i < l; i++) {
      const v = xc[o + i];
      if (v === 0) continue;
      expWTx[i] += w[j] * v;
      if (y[i] === -1) neg += C[i] * v;
    }
    xjnegSum[j] = neg;
  }
  for (let i = 0; i < l; i++) {
    expWTx[i] = Math.exp(expWTx[i]);
    const tauTmp = 1 / (1 + expWTx[i]);
    tau[i] = C[i] * tauTmp;
    D[i] = C[i] * expWTx[i] * tauTmp * tauTmp;
  }
  let newtonIter = 0;
  let Gnorm1Init = -1;
  let GmaxOld = Infinity;
  let QPnoChange = 0;
  while (newtonIter < maxNewtonIter) {
    throwIfAborted(settings.signal, 'liblinear');
    let GmaxNew = 0;
    let Gnorm1New = 0;
    let activeSize = n;
    for (let s = 0; s < activeSize; s++) {
      const j = index[s];
      const o = j * l;
      let h = nu;
      let tmp = 0;
      for (let i = 0; i < l; i++) {
        const v = xc[o + i];
        if (v === 0) continue;
        h += v * v * D[i];
        tmp += v * tau[i];
      }
      Hdiag[j] = h;
      Grad[j] = -tmp + xjnegSum[j];
      const Gp = Grad[j] + 1;
      const Gn = Grad[j] - 1;
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
    }
    if (newtonIter === 0) Gnorm1Init = Gnorm1New;
    if (Gnorm1New <= eps * Gnorm1Init || QPnoChange >= 10) break;
    QPnoChange++;
    let iter = 0;
    let QPGmaxOld = Infinity;
    let QPactiveSize = activeSize;
    xTd.fill(0);
    while (iter < maxIter) {
      let QPGmaxNew = 0;
      let QPGnorm1New = 0;
      for (let j = 0; j < QPactiveSize; j++) {
        const i = j + random.boundedRandInt(QPactiveSize - j);
        const t = index[i];
        index[i] = index[j];
        index[j] = t;
      }
      for (let s = 0; s < QPactiveSize; s++) {
        const j = index[s];
        const H = Hdiag[j];
        const o = j * l;
        let G = Grad[j] + (wpd[j] - w[j]) * nu;
        for (let i = 0; i < l; i++) {
          const v = xc[o + i];
          if (v !== 0) G += v * D[i] * xTd[i];
        }
        const Gp = G + 1;
        const Gn = G - 1;
        let violation = 0;
        if (wpd[j] === 0) {
          if (Gp < 0) violation = -Gp;
          else if (Gn > 0) violation = Gn;
          else if (Gp > QPGmaxOld / l && Gn < -QPGmaxOld / l) {
            QPactiveSize--;
            index[s] = index[QPactiveSize];
            index[QPactiveSize] = j;
            s--;
            continue;
          }
        } else if (wpd[j] > 0) violation = Math.abs(Gp);
        else violation = Math.abs(Gn);
        let z: number;
        if (Gp < H * wpd[j]) z = -Gp / H;
        else if (Gn > H * wpd[j]) z = -Gn / H;
        else z = -wpd[j];
        if (Math.abs(z) < 1.0e-12) continue;
        z = Math.min(Math.max(z, -10.0), 10.0);
        QPnoChange = 0;
        QPGmaxNew = Math.max(QPGmaxNew, violation);
        QPGnorm1New += violation;
        wpd[j] += z;
        for (let i = 0; i < l; i++) {
          const v = xc[o + i];
          if (v !== 0) xTd[i] += v * z;
        }
      }
      iter++;
      if (QPGnorm1New <= innerEps * Gnorm1Init) {
        if (QPactiveSize === activeSize) break;
        QPactiveSize = activeSize;
        QPGmaxOld = Infinity;
        continue;
      }
      QPGmaxOld = QPGmaxNew;
    }
    let delta = 0;
    let wNormNew = 0;
    for (let j = 0; j < n; j++) {
      delta += Grad[j] * (wpd[j] - w[j]);
      if (wpd[j] !== 0) wNormNew += Math.abs(wpd[j]);
    }
    delta += wNormNew - wNorm;
    let negsumXTd = 0;
    for (let i = 0; i < l; i++) if (y[i] === -1) negsumXTd += C[i] * xTd[i];
    let numLinesearch: number;
    for (numLinesearch = 0; numLinesearch < maxNumLinesearch; numLinesearch++) {
      let cond = wNormNew - wNorm + negsumXTd - sigma * delta;
      for (let i = 0; i < l; i++) {
        const expXTd = Math.exp(xTd[i]);
        expWTxNew[i] = expWTx[i] * expXTd;
        cond += C[i] * Math.log((1 + expWTxNew[i]) / (expXTd + expWTxNew[i]));
      }
      if (cond <= 0) {
        wNorm = wNormNew;
        w.set(wpd);
        for (let i = 0; i < l; i++) {
          expWTx[i] = expWTxNew[i];
          const tauTmp = 1 / (1 + expWTx[i]);
          tau[i] = C[i] * tauTmp;
          D[i] = C[i] * expWTx[i] * tauTmp * tauTmp;
        }
        break;
      }
      wNormNew = 0;
      for (let j = 0; j < n; j++) {
        wpd[j] = (w[j] + wpd[j]) * 0.5;
        if (wpd[j] !== 0) wNormNew += Math.abs(wpd[j]);
      }
      delta *= 0.5;
      negsumXTd *= 0.5;
      for (let i = 0; i < l; i++) xTd[i] *= 0.5;
    }
    if (numLinesearch >= maxNumLinesearch) {
      expWTx.fill(0);
      for (let j = 0; j < n; j++) {
        if (w[j] === 0) continue;
        const o = j * l;
        for (let i = 0; i < l; i++) {
          const v = xc[o + i];
          if (v !== 0) expWTx[i] += w[j] * v;
        }
      }
      for (let i = 0; i < l; i++) expWTx[i] = Math.exp(expWTx[i]);
    }
    if (iter === 1) innerEps *= 0.25;
    newtonIter++;
    GmaxOld = GmaxNew;
  }
  return newtonIter;
}
