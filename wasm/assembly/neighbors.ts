// Nearest-neighbour kernels for tunekit (AssemblyScript, compiled to WebAssembly with
// SIMD): the entry module of lib/estimators/neighbors/euclidean-kernel.ts and
// exact-kernel.ts. The kernels live in the included files:
//   _knn-euclidean.ts  the Euclidean search through squared norms in float32 with an
//                      exact re-check of the candidates near the k-th distance
//   _knn-exact.ts      the exact float64 scans (the re-check, and p = 1, 2, ∞)

export { column_means, knn_sqeuclidean, max_deviation, pack_rows, state_bytes } from './_knn-euclidean';
export { exact_knn, pack_rows4_f64 } from './_knn-exact';

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}
