/**
 * LogisticRegression's parameters, their constraints, and scikit-learn's checks of the
 * solver against the penalty, `dual` and the multi-class scheme (`_check_solver`,
 * `_check_multi_class`).
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, seedValue } from '../../core/check-random-state.js';
import type { ParamSchema } from '../../core/estimator.js';
import { booleanValue, integerIn, invalidParameter, nullValue, oneOf, realIn } from '../../core/validate.js';
import type { ClassWeight } from './class-weight.js';
import { classWeightObject } from './class-weight.js';

/** The penalty: 'l2', 'l1', 'elasticnet', or none ('none' and `null` both mean scikit-learn's `None`). */
export type LogisticPenalty = 'l1' | 'l2' | 'elasticnet' | 'none' | null;
/** The optimizer. */
export type LogisticSolver = 'lbfgs' | 'newton-cg' | 'liblinear' | 'sag' | 'saga';
/** How more than two classes are fitted. */
export type LogisticMultiClass = 'auto' | 'ovr' | 'multinomial';

/** Parameters of `LogisticRegression`. */
export interface LogisticRegressionParams {
  /**
   * Inverse of the penalty strength: the objective is the (weighted) sum of the
   * log-losses plus the penalty divided by C (`‖w‖²/2`, `‖w‖₁`, or their elastic-net
   * mix). Smaller is stronger.
   * @default 1
   */
  C: number;
  /**
   * 'l2'; 'l1' (sparse weights; solvers 'liblinear' and 'saga'); 'elasticnet' ('saga'
   * only, mixed by `l1Ratio`); or 'none'/`null` for no penalty (then `C` is ignored;
   * not with 'liblinear').
   * @default 'l2'
   */
  penalty: LogisticPenalty;
  /**
   * Fit an intercept (never penalized, except by 'liblinear', which fits it as the
   * weight of a constant feature `interceptScaling`).
   * @default true
   */
  fitIntercept: boolean;
  /**
   * The most solver iterations (epochs for 'sag' and 'saga').
   * @default 100
   */
  maxIter: number;
  /**
   * The stopping tolerance: the largest gradient component for 'lbfgs' and 'newton-cg'
   * ('lbfgs' also stops, as scipy's L-BFGS-B does for scikit-learn, once an iteration
   * lowers the objective by less than 2.2e-9 of its value); the largest change of the
   * weights relative to the largest weight for 'sag' and 'saga'; liblinear's `eps`.
   * @default 1e-4
   */
  tol: number;
  /**
   * 'lbfgs' (limited-memory BFGS), 'newton-cg' (Newton with conjugate gradients),
   * 'liblinear' (trust-region Newton, newGLMNET for 'l1', dual coordinate descent with
   * `dual`; one-vs-rest only), 'sag' (stochastic average gradient) or 'saga' (SAG with a
   * proximal step: every penalty).
   * @default 'lbfgs'
   */
  solver: LogisticSolver;
  /**
   * Class weights: `null`, 'balanced' or `{ label: weight }` (see {@link ClassWeight}).
   * @default null
   */
  classWeight: ClassWeight;
  /**
   * 'multinomial' fits one softmax model; 'ovr' one binary model per class; 'auto'
   * is 'ovr' for two classes or 'liblinear', and 'multinomial' otherwise.
   * @default 'auto'
   */
  multiClass: LogisticMultiClass;
  /**
   * The L1 share of the 'elasticnet' penalty, in [0, 1] (required with it; ignored,
   * with a warning, by the other penalties).
   * @default null
   */
  l1Ratio: number | null;
  /**
   * Solve liblinear's dual problem ('liblinear' with the 'l2' penalty only); prefer it
   * when there are more features than samples.
   * @default false
   */
  dual: boolean;
  /**
   * 'liblinear' only: the value of the constant feature that carries the intercept.
   * @default 1
   */
  interceptScaling: number;
  /**
   * Seeds the random sample order of 'sag' and 'saga' and the coordinate order of
   * 'liblinear', as scikit-learn seeds them, so the same seed gives scikit-learn's
   * steps; `null` draws a seed.
   * @default null
   */
  randomState: RandomStateLike | null;
}

export const LOGISTIC_SCHEMA: ParamSchema<LogisticRegressionParams> = {
  C: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) },
  penalty: { default: 'l2', constraints: oneOf(['l1', 'l2', 'elasticnet', 'none', null]) },
  fitIntercept: { default: true, constraints: booleanValue },
  maxIter: { default: 100, constraints: integerIn({ min: 1 }) },
  tol: { default: 1e-4, constraints: realIn({ min: 0 }) },
  solver: { default: 'lbfgs', constraints: oneOf(['lbfgs', 'newton-cg', 'liblinear', 'sag', 'saga']) },
  classWeight: { default: null, constraints: [nullValue, oneOf(['balanced']), classWeightObject] },
  multiClass: { default: 'auto', constraints: oneOf(['auto', 'ovr', 'multinomial']) },
  l1Ratio: { default: null, constraints: [nullValue, realIn({ min: 0, max: 1 })] },
  dual: { default: false, constraints: booleanValue },
  interceptScaling: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) },
  randomState: { default: null, constraints: [nullValue, seedValue, randomStateObject] },
};

/**
 * scikit-learn's `_check_solver` (and the l1Ratio the elastic net needs), before any fit.
 *
 * @throws {InvalidParameterError} for a penalty the solver does not offer, `dual`
 *   outside 'liblinear', or the elastic net without 'saga' or without `l1Ratio`.
 */
export function checkLogisticSolver(owner: string, p: LogisticRegressionParams): void {
  const { solver, penalty, dual } = p;
  if (solver !== 'liblinear' && solver !== 'saga' && penalty !== 'l2' && penalty !== 'none' && penalty !== null) {
    throw invalidParameter(owner, 'penalty', `'l2' or 'none' with solver '${solver}'`, penalty, {
      hint: "Use solver 'saga' (any penalty) or 'liblinear' ('l1').",
    });
  }
  if (solver !== 'liblinear' && dual) {
    throw invalidParameter(owner, 'dual', `false with solver '${solver}'`, dual, { hint: "Only solver 'liblinear' solves the dual problem." });
  }
  if (penalty === 'elasticnet' && solver !== 'saga') {
    throw invalidParameter(owner, 'solver', "'saga' with penalty 'elasticnet'", solver);
  }
  if (solver === 'liblinear' && (penalty === 'none' || penalty === null)) {
    throw invalidParameter(owner, 'penalty', "'l1' or 'l2' with solver 'liblinear'", penalty);
  }
  if (penalty === 'elasticnet' && p.l1Ratio === null) {
    throw invalidParameter(owner, 'l1Ratio', "a number in [0, 1] with penalty 'elasticnet'", null);
  }
}

/**
 * scikit-learn's `_check_multi_class`: 'auto' is 'ovr' for two classes and for
 * 'liblinear', 'multinomial' otherwise.
 *
 * @throws {InvalidParameterError} for 'multinomial' with 'liblinear'.
 */
export function resolveMultiClass(owner: string, p: LogisticRegressionParams, nClasses: number): 'ovr' | 'multinomial' {
  if (p.multiClass === 'auto') return p.solver === 'liblinear' || nClasses <= 2 ? 'ovr' : 'multinomial';
  if (p.multiClass === 'multinomial' && p.solver === 'liblinear') {
    throw invalidParameter(owner, 'multiClass', `'ovr' or 'auto' with solver 'liblinear' (it has no multinomial backend)`, p.multiClass);
  }
  return p.multiClass;
}

/** scikit-learn's warning when l1Ratio is set for another penalty than the elastic net. */
export function l1RatioIgnoredMessage(penalty: LogisticPenalty): string {
  return `l1_ratio parameter is only used when penalty is 'elasticnet'. Got (penalty=${penalty === null ? 'None' : penalty})`;
}

