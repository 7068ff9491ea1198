/**
 * What SGDClassifier and SGDRegressor share (scikit-learn's `BaseSGD`): the common
 * parameters and their checks, the solver settings they map to, the validation split
 * of early stopping and the seeds scikit-learn draws.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, seedValue } from '../../core/check-random-state.js';
import type { DenseMatrix, Vector } from '../../core/data.js';
import type { ParamDeclaration } from '../../core/estimator.js';
import { booleanValue, integerIn, invalidParameter, nullValue, oneOf, realIn, satisfies } from '../../core/validate.js';
import { ShuffleSplit } from '../../model-selection/split/shuffle-split.js';
import { StratifiedShuffleSplit } from '../../model-selection/split/stratified-shuffle-split.js';
import type { PlainSgdSettings } from './plain-sgd.js';
import { LearningRateCode, PenaltyCode } from './sgd-epoch.js';
import type { SgdLoss } from './sgd-loss.js';

/** The penalty: 'l2', 'l1', 'elasticnet' (`l1Ratio` of L1) or `null` for none. */
export type SgdPenalty = 'l2' | 'l1' | 'elasticnet' | null;

/** The learning-rate schedule. */
export type SgdLearningRate = 'constant' | 'optimal' | 'invscaling' | 'adaptive';

/** The parameters SGDClassifier and SGDRegressor share (besides the loss). */
export interface SgdSharedParams {
  penalty: SgdPenalty;
  alpha: number;
  l1Ratio: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number | null;
  shuffle: boolean;
  epsilon: number;
  randomState: RandomStateLike | null;
  learningRate: SgdLearningRate;
  eta0: number;
  powerT: number;
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  warmStart: boolean;
  average: boolean | number;
}

/** scikit-learn's `MAX_INT`: the bound of the shuffling seeds (2^31 - 1). */
export const MAX_INT = 2147483647;

/** The declarations shared by both estimators; the defaults that differ are passed in. */
export function sharedSchema(defaults: { learningRate: SgdLearningRate; eta0: number; powerT: number }): { [K in keyof SgdSharedParams]: ParamDeclaration<SgdSharedParams[K]> } {
  return {
    penalty: { default: 'l2', constraints: oneOf(['l2', 'l1', 'elasticnet', null]) },
    alpha: { default: 0.0001, constraints: realIn({ min: 0 }) },
    l1Ratio: { default: 0.15, constraints: realIn({ min: 0, max: 1 }) },
    fitIntercept: { default: true, constraints: booleanValue },
    maxIter: { default: 1000, constraints: integerIn({ min: 1 }) },
    tol: { default: 1e-3, constraints: [realIn({ min: 0 }), nullValue] },
    shuffle: { default: true, constraints: booleanValue },
    epsilon: { default: 0.1, constraints: realIn({ min: 0 }) },
    randomState: { default: null, constraints: [nullValue, seedValue, randomStateObject] },
    learningRate: { default: defaults.learningRate, constraints: oneOf(['constant', 'optimal', 'invscaling', 'adaptive']) },
    eta0: { default: defaults.eta0, constraints: realIn({ min: 0 }) },
    powerT: { default: defaults.powerT, constraints: satisfies('a finite number', (v) => typeof v === 'number' && Number.isFinite(v)) },
    earlyStopping: { default: false, constraints: booleanValue },
    validationFraction: { default: 0.1, constraints: realIn({ min: 0, max: 1, minInclusive: false, maxInclusive: false }) },
    nIterNoChange: { default: 5, constraints: integerIn({ min: 1 }) },
    warmStart: { default: false, constraints: booleanValue },
    average: { default: false, constraints: [booleanValue, integerIn({ min: 0 })] },
  };
}

/** `average` as scikit-learn compares it: `true` is 1, `false` is 0. */
export function averageStart(average: boolean | number): number {
  return average === true ? 1 : average === false ? 0 : average;
}

/**
 * scikit-learn's `_more_validate_params`: early stopping is refused by `partialFit`,
 * the fixed schedules need `eta0 > 0` and 'optimal' needs `alpha > 0`.
 *
 * @throws {InvalidParameterError} for those combinations.
 */
export function checkSgdParams(owner: string, p: SgdSharedParams, forPartialFit: boolean): void {
  if (forPartialFit && p.earlyStopping) {
    throw invalidParameter(owner, 'earlyStopping', 'false with partialFit', true, {
      hint: 'partialFit runs one epoch per call and holds no validation set out; set earlyStopping: false.',
    });
  }
  if (p.learningRate !== 'optimal' && p.eta0 <= 0) {
    throw invalidParameter(owner, 'eta0', `a number > 0 with learningRate '${p.learningRate}'`, p.eta0);
  }
  if (p.learningRate === 'optimal' && p.alpha === 0) {
    throw invalidParameter(owner, 'alpha', "a number > 0 with learningRate 'optimal' (it sets the rate)", p.alpha);
  }
}

/** The solver settings of the parameters (per-problem values are added by the estimator). */
export function baseSettings(
  owner: string,
  p: SgdSharedParams,
  loss: SgdLoss,
  maxIter: number,
): Omit<PlainSgdSettings, 'seed' | 't' | 'weightPos' | 'weightNeg' | 'validationScore' | 'signal' | 'report'> {
  return {
    loss,
    penalty: p.penalty === null ? PenaltyCode.none : PenaltyCode[p.penalty],
    alpha: p.alpha,
    l1Ratio: p.l1Ratio,
    learningRate: LearningRateCode[p.learningRate],
    eta0: p.eta0,
    powerT: p.powerT,
    fitIntercept: p.fitIntercept,
    interceptDecay: 1,
    average: averageStart(p.average),
    maxIter,
    tol: p.tol === null ? -Infinity : p.tol,
    nIterNoChange: p.nIterNoChange,
    shuffle: p.shuffle,
    owner,
  };
}

/**
 * scikit-learn's `_make_validation_split`: with early stopping, the first split of a
 * `StratifiedShuffleSplit` (classifiers) or `ShuffleSplit` (regressors) of
 * `validationFraction` seeded with `randomState`; 1 marks the validation rows.
 */
export function validationSplit(
  p: Pick<SgdSharedParams, 'earlyStopping' | 'validationFraction'>,
  randomState: RandomStateLike | undefined,
  y: Vector,
  stratified: boolean,
): Uint8Array {
  const n = y.length;
  const mask = new Uint8Array(n);
  if (!p.earlyStopping) return mask;
  const options = { nSplits: 10, testSize: p.validationFraction, randomState };
  const splitter = stratified ? new StratifiedShuffleSplit(options) : new ShuffleSplit(options);
  const first = splitter.split({ length: n }, y)[Symbol.iterator]().next();
  if (first.done === true) return mask;
  const [, test] = first.value;
  for (let k = 0; k < test.length; k++) mask[test[k]] = 1;
  return mask;
}

/** The rows of a matrix where `mask` is set. */
export function maskedRows(X: DenseMatrix, mask: Uint8Array): { values: Float64Array; rows: number[] } {
  const rows: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) rows.push(i);
  const p = X.columns;
  const values = new Float64Array(rows.length * p);
  rows.forEach((i, k) => values.set(X.values.subarray(i * p, (i + 1) * p), k * p));
  return { values, rows };
}
