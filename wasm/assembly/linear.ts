// Kernels of the linear models (lib/estimators/linear), AssemblyScript compiled to
// WebAssembly with SIMD. One module, one memory: the rows a fit copies in serve every
// kernel. The kernels live in the shared includes `_linear-*.ts`, one algorithm each:
//   _linear-gram.ts      XᵀX, Xᵀy, yᵀy and the column sums of shifted rows (Ridge, Lasso)
//   _linear-qr.ts        a streaming Householder QR (LinearRegression)
//   _linear-logistic.ts  logistic loss and gradient in one pass, linear predictions
//   _linear-math.ts      exp and log1p on two lanes
//
// Pointers are byte offsets into this module's memory, managed from JavaScript
// (lib/core/kernels/wasm-module.ts). Matrices are row-major and contiguous (`p` values
// per row) unless a leading dimension is given.

export { gram_chunk } from './_linear-gram';
export { qr_chunk } from './_linear-qr';
export { binary_logistic, linear_predict, multinomial_logistic } from './_linear-logistic';
export { exp_nonpositive, log1p_unit } from './_linear-math';

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}
