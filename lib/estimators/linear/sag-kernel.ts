/**
 * SAG / SAGA epochs on the WebAssembly kernels (`wasm/assembly/_sag-epoch.ts`, in the SGD
 * module): the rows are copied in once per fit, the solver's arrays live in the kernels'
 * memory between epochs, and the weights come back after each epoch for the stopping rule.
 */
import type { DenseMatrix } from '../../core/data.js';
import type { SagConfig, SagData, SagState } from './sag-epoch.js';
import { sgdKernels } from './sgd-kernel.js';

interface SagExports {
  sag_epoch(
    x: number, n: number, p: number, y: number, sw: number, k: number, multinomial: number,
    stepSize: number, alpha: number, beta: number, fitIntercept: number, saga: number, mem: number, sc: number,
  ): number;
}

/** Runs the epochs of one fit on the kernels. */
export interface SagEpochRunner {
  /** One epoch; updates `state.weights`, `state.intercept` and the scalars. False on overflow. */
  run(state: SagState): boolean;
  /** Frees the fit's kernel memory (idempotent). */
  dispose(): void;
}

/** The rows of a fit in the kernels' memory. Free with {@link SagKernelRows.dispose}. */
export class SagKernelRows {
  private disposed = false;

  private constructor(
    private readonly ptr: number,
    readonly rows: number,
    readonly columns: number,
  ) {}

  /** Copies X into the kernels' memory, or returns undefined when the memory cannot grow enough. */
  static tryFrom(X: DenseMatrix): SagKernelRows | undefined {
    try {
      const ptr = sgdKernels.alloc(X.values.length * 8);
      sgdKernels.f64(ptr, X.values.length).set(X.values);
      return new SagKernelRows(ptr, X.rows, X.columns);
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

  /** Copies one fit's targets and starting state in; the state's arrays then live in the kernels. */
  epochRunner(data: SagData, state: SagState, config: SagConfig): SagEpochRunner {
    const k = sgdKernels;
    const { n, p } = data;
    const K = config.nClasses;
    const taken: number[] = [];
    const copy = (values: Float64Array): number => {
      const ptr = k.alloc(Math.max(values.length, 1) * 8);
      taken.push(ptr);
      k.f64(ptr, values.length).set(values);
      return ptr;
    };
    const bytes = (count: number): number => {
      const ptr = k.alloc(Math.max(count, 1));
      taken.push(ptr);
      return ptr;
    };
    const y = copy(data.y);
    const sw = copy(data.sampleWeight);
    const weights = copy(state.weights);
    const intercept = copy(state.intercept);
    const seen = bytes(n);
    new Uint8Array(k.exports.memory.buffer, seen, n).set(state.seen);
    const featureHist = bytes(p * 4);
    k.i32(featureHist, p).set(state.featureHist);
    const pointers = [
      weights,
      intercept,
      copy(state.sumGradient),
      copy(state.gradientMemory),
      copy(state.interceptSumGradient),
      seen,
      copy(state.cumulativeSums),
      copy(state.cumulativeSumsProx),
      featureHist,
      copy(new Float64Array(2 * K)),
    ];
    const mem = bytes(pointers.length * 4);
    new Uint32Array(k.exports.memory.buffer, mem, pointers.length).set(pointers);
    // one shared history: every weight is brought up to date at every step of dense rows
    const sc = copy(Float64Array.of(state.numSeen, state.seed, state.wscale, state.featureHist[0] ?? 0));
    const x = this.ptr;
    const exports = k.exports as unknown as SagExports;
    let disposed = false;
    return {
      run(s) {
        const ok = exports.sag_epoch(
          x, n, p, y, sw, K, config.multinomial ? 1 : 0,
          config.stepSize, config.alpha, config.beta, config.fitIntercept ? 1 : 0, config.saga ? 1 : 0, mem, sc,
        );
        s.weights.set(k.f64(weights, p * K));
        s.intercept.set(k.f64(intercept, K));
        const scalars = k.f64(sc, 4);
        s.numSeen = scalars[0];
        s.seed = scalars[1];
        s.wscale = scalars[2];
        s.featureHist.fill(scalars[3]);
        return ok === 1;
      },
      dispose() {
        if (disposed) return;
        disposed = true;
        for (let t = taken.length - 1; t >= 0; t--) k.release(taken[t]);
      },
    };
  }
}
