/**
 * scikit-learn's `_fit_liblinear` (`sklearn/svm/_base.py`): the solver for a loss,
 * penalty and dual choice (and scikit-learn's refusals), the seed of liblinear's
 * generator drawn from `randomState`, the bias feature `interceptScaling`, and the
 * coefficients and intercepts read back from liblinear's model. Shared by LinearSVC,
 * LinearSVR and LogisticRegression's 'liblinear' solver.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import type { DenseMatrix } from '../../core/data.js';
import { RandomState } from '../../core/random-state.js';
import { formatValue, invalidParameter } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { solveCrammerSinger } from './crammer-singer.js';
import { solveL2rLrDual } from './dual-cd-logistic.js';
import { solveL2rL1l2Svc } from './dual-cd-svc.js';
import { solveL2rL1l2Svr } from './dual-cd-svr.js';
import { dualCdKernel } from './liblinear-kernel.js';
import type { BinarySolver, SolverSettings, TrainedModel } from './liblinear-problem.js';
import { SolverType, trainClassifier, trainRegressor } from './liblinear-problem.js';
import { LiblinearRandom } from './liblinear-random.js';
import { solveL1rLr } from './newglmnet.js';
import { solveL1rL2Svc } from './primal-cd-l1-svc.js';
import { solveTron } from './tron.js';

/** liblinear's losses as scikit-learn names them. */
export type LiblinearLoss = 'logistic_regression' | 'hinge' | 'squared_hinge' | 'epsilon_insensitive' | 'squared_epsilon_insensitive';

/** The penalty of a liblinear model. */
export type LiblinearPenalty = 'l1' | 'l2';

/** scikit-learn's `_solver_type_dict`: loss → penalty → dual → solver. */
const SOLVERS: Record<LiblinearLoss, Partial<Record<LiblinearPenalty, Partial<Record<'true' | 'false', SolverType>>>>> = {
  logistic_regression: { l1: { false: SolverType.L1R_LR }, l2: { false: SolverType.L2R_LR, true: SolverType.L2R_LR_DUAL } },
  hinge: { l2: { true: SolverType.L2R_L1LOSS_SVC_DUAL } },
  squared_hinge: { l1: { false: SolverType.L1R_L2LOSS_SVC }, l2: { false: SolverType.L2R_L2LOSS_SVC, true: SolverType.L2R_L2LOSS_SVC_DUAL } },
  epsilon_insensitive: { l2: { true: SolverType.L2R_L1LOSS_SVR_DUAL } },
  squared_epsilon_insensitive: { l2: { false: SolverType.L2R_L2LOSS_SVR, true: SolverType.L2R_L2LOSS_SVR_DUAL } },
};

/**
 * scikit-learn's `_get_liblinear_solver_type`: the solver for the combination.
 *
 * @throws {InvalidParameterError} for a combination liblinear does not offer (named as
 *   scikit-learn names it).
 */
export function liblinearSolverType(owner: string, multiClass: 'ovr' | 'crammer_singer', penalty: LiblinearPenalty | null, loss: LiblinearLoss, dual: boolean): SolverType {
  if (multiClass === 'crammer_singer') return SolverType.MCSVM_CS;
  const byPenalty = SOLVERS[loss];
  const byDual = penalty === null ? undefined : byPenalty[penalty];
  const combination = `penalty=${penalty === null ? 'None' : `'${penalty}'`}, loss='${loss}', dual=${dual ? 'True' : 'False'}`;
  if (byDual === undefined) {
    const supported = (Object.keys(byPenalty) as LiblinearPenalty[]).map((p) => `'${p}'`).join(' or ');
    throw invalidParameter(owner, 'penalty', `${supported} with loss '${loss}'`, penalty, {
      hint: `scikit-learn: "The combination of ${combination} is not supported".`,
    });
  }
  const solver = byDual[dual ? 'true' : 'false'];
  if (solver === undefined) {
    throw invalidParameter(owner, 'dual', `${formatValue(!dual)} with penalty '${penalty}' and loss '${loss}'`, dual, {
      hint: `scikit-learn: "The combination of penalty='${penalty}' and loss='${loss}' are not supported when dual=${dual ? 'True' : 'False'}".`,
    });
  }
  return solver;
}

/** The options of {@link fitLiblinear}. */
export interface LiblinearFitOptions {
  readonly C: number;
  readonly fitIntercept: boolean;
  readonly interceptScaling: number;
  /** Per-class weights (classification), in class order. */
  readonly classWeight?: Float64Array | undefined;
  readonly solverType: SolverType;
  readonly maxIter: number;
  readonly tol: number;
  readonly randomState: RandomStateLike | null;
  /** ε of the SVR losses. */
  readonly epsilon?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What {@link fitLiblinear} returns. */
export interface LiblinearFit {
  /** `rows × p`, row-major. */
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
  readonly rows: number;
  /** Iterations of each binary fit (one for two classes, Crammer–Singer and regression). */
  readonly nIter: Int32Array;
}

/** The seed scikit-learn hands liblinear: `check_random_state(random_state).randint(np.iinfo('i').max)`. */
export function liblinearSeed(randomState: RandomStateLike | null): number {
  const rng = randomState === null ? new RandomState() : resolveRandomState(randomState);
  return rng.randint(0, 2147483647);
}

function binarySolver(solverType: SolverType): BinarySolver {
  switch (solverType) {
    case SolverType.L2R_L2LOSS_SVC_DUAL:
    case SolverType.L2R_L1LOSS_SVC_DUAL:
      return (prob, w, Cp, Cn, settings) => dualCdKernel.solveSvc(prob, w, Cp, Cn, settings) ?? solveL2rL1l2Svc(prob, w, Cp, Cn, settings);
    case SolverType.L2R_L2LOSS_SVR_DUAL:
    case SolverType.L2R_L1LOSS_SVR_DUAL:
      return (prob, w, Cp, Cn, settings) => dualCdKernel.solveSvr(prob, w, settings) ?? solveL2rL1l2Svr(prob, w, Cp, Cn, settings);
    case SolverType.L2R_LR_DUAL:
      return solveL2rLrDual;
    case SolverType.L1R_L2LOSS_SVC:
      return solveL1rL2Svc;
    case SolverType.L1R_LR:
      return solveL1rLr;
    default:
      return solveTron;
  }
}

/**
 * scikit-learn's `_fit_liblinear` on validated data: class codes (classification) or
 * targets (regression). Warns (`ConvergenceWarning`) when a fit reaches `maxIter`.
 */
export function fitLiblinear(X: DenseMatrix, target: { codes: Int32Array; nClasses: number } | { values: Float64Array }, o: LiblinearFitOptions): LiblinearFit {
  const n = X.rows;
  const p = X.columns;
  const bias = o.fitIntercept ? o.interceptScaling : -1;
  const settings: SolverSettings = {
    solverType: o.solverType,
    eps: o.tol,
    maxIter: o.maxIter,
    p: o.epsilon ?? 0.1,
    C: o.C,
    random: new LiblinearRandom(liblinearSeed(o.randomState)),
    signal: o.signal,
  };
  const model: TrainedModel = dualCdKernel.scope(() => {
    if ('codes' in target) {
      const weightedC = new Float64Array(target.nClasses).fill(o.C);
      if (o.classWeight !== undefined) for (let c = 0; c < target.nClasses; c++) weightedC[c] *= o.classWeight[c];
      return trainClassifier(X.values, n, p, target.codes, target.nClasses, bias, weightedC, settings, {
        binary: binarySolver(o.solverType),
        crammerSinger: solveCrammerSinger,
      });
    }
    return trainRegressor(X.values, n, p, target.values, bias, settings, binarySolver(o.solverType));
  });
  let most = 0;
  for (const k of model.nIter) most = Math.max(most, k);
  if (most >= o.maxIter) warn('Liblinear failed to converge, increase the number of iterations.', 'ConvergenceWarning');
  const rows = model.nrW;
  const coef = new Float64Array(rows * p);
  const intercept = new Float64Array(rows);
  for (let c = 0; c < rows; c++) {
    for (let j = 0; j < p; j++) coef[c * p + j] = model.w[j * rows + c];
    if (o.fitIntercept) intercept[c] = o.interceptScaling * model.w[p * rows + c];
  }
  return { coef, intercept, rows, nIter: model.nIter };
}
