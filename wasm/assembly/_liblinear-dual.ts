// liblinear's dual coordinate descent for the linear SVM and SVR (solve_l2r_l1l2_svc,
// solve_l2r_l1l2_svr) with scikit-learn's random numbers (std::mt19937 and the "tweaked
// Lemire" bounded_rand_int): lib/estimators/svm-linear/dual-cd-svc.ts and dual-cd-svr.ts
// step for step. Part of the SGD kernel module (wasm/assembly/sgd.ts): pointers are byte
// offsets into its memory; X is row-major and contiguous (`n` values per row, the bias
// feature included).
//
// The generator state is 625 words at `mt`: the 624 words of the key, then the position.

const MT_N: i32 = 624;
const MT_M: i32 = 397;

function mtRegenerate(mt: usize): void {
  for (let i = 0; i < MT_N; i++) {
    const k = mt + (<usize>i << 2);
    const next = mt + (<usize>((i + 1) % MT_N) << 2);
    const y = (load<u32>(k) & 0x80000000) | (load<u32>(next) & 0x7fffffff);
    const far = load<u32>(mt + (<usize>((i + MT_M) % MT_N) << 2));
    store<u32>(k, far ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0));
  }
  store<i32>(mt + (<usize>MT_N << 2), 0);
}

// @ts-ignore: decorator
@inline
function mtNext(mt: usize): u32 {
  const posAt = mt + (<usize>MT_N << 2);
  let pos = load<i32>(posAt);
  if (pos >= MT_N) {
    mtRegenerate(mt);
    pos = 0;
  }
  let y = load<u32>(mt + (<usize>pos << 2));
  store<i32>(posAt, pos + 1);
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >> 18;
  return y;
}

/** scikit-learn's `bounded_rand_int(range)`. */
function boundedRandInt(mt: usize, range: u32): u32 {
  let m: u64 = <u64>mtNext(mt) * <u64>range;
  let l = <u32>m;
  if (l < range) {
    let t: u32 = 0 - range;
    if (t >= range) {
      t -= range;
      if (t >= range) t %= range;
    }
    while (l < t) {
      m = <u64>mtNext(mt) * <u64>range;
      l = <u32>m;
    }
  }
  return <u32>(m >> 32);
}

/** Fisher–Yates over the first `size` of `index` with `bounded_rand_int`. */
// @ts-ignore: decorator
@inline
function shuffle(index: usize, size: i32, mt: usize): void {
  for (let i = 0; i < size; i++) {
    const j = i + <i32>boundedRandInt(mt, <u32>(size - i));
    const pi = index + (<usize>i << 2);
    const pj = index + (<usize>j << 2);
    const t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
}

// @ts-ignore: decorator
@inline
function at(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}

/** w · x_i, summed in index order as liblinear sums it. */
// @ts-ignore: decorator
@inline
function rowDot(w: usize, row: usize, n: i32): f64 {
  let g = 0.0;
  for (let j = 0; j < n; j++) g += load<f64>(w + (<usize>j << 3)) * load<f64>(row + (<usize>j << 3));
  return g;
}

/** w += d · x_i, two lanes at a time (each element as liblinear's scalar update). */
// @ts-ignore: decorator
@inline
function rowAxpy(w: usize, row: usize, d: f64, n: i32): void {
  const ds = f64x2.splat(d);
  const pairs = n & ~1;
  for (let j = 0; j < pairs; j += 2) {
    const o = <usize>j << 3;
    v128.store(w + o, f64x2.add(v128.load(w + o), f64x2.mul(ds, v128.load(row + o))));
  }
  if (pairs < n) {
    const o = <usize>pairs << 3;
    store<f64>(w + o, load<f64>(w + o) + d * load<f64>(row + o));
  }
}

// @ts-ignore: decorator
@inline
function swapIndex(index: usize, a: i32, b: i32): void {
  const pa = index + (<usize>a << 2);
  const pb = index + (<usize>b << 2);
  const t = load<i32>(pa);
  store<i32>(pa, load<i32>(pb));
  store<i32>(pb, t);
}

// The loop state between calls (f64 slots of `st`): the active size, the two shrinking
// thresholds of the last pass (GmaxOld and Gnorm1Init for the SVR), the passes run.
const ST_ACTIVE: i32 = 0;
const ST_OLD_A: i32 = 1;
const ST_OLD_B: i32 = 2;
const ST_ITER: i32 = 3;

// @ts-ignore: decorator
@inline
function stateAt(st: usize, k: i32): f64 {
  return load<f64>(st + (<usize>k << 3));
}

/** Initial loop state: all l variables active, no shrinking thresholds yet, no pass run. */
export function ll_dual_start(st: usize, l: i32, svr: i32): void {
  store<f64>(st, <f64>l);
  store<f64>(st, Infinity, 8);
  store<f64>(st, svr ? -1.0 : -Infinity, 16);
  store<f64>(st, 0, 24);
}

/**
 * `solve_l2r_l1l2_svc` on rows x (l × n) with labels y (±1 as f64), QD, diag and upper
 * precomputed, alpha, index and w carried between calls with the loop state `st`: runs
 * at most `passes` more passes (and never past `maxIter`); returns 1 when converged.
 */
export function ll_svc_dual(
  x: usize, l: i32, n: i32, y: usize, QD: usize, diag: usize, upper: usize,
  alpha: usize, index: usize, w: usize, eps: f64, maxIter: i32, mt: usize, st: usize, passes: i32,
): i32 {
  const n8 = <usize>n << 3;
  let activeSize = <i32>stateAt(st, ST_ACTIVE);
  let PGmaxOld = stateAt(st, ST_OLD_A);
  let PGminOld = stateAt(st, ST_OLD_B);
  let iter = <i32>stateAt(st, ST_ITER);
  const stop = min(maxIter, iter + passes);
  let converged = 0;
  while (iter < stop) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    shuffle(index, activeSize, mt);
    for (let s = 0; s < activeSize; s++) {
      const i = load<i32>(index + (<usize>s << 2));
      const yi = at(y, i);
      const row = x + <usize>i * n8;
      let G = rowDot(w, row, n);
      G = G * yi - 1;
      const C = at(upper, i);
      const ai = at(alpha, i);
      G += ai * at(diag, i);
      let PG = 0.0;
      if (ai == 0) {
        if (G > PGmaxOld) {
          activeSize--;
          swapIndex(index, s, activeSize);
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else if (ai == C) {
        if (G < PGminOld) {
          activeSize--;
          swapIndex(index, s, activeSize);
          s--;
          continue;
        } else if (G > 0) PG = G;
      } else PG = G;
      PGmaxNew = max(PGmaxNew, PG);
      PGminNew = min(PGminNew, PG);
      if (Math.abs(PG) > 1.0e-12) {
        const updated = min(max(ai - G / at(QD, i), 0.0), C);
        store<f64>(alpha + (<usize>i << 3), updated);
        rowAxpy(w, row, (updated - ai) * yi, n);
      }
    }
    iter++;
    if (PGmaxNew - PGminNew <= eps) {
      if (activeSize == l) {
        converged = 1;
        break;
      }
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
  store<f64>(st, <f64>activeSize);
  store<f64>(st, PGmaxOld, 8);
  store<f64>(st, PGminOld, 16);
  store<f64>(st, <f64>iter, 24);
  return converged;
}

/**
 * `solve_l2r_l1l2_svr` on rows x (l × n) with targets y, QD, lambda and upper
 * precomputed, beta, index and w carried between calls with the loop state `st`: runs
 * at most `passes` more passes (never past `maxIter`); returns 1 when converged.
 */
export function ll_svr_dual(
  x: usize, l: i32, n: i32, y: usize, QD: usize, lambda: usize, upper: usize,
  beta: usize, index: usize, w: usize, eps: f64, p: f64, maxIter: i32, mt: usize, st: usize, passes: i32,
): i32 {
  const n8 = <usize>n << 3;
  let activeSize = <i32>stateAt(st, ST_ACTIVE);
  let GmaxOld = stateAt(st, ST_OLD_A);
  let Gnorm1Init = stateAt(st, ST_OLD_B);
  let iter = <i32>stateAt(st, ST_ITER);
  const stop = min(maxIter, iter + passes);
  let converged = 0;
  while (iter < stop) {
    let GmaxNew = 0.0;
    let Gnorm1New = 0.0;
    shuffle(index, activeSize, mt);
    for (let s = 0; s < activeSize; s++) {
      const i = load<i32>(index + (<usize>s << 2));
      const bi = at(beta, i);
      const li = at(lambda, i);
      const row = x + <usize>i * n8;
      let G = -at(y, i) + li * bi;
      const H = at(QD, i) + li;
      for (let j = 0; j < n; j++) G += load<f64>(row + (<usize>j << 3)) * load<f64>(w + (<usize>j << 3));
      const Gp = G + p;
      const Gn = G - p;
      const ub = at(upper, i);
      let violation = 0.0;
      if (bi == 0) {
        if (Gp < 0) violation = -Gp;
        else if (Gn > 0) violation = Gn;
        else if (Gp > GmaxOld && Gn < -GmaxOld) {
          activeSize--;
          swapIndex(index, s, activeSize);
          s--;
          continue;
        }
      } else if (bi >= ub) {
        if (Gp > 0) violation = Gp;
        else if (Gp < -GmaxOld) {
          activeSize--;
          swapIndex(index, s, activeSize);
          s--;
          continue;
        }
      } else if (bi <= -ub) {
        if (Gn < 0) violation = -Gn;
        else if (Gn > GmaxOld) {
          activeSize--;
          swapIndex(index, s, activeSize);
          s--;
          continue;
        }
      } else if (bi > 0) violation = Math.abs(Gp);
      else violation = Math.abs(Gn);
      GmaxNew = max(GmaxNew, violation);
      Gnorm1New += violation;
      let d: f64;
      if (Gp < H * bi) d = -Gp / H;
      else if (Gn > H * bi) d = -Gn / H;
      else d = -bi;
      if (Math.abs(d) < 1.0e-12) continue;
      const updated = min(max(bi + d, -ub), ub);
      store<f64>(beta + (<usize>i << 3), updated);
      d = updated - bi;
      if (d != 0) rowAxpy(w, row, d, n);
    }
    if (iter == 0) Gnorm1Init = Gnorm1New;
    iter++;
    if (Gnorm1New <= eps * Gnorm1Init) {
      if (activeSize == l) {
        converged = 1;
        break;
      }
      activeSize = l;
      GmaxOld = Infinity;
      continue;
    }
    GmaxOld = GmaxNew;
  }
  store<f64>(st, <f64>activeSize);
  store<f64>(st, GmaxOld, 8);
  store<f64>(st, Gnorm1Init, 16);
  store<f64>(st, <f64>iter, 24);
  return converged;
}
