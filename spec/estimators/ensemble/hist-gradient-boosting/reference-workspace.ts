/**
 * The plain-JavaScript {@link TreeWorkspace}: the obvious loops, kept as the reference
 * the WebAssembly kernels are tested against.
 */
import type { BinnedMatrix } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/binning.js';
import { inBitset, splitGain } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/splitting.js';
import type { FeatureHistogram, FeatureSplits, NodeQuery, RowSplit, SplitSettings, TreeWorkspace, WorkspaceLayout } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/workspace.js';

interface Histogram {
  readonly sums: Float64Array;
  readonly counts: Uint32Array;
}

/** The best split of each numerical feature, scanned left to right and (with missing values) right to left. */
export function scanNumericalSplits(
  layout: WorkspaceLayout,
  sums: Float64Array,
  counts: Uint32Array | null,
  node: NodeQuery,
  settings: SplitSettings,
  out: FeatureSplits,
): void {
  const { nBins, nFeatures } = layout;
  const n = node.nSamples;
  const lossCurrentNode = node.sumGradients * node.value;
  const { minSamplesLeaf, minHessianToSplit, minGainToSplit, l2Regularization: l2 } = settings;
  const countOf = (slot: number): number => (counts === null ? (sums[2 * slot + 1] as number) : (counts[slot] as number));
  for (let f = 0; f < nFeatures; f++) {
    out.gain[f] = -1;
    if (layout.isCategorical[f]) continue;
    const base = f * nBins;
    const cst = layout.monotonicCst[f] as number;
    const hasMissing = layout.hasMissingValues[f] as number;
    const nbnm = layout.nBinsNonMissing[f] as number;
    let best = -1;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    const end = nbnm - 1 + hasMissing;
    for (let b = 0; b < end; b++) {
      const c = countOf(base + b);
      nl += c;
      const nr = n - nl;
      hl += counts === null ? c : (sums[2 * (base + b) + 1] as number);
      const hr = node.sumHessians - hl;
      gl += sums[2 * (base + b)] as number;
      const gr = node.sumGradients - gl;
      if (nl < minSamplesLeaf) continue;
      if (nr < minSamplesLeaf) break;
      if (hl < minHessianToSplit) continue;
      if (hr < minHessianToSplit) break;
      const gain = splitGain(gl, hl, gr, hr, lossCurrentNode, cst, node.lowerBound, node.upperBound, l2);
      if (gain > best && gain > minGainToSplit) {
        best = gain;
        out.gain[f] = gain;
        out.bin[f] = b;
        out.missingGoToLeft[f] = 0;
        out.sumGradientLeft[f] = gl;
        out.sumHessianLeft[f] = hl;
        out.nSamplesLeft[f] = nl;
      }
    }
    if (!hasMissing) continue;
    let gr = 0;
    let hr = 0;
    let nr = 0;
    for (let b = nbnm - 2; b >= 0; b--) {
      const c = countOf(base + b + 1);
      nr += c;
      const nl2 = n - nr;
      hr += counts === null ? c : (sums[2 * (base + b + 1) + 1] as number);
      const hl2 = node.sumHessians - hr;
      gr += sums[2 * (base + b + 1)] as number;
      const gl2 = node.sumGradients - gr;
      if (nr < minSamplesLeaf) continue;
      if (nl2 < minSamplesLeaf) break;
      if (hr < minHessianToSplit) continue;
      if (hl2 < minHessianToSplit) break;
      const gain = splitGain(gl2, hl2, gr, hr, lossCurrentNode, cst, node.lowerBound, node.upperBound, l2);
      if (gain > best && gain > minGainToSplit) {
        best = gain;
        out.gain[f] = gain;
        out.bin[f] = b;
        out.missingGoToLeft[f] = 1;
        out.sumGradientLeft[f] = gl2;
        out.sumHessianLeft[f] = hl2;
        out.nSamplesLeft[f] = nl2;
      }
    }
  }
}

/** A {@link TreeWorkspace} on plain typed arrays. */
export class JsTreeWorkspace implements TreeWorkspace {
  private readonly gradient: Float32Array;
  private readonly hessian: Float32Array;
  private readonly rows: Uint32Array;
  private readonly buffer: Uint32Array;
  private readonly pool: (Histogram | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly splits: FeatureSplits;

  constructor(
    readonly layout: WorkspaceLayout,
    private readonly binned: BinnedMatrix,
  ) {
    const n = layout.nSamples;
    this.gradient = new Float32Array(layout.nTreesPerIteration * n);
    this.hessian = new Float32Array(layout.constantHessian ? 1 : layout.nTreesPerIteration * n);
    this.rows = new Uint32Array(n);
    this.buffer = new Uint32Array(n);
    const p = layout.nFeatures;
    this.splits = {
      gain: new Float64Array(p),
      bin: new Int32Array(p),
      missingGoToLeft: new Uint8Array(p),
      sumGradientLeft: new Float64Array(p),
      sumHessianLeft: new Float64Array(p),
      nSamplesLeft: new Int32Array(p),
    };
    this.resetPartition();
  }

  gradients(): Float32Array {
    return this.gradient;
  }

  hessians(): Float32Array {
    return this.hessian;
  }

  partition(): Uint32Array {
    return this.rows;
  }

  sumGradients(k: number, hessians: boolean): number {
    const n = this.layout.nSamples;
    const values = hessians ? this.hessian : this.gradient;
    let sum = 0;
    for (let i = k * n; i < (k + 1) * n; i++) sum += values[i] as number;
    return sum;
  }

  resetPartition(): void {
    for (let i = 0; i < this.rows.length; i++) this.rows[i] = i;
  }

  acquireHistogram(): number {
    const slot = this.free.pop();
    if (slot !== undefined) return slot;
    const size = this.layout.nFeatures * this.layout.nBins;
    this.pool.push({ sums: new Float64Array(2 * size), counts: new Uint32Array(size) });
    return this.pool.length - 1;
  }

  releaseHistogram(slot: number): void {
    this.free.push(slot);
  }

  private histogram(slot: number): Histogram {
    return this.pool[slot] as Histogram;
  }

  buildHistogram(slot: number, k: number, start: number, count: number): void {
    const { sums, counts } = this.histogram(slot);
    sums.fill(0);
    counts.fill(0);
    const { nSamples: n, nBins, nFeatures, constantHessian } = this.layout;
    const g = this.gradient;
    const h = this.hessian;
    const offset = k * n;
    for (let f = 0; f < nFeatures; f++) {
      const column = f * n;
      const base = f * nBins;
      for (let r = start; r < start + count; r++) {
        const i = this.rows[r] as number;
        const slotIndex = base + (this.binned.data[column + i] as number);
        sums[2 * slotIndex] = (sums[2 * slotIndex] as number) + (g[offset + i] as number);
        sums[2 * slotIndex + 1] = (sums[2 * slotIndex + 1] as number) + (constantHessian ? 1 : (h[offset + i] as number));
        counts[slotIndex] = (counts[slotIndex] as number) + 1;
      }
    }
  }

  subtractHistograms(parent: number, child: number, out: number): void {
    const a = this.histogram(parent);
    const b = this.histogram(child);
    const o = this.histogram(out);
    for (let s = 0; s < a.sums.length; s++) o.sums[s] = (a.sums[s] as number) - (b.sums[s] as number);
    for (let s = 0; s < a.counts.length; s++) o.counts[s] = (a.counts[s] as number) - (b.counts[s] as number);
  }

  findNumericalSplits(slot: number, node: NodeQuery, settings: SplitSettings): FeatureSplits {
    const { sums, counts } = this.histogram(slot);
    scanNumericalSplits(this.layout, sums, this.layout.constantHessian ? null : counts, node, settings, this.splits);
    return this.splits;
  }

  featureHistogram(slot: number, feature: number): FeatureHistogram {
    const { sums, counts } = this.histogram(slot);
    const nBins = this.layout.nBins;
    const base = feature * nBins;
    const featureSums = sums.subarray(2 * base, 2 * (base + nBins));
    if (this.layout.constantHessian) return { sums: featureSums, counts: null, count: (b) => featureSums[2 * b + 1] as number };
    const featureCounts = counts.subarray(base, base + nBins);
    return { sums: featureSums, counts: featureCounts, count: (b) => featureCounts[b] as number };
  }

  splitRows(start: number, count: number, split: RowSplit): number {
    const n = this.layout.nSamples;
    const column = this.binned.data.subarray(split.feature * n, (split.feature + 1) * n);
    const missing = this.layout.missingBin;
    let left = 0;
    let right = 0;
    for (let r = start; r < start + count; r++) {
      const i = this.rows[r] as number;
      const b = column[i] as number;
      const goesLeft = split.leftBitset !== null ? inBitset(split.leftBitset, b) : (split.missingGoToLeft && b === missing) || b <= split.bin;
      if (goesLeft) this.rows[start + left++] = i;
      else this.buffer[right++] = i;
    }
    this.rows.set(this.buffer.subarray(0, right), start + left);
    return left;
  }

  dispose(): void {
    this.pool.length = 0;
  }
}
