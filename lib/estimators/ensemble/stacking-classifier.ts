/**
 * StackingClassifier (scikit-learn's): the members' cross-validated predictions
 * are the features of a final classifier.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { encodeLabels, requireTarget, typeOfTarget, validateMatrix, validateTarget } from '../../core/data.js';
import type { AnyEstimator, Estimator, FitOptions, ParamSchema, ParamValues } from '../../core/estimator.js';
import { clone, isClassifier } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { booleanValue, checkParam, integerIn, invalidArgument, invalidParameter, nullValue, oneOf } from '../../core/validate.js';
import { BaseClassifier } from '../base.js';
import { LogisticRegression } from '../linear/logistic-regression.js';
import type { NestedParams } from '../pipeline.js';
import type { StackMethod, StackState, StackingCv } from './stacking-base.js';
import { CV_CONSTRAINT, FINAL_ESTIMATOR_CONSTRAINT, callFinal, fitStack, stackTransform } from './stacking-base.js';
import type { EnsembleEntries, EnsembleMember } from './voting-and-stacking-base.js';
import { ENTRIES_CONSTRAINT, codesAsTarget, ensembleGetParams, ensembleSetParams, namedMembers, validateEntries } from './voting-and-stacking-base.js';

/** The options of a {@link StackingClassifier} besides its estimators. */
export interface StackingClassifierOptions<F extends AnyEstimator | null = AnyEstimator | null> {
  /** The classifier fitted on the members' predictions; null: `new LogisticRegression()`. @default null */
  finalEstimator: F;
  /** The splits of the out-of-fold predictions (see {@link StackingCv}). @default null (5 stratified folds) */
  cv: StackingCv;
  /**
   * What each member contributes: 'auto' takes predictProba, else decisionFunction,
   * else predict (with two classes, only the second probability column).
   * @default 'auto'
   */
  stackMethod: StackMethod;
  /** Parallel fits of crossValPredict (null: one at a time). @default null */
  nJobs: number | null;
  /** Give the final estimator X too, after the members' predictions. @default false */
  passthrough: boolean;
  /** Print the time taken to fit each member. @default false */
  verbose: boolean;
}

/** The own parameters of a {@link StackingClassifier}. */
export interface StackingClassifierOwnParams<E extends EnsembleEntries = EnsembleEntries, F extends AnyEstimator | null = AnyEstimator | null>
  extends StackingClassifierOptions<F> {
  /** The `[name, estimator]` members; a member may be `'drop'`. */
  estimators: E;
}

/** Every parameter of `StackingClassifier<E, F>`: members' ones as `name__param`, the final estimator's as `finalEstimator__param`. */
export type StackingClassifierParams<E extends EnsembleEntries = EnsembleEntries, F extends AnyEstimator | null = AnyEstimator | null> = StackingClassifierOwnParams<E, F> &
  NestedParams<E, EnsembleMember> &
  NestedParams<readonly [readonly ['finalEstimator', F]], F>;

const OWNER = 'StackingClassifier';
const OWN_KEYS = ['estimators', 'finalEstimator', 'cv', 'stackMethod', 'nJobs', 'passthrough', 'verbose'] as const;

const SCHEMA: ParamSchema<StackingClassifierOwnParams> = {
  estimators: { default: [], constraints: ENTRIES_CONSTRAINT },
  finalEstimator: { default: null, constraints: FINAL_ESTIMATOR_CONSTRAINT },
  cv: { default: null, constraints: CV_CONSTRAINT },
  stackMethod: { default: 'auto', constraints: oneOf(['auto', 'predictProba', 'decisionFunction', 'predict']) },
  nJobs: { default: null, constraints: [nullValue, integerIn({ min: 1 }), oneOf([-1])] },
  passthrough: { default: false, constraints: booleanValue },
  verbose: { default: false, constraints: booleanValue },
};

type ProbaFn = (X: MatrixLike) => Promise<number[][]>;
type DecisionFn = (X: MatrixLike) => Promise<Float64Array | number[][]>;

/**
 * Stacked generalization: fits each member on all the data, collects its
 * out-of-fold predictions (crossValPredict with one set of splits for all
 * members), and fits the final classifier on them; predictions go through the
 * members, then the final classifier. Members and the final estimator see the
 * class indices, as in scikit-learn.
 *
 * @example
 * ```ts
 * const stack = new StackingClassifier(
 *   [['nb', new GaussianNB()], ['knn', new KNeighborsClassifier()]],
 *   { finalEstimator: new LogisticRegression({ C: 0.5 }), cv: 5 },
 * );
 * await stack.fit(X, y);
 * await stack.predict(X);
 * // tunable as one estimator: { knn__nNeighbors: [3, 5], finalEstimator__C: [0.1, 1], passthrough: [false, true] }
 * ```
 */
export class StackingClassifier<const E extends EnsembleEntries = EnsembleEntries, const F extends AnyEstimator | null = AnyEstimator | null>
  extends BaseClassifier<StackingClassifierOwnParams<E, F>>
  implements Estimator<StackingClassifierParams<E, F>>
{
  private state: StackState | undefined;

  /**
   * @param estimators - the `[name, estimator]` members (`'drop'` leaves one out), or
   *   one params object `{ estimators, ... }` (the form `clone` uses).
   * @throws {InvalidParameterError} for malformed or duplicate names or all members dropped.
   */
  constructor(estimators: E, options?: Partial<StackingClassifierOptions<F>>);
  constructor(params: Partial<StackingClassifierOptions<F>> & { readonly estimators: E });
  constructor(estimatorsOrParams: E | (Partial<StackingClassifierOptions<F>> & { readonly estimators: E }), options: Partial<StackingClassifierOptions<F>> = {}) {
    super(
      OWNER,
      SCHEMA as unknown as ParamSchema<StackingClassifierOwnParams<E, F>>,
      Array.isArray(estimatorsOrParams) ? { ...options, estimators: estimatorsOrParams as E } : (estimatorsOrParams as Partial<StackingClassifierOwnParams<E, F>>),
    );
    validateEntries(OWNER, this.params.estimators, OWN_KEYS, null);
  }

  override getParams(deep = true): ParamValues<StackingClassifierParams<E, F>> {
    return ensembleGetParams(super.getParams(deep), this.params.estimators, deep) as ParamValues<StackingClassifierParams<E, F>>;
  }

  override setParams(params: Partial<StackingClassifierParams<E, F>>): this {
    const own = ensembleSetParams({
      owner: OWNER,
      ownKeys: OWN_KEYS,
      ownEstimatorKeys: ['finalEstimator'],
      current: this.params.estimators,
      given: params as Record<string, unknown>,
      kind: null,
      validNames: () => Object.keys(this.getParams(true)),
      checkOwn: (key, value) => {
        const declaration = SCHEMA[key as keyof StackingClassifierOwnParams];
        if (key !== 'estimators' && declaration.constraints) checkParam(OWNER, key, value, declaration.constraints);
      },
    });
    super.setParams(own as Partial<StackingClassifierOwnParams<E, F>>);
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

  /** The fitted final classifier (scikit-learn's `final_estimator_`). @throws {NotFittedError} before fit. */
  get fittedFinalEstimator(): AnyEstimator {
    return this.requireFitted(this.state, 'fittedFinalEstimator').final;
  }

  /** The method each member contributes (scikit-learn's `stack_method_`). @throws {NotFittedError} before fit. */
  get stackMethods(): readonly string[] {
    return this.requireFitted(this.state, 'stackMethods').methods;
  }

  /** Fits the members, their out-of-fold predictions and the final classifier. */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    const owner = `${OWNER}.fit`;
    const entries = this.params.estimators;
    validateEntries(OWNER, entries, OWN_KEYS, null);
    const final = clone(this.params.finalEstimator ?? new LogisticRegression());
    if (!isClassifier(final)) {
      throw invalidParameter(OWNER, 'finalEstimator', 'a classifier or null', this.params.finalEstimator);
    }
    const matrix = validateMatrix(X, { owner });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows });
    if (typeOfTarget(y as Vector) === 'continuous') {
      throw invalidArgument(owner, 'y', 'class labels (integers or strings)', y, { shown: 'continuous values', hint: 'Use StackingRegressor for a continuous target.' });
    }
    const { classes, codes } = encodeLabels(y as Vector);
    this.dispose();
    this.state = await fitStack({
      owner,
      entries,
      X: matrix,
      y: codesAsTarget(codes),
      cv: this.params.cv,
      stackMethod: this.params.stackMethod,
      classifier: true,
      nClasses: classes.length,
      passthrough: this.params.passthrough,
      nJobs: this.params.nJobs,
      verbose: this.params.verbose,
      final,
      options,
    });
    this.classesSeen = classes;
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

  /** The final classifier's input: the members' outputs on X (and X itself with passthrough). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const state = this.requireFitted(this.state, 'transform');
    const matrix = validateMatrix(X, { owner: `${OWNER}.transform` });
    this.checkFeatureCount(matrix, 'transform');
    return stackTransform(`${OWNER}.transform`, state, matrix, this.classes.length, this.params.passthrough);
  }

  /** The final classifier's prediction on the members' outputs. */
  async predict(X: MatrixLike): Promise<Label[]> {
    const state = this.requireFitted(this.state, 'predict');
    const codes = await callFinal<ArrayLike<number>>(`${OWNER}.predict`, state.final, 'predict', await this.transform(X));
    return this.decodeLabels(codes);
  }

  private finalHas(method: string): boolean {
    const final = this.state?.final ?? this.params.finalEstimator ?? new LogisticRegression();
    return typeof (final as unknown as Record<string, unknown>)[method] === 'function';
  }

  /** The final classifier's probabilities; `undefined` when it has no predictProba. */
  get predictProba(): ProbaFn | undefined {
    if (!this.finalHas('predictProba')) return undefined;
    return async (X: MatrixLike) => {
      const state = this.requireFitted(this.state, 'predictProba');
      return callFinal<number[][]>(`${OWNER}.predictProba`, state.final, 'predictProba', await this.transform(X));
    };
  }

  /** The final classifier's decision values; `undefined` when it has no decisionFunction. */
  get decisionFunction(): DecisionFn | undefined {
    if (!this.finalHas('decisionFunction')) return undefined;
    return async (X: MatrixLike) => {
      const state = this.requireFitted(this.state, 'decisionFunction');
      return callFinal<Float64Array | number[][]>(`${OWNER}.decisionFunction`, state.final, 'decisionFunction', await this.transform(X));
    };
  }
}

registerTransferable(StackingClassifier, import.meta.url);
