/**
 * The state of one k-means run in the kernels' memory: {@link BoundedLloyd} (Lloyd's
 * steps with Hamerly's bounds) and {@link ElkanRun} (Elkan's bounds), on the samples
 * of a {@link ClusterData}.
 */
import type { ClusterData, StepOutput } from './cluster-kernels.js';
import { clusterKernels, roundUp, writeRows } from './cluster-kernels.js';

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

  private readonly xPtr: number;
  private readonly weightPtr: number;

  constructor(
    private readonly data: ClusterData,
    private readonly k: number,
  ) {
    const n = data.n;
    this.xPtr = data.xPtr;
    this.weightPtr = data.weightPtr;
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
      writeRows(cPtr, centers, k, p, ld, kpad);
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

  private readonly xPtr: number;
  private readonly weightPtr: number;

  constructor(
    private readonly data: ClusterData,
    private readonly k: number,
  ) {
    const n = data.n;
    this.xPtr = data.xPtr;
    this.weightPtr = data.weightPtr;
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

