/**
 * Plain-JavaScript references the SVM's WebAssembly kernels are held to: libsvm's kernel
 * formulas (training through squared norms, as libsvm's `Kernel` does; prediction by
 * differences, as its `k_function` does) and its working-set selection, written the
 * slow, obvious way.
 */
import { DenseMatrix } from '../../../lib/core/data.js';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { Rng } from '../../../lib/core/rng.js';

export function randomMatrix(rows: number, cols: number, seed: number, scale = 1): DenseMatrix {
  const rng = new Rng(seed);
  const values = new Float64Array(rows * cols);
  for (let k = 0; k < values.length; k++) values[k] = scale * rng.normal();
  return new DenseMatrix(values, rows, cols);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let f = 0; f < a.length; f++) sum += a[f]! * b[f]!;
  return sum;
}

/** libsvm's powi. */
function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** libsvm's training kernel (the rbf through |a|² + |b|² − 2 a·b), in double. */
export function trainingKernel(kernel: Kernel, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { gamma, coef0, degree } = kernel;
  switch (kernel.kernel) {
    case 'linear':
      return dot(a, b);
    case 'poly':
      return powi(gamma * dot(a, b) + coef0, degree);
    case 'rbf':
      return Math.exp(-gamma * (dot(a, a) + dot(b, b) - 2 * dot(a, b)));
    case 'sigmoid':
      return Math.tanh(gamma * dot(a, b) + coef0);
  }
}

/** libsvm's prediction kernel `k_function` (the rbf by differences), in double. */
export function predictionKernel(kernel: Kernel, a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (kernel.kernel !== 'rbf') return trainingKernel(kernel, a, b);
  let sum = 0;
  for (let f = 0; f < a.length; f++) sum += (a[f]! - b[f]!) * (a[f]! - b[f]!);
  return Math.exp(-kernel.gamma * sum);
}

/** libsvm's first selection loop: the last t maximizing −y_t G_t over I_up. */
export function referenceMaxViolator(y: ArrayLike<number>, status: ArrayLike<number>, G: ArrayLike<number>): [number, number] {
  let gmax = -Infinity;
  let index = -1;
  for (let t = 0; t < G.length; t++) {
    const up = y[t] === 1 ? status[t] !== 1 : status[t] !== 0;
    if (up && -y[t]! * G[t]! >= gmax) {
      gmax = -y[t]! * G[t]!;
      index = t;
    }
  }
  return [index, gmax];
}

/** libsvm's second selection loop (status 0 lower bound, 1 upper bound, 2 free). */
export function referenceMinObjective(
  y: ArrayLike<number>,
  status: ArrayLike<number>,
  G: ArrayLike<number>,
  QD: ArrayLike<number>,
  Qi: ArrayLike<number>,
  gmax: number,
  qdi: number,
  yi: number,
): [number, number] {
  let gmax2 = -Infinity;
  let index = -1;
  let best = Infinity;
  for (let j = 0; j < G.length; j++) {
    const low = y[j] === 1 ? status[j] !== 0 : status[j] !== 1;
    if (!low) continue;
    const yg = y[j]! * G[j]!;
    if (yg >= gmax2) gmax2 = yg;
    const gradDiff = gmax + yg;
    if (gradDiff > 0) {
      const quad = y[j] === 1 ? qdi + QD[j]! - 2 * yi * Qi[j]! : qdi + QD[j]! + 2 * yi * Qi[j]!;
      const obj = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / 1e-12;
      if (obj <= best) {
        best = obj;
        index = j;
      }
    }
  }
  return [index, gmax2];
}
