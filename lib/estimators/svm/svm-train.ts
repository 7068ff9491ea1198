/**
 * libsvm's two formulations on our SMO solver: C-support vector classification of one
 * pair of classes (`solve_c_svc`) and epsilon-support vector regression
 * (`solve_epsilon_svr`, over 2l variables).
 */
import type { Checkpoint } from '../../core/checkpoint.js';
import type { DenseMatrix } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import { warn } from '../../core/warnings.js';
import type { Kernel } from './kernels.js';
import { ClassificationQ, RegressionQ } from './q-matrix.js';
import { solveSmo } from './smo-solver.js';
import type { ProblemKernel } from './training-kernel.js';
import { SharedKernel, TrainingKernel } from './training-kernel.js';

/** The solver settings SVC and SVR share. */
export interface SolverSettings {
  readonly kernel: Kernel;
  /** The stopping tolerance (libsvm's eps). */
  readonly tol: number;
  readonly shrinking: boolean;
  /** The kernel cache, in MB. */
  readonly cacheSize: number;
  /** Iterations before giving up with a ConvergenceWarning (default: libsvm 3.22's max(10⁷, 100·l)). */
  readonly maxIter?: number;
  /** Where the solver asks whether to stop (a search's timeout or signal). @default none */
  readonly checkpoint?: Checkpoint | undefined;
}

/** The solver's stride: one clock read per this many SMO iterations (well under a millisecond of work). */
export const SMO_CHECK_STRIDE = 64;

/**
 * Throws, as scikit-learn does, when a trained machine's coefficients or offset
 * are not finite (values so large that the kernel overflowed).
 * @throws {ValidationError} naming the fit and the fix.
 */
export function checkFiniteMachine(owner: string, coef: ArrayLike<number>, rho: number): void {
  let finite = Number.isFinite(rho);
  for (let i = 0; finite && i < coef.length; i++) finite = Number.isFinite(coef[i]!);
  if (finite) return;
  throw new ValidationError(
    `${owner}: the dual coefficients or intercepts are not finite. The input data may contain large values and need to be preprocessed (e.g. with StandardScaler).`,
    { owner, argument: 'X', value: 'values that make the kernel overflow', expected: 'values small enough for finite dual coefficients' },
  );
}

/** A trained machine: decision(x) = Σ coef_i K(x_i, x) − rho over the problem's rows. */
export interface TrainedMachine {
  /** y_i α_i (classification) or α_i − α*_i (regression) per row; 0 off the support vectors. */
  readonly coef: Float64Array;
  readonly rho: number;
  readonly iterations: number;
}

/**
 * What a regressor's fit from a search's shared state brings (see `svm-shared.ts`):
 * the kernel matrix of its rows, the warm start (α then α*, for a smaller C) and where
 * the solution goes.
 */
export interface RegressorStart {
  /** The kernel matrix (or row cache) of the rows, one class; not disposed by the fit. */
  readonly shared: SharedKernel;
  readonly alpha: Float64Array | undefined;
  /** The C that α was solved with. */
  readonly previousC: number | undefined;
  readonly solved: Float64Array[];
}

/**
 * Whether to start from α solved with the bound `previous`: when it is feasible for
 * `C` and fewer than half of its nonzero variables sit at the old bound (as for the
 * classifier's pairs, see `warmStart` in one-vs-one.ts).
 */
function worthWarm(alpha: Float64Array, C: number, previous: number): boolean {
  let nonzero = 0;
  let atBound = 0;
  for (const a of alpha) {
    if (!(a >= 0 && a <= C)) return false;
    if (a === 0) continue;
    nonzero++;
    if (a >= previous) atBound++;
  }
  return nonzero === 0 || 2 * atBound < nonzero;
}

/** libsvm 3.22's default iteration cap. */
function defaultMaxIter(l: number): number {
  return Math.max(10_000_000, l > Math.floor(2147483647 / 100) ? 2147483647 : 100 * l);
}

function warnIfStopped(converged: boolean, maxIter: number): void {
  if (!converged) {
    warn(
      `Solver terminated early (max_iter=${maxIter}). Consider pre-processing your data with StandardScaler or MinMaxScaler.`,
      'ConvergenceWarning',
    );
  }
}

/**
 * C-SVC on a problem's rows: y_i = +1 rows bounded by `Cp`, −1 rows by `Cn` (libsvm's
 * per-class C), from α = 0 (libsvm's start) or a warm start.
 *
 * @param kernel - the problem's kernel rows with the signs y (see `training-kernel.ts`);
 *   reordered while solving, and not disposed here.
 * @param y - +1 or −1 per row.
 * @param alpha - a feasible starting α (0 ≤ α_i ≤ C_i, Σ y_i α_i = 0), e.g. the solution
 *   for a smaller C; zeros by default.
 */
export function trainClassifier(
  kernel: ProblemKernel,
  y: Int8Array,
  Cp: number,
  Cn: number,
  settings: SolverSettings,
  alpha: ArrayLike<number> = new Float64Array(kernel.size),
): TrainedMachine {
  const l = kernel.size;
  const Q = new ClassificationQ(kernel, settings.cacheSize);
  try {
    const C = new Float64Array(l);
    for (let i = 0; i < l; i++) C[i] = y[i]! > 0 ? Cp : Cn;
    const maxIter = settings.maxIter ?? defaultMaxIter(l);
    const solution = solveSmo(
      { Q, p: new Float64Array(l).fill(-1), y, C, alpha },
      { eps: settings.tol, shrinking: settings.shrinking, maxIter, checkpoint: settings.checkpoint },
    );
    warnIfStopped(solution.converged, maxIter);
    const coef = solution.alpha;
    for (let i = 0; i < l; i++) coef[i] = coef[i]! * y[i]!;
    return { coef, rho: solution.rho, iterations: solution.iterations };
  } finally {
    Q.dispose();
  }
}

/**
 * Epsilon-SVR on the given rows of X with targets `target`: variables α (linear term
 * ε − y_i) and α* (ε + y_i), all bounded by C, from zero.
 */
export function trainRegressor(
  X: DenseMatrix,
  rows: ArrayLike<number>,
  target: ArrayLike<number>,
  C: number,
  epsilon: number,
  settings: SolverSettings,
  start?: RegressorStart,
): TrainedMachine {
  const l = rows.length;
  const shared = start?.shared;
  const kernel = shared === undefined ? new TrainingKernel(X, rows, settings.kernel) : shared.problem(rows, new Float64Array(l).fill(1));
  let Q: RegressionQ | undefined;
  try {
    const cacheSize = shared === undefined || !shared.holdsAll ? settings.cacheSize : Math.max(0, settings.cacheSize - SharedKernel.megabytes(l));
    Q = new RegressionQ(kernel, cacheSize);
    const p = new Float64Array(2 * l);
    const y = new Int8Array(2 * l);
    for (let i = 0; i < l; i++) {
      p[i] = epsilon - target[i]!;
      y[i] = 1;
      p[i + l] = epsilon + target[i]!;
      y[i + l] = -1;
    }
    const maxIter = settings.maxIter ?? defaultMaxIter(2 * l);
    const warm = start?.alpha;
    const feasible = warm !== undefined && warm.length === 2 * l && start?.previousC !== undefined && worthWarm(warm, C, start.previousC);
    const solution = solveSmo(
      { Q, p, y, C: new Float64Array(2 * l).fill(C), alpha: feasible ? warm : new Float64Array(2 * l) },
      { eps: settings.tol, shrinking: settings.shrinking, maxIter, checkpoint: settings.checkpoint },
    );
    warnIfStopped(solution.converged, maxIter);
    start?.solved.push(solution.alpha);
    const coef = new Float64Array(l);
    for (let i = 0; i < l; i++) coef[i] = solution.alpha[i]! - solution.alpha[i + l]!;
    return { coef, rho: solution.rho, iterations: solution.iterations };
  } finally {
    Q?.dispose();
    kernel.dispose();
  }
}
