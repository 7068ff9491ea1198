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
 * same kernel values the iterations, the solution and rho are libsvm's.
 */

/** libsvm's Q matrix: float32 columns (from a cache) and a float64 diagonal. */
export interface QMatrix {
  /**
   * Column i of Q with (at least) values [0, len) filled. The array stays valid until
   * the next-but-one request (the solver holds two columns at once).
   */
  column(i: number, len: number): Float32Array;
  /** Q_ii per variable, reordered by {@link QMatrix.swap}. */
  readonly diagonal: Float64Array;
  /** Swaps variables i and j (shrinking reorders them). */
  swap(i: number, j: number): void;
}

/** The problem: Q, the linear term p, the signs y, the bounds C and a feasible α. */
export interface SmoProblem {
  readonly Q: QMatrix;
  readonly p: Float64Array;
  readonly y: Int8Array;
  readonly C: Float64Array;
  /** The starting point (e.g. zeros, or a warm start). */
  readonly alpha: Float64Array;
}

/** Stopping and shrinking settings. */
export interface SmoSettings {
  /** The stopping tolerance on the maximal violation (libsvm's eps). */
  readonly eps: number;
  /** Use the shrinking heuristic (libsvm's `-h 1`). */
  readonly shrinking: boolean;
  /** Stop after this many iterations (negative: never). */
  readonly maxIter: number;
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

const LOWER = 0;
const UPPER = 1;
const FREE = 2;
/** The curvature used when Q_ii + Q_jj − 2 y_i y_j Q_ij is not positive. */
const TAU = 1e-12;

/** Solves the problem (see the file comment). Q is reordered while it runs. */
export function solveSmo(problem: SmoProblem, settings: SmoSettings): SmoSolution {
  return new SmoSolver(problem, settings).solve();
}

class SmoSolver {
  private readonly l: number;
  private readonly Q: QMatrix;
  private readonly QD: Float64Array;
  private readonly p: Float64Array;
  private readonly y: Int8Array;
  private readonly C: Float64Array;
  private readonly alpha: Float64Array;
  private readonly status: Uint8Array;
  /** The original index of the variable at each position. */
  private readonly activeSet: Int32Array;
  private readonly G: Float64Array;
  /** Σ over the variables at their upper bound of C_j Q_ij. */
  private readonly Gbar: Float64Array;
  private activeSize: number;
  private unshrink = false;
  /** The working set chosen by the last selection. */
  private wi = -1;
  private wj = -1;

  constructor(
    problem: SmoProblem,
    private readonly settings: SmoSettings,
  ) {
    const l = problem.p.length;
    this.l = l;
    this.Q = problem.Q;
    this.QD = problem.Q.diagonal;
    this.p = Float64Array.from(problem.p);
    this.y = Int8Array.from(problem.y);
    this.C = Float64Array.from(problem.C);
    this.alpha = Float64Array.from(problem.alpha);
    this.status = new Uint8Array(l);
    for (let i = 0; i < l; i++) this.updateStatus(i);
    this.activeSet = Int32Array.from({ length: l }, (_, i) => i);
    this.activeSize = l;
    this.G = Float64Array.from(this.p);
    this.Gbar = new Float64Array(l);
  }

  solve(): SmoSolution {
    const { l, G, Gbar, alpha, C, status } = this;
    for (let i = 0; i < l; i++) {
      if (status[i] === LOWER) continue;
      const Qi = this.Q.column(i, l);
      const ai = alpha[i]!;
      for (let j = 0; j < l; j++) G[j] += ai * Qi[j]!;
      if (status[i] === UPPER) {
        const Ci = C[i]!;
        for (let j = 0; j < l; j++) Gbar[j] += Ci * Qi[j]!;
      }
    }
    const maxIter = this.settings.maxIter;
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
      this.step(this.wi, this.wj);
    }
    if (this.activeSize < l) {
      this.reconstructGradient();
      this.activeSize = l;
    }
    const rho = this.calculateRho();
    let v = 0;
    for (let i = 0; i < l; i++) v += alpha[i]! * (G[i]! + this.p[i]!);
    const solution = new Float64Array(l);
    for (let i = 0; i < l; i++) solution[this.activeSet[i]!] = alpha[i]!;
    return { alpha: solution, rho, objective: v / 2, iterations: iter, converged };
  }

  private updateStatus(i: number): void {
    const a = this.alpha[i]!;
    this.status[i] = a >= this.C[i]! ? UPPER : a <= 0 ? LOWER : FREE;
  }

  /** Solves the two-variable subproblem on (i, j) and updates G and Ḡ. */
  private step(i: number, j: number): void {
    const { alpha, y, G, QD, C, status } = this;
    const n = this.activeSize;
    let Qi = this.Q.column(i, n);
    let Qj = this.Q.column(j, n);
    const Ci = C[i]!;
    const Cj = C[j]!;
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
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
      let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
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
    const dai = ai - oldAi;
    const daj = aj - oldAj;
    for (let k = 0; k < n; k++) G[k] += Qi[k]! * dai + Qj[k]! * daj;

    const wasUpperI = status[i] === UPPER;
    const wasUpperJ = status[j] === UPPER;
    this.updateStatus(i);
    this.updateStatus(j);
    const l = this.l;
    const Gbar = this.Gbar;
    if (wasUpperI !== (status[i] === UPPER)) {
      Qi = this.Q.column(i, l);
      if (wasUpperI) for (let k = 0; k < l; k++) Gbar[k] -= Ci * Qi[k]!;
      else for (let k = 0; k < l; k++) Gbar[k] += Ci * Qi[k]!;
    }
    if (wasUpperJ !== (status[j] === UPPER)) {
      Qj = this.Q.column(j, l);
      if (wasUpperJ) for (let k = 0; k < l; k++) Gbar[k] -= Cj * Qj[k]!;
      else for (let k = 0; k < l; k++) Gbar[k] += Cj * Qj[k]!;
    }
  }

  /**
   * Second-order working-set selection (WSS3); sets `wi`, `wj`. Returns true when the
   * active problem is optimal to within eps (or no j qualifies).
   */
  private selectWorkingSet(): boolean {
    const { G, y, status, QD } = this;
    const n = this.activeSize;
    let Gmax = -Infinity;
    let Gmax2 = -Infinity;
    let GmaxIdx = -1;
    let GminIdx = -1;
    let objDiffMin = Infinity;
    for (let t = 0; t < n; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t]! >= Gmax) {
          Gmax = -G[t]!;
          GmaxIdx = t;
        }
      } else if (status[t] !== LOWER && G[t]! >= Gmax) {
        Gmax = G[t]!;
        GmaxIdx = t;
      }
    }
    const i = GmaxIdx;
    // with no i, Gmax is −∞ and no j qualifies: Q_i is never read
    const Qi = i === -1 ? EMPTY : this.Q.column(i, n);
    const QDi = i === -1 ? 0 : QD[i]!;
    const twiceYi = i === -1 ? 0 : 2 * y[i]!;
    for (let j = 0; j < n; j++) {
      const Gj = G[j]!;
      if (y[j] === 1) {
        if (status[j] !== LOWER) {
          const gradDiff = Gmax + Gj;
          if (Gj >= Gmax2) Gmax2 = Gj;
          if (gradDiff > 0) {
            const quad = QDi + QD[j]! - twiceYi * Qi[j]!;
            const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      } else if (status[j] !== UPPER) {
        const gradDiff = Gmax - Gj;
        if (-Gj >= Gmax2) Gmax2 = -Gj;
        if (gradDiff > 0) {
          const quad = QDi + QD[j]! + twiceYi * Qi[j]!;
          const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
          if (objDiff <= objDiffMin) {
            GminIdx = j;
            objDiffMin = objDiff;
          }
        }
      }
    }
    if (Gmax + Gmax2 < this.settings.eps || GminIdx === -1) return true;
    this.wi = GmaxIdx;
    this.wj = GminIdx;
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
    swap(this.alpha, i, j);
    swap(this.p, i, j);
    swap(this.activeSet, i, j);
    swap(this.Gbar, i, j);
    swap(this.C, i, j);
  }

  /** Rebuilds G of the inactive variables from Ḡ and the free variables. */
  private reconstructGradient(): void {
    const { l, G, Gbar, p, alpha, status } = this;
    const n = this.activeSize;
    if (n === l) return;
    for (let j = n; j < l; j++) G[j] = Gbar[j]! + p[j]!;
    let nFree = 0;
    for (let j = 0; j < n; j++) if (status[j] === FREE) nFree++;
    if (nFree * l > 2 * n * (l - n)) {
      for (let i = n; i < l; i++) {
        const Qi = this.Q.column(i, n);
        for (let j = 0; j < n; j++) if (status[j] === FREE) G[i] += alpha[j]! * Qi[j]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (status[i] !== FREE) continue;
        const Qi = this.Q.column(i, l);
        const ai = alpha[i]!;
        for (let j = n; j < l; j++) G[j] += ai * Qi[j]!;
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

const EMPTY = new Float32Array(0);

function swap(a: Float64Array | Int32Array | Int8Array | Uint8Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
