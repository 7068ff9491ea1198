/**
 * What the classifier and the regressor share around the boosting loop: the data
 * checks (NaN allowed: it is a value like any other), the problem's per-feature options,
 * the workspace, and the raw predictions of a fitted model.
 */
import type { DenseMatrix, MatrixLike } from '../../../core/data.js';
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
