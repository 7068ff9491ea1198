/**
 * The k nearest neighbours under the Euclidean distance through the WebAssembly SIMD
 * kernel of `wasm/assembly/neighbors.ts`: a fast float32 pass through squared norms
 * (‖a‖² − 2a·b + ‖b‖², as a blocked matrix product) narrows each query's candidates
 * down to the rows that a rigorous bound on its rounding error cannot rule out, and
 * those are re-checked exactly. The result is, bit for bit, what the exact scan of
 * `brute-force.ts` returns: the same neighbours in the same order (distance, then
 * training index) with the same reduced distances.
 *
 * ## The bound
 * Notation: `u32 = 2⁻²⁴`, `u64 = 2⁻⁵³`; a, b a query and a training row; μ the training
 * column means; s a power of two with |s(x − μ)| ≤ 1 for every value; ã, b̃ the
 * float32 roundings of s(a − μ), s(b − μ); A = ‖ã‖², B = ‖b̃‖² (in float64); T = ‖a − b‖²
 * (the real number); E = the float64 sum the exact scan computes.
 *
 * 1. Conversion: |ã_f − s(a_f − μ_f)| ≤ ρ|ã_f| + α per value (ρ = 2(u32 + u64), α = 2⁻¹⁴⁹
 *    for float32 subnormals), so by the triangle inequality
 *    |s²T − ‖ã − b̃‖²| ≤ 4ρ(A + B) + (second-order and α terms, within the constants).
 * 2. Fast pass: the kernel's key G = fl32(fl32(nbG − 2·dot) + fl32(A)), with nbG =
 *    fl32(B(1 + c)) and dot a float32 dot product of length d, is within
 *    κ(A + B) (κ = 1.01(d + 8)u32 + 2.02(d + 1)u64) of ‖ã − b̃‖² + cB.
 *    With c = 2(κ + 4.01ρ) + 8u32 and β collecting the absolute (subnormal) terms:
 *      s²T ≤ G + cA + β, and s²T ≥ H − cA − β where H = fl32(G − w), w = fl32(2cB).
 * 3. Exact values: |E − T| ≤ γT + ε with γ = 1.01(d + 2)u64, ε = (d + 2)·2⁻¹⁰⁷⁴.
 *
 * Let G_k be the k-th smallest key of a query. The k rows with the smallest keys have
 * E ≤ ((G_k + cA + β)/s²)(1 + γ) + ε =: E_max, so the k-th smallest E is at most E_max.
 * Any row with E ≤ E_max has H ≤ τ := ((G_k + cA + β)(1 + γ) + 2εs²)/(1 − γ) + cA + β.
 * The kernel widens τ by a relative 1e-9 (for the rounding of this formula) and rounds
 * it up to float32; every row with H ≤ τ is a candidate; all others are strictly farther
 * than the k-th nearest and cannot be chosen, whatever their index.
 *
 * The bound needs d·u32 small (d ≤ {@link MAX_FEATURES}) and a scale s that neither
 * overflows nor underflows; otherwise {@link squaredEuclideanNeighbors} returns
 * `undefined` and the caller scans exactly.
 */
import type { DenseMatrix } from '../../core/data.js';
import { WASM_BASE64 } from '../../core/kernels/generated/neighbors.js';
import { WasmKernelModule, type KernelExports } from '../../core/kernels/wasm-module.js';

interface NeighborsExports extends KernelExports {
  knn_sqeuclidean(
    train32: number, nbG: number, w: number, n: number, d: number,
    query32: number, queryA: number, queryOffset: number, from: number, m: number,
    train64: number, query64: number, k: number, gammaE: number, absScaled: number,
    chunk: number, cap: number, state: number, outIndex: number, outReduced: number,
  ): number;
  state_bytes(k: number, cap: number): number;
  column_means(x: number, n: number, d: number, out: number): void;
  max_deviation(x: number, rows: number, d: number, means: number): number;
  pack_rows(x: number, rows: number, d: number, means: number, s: number, group: number, out: number, norms: number): void;
  pack_rows4_f64(x: number, rows: number, d: number, out: number): void;
  exact_knn(
    train4: number, n: number, d: number, query64: number, from: number, m: number,
    k: number, mode: number, heap: number, outIndex: number, outReduced: number,
  ): void;
}

/** The nearest-neighbour kernels' module (instantiated on first use; also used by `exact-kernel.ts`). */
export const neighborsKernels = new WasmKernelModule<NeighborsExports>('neighbors', WASM_BASE64);

/** Above this many features the float32 error bound is too loose to be worth it. */
export const MAX_FEATURES = 16384;

/** Bytes of float32 training rows per chunk: half the second-level cache of a typical core. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The queries of the next kernel call after `from`: V8 first runs wasm in baseline
 * code and switches a function to optimized code between calls, so the first 32
 * queries go in short calls of 8, the rest in calls of 64 (two of the kernel's blocks
 * of 32, which share each cached chunk of training rows).
 */
export function queriesPerCall(from: number): number {
  return from < 32 ? 8 : 64;
}

/** Candidates kept per query before the buffer is compacted: a few times k. */
function candidateCapacity(k: number): number {
  return Math.max(64, 4 * k);
}

/** Scales beyond 2^±400 could overflow or underflow the bound's arithmetic. */
const SCALE_LIMIT = 2 ** 400;

const U32 = 2 ** -24;
const U64 = 2 ** -53;

/** The k nearest rows with their exact reduced (squared) distances, as the exact scan gives them. */
export interface SquaredEuclideanNeighbors {
  /** `nQueries × k` training-row indices, nearest first. */
  readonly indices: Int32Array;
  /** `nQueries × k` squared distances, summed in feature order in float64. */
  readonly reduced: Float64Array;
  /** How many (query, row) pairs were re-checked exactly (k per query at least). */
  readonly candidates: number;
}

/** The constants of the error bound for d features (see the file's TSDoc). */
export function errorBound(d: number): { c: number; beta: number; gammaE: number; epsilonE: number } {
  const kappa = 1.01 * (d + 8) * U32 + 2.02 * (d + 1) * U64;
  const rho = 2 * (U32 + U64);
  return {
    c: 2 * (kappa + 4.01 * rho) + 8 * U32,
    beta: (16 * d + 64) * 2 ** -149,
    gammaE: 1.01 * (d + 2) * U64,
    epsilonE: (d + 2) * Number.MIN_VALUE,
  };
}

/** The power of two that brings `maxAbs` to at most 1, or undefined when out of the safe range. */
function scaleFor(maxAbs: number): number | undefined {
  if (maxAbs === 0) return 1;
  if (!(maxAbs <= SCALE_LIMIT && maxAbs >= 1 / SCALE_LIMIT)) return undefined;
  let s = 2 ** -Math.ceil(Math.log2(maxAbs));
  while (maxAbs * s > 1) s /= 2;
  return s;
}

/**
 * The `k` nearest rows of `train` to every row of `queries` under the Euclidean
 * distance, exactly as {@link kNearestNeighbors} with p = 2 chooses and orders them,
 * or `undefined` when the data is outside the range the error bound covers.
 * The caller checks `1 ≤ k ≤ train.rows`.
 */
export function squaredEuclideanNeighbors(train: DenseMatrix, queries: DenseMatrix, k: number): SquaredEuclideanNeighbors | undefined {
  const n = train.rows;
  const m = queries.rows;
  const d = train.columns;
  if (d < 1 || d > MAX_FEATURES) return undefined;
  const { c, beta, gammaE, epsilonE } = errorBound(d);
  const nPad = (n + 7) & ~7;
  const mPad = (m + 3) & ~3;
  const chunk = Math.max(8, Math.floor(CHUNK_BYTES / (4 * d)) & ~7);
  const cap = candidateCapacity(k);
  const K = neighborsKernels;
  const kernels = K.exports;
  return K.scoped((alloc) => {
    const train64 = alloc(n * d * 8);
    const query64 = alloc(m * d * 8);
    const means = alloc(d * 8);
    const trainNorms = alloc(n * 8);
    const queryNorms = alloc(m * 8);
    const train32 = alloc(nPad * d * 4);
    const nbG = alloc(nPad * 4);
    const w = alloc(nPad * 4);
    const query32 = alloc(mPad * d * 4);
    const queryA = alloc(mPad * 4);
    const queryOffset = alloc(mPad * 8);
    const state = alloc(kernels.state_bytes(k, cap));
    const outIndex = alloc(m * k * 4);
    const outReduced = alloc(m * k * 8);
    // views only after the last alloc (an alloc may replace the memory's buffer)
    K.f64(train64, n * d).set(train.values);
    K.f64(query64, m * d).set(queries.values);
    kernels.column_means(train64, n, d, means);
    const s = scaleFor(Math.max(kernels.max_deviation(train64, n, d, means), kernels.max_deviation(query64, m, d, means)));
    if (s === undefined) return undefined;
    kernels.pack_rows(train64, n, d, means, s, 8, train32, trainNorms);
    kernels.pack_rows(query64, m, d, means, s, 4, query32, queryNorms);
    normTerms(K.f64(trainNorms, n), c, f32View(nbG, nPad), f32View(w, nPad));
    queryTerms(K.f64(queryNorms, m), c, beta, f32View(queryA, mPad), K.f64(queryOffset, mPad));
    const absScaled = 2 * epsilonE * s * s + Number.MIN_VALUE;
    let candidates = 0;
    // a block of queries per call: the engine optimizes the kernel between calls
    for (let from = 0; from < m; from += queriesPerCall(from)) {
      candidates += kernels.knn_sqeuclidean(
        train32, nbG, w, n, d, query32, queryA, queryOffset, from, Math.min(m, from + queriesPerCall(from)),
        train64, query64, k, gammaE, absScaled, chunk, cap, state, outIndex, outReduced,
      );
    }
    return {
      indices: K.i32(outIndex, m * k).slice(),
      reduced: K.f64(outReduced, m * k).slice(),
      candidates,
    };
  });
}

/** A float32 view of `length` values at `ptr` (valid until the next allocation). */
function f32View(ptr: number, length: number): Float32Array {
  return new Float32Array(neighborsKernels.exports.memory.buffer, ptr, length);
}

/** Each training row's key terms from its squared norm B: nbG = B(1 + c), w = 2cB (padding rows: +Inf, 0). */
function normTerms(norms: Float64Array, c: number, nbG: Float32Array, w: Float32Array): void {
  const n = norms.length;
  for (let j = 0; j < n; j++) {
    nbG[j] = norms[j] * (1 + c);
    w[j] = 2 * c * norms[j];
  }
  // padding rows can never be among the nearest
  nbG.fill(Infinity, n);
  w.fill(0, n);
}

/** Each query's key terms from its squared norm A: fl32(A) and the offset cA + β. */
function queryTerms(norms: Float64Array, c: number, beta: number, queryA: Float32Array, queryOffset: Float64Array): void {
  const m = norms.length;
  for (let i = 0; i < m; i++) {
    queryA[i] = norms[i];
    queryOffset[i] = c * norms[i] + beta;
  }
  queryA.fill(0, m);
  queryOffset.fill(0, m);
}
