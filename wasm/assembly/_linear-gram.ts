// The normal equations of the linear regressors: one Gram matrix per chunk of rows.
// Part of the linear models' kernel module (wasm/assembly/linear.ts): pointers are byte
// offsets into its memory; matrices are row-major and contiguous unless a leading
// dimension is given.

/**
 * Accumulates into G (ld × ld, upper triangle) the Gram matrix of the augmented rows
 * [x - shift, y - yshift, 1, 0 …] of one chunk: XᵀX, Xᵀy and the column sums (against
 * the ones column), yᵀy, Σy and the row count, all shifted, in one pass.
 *
 * x: the chunk's rows (`rows` × `p`, contiguous); aug: room for `rows` × `ld` values,
 * ld a multiple of 4 and >= p + 2. Only the 4 × 4 blocks on or above the diagonal are
 * accumulated.
 */
export function gram_chunk(x: usize, rows: i32, p: i32, shift: usize, y: usize, yshift: f64, aug: usize, ld: i32, g: usize): void {
  const p8 = <usize>p << 3;
  const ld8 = <usize>ld << 3;
  const pairs = p & ~1;
  let src = x;
  let dst = aug;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3;
      v128.store(dst + o, f64x2.sub(v128.load(src + o), v128.load(shift + o)));
    }
    if (pairs < p) store<f64>(dst + (<usize>pairs << 3), load<f64>(src + (<usize>pairs << 3)) - load<f64>(shift + (<usize>pairs << 3)));
    store<f64>(dst + p8, load<f64>(y + (<usize>r << 3)) - yshift);
    store<f64>(dst + p8 + 8, 1.0);
    for (let j = p + 2; j < ld; j++) store<f64>(dst + (<usize>j << 3), 0.0);
    src += p8;
    dst += ld8;
  }
  for (let i0 = 0; i0 < ld; i0 += 4) {
    for (let j0 = i0; j0 < ld; j0 += 4) {
      gramBlock(aug + (<usize>i0 << 3), aug + (<usize>j0 << 3), ld8, rows, g + <usize>i0 * ld8 + (<usize>j0 << 3), ld8);
    }
  }
}

// One 4 × 4 block of G += Pᵀ Q over `rows` rows (P and Q: column offsets into the same
// rows, stride `ld8` bytes): eight f64x2 accumulators.
// @ts-ignore: decorator
@inline
function gramBlock(pp: usize, qq: usize, ld8: usize, rows: i32, cc: usize, ldc8: usize): void {
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
    pp += ld8;
    qq += ld8;
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
