/**
 * The SMO solver of libsvm (Fan, Chen & Lin, "Working set selection using second order
 * information for training SVM", JMLR 6, 2005), which scikit-learn's SVC and SVR run:
 *
 *     min ½ αᵀQα + pᵀα   subject to   yᵀα = Δ,   0 ≤ α_i ≤ C_i,   y_i = ±1,
 *
 * from a feasible starting α. Each iteration picks the pair (i, j) by second-order
 * working-set selection (i: the maximal violator; j: the largest guaranteed decrease of
 * the objective, with τ = 1e-12 standing in for a non-positive curvature), solves the
 * two-variable problem exactly and clips it to the box. With shrinking, every
 * min(l, 1000) iterations the variables stuck at a bound are moved out of the active
 * set; their gradient is rebuilt from Ḡ (the gradient of the variables at the upper
 * bound) when the active problem is solved, or once when the violation first falls
 * below 10·eps, and the active set then grows back. The solver stops when the maximal
 * violation m(α) − M(α) falls below eps (libsvm's `-e`, scikit-learn's `tol`).
 *
 * The steps and the order of every floating-point operation follow libsvm, so with the
 * same kernel values the iterations, the solution and rho are libsvm's. The per-variable
 * arrays live in the WebAssembly kernels' memory, where the O(l) loops (selection,
 * gradient updates) run as SIMD kernels; the rest runs here on views of that memory.
 */
import { Checkpoint } from '../../core/checkpoint.js';
import { heapViews, svmKernels } from './wasm-kernels.js';

/**
 * libsvm's Q matrix: float32 columns (from a cache, in the WebAssembly kernels' memory)
 * and a float64 diagonal.
 */
export interface QMatrix {
  /**
   * The byte address (in the kernels' memory) of column i of Q, with (at least) values
   * [0, len) filled. It stays valid until the next-but-one request (the solver holds
   * two columns at once).
   */
  column(i: number, len: number): number;
  /** Q_ii per variable, in the initial order. */
  diagonal(): Float64Array;
  /** Swaps variables i and j (shrinking reorders them). */
  swap(i: number, j: number): void;
}

/** The problem: Q, the linear term p, the signs y, the bounds C and a feasible α. */
export interface SmoProblem {
  readonly Q: QMatrix;
  readonly p: ArrayLike<number>;
  /** ±1 per variable. */
  readonly y: ArrayLike<number>;
  readonly C: ArrayLike<number>;
  /** The starting point (e.g. zeros, or a warm start). */
  readonly alpha: ArrayLike<number>;
}

/** Stopping and shrinking settings. */
export interface SmoSettings {
  /** The stopping tolerance on the maximal violation (libsvm's eps). */
  readonly eps: number;
  /** Use the shrinking heuristic (libsvm's `-h 1`). */
  readonly shrinking: boolean;
  /** Stop after this many iterations (negative: never). */
  readonly maxIter: number;
  /** Where the solver asks whether to stop (every iteration; its stride spaces the clock reads). @default none */
  readonly checkpoint?: Checkpoint | undefined;
}

/** The solution. */
export interface SmoSolution {
  /** α, in the problem's order. */
  readonly alpha: Float64Array;
  /** The offset: decision = Σ y_i α_i K(x_i, x) − rho. */
  readonly rho: number;
  /** The objective ½ αᵀQα + pᵀα. */
  readonly objective: number;
  readonly iterations: number;
  /** False when `maxIter` stopped the solver first. */
  readonly converged: boolean;
}

// the status of a variable: at its lower bound, at its upper bound, or free
const LOWER = 0;
const UPPER = 1;
const FREE = 2;
/** The curvature used when Q_ii + Q_jj − 2 y_i y_j Q_ij is not positive. */
const TAU = 1e-12;

/** The per-variable arrays, in order, in one block of the kernels' memory. */
const ARRAYS = ['y', 'status', 'upY', 'lowY', 'G', 'Gbar', 'alpha', 'C', 'p', 'QD'] as const;
type ArrayName = (typeof ARRAYS)[number];

/** Solves the problem (see the file comment). Q is reordered while it runs. */
export function solveSmo(problem: SmoProblem, settings: SmoSettings): SmoSolution {
  const l = problem.p.length;
  // the arrays, then the two results of a selection kernel
  const block = svmKernels.alloc((ARRAYS.length * l + 2) * 8 + 16);
  try {
    return new SmoSolver(problem, settings, block).solve();
  } finally {
    svmKernels.release(block);
  }
}

class SmoSolver {
  private readonly l: number;
  private readonly Q: QMatrix;
  /** Byte address of each array, and of the selection results. */
  private readonly at: Record<ArrayName, number>;
  private readonly out: number;
  // views of the arrays (valid during the solve: nothing is allocated meanwhile)
  private readonly y: Float64Array;
  private readonly status: Float64Array;
  /** −y_i in I_up, y_i in I_low, NaN outside (the selection kernels' masks). */
  private readonly upY: Float64Array;
  private readonly lowY: Float64Array;
  private readonly G: Float64Array;
  private readonly Gbar: Float64Array;
  private readonly alpha: Float64Array;
  private readonly C: Float64Array;
  private readonly p: Float64Array;
  private readonly QD: Float64Array;
  private readonly heap: Float32Array;
  private readonly results: Float64Array;
  /** The original index of the variable at each position. */
  private readonly activeSet: Int32Array;
  private activeSize: number;
  private unshrink = false;
  /** The working set chosen by the last selection. */
  private wi = -1;
  private wj = -1;

  constructor(
    problem: SmoProblem,
    private readonly settings: SmoSettings,
    block: number,
  ) {
    const l = problem.p.length;
    this.l = l;
    this.Q = problem.Q;
    const QD = problem.Q.diagonal();
    const at = {} as Record<ArrayName, number>;
    ARRAYS.forEach((name, k) => {
      at[name] = block + k * l * 8;
    });
    this.at = at;
    this.out = block + ARRAYS.length * l * 8;
    const { f64, f32 } = heapViews();
    const view = (name: ArrayName): Float64Array => f64.subarray(at[name] >> 3, (at[name] >> 3) + l);
    this.y = view('y');
    this.status = view('status');
    this.upY = view('upY');
    this.lowY = view('lowY');
    this.G = view('G');
    this.Gbar = view('Gbar');
    this.alpha = view('alpha');
    this.C = view('C');
    this.p = view('p');
    this.QD = view('QD');
    this.heap = f32;
    this.results = f64.subarray(this.out >> 3, (this.out >> 3) + 2);
    this.y.set(problem.y);
    this.C.set(problem.C);
    this.p.set(problem.p);
    this.alpha.set(problem.alpha);
    this.QD.set(QD);
    for (let i = 0; i < l; i++) this.updateStatus(i);
    this.activeSet = new Int32Array(l);
    for (let i = 0; i < l; i++) this.activeSet[i] = i;
    this.activeSize = l;
    this.G.set(this.p);
    this.Gbar.fill(0);
  }

  solve(): SmoSolution {
    const { l, alpha, C, status, at } = this;
    const e = svmKernels.exports;
    for (let i = 0; i < l; i++) {
      if (status[i] === LOWER) continue;
      const Qi = this.Q.column(i, l);
      e.add_scaled_column(at.G, alpha[i]!, Qi, 0, l);
      if (status[i] === UPPER) e.add_scaled_column(at.Gbar, C[i]!, Qi, 0, l);
    }
    const maxIter = this.settings.maxIter;
    const checkpoint = this.settings.checkpoint ?? Checkpoint.NONE;
    let iter = 0;
    let counter = Math.min(l, 1000) + 1;
    let converged = true;
    for (;;) {
      if (maxIter >= 0 && iter >= maxIter) {
        converged = false;
        break;
      }
      if (--counter === 0) {
        counter = Math.min(l, 1000);
        if (this.settings.shrinking) this.doShrinking();
      }
      if (this.selectWorkingSet()) {
        this.reconstructGradient();
        this.activeSize = l;
        if (this.selectWorkingSet()) break;
        counter = 1; // shrink at the next iteration
      }
      iter++;
      checkpoint.check();
      this.step(this.wi, this.wj);
    }
    if (this.activeSize < l) {
      this.reconstructGradient();
      this.activeSize = l;
    }
    const rho = this.calculateRho();
    let v = 0;
    for (let i = 0; i < l; i++) v += alpha[i]! * (this.G[i]! + this.p[i]!);
    const solution = new Float64Array(l);
    for (let i = 0; i < l; i++) solution[this.activeSet[i]!] = alpha[i]!;
    return { alpha: solution, rho, objective: v / 2, iterations: iter, converged };
  }

  private updateStatus(i: number): void {
    const a = this.alpha[i]!;
    const s = a >= this.C[i]! ? UPPER : a <= 0 ? LOWER : FREE;
    this.status[i] = s;
    const y = this.y[i]!;
    // I_up: y = +1 below the upper bound, y = −1 above the lower bound; I_low the reverse
    this.upY[i] = s !== (y > 0 ? UPPER : LOWER) ? -y : NaN;
    this.lowY[i] = s !== (y > 0 ? LOWER : UPPER) ? y : NaN;
  }

  /** Solves the two-variable subproblem on (i, j) and updates G and Ḡ. */
  private step(i: number, j: number): void {
    const { alpha, y, G, QD, C, status, heap, at } = this;
    const e = svmKernels.exports;
    const n = this.activeSize;
    let Qi = this.Q.column(i, n);
    let Qj = this.Q.column(j, n);
    const Qij = heap[(Qi >> 2) + j]!;
    const Ci = C[i]!;
    const Cj = C[j]!;
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i]! + QD[j]! + 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > Ci - Cj) {
        if (ai > Ci) {
          ai = Ci;
          aj = Ci - diff;
        }
      } else if (aj > Cj) {
        aj = Cj;
        ai = Cj + diff;
      }
    } else {
      let quad = QD[i]! + QD[j]! - 2 * Qij;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) {
        if (ai > Ci) {
          ai = Ci;
          aj = sum - Ci;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > Cj) {
        if (aj > Cj) {
          aj = Cj;
          ai = sum - Cj;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    e.update_gradient(at.G, Qi, Qj, ai - oldAi, aj - oldAj, n);

    const wasUpperI = status[i] === UPPER;
    const wasUpperJ = status[j] === UPPER;
    this.updateStatus(i);
    this.updateStatus(j);
    const l = this.l;
    if (wasUpperI !== (status[i] === UPPER)) {
      Qi = this.Q.column(i, l);
      if (wasUpperI) e.subtract_scaled_column(at.Gbar, Ci, Qi, 0, l);
      else e.add_scaled_column(at.Gbar, Ci, Qi, 0, l);
    }
    if (wasUpperJ !== (status[j] === UPPER)) {
      Qj = this.Q.column(j, l);
      if (wasUpperJ) e.subtract_scaled_column(at.Gbar, Cj, Qj, 0, l);
      else e.add_scaled_column(at.Gbar, Cj, Qj, 0, l);
    }
  }

  /**
   * Second-order working-set selection (WSS3); sets `wi`, `wj`. Returns true when the
   * active problem is optimal to within eps (or no j qualifies).
   */
  private selectWorkingSet(): boolean {
    const { at, results } = this;
    const e = svmKernels.exports;
    const n = this.activeSize;
    e.max_violator(at.upY, at.G, n, this.out);
    const i = results[0]!;
    const Gmax = results[1]!;
    // with no i, Gmax is −∞ and no j qualifies: Q_i is never read
    const Qi = i < 0 ? 0 : this.Q.column(i, n);
    e.min_objective(at.lowY, at.G, at.QD, Qi, n, Gmax, i < 0 ? 0 : this.QD[i]!, i < 0 ? 0 : this.y[i]!, this.out);
    const j = results[0]!;
    const Gmax2 = results[1]!;
    if (Gmax + Gmax2 < this.settings.eps || j < 0) return true;
    this.wi = i;
    this.wj = j;
    return false;
  }

  /** Whether variable i, at a bound, cannot move under the current violation bounds. */
  private beShrunk(i: number, Gmax1: number, Gmax2: number): boolean {
    const s = this.status[i];
    if (s === UPPER) return this.y[i] === 1 ? -this.G[i]! > Gmax1 : -this.G[i]! > Gmax2;
    if (s === LOWER) return this.y[i] === 1 ? this.G[i]! > Gmax2 : this.G[i]! > Gmax1;
    return false;
  }

  private doShrinking(): void {
    const { G, y, status } = this;
    let Gmax1 = -Infinity; // max over I_up of −y_i ∇f_i
    let Gmax2 = -Infinity; // max over I_low of y_i ∇f_i
    for (let i = 0; i < this.activeSize; i++) {
      const Gi = G[i]!;
      if (y[i] === 1) {
        if (status[i] !== UPPER && -Gi >= Gmax1) Gmax1 = -Gi;
        if (status[i] !== LOWER && Gi >= Gmax2) Gmax2 = Gi;
      } else {
        if (status[i] !== UPPER && -Gi >= Gmax2) Gmax2 = -Gi;
        if (status[i] !== LOWER && Gi >= Gmax1) Gmax1 = Gi;
      }
    }
    if (!this.unshrink && Gmax1 + Gmax2 <= this.settings.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = this.l;
    }
    for (let i = 0; i < this.activeSize; i++) {
      if (!this.beShrunk(i, Gmax1, Gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > i) {
        if (!this.beShrunk(this.activeSize, Gmax1, Gmax2)) {
          this.swapIndex(i, this.activeSize);
          break;
        }
        this.activeSize--;
      }
    }
  }

  private swapIndex(i: number, j: number): void {
    this.Q.swap(i, j);
    swap(this.y, i, j);
    swap(this.G, i, j);
    swap(this.status, i, j);
    swap(this.upY, i, j);
    swap(this.lowY, i, j);
    swap(this.alpha, i, j);
    swap(this.p, i, j);
    swap(this.activeSet, i, j);
    swap(this.Gbar, i, j);
    swap(this.C, i, j);
    swap(this.QD, i, j);
  }

  /** Rebuilds G of the inactive variables from Ḡ and the free variables. */
  private reconstructGradient(): void {
    const { l, G, Gbar, p, alpha, status, heap } = this;
    const n = this.activeSize;
    if (n === l) return;
    for (let j = n; j < l; j++) G[j] = Gbar[j]! + p[j]!;
    let nFree = 0;
    for (let j = 0; j < n; j++) if (status[j] === FREE) nFree++;
    if (nFree * l > 2 * n * (l - n)) {
      for (let i = n; i < l; i++) {
        const Qi = this.Q.column(i, n) >> 2;
        let Gi = G[i]!;
        for (let j = 0; j < n; j++) if (status[j] === FREE) Gi += alpha[j]! * heap[Qi + j]!;
        G[i] = Gi;
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (status[i] !== FREE) continue;
        svmKernels.exports.add_scaled_column(this.at.G, alpha[i]!, this.Q.column(i, l), n, l);
      }
    }
  }

  /** rho: the mean of y_i ∇f_i over the free variables, else the middle of its feasible range. */
  private calculateRho(): number {
    const { G, y, status } = this;
    let nFree = 0;
    let ub = Infinity;
    let lb = -Infinity;
    let sumFree = 0;
    for (let i = 0; i < this.activeSize; i++) {
      const yG = y[i]! * G[i]!;
      if (status[i] === UPPER) {
        if (y[i] === -1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else if (status[i] === LOWER) {
        if (y[i] === 1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else {
        nFree++;
        sumFree += yG;
      }
    }
    return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
  }
}

function swap(a: Float64Array | Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
