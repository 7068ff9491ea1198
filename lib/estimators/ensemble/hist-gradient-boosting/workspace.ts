/**
 * The contract between the tree grower and the kernels that do its heavy work: the
 * memory of one fit (binned training data, gradients, the partition of rows into
 * nodes, a pool of histograms) and the four loops over it (build a node's histograms,
 * subtract two histograms, scan the histograms of the numerical features for their best
 * split, partition a node's rows).
 *
 * A histogram holds, for every feature and bin, the sums of the gradients and hessians
 * of a node's rows in that bin, and their count. The layout is scikit-learn's: `nBins =
 * maxBins + 1` slots per feature, the last one for missing values. Sums are float64
 * pairs `(gradient, hessian)` at `2 * (f * nBins + b)`; counts are uint32 at
 * `f * nBins + b`. With constant hessians (squared and absolute error) the hessian sum
 * is the count and the counts array is not kept.
 *
 * Rows are summed in the order of the partition, which keeps the order of the data
 * (every split is stable), so every sum equals scikit-learn's to the last bit.
 */

/** What the grower's kernels need to know about the data and the tree settings. */
export interface WorkspaceLayout {
  readonly nSamples: number;
  readonly nFeatures: number;
  /** Slots per feature histogram: `maxBins + 1`. */
  readonly nBins: number;
  /** The missing-values bin: `maxBins`. */
  readonly missingBin: number;
  /** Trees per iteration (gradients are class-major, `k * nSamples + i`). */
  readonly nTreesPerIteration: number;
  readonly constantHessian: boolean;
  readonly nBinsNonMissing: Uint32Array;
  readonly hasMissingValues: Uint8Array;
  readonly isCategorical: Uint8Array;
  /** Per feature: 1 increasing, -1 decreasing, 0 unconstrained. */
  readonly monotonicCst: Int8Array;
}

/** The split-finding settings (scikit-learn's `Splitter` parameters). */
export interface SplitSettings {
  readonly l2Regularization: number;
  readonly minSamplesLeaf: number;
  readonly minHessianToSplit: number;
  readonly minGainToSplit: number;
}

/** What a node's split search starts from. */
export interface NodeQuery {
  readonly nSamples: number;
  readonly sumGradients: number;
  readonly sumHessians: number;
  /** The node's (bounded) value. */
  readonly value: number;
  /** Bounds of the children's values (monotonic constraints). */
  readonly lowerBound: number;
  readonly upperBound: number;
}

/**
 * The best split of each feature (written by {@link TreeWorkspace.findNumericalSplits}
 * for the numerical features; categorical features are scanned by the caller).
 * A gain of -1 means no valid split.
 */
export interface FeatureSplits {
  readonly gain: Float64Array;
  readonly bin: Int32Array;
  readonly missingGoToLeft: Uint8Array;
  readonly sumGradientLeft: Float64Array;
  readonly sumHessianLeft: Float64Array;
  readonly nSamplesLeft: Int32Array;
}

/** The split applied to a node's rows. */
export interface RowSplit {
  readonly feature: number;
  readonly bin: number;
  readonly missingGoToLeft: boolean;
  /** For a categorical split: the bins that go left (8 × 32 bits). */
  readonly leftBitset: Uint32Array | null;
}

/** One histogram of a feature, read by the categorical split finder. */
export interface FeatureHistogram {
  /** Gradient and hessian sums, interleaved: bin `b` at `2b`, `2b + 1`. */
  readonly sums: Float64Array;
  /** Counts per bin; null with constant hessians (the hessian sums are the counts). */
  readonly counts: Uint32Array | null;
  /** The count of a bin (with constant hessians: read from the hessian sums). */
  count(bin: number): number;
}

/** The memory and kernels of one fit. Dispose when the fit ends. */
export interface TreeWorkspace {
  readonly layout: WorkspaceLayout;
  /** The gradients of the current iteration (length `nTreesPerIteration * nSamples`), to be filled. */
  gradients(): Float32Array;
  /** The hessians of the current iteration (unused with constant hessians). */
  hessians(): Float32Array;
  /** The rows of each node: node rows are a contiguous range. Valid until the next kernel call. */
  partition(): Uint32Array;
  /** The float64 sum, in row order, of tree `k`'s gradients (or hessians). */
  sumGradients(k: number, hessians: boolean): number;
  /** Puts every row back into the root, in order. */
  resetPartition(): void;
  /** A histogram slot from the pool. */
  acquireHistogram(): number;
  releaseHistogram(slot: number): void;
  /** Builds the histograms of rows `partition[start .. start + count)` for tree `k` of the iteration. */
  buildHistogram(slot: number, k: number, start: number, count: number): void;
  /** `out = parent - child`, bin by bin (the sibling's histograms without a pass over its rows). */
  subtractHistograms(parent: number, child: number, out: number): void;
  /** Scans the numerical features' histograms for their best splits. */
  findNumericalSplits(slot: number, node: NodeQuery, settings: SplitSettings): FeatureSplits;
  /** Reads one feature's histogram. Valid until the next kernel call. */
  featureHistogram(slot: number, feature: number): FeatureHistogram;
  /** Partitions `partition[start .. start + count)` stably; returns the number of rows going left. */
  splitRows(start: number, count: number, split: RowSplit): number;
  /** Frees the memory. */
  dispose(): void;
}
