/**
 * The few numpy behaviours that decide scikit-learn's splits index for index.
 *
 * - {@link argsortQuick}: `np.argsort(a)` with the default `kind='quicksort'`, which
 *   is an unstable introsort. GroupKFold sorts group sizes with it, so the order
 *   among groups of equal size (and so which fold each lands in) depends on this
 *   exact algorithm: median-of-three quicksort over index arrays, insertion sort for
 *   partitions of at most 16 items, heapsort when the depth budget
 *   (2 * floor(log2 n)) is spent. Written from numpy 1.24's algorithm description
 *   and checked against numpy on tie-heavy arrays (spec/fixtures/splits).
 * - {@link pairwiseSum}: numpy's summation of a contiguous run of doubles
 *   (8 accumulators, blocks of 128), which StratifiedGroupKFold's standard
 *   deviations go through; the last bits decide ties between candidate folds.
 *
 * Internal: not exported from the package.
 */

const SMALL_QUICKSORT = 15;

/** Index of the most significant set bit (numpy's `npy_get_msb`). */
function msb(n: number): number {
  let depth = 0;
  let u = n;
  while ((u = Math.floor(u / 2)) > 0) depth++;
  return depth;
}

/** numpy's `aheapsort_` on `idx[lo..lo+n)`. */
function heapsortRange(v: ArrayLike<number>, idx: Int32Array, lo: number, n: number): void {
  // 1-based heap over idx[lo-1+1 .. lo-1+n]
  const base = lo - 1;
  const at = (k: number): number => idx[base + k]!;
  const less = (a: number, b: number): boolean => v[a]! < v[b]!;
  for (let l = n >> 1; l > 0; l--) {
    const tmp = at(l);
    let i = l;
    let j = l << 1;
    while (j <= n) {
      if (j < n && less(at(j), at(j + 1))) j += 1;
      if (less(tmp, at(j))) {
        idx[base + i] = at(j);
        i = j;
        j += j;
      } else break;
    }
    idx[base + i] = tmp;
  }
  let m = n;
  while (m > 1) {
    const tmp = at(m);
    idx[base + m] = at(1);
    m -= 1;
    let i = 1;
    let j = 2;
    while (j <= m) {
      if (j < m && less(at(j), at(j + 1))) j++;
      if (less(tmp, at(j))) {
        idx[base + i] = at(j);
        i = j;
        j += j;
      } else break;
    }
    idx[base + i] = tmp;
  }
}

/**
 * The permutation that sorts `v` ascending, with numpy's default-`kind` tie order.
 * Values must not be NaN.
 */
export function argsortQuick(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const idx = new Int32Array(num);
  for (let i = 0; i < num; i++) idx[i] = i;
  if (num < 2) return idx;
  const less = (a: number, b: number): boolean => v[a]! < v[b]!;
  const swap = (a: number, b: number): void => {
    const t = idx[a]!;
    idx[a] = idx[b]!;
    idx[b] = t;
  };
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = msb(num) * 2;
  for (;;) {
    if (cdepth < 0) {
      heapsortRange(v, idx, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(idx[pm]!, idx[pl]!)) swap(pm, pl);
        if (less(idx[pr]!, idx[pm]!)) swap(pr, pm);
        if (less(idx[pm]!, idx[pl]!)) swap(pm, pl);
        const vp = v[idx[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (v[idx[pi]!]! < vp);
          do --pj;
          while (vp < v[idx[pj]!]!);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // push the larger partition, continue with the smaller one
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = idx[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        while (pj > pl && vp < v[idx[pj - 1]!]!) {
          idx[pj] = idx[pj - 1]!;
          pj--;
        }
        idx[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return idx;
}

const PW_BLOCKSIZE = 128;

/** numpy's pairwise sum of `a[start], a[start + stride], ...` (`n` items). */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i * stride]!;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[start + j * stride]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j]! += a[start + (i + j) * stride]!;
    }
    let res = (r[0]! + r[1]! + (r[2]! + r[3]!)) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i * stride]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2, stride) + pairwiseSum(a, start + n2 * stride, n - n2, stride);
}

/**
 * `np.std(m, axis=0)` of a row-major `rows` x `cols` matrix. numpy accumulates
 * such a reduction row after row when there are several columns, and pairwise when
 * there is a single (contiguous) column.
 */
export function stdOverRows(m: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  if (cols === 1) {
    out[0] = stdContiguous(m, 0, rows);
    return out;
  }
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += m[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const d = m[i * cols + j]! - mean[j]!;
      out[j]! += d * d;
    }
  }
  for (let j = 0; j < cols; j++) out[j] = Math.sqrt(out[j]! / rows);
  return out;
}

/** `np.std(row)` of a contiguous row (population std, numpy's summation order). */
export function stdContiguous(a: ArrayLike<number>, start: number, n: number): number {
  const mean = pairwiseSum(a, start, n) / n;
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[start + i]! - mean;
    dev[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(dev) / n);
}
