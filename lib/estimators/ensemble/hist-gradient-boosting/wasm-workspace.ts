/**
 * The {@link TreeWorkspace} on the WebAssembly SIMD kernels of `wasm/assembly/hgb.ts`:
 * the binned data, gradients, partition and histograms of a fit live in the kernels'
 * memory for the whole fit, and the loops over them run there.
 *
 * Views of that memory are re-created whenever it has grown (growth replaces the
 * buffer), so none is kept across an allocation.
 */
import { hgbKernels } from './kernels.js';
import type { BinnedMatrix } from './binning.js';
import { BITSET_WORDS } from './splitting.js';
import type { FeatureHistogram, FeatureSplits, NodeQuery, RowSplit, SplitSettings, TreeWorkspace, WorkspaceLayout } from './workspace.js';

/** Addresses of a fit's arrays in the kernels' memory. */
interface Addresses {
  binned: number;
  gradient: number;
  hessian: number;
  rows: number;
  tmp: number;
  pairs: number;
  nbnm: number;
  hasMissing: number;
  isCategorical: number;
  monotonic: number;
  node: number;
  bitset: number;
  gain: number;
  bin: number;
  missingLeft: number;
  gl: number;
  hl: number;
  nl: number;
}

interface HistogramSlot {
  readonly sums: number;
  readonly counts: number;
}

/** A {@link TreeWorkspace} whose arrays live in the WebAssembly kernels' memory. */
export class WasmTreeWorkspace implements TreeWorkspace {
  private readonly at: Addresses;
  private readonly blocks: number[] = [];
  private readonly slots: HistogramSlot[] = [];
  private readonly freeSlots: number[] = [];
  private readonly histogramSize: number;
  /** The root's bin counts (every row): the same for every tree, so counted once. */
  private rootCounts = 0;
  private buffer: ArrayBuffer | undefined;
  private views: { gradient: Float32Array; hessian: Float32Array; rows: Uint32Array; splits: FeatureSplits } | undefined;

  constructor(
    readonly layout: WorkspaceLayout,
    binned: BinnedMatrix,
  ) {
    const { nSamples: n, nFeatures: p, nTreesPerIteration: K, constantHessian } = layout;
    const alloc = (bytes: number): number => {
      const ptr = hgbKernels.alloc(bytes);
      this.blocks.push(ptr);
      return ptr;
    };
    this.at = {
      binned: alloc(n * p),
      gradient: alloc(4 * K * n),
      hessian: constantHessian ? 0 : alloc(4 * K * n),
      rows: alloc(4 * n),
      tmp: alloc(4 * n),
      pairs: alloc(16 * n),
      nbnm: alloc(4 * p),
      hasMissing: alloc(p),
      isCategorical: alloc(p),
      monotonic: alloc(p),
      node: alloc(8 * 10),
      bitset: alloc(4 * BITSET_WORDS),
      gain: alloc(8 * p),
      bin: alloc(4 * p),
      missingLeft: alloc(p),
      gl: alloc(8 * p),
      hl: alloc(8 * p),
      nl: alloc(4 * p),
    };
    this.histogramSize = p * layout.nBins;
    const memory = this.memory();
    new Uint8Array(memory, this.at.binned, n * p).set(binned.data);
    new Uint32Array(memory, this.at.nbnm, p).set(layout.nBinsNonMissing);
    new Uint8Array(memory, this.at.hasMissing, p).set(layout.hasMissingValues);
    new Uint8Array(memory, this.at.isCategorical, p).set(layout.isCategorical);
    new Int8Array(memory, this.at.monotonic, p).set(layout.monotonicCst);
    this.resetPartition();
  }

  private memory(): ArrayBuffer {
    return hgbKernels.exports.memory.buffer;
  }

  /** Typed views of the fit's arrays, re-created after the memory grew. */
  private view(): NonNullable<WasmTreeWorkspace['views']> {
    const memory = this.memory();
    if (this.views === undefined || this.buffer !== memory) {
      const { nSamples: n, nFeatures: p, nTreesPerIteration: K, constantHessian } = this.layout;
      const at = this.at;
      this.buffer = memory;
      this.views = {
        gradient: new Float32Array(memory, at.gradient, K * n),
        hessian: constantHessian ? new Float32Array(1).fill(1) : new Float32Array(memory, at.hessian, K * n),
        rows: new Uint32Array(memory, at.rows, n),
        splits: {
          gain: new Float64Array(memory, at.gain, p),
          bin: new Int32Array(memory, at.bin, p),
          missingGoToLeft: new Uint8Array(memory, at.missingLeft, p),
          sumGradientLeft: new Float64Array(memory, at.gl, p),
          sumHessianLeft: new Float64Array(memory, at.hl, p),
          nSamplesLeft: new Int32Array(memory, at.nl, p),
        },
      };
    }
    return this.views;
  }

  gradients(): Float32Array {
    return this.view().gradient;
  }

  hessians(): Float32Array {
    return this.view().hessian;
  }

  partition(): Uint32Array {
    return this.view().rows;
  }

  resetPartition(): void {
    hgbKernels.exports.reset_partition(this.at.rows, this.layout.nSamples);
  }

  /** The float64 sum of tree `k`'s gradients (or hessians), in row order. */
  sumGradients(k: number, hessians: boolean): number {
    const n = this.layout.nSamples;
    return hgbKernels.exports.sum_f32((hessians ? this.at.hessian : this.at.gradient) + 4 * k * n, n);
  }

  acquireHistogram(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    const size = this.histogramSize;
    const sums = hgbKernels.alloc(16 * size);
    this.blocks.push(sums);
    let counts = 0;
    if (!this.layout.constantHessian) {
      counts = hgbKernels.alloc(4 * size);
      this.blocks.push(counts);
    }
    this.slots.push({ sums, counts });
    return this.slots.length - 1;
  }

  releaseHistogram(slot: number): void {
    this.freeSlots.push(slot);
  }

  buildHistogram(slot: number, k: number, start: number, count: number): void {
    const { nSamples: n, nFeatures: p, nBins, missingBin, constantHessian } = this.layout;
    const at = this.at;
    const h = this.slots[slot] as HistogramSlot;
    const identity = start === 0 && count === n ? 1 : 0;
    // the root's counts are those of the first tree's root
    const reuseCounts = identity === 1 && this.rootCounts !== 0;
    hgbKernels.exports.build_histogram(
      at.binned, n, p, nBins, at.nbnm, missingBin,
      at.rows + 4 * start, count, identity, at.gradient + 4 * k * n, constantHessian ? 0 : at.hessian + 4 * k * n, at.pairs,
      h.sums, reuseCounts ? 0 : h.counts,
    );
    if (identity === 1 && h.counts !== 0) {
      const memory = this.memory();
      if (this.rootCounts === 0) {
        this.rootCounts = hgbKernels.alloc(4 * this.histogramSize);
        this.blocks.push(this.rootCounts);
        new Uint32Array(this.memory(), this.rootCounts, this.histogramSize).set(new Uint32Array(this.memory(), h.counts, this.histogramSize));
      } else {
        new Uint32Array(memory, h.counts, this.histogramSize).set(new Uint32Array(memory, this.rootCounts, this.histogramSize));
      }
    }
  }

  subtractHistograms(parent: number, child: number, out: number): void {
    const a = this.slots[parent] as HistogramSlot;
    const b = this.slots[child] as HistogramSlot;
    const o = this.slots[out] as HistogramSlot;
    const { nFeatures: p, nBins, missingBin } = this.layout;
    hgbKernels.exports.subtract_histograms(a.sums, a.counts, b.sums, b.counts, o.sums, o.counts, p, nBins, this.at.nbnm, missingBin);
  }

  findNumericalSplits(slot: number, node: NodeQuery, settings: SplitSettings): FeatureSplits {
    const at = this.at;
    const h = this.slots[slot] as HistogramSlot;
    new Float64Array(this.memory(), at.node, 10).set([
      node.nSamples,
      node.sumGradients,
      node.sumHessians,
      node.value,
      node.lowerBound,
      node.upperBound,
      settings.l2Regularization,
      settings.minSamplesLeaf,
      settings.minHessianToSplit,
      settings.minGainToSplit,
    ]);
    const { nFeatures: p, nBins } = this.layout;
    hgbKernels.exports.find_numerical_splits(
      h.sums, h.counts, p, nBins, at.nbnm, at.hasMissing, at.isCategorical, at.monotonic,
      at.node, at.gain, at.bin, at.missingLeft, at.gl, at.hl, at.nl,
    );
    return this.view().splits;
  }

  featureHistogram(slot: number, feature: number): FeatureHistogram {
    const h = this.slots[slot] as HistogramSlot;
    const nBins = this.layout.nBins;
    const memory = this.memory();
    const sums = new Float64Array(memory, h.sums + 16 * feature * nBins, 2 * nBins);
    if (h.counts === 0) return { sums, counts: null, count: (b) => sums[2 * b + 1] as number };
    const counts = new Uint32Array(memory, h.counts + 4 * feature * nBins, nBins);
    return { sums, counts, count: (b) => counts[b] as number };
  }

  splitRows(start: number, count: number, split: RowSplit): number {
    const at = this.at;
    const n = this.layout.nSamples;
    let bitset = 0;
    if (split.leftBitset !== null) {
      new Uint32Array(this.memory(), at.bitset, BITSET_WORDS).set(split.leftBitset);
      bitset = at.bitset;
    }
    return hgbKernels.exports.split_rows(
      at.binned + split.feature * n, at.rows + 4 * start, count, at.tmp, split.bin, split.missingGoToLeft ? 1 : 0, this.layout.missingBin, bitset,
    );
  }

  dispose(): void {
    for (let k = this.blocks.length - 1; k >= 0; k--) hgbKernels.release(this.blocks[k] as number);
    this.blocks.length = 0;
    this.slots.length = 0;
    this.freeSlots.length = 0;
    this.views = undefined;
  }
}
