// Kernels of the sample-by-sample linear solvers, AssemblyScript compiled to
// WebAssembly. One module, one memory: the rows a fit copies in serve every binary
// problem of a one-vs-rest fit.
//   _sgd-epoch.ts        one epoch of stochastic gradient descent (SGDClassifier,
//                        SGDRegressor), the per-epoch shuffle
//   _liblinear-dual.ts   liblinear's dual coordinate descent (LinearSVC, LinearSVR)
//   _sag-epoch.ts        one epoch of SAG / SAGA (LogisticRegression 'sag', 'saga')
//
// Pointers are byte offsets into this module's memory, managed from JavaScript
// (lib/core/kernels/wasm-module.ts). Matrices are row-major and contiguous.

export { math_exp, math_log, math_pow, sgd_epoch, sgd_reset_wscale, sgd_shuffle } from './_sgd-epoch';
export { ll_dual_start, ll_svc_dual, ll_svr_dual } from './_liblinear-dual';
export { sag_epoch } from './_sag-epoch';

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}
