/**
 * liblinear's dual coordinate descent on the WebAssembly kernels
 * (`wasm/assembly/_liblinear-dual.ts`, in the SGD module): the rows are copied into the
 * kernels' memory once per fit and serve every class of a one-vs-rest fit; the
 * generator's state travels in and out, so the random stream continues as liblinear's.
 */
import { throwIfAborted } from '../linear/linear-model.js';
import { sgdKernels } from '../linear/sgd-kernel.js';
import { svcDualBounds } from './dual-cd-svc.js';
import type { Problem, SolverSettings } from './liblinear-problem.js';
import { SolverType } from './liblinear-problem.js';
import type { LiblinearRandom } from './liblinear-random.js';

/** The exports of the dual solvers (pointers are byte offsets). */
interface DualExports {
  ll_dual_start(st: number, l: number, svr: number): void;
  ll_svc_dual(
    x: number, l: number, n: number, y: number, QD: number, diag: number, upper: number, alpha: number, index: number, w: number,
    eps: number, maxIter: number, mt: number, st: number, passes: number,
  ): number;
  ll_svr_dual(
    x: number, l: number, n: number, y: number, QD: number, lambda: number, upper: number, beta: number, index: number, w: number,
    eps: number, p: number, maxIter: number, mt: number, st: number, passes: number,
  ): number;
}

/** Products per kernel call: the solver returns to JavaScript (to check the abort signal) this often. */
const WORK_PER_CALL = 4_000_000;

const MT_WORDS = 624;

/** The rows of the current fit in kernel memory, by the identity of the problem's array. */
let cached: { x: Float64Array; ptr: number } | undefined;

function rowsPointer(x: Float64Array): number {
  if (cached !== undefined && cached.x === x) return cached.ptr;
  releaseRows();
  const ptr = sgdKernels.alloc(x.length * 8);
  sgdKernels.f64(ptr, x.length).set(x);
  cached = { x, ptr };
  return ptr;
}

function releaseRows(): void {
  if (cached !== undefined) sgdKernels.release(cached.ptr);
  cached = undefined;
}

/** Copies the generator into kernel memory, runs `body`, and takes the advanced state back. */
function withGenerator<T>(random: LiblinearRandom, alloc: (bytes: number) => number, body: (mt: number) => T): T {
  const mt = alloc((MT_WORDS + 1) * 4);
  const { key, pos } = random.state();
  const words = new Uint32Array(sgdKernels.exports.memory.buffer, mt, MT_WORDS + 1);
  words.set(key);
  words[MT_WORDS] = pos;
  const result = body(mt);
  const after = new Uint32Array(sgdKernels.exports.memory.buffer, mt, MT_WORDS + 1);
  random.setState({ key: Array.from(after.subarray(0, MT_WORDS)), pos: after[MT_WORDS] });
  return result;
}

function exports(): DualExports {
  return sgdKernels.exports as unknown as DualExports;
}

/** liblinear's dual solvers on the kernels; `undefined` when the kernels' memory cannot hold the problem. */
export const dualCdKernel = {
  /**
   * Runs `body` with the rows copied into the kernels at most once (freed afterwards).
   */
  scope<T>(body: () => T): T {
    try {
      return body();
    } finally {
      releaseRows();
    }
  },

  /** `solve_l2r_l1l2_svc` on the kernels. */
  solveSvc(prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings): number | undefined {
    const { l, n } = prob;
    const { diag, upper, QD } = svcDualBounds(prob, Cp, Cn, settings.solverType === SolverType.L2R_L1LOSS_SVC_DUAL);
    const y = new Float64Array(l);
    for (let i = 0; i < l; i++) y[i] = prob.y[i] > 0 ? 1 : -1;
    return tryKernel(() => {
      const x = rowsPointer(prob.x);
      return sgdKernels.scoped((alloc) => {
        const arrays = [y, QD, diag, upper].map((a) => {
          const ptr = alloc(l * 8);
          sgdKernels.f64(ptr, l).set(a);
          return ptr;
        });
        const alpha = alloc(l * 8);
        sgdKernels.f64(alpha, l).fill(0);
        const index = alloc(l * 4);
        const order = sgdKernels.i32(index, l);
        for (let i = 0; i < l; i++) order[i] = i;
        const wp = alloc(n * 8);
        sgdKernels.f64(wp, n).fill(0);
        const iterations = withGenerator(settings.random, alloc, (mt) =>
          passes(l * n, settings, alloc, false, l, (st, chunk) =>
            exports().ll_svc_dual(x, l, n, arrays[0], arrays[1], arrays[2], arrays[3], alpha, index, wp, settings.eps, settings.maxIter, mt, st, chunk),
          ),
        );
        w.set(sgdKernels.f64(wp, n));
        return iterations;
      });
    });
  },

  /** `solve_l2r_l1l2_svr` on the kernels. */
  solveSvr(prob: Problem, w: Float64Array, settings: SolverSettings): number | undefined {
    const { l, n, x: rows, W } = prob;
    const l1Loss = settings.solverType === SolverType.L2R_L1LOSS_SVR_DUAL;
    const lambda = new Float64Array(l);
    const upper = new Float64Array(l);
    const QD = new Float64Array(l);
    for (let i = 0; i < l; i++) {
      const Ci = W[i] * settings.C;
      lambda[i] = l1Loss ? 0 : 0.5 / Ci;
      upper[i] = l1Loss ? Ci : Infinity;
      let q = 0;
      for (let j = 0; j < n; j++) q += rows[i * n + j] * rows[i * n + j];
      QD[i] = q;
    }
    return tryKernel(() => {
      const x = rowsPointer(rows);
      return sgdKernels.scoped((alloc) => {
        const arrays = [prob.y, QD, lambda, upper].map((a) => {
          const ptr = alloc(l * 8);
          sgdKernels.f64(ptr, l).set(a);
          return ptr;
        });
        const beta = alloc(l * 8);
        sgdKernels.f64(beta, l).fill(0);
        const index = alloc(l * 4);
        const order = sgdKernels.i32(index, l);
        for (let i = 0; i < l; i++) order[i] = i;
        const wp = alloc(n * 8);
        sgdKernels.f64(wp, n).fill(0);
        const iterations = withGenerator(settings.random, alloc, (mt) =>
          passes(l * n, settings, alloc, true, l, (st, chunk) =>
            exports().ll_svr_dual(x, l, n, arrays[0], arrays[1], arrays[2], arrays[3], beta, index, wp, settings.eps, settings.p, settings.maxIter, mt, st, chunk),
          ),
        );
        w.set(sgdKernels.f64(wp, n));
        return iterations;
      });
    });
  },
};

/** Runs a dual solver a few passes per call, checking the abort signal between calls; returns the passes run. */
function passes(work: number, settings: SolverSettings, alloc: (bytes: number) => number, svr: boolean, l: number, call: (st: number, chunk: number) => number): number {
  const st = alloc(4 * 8);
  exports().ll_dual_start(st, l, svr ? 1 : 0);
  const chunk = Math.max(1, Math.floor(WORK_PER_CALL / Math.max(work, 1)));
  for (;;) {
    throwIfAborted(settings.signal, 'liblinear');
    const converged = call(st, chunk);
    const iterations = sgdKernels.f64(st, 4)[3];
    if (converged === 1 || iterations >= settings.maxIter) return iterations;
  }
}

/** `undefined` when the kernels' memory cannot grow enough (the caller then runs the JavaScript solver). */
function tryKernel(body: () => number): number | undefined {
  try {
    return body();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
