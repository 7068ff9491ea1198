/**
 * liblinear's problem and its `train` (scikit-learn's fork, `sklearn/svm/src/liblinear/
 * linear.cpp`): the rows with the bias feature appended, the classes grouped in label
 * order, the weighted C of each class, and the binary, one-vs-rest, Crammer–Singer or
 * regression fits, each solver called as liblinear calls it.
 *
 * Rows are dense here where liblinear keeps sparse rows without their zeros: a zero
 * term adds exactly nothing to any of its sums, so the arithmetic is the same.
 */
import type { LiblinearRandom } from './liblinear-random.js';

/** liblinear's solver types (its `solver_type` enum). */
export const SolverType = {
  L2R_LR: 0,
  L2R_L2LOSS_SVC_DUAL: 1,
  L2R_L2LOSS_SVC: 2,
  L2R_L1LOSS_SVC_DUAL: 3,
  MCSVM_CS: 4,
  L1R_L2LOSS_SVC: 5,
  L1R_LR: 6,
  L2R_LR_DUAL: 7,
  L2R_L2LOSS_SVR: 11,
  L2R_L2LOSS_SVR_DUAL: 12,
  L2R_L1LOSS_SVR_DUAL: 13,
} as const;
export type SolverType = (typeof SolverType)[keyof typeof SolverType];

/** liblinear's `problem`: `l` rows of `n` values (the bias feature last when there is one). */
export interface Problem {
  /** Row-major `l × n`. */
  readonly x: Float64Array;
  readonly l: number;
  readonly n: number;
  /** ±1 for a binary problem, the class index for Crammer–Singer, the target for regression. */
  readonly y: Float64Array;
  /** Instance weights. */
  readonly W: Float64Array;
}

/** What `train_one` hands a solver besides the problem. */
export interface SolverSettings {
  readonly solverType: SolverType;
  readonly eps: number;
  readonly maxIter: number;
  /** The ε of the SVR losses. */
  readonly p: number;
  readonly C: number;
  readonly random: LiblinearRandom;
  readonly signal?: AbortSignal | undefined;
}

/** A solver for one binary (or regression) problem: fills `w`, returns its iterations. */
export type BinarySolver = (prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings) => number;

/** The solvers `train` dispatches to (given by the caller, so each lives in its own file). */
export interface SolverTable {
  readonly binary: BinarySolver;
  /** Crammer–Singer: `nrClass × n` weights interleaved as liblinear's (`w[j·nrClass + c]`). */
  readonly crammerSinger?: (prob: Problem, nrClass: number, weightedC: Float64Array, w: Float64Array, settings: SolverSettings) => number;
}

/** The model `train` returns: weights as liblinear lays them out, and iterations per fit. */
export interface TrainedModel {
  /** `n × nrW` interleaved: `w[j · nrW + c]` (nrW = 1 for two classes and regression). */
  readonly w: Float64Array;
  readonly nrW: number;
  readonly nIter: Int32Array;
}

/** The rows of `X` (row-major `l × p`) with `bias` appended to each when `bias > 0`. */
export function withBias(X: Float64Array, l: number, p: number, bias: number, rows?: Int32Array): { x: Float64Array; n: number } {
  const n = bias > 0 ? p + 1 : p;
  const x = new Float64Array(l * n);
  for (let i = 0; i < l; i++) {
    const src = (rows === undefined ? i : rows[i]) * p;
    const o = i * n;
    for (let j = 0; j < p; j++) x[o + j] = X[src + j];
    if (bias > 0) x[o + p] = bias;
  }
  return { x, n };
}

/**
 * liblinear's `group_classes`: the rows of each class together, classes in label order
 * (scikit-learn sorts them), rows in their original order within a class.
 */
export function groupClasses(codes: Int32Array, nrClass: number): { perm: Int32Array; start: Int32Array; count: Int32Array } {
  const count = new Int32Array(nrClass);
  for (let i = 0; i < codes.length; i++) count[codes[i]]++;
  const start = new Int32Array(nrClass);
  for (let c = 1; c < nrClass; c++) start[c] = start[c - 1] + count[c - 1];
  const next = start.slice();
  const perm = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) perm[next[codes[i]]++] = i;
  return { perm, start, count };
}

/**
 * liblinear's `train` for classification: `X` row-major `l × p` with class codes in
 * [0, nrClass), `weightedC[c]` = C times the weight of class c. Rows are regrouped by
 * class first, as liblinear does (its random visiting orders index the grouped rows).
 */
export function trainClassifier(
  X: Float64Array,
  l: number,
  p: number,
  codes: Int32Array,
  nrClass: number,
  bias: number,
  weightedC: Float64Array,
  settings: SolverSettings,
  solvers: SolverTable,
): TrainedModel {
  const { perm, start, count } = groupClasses(codes, nrClass);
  const { x, n } = withBias(X, l, p, bias, perm);
  const W = new Float64Array(l).fill(1);
  const y = new Float64Array(l);
  if (settings.solverType === SolverType.MCSVM_CS) {
    for (let c = 0; c < nrClass; c++) for (let j = start[c]; j < start[c] + count[c]; j++) y[j] = c;
    const w = new Float64Array(n * nrClass);
    const iterations = solvers.crammerSinger!({ x, l, n, y, W }, nrClass, weightedC, w, settings);
    return { w, nrW: nrClass, nIter: Int32Array.of(iterations) };
  }
  const prob: Problem = { x, l, n, y, W };
  if (nrClass === 2) {
    const e0 = start[0] + count[0];
    for (let k = 0; k < l; k++) y[k] = k < e0 ? -1 : 1;
    const w = new Float64Array(n);
    const iterations = trainOne(prob, w, weightedC[1], weightedC[0], settings, solvers.binary);
    return { w, nrW: 1, nIter: Int32Array.of(iterations) };
  }
  const model = new Float64Array(n * nrClass);
  const nIter = new Int32Array(nrClass);
  const w = new Float64Array(n);
  for (let c = 0; c < nrClass; c++) {
    for (let k = 0; k < l; k++) y[k] = k >= start[c] && k < start[c] + count[c] ? 1 : -1;
    nIter[c] = trainOne(prob, w, weightedC[c], settings.C, settings, solvers.binary);
    for (let j = 0; j < n; j++) model[j * nrClass + c] = w[j];
  }
  return { w: model, nrW: nrClass, nIter };
}

/** liblinear's `train` for regression: one problem on the targets. */
export function trainRegressor(X: Float64Array, l: number, p: number, targets: Float64Array, bias: number, settings: SolverSettings, solver: BinarySolver): TrainedModel {
  const { x, n } = withBias(X, l, p, bias);
  const prob: Problem = { x, l, n, y: targets, W: new Float64Array(l).fill(1) };
  const w = new Float64Array(n);
  const iterations = trainOne(prob, w, 0, 0, settings, solver);
  return { w, nrW: 1, nIter: Int32Array.of(iterations) };
}

/**
 * liblinear's `train_one`: the primal solvers' tolerance is scaled by the share of the
 * smaller class (`eps · max(min(pos, neg), 1) / l`); the dual solvers take `eps` as is.
 */
function trainOne(prob: Problem, w: Float64Array, Cp: number, Cn: number, settings: SolverSettings, solver: BinarySolver): number {
  let pos = 0;
  for (let i = 0; i < prob.l; i++) if (prob.y[i] > 0) pos++;
  const neg = prob.l - pos;
  const primal =
    settings.solverType === SolverType.L2R_LR ||
    settings.solverType === SolverType.L2R_L2LOSS_SVC ||
    settings.solverType === SolverType.L1R_L2LOSS_SVC ||
    settings.solverType === SolverType.L1R_LR;
  const eps = primal ? (settings.eps * Math.max(Math.min(pos, neg), 1)) / prob.l : settings.eps;
  return solver(prob, w, Cp, Cn, { ...settings, eps });
}
