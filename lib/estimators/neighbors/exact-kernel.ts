/**
 * The exact k-nearest-neighbour scan of `brute-force.ts` for p = 1, 2 and ∞ in the
 * WebAssembly SIMD kernel `exact_knn` (`wasm/assembly/neighbors.ts`): four training rows
 * at a time, each SIMD lane summing its own row in feature order with the same
 * operations as the JavaScript scan, so the result is the same to the bit. Rows are
 * dropped once their partial sums pass the k-th distance, as in the JavaScript scan.
 */
import type { DenseMatrix } from '../../core/data.js';
import { neighborsKernels, queriesPerCall } from './euclidean-kernel.js';

/** The kernel's code for a Minkowski order, or undefined when it has none (other p: the JavaScript scan). */
function modeOf(p: number): number | undefined {
  if (p === 1) return 1;
  if (p === 2) return 2;
  if (p === Infinity) return 0;
  return undefined;
}

/**
 * The `k` nearest rows of `train` to every row of `queries` with their reduced
 * distances, exactly as {@link exactScan} gives them, or `undefined` for a p the
 * kernel does not cover (p ∉ {1, 2, ∞}). The caller checks `1 ≤ k ≤ train.rows`.
 */
export function exactNeighbors(train: DenseMatrix, queries: DenseMatrix, k: number, p: number): { indices: Int32Array; reduced: Float64Array } | undefined {
  const mode = modeOf(p);
  if (mode === undefined) return undefined;
  const n = train.rows;
  const m = queries.rows;
  const d = train.columns;
  const K = neighborsKernels;
  return K.scoped((alloc) => {
    const train64 = alloc(n * d * 8);
    const train4 = alloc(((n + 3) & ~3) * d * 8);
    const query64 = alloc(m * d * 8);
    const heap = alloc(k * 12);
    const outIndex = alloc(m * k * 4);
    const outReduced = alloc(m * k * 8);
    K.f64(train64, n * d).set(train.values);
    K.f64(query64, m * d).set(queries.values);
    K.exports.pack_rows4_f64(train64, n, d, train4);
    for (let from = 0; from < m; from += queriesPerCall(from)) {
      K.exports.exact_knn(train4, n, d, query64, from, Math.min(m, from + queriesPerCall(from)), k, mode, heap, outIndex, outReduced);
    }
    return { indices: K.i32(outIndex, m * k).slice(), reduced: K.f64(outReduced, m * k).slice() };
  });
}
