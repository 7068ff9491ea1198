// One epoch of scikit-learn's SAG / SAGA (LogisticRegression's 'sag' and 'saga'):
// lib/estimators/linear/sag-epoch.ts (the plain-JavaScript reference) step for step, on
// rows in this module's memory. Part of the SGD kernel module (wasm/assembly/sgd.ts):
// pointers are byte offsets into its memory; X is row-major and contiguous.
//
// The solver's arrays are given by a block of pointers (`mem`, i32 slots):
const M_WEIGHTS: i32 = 0; //          p × k weights
const M_INTERCEPT: i32 = 1; //        k intercepts
const M_SUM_GRADIENT: i32 = 2; //     p × k
const M_GRADIENT_MEMORY: i32 = 3; //  n × k
const M_INTERCEPT_SUM: i32 = 4; //    k
const M_SEEN: i32 = 5; //             n bytes
const M_CUMULATIVE: i32 = 6; //       n
const M_CUMULATIVE_PROX: i32 = 7; //  n
const M_FEATURE_HIST: i32 = 8; //     unused (one shared history, in the scalars)
const M_SCRATCH: i32 = 9; //          2k (prediction, gradient)
// and its scalars (`sc`, f64 slots): the samples seen, the rand_r state, the scale, the
// weights' history (the step of their last update).
const S_NUM_SEEN: i32 = 0;
const S_SEED: i32 = 1;
const S_WSCALE: i32 = 2;
const S_HIST: i32 = 3;

// @ts-ignore: decorator
@inline
function ptr(mem: usize, k: i32): usize {
  return <usize>load<u32>(mem + (<usize>k << 2));
}

// @ts-ignore: decorator
@inline
function f(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
function setF(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

// @ts-ignore: decorator
@inline
function softThreshold(x: f64, shrinkage: f64): f64 {
  const a = x - shrinkage;
  const b = -x - shrinkage;
  return (a > 0 ? a : 0.0) - (b > 0 ? b : 0.0);
}

// Rows are dense, so every sample brings every weight up to date: all weights share one
// history (the step of their last update), and each lagged update is a single step, for
// which scikit-learn's two branches (the combined step and the unrolled loop) compute
// the same values. The lagged update is then one pass over the p·k weights.

// @ts-ignore: decorator
@inline
function positivePart(a: v128): v128 {
  return v128.bitselect(a, f64x2.splat(0), f64x2.gt(a, f64x2.splat(0)));
}

/**
 * scikit-learn's `lagged_update` for every weight at step `sampleItr` (weights last
 * updated at `hist`); with `reset`, also the scale, and the cumulative sums restart.
 * Returns 0 when a weight is not finite.
 */
function laggedUpdate(mem: usize, total: i32, sampleItr: i32, hist: i32, reset: bool, prox: bool, wscale: f64): i32 {
  const weights = ptr(mem, M_WEIGHTS);
  const sumGradient = ptr(mem, M_SUM_GRADIENT);
  const cums = ptr(mem, M_CUMULATIVE);
  const cumsProx = ptr(mem, M_CUMULATIVE_PROX);
  let cumSum = f(cums, sampleItr - 1);
  let cumSumProx = prox ? f(cumsProx, sampleItr - 1) : 0.0;
  if (hist != 0) {
    cumSum -= f(cums, hist - 1);
    if (prox) cumSumProx -= f(cumsProx, hist - 1);
  }
  const cs = f64x2.splat(cumSum);
  const ps = f64x2.splat(cumSumProx);
  const scale = f64x2.splat(wscale);
  let finite = f64x2.splat(0);
  const pairs = total & ~1;
  for (let idx = 0; idx < pairs; idx += 2) {
    const o = <usize>idx << 3;
    let w = f64x2.sub(v128.load(weights + o), f64x2.mul(cs, v128.load(sumGradient + o)));
    if (prox) w = f64x2.sub(positivePart(f64x2.sub(w, ps)), positivePart(f64x2.sub(f64x2.neg(w), ps)));
    if (reset) {
      w = f64x2.mul(w, scale);
      // x - x is 0 for finite x and NaN otherwise
      finite = f64x2.add(finite, f64x2.sub(w, w));
    }
    v128.store(weights + o, w);
  }
  if (pairs < total) {
    const o = <usize>pairs << 3;
    let w = load<f64>(weights + o) - cumSum * load<f64>(sumGradient + o);
    if (prox) {
      const a = w - cumSumProx;
      const b = -w - cumSumProx;
      w = (a > 0 ? a : 0.0) - (b > 0 ? b : 0.0);
    }
    if (reset) {
      w *= wscale;
      if (!isFinite<f64>(w)) return 0;
    }
    store<f64>(weights + o, w);
  }
  if (reset) {
    if (!isFinite<f64>(f64x2.extract_lane(finite, 0) + f64x2.extract_lane(finite, 1))) return 0;
    setF(cums, sampleItr - 1, 0);
    if (prox) setF(cumsProx, sampleItr - 1, 0);
  }
  return 1;
}

/**
 * One epoch: n samples drawn with replacement by the dataset's `rand_r`, each updating
 * the weights, sums and memories in `mem` and the scalars in `sc`. Returns 0 when the
 * weights or an intercept overflow.
 */
export function sag_epoch(
  x: usize, n: i32, p: i32, y: usize, sw: usize, k: i32, multinomial: i32,
  stepSize: f64, alpha: f64, beta: f64, fitIntercept: i32, saga: i32, mem: usize, sc: usize,
): i32 {
  const weights = ptr(mem, M_WEIGHTS);
  const intercept = ptr(mem, M_INTERCEPT);
  const sumGradient = ptr(mem, M_SUM_GRADIENT);
  const gradientMemory = ptr(mem, M_GRADIENT_MEMORY);
  const interceptSum = ptr(mem, M_INTERCEPT_SUM);
  const seen = ptr(mem, M_SEEN);
  const cums = ptr(mem, M_CUMULATIVE);
  const cumsProx = ptr(mem, M_CUMULATIVE_PROX);
  const prediction = ptr(mem, M_SCRATCH);
  const gradient = prediction + (<usize>k << 3);
  const prox = beta > 0 && saga != 0;
  const wscaleUpdate = 1 - stepSize * alpha;
  const p8 = <usize>p << 3;
  let numSeen = f(sc, S_NUM_SEEN);
  let seed = <u32>f(sc, S_SEED);
  let wscale = f(sc, S_WSCALE);
  let hist = <i32>f(sc, S_HIST);
  const total = p * k;
  for (let sampleItr = 0; sampleItr < n; sampleItr++) {
    if (seed == 0) seed = 1;
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    const i = <i32>((seed & 0x7fffffff) % <u32>n);
    const sIdx = i * k;
    if (load<u8>(seen + <usize>i) == 0) {
      numSeen += 1;
      store<u8>(seen + <usize>i, 1);
    }
    if (sampleItr > 0) {
      if (laggedUpdate(mem, total, sampleItr, hist, false, prox, wscale) == 0) return 0;
      hist = sampleItr;
    }
    const row = x + <usize>i * p8;
    for (let c = 0; c < k; c++) {
      let inner = 0.0;
      for (let j = 0; j < p; j++) inner += f(weights, j * k + c) * load<f64>(row + (<usize>j << 3));
      setF(prediction, c, wscale * inner + f(intercept, c));
    }
    const yi = f(y, i);
    const si = f(sw, i);
    if (multinomial == 0) {
      const z = f(prediction, 0) * yi;
      let d: f64;
      if (z > 18) d = Math.exp(-z) * -yi;
      else if (z < -18) d = -yi;
      else d = -yi / (Math.exp(z) + 1);
      setF(gradient, 0, d * si);
    } else {
      let vmax = f(prediction, 0);
      for (let c = 1; c < k; c++) if (vmax < f(prediction, c)) vmax = f(prediction, c);
      let sum = 0.0;
      for (let c = 0; c < k; c++) sum += Math.exp(f(prediction, c) - vmax);
      const logsumexp = Math.log(sum) + vmax;
      for (let c = 0; c < k; c++) {
        let g = Math.exp(f(prediction, c) - logsumexp);
        if (<f64>c == yi) g -= 1;
        setF(gradient, c, g * si);
      }
    }
    wscale *= wscaleUpdate;
    const shrink = 1 - 1 / numSeen;
    if (k == 1) {
      // one class: the weights of the features are contiguous, two at a time
      const diff = f(gradient, 0) - f(gradientMemory, sIdx);
      const ds = f64x2.splat(diff);
      const ss = f64x2.splat(stepSize);
      const hs = f64x2.splat(shrink);
      const ws = f64x2.splat(wscale);
      const pairs = p & ~1;
      for (let j = 0; j < pairs; j += 2) {
        const o = <usize>j << 3;
        const correction = f64x2.mul(v128.load(row + o), ds);
        if (saga) v128.store(weights + o, f64x2.sub(v128.load(weights + o), f64x2.div(f64x2.mul(f64x2.mul(correction, ss), hs), ws)));
        v128.store(sumGradient + o, f64x2.add(v128.load(sumGradient + o), correction));
      }
      if (pairs < p) {
        const correction = load<f64>(row + (<usize>pairs << 3)) * diff;
        if (saga) setF(weights, pairs, f(weights, pairs) - (correction * stepSize * shrink) / wscale);
        setF(sumGradient, pairs, f(sumGradient, pairs) + correction);
      }
    } else {
      for (let j = 0; j < p; j++) {
        const val = load<f64>(row + (<usize>j << 3));
        const fIdx = j * k;
        for (let c = 0; c < k; c++) {
          const correction = val * (f(gradient, c) - f(gradientMemory, sIdx + c));
          if (saga) setF(weights, fIdx + c, f(weights, fIdx + c) - (correction * stepSize * shrink) / wscale);
          setF(sumGradient, fIdx + c, f(sumGradient, fIdx + c) + correction);
        }
      }
    }
    if (fitIntercept) {
      for (let c = 0; c < k; c++) {
        let correction = f(gradient, c) - f(gradientMemory, sIdx + c);
        const total = f(interceptSum, c) + correction;
        setF(interceptSum, c, total);
        correction *= stepSize * shrink;
        let b = f(intercept, c);
        if (saga) b -= (stepSize * total) / numSeen + correction;
        else b -= (stepSize * total) / numSeen;
        setF(intercept, c, b);
        if (!isFinite<f64>(b)) return 0;
      }
    }
    for (let c = 0; c < k; c++) setF(gradientMemory, sIdx + c, f(gradient, c));
    if (sampleItr == 0) {
      setF(cums, 0, stepSize / (wscale * numSeen));
      if (prox) setF(cumsProx, 0, (stepSize * beta) / wscale);
    } else {
      setF(cums, sampleItr, f(cums, sampleItr - 1) + stepSize / (wscale * numSeen));
      if (prox) setF(cumsProx, sampleItr, f(cumsProx, sampleItr - 1) + (stepSize * beta) / wscale);
    }
    if (wscale < 1e-9) {
      if (laggedUpdate(mem, total, sampleItr + 1, hist, true, prox, wscale) == 0) return 0;
      hist = (sampleItr + 1) % n;
      wscale = 1;
    }
  }
  if (laggedUpdate(mem, total, n, hist, true, prox, wscale) == 0) return 0;
  setF(sc, S_NUM_SEEN, numSeen);
  setF(sc, S_SEED, <f64>seed);
  setF(sc, S_WSCALE, 1);
  setF(sc, S_HIST, 0);
  return 1;
}
