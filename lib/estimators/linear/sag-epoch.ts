/**
 * One epoch of scikit-learn's SAG and SAGA solvers (`sag64` in `_sag_fast.pyx.tp`), in
 * its order of operations: samples drawn with replacement from the dataset's `rand_r`
 * generator, the just-in-time ("lagged") updates of the weights from cumulative sums,
 * the L2 penalty as a running scale, SAGA's proximal L1 step (soft thresholding), the
 * gradient memory of every sample and the intercept's own sums.
 *
 * This is the plain-JavaScript version: the reference the WebAssembly kernel
 * (`wasm/assembly/_sag-epoch.ts`) is checked against, and the fallback when the
 * kernels' memory cannot hold the rows. `exp` and `log` are the kernels' (glibc's
 * results).
 */
import { libm } from './sgd-kernel.js';

/** The rows and targets (row-major `n × p`; targets ±1, or class codes for the multinomial loss). */
export interface SagData {
  readonly X: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly y: Float64Array;
  readonly sampleWeight: Float64Array;
}

/** What stays fixed during a fit. */
export interface SagConfig {
  /** Classes of the multinomial loss; 1 for the binary logistic loss. */
  readonly nClasses: number;
  readonly multinomial: boolean;
  readonly stepSize: number;
  /** L2 strength divided by n. */
  readonly alpha: number;
  /** L1 strength divided by n (SAGA only). */
  readonly beta: number;
  readonly fitIntercept: boolean;
  readonly saga: boolean;
}

/** The solver's memory (scikit-learn's arrays), carried from epoch to epoch. */
export interface SagState {
  /** `p × nClasses`, row-major (scikit-learn's `weights_array`). */
  readonly weights: Float64Array;
  readonly intercept: Float64Array;
  readonly sumGradient: Float64Array;
  /** `n × nClasses`. */
  readonly gradientMemory: Float64Array;
  readonly interceptSumGradient: Float64Array;
  readonly seen: Uint8Array;
  numSeen: number;
  /** The dataset's `rand_r` state. */
  seed: number;
  wscale: number;
  readonly cumulativeSums: Float64Array;
  readonly cumulativeSumsProx: Float64Array;
  readonly featureHist: Int32Array;
}

/** A fresh state for `n` samples, `p` features and `k` classes, seeded with the dataset's seed. */
export function sagState(n: number, p: number, k: number, seed: number): SagState {
  return {
    weights: new Float64Array(p * k),
    intercept: new Float64Array(k),
    sumGradient: new Float64Array(p * k),
    gradientMemory: new Float64Array(n * k),
    interceptSumGradient: new Float64Array(k),
    seen: new Uint8Array(n),
    numSeen: 0,
    seed: Math.max(seed, 1),
    wscale: 1,
    cumulativeSums: new Float64Array(n),
    cumulativeSumsProx: new Float64Array(n),
    featureHist: new Int32Array(p),
  };
}

/** `our_rand_r`: the next draw in [0, 2^31) from the state. */
function randR(state: SagState): number {
  let s = state.seed === 0 ? 1 : state.seed;
  s = (s ^ (s << 13)) >>> 0;
  s = (s ^ (s >>> 17)) >>> 0;
  s = (s ^ (s << 5)) >>> 0;
  state.seed = s;
  return s & 0x7fffffff;
}

/** `fmax(x - s, 0) - fmax(-x - s, 0)` with scikit-learn's `fmax` (`x > y ? x : y`). */
function softThreshold(x: number, shrinkage: number): number {
  const a = x - shrinkage;
  const b = -x - shrinkage;
  return (a > 0 ? a : 0) - (b > 0 ? b : 0);
}

/**
 * scikit-learn's `lagged_update`: brings the weights of `count` features (all of them
 * from 0 when `reset`) up to date at step `sampleItr`; with `reset`, also applies the
 * scale and restarts the cumulative sums. Returns false when a weight is not finite.
 */
export function laggedUpdate(state: SagState, config: SagConfig, count: number, sampleItr: number, n: number, reset: boolean): boolean {
  const { weights, sumGradient, cumulativeSums, cumulativeSumsProx, featureHist } = state;
  const k = config.nClasses;
  const prox = config.beta > 0 && config.saga;
  for (let f = 0; f < count; f++) {
    const fIdx = f * k;
    let cumSum = cumulativeSums[sampleItr - 1];
    let cumSumProx = prox ? cumulativeSumsProx[sampleItr - 1] : 0;
    if (featureHist[f] !== 0) {
      cumSum -= cumulativeSums[featureHist[f] - 1];
      if (prox) cumSumProx -= cumulativeSumsProx[featureHist[f] - 1];
    }
    for (let c = 0; c < k; c++) {
      const idx = fIdx + c;
      if (!prox) {
        weights[idx] -= cumSum * sumGradient[idx];
      } else if (Math.abs(sumGradient[idx] * cumSum) < cumSumProx) {
        weights[idx] -= cumSum * sumGradient[idx];
        weights[idx] = softThreshold(weights[idx], cumSumProx);
      } else {
        let last = featureHist[f];
        if (last === -1) last = sampleItr - 1;
        for (let lagged = sampleItr - 1; lagged > last - 1; lagged--) {
          let gradStep: number;
          let proxStep: number;
          if (lagged > 0) {
            gradStep = cumulativeSums[lagged] - cumulativeSums[lagged - 1];
            proxStep = cumulativeSumsProx[lagged] - cumulativeSumsProx[lagged - 1];
          } else {
            gradStep = cumulativeSums[lagged];
            proxStep = cumulativeSumsProx[lagged];
          }
          weights[idx] -= sumGradient[idx] * gradStep;
          weights[idx] = softThreshold(weights[idx], proxStep);
        }
      }
      if (reset) {
        weights[idx] *= state.wscale;
        if (!Number.isFinite(weights[idx])) return false;
      }
    }
    featureHist[f] = reset ? sampleItr % n : sampleItr;
  }
  if (reset) {
    cumulativeSums[sampleItr - 1] = 0;
    if (prox) cumulativeSumsProx[sampleItr - 1] = 0;
  }
  return true;
}

/** The gradient of the loss at the prediction (times the sample weight), into `gradient`. */
function lossGradient(prediction: Float64Array, y: number, sw: number, config: SagConfig, gradient: Float64Array): void {
  if (!config.multinomial) {
    const p = prediction[0];
    const z = p * y;
    let d: number;
    if (z > 18) d = libm.exp(-z) * -y;
    else if (z < -18) d = -y;
    else d = -y / (libm.exp(z) + 1);
    gradient[0] = d * sw;
    return;
  }
  const k = config.nClasses;
  let vmax = prediction[0];
  for (let c = 1; c < k; c++) if (vmax < prediction[c]) vmax = prediction[c];
  let sum = 0;
  for (let c = 0; c < k; c++) sum += libm.exp(prediction[c] - vmax);
  const logsumexp = libm.log(sum) + vmax;
  for (let c = 0; c < k; c++) {
    gradient[c] = libm.exp(prediction[c] - logsumexp);
    if (c === y) gradient[c] -= 1;
    gradient[c] *= sw;
  }
}

/**
 * One epoch (`n` samples drawn with replacement). Returns false when the weights or the
 * intercept overflow (scikit-learn then raises).
 */
export function sagEpoch(data: SagData, state: SagState, config: SagConfig): boolean {
  const { X, n, p, y, sampleWeight } = data;
  const { weights, intercept, sumGradient, gradientMemory, interceptSumGradient, seen, cumulativeSums, cumulativeSumsProx } = state;
  const { stepSize, beta, saga } = config;
  const k = config.nClasses;
  const prox = beta > 0 && saga;
  const wscaleUpdate = 1 - stepSize * config.alpha;
  const prediction = new Float64Array(k);
  const gradient = new Float64Array(k);
  for (let sampleItr = 0; sampleItr < n; sampleItr++) {
    const i = randR(state) % n;
    const sIdx = i * k;
    if (seen[i] === 0) {
      state.numSeen++;
      seen[i] = 1;
    }
    if (sampleItr > 0 && !laggedUpdate(state, config, p, sampleItr, n, false)) return false;
    const o = i * p;
    for (let c = 0; c < k; c++) {
      let inner = 0;
      for (let j = 0; j < p; j++) inner += weights[j * k + c] * X[o + j];
      prediction[c] = state.wscale * inner + intercept[c];
    }
    lossGradient(prediction, y[i], sampleWeight[i], config, gradient);
    state.wscale *= wscaleUpdate;
    const numSeen = state.numSeen;
    for (let j = 0; j < p; j++) {
      const val = X[o + j];
      const fIdx = j * k;
      for (let c = 0; c < k; c++) {
        const correction = val * (gradient[c] - gradientMemory[sIdx + c]);
        if (saga) weights[fIdx + c] -= (correction * stepSize * (1 - 1 / numSeen)) / state.wscale;
        sumGradient[fIdx + c] += correction;
      }
    }
    if (config.fitIntercept) {
      for (let c = 0; c < k; c++) {
        let correction = gradient[c] - gradientMemory[sIdx + c];
        interceptSumGradient[c] += correction;
        correction *= stepSize * (1 - 1 / numSeen);
        // scikit-learn's intercept_decay is 1 for dense rows
        if (saga) intercept[c] -= (stepSize * interceptSumGradient[c]) / numSeen + correction;
        else intercept[c] -= (stepSize * interceptSumGradient[c]) / numSeen;
        if (!Number.isFinite(intercept[c])) return false;
      }
    }
    for (let c = 0; c < k; c++) gradientMemory[sIdx + c] = gradient[c];
    if (sampleItr === 0) {
      cumulativeSums[0] = stepSize / (state.wscale * numSeen);
      if (prox) cumulativeSumsProx[0] = (stepSize * beta) / state.wscale;
    } else {
      cumulativeSums[sampleItr] = cumulativeSums[sampleItr - 1] + stepSize / (state.wscale * numSeen);
      if (prox) cumulativeSumsProx[sampleItr] = cumulativeSumsProx[sampleItr - 1] + (stepSize * beta) / state.wscale;
    }
    if (state.wscale < 1e-9) {
      if (!laggedUpdate(state, config, p, sampleItr + 1, n, true)) return false;
      state.wscale = 1;
    }
  }
  // the scale folded in and the just-in-time system restarted, every epoch
  if (!laggedUpdate(state, config, p, n, n, true)) return false;
  state.wscale = 1;
  return true;
}
