// Kernel values for the support vector machines (lib/estimators/svm), in WebAssembly SIMD.
//
// Layout: the rows a kernel is evaluated against are stored transposed, feature f of
// row j at xt[f * ld + j] (ld >= the number of rows). One row x against the rows
// [start, end) of xt then runs SIMD over rows: every lane accumulates its own dot
// product x·x_j over the features in order (no FMA in wasm), which is how libsvm sums
// it, so each dot product has libsvm's bits. Pointers are byte offsets into this
// module's memory, managed by the JavaScript side (lib/core/kernels/wasm-module.ts).
//
// The kernel rows are in _svm_kernels.ts (with the exp of _svm_exp.ts), the prediction
// blocks in _svm_blocks.ts, the solver's loops in _svm_solver.ts; this entry exports
// them.

export { exp_values } from './_svm_exp';
export { set_kernel, kernel_row, squared_norms, kernel_diagonal, training_row, swap_rows } from './_svm_kernels';
export { kernel_block, rbf_block_direct, weighted_sums } from './_svm_blocks';
export {
  max_violator,
  min_objective,
  update_gradient,
  add_scaled_column,
  subtract_scaled_column,
  gather_signed,
  apply_swaps,
} from './_svm_solver';

/** The first free byte after the module's static data (for the JavaScript allocator). */
export function heap_base(): usize {
  return __heap_base;
}
