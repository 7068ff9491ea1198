/**
 * The WebAssembly SIMD kernels of HistGradientBoosting (`wasm/assembly/hgb.ts`):
 * histogram building, subtraction, split scans and row partitioning for the
 * workspace, sorting and binning for the bin mapper.
 */
import { WASM_BASE64 } from '../../../core/kernels/generated/hgb.js';
import type { KernelExports } from '../../../core/kernels/wasm-module.js';
import { WasmKernelModule } from '../../../core/kernels/wasm-module.js';

/** The kernels' exports. */
export interface HgbExports extends KernelExports {
  reset_partition(rows: number, n: number): void;
  sum_f32(x: number, n: number): number;
  build_histogram(
    binned: number, n: number, p: number, nbins: number, nbnm: number, missing: number,
    rows: number, count: number, identity: number, grad: number, hess: number, gh: number, sums: number, counts: number,
  ): void;
  subtract_histograms(a: number, ac: number, b: number, bc: number, out: number, oc: number, p: number, nbins: number, nbnm: number, missing: number): void;
  find_numerical_splits(
    sums: number, counts: number, p: number, nbins: number, nbnm: number, hasMissing: number, isCategorical: number, monotonic: number,
    node: number, gain: number, bin: number, missingLeft: number, gl: number, hl: number, nl: number,
  ): void;
  split_rows(column: number, rows: number, count: number, tmp: number, bin: number, missingLeft: number, missing: number, bitset: number): number;
  sort_f64(values: number, n: number, tmp: number, counts: number): void;
  bin_values(values: number, n: number, thresholds: number, nthr: number, out: number, missing: number, categorical: number): void;
}

/** The histogram kernels' module (instantiated on first use). */
export const hgbKernels = new WasmKernelModule<HgbExports>('hgb', WASM_BASE64);

/** Sorts values that hold no NaN, ascending, into a new array (a radix sort in the kernels). */
export function sortFinite(values: Float64Array): Float64Array {
  const n = values.length;
  return hgbKernels.scoped((alloc) => {
    const at = alloc(8 * n);
    const tmp = alloc(8 * n);
    const counts = alloc(8 * 256 * 4);
    hgbKernels.f64(at, n).set(values);
    hgbKernels.exports.sort_f64(at, n, tmp, counts);
    return hgbKernels.f64(at, n).slice();
  });
}

/**
 * Writes the bin of each value into `out`: the first `i` with `value <= thresholds[i]`,
 * `missingBin` for NaN (and for negative values of a categorical feature).
 */
export function binValues(values: Float64Array, thresholds: Float64Array, out: Uint8Array, missingBin: number, categorical: boolean): void {
  const n = values.length;
  const m = thresholds.length;
  hgbKernels.scoped((alloc) => {
    const at = alloc(8 * n);
    const t = alloc(8 * m);
    const o = alloc(n);
    hgbKernels.f64(at, n).set(values);
    hgbKernels.f64(t, m).set(thresholds);
    hgbKernels.exports.bin_values(at, n, t, m, o, missingBin, categorical ? 1 : 0);
    out.set(new Uint8Array(hgbKernels.exports.memory.buffer, o, n));
  });
}
