// LogisticRegression's losses and the linear models' predictions: one pass over the rows.
// Part of the linear models' kernel module (wasm/assembly/linear.ts): pointers are byte
// offsets into its memory; matrices are row-major and contiguous unless a leading
// dimension is given.

import { c, expNonPositive, log1pUnit, ONE, SIGN_BIT, ZERO } from './_linear-math';

/** The loss of each lane, from the binary pointwise step (read by the caller). */
let binaryLoss: v128 = f64x2.splat(0);

/**
 * The binary logistic pointwise step on two samples: with u = e^-|z|,
 * loss = log(1 + u) + max(z, 0) - y z (left in `binaryLoss`) and the derivative
 * expit(z) - y (returned), both times the sample weights.
 */
// @ts-ignore: decorator
@inline
function binaryPointwise(z: v128, y: v128, sw: v128): v128 {
  // -|z| by setting the sign bit; pmax (one instruction) where the NaN and signed-zero
  // rules of f64x2.max make no difference
  const u = expNonPositive(v128.or(z, c(SIGN_BIT)));
  const a = f64x2.add(c(ONE), u);
  const inv = f64x2.div(c(ONE), a);
  const positive = f64x2.ge(z, c(ZERO));
  const proba = v128.bitselect(inv, f64x2.mul(u, inv), positive);
  const loss = f64x2.sub(f64x2.add(log1pUnit(u, a, inv), f64x2.pmax(z, c(ZERO))), f64x2.mul(y, z));
  binaryLoss = f64x2.mul(sw, loss);
  return f64x2.mul(sw, f64x2.sub(proba, y));
}

// x · w for one row of p values (pairs, then the odd tail).
// @ts-ignore: decorator
@inline
function rowDot(row: usize, w: usize, p: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < p; j += 4) {
    const o = <usize>j << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(w + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(row + o, 16), v128.load(w + o, 16)));
  }
  if (j + 1 < p) {
    const o = <usize>j << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(w + o)));
    j += 2;
  }
  const acc = f64x2.add(acc0, acc1);
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (j < p) sum += load<f64>(row + (<usize>j << 3)) * load<f64>(w + (<usize>j << 3));
  return sum;
}

// out += d · row for p values.
// @ts-ignore: decorator
@inline
function rowAxpy(row: usize, d: f64, out: usize, p: i32): void {
  const ds = f64x2.splat(d);
  const pairs = p & ~1;
  for (let j = 0; j < pairs; j += 2) {
    const o = <usize>j << 3;
    v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(ds, v128.load(row + o))));
  }
  if (pairs < p) {
    const o = <usize>pairs << 3;
    store<f64>(out + o, load<f64>(out + o) + d * load<f64>(row + o));
  }
}

/** Rows per chunk of the logistic passes: the chunk stays in the first-level cache. */
const CHUNK: i32 = 64;
/** Per-chunk scratch: the raw predictions, then the weighted derivatives. */
const chunkValues = memory.data(CHUNK * 8, 16);

/**
 * z[r] = x_r · w + b for `rows` rows, four at a time (their products share the loads of w).
 */
// @ts-ignore: decorator
@inline
function chunkDots(x: usize, rows: i32, p: i32, w: usize, b: f64, z: usize): void {
  const p8 = <usize>p << 3;
  const pairs = p & ~1;
  let r = 0;
  let row = x;
  for (; r + 3 < rows; r += 4) {
    const r0 = row;
    const r1 = r0 + p8;
    const r2 = r1 + p8;
    const r3 = r2 + p8;
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      const wv = v128.load(w + o);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(r0 + o), wv));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(r1 + o), wv));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(r2 + o), wv));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(r3 + o), wv));
    }
    // horizontal sums: [a0.0 + a0.1, a1.0 + a1.1] and the same for rows 2, 3
    let z01 = f64x2.add(i64x2.shuffle(a0, a1, 0, 2), i64x2.shuffle(a0, a1, 1, 3));
    let z23 = f64x2.add(i64x2.shuffle(a2, a3, 0, 2), i64x2.shuffle(a2, a3, 1, 3));
    if (pairs < p) {
      const o = <usize>pairs << 3;
      const wt = f64x2.splat(load<f64>(w + o));
      z01 = f64x2.add(z01, f64x2.mul(f64x2.replace_lane(f64x2.splat(load<f64>(r0 + o)), 1, load<f64>(r1 + o)), wt));
      z23 = f64x2.add(z23, f64x2.mul(f64x2.replace_lane(f64x2.splat(load<f64>(r2 + o)), 1, load<f64>(r3 + o)), wt));
    }
    const oz = z + (<usize>r << 3);
    v128.store(oz, f64x2.add(z01, f64x2.splat(b)));
    v128.store(oz, f64x2.add(z23, f64x2.splat(b)), 16);
    row = r3 + p8;
  }
  for (; r < rows; r++) {
    store<f64>(z + (<usize>r << 3), rowDot(row, w, p) + b);
    row += p8;
  }
}

/** grad[0..p) += Σ_r d[r] x_r over `rows` rows, four at a time (one pass over grad per four rows). */
// @ts-ignore: decorator
@inline
function chunkAxpy(x: usize, rows: i32, p: i32, d: usize, grad: usize): void {
  const p8 = <usize>p << 3;
  const pairs = p & ~1;
  let r = 0;
  let row = x;
  for (; r + 3 < rows; r += 4) {
    const r0 = row;
    const r1 = r0 + p8;
    const r2 = r1 + p8;
    const r3 = r2 + p8;
    const od = d + (<usize>r << 3);
    const d0 = v128.load64_splat(od);
    const d1 = v128.load64_splat(od, 8);
    const d2 = v128.load64_splat(od, 16);
    const d3 = v128.load64_splat(od, 24);
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      const t = f64x2.add(
        f64x2.add(f64x2.mul(d0, v128.load(r0 + o)), f64x2.mul(d1, v128.load(r1 + o))),
        f64x2.add(f64x2.mul(d2, v128.load(r2 + o)), f64x2.mul(d3, v128.load(r3 + o))),
      );
      v128.store(grad + o, f64x2.add(v128.load(grad + o), t));
    }
    if (pairs < p) {
      const o = <usize>pairs << 3;
      store<f64>(grad + o, load<f64>(grad + o) +
        ((load<f64>(od) * load<f64>(r0 + o) + load<f64>(od, 8) * load<f64>(r1 + o)) +
         (load<f64>(od, 16) * load<f64>(r2 + o) + load<f64>(od, 24) * load<f64>(r3 + o))));
    }
    row = r3 + p8;
  }
  for (; r < rows; r++) {
    rowAxpy(row, load<f64>(d + (<usize>r << 3)), grad, p);
    row += p8;
  }
}

/** out[r] = x_r · w + b for `rows` rows (a linear model's predictions). */
export function linear_predict(x: usize, rows: i32, p: i32, w: usize, b: f64, out: usize): void {
  chunkDots(x, rows, p, w, b, out);
}

/**
 * The binary logistic loss (labels y in {0, 1}, sample weights sw) at weights w (p
 * values) and intercept b: returns Σ swᵢ · (log(1 + e^zᵢ) - yᵢ zᵢ) with zᵢ = xᵢ·w + b,
 * and writes Σ swᵢ (expit(zᵢ) - yᵢ) xᵢ into grad[0..p) and its sum over i into grad[p].
 *
 * One pass over the rows, in chunks that stay in the first-level cache: the raw
 * predictions of a chunk, then their pointwise steps (two samples per instruction, many
 * in flight), then the chunk's gradient terms.
 */
export function binary_logistic(x: usize, n: i32, p: i32, w: usize, b: f64, y: usize, sw: usize, grad: usize): f64 {
  const p8 = <usize>p << 3;
  memory.fill(grad, 0, p8 + 8);
  const z = chunkValues;
  let lossAcc = f64x2.splat(0);
  let dAcc = f64x2.splat(0);
  let lossTail = 0.0;
  let dTail = 0.0;
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const rows = min(CHUNK, n - c0);
    const xc = x + <usize>c0 * p8;
    chunkDots(xc, rows, p, w, b, z);
    const yc = y + (<usize>c0 << 3);
    const sc = sw + (<usize>c0 << 3);
    let r = 0;
    for (; r + 1 < rows; r += 2) {
      const o = <usize>r << 3;
      const d = binaryPointwise(v128.load(z + o), v128.load(yc + o), v128.load(sc + o));
      lossAcc = f64x2.add(lossAcc, binaryLoss);
      dAcc = f64x2.add(dAcc, d);
      v128.store(z + o, d);
    }
    if (r < rows) {
      const o = <usize>r << 3;
      const d = f64x2.extract_lane(binaryPointwise(f64x2.splat(load<f64>(z + o)), f64x2.splat(load<f64>(yc + o)), f64x2.splat(load<f64>(sc + o))), 0);
      lossTail += f64x2.extract_lane(binaryLoss, 0);
      dTail += d;
      store<f64>(z + o, d);
    }
    chunkAxpy(xc, rows, p, z, grad);
  }
  store<f64>(grad + p8, f64x2.extract_lane(dAcc, 0) + f64x2.extract_lane(dAcc, 1) + dTail);
  return f64x2.extract_lane(lossAcc, 0) + f64x2.extract_lane(lossAcc, 1) + lossTail;
}

/**
 * The multinomial logistic loss over K classes (class codes in `codes`, sample weights
 * sw) at the weights W (K blocks of `block` values: p weights, then the intercept when
 * `intercept` is set): returns Σ swᵢ (log Σ_k e^{z_ik} - z_i,yᵢ), z_ik = xᵢ·W_k + b_k,
 * and writes its gradient into grad (same layout as W): Σ swᵢ (softmax_k(zᵢ) - [yᵢ = k]) xᵢ
 * per class, plus the sums for the intercepts. `scratch` holds K × CHUNK (64) values.
 * When `proba` is not 0, the probabilities are kept there (n × K, row-major).
 *
 * One pass over the rows in chunks that stay in the first-level cache: the chunk's raw
 * predictions class by class (four rows share each load of W_k), the softmax and the
 * loss row by row, then the chunk's gradient terms class by class (one pass over
 * grad_k per four rows).
 */
export function multinomial_logistic(x: usize, n: i32, p: i32, K: i32, w: usize, block: i32, intercept: i32, codes: usize, sw: usize, grad: usize, scratch: usize, proba: usize): f64 {
  const p8 = <usize>p << 3;
  const block8 = <usize>block << 3;
  const chunk8 = <usize>CHUNK << 3;
  memory.fill(grad, 0, <usize>K * block8);
  let loss = 0.0;
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    const rows = min(CHUNK, n - c0);
    const xc = x + <usize>c0 * p8;
    // Z[k][r] = x_r · W_k + b_k
    for (let k = 0; k < K; k++) {
      const wk = w + <usize>k * block8;
      chunkDots(xc, rows, p, wk, intercept ? load<f64>(wk + p8) : 0.0, scratch + <usize>k * chunk8);
    }
    // softmax per row; Z[k][r] becomes swᵣ (softmax_k - [yᵣ = k])
    for (let r = 0; r < rows; r++) {
      const i = c0 + r;
      const at = scratch + (<usize>r << 3);
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const z = load<f64>(at + <usize>k * chunk8);
        if (z > max) max = z;
      }
      const yi = load<i32>(codes + (<usize>i << 2));
      const si = load<f64>(sw + (<usize>i << 3));
      const zy = load<f64>(at + <usize>yi * chunk8);
      let sum = 0.0;
      let k = 0;
      for (; k + 1 < K; k += 2) {
        const o0 = at + <usize>k * chunk8;
        const o1 = o0 + chunk8;
        const e = expNonPositive(f64x2.sub(f64x2.replace_lane(f64x2.splat(load<f64>(o0)), 1, load<f64>(o1)), f64x2.splat(max)));
        const e0 = f64x2.extract_lane(e, 0);
        const e1 = f64x2.extract_lane(e, 1);
        store<f64>(o0, e0);
        store<f64>(o1, e1);
        sum += e0 + e1;
      }
      if (k < K) {
        const o = at + <usize>k * chunk8;
        const e = f64x2.extract_lane(expNonPositive(f64x2.splat(load<f64>(o) - max)), 0);
        store<f64>(o, e);
        sum += e;
      }
      loss += (Math.log(sum) + max - zy) * si;
      const inv = 1.0 / sum;
      for (let c = 0; c < K; c++) {
        const o = at + <usize>c * chunk8;
        const pc = load<f64>(o) * inv;
        if (proba) store<f64>(proba + ((<usize>i * <usize>K + <usize>c) << 3), pc);
        store<f64>(o, (c === yi ? pc - 1.0 : pc) * si);
      }
    }
    // grad_k += Σ_r D[k][r] x_r, and the intercepts' sums
    for (let k = 0; k < K; k++) {
      const dk = scratch + <usize>k * chunk8;
      const gk = grad + <usize>k * block8;
      chunkAxpy(xc, rows, p, dk, gk);
      if (intercept) {
        let s = 0.0;
        for (let r = 0; r < rows; r++) s += load<f64>(dk + (<usize>r << 3));
        store<f64>(gk + p8, load<f64>(gk + p8) + s);
      }
    }
  }
  return loss;
}
