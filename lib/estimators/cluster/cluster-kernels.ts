/**
 * The distance work of k-means on the WebAssembly SIMD kernels of
 * `wasm/assembly/cluster.ts`: Lloyd's E-step with the M-step's sums, Elkan's pass
 * with its bounds, the squared distances from one sample to all (k-means++) and the
 * inertia. The samples are copied once per fit into the kernels' memory
 * ({@link ClusterData}); rows are padded to an even length so they are read two
 * values at a time.
 *
 * Bit for bit as scikit-learn: the M-step sums (in sample order), the inertia and
 * Elkan's distances (its unrolled squared distance). The dot products that rank
 * centers in Lloyd's step and k-means++ are summed in another order than its BLAS;
 * they differ in the last bits, which decides a label only for a sample equally close
 * to two centers to within rounding.
 */
import { WASM_BASE64 } from '../../core/kernels/generated/cluster.js';
import { rowSquaredNorms } from './k-means-common.js';
import { WasmKernelModule, type KernelExports } from '../../core/kernels/wasm-module.js';

interface ClusterExports extends KernelExports {
  lloyd_assign(
    x: number, ld: number, from: number, to: number, centers: number, kpad: number, cnorms: number,
    sampleWeight: number, labels: number, update: number, sums: number, clusterWeights: number, dots: number,
  ): void;
  candidate_distances(x: number, ld: number, n: number, rows: number, count: number, norms: number, closest: number, out: number): void;
  inertia(x: number, ld: number, p: number, from: number, to: number, centers: number, labels: number, sampleWeight: number): number;
  elkan_init(x: number, ld: number, p: number, n: number, centers: number, k: number, half: number, labels: number, upper: number, lower: number): void;
  elkan_shift(n: number, k: number, labels: number, upper: number, lower: number, shift: number): void;
  lloyd_bounded(
    x: number, ld: number, from: number, to: number, centers: number, kpad: number, cnorms: number, xnorms: number, xroots: number,
    sampleWeight: number, labels: number, update: number, sums: number, clusterWeights: number, dots: number,
    upper: number, lower: number, half: number, drift: number, drift1: number, drift2: number, driftArg: number,
    radius: number, gamma: number, first: number,
  ): number;
  elkan_pass(
    x: number, ld: number, p: number, from: number, to: number, centers: number, k: number, half: number, next: number,
    upper: number, lower: number, labels: number, sampleWeight: number, update: number, sums: number, clusterWeights: number,
  ): void;
}

/** The k-means kernels' module (instantiated on first use). */
export const clusterKernels = new WasmKernelModule<ClusterExports>('cluster', WASM_BASE64);

/** Rounds n up to a multiple of m. */
export const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** What a Lloyd or Elkan step fills. */
export interface StepOutput {
  /** One label per sample (in and out: Elkan reads the current labels). */
  readonly labels: Int32Array;
  /** `k × p` weighted sums of each cluster's samples (out, when updating). */
  readonly sums: Float64Array;
  /** The weight of each cluster (out, when updating). */
  readonly weights: Float64Array;
}

/** Samples (and their weights) copied into the kernels' memory for one fit; free with {@link ClusterData.dispose}. */
export class ClusterData {
  /** Row stride in the kernels' memory: p rounded up to even. */
  readonly ld: number;
  /** The samples (n rows of `ld` values) and their weights in the kernels' memory. */
  readonly xPtr: number;
  readonly weightPtr: number;
  /** The samples' squared norms and their square roots (n values each), for the bounded Lloyd steps and k-means++. */
  readonly normsPtr: number;
  readonly rootsPtr: number;
  private disposed = false;

  /**
   * @param X row-major `n × p`
   * @param sampleWeight one weight per sample (all 1 for prediction)
   * @param squaredNorms the samples' squared norms (computed when left out)
   */
  constructor(
    X: Float64Array,
    readonly n: number,
    readonly p: number,
    sampleWeight: Float64Array,
    squaredNorms?: Float64Array,
  ) {
    const k = clusterKernels;
    this.ld = roundUp(p, 2);
    this.xPtr = k.alloc(n * this.ld * 8);
    this.weightPtr = k.alloc(n * 8);
    this.normsPtr = k.alloc(n * 8);
    this.rootsPtr = k.alloc(n * 8);
    const norms = squaredNorms ?? rowSquaredNorms(X, n, p);
    k.f64(this.normsPtr, n).set(norms);
    const roots = k.f64(this.rootsPtr, n);
    for (let i = 0; i < n; i++) roots[i] = Math.sqrt(norms[i] as number);
    const view = k.f64(this.xPtr, n * this.ld);
    if (this.ld === p) view.set(X.subarray(0, n * p));
    else for (let i = 0; i < n; i++) {
      view.set(X.subarray(i * p, (i + 1) * p), i * this.ld);
      view[i * this.ld + p] = 0;
    }
    k.f64(this.weightPtr, n).set(sampleWeight);
  }

  /** Centers (`k × p`) as padded rows at `ptr`, with `rows` rows in all (extra rows zero). */
  private writeRows(ptr: number, values: Float64Array, k: number, rows: number): void {
    writeRows(ptr, values, k, this.p, this.ld, rows);
  }

  /**
   * Lloyd's E-step: each sample's first closest center by `‖c‖² − 2 x·c`
   * (`centerNorms` are the squared norms of the centers); with `update`, the
   * weighted sums and weights of the clusters.
   */
  lloydStep(centers: Float64Array, centerNorms: Float64Array, out: StepOutput, update: boolean): void {
    const { n, ld } = this;
    const k = centerNorms.length;
    const kpad = roundUp(k, 4);
    const kernels = clusterKernels;
    kernels.scoped((alloc) => {
      const cPtr = alloc(kpad * ld * 8);
      const normPtr = alloc(kpad * 8);
      const dotsPtr = alloc(2 * kpad * 8);
      const labelPtr = alloc(n * 4);
      const sumPtr = alloc(k * ld * 8);
      const cwPtr = alloc(k * 8);
      this.writeRows(cPtr, centers, k, kpad);
      const norms = kernels.f64(normPtr, kpad);
      norms.fill(Infinity);
      norms.set(centerNorms);
      kernels.f64(sumPtr, k * ld).fill(0);
      kernels.f64(cwPtr, k).fill(0);
      kernels.exports.lloyd_assign(this.xPtr, ld, 0, n, cPtr, kpad, normPtr, this.weightPtr, labelPtr, update ? 1 : 0, sumPtr, cwPtr, dotsPtr);
      out.labels.set(kernels.i32(labelPtr, n));
      if (update) this.readSums(sumPtr, cwPtr, k, out);
    });
  }

  /** Copies the kernels' `k × ld` sums and k weights into `out` (`k × p` sums). */
  readSums(sumPtr: number, cwPtr: number, k: number, out: StepOutput): void {
    const { p, ld } = this;
    const sums = clusterKernels.f64(sumPtr, k * ld);
    for (let c = 0; c < k; c++) out.sums.set(sums.subarray(c * ld, c * ld + p), c * p);
    out.weights.set(clusterKernels.f64(cwPtr, k));
  }

  /**
   * k-means++'s candidate distances: for each sample index in `rows`, the squared
   * distances from that sample to every sample as scikit-learn computes them
   * (`‖r‖² − 2 r·x + ‖x‖²`, clipped at 0), each lowered to `closest` where that is
   * smaller (`closest` undefined: no lowering). One `Float64Array` of n per row.
   */
  candidateDistances(rows: ArrayLike<number>, closest: Float64Array | undefined): Float64Array[] {
    const { n, ld } = this;
    const count = rows.length;
    const padded = roundUp(count, 4);
    const kernels = clusterKernels;
    return kernels.scoped((alloc) => {
      const rowsPtr = alloc(padded * 4);
      const closestPtr = alloc(n * 8);
      const outPtr = alloc(padded * n * 8);
      const rowView = kernels.i32(rowsPtr, padded);
      for (let t = 0; t < padded; t++) rowView[t] = rows[Math.min(t, count - 1)] as number;
      const near = kernels.f64(closestPtr, n);
      if (closest === undefined) near.fill(Infinity);
      else near.set(closest);
      kernels.exports.candidate_distances(this.xPtr, ld, n, rowsPtr, padded, this.normsPtr, closestPtr, outPtr);
      const all = kernels.f64(outPtr, padded * n);
      return Array.from({ length: count }, (_, t) => all.slice(t * n, (t + 1) * n));
    });
  }

  /** scikit-learn's `_inertia_dense` of the samples for `centers` (`k × p`) and `labels`. */
  inertia(centers: Float64Array, k: number, labels: Int32Array): number {
    const { n, p, ld } = this;
    const kernels = clusterKernels;
    return kernels.scoped((alloc) => {
      const cPtr = alloc(k * ld * 8);
      const labelPtr = alloc(n * 4);
      this.writeRows(cPtr, centers, k, k);
      kernels.i32(labelPtr, n).set(labels);
      return kernels.exports.inertia(this.xPtr, ld, p, 0, n, cPtr, labelPtr, this.weightPtr);
    });
  }

  /** Frees the kernel memory (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clusterKernels.release(this.rootsPtr);
    clusterKernels.release(this.normsPtr);
    clusterKernels.release(this.weightPtr);
    clusterKernels.release(this.xPtr);
  }
}

/** `k` rows of p values as rows of `ld` values at `ptr`, zero padded to `rows` rows. */
export function writeRows(ptr: number, values: Float64Array, k: number, p: number, ld: number, rows = k): void {
  const view = clusterKernels.f64(ptr, rows * ld);
  view.fill(0);
  for (let c = 0; c < k; c++) view.set(values.subarray(c * p, (c + 1) * p), c * ld);
}
