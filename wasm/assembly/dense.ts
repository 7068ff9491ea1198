// Dense float64 kernels for tunekit (AssemblyScript, compiled to WebAssembly with SIMD).
//
// Every pointer is a byte offset into this module's memory, which the JavaScript side
// manages (lib/core/kernels/wasm-module.ts). Matrices are row-major with a leading
// dimension (the distance in elements between two rows). Functions that walk columns
// in pairs or fours require leading dimensions and column counts that are multiples of
// 2 or 4 as stated; the caller pads with zeros (lib/core/kernels/dense.ts does).

/** Rows of P and Q processed per pass: their panels stay in the first-level caches. */
const ROW_CHUNK: i32 = 128;

/**
 * C[i][j] += sum over r < nr of P[r][i] * Q[r][j], for i < m and j < n: C += Pᵀ Q.
 *
 * P is nr × m (leading dimension ldp), Q is nr × n (ldq), C is m × n (ldc). The work
 * goes in 4 × 4 blocks: when m or n is not a multiple of 4, the last block reads past
 * the end of a row (into the next row, or up to 24 bytes past the last one) and writes
 * meaningless values into C's rows and columns beyond m and n. So C must be allocated
 * with room for ceil(m/4)*4 rows and ldc >= ceil(n/4)*4, and P and Q with 32 bytes of
 * slack; the caller ignores what lies beyond m and n. With `upper` set, only the blocks
 * on or above the diagonal are updated (P = Q gives the upper half of XᵀX).
 */
export function gemm_tn(p: usize, ldp: i32, q: usize, ldq: i32, nr: i32, m: i32, n: i32, c: usize, ldc: i32, upper: i32): void {
  const ldp8 = <usize>ldp << 3;
  const ldq8 = <usize>ldq << 3;
  const ldc8 = <usize>ldc << 3;
  for (let r0 = 0; r0 < nr; r0 += ROW_CHUNK) {
    const r1 = min(nr, r0 + ROW_CHUNK);
    for (let i0 = 0; i0 < m; i0 += 4) {
      const j0start = upper ? i0 : 0;
      for (let j0 = j0start; j0 < n; j0 += 4) {
        block4x4(p + (<usize>r0 * ldp8) + (<usize>i0 << 3), ldp8, q + (<usize>r0 * ldq8) + (<usize>j0 << 3), ldq8, r1 - r0,
          c + <usize>i0 * ldc8 + (<usize>j0 << 3), ldc8);
      }
    }
  }
}

// One 4 × 4 block of C += Pᵀ Q over `rows` rows: eight f64x2 accumulators.
// @ts-ignore: decorator
@inline
function block4x4(pp: usize, ldp8: usize, qq: usize, ldq8: usize, rows: i32, cc: usize, ldc8: usize): void {
  let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0);
  let a20 = f64x2.splat(0), a21 = f64x2.splat(0), a30 = f64x2.splat(0), a31 = f64x2.splat(0);
  for (let r = 0; r < rows; r++) {
    const v0 = v128.load(qq);
    const v1 = v128.load(qq, 16);
    let s = v128.load64_splat(pp);
    a00 = f64x2.add(a00, f64x2.mul(s, v0));
    a01 = f64x2.add(a01, f64x2.mul(s, v1));
    s = v128.load64_splat(pp, 8);
    a10 = f64x2.add(a10, f64x2.mul(s, v0));
    a11 = f64x2.add(a11, f64x2.mul(s, v1));
    s = v128.load64_splat(pp, 16);
    a20 = f64x2.add(a20, f64x2.mul(s, v0));
    a21 = f64x2.add(a21, f64x2.mul(s, v1));
    s = v128.load64_splat(pp, 24);
    a30 = f64x2.add(a30, f64x2.mul(s, v0));
    a31 = f64x2.add(a31, f64x2.mul(s, v1));
    pp += ldp8;
    qq += ldq8;
  }
  v128.store(cc, f64x2.add(v128.load(cc), a00));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a01), 16);
  cc += ldc8;
  v128.store(cc, f64x2.add(v128.load(cc), a10));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a11), 16);
  cc += ldc8;
  v128.store(cc, f64x2.add(v128.load(cc), a20));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a21), 16);
  cc += ldc8;
  v128.store(cc, f64x2.add(v128.load(cc), a30));
  v128.store(cc, f64x2.add(v128.load(cc, 16), a31), 16);
}

/**
 * out[j] = sum over r < n of X[r][j], for j < cols, walking the rows in order (one pass
 * over memory). Columns go in pairs: when `cols` is odd, out[cols] receives a
 * meaningless value (out needs room for it).
 */
export function column_sums(x: usize, n: i32, cols: i32, ldx: i32, out: usize): void {
  const ldx8 = <usize>ldx << 3;
  for (let j = 0; j < cols; j += 2) v128.store(out + (<usize>j << 3), f64x2.splat(0));
  let row = x;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < cols; j += 2) {
      const o = <usize>j << 3;
      v128.store(out + o, f64x2.add(v128.load(out + o), v128.load(row + o)));
    }
    row += ldx8;
  }
}

/** X[r][j] -= v[j] for r < n, j < cols (any column count). */
export function subtract_row_vector(x: usize, n: i32, cols: i32, ldx: i32, v: usize): void {
  const ldx8 = <usize>ldx << 3;
  const pairs = cols & ~1;
  let row = x;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < pairs; j += 2) {
      const a = row + (<usize>j << 3);
      v128.store(a, f64x2.sub(v128.load(a), v128.load(v + (<usize>j << 3))));
    }
    if (pairs < cols) {
      const a = row + (<usize>pairs << 3);
      store<f64>(a, load<f64>(a) - load<f64>(v + (<usize>pairs << 3)));
    }
    row += ldx8;
  }
}

/** dst[k][j] = src[idx[k]][j] for k < count, j < cols: gathers rows by index (int32). */
export function gather_rows(src: usize, lds: i32, cols: i32, idx: usize, count: i32, dst: usize, ldd: i32): void {
  const lds8 = <usize>lds << 3;
  const ldd8 = <usize>ldd << 3;
  const bytes = <usize>cols << 3;
  let out = dst;
  for (let k = 0; k < count; k++) {
    memory.copy(out, src + <usize>load<i32>(idx + (<usize>k << 2)) * lds8, bytes);
    out += ldd8;
  }
}

/** dst[j][i] = src[i][j] for i < rows, j < cols. */
export function transpose(src: usize, rows: i32, cols: i32, lds: i32, dst: usize, ldd: i32): void {
  const lds8 = <usize>lds << 3;
  const ldd8 = <usize>ldd << 3;
  for (let i0 = 0; i0 < rows; i0 += 32) {
    const i1 = min(rows, i0 + 32);
    for (let j0 = 0; j0 < cols; j0 += 32) {
      const j1 = min(cols, j0 + 32);
      for (let i = i0; i < i1; i++) {
        const s = src + <usize>i * lds8;
        const d = dst + (<usize>i << 3);
        for (let j = j0; j < j1; j++) store<f64>(d + <usize>j * ldd8, load<f64>(s + (<usize>j << 3)));
      }
    }
  }
}

/** y[r] = sum over j < cols of X[r][j] * w[j], for r < n (any column count). */
export function gemv_n(x: usize, n: i32, cols: i32, ldx: i32, w: usize, y: usize): void {
  const ldx8 = <usize>ldx << 3;
  let row = x;
  for (let r = 0; r < n; r++) {
    let acc0 = f64x2.splat(0);
    let acc1 = f64x2.splat(0);
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const o = <usize>j << 3;
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(w + o)));
      acc1 = f64x2.add(acc1, f64x2.mul(v128.load(row + o, 16), v128.load(w + o, 16)));
    }
    if (j + 1 < cols) {
      const o = <usize>j << 3;
      acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(w + o)));
      j += 2;
    }
    const acc = f64x2.add(acc0, acc1);
    let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    if (j < cols) sum += load<f64>(row + (<usize>j << 3)) * load<f64>(w + (<usize>j << 3));
    store<f64>(y + (<usize>r << 3), sum);
    row += ldx8;
  }
}

/** out[j] += sum over r < n of v[r] * X[r][j], for j < cols (any column count). */
export function gemv_t(x: usize, n: i32, cols: i32, ldx: i32, v: usize, out: usize): void {
  const ldx8 = <usize>ldx << 3;
  const pairs = cols & ~1;
  let row = x;
  for (let r = 0; r < n; r++) {
    const vr = load<f64>(v + (<usize>r << 3));
    const s = f64x2.splat(vr);
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(s, v128.load(row + o))));
    }
    if (pairs < cols) {
      const o = <usize>pairs << 3;
      store<f64>(out + o, load<f64>(out + o) + vr * load<f64>(row + o));
    }
    row += ldx8;
  }
}

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}
