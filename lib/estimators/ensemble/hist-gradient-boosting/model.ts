/**
 * What the classifier and the regressor share around the boosting loop: the data
 * checks (NaN allowed: it is a value like any other), the problem's per-feature options,
 * the workspace, and the raw predictions of a fitted model.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../../../core/data.js';
import { continueWithWarmStart } from '../../../core/continuation.js';
import type { AnyEstimator, FitOptions } from '../../../core/estimator.js';
import { invalidParameter } from '../../../core/validate.js';
import { InvalidParameterError, ValidationError } from '../../../core/errors.js';
import { validateMatrix } from '../../../core/data.js';
import type { BoostingLoss } from './losses.js';
import type { BoostingProblem, BoostingSettings, FittedBoosting, WorkspaceFactory } from './boosting.js';
import { WasmTreeWorkspace } from './wasm-workspace.js';
import type { HistGradientBoostingParamValues } from './params.js';
import { resolveCategoricalFeatures, resolveMonotonicCst } from './params.js';
import type { TreePredictor } from './predictor.js';
import { addRawPredictions, knownCategoryBitsets } from './predictor.js';

/** A fitted model: the boosting result and the known categories as bitsets. */
export interface HistGradientBoostingState extends FittedBoosting {
  readonly knownCategories: readonly (Uint32Array | null)[];
}

/** The workspace the estimators use. */
export const createWorkspace: WorkspaceFactory = (layout, binned) => new WasmTreeWorkspace(layout, binned);

/** Validates X for fit or predict: a finite matrix where NaN marks missing values. */
export function validateFeatures(owner: string, X: MatrixLike): DenseMatrix {
  return validateMatrix(X, { owner, allowNaN: true });
}

/** The per-feature options of a problem: categorical features and monotonic constraints, checked against X. */
export function featureOptions(
  owner: string,
  params: HistGradientBoostingParamValues,
  X: DenseMatrix,
  loss: BoostingLoss,
): Pick<BoostingProblem, 'isCategorical' | 'knownCategories' | 'monotonicCst'> {
  const categorical = resolveCategoricalFeatures(owner, params.categoricalFeatures, X, params.maxBins);
  return {
    isCategorical: categorical?.isCategorical ?? null,
    knownCategories: categorical?.knownCategories ?? null,
    monotonicCst: resolveMonotonicCst(owner, params.monotonicCst, X.columns, loss.nTreesPerIteration, categorical),
  };
}

/**
 * The fitted model a fit continues from (scikit-learn's `warm_start`), or
 * undefined without `warmStart` or a fitted model.
 *
 * @throws {InvalidParameterError} when `maxIter` is below the iterations fitted;
 *   {@link ValidationError} when X has another number of features or y other classes.
 */
export function warmStartOf(
  owner: string,
  params: HistGradientBoostingParamValues,
  fitted: HistGradientBoostingState | undefined,
  seen: { readonly nFeatures: number; readonly nTreesPerIteration: number },
  now: { readonly nFeatures: number; readonly nTreesPerIteration: number },
): HistGradientBoostingState | undefined {
  if (!params.warmStart || fitted === undefined) return undefined;
  const nIter = fitted.predictors.length;
  if (params.maxIter < nIter) {
    throw new InvalidParameterError(`The "maxIter" parameter of ${owner} must be at least the ${nIter} iterations already fitted when warmStart is true. Got ${params.maxIter} instead.`, {
      owner, argument: 'maxIter', value: params.maxIter, expected: `an int >= ${nIter} (warmStart)`,
    });
  }
  if (seen.nFeatures !== now.nFeatures || seen.nTreesPerIteration !== now.nTreesPerIteration) {
    throw new ValidationError(
      `${owner}.fit with warmStart got data of ${now.nFeatures} features and ${now.nTreesPerIteration} trees per iteration, but the model was fitted with ${seen.nFeatures} and ${seen.nTreesPerIteration}.`,
      { owner: `${owner}.fit`, argument: 'X', value: now.nFeatures, expected: `the data of the first fit (warmStart)` },
    );
  }
  return fitted;
}

/** `continueFit` of the boosting estimators: more iterations up to `maxIter` through the `warmStart` path. */
export async function continueBoosting(estimator: AnyEstimator, X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options: FitOptions | undefined): Promise<void> {
  if (param !== 'maxIter') throw invalidParameter(`${estimator.constructor.name}.continueFit`, 'param', "'maxIter'", param);
  await continueWithWarmStart(estimator, X, y, param, value, options);
}

/** The boosting settings from the params. */
export function boostingSettings(owner: string, params: HistGradientBoostingParamValues): BoostingSettings {
  return { owner, ...params };
}

/** Wraps the boosting result with what prediction needs. */
export function toState(fitted: FittedBoosting): HistGradientBoostingState {
  return { ...fitted, knownCategories: knownCategoryBitsets(fitted.mapper) };
}

/** The raw predictions of X (class-major: tree `k`'s value for row `i` at `k * rows + i`). */
export function rawPredict(state: HistGradientBoostingState, X: DenseMatrix): Float64Array {
  const K = state.nTreesPerIteration;
  const n = X.rows;
  const raw = new Float64Array(K * n);
  for (let k = 0; k < K; k++) {
    raw.fill(state.baseline[k] as number, k * n, (k + 1) * n);
    const trees: TreePredictor[] = state.predictors.map((iteration) => iteration[k] as TreePredictor);
    addRawPredictions(trees, X.values, n, X.columns, state.knownCategories, raw, k * n);
  }
  return raw;
}
