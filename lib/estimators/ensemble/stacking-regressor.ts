/**
 * StackingRegressor (scikit-learn's): the members' cross-validated predictions
 * are the features of a final regressor.
 */
import type { DenseMatrix, MatrixLike, NumericVector, TargetLike } from '../../core/data.js';
import { requireTarget, validateMatrix, validateTarget } from '../../core/data.js';
import type { AnyEstimator, Estimator, FitOptions, ParamSchema, ParamValues } from '../../core/estimator.js';
import { clone, isRegressor } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { booleanValue, checkParam, integerIn, invalidParameter, nullValue, oneOf } from '../../core/validate.js';
import { BaseRegressor } from '../base.js';
import { Ridge } from '../linear/ridge.js';
import type { NestedParams } from '../pipeline.js';
import type { StackState, StackingCv } from './stacking-base.js';
import { CV_CONSTRAINT, FINAL_ESTIMATOR_CONSTRAINT, callFinal, fitStack, stackTransform } from './stacking-base.js';
import type { EnsembleEntries, EnsembleMember } from './voting-and-stacking-base.js';
import { ENTRIES_CONSTRAINT, ensembleGetParams, ensembleSetParams, namedMembers, validateEntries } from './voting-and-stacking-base.js';

/** The options of a {@link StackingRegressor} besides its estimators. */
export interface StackingRegressorOptions<F extends AnyEstimator | null = AnyEstimator | null> {
  /**
   * The regressor fitted on the members' predictions; null: `new Ridge()`
   * (scikit-learn's default is `RidgeCV()`, which tunekit does not have yet).
   * @default null
   */
  finalEstimator: F;
  /** The splits of the out-of-fold predictions (see {@link StackingCv}). @default null (5 folds) */
  cv: StackingCv;
  /** Parallel fits of crossValPredict (null: one at a time). @default null */
  nJobs: number | null;
  /** Give the final estimator X too, after the members' predictions. @default false */
  passthrough: boolean;
  /** Print the time taken to fit each member. @default false */
  verbose: boolean;
}

/** The own parameters of a {@link StackingRegressor}. */
export interface StackingRegressorOwnParams<E extends EnsembleEntries = EnsembleEntries, F extends AnyEstimator | null = AnyEstimator | null>
  extends StackingRegressorOptions<F> {
  /** The `[name, estimator]` members; a member may be `'drop'`. */
  estimators: E;
}

/** Every parameter of `StackingRegressor<E, F>`: members' ones as `name__param`, the final estimator's as `finalEstimator__param`. */
export type StackingRegressorParams<E extends EnsembleEntries = EnsembleEntries, F extends AnyEstimator | null = AnyEstimator | null> = StackingRegressorOwnParams<E, F> &
  NestedParams<E, EnsembleMember> &
  NestedParams<readonly [readonly ['finalEstimator', F]], F>;

const OWNER = 'StackingRegressor';
const OWN_KEYS = ['estimators', 'finalEstimator', 'cv', 'nJobs', 'passthrough', 'verbose'] as const;

const SCHEMA: ParamSchema<StackingRegressorOwnParams> = {
  estimators: { default: [], constraints: ENTRIES_CONSTRAINT },
  finalEstimator: { default: null, constraints: FINAL_ESTIMATOR_CONSTRAINT },
  cv: { default: null, constraints: CV_CONSTRAINT },
  nJobs: { default: null, constraints: [nullValue, integerIn({ min: 1 }), oneOf([-1])] },
  passthrough: { default: false, constraints: booleanValue },
  verbose: { default: false, constraints: booleanValue },
};

/**
 * Stacked generalization for regression: fits each member on all the data,
 * collects its out-of-fold predictions (crossValPredict with one set of splits for
 * all members), and fits the final regressor on them.
 *
 * @example
 * ```ts
 * const stack = new StackingRegressor(
 *   [['ridge', new Ridge()], ['knn', new KNeighborsRegressor({ nNeighbors: 10 })]],
 *   { finalEstimator: new Ridge({ alpha: 0.1 }), passthrough: true },
 * );
 * await stack.fit(X, y);
 * await stack.predict(X);
 * ```
 */
export class StackingRegressor<const E extends EnsembleEntries = EnsembleEntries, const F extends AnyEstimator | null = AnyEstimator | null>
  extends BaseRegressor<StackingRegressorOwnParams<E, F>>
  implements Estimator<StackingRegressorParams<E, F>>
{
  private state: StackState | undefined;

  /**
   * @param estimators - the `[name, estimator]` members (`'drop'` leaves one out), or
   *   one params object `{ estimators, ... }` (the form `clone` uses).
   * @throws {InvalidParameterError} for malformed or duplicate names, all members dropped, or a member that is not a regressor.
   */
  constructor(estimators: E, options?: Partial<StackingRegressorOptions<F>>);
  constructor(params: Partial<StackingRegressorOptions<F>> & { readonly estimators: E });
  constructor(estimatorsOrParams: E | (Partial<StackingRegressorOptions<F>> & { readonly estimators: E }), options: Partial<StackingRegressorOptions<F>> = {}) {
    super(
      OWNER,
      SCHEMA as unknown as ParamSchema<StackingRegressorOwnParams<E, F>>,
      Array.isArray(estimatorsOrParams) ? { ...options, estimators: estimatorsOrParams as E } : (estimatorsOrParams as Partial<StackingRegressorOwnParams<E, F>>),
    );
    validateEntries(OWNER, this.params.estimators, OWN_KEYS, 'regressor');
  }

  override getParams(deep = true): ParamValues<StackingRegressorParams<E, F>> {
    return ensembleGetParams(super.getParams(deep), this.params.estimators, deep) as ParamValues<StackingRegressorParams<E, F>>;
  }

  override setParams(params: Partial<StackingRegressorParams<E, F>>): this {
    const own = ensembleSetParams({
      owner: OWNER,
      ownKeys: OWN_KEYS,
      ownEstimatorKeys: ['finalEstimator'],
      current: this.params.estimators,
      given: params as Record<string, unknown>,
      kind: 'regressor',
      validNames: () => Object.keys(this.getParams(true)),
      checkOwn: (key, value) => {
        const declaration = SCHEMA[key as keyof StackingRegressorOwnParams];
        if (key !== 'estimators' && declaration.constraints) checkParam(OWNER, key, value, declaration.constraints);
      },
    });
    super.setParams(own as Partial<StackingRegressorOwnParams<E, F>>);
    return this;
  }

  /** The fitted members (dropped ones left out), in order (scikit-learn's `estimators_`). @throws {NotFittedError} before fit. */
  get fittedEstimators(): readonly AnyEstimator[] {
    return this.requireFitted(this.state, 'fittedEstimators').members;
  }

  /** The fitted members by name, `'drop'` for dropped ones. @throws {NotFittedError} before fit. */
  get namedEstimators(): Readonly<Record<string, EnsembleMember>> {
    return namedMembers(this.params.estimators, this.fittedEstimators);
  }

  /** The fitted final regressor (scikit-learn's `final_estimator_`). @throws {NotFittedError} before fit. */
  get fittedFinalEstimator(): AnyEstimator {
    return this.requireFitted(this.state, 'fittedFinalEstimator').final;
  }

  /** The method each member contributes (scikit-learn's `stack_method_`). @throws {NotFittedError} before fit. */
  get stackMethods(): readonly string[] {
    return this.requireFitted(this.state, 'stackMethods').methods;
  }

  /** Fits the members, their out-of-fold predictions and the final regressor. */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    const owner = `${OWNER}.fit`;
    const entries = this.params.estimators;
    validateEntries(OWNER, entries, OWN_KEYS, 'regressor');
    const final = clone(this.params.finalEstimator ?? new Ridge());
    if (!isRegressor(final)) throw invalidParameter(OWNER, 'finalEstimator', 'a regressor or null', this.params.finalEstimator);
    const matrix = validateMatrix(X, { owner });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows, allowStrings: false });
    this.dispose();
    this.state = await fitStack({
      owner,
      entries,
      X: matrix,
      y: Float64Array.from(y as NumericVector),
      cv: this.params.cv,
      stackMethod: 'predict',
      classifier: false,
      nClasses: 0,
      passthrough: this.params.passthrough,
      nJobs: this.params.nJobs,
      verbose: this.params.verbose,
      final,
      options,
    });
    this.nFeaturesSeen = matrix.columns;
    return this;
  }

  /** Releases what the fitted members and final estimator hold; the stack becomes unfitted. */
  dispose(): void {
    const state = this.state;
    this.state = undefined;
    if (state === undefined || this.params.cv === 'prefit') {
      state?.final.dispose?.();
      return;
    }
    for (const est of state.members) est.dispose?.();
    state.final.dispose?.();
  }

  /** The final regressor's input: the members' outputs on X (and X itself with passthrough). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const state = this.requireFitted(this.state, 'transform');
    const matrix = validateMatrix(X, { owner: `${OWNER}.transform` });
    this.checkFeatureCount(matrix, 'transform');
    return stackTransform(`${OWNER}.transform`, state, matrix, 0, this.params.passthrough);
  }

  /** The final regressor's prediction on the members' outputs. */
  async predict(X: MatrixLike): Promise<Float64Array | number[][]> {
    const state = this.requireFitted(this.state, 'predict');
    return callFinal<Float64Array | number[][]>(`${OWNER}.predict`, state.final, 'predict', await this.transform(X));
  }
}

registerTransferable(StackingRegressor, import.meta.url);
