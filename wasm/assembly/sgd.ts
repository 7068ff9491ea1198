// Kernels of the sample-by-sample linear solvers (lib/estimators/linear: SGDClassifier,
// SGDRegressor), AssemblyScript compiled to WebAssembly. One module, one memory: the
// rows a fit copies in serve every binary problem of a one-vs-rest fit.
//   _sgd-epoch.ts   one epoch of stochastic gradient descent, the per-epoch shuffle
//
// Pointers are byte offsets into this module's memory, managed from JavaScript
// (lib/core/kernels/wasm-module.ts). Matrices are row-major and contiguous.

export { math_exp, math_log, math_pow, sgd_epoch, sgd_reset_wscale, sgd_shuffle } from './_sgd-epoch';

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}
