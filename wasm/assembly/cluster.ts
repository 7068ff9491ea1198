// k-means kernels for tunekit (AssemblyScript, compiled to WebAssembly with SIMD): the
// entry module of lib/estimators/cluster/cluster-kernels.ts.
//
// Pointers are byte offsets into this module's memory, managed by the JavaScript side.
// Sample and center rows are stored with a leading dimension `ld` (an even number of
// float64 values, the padding zeros), so rows can be read two values at a time.
//
// Arithmetic that scikit-learn's numbers depend on bit for bit is done in its order:
// the M-step sums (each sample's values times its weight added to its cluster, in
// sample order) and the unrolled squared distances of `_euclidean_dense_dense`. The dot
// products that rank the centers (‖c‖² − 2 x·c) are summed in another order than
// scikit-learn's BLAS, as any other code would; they decide a label only when two
// centers are equally close to within rounding.
//
// The kernels live in the included files:
//   _kmeans-lloyd.ts  Lloyd's E-step (plain and with Hamerly's bounds), k-means++'s distances
//   _kmeans-elkan.ts  Elkan's pass, its bounds, scikit-learn's exact squared distance, the inertia

export { candidate_distances, lloyd_assign, lloyd_bounded } from './_kmeans-lloyd';
export { elkan_init, elkan_pass, elkan_shift, inertia } from './_kmeans-elkan';

/** Where static data ends: the JavaScript allocator hands out memory from here on. */
export function heap_base(): usize {
  return __heap_base;
}
