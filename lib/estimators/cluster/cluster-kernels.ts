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

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

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
  private readonly xPtr: number;
  private readonly weightPtr: number;
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
    const { p, ld } = this;
    const view = clusterKernels.f64(ptr, rows * ld);
    view.fill(0);
    for (let c = 0; c < k; c++) view.set(values.subarray(c * p, (c + 1) * p), c * ld);
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

  /** The labels and bounds of a run of Elkan's algorithm ({@link ElkanRun}). */
  elkanRun(k: number): ElkanRun {
    return new ElkanRun(this, this.xPtr, this.weightPtr, k);
  }

  /** Bounds for a run of Lloyd's algorithm that skips the samples whose label cannot change ({@link BoundedLloyd}). */
  boundedLloyd(k: number): BoundedLloyd {
    return new BoundedLloyd(this, this.xPtr, this.weightPtr, k);
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

/**
 * One run of Lloyd's algorithm with Hamerly's bounds (`lloyd_bounded`): each step gives
 * exactly the labels and sums of {@link ClusterData.lloydStep}, computing every
 * distance only for the samples whose label could change. The samples' squared norms,
 * labels and bounds stay in the kernels' memory between steps; free with
 * {@link BoundedLloyd.dispose}.
 */
export class BoundedLloyd {
  private readonly block: number;
  private first = true;
  /** The samples whose keys were all computed at the last step (for tests and tuning). */
  lastComputed = 0;

  constructor(
    private readonly data: ClusterData,
    private readonly xPtr: number,
    private readonly weightPtr: number,
    private readonly k: number,
  ) {
    const n = data.n;
    // labels (n i32, rounded to 16 bytes), then upper and lower bounds (n f64 each)
    this.block = clusterKernels.alloc(roundUp(n * 4, 16) + 2 * n * 8);
  }

  private get labelsPtr(): number {
    return this.block;
  }
  private get upperPtr(): number {
    return this.block + roundUp(this.data.n * 4, 16);
  }
  private get lowerPtr(): number {
    return this.upperPtr + this.data.n * 8;
  }

  /**
   * One E-step (and, with `update`, the M-step sums) for `centers` (`k × p`) with
   * squared norms `centerNorms`; `drift` is how far each center moved since the last
   * step (ignored at the first). Labels go to `out.labels`.
   */
  step(centers: Float64Array, centerNorms: Float64Array, drift: Float64Array, out: StepOutput, update: boolean): void {
    const { n, p, ld } = this.data;
    const k = this.k;
    const kpad = roundUp(k, 4);
    const kernels = clusterKernels;
    // half of each center's distance to its nearest other center, and the largest center norm (rounded to be safe)
    const half = new Float64Array(k).fill(Infinity);
    let radius = 0;
    for (let c = 0; c < k; c++) {
      radius = Math.max(radius, Math.sqrt(centerNorms[c] as number));
      for (let d = c + 1; d < k; d++) {
        let sum = 0;
        for (let j = 0; j < p; j++) {
          const v = (centers[c * p + j] as number) - (centers[d * p + j] as number);
          sum += v * v;
        }
        const h = (Math.sqrt(sum) / 2) * (1 - 1e-12);
        if (h < (half[c] as number)) half[c] = h;
        if (h < (half[d] as number)) half[d] = h;
      }
    }
    radius *= 1 + 1e-12;
    let drift1 = 0;
    let drift2 = 0;
    let driftArg = -1;
    for (let c = 0; c < k; c++) {
      const v = drift[c] as number;
      if (v > drift1) {
        drift2 = drift1;
        drift1 = v;
        driftArg = c;
      } else if (v > drift2) drift2 = v;
    }
    // the keys' rounding: a generous multiple of (p + 4) unit roundoffs
    const gamma = 8 * (p + 4) * 2 ** -53;
    kernels.scoped((alloc) => {
      const cPtr = alloc(kpad * ld * 8);
      const normPtr = alloc(kpad * 8);
      const dotsPtr = alloc(2 * kpad * 8);
      const sumPtr = alloc(k * ld * 8);
      const cwPtr = alloc(k * 8);
      const halfPtr = alloc(k * 8);
      const driftPtr = alloc(k * 8);
      const view = kernels.f64(cPtr, kpad * ld);
      view.fill(0);
      for (let c = 0; c < k; c++) view.set(centers.subarray(c * p, (c + 1) * p), c * ld);
      const norms = kernels.f64(normPtr, kpad);
      norms.fill(Infinity);
      norms.set(centerNorms);
      kernels.f64(sumPtr, k * ld).fill(0);
      kernels.f64(cwPtr, k).fill(0);
      kernels.f64(halfPtr, k).set(half);
      kernels.f64(driftPtr, k).set(drift.subarray(0, k));
      this.lastComputed = kernels.exports.lloyd_bounded(
        this.xPtr, ld, 0, n, cPtr, kpad, normPtr, this.data.normsPtr, this.data.rootsPtr, this.weightPtr, this.labelsPtr, update ? 1 : 0, sumPtr, cwPtr, dotsPtr,
        this.upperPtr, this.lowerPtr, halfPtr, driftPtr, drift1, drift2, driftArg, radius, gamma, this.first ? 1 : 0,
      );
      this.first = false;
      out.labels.set(kernels.i32(this.labelsPtr, n));
      if (update) {
        const sums = kernels.f64(sumPtr, k * ld);
        for (let c = 0; c < k; c++) out.sums.set(sums.subarray(c * ld, c * ld + p), c * p);
        out.weights.set(kernels.f64(cwPtr, k));
      }
    });
  }

  /** Frees the kernel memory (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clusterKernels.release(this.block);
  }

  private disposed = false;
}

/**
 * One run of Elkan's algorithm: the labels and bounds (an upper bound per sample, a
 * lower bound per sample and center) stay in the kernels' memory between passes.
 * Free with {@link ElkanRun.dispose}.
 */
export class ElkanRun {
  private readonly labelsPtr: number;
  private readonly upperPtr: number;
  private readonly lowerPtr: number;
  private disposed = false;

  constructor(
    private readonly data: ClusterData,
    private readonly xPtr: number,
    private readonly weightPtr: number,
    private readonly k: number,
  ) {
    const n = data.n;
    this.labelsPtr = clusterKernels.alloc(n * 4);
    this.upperPtr = clusterKernels.alloc(n * 8);
    this.lowerPtr = clusterKernels.alloc(n * k * 8);
  }

  /** scikit-learn's `init_bounds_dense` for `centers` (`k × p`) and half the distances between them (`k × k`). */
  init(centers: Float64Array, half: Float64Array, labels: Int32Array): void {
    const { n, p, ld } = this.data;
    const k = this.k;
    const kernels = clusterKernels;
    kernels.f64(this.lowerPtr, n * k).fill(0);
    kernels.scoped((alloc) => {
      const cPtr = alloc(k * ld * 8);
      const halfPtr = alloc(k * k * 8);
      writeRows(cPtr, centers, k, p, ld);
      kernels.f64(halfPtr, k * k).set(half);
      kernels.exports.elkan_init(this.xPtr, ld, p, n, cPtr, k, halfPtr, this.labelsPtr, this.upperPtr, this.lowerPtr);
    });
    labels.set(kernels.i32(this.labelsPtr, n));
  }

  /** Sets the labels and bounds (for tests). */
  load(labels: Int32Array, upper: Float64Array, lower: Float64Array): void {
    const { n } = this.data;
    clusterKernels.i32(this.labelsPtr, n).set(labels);
    clusterKernels.f64(this.upperPtr, n).set(upper);
    clusterKernels.f64(this.lowerPtr, n * this.k).set(lower);
  }

  /** The bounds (copies). */
  bounds(): { upper: Float64Array; lower: Float64Array } {
    const { n } = this.data;
    return { upper: clusterKernels.f64(this.upperPtr, n).slice(), lower: clusterKernels.f64(this.lowerPtr, n * this.k).slice() };
  }

  /**
   * One Elkan pass (scikit-learn's `_update_chunk_dense`) over every sample; `half`
   * is `k × k`, `next` one value per center. Labels go to `out.labels`; with
   * `update`, the M-step sums too.
   */
  step(centers: Float64Array, half: Float64Array, next: Float64Array, out: StepOutput, update: boolean): void {
    const { n, p, ld } = this.data;
    const k = this.k;
    const kernels = clusterKernels;
    kernels.scoped((alloc) => {
      const cPtr = alloc(k * ld * 8);
      const halfPtr = alloc(k * k * 8);
      const nextPtr = alloc(k * 8);
      const sumPtr = alloc(k * ld * 8);
      const cwPtr = alloc(k * 8);
      writeRows(cPtr, centers, k, p, ld);
      kernels.f64(halfPtr, k * k).set(half);
      kernels.f64(nextPtr, k).set(next);
      kernels.f64(sumPtr, k * ld).fill(0);
      kernels.f64(cwPtr, k).fill(0);
      kernels.exports.elkan_pass(this.xPtr, ld, p, 0, n, cPtr, k, halfPtr, nextPtr, this.upperPtr, this.lowerPtr, this.labelsPtr, this.weightPtr, update ? 1 : 0, sumPtr, cwPtr);
      out.labels.set(kernels.i32(this.labelsPtr, n));
      if (update) this.data.readSums(sumPtr, cwPtr, k, out);
    });
  }

  /** Moves the bounds by how far each center moved (`shift`). */
  shiftBounds(shift: Float64Array): void {
    const kernels = clusterKernels;
    kernels.scoped((alloc) => {
      const shiftPtr = alloc(this.k * 8);
      kernels.f64(shiftPtr, this.k).set(shift);
      kernels.exports.elkan_shift(this.data.n, this.k, this.labelsPtr, this.upperPtr, this.lowerPtr, shiftPtr);
    });
  }

  /** Frees the kernel memory (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clusterKernels.release(this.lowerPtr);
    clusterKernels.release(this.upperPtr);
    clusterKernels.release(this.labelsPtr);
  }
}

/** `k` rows of p values as rows of `ld` values (zero padded) at `ptr`. */
function writeRows(ptr: number, values: Float64Array, k: number, p: number, ld: number): void {
  const view = clusterKernels.f64(ptr, k * ld);
  view.fill(0);
  for (let c = 0; c < k; c++) view.set(values.subarray(c * p, (c + 1) * p), c * ld);
}
