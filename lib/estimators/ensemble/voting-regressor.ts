/**
 * VotingRegressor (scikit-learn's): several regressors fitted on the same data,
 * their predictions averaged.
 */
import type { DenseMatrix, MatrixLike, NumericVector, TargetLike } from '../../core/data.js';
import { requireTarget, validateMatrix, validateTarget } from '../../core/data.js';
import type { AnyEstimator, Estimator, FitOptions, ParamSchema, ParamValues } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { arrayOf, booleanValue, checkParam, nullValue, realIn } from '../../core/validate.js';
import { BaseRegressor } from '../base.js';
import type { NestedParams } from '../pipeline.js';
import type { EnsembleEntries, EnsembleMember } from './voting-and-stacking-base.js';
import {
  ENTRIES_CONSTRAINT,
  activeMembers,
  callMember,
  ensembleGetParams,
  ensembleSetParams,
  fitMembers,
  namedMembers,
  outputRows,
  sideBySide,
  validateEntries,
} from './voting-and-stacking-base.js';
import { activeWeights, checkWeightCount } from './voting-weights.js';

/** The options of a {@link VotingRegressor} besides its estimators. */
export interface VotingRegressorOptions {
  /** One weight per estimator (dropped ones included) in the average; null: equal. @default null */
  weights: readonly number[] | null;
  /** Print the time taken to fit each member. @default false */
  verbose: boolean;
}

/** The own parameters of a {@link VotingRegressor}. */
export interface VotingRegressorOwnParams<E extends EnsembleEntries = EnsembleEntries> extends VotingRegressorOptions {
  /** The `[name, regressor]` members; a member may be `'drop'`. */
  estimators: E;
}

/** Every parameter of `VotingRegressor<E>`, members' ones as `name__param`. */
export type VotingRegressorParams<E extends EnsembleEntries = EnsembleEntries> = VotingRegressorOwnParams<E> & NestedParams<E, EnsembleMember>;

const OWNER = 'VotingRegressor';
const OWN_KEYS = ['estimators', 'weights', 'verbose'] as const;

const SCHEMA: ParamSchema<VotingRegressorOwnParams> = {
  estimators: { default: [], constraints: ENTRIES_CONSTRAINT },
  weights: { default: null, constraints: [nullValue, arrayOf(realIn())] },
  verbose: { default: false, constraints: booleanValue },
};

interface VotingState {
  readonly fitted: AnyEstimator[];
  readonly names: string[];
  readonly named: Record<string, EnsembleMember>;
  readonly weights: number[] | null;
}

/**
 * Fits clones of several regressors on the same data and predicts the (weighted)
 * mean of their predictions.
 *
 * @example
 * ```ts
 * const vote = new VotingRegressor([['ridge', new Ridge()], ['knn', new KNeighborsRegressor()]]);
 * await vote.fit(X, y);
 * await vote.predict(X); // the mean of the two
 * vote.setParams({ knn: 'drop' }); // leave a member out
 * ```
 */
export class VotingRegressor<const E extends EnsembleEntries = EnsembleEntries>
  extends BaseRegressor<VotingRegressorOwnParams<E>>
  implements Estimator<VotingRegressorParams<E>>
{
  private state: VotingState | undefined;

  /**
   * @param estimators - the `[name, regressor]` members (`'drop'` leaves one out), or
   *   one params object `{ estimators, ... }` (the form `clone` uses).
   * @throws {InvalidParameterError} for malformed or duplicate names, all members
   *   dropped, or a member that is not a regressor.
   */
  constructor(estimators: E, options?: Partial<VotingRegressorOptions>);
  constructor(params: Partial<VotingRegressorOptions> & { readonly estimators: E });
  constructor(estimatorsOrParams: E | (Partial<VotingRegressorOptions> & { readonly estimators: E }), options: Partial<VotingRegressorOptions> = {}) {
    super(
      OWNER,
      SCHEMA as unknown as ParamSchema<VotingRegressorOwnParams<E>>,
      Array.isArray(estimatorsOrParams) ? { ...options, estimators: estimatorsOrParams as E } : (estimatorsOrParams as Partial<VotingRegressorOwnParams<E>>),
    );
    validateEntries(OWNER, this.params.estimators, OWN_KEYS, 'regressor');
  }

  override getParams(deep = true): ParamValues<VotingRegressorParams<E>> {
    return ensembleGetParams(super.getParams(deep), this.params.estimators, deep) as ParamValues<VotingRegressorParams<E>>;
  }

  override setParams(params: Partial<VotingRegressorParams<E>>): this {
    const own = ensembleSetParams({
      owner: OWNER,
      ownKeys: OWN_KEYS,
      current: this.params.estimators,
      given: params as Record<string, unknown>,
      kind: 'regressor',
      validNames: () => Object.keys(this.getParams(true)),
      checkOwn: (key, value) => {
        const declaration = SCHEMA[key as keyof VotingRegressorOwnParams];
        if (key !== 'estimators' && declaration.constraints) checkParam(OWNER, key, value, declaration.constraints);
      },
    });
    super.setParams(own as Partial<VotingRegressorOwnParams<E>>);
    return this;
  }

  /** The fitted members (dropped ones left out), in order. @throws {NotFittedError} before fit. */
  get fittedEstimators(): readonly AnyEstimator[] {
    return this.requireFitted(this.state, 'fittedEstimators').fitted;
  }

  /** The fitted members by name, `'drop'` for dropped ones. @throws {NotFittedError} before fit. */
  get namedEstimators(): Readonly<Record<string, EnsembleMember>> {
    return this.requireFitted(this.state, 'namedEstimators').named;
  }

  /** Fits a clone of every member on X and y. */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    const owner = `${OWNER}.fit`;
    const entries = this.params.estimators;
    validateEntries(OWNER, entries, OWN_KEYS, 'regressor');
    checkWeightCount(owner, this.params.weights, entries.length);
    const matrix = validateMatrix(X, { owner, allowNaN: true });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows, allowStrings: false });
    this.dispose();
    const target = Float64Array.from(y as NumericVector);
    const fitted = await fitMembers('Voting', entries, matrix, target, options, this.params.verbose);
    this.nFeaturesSeen = matrix.columns;
    this.state = {
      fitted,
      names: activeMembers(entries).map((m) => m.name),
      named: namedMembers(entries, fitted),
      weights: activeWeights(this.params.weights, entries),
    };
    return this;
  }

  /** Releases what the fitted members hold; the ensemble becomes unfitted. */
  dispose(): void {
    const state = this.state;
    this.state = undefined;
    for (const est of state?.fitted ?? []) est.dispose?.();
  }

  private async memberPredictions(X: MatrixLike, method: string): Promise<{ state: VotingState; columns: number[][]; n: number; matrix: DenseMatrix }> {
    const state = this.requireFitted(this.state, method);
    const matrix = validateMatrix(X, { owner: `${OWNER}.${method}`, allowNaN: true });
    this.checkFeatureCount(matrix, method);
    const columns: number[][] = [];
    for (const [m, member] of state.fitted.entries()) {
      const name = state.names[m] as string;
      columns.push(outputRows(`${OWNER}.${method}`, name, await callMember(`${OWNER}.${method}`, name, member, 'predict', matrix), matrix.rows).map((r) => r[0] as number));
    }
    return { state, columns, n: matrix.rows, matrix };
  }

  /** The (weighted) mean of the members' predictions. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, columns, n } = await this.memberPredictions(X, 'predict');
    const weights = state.weights ?? columns.map(() => 1);
    let total = 0;
    for (const w of weights) total += w;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let m = 0; m < columns.length; m++) sum += (columns[m]![i] as number) * (weights[m] as number);
      out[i] = sum / total;
    }
    return out;
  }

  /** The members' predictions, one column per member. */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const { columns, n } = await this.memberPredictions(X, 'transform');
    return sideBySide(columns.map((c) => c.map((v) => [v])), n);
  }

  override toString(): string {
    const members = this.params.estimators.map(([name, est]) => `[${JSON.stringify(name)}, ${String(est === 'drop' ? '"drop"' : est)}]`);
    return `${OWNER}({ estimators: [${members.join(', ')}] })`;
  }
}

registerTransferable(VotingRegressor, import.meta.url);
