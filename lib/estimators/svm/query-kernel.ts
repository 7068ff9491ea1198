/**
 * The kernel values between a split's training rows and its test rows, computed
 * once for all the candidates of a search that share a kernel (see
 * `svm-shared.ts`): each candidate's decision values on the test rows are then
 * weighted sums of the rows of its support vectors.
 *
 * The values are those {@link decisionValues} computes (the same kernel block,
 * lane by lane, and sums over the support vectors in the same order), so the
 * decision values are the same bits. Built only where `decisionValues` takes the
 * squared-norm path for any subset of the training rows (not for an rbf kernel
 * whose squared norms would cancel).
 */
import type { DenseMatrix } from '../../core/data.js';
import type { Kernel } from './kernels.js';
import type { DecisionMachine } from './wasm-kernels.js';
import { SLACK, scratchBytes, setKernel, svmKernels } from './wasm-kernels.js';

/** Above this γ·max‖x‖², decision values take the rbf distances by differences (wasm-kernels.ts). */
const NORMS_LIMIT = 2048;

function squaredNorms(values: Float64Array, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let f = r * d; f < r * d + d; f++) sum += values[f]! * values[f]!;
    out[r] = sum;
  }
  return out;
}

/** K(training rows, queries), `rows × ld` float64 in the kernels' memory. */
export class QueryKernel {
  private disposed = false;

  private constructor(
    /** The queries (compared by identity). */
    readonly queries: DenseMatrix,
    private readonly address: number,
    private readonly ld: number,
    readonly bytes: number,
  ) {}

  /** The kernel block of `X`'s rows against `queries`, or undefined where decision values would not take it. */
  static build(kernel: Kernel, X: DenseMatrix, queries: DenseMatrix): QueryKernel | undefined {
    const n = X.rows;
    const nq = queries.rows;
    const d = X.columns;
    if (n === 0 || nq === 0) return undefined;
    const rowsq = squaredNorms(X.values, n, d);
    if (kernel.kernel === 'rbf') {
      let max = 0;
      for (const v of rowsq) max = Math.max(max, v);
      for (const v of squaredNorms(queries.values, nq, d)) max = Math.max(max, v);
      if (kernel.gamma * max > NORMS_LIMIT) return undefined;
    }
    const ld = nq + (nq % 2);
    const k = svmKernels;
    const bytes = n * ld * 8 + SLACK;
    const K = k.alloc(bytes);
    try {
      k.scoped((alloc) => {
        const rows = alloc(n * d * 8 + SLACK);
        const sqRows = alloc(n * 8 + SLACK);
        const xt = alloc(ld * d * 8 + SLACK);
        const sq = alloc(ld * 8 + SLACK);
        const scratch = alloc(scratchBytes(d));
        k.f64(rows, n * d).set(X.values.subarray(0, n * d));
        k.f64(sqRows, n).set(rowsq);
        const t = k.f64(xt, ld * d);
        t.fill(0);
        const v = queries.values;
        for (let q = 0; q < nq; q++) for (let f = 0; f < d; f++) t[f * ld + q] = v[q * d + f]!;
        setKernel(kernel);
        k.exports.squared_norms(xt, ld, d, nq, sq);
        k.exports.kernel_block(rows, n, sqRows, xt, ld, d, sq, nq, K, ld, scratch);
      });
    } catch (error) {
      k.release(K);
      throw error;
    }
    return new QueryKernel(queries, K, ld, bytes);
  }

  /**
   * The decision value of every machine for every query (`queries.rows ×
   * machines.length`, row-major), machines given by the training rows of their
   * support vectors; undefined once disposed.
   */
  decisions(machines: readonly DecisionMachine[]): Float64Array | undefined {
    if (this.disposed) return undefined;
    const nq = this.queries.rows;
    const nm = machines.length;
    const result = new Float64Array(nq * nm);
    const k = svmKernels;
    let most = 1;
    for (const m of machines) most = Math.max(most, m.rows.length);
    k.scoped((alloc) => {
      const rows = alloc(most * 4 + SLACK);
      const coef = alloc(most * 8 + SLACK);
      const out = alloc(this.ld * 8 + SLACK);
      machines.forEach((machine, m) => {
        const count = machine.rows.length;
        k.i32(rows, count).set(machine.rows);
        k.f64(coef, count).set(machine.coef);
        k.f64(out, this.ld).fill(0);
        k.exports.weighted_sums(this.address, this.ld, nq, rows, coef, count, out);
        const sums = k.f64(out, nq);
        for (let q = 0; q < nq; q++) result[q * nm + m] = sums[q]! - machine.rho;
      });
    });
    return result;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    svmKernels.release(this.address);
  }
}
