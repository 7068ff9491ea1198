/**
 * Multi-class C-SVC as libsvm (scikit-learn's fork) trains it: one binary machine
 * per pair of classes, each solved on the rows of its two classes, with Platt scaling
 * on 5-fold cross-validated decision values when probabilities are asked for.
 *
 * The classes are in sorted order (scikit-learn's fork sorts them; stock libsvm orders
 * them by first appearance). Every binary problem is the one scikit-learn's fork
 * builds: the rows of class i (in training order, y = +1, C·weight[i]) then those of
 * class j (y = −1, C·weight[j]); the probability folds are drawn from scikit-learn's
 * own random stream.
 */
import type { DenseMatrix } from '../../core/data.js';
import type { Kernel } from './kernels.js';
import type { Sigmoid } from './platt.js';
import { sigmoidTrain } from './platt.js';
import { boundedRandInt, Mt19937 } from './sklearn-random.js';
import type { SolverSettings } from './svm-train.js';
import { trainClassifier } from './svm-train.js';
import { SharedKernel, TrainingKernel } from './training-kernel.js';
import { decisionValues } from './wasm-kernels.js';
import type { QueryKernel } from './query-kernel.js';

/** One binary machine: class `i` (positive decision) against class `j`. */
export interface PairMachine {
  readonly i: number;
  readonly j: number;
  /** Positions, among the model's support vectors, of this machine's: class i's, then class j's. */
  readonly sv: Int32Array;
  /** The coefficient (yₛ·αₛ) of each of those support vectors. */
  readonly coef: Float64Array;
  /** decision(x) = Σ coef·K(x, sv) − rho. */
  readonly rho: number;
  /** Platt's sigmoid, when trained with probabilities. */
  readonly sigmoid: Sigmoid | undefined;
}

/** A fitted one-vs-one model. */
export interface OneVsOneModel {
  readonly nClasses: number;
  readonly kernel: Kernel;
  /** Training-row index of each support vector, by class, then by row. */
  readonly support: Int32Array;
  /** The number of support vectors of each class. */
  readonly nSupport: Int32Array;
  /** The support vectors' rows. */
  readonly supportVectors: DenseMatrix;
  /** The machines in libsvm's order: (0,1), (0,2), …, (1,2), … */
  readonly pairs: readonly PairMachine[];
  /** The kernel values of the training rows against a search's test rows, shared by the candidates (see `svm-shared.ts`). */
  readonly queryKernel?: QueryKernel | undefined;
}

/** Settings for {@link trainOneVsOne}. */
export interface OneVsOneOptions extends SolverSettings {
  /** C times the class weight, per class. */
  readonly classC: Float64Array;
  /** libsvm's random seed: fit Platt's sigmoids (with scikit-learn's folds for this seed). */
  readonly probabilitySeed: number | undefined;
  /** For messages. */
  readonly owner: string;
}

/**
 * What a fit from a search's shared state brings (see `svm-shared.ts`): the kernel
 * matrix of its rows (grouped by class), where each pair's solver starts, and where
 * the solutions go.
 */
export interface OneVsOneStart {
  /** The kernel matrix (or row cache) of the fit's rows, grouped by class; not disposed by the fit. */
  readonly shared: SharedKernel;
  /** α of each pair's machine, in problem order, from the previous candidate of a warm-start path (cold when undefined). */
  readonly alphas: readonly Float64Array[] | undefined;
  /** The C of each class (times its weight) those α were solved with. */
  readonly previousC?: Float64Array | undefined;
  /** Receives α of each pair's machine. */
  readonly solved: Float64Array[];
}

/** A trained machine, before support vectors are pooled. */
interface RawMachine {
  readonly svRows: Int32Array;
  readonly coef: Float64Array;
  readonly rho: number;
}

/** The number of folds of libsvm's probability cross-validation. */
const PROBABILITY_FOLDS = 5;

/**
 * Trains one C-SVC per pair of classes.
 *
 * @param codes - the class index of each row of `X` (0 … nClasses−1, every class present).
 * @throws {AbortError} when the `checkpoint` says stop (between two pairs, or inside a pair's solver).
 */
export function trainOneVsOne(X: DenseMatrix, codes: Int32Array, nClasses: number, options: OneVsOneOptions, start?: OneVsOneStart): OneVsOneModel {
  const rowsOf = groupByClass(codes, nClasses);
  const random = options.probabilitySeed === undefined ? undefined : new Mt19937(options.probabilitySeed);
  // several problems on the same rows: share one kernel matrix when it fits the cache
  const sharing = start === undefined && (nClasses > 2 || random !== undefined) && SharedKernel.fits(X.rows, options.cacheSize);
  const context: Context = { X, options, shared: start?.shared ?? (sharing ? sharedKernel(X, rowsOf, options.kernel) : undefined) };
  try {
    const raw: RawMachine[] = [];
    const sigmoids: (Sigmoid | undefined)[] = [];
    for (let i = 0; i < nClasses; i++) {
      for (let j = i + 1; j < nClasses; j++) {
        options.checkpoint?.checkNow();
        const rows = concat(rowsOf[i]!, rowsOf[j]!);
        const nI = rowsOf[i]!.length;
        const Ci = options.classC[i]!;
        const Cj = options.classC[j]!;
        sigmoids.push(random === undefined ? undefined : plattSigmoid(context, rows, nI, Ci, Cj, random));
        const previous = start?.previousC;
        const warm = previous === undefined ? undefined : warmStart(start?.alphas?.[raw.length], nI, rows.length, [Ci, Cj], [previous[i]!, previous[j]!]);
        raw.push(trainBinary(context, rows, nI, Ci, Cj, warm, start?.solved));
      }
    }
    return pool(X, raw, sigmoids, rowsOf, codes, nClasses, options.kernel);
  } finally {
    if (start === undefined) context.shared?.dispose();
  }
}

/** The fit's shared kernel matrix, or none when the kernels' memory cannot grow that far. */
function sharedKernel(X: DenseMatrix, rowsOf: readonly Int32Array[], kernel: Kernel): SharedKernel | undefined {
  try {
    return new SharedKernel(X, rowsOf, kernel);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** What every problem of a fit is trained with. */
interface Context {
  readonly X: DenseMatrix;
  readonly options: OneVsOneOptions;
  /** The fit's kernel matrix, when shared by its problems. */
  readonly shared: SharedKernel | undefined;
}

/** The rows of each class, in training order. */
export function groupByClass(codes: Int32Array, nClasses: number): Int32Array[] {
  const counts = new Int32Array(nClasses);
  for (let r = 0; r < codes.length; r++) counts[codes[r]]++;
  const out = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(nClasses);
  for (let r = 0; r < codes.length; r++) out[codes[r]][filled[codes[r]]++] = r;
  return out;
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Trains on `rows` whose first `nFirst` are of the positive class (y = +1, C =
 * `Cfirst`) and the rest of the negative one (y = −1, C = `Csecond`), and returns the
 * machine with its support vectors as training-row indices (in problem order):
 * positive decisions mean the first class.
 */
function trainBinary(context: Context, rows: Int32Array, nFirst: number, Cfirst: number, Csecond: number, alpha0?: Float64Array, solved?: Float64Array[]): RawMachine {
  const { X, options, shared } = context;
  const y = new Int8Array(rows.length).fill(1);
  y.fill(-1, nFirst);
  const kernel = shared === undefined ? new TrainingKernel(X, rows, options.kernel, y) : shared.problem(rows, y);
  let machine;
  try {
    // with a shared matrix, the problem's cache gets what is left of the budget
    const cacheSize = shared === undefined || !shared.holdsAll ? options.cacheSize : Math.max(0, options.cacheSize - SharedKernel.megabytes(X.rows));
    machine = trainClassifier(kernel, y, Cfirst, Csecond, { ...options, cacheSize }, alpha0);
  } finally {
    kernel.dispose();
  }
  if (solved !== undefined) {
    const alpha = new Float64Array(rows.length);
    for (let k = 0; k < alpha.length; k++) alpha[k] = machine.coef[k]! * y[k]!;
    solved.push(alpha);
  }
  let count = 0;
  for (let k = 0; k < rows.length; k++) if (machine.coef[k] !== 0) count++;
  const svRows = new Int32Array(count);
  const coef = new Float64Array(count);
  for (let k = 0, s = 0; k < rows.length; k++) {
    if (machine.coef[k] === 0) continue;
    svRows[s] = rows[k]!;
    coef[s++] = machine.coef[k]!;
  }
  return { svRows, coef, rho: machine.rho };
}

/**
 * The warm start of a pair's problem (its first `nFirst` rows of class i, then class
 * j's): α solved with the bounds `previous`, when it is feasible for the bounds `C`
 * (0 ≤ α ≤ C; Σ y α = 0 holds for any C) and fewer than half of its support vectors
 * sit at their previous bound; else undefined (a cold start). Support vectors at the
 * bound are those a larger C frees: when they are many, SMO reaches the new solution
 * in fewer iterations from zero (measured on the specs' and the benchmark's grids:
 * from α as it is, 35% more iterations than cold on standardized digits; with this
 * rule 3% fewer there, and 40% fewer on raw digits).
 */
function warmStart(alpha: Float64Array | undefined, nFirst: number, size: number, C: readonly [number, number], previous: readonly [number, number]): Float64Array | undefined {
  if (alpha === undefined || alpha.length !== size) return undefined;
  let support = 0;
  let atBound = 0;
  for (let k = 0; k < alpha.length; k++) {
    const side = k < nFirst ? 0 : 1;
    const a = alpha[k]!;
    if (!(a >= 0 && a <= C[side]!)) return undefined;
    if (a === 0) continue;
    support++;
    if (a >= previous[side]!) atBound++;
  }
  return 2 * atBound >= support && support > 0 ? undefined : alpha;
}

/** Σ coef·K(x, sv) − rho for every row of `queries`. */
function decide(machine: RawMachine, X: DenseMatrix, queries: DenseMatrix, kernel: Kernel): Float64Array {
  const rows = Int32Array.from({ length: machine.svRows.length }, (_, s) => s);
  return decisionValues(kernel, X.takeRows(machine.svRows), [{ rows, coef: machine.coef, rho: machine.rho }], queries);
}

/**
 * Platt's sigmoid for one pair, from 5-fold cross-validated decision values
 * (scikit-learn's fork's `svm_binary_svc_probability`): the rows are shuffled
 * with scikit-learn's generator, and every fold's machine is trained on its
 * negative-class rows first (its fork sorts the labels −1, +1), which reseeds
 * the generator as scikit-learn's nested `svm_train` does.
 */
function plattSigmoid(context: Context, rows: Int32Array, nPositive: number, Cp: number, Cn: number, random: Mt19937): Sigmoid {
  const { X, options } = context;
  const l = rows.length;
  const perm = Int32Array.from({ length: l }, (_, i) => i);
  for (let i = 0; i < l; i++) {
    const j = i + boundedRandInt(random, l - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const decision = new Float64Array(l);
  for (let fold = 0; fold < PROBABILITY_FOLDS; fold++) {
    const begin = Math.floor((fold * l) / PROBABILITY_FOLDS);
    const end = Math.floor(((fold + 1) * l) / PROBABILITY_FOLDS);
    const negatives: number[] = [];
    const positives: number[] = [];
    for (let k = 0; k < l; k++) {
      if (k >= begin && k < end) continue;
      (perm[k] < nPositive ? positives : negatives).push(rows[perm[k]]);
    }
    const heldOut = perm.subarray(begin, end);
    if (positives.length === 0 || negatives.length === 0) {
      const value = positives.length > 0 ? 1 : negatives.length > 0 ? -1 : 0;
      for (const k of heldOut) decision[k] = value;
      continue;
    }
    // the negative class first: label 0 is class j, so libsvm's positive side is j
    const machine = trainBinary(context, Int32Array.from([...negatives, ...positives]), negatives.length, Cn, Cp);
    random.seed(options.probabilitySeed as number);
    const values = decide(machine, X, X.takeRows(Int32Array.from(heldOut, (k) => rows[k])), options.kernel);
    heldOut.forEach((k, h) => {
      decision[k] = -values[h];
    });
  }
  const positive = Array.from({ length: l }, (_, k) => k < nPositive);
  return sigmoidTrain(decision, positive);
}

/** Pools the machines' support vectors (by class, then row) as libsvm's multi-class model does. */
function pool(
  X: DenseMatrix,
  raw: readonly RawMachine[],
  sigmoids: readonly (Sigmoid | undefined)[],
  rowsOf: readonly Int32Array[],
  codes: Int32Array,
  nClasses: number,
  kernel: Kernel,
): OneVsOneModel {
  const isSupport = new Uint8Array(codes.length);
  for (const machine of raw) for (const r of machine.svRows) isSupport[r] = 1;
  const support: number[] = [];
  const nSupport = new Int32Array(nClasses);
  const position = new Int32Array(codes.length).fill(-1);
  for (let c = 0; c < nClasses; c++) {
    for (const r of rowsOf[c]) {
      if (!isSupport[r]) continue;
      position[r] = support.length;
      support.push(r);
      nSupport[c]++;
    }
  }
  const pairs: PairMachine[] = [];
  let p = 0;
  for (let i = 0; i < nClasses; i++) {
    for (let j = i + 1; j < nClasses; j++, p++) {
      const machine = raw[p];
      pairs.push({
        i,
        j,
        sv: machine.svRows.map((r) => position[r]),
        coef: machine.coef,
        rho: machine.rho,
        sigmoid: sigmoids[p],
      });
    }
  }
  const supportRows = Int32Array.from(support);
  return { nClasses, kernel, support: supportRows, nSupport, supportVectors: X.takeRows(supportRows), pairs };
}

/**
 * The decision value of every machine for every row of `X`: `n × nPairs`,
 * row-major, positive meaning the pair's first class (libsvm's orientation).
 */
export function oneVsOneDecisions(model: OneVsOneModel, X: DenseMatrix): Float64Array {
  const shared = model.queryKernel;
  if (shared !== undefined && shared.queries === X) {
    const machines = model.pairs.map(({ sv, coef, rho }) => ({ rows: trainingRows(model.support, sv), coef, rho }));
    const decisions = shared.decisions(machines);
    if (decisions !== undefined) return decisions;
  }
  const machines = model.pairs.map(({ sv, coef, rho }) => ({ rows: sv, coef, rho }));
  return decisionValues(model.kernel, model.supportVectors, machines, X);
}

/** The training rows of support vectors given by their positions among the model's. */
export function trainingRows(support: Int32Array, positions: Int32Array): Int32Array {
  const out = new Int32Array(positions.length);
  for (let t = 0; t < out.length; t++) out[t] = support[positions[t]!]!;
  return out;
}

/** libsvm's vote: each machine votes for its first class when its decision is positive. */
export function oneVsOneVotes(model: OneVsOneModel, decisions: Float64Array, n: number): Int32Array {
  const nPairs = model.pairs.length;
  const k = model.nClasses;
  const winners = new Int32Array(n);
  const votes = new Int32Array(k);
  for (let q = 0; q < n; q++) {
    votes.fill(0);
    for (let p = 0; p < nPairs; p++) {
      const { i, j } = model.pairs[p];
      votes[decisions[q * nPairs + p] > 0 ? i : j]++;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (votes[c] > votes[best]) best = c;
    winners[q] = best;
  }
  return winners;
}
