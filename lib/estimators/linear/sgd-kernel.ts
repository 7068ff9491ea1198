/**
 * The WebAssembly kernels of stochastic gradient descent (`wasm/assembly/sgd.ts`):
 * {@link SgdKernelRows} copies the rows into the kernels' memory once per fit, and an
 * {@link SgdEpochRunner} runs the epochs of one binary or regression problem there.
 */
import type { DenseMatrix } from '../../core/data.js';
import { WASM_BASE64 } from '../../core/kernels/generated/sgd.js';
import { WasmKernelModule, type KernelExports } from '../../core/kernels/wasm-module.js';
import type { SgdEpochConfig, SgdEpochState, SgdWeights } from './sgd-epoch.js';
import type { SgdProblem } from './plain-sgd.js';

/** The exports of `wasm/assembly/sgd.ts` (pointers are byte offsets). */
export interface SgdExports extends KernelExports {
  sgd_epoch(
    x: number, n: number, p: number, y: number, sw: number, mask: number, order: number,
    w: number, aw: number, q: number, st: number, cfg: number, loss: number, penalty: number, rate: number, flags: number,
  ): number;
  sgd_reset_wscale(w: number, aw: number, p: number, st: number): void;
  sgd_shuffle(order: number, n: number, seed: number): void;
  math_exp(x: number): number;
  math_log(x: number): number;
  math_pow(x: number, y: number): number;
}

/** The SGD kernel module (instantiated on first use). */
export const sgdKernels = new WasmKernelModule<SgdExports>('sgd', WASM_BASE64);

/**
 * `exp`, `log` and `pow` as the kernels compute them (musl's algorithms, which are
 * glibc's: the C library scikit-learn's Cython calls), where V8's `Math` may round the
 * last bit differently; SGD amplifies such a bit into visibly different weights.
 */
export const libm = {
  exp: (x: number): number => sgdKernels.exports.math_exp(x),
  log: (x: number): number => sgdKernels.exports.math_log(x),
  pow: (x: number, y: number): number => sgdKernels.exports.math_pow(x, y),
};

const STATE_SLOTS = 8;
const CONFIG_SLOTS = 10;

/** Runs the epochs of one problem on the kernels; the weights live in kernel memory until {@link finish}. */
export interface SgdEpochRunner {
  /** One epoch (shuffled first with `seed` when given); returns the summed loss. */
  run(state: SgdEpochState, seed: number | undefined): number;
  /** A copy of the raw weights `w` (without their scale). */
  weights(): Float64Array;
  /** Copies of the raw weights, average and cumulative L1 penalties, before {@link finish} folds them. */
  capture(): { w: Float64Array; aw: Float64Array | undefined; q: Float64Array | undefined };
  /** A copy of the sample order the epochs have shuffled. */
  order(): Int32Array;
  /** Folds the scale (and the average) into the weights and copies them back to the caller's arrays. */
  finish(state: SgdEpochState): void;
  /** Frees the problem's kernel memory (idempotent). */
  dispose(): void;
}

/** The rows of a fit in the SGD kernels' memory. Free with {@link SgdKernelRows.dispose}. */
export class SgdKernelRows {
  private disposed = false;

  private constructor(
    private readonly ptr: number,
    readonly rows: number,
    readonly columns: number,
  ) {}

  /** Copies X into the kernels' memory, or returns undefined when the memory cannot grow enough. */
  static tryFrom(X: DenseMatrix): SgdKernelRows | undefined {
    try {
      const ptr = sgdKernels.alloc(X.values.length * 8);
      sgdKernels.f64(ptr, X.values.length).set(X.values);
      return new SgdKernelRows(ptr, X.rows, X.columns);
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  /** Frees the rows (idempotent). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    sgdKernels.release(this.ptr);
  }

  /** Copies one problem (targets, weights, validation mask, starting weights) into the kernels' memory. */
  /** A runner of `problem`'s epochs from `weights`, the samples in `initialOrder` (0..n-1 when left out). */
  epochRunner(problem: SgdProblem, weights: SgdWeights, config: SgdEpochConfig, initialOrder?: Int32Array): SgdEpochRunner {
    const k = sgdKernels;
    const n = this.rows;
    const p = this.columns;
    const taken: number[] = [];
    const alloc = (bytes: number): number => {
      const ptr = k.alloc(bytes);
      taken.push(ptr);
      return ptr;
    };
    const y = alloc(n * 8);
    const sw = alloc(n * 8);
    const mask = alloc(n);
    const order = alloc(n * 4);
    const w = alloc(p * 8);
    const aw = weights.aw === undefined ? 0 : alloc(p * 8);
    const q = weights.q === undefined ? 0 : alloc(p * 8);
    const st = alloc(STATE_SLOTS * 8);
    const cfg = alloc(CONFIG_SLOTS * 8);
    k.f64(y, n).set(problem.y);
    k.f64(sw, n).set(problem.sampleWeight);
    new Uint8Array(k.exports.memory.buffer, mask, n).set(problem.validation);
    const orderView = k.i32(order, n);
    if (initialOrder !== undefined) orderView.set(initialOrder);
    else for (let i = 0; i < n; i++) orderView[i] = i;
    k.f64(w, p).set(weights.w);
    if (weights.aw !== undefined) k.f64(aw, p).set(weights.aw);
    if (weights.q !== undefined) k.f64(q, p).set(weights.q);
    k.f64(cfg, CONFIG_SLOTS).set([
      config.loss.parameter, config.alpha, config.l1Ratio, config.eta0, config.powerT, config.optimalInit,
      config.weightPos, config.weightNeg, config.interceptDecay, config.average,
    ]);
    const flags = (config.fitIntercept ? 1 : 0) | (config.sumLoss ? 2 : 0);
    const x = this.ptr;
    const writeState = (s: SgdEpochState): void => {
      k.f64(st, STATE_SLOTS).set([s.intercept, s.averageIntercept, s.wscale, s.averageA, s.averageB, s.t, s.u, s.eta]);
    };
    const readState = (s: SgdEpochState): void => {
      const v = k.f64(st, STATE_SLOTS);
      s.intercept = v[0];
      s.averageIntercept = v[1];
      s.wscale = v[2];
      s.averageA = v[3];
      s.averageB = v[4];
      s.t = v[5];
      s.u = v[6];
    };
    let disposed = false;
    return {
      run(state, seed) {
        if (seed !== undefined) k.exports.sgd_shuffle(order, n, seed);
        writeState(state);
        const sumloss = k.exports.sgd_epoch(x, n, p, y, sw, mask, order, w, aw, q, st, cfg, config.loss.code, config.penalty, config.learningRate, flags);
        readState(state);
        return sumloss;
      },
      weights() {
        return k.f64(w, p).slice();
      },
      capture() {
        return { w: k.f64(w, p).slice(), aw: weights.aw === undefined ? undefined : k.f64(aw, p).slice(), q: weights.q === undefined ? undefined : k.f64(q, p).slice() };
      },
      order() {
        return k.i32(order, n).slice();
      },
      finish(state) {
        writeState(state);
        k.exports.sgd_reset_wscale(w, aw, p, st);
        readState(state);
        weights.w.set(k.f64(w, p));
        if (weights.aw !== undefined) weights.aw.set(k.f64(aw, p));
        if (weights.q !== undefined) weights.q.set(k.f64(q, p));
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        for (let t = taken.length - 1; t >= 0; t--) k.release(taken[t]);
      },
    };
  }
}
