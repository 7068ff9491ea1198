/**
 * The support vector machines' WebAssembly SIMD kernels (`wasm/assembly/svm.ts`): the
 * module and views of its memory, and blocks of kernel values for decision values
 * ({@link decisionValues}). Training rows are in `training-kernel.ts`.
 *
 * Rows are copied once into the kernels' memory, transposed (feature-major), so one row
 * against many runs SIMD over rows while each dot product is still summed in feature
 * order, as libsvm sums it. Everything allocated there is released before a fit or a
 * prediction returns: the `svmKernelBytes` resource probe reads 0 between calls.
 */
import type { DenseMatrix } from '../../core/data.js';
import { registerResourceProbe } from '../../core/estimator.js';
import { WASM_BASE64 } from '../../core/kernels/generated/svm.js';
import { WasmKernelModule, type KernelExports } from '../../core/kernels/wasm-module.js';
import type { Kernel } from './kernels.js';
import { LIBSVM_KERNEL_CODES } from './kernels.js';

interface SvmExports extends KernelExports {
  set_kernel(kind: number, gamma: number, coef0: number, degree: number): void;
  exp_values(src: number, n: number, dst: number): void;
  kernel_row(
    x: number,
    xstride: number,
    xsq: number,
    xt: number,
    ld: number,
    d: number,
    sq: number,
    start: number,
    end: number,
    signs: number,
    ysign: number,
    out: number,
    f32out: number,
    scratch: number,
  ): void;
  kernel_block(rows: number, count: number, rowsq: number, xt: number, ld: number, d: number, sq: number, n: number, out: number, ldo: number, scratch: number): void;
  rbf_block_direct(rows: number, count: number, xt: number, ld: number, d: number, n: number, out: number, ldo: number): void;
  squared_norms(xt: number, ld: number, d: number, n: number, out: number): void;
  kernel_diagonal(sq: number, n: number, out: number): void;
  training_row(xt: number, ld: number, d: number, sq: number, signs: number, i: number, start: number, end: number, out: number, scratch: number): void;
  swap_rows(xt: number, ld: number, d: number, sq: number, signs: number, i: number, j: number): void;
  weighted_sums(k: number, ldk: number, nq: number, rows: number, coef: number, count: number, out: number): void;
  max_violator(upY: number, G: number, n: number, out: number): void;
  min_objective(lowY: number, G: number, QD: number, Qi: number, n: number, gmax: number, qdi: number, yi: number, out: number): void;
  update_gradient(G: number, Qi: number, Qj: number, dai: number, daj: number, n: number): void;
  add_scaled_column(v: number, a: number, Q: number, start: number, end: number): void;
  subtract_scaled_column(v: number, a: number, Q: number, start: number, end: number): void;
  gather_signed(data: number, row: number, sign: number, s: number, n: number, out: number): void;
  apply_swaps(slab: number, size: number, slot: number, len: number, columns: number, pairs: number, npairs: number, dropped: number): void;
}

/** The SVM kernels' module (instantiated on first use). */
export const svmKernels = new WasmKernelModule<SvmExports>('svm', WASM_BASE64);

registerResourceProbe('svmKernelBytes', () => svmKernels.bytesInUse);

/** Bytes of slack after each block: the SIMD loops may touch one value past an odd end. */
export const SLACK = 16;

/** Views of the kernels' whole memory, renewed when the memory grows (which replaces its buffer). */
let views: { buffer: ArrayBuffer; f32: Float32Array; f64: Float64Array; i32: Int32Array } | undefined;

/**
 * Float32, float64 and int32 views of the kernels' whole memory (index = byte address /
 * element size). Valid until the next allocation: take them after allocating.
 */
export function heapViews(): { f32: Float32Array; f64: Float64Array; i32: Int32Array } {
  const buffer = svmKernels.exports.memory.buffer;
  if (views === undefined || views.buffer !== buffer) {
    views = { buffer, f32: new Float32Array(buffer), f64: new Float64Array(buffer), i32: new Int32Array(buffer) };
  }
  return views;
}

/** Bytes of the kernels' scratch for rows of d features (the nonzero values of up to four rows and their offsets). */
export function scratchBytes(d: number): number {
  return d * 36 + SLACK;
}

/** Sets the kernel the following kernel calls evaluate. */
export function setKernel(kernel: Kernel): void {
  svmKernels.exports.set_kernel(LIBSVM_KERNEL_CODES[kernel.kernel], kernel.gamma, kernel.coef0, kernel.degree);
}

/** The squared norm of each row of `values` (row-major, d columns), summed in feature order. */
function rowSquaredNorms(values: Float64Array, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let f = r * d; f < r * d + d; f++) sum += values[f]! * values[f]!;
    out[r] = sum;
  }
  return out;
}

/** One machine of a model: decision(x) = Σ coef[t] · K(x, sv[rows[t]]) − rho. */
export interface DecisionMachine {
  /** Positions of its support vectors among the model's, in summation order. */
  readonly rows: Int32Array;
  readonly coef: Float64Array;
  readonly rho: number;
}

/**
 * Above this γ·max‖x‖², the rbf decision values take the squared distances by
 * differences (libsvm's prediction kernel) rather than through the squared norms, whose
 * cancellation would then cost more than 1e-12 in the exponent.
 */
const NORMS_LIMIT = 2048;

function maxRowSquaredNorm(X: DenseMatrix): number {
  let max = 0;
  for (const v of rowSquaredNorms(X.values, X.rows, X.columns)) max = Math.max(max, v);
  return max;
}

/** Queries per block: the kernel block (support vectors × queries) stays cache-sized. */
function queryBlock(nSV: number): number {
  const fit = Math.floor(65536 / Math.max(1, nSV));
  return Math.min(512, Math.max(8, fit - (fit % 8)));
}

/**
 * The decision value of every machine for every row of `X`: `X.rows × machines.length`,
 * row-major. Each sum runs over the machine's support vectors in order, as libsvm's
 * does; the rbf kernel goes through squared norms when they are small enough not to
 * cancel (γ·max‖x‖² ≤ 2048), else by differences as libsvm's prediction does.
 */
export function decisionValues(kernel: Kernel, supportVectors: DenseMatrix, machines: readonly DecisionMachine[], X: DenseMatrix): Float64Array {
  const n = X.rows;
  const d = X.columns;
  const nSV = supportVectors.rows;
  const nm = machines.length;
  const result = new Float64Array(n * nm);
  if (n === 0) return result;
  if (nSV === 0) {
    for (let q = 0; q < n; q++) for (let m = 0; m < nm; m++) result[q * nm + m] = -machines[m]!.rho;
    return result;
  }
  const k = svmKernels;
  const e = k.exports;
  setKernel(kernel);
  const svNorms = rowSquaredNorms(supportVectors.values, nSV, d);
  const direct = kernel.kernel === 'rbf' && kernel.gamma * Math.max(maxRowSquaredNorm(supportVectors), maxRowSquaredNorm(X)) > NORMS_LIMIT;
  const block = Math.min(queryBlock(nSV), n + (n % 2));
  const ldq = block + (block % 2);
  k.scoped((alloc) => {
    const sv = alloc(nSV * d * 8 + SLACK);
    const svsq = alloc(nSV * 8 + SLACK);
    const xt = alloc(ldq * d * 8 + SLACK);
    const sq = alloc(ldq * 8 + SLACK);
    const K = alloc(nSV * ldq * 8 + SLACK);
    const out = alloc(ldq * 8 + SLACK);
    let totalRows = 0;
    for (const machine of machines) totalRows = Math.max(totalRows, machine.rows.length);
    const rowsPtr = alloc(Math.max(1, totalRows) * 4 + SLACK);
    const coefPtr = alloc(Math.max(1, totalRows) * 8 + SLACK);
    const scratch = alloc(scratchBytes(d));
    k.f64(sv, nSV * d).set(supportVectors.values);
    k.f64(svsq, nSV).set(svNorms);
    const v = X.values;
    for (let q0 = 0; q0 < n; q0 += block) {
      const nq = Math.min(block, n - q0);
      const t = k.f64(xt, ldq * d);
      t.fill(0);
      for (let q = 0; q < nq; q++) {
        const base = (q0 + q) * d;
        for (let f = 0; f < d; f++) t[f * ldq + q] = v[base + f]!;
      }
      if (direct) {
        e.rbf_block_direct(sv, nSV, xt, ldq, d, nq, K, ldq);
      } else {
        e.squared_norms(xt, ldq, d, nq, sq);
        e.kernel_block(sv, nSV, svsq, xt, ldq, d, sq, nq, K, ldq, scratch);
      }
      for (let m = 0; m < nm; m++) {
        const machine = machines[m]!;
        const count = machine.rows.length;
        k.i32(rowsPtr, count).set(machine.rows);
        k.f64(coefPtr, count).set(machine.coef);
        k.f64(out, ldq).fill(0);
        e.weighted_sums(K, ldq, nq, rowsPtr, coefPtr, count, out);
        const sums = k.f64(out, nq);
        for (let q = 0; q < nq; q++) result[(q0 + q) * nm + m] = sums[q]! - machine.rho;
      }
    }
  });
  return result;
}

/** exp of every value through the kernels' SIMD exp (for the specs). */
export function kernelExp(values: Float64Array): Float64Array {
  return svmKernels.scoped((alloc) => {
    const src = alloc(values.length * 8 + SLACK);
    const dst = alloc(values.length * 8 + SLACK);
    svmKernels.f64(src, values.length).set(values);
    svmKernels.exports.exp_values(src, values.length, dst);
    return svmKernels.f64(dst, values.length).slice();
  });
}
