// One epoch of stochastic gradient descent: lib/estimators/linear/sgd-epoch.ts (the
// plain-JavaScript reference) step for step, on rows in this module's memory.
// Part of the SGD kernel module (wasm/assembly/sgd.ts): pointers are byte offsets into
// its memory; X is row-major and contiguous (`p` values per row).

// Loss codes (lib/estimators/linear/sgd-loss.ts LossCode).
const HINGE: i32 = 0;
const SQUARED_HINGE: i32 = 1;
const LOG: i32 = 2;
const MODIFIED_HUBER: i32 = 3;
const SQUARED: i32 = 4;
const HUBER: i32 = 5;
const EPSILON_INSENSITIVE: i32 = 6;

// Penalty and learning-rate codes (sgd-epoch.ts PenaltyCode, LearningRateCode).
const L1: i32 = 1;
const L2: i32 = 2;
const ELASTICNET: i32 = 3;
const OPTIMAL: i32 = 2;
const INVSCALING: i32 = 3;

// The state block (f64 slots) and the configuration block.
const S_INTERCEPT: i32 = 0;
const S_AVERAGE_INTERCEPT: i32 = 1;
const S_WSCALE: i32 = 2;
const S_AVERAGE_A: i32 = 3;
const S_AVERAGE_B: i32 = 4;
const S_T: i32 = 5;
const S_U: i32 = 6;
const S_ETA: i32 = 7;

const C_LOSS_PARAMETER: i32 = 0;
const C_ALPHA: i32 = 1;
const C_L1_RATIO: i32 = 2;
const C_ETA0: i32 = 3;
const C_POWER_T: i32 = 4;
const C_OPTIMAL_INIT: i32 = 5;
const C_WEIGHT_POS: i32 = 6;
const C_WEIGHT_NEG: i32 = 7;
const C_INTERCEPT_DECAY: i32 = 8;
const C_AVERAGE: i32 = 9;

// Flags.
const FIT_INTERCEPT: i32 = 1;
const SUM_LOSS: i32 = 2;

const RESET_WSCALE_BELOW: f64 = 1e-9;
const MAX_DLOSS: f64 = 1e12;

// @ts-ignore: decorator
@inline
function slot(block: usize, k: i32): f64 {
  return load<f64>(block + (<usize>k << 3));
}

// @ts-ignore: decorator
@inline
function setSlot(block: usize, k: i32, v: f64): void {
  store<f64>(block + (<usize>k << 3), v);
}

// @ts-ignore: decorator
@inline
function at(base: usize, j: i32): f64 {
  return load<f64>(base + (<usize>j << 3));
}

function lossValue(code: i32, c: f64, p: f64, y: f64): f64 {
  if (code == HINGE) {
    const z = p * y;
    return z <= c ? c - z : 0.0;
  }
  if (code == SQUARED_HINGE) {
    const z = c - p * y;
    return z > 0 ? z * z : 0.0;
  }
  if (code == LOG) {
    const z = p * y;
    if (z > 18) return Math.exp(-z);
    if (z < -18) return -z;
    return Math.log(1 + Math.exp(-z));
  }
  if (code == MODIFIED_HUBER) {
    const z = p * y;
    if (z >= 1) return 0.0;
    if (z >= -1) return (1 - z) * (1 - z);
    return -4 * z;
  }
  if (code == SQUARED) return 0.5 * (p - y) * (p - y);
  if (code == HUBER) {
    const r = p - y;
    const a = Math.abs(r);
    return a <= c ? 0.5 * r * r : c * a - 0.5 * c * c;
  }
  const r = Math.abs(y - p) - c;
  if (code == EPSILON_INSENSITIVE) return r > 0 ? r : 0.0;
  return r > 0 ? r * r : 0.0;
}

function lossDerivative(code: i32, c: f64, p: f64, y: f64): f64 {
  if (code == HINGE) return p * y <= c ? -y : 0.0;
  if (code == SQUARED_HINGE) {
    const z = c - p * y;
    return z > 0 ? -2 * y * z : 0.0;
  }
  if (code == LOG) {
    const z = p * y;
    if (z > 18) return Math.exp(-z) * -y;
    if (z < -18) return -y;
    return -y / (Math.exp(z) + 1);
  }
  if (code == MODIFIED_HUBER) {
    const z = p * y;
    if (z >= 1) return 0.0;
    if (z >= -1) return 2 * (1 - z) * -y;
    return -4 * y;
  }
  if (code == SQUARED) return p - y;
  if (code == HUBER) {
    const r = p - y;
    if (Math.abs(r) <= c) return r;
    return r > 0 ? c : -c;
  }
  if (code == EPSILON_INSENSITIVE) {
    if (y - p > c) return -1.0;
    if (p - y > c) return 1.0;
    return 0.0;
  }
  const z = y - p;
  if (z > c) return -2 * (z - c);
  if (z < -c) return 2 * (-z - c);
  return 0.0;
}

/** e^x with the kernels' `exp` (musl's, the algorithm of glibc's: the C library scikit-learn calls). */
export function math_exp(x: f64): f64 {
  return Math.exp(x);
}

/** ln x with the kernels' `log`. */
export function math_log(x: f64): f64 {
  return Math.log(x);
}

/** x^y with the kernels' `pow`. */
export function math_pow(x: f64, y: f64): f64 {
  return Math.pow(x, y);
}

/** `WeightVector.reset_wscale`: the average folded into `aw` (when `aw` is not 0), the scale into `w`. */
export function sgd_reset_wscale(w: usize, aw: usize, p: i32, st: usize): void {
  if (aw != 0) {
    const a = slot(st, S_AVERAGE_A);
    for (let j = 0; j < p; j++) store<f64>(aw + (<usize>j << 3), at(aw, j) + a * at(w, j));
    const inv = 1 / slot(st, S_AVERAGE_B);
    for (let j = 0; j < p; j++) store<f64>(aw + (<usize>j << 3), at(aw, j) * inv);
    setSlot(st, S_AVERAGE_A, 0);
    setSlot(st, S_AVERAGE_B, 1);
  }
  const s = slot(st, S_WSCALE);
  for (let j = 0; j < p; j++) store<f64>(w + (<usize>j << 3), at(w, j) * s);
  setSlot(st, S_WSCALE, 1);
}

/** scikit-learn's `dataset.shuffle(seed)`: Fisher–Yates over `n` i32 indices with `our_rand_r`. */
export function sgd_shuffle(order: usize, n: i32, seed: u32): void {
  let s = seed;
  for (let i = 0; i < n - 1; i++) {
    if (s == 0) s = 1;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    const j = i + <i32>((s & 0x7fffffff) % <u32>(n - i));
    const pi = order + (<usize>i << 2);
    const pj = order + (<usize>j << 2);
    const tmp = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, tmp);
  }
}

/**
 * Rows whose products with w are computed together (they stay valid while w does not
 * change). Four was the fastest on make_classification 18000 x 50 (one fourth of the
 * rows update w): eight wastes more products on each update, two overlaps less.
 */
const GROUP: i32 = 4;
const groupRows = memory.data(GROUP * 4, 16);
const groupPositions = memory.data(GROUP * 4, 16);
const groupDots = memory.data(GROUP * 8, 16);

/**
 * The raw products w · x_r of the `count` (at most four) rows of the group, each summed
 * in index order as scikit-learn's `WeightVector.dot` sums it: two rows per vector, one
 * lane each, so each lane adds its own row's terms in order and the chains overlap.
 * Missing rows repeat the first.
 */
// @ts-ignore: decorator
@inline
function groupDot(x: usize, p: i32, w: usize, count: i32): void {
  const p8 = <usize>p << 3;
  const r0 = x + <usize>load<i32>(groupRows) * p8;
  const r1 = count > 1 ? x + <usize>load<i32>(groupRows, 4) * p8 : r0;
  const r2 = count > 2 ? x + <usize>load<i32>(groupRows, 8) * p8 : r0;
  const r3 = count > 3 ? x + <usize>load<i32>(groupRows, 12) * p8 : r0;
  let d01 = f64x2.splat(0);
  let d23 = f64x2.splat(0);
  for (let j = 0; j < p; j++) {
    const o = <usize>j << 3;
    const wj = v128.load64_splat(w + o);
    const x01 = v128.load64_lane(r1 + o, v128.load64_zero(r0 + o), 1);
    const x23 = v128.load64_lane(r3 + o, v128.load64_zero(r2 + o), 1);
    d01 = f64x2.add(d01, f64x2.mul(wj, x01));
    d23 = f64x2.add(d23, f64x2.mul(wj, x23));
  }
  v128.store(groupDots, d01);
  v128.store(groupDots, d23, 16);
}

/** out[0..p) += c · row[0..p), two lanes at a time (each element as the scalar update). */
// @ts-ignore: decorator
@inline
function axpy(row: usize, c: f64, out: usize, p: i32): void {
  const cs = f64x2.splat(c);
  const pairs = p & ~1;
  for (let j = 0; j < pairs; j += 2) {
    const o = <usize>j << 3;
    v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(v128.load(row + o), cs)));
  }
  if (pairs < p) {
    const o = <usize>pairs << 3;
    store<f64>(out + o, load<f64>(out + o) + load<f64>(row + o) * c);
  }
}

/** out[0..p) += (a · row[0..p)) · c, two lanes at a time. */
// @ts-ignore: decorator
@inline
function scaledAxpy(row: usize, a: f64, c: f64, out: usize, p: i32): void {
  const as = f64x2.splat(a);
  const cs = f64x2.splat(c);
  const pairs = p & ~1;
  for (let j = 0; j < pairs; j += 2) {
    const o = <usize>j << 3;
    v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(f64x2.mul(as, v128.load(row + o)), cs)));
  }
  if (pairs < p) {
    const o = <usize>pairs << 3;
    store<f64>(out + o, load<f64>(out + o) + a * load<f64>(row + o) * c);
  }
}

/**
 * One pass over the rows in `order` (n i32 indices; rows with mask[i] != 0 are
 * skipped): updates w (p values, times the scale in the state), aw (averages; 0 when
 * not averaging), q (L1 memory; 0 without an L1 penalty) and the state block. Returns
 * the summed training loss (0 without the SUM_LOSS flag).
 *
 * The products of the next four rows with w are computed together and used until a
 * step changes w (a nonzero update, an L1 step or a rescale); the rest are then
 * recomputed, so every product is the one scikit-learn computes, in its order.
 */
export function sgd_epoch(
  x: usize, n: i32, p: i32, y: usize, sw: usize, mask: usize, order: usize,
  w: usize, aw: usize, q: usize, st: usize, cfg: usize, loss: i32, penalty: i32, rate: i32, flags: i32,
): f64 {
  const c = slot(cfg, C_LOSS_PARAMETER);
  const alpha = slot(cfg, C_ALPHA);
  const l1Ratio = penalty == L2 ? 0.0 : penalty == L1 ? 1.0 : slot(cfg, C_L1_RATIO);
  const eta0 = slot(cfg, C_ETA0);
  const powerT = slot(cfg, C_POWER_T);
  const optimalInit = slot(cfg, C_OPTIMAL_INIT);
  const weightPos = slot(cfg, C_WEIGHT_POS);
  const weightNeg = slot(cfg, C_WEIGHT_NEG);
  const interceptDecay = slot(cfg, C_INTERCEPT_DECAY);
  const average = slot(cfg, C_AVERAGE);
  const scaleStep = penalty >= L2;
  const l1Step = (penalty == L1 || penalty == ELASTICNET) && q != 0;
  const fitIntercept = (flags & FIT_INTERCEPT) != 0;
  const sumLoss = (flags & SUM_LOSS) != 0;
  const p8 = <usize>p << 3;
  let intercept = slot(st, S_INTERCEPT);
  let averageIntercept = slot(st, S_AVERAGE_INTERCEPT);
  let wscale = slot(st, S_WSCALE);
  let t = slot(st, S_T);
  let u = slot(st, S_U);
  const etaFixed = slot(st, S_ETA);
  let sumloss = 0.0;
  let s = 0;
  while (s < n) {
    // the next rows to train on, and their products with the current w
    let count = 0;
    let next = s;
    while (count < GROUP && next < n) {
      const i = load<i32>(order + (<usize>next << 2));
      if (load<u8>(mask + <usize>i) == 0) {
        store<i32>(groupRows + (<usize>count << 2), i);
        store<i32>(groupPositions + (<usize>count << 2), next);
        count++;
      }
      next++;
    }
    if (count == 0) break;
    groupDot(x, p, w, count);
    s = next;
    for (let k = 0; k < count; k++) {
      const i = load<i32>(groupRows + (<usize>k << 2));
      const row = x + <usize>i * p8;
      const prediction = load<f64>(groupDots + (<usize>k << 3)) * wscale + intercept;
      let eta = etaFixed;
      if (rate == OPTIMAL) eta = 1 / (alpha * (optimalInit + t - 1));
      else if (rate == INVSCALING) eta = eta0 / Math.pow(t, powerT);
      const yi = at(y, i);
      if (sumLoss) sumloss += lossValue(loss, c, prediction, yi);
      const classWeight = yi > 0 ? weightPos : weightNeg;
      let dloss = lossDerivative(loss, c, prediction, yi);
      if (dloss < -MAX_DLOSS) dloss = -MAX_DLOSS;
      else if (dloss > MAX_DLOSS) dloss = MAX_DLOSS;
      let update = -eta * dloss;
      update *= classWeight * at(sw, i);
      let changed = l1Step;
      if (scaleStep) {
        wscale *= Math.max(0, 1 - (1 - l1Ratio) * eta * alpha);
        if (wscale < RESET_WSCALE_BELOW) {
          setSlot(st, S_WSCALE, wscale);
          sgd_reset_wscale(w, aw, p, st);
          wscale = 1;
          changed = true;
        }
      }
      if (update != 0) {
        axpy(row, update / wscale, w, p);
        if (fitIntercept) intercept += update * interceptDecay;
        changed = true;
      }
      if (average > 0 && average <= t) {
        const iterations = t - average + 1;
        if (aw != 0) {
          const a = slot(st, S_AVERAGE_A);
          scaledAxpy(row, a, -update / wscale, aw, p);
          const mu = 1 / iterations;
          let b = slot(st, S_AVERAGE_B);
          if (iterations > 1) {
            b /= 1 - mu;
            setSlot(st, S_AVERAGE_B, b);
          }
          setSlot(st, S_AVERAGE_A, a + mu * b * wscale);
        }
        averageIntercept += (intercept - averageIntercept) / iterations;
      }
      if (l1Step) {
        u += l1Ratio * eta * alpha;
        for (let j = 0; j < p; j++) {
          const o = <usize>j << 3;
          const z = load<f64>(w + o);
          let v = z;
          if (wscale * z > 0) v = Math.max(0, z - (u + load<f64>(q + o)) / wscale);
          else if (wscale * z < 0) v = Math.min(0, z + (u - load<f64>(q + o)) / wscale);
          store<f64>(w + o, v);
          store<f64>(q + o, load<f64>(q + o) + wscale * (v - z));
        }
      }
      t += 1;
      if (changed) {
        // the products of the rows after this one are stale: start the next group there
        s = load<i32>(groupPositions + (<usize>k << 2)) + 1;
        break;
      }
    }
  }
  setSlot(st, S_INTERCEPT, intercept);
  setSlot(st, S_AVERAGE_INTERCEPT, averageIntercept);
  setSlot(st, S_WSCALE, wscale);
  setSlot(st, S_T, t);
  setSlot(st, S_U, u);
  return sumloss;
}
