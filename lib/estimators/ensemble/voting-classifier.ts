/**
 * VotingClassifier (scikit-learn's): several classifiers fitted on the same data,
 * combined by majority vote ('hard') or by averaging their probabilities ('soft').
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { encodeLabels, requireTarget, typeOfTarget, validateMatrix, validateTarget } from '../../core/data.js';
import type { AnyEstimator, Estimator, FitOptions, ParamSchema, ParamValues } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { arrayOf, booleanValue, checkParam, invalidArgument, nullValue, oneOf, realIn } from '../../core/validate.js';
import { BaseClassifier } from '../base.js';
import type { NestedParams } from '../pipeline.js';
import type { EnsembleEntries, EnsembleMember } from './voting-and-stacking-base.js';
import {
  ENTRIES_CONSTRAINT,
  activeMembers,
  callMember,
  codesAsTarget,
  ensembleGetParams,
  ensembleSetParams,
  fitMembers,
  namedMembers,
  outputRows,
  sideBySide,
  validateEntries,
} from './voting-and-stacking-base.js';
import { activeWeights, checkWeightCount } from './voting-weights.js';

/** The options of a {@link VotingClassifier} besides its estimators. */
export interface VotingClassifierOptions {
  /** 'hard': the most voted label; 'soft': the largest mean probability (members need predictProba). @default 'hard' */
  voting: 'hard' | 'soft';
  /** One weight per estimator (dropped ones included) for the votes or probabilities; null: equal. @default null */
  weights: readonly number[] | null;
  /** With soft voting, `transform` gives one row of every member's probabilities per sample (else one matrix per member). @default true */
  flattenTransform: boolean;
  /** Print the time taken to fit each member. @default false */
  verbose: boolean;
}

/** The own parameters of a {@link VotingClassifier}. */
export interface VotingClassifierOwnParams<E extends EnsembleEntries = EnsembleEntries> extends VotingClassifierOptions {
  /** The `[name, classifier]` members; a member may be `'drop'`. */
  estimators: E;
}

/** Every parameter of `VotingClassifier<E>`, members' ones as `name__param` (typed as {@link PipelineParams} types a pipeline's). */
export type VotingClassifierParams<E extends EnsembleEntries = EnsembleEntries> = VotingClassifierOwnParams<E> & NestedParams<E, EnsembleMember>;

const OWNER = 'VotingClassifier';
const OWN_KEYS = ['estimators', 'voting', 'weights', 'flattenTransform', 'verbose'] as const;

const SCHEMA: ParamSchema<VotingClassifierOwnParams> = {
  estimators: { default: [], constraints: ENTRIES_CONSTRAINT },
  voting: { default: 'hard', constraints: oneOf(['hard', 'soft']) },
  weights: { default: null, constraints: [nullValue, arrayOf(realIn())] },
  flattenTransform: { default: true, constraints: booleanValue },
  verbose: { default: false, constraints: booleanValue },
};

interface VotingState {
  readonly fitted: AnyEstimator[];
  readonly names: string[];
  readonly named: Record<string, EnsembleMember>;
  readonly weights: number[] | null;
}

type ProbaFn = (X: MatrixLike) => Promise<number[][]>;

/**
 * Fits clones of several classifiers on the same data and combines their
 * predictions: the weighted majority of their labels ('hard', ties to the class
 * that sorts first) or the largest weighted mean of their probabilities ('soft').
 * Members are fitted on the class indices, as scikit-learn does.
 *
 * @example
 * ```ts
 * const vote = new VotingClassifier(
 *   [['lr', new LogisticRegression()], ['nb', new GaussianNB()], ['knn', new KNeighborsClassifier()]],
 *   { voting: 'soft', weights: [2, 1, 1] },
 * );
 * await vote.fit(X, y);
 * await vote.predictProba!(X);
 * // tuned like a pipeline: { lr__C: [0.1, 1], voting: ['hard', 'soft'], knn: ['drop', new KNeighborsClassifier()] }
 * ```
 */
export class VotingClassifier<const E extends EnsembleEntries = EnsembleEntries>
  extends BaseClassifier<VotingClassifierOwnParams<E>>
  implements Estimator<VotingClassifierParams<E>>
{
  private state: VotingState | undefined;

  /**
   * @param estimators - the `[name, classifier]` members (`'drop'` leaves one out), or
   *   one params object `{ estimators, ... }` (the form `clone` uses).
   * @throws {InvalidParameterError} for malformed or duplicate names, all members
   *   dropped, or a member that is not a classifier.
   */
  constructor(estimators: E, options?: Partial<VotingClassifierOptions>);
  constructor(params: Partial<VotingClassifierOptions> & { readonly estimators: E });
  constructor(estimatorsOrParams: E | (Partial<VotingClassifierOptions> & { readonly estimators: E }), options: Partial<VotingClassifierOptions> = {}) {
    super(
      OWNER,
      SCHEMA as unknown as ParamSchema<VotingClassifierOwnParams<E>>,
      Array.isArray(estimatorsOrParams) ? { ...options, estimators: estimatorsOrParams as E } : (estimatorsOrParams as Partial<VotingClassifierOwnParams<E>>),
    );
    validateEntries(OWNER, this.params.estimators, OWN_KEYS, 'classifier');
  }

  override getParams(deep = true): ParamValues<VotingClassifierParams<E>> {
    return ensembleGetParams(super.getParams(deep), this.params.estimators, deep) as ParamValues<VotingClassifierParams<E>>;
  }

  override setParams(params: Partial<VotingClassifierParams<E>>): this {
    const own = ensembleSetParams({
      owner: OWNER,
      ownKeys: OWN_KEYS,
      current: this.params.estimators,
      given: params as Record<string, unknown>,
      kind: 'classifier',
      validNames: () => Object.keys(this.getParams(true)),
      checkOwn: (key, value) => {
        const declaration = SCHEMA[key as keyof VotingClassifierOwnParams];
        if (key !== 'estimators' && declaration.constraints) checkParam(OWNER, key, value, declaration.constraints);
      },
    });
    super.setParams(own as Partial<VotingClassifierOwnParams<E>>);
    return this;
  }

  /** The fitted members (dropped ones left out), in order (scikit-learn's `estimators_`). @throws {NotFittedError} before fit. */
  get fittedEstimators(): readonly AnyEstimator[] {
    return this.requireFitted(this.state, 'fittedEstimators').fitted;
  }

  /** The fitted members by name, `'drop'` for dropped ones (scikit-learn's `named_estimators_`). @throws {NotFittedError} before fit. */
  get namedEstimators(): Readonly<Record<string, EnsembleMember>> {
    return this.requireFitted(this.state, 'namedEstimators').named;
  }

  /** Fits a clone of every member on X and the class indices of y. */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    const owner = `${OWNER}.fit`;
    const entries = this.params.estimators;
    validateEntries(OWNER, entries, OWN_KEYS, 'classifier');
    checkWeightCount(owner, this.params.weights, entries.length);
    const matrix = validateMatrix(X, { owner, allowNaN: true });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows });
    if (typeOfTarget(y as Vector) === 'continuous') {
      throw invalidArgument(owner, 'y', 'class labels (integers or strings)', y, { shown: 'continuous values', hint: 'Use VotingRegressor for a continuous target.' });
    }
    const { classes, codes } = encodeLabels(y as Vector);
    this.dispose();
    const fitted = await fitMembers('Voting', entries, matrix, codesAsTarget(codes), options, this.params.verbose);
    this.classesSeen = classes;
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

  private input(X: MatrixLike, method: string): { state: VotingState; X: DenseMatrix } {
    const state = this.requireFitted(this.state, method);
    const matrix = validateMatrix(X, { owner: `${OWNER}.${method}`, allowNaN: true });
    this.checkFeatureCount(matrix, method);
    return { state, X: matrix };
  }

  /** Each member's predicted class index, `members × samples`. */
  private async memberVotes(state: VotingState, X: DenseMatrix, method: string): Promise<number[][]> {
    const k = this.classes.length;
    const votes: number[][] = [];
    for (const [m, member] of state.fitted.entries()) {
      const name = state.names[m] as string;
      const labels = outputRows(`${OWNER}.${method}`, name, await callMember(`${OWNER}.${method}`, name, member, 'predict', X), X.rows).map((r) => r[0] as number);
      for (const code of labels) {
        if (!Number.isInteger(code) || code < 0 || code >= k) {
          throw invalidArgument(`${OWNER}.${method}`, 'estimators', `members predicting class indices in [0, ${k})`, code, { shown: `${code} from "${name}"` });
        }
      }
      votes.push(labels);
    }
    return votes;
  }

  /** Each member's probabilities, `members × samples × classes`. */
  private async memberProbas(state: VotingState, X: DenseMatrix, method: string): Promise<number[][][]> {
    const out: number[][][] = [];
    for (const [m, member] of state.fitted.entries()) {
      const name = state.names[m] as string;
      out.push(outputRows(`${OWNER}.${method}`, name, await callMember(`${OWNER}.${method}`, name, member, 'predictProba', X), X.rows));
    }
    return out;
  }

  private averageProbas(state: VotingState, probas: number[][][], n: number): number[][] {
    const k = this.classes.length;
    const weights = state.weights ?? probas.map(() => 1);
    let total = 0;
    for (const w of weights) total += w;
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const row = new Array<number>(k).fill(0);
      for (let m = 0; m < probas.length; m++) {
        const p = probas[m]![i]!;
        for (let c = 0; c < k; c++) row[c] = (row[c] as number) + (p[c] as number) * (weights[m] as number);
      }
      for (let c = 0; c < k; c++) row[c] = (row[c] as number) / total;
      out.push(row);
    }
    return out;
  }

  /** The class with the most (weighted) votes, or the largest mean probability with soft voting. */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { state, X: matrix } = this.input(X, 'predict');
    const n = matrix.rows;
    const k = this.classes.length;
    const codes = new Int32Array(n);
    if (this.params.voting === 'soft') {
      const avg = this.averageProbas(state, await this.memberProbas(state, matrix, 'predict'), n);
      for (let i = 0; i < n; i++) codes[i] = argmax(avg[i] as number[]);
    } else {
      const votes = await this.memberVotes(state, matrix, 'predict');
      const weights = state.weights ?? votes.map(() => 1);
      for (let i = 0; i < n; i++) {
        const tally = new Array<number>(k).fill(0);
        for (let m = 0; m < votes.length; m++) tally[votes[m]![i] as number] += weights[m] as number;
        codes[i] = argmax(tally);
      }
    }
    return this.decodeLabels(codes);
  }

  /**
   * The weighted mean of the members' probabilities (soft voting only:
   * `undefined` with hard voting, as scikit-learn's `predict_proba` is then absent).
   */
  get predictProba(): ProbaFn | undefined {
    if (this.params.voting !== 'soft') return undefined;
    return async (X: MatrixLike) => {
      const { state, X: matrix } = this.input(X, 'predictProba');
      return this.averageProbas(state, await this.memberProbas(state, matrix, 'predictProba'), matrix.rows);
    };
  }

  /**
   * The members' outputs: with soft voting their probabilities (one row of all of
   * them per sample with `flattenTransform`, else `members × samples × classes`),
   * with hard voting their predicted class indices (one column per member).
   */
  async transform(X: MatrixLike): Promise<DenseMatrix | number[][][]> {
    const { state, X: matrix } = this.input(X, 'transform');
    if (this.params.voting === 'soft') {
      const probas = await this.memberProbas(state, matrix, 'transform');
      return this.params.flattenTransform ? sideBySide(probas, matrix.rows) : probas;
    }
    const votes = await this.memberVotes(state, matrix, 'transform');
    return sideBySide(votes.map((v) => v.map((code) => [code])), matrix.rows);
  }

  override toString(): string {
    const members = this.params.estimators.map(([name, est]) => `[${JSON.stringify(name)}, ${String(est === 'drop' ? '"drop"' : est)}]`);
    return `${OWNER}({ estimators: [${members.join(', ')}], voting: ${JSON.stringify(this.params.voting)} })`;
  }
}

/** The index of the first largest value (numpy's argmax). */
function argmax(values: readonly number[]): number {
  let best = 0;
  for (let c = 1; c < values.length; c++) if ((values[c] as number) > (values[best] as number)) best = c;
  return best;
}

registerTransferable(VotingClassifier, import.meta.url);
