// Histogram kernels of HistGradientBoosting (AssemblyScript, compiled to WebAssembly
// with SIMD). The JavaScript side (lib/estimators/ensemble/hist-gradient-boosting/
// wasm-workspace.ts) owns the memory and passes byte offsets.
//
// Layout (scikit-learn's): the binned training data is uint8, feature-major (feature f's
// column at binned + f * n). A histogram has nbins slots per feature; slot (f, b) holds
// the float64 pair (sum of gradients, sum of hessians) at sums + 16 * (f * nbins + b) and,
// unless hessians are constant, the uint32 count at counts + 4 * (f * nbins + b). With
// constant hessians the hessian lane adds 1 per row: it is the count.
//
// Rows are always summed in partition order, one after the other, so every sum equals
// scikit-learn's sequential float64 sum of the float32 gradients to the last bit.
//
// The kernels live in three included files: _hgb_histograms.ts (build, subtract,
// partition), _hgb_split_scan.ts (split scans) and _hgb_binning.ts (sort, bin).

export { build_histogram, reset_partition, split_rows, subtract_histograms, sum_f32 } from './_hgb_histograms';
export { find_numerical_splits } from './_hgb_split_scan';
export { bin_values, sort_f64 } from './_hgb_binning';

export function heap_base(): usize {
  return __heap_base;
}
