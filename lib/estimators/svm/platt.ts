/**
 * Probability estimates for support vector classifiers, as libsvm computes them:
 * Platt's sigmoid fitted on cross-validated decision values (Lin, Lin and Weng's
 * improved algorithm, `sigmoid_train`) and pairwise coupling of the one-vs-one
 * probabilities (Wu, Lin and Weng's method 2, `multiclass_probability`).
 */

/** The fitted sigmoid `P(positive | f) = 1 / (1 + exp(A·f + B))`. */
export interface Sigmoid {
  readonly A: number;
  readonly B: number;
}

/**
 * Fits Platt's sigmoid to decision values `f` with `positive[i]` telling whether
 * sample i is of the positive class (libsvm's `sigmoid_train`, step for step).
 */
export function sigmoidTrain(f: Float64Array, positive: ArrayLike<boolean>): Sigmoid {
  const l = f.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < l; i++) {
    if (positive[i]) prior1 += 1;
    else prior0 += 1;
  }
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  let fval = 0;
  for (let i = 0; i < l; i++) {
    t[i] = positive[i] ? hiTarget : loTarget;
    const fApB = f[i] * A + B;
    fval += fApB >= 0 ? t[i] * fApB + Math.log(1 + Math.exp(-fApB)) : (t[i] - 1) * fApB + Math.log(1 + Math.exp(fApB));
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const fApB = f[i] * A + B;
      let p: number;
      let q: number;
      if (fApB >= 0) {
        p = Math.exp(-fApB) / (1 + Math.exp(-fApB));
        q = 1 / (1 + Math.exp(-fApB));
      } else {
        p = 1 / (1 + Math.exp(fApB));
        q = Math.exp(fApB) / (1 + Math.exp(fApB));
      }
      const d2 = p * q;
      h11 += f[i] * f[i] * d2;
      h22 += d2;
      h21 += f[i] * d2;
      const d1 = t[i] - p;
      g1 += f[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let stepsize = 1;
    while (stepsize >= minStep) {
      const newA = A + stepsize * dA;
      const newB = B + stepsize * dB;
      let newf = 0;
      for (let i = 0; i < l; i++) {
        const fApB = f[i] * newA + newB;
        newf += fApB >= 0 ? t[i] * fApB + Math.log(1 + Math.exp(-fApB)) : (t[i] - 1) * fApB + Math.log(1 + Math.exp(fApB));
      }
      if (newf < fval + 0.0001 * stepsize * gd) {
        A = newA;
        B = newB;
        fval = newf;
        break;
      }
      stepsize /= 2;
    }
    if (stepsize < minStep) break; // line search failed: keep the last point, as libsvm does
  }
  return { A, B };
}

/** The sigmoid's probability of the positive class (libsvm's `sigmoid_predict`). */
export function sigmoidPredict(f: number, { A, B }: Sigmoid): number {
  const fApB = f * A + B;
  // 1 - p is used later: avoid catastrophic cancellation
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/**
 * Class probabilities from pairwise ones (libsvm's `multiclass_probability`):
 * `r[i * k + j]` is the probability of class i against class j.
 *
 * @returns k probabilities summing to one.
 */
export function multiclassProbability(k: number, r: Float64Array): Float64Array {
  const p = new Float64Array(k).fill(1 / k);
  const Q = new Float64Array(k * k);
  const Qp = new Float64Array(k);
  const maxIter = Math.max(100, k);
  const eps = 0.005 / k;
  for (let t = 0; t < k; t++) {
    Q[t * k + t] = 0;
    for (let j = 0; j < t; j++) {
      Q[t * k + t] += r[j * k + t] * r[j * k + t];
      Q[t * k + j] = Q[j * k + t];
    }
    for (let j = t + 1; j < k; j++) {
      Q[t * k + t] += r[j * k + t] * r[j * k + t];
      Q[t * k + j] = -r[j * k + t] * r[t * k + j];
    }
  }
  for (let iter = 0; iter < maxIter; iter++) {
    // stopping condition: recompute Qp and pQp for numerical accuracy
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      Qp[t] = 0;
      for (let j = 0; j < k; j++) Qp[t] += Q[t * k + j] * p[j];
      pQp += p[t] * Qp[t];
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t] - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t] + pQp) / Q[t * k + t];
      p[t] += diff;
      pQp = (pQp + diff * (diff * Q[t * k + t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j] + diff * Q[t * k + j]) / (1 + diff);
        p[j] /= 1 + diff;
      }
    }
  }
  return p;
}
