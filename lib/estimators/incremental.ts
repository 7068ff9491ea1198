/**
 * Trains an estimator that learns batch by batch (`partialFit`: SGDClassifier,
 * SGDRegressor, GaussianNB, MultinomialNB, BernoulliNB, or a user estimator)
 * for a number of passes over its training rows, as dask-ml's `Incremental`
 * does for its searches: `epochs` becomes a budget that successive halving and
 * Hyperband can give (`resource: 'epochs'`), a pruner can watch (the value
 * reported after each pass, `pruneOn: 'score'` or `'val_score'`), and a
 * promoted candidate continues from the passes it already made.
 */
import type { RandomStateLike } from '../core/check-random-state.js';
import { randomStateObject, resolveRandomState, seedValue } from '../core/check-random-state.js';
import { throwIfAborted } from '../core/checkpoint.js';
import type { ContinuesTraining } from '../core/continuation.js';
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../core/data.js';
import { takeTarget, uniqueLabels, validateMatrix, validateTarget } from '../core/data.js';
import type { AnyEstimator, Estimator, EstimatorType, FitOptions, ParamSchema, ParamValues } from '../core/estimator.js';
import { BaseEstimator, clone, isEstimator } from '../core/estimator.js';
import type { RandomState } from '../core/random-state.js';
import { permutationSplit } from '../core/random-splits.js';
import { registerTransferable } from '../core/transfer.js';
import { booleanValue, integerIn, invalidArgument, invalidParameter, nullValue, realIn, satisfies } from '../core/validate.js';
import type { NestedParams } from './pipeline-types.js';

/** An estimator that learns batch by batch. */
export interface PartialFitEstimator extends AnyEstimator {
  partialFit(X: MatrixLike, y: TargetLike, options?: { readonly classes?: readonly Label[] }): Promise<unknown>;
  predict(X: MatrixLike): Promise<unknown>;
  score?(X: MatrixLike, y: TargetLike): Promise<number>;
}

/** The params of {@link Incremental}. */
export interface IncrementalParams<E extends PartialFitEstimator = PartialFitEstimator> {
  /** The estimator trained (cloned at each fit). */
  estimator: E;
  /** Passes over the training rows. */
  epochs: number;
  /** Rows per `partialFit` call; `null`: all the training rows in one call per pass. */
  batchSize: number | null;
  /** Visit the rows in a new random order at each pass. */
  shuffle: boolean;
  /** A share of the rows held out, scored after each pass (`val_score`); `null`: none (the pass reports `score` on the training rows). */
  validationFraction: number | null;
  /** Seeds the hold-out and the orders (an int, a `RandomState`, or `null` for a fresh generator). */
  randomState: RandomStateLike | null;
}

/** Every parameter of `Incremental<E>`, the estimator's as `estimator__param` (what a grid may name). */
export type IncrementalAllParams<E extends PartialFitEstimator = PartialFitEstimator> = IncrementalParams<E> & NestedParams<readonly [readonly ['estimator', E]], E>;

const SCHEMA: ParamSchema<IncrementalParams> = {
  estimator: {
    default: null as never,
    constraints: satisfies('an estimator with partialFit', (v) => isEstimator(v) && typeof (v as { partialFit?: unknown }).partialFit === 'function'),
  },
  epochs: { default: 10, constraints: integerIn({ min: 1 }) },
  batchSize: { default: null, constraints: [nullValue, integerIn({ min: 1 })] },
  shuffle: { default: true, constraints: booleanValue },
  validationFraction: { default: null, constraints: [nullValue, realIn({ min: 0, max: 1, minInclusive: false, maxInclusive: false })] },
  randomState: { default: null, constraints: [nullValue, seedValue, randomStateObject] },
};

/** What a fit keeps to train on later: the rows' split, the generator, the passes made. */
interface IncrementalState {
  readonly model: PartialFitEstimator;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly classes: readonly Label[] | undefined;
  readonly rng: RandomState;
  epochs: number;
}

/**
 * An estimator with `partialFit` trained for `epochs` passes over its rows.
 *
 * After each pass, `FitOptions.report` receives `{ val_score }` (the estimator's
 * `score` on the held-out share, with `validationFraction`) or `{ score }` (on the
 * training rows), so a search's pruner can stop it (`pruneOn: 'val_score'`). As
 * a budget, `epochs` continues: a fitted model given more epochs makes only the
 * new passes, drawing the orders a fit with that many epochs draws.
 *
 * @example
 * ```ts
 * import { HyperbandSearchCV, Incremental, SGDClassifier, loadDigits, logUniform } from 'tunekit';
 *
 * const { data: X, target: y } = await loadDigits();
 * const model = new Incremental({ estimator: new SGDClassifier({ randomState: 0 }), randomState: 0 });
 * const search = await new HyperbandSearchCV(model, { estimator__alpha: logUniform(1e-5, 1e-1) }, {
 *   resource: 'epochs', maxResource: 9, factor: 3, cv: 3, randomState: 0,
 * }).fit(X, y);
 * search.bestParams; // { estimator__alpha: ..., epochs: 9 }
 * ```
 */
export class Incremental<E extends PartialFitEstimator = PartialFitEstimator>
  extends BaseEstimator<IncrementalParams<E>>
  implements Estimator<IncrementalAllParams<E>>, ContinuesTraining
{
  declare readonly estimatorType: EstimatorType | undefined;
  private state: IncrementalState | undefined;

  constructor(params: Partial<IncrementalParams<E>> & { readonly estimator: E }) {
    super('Incremental', SCHEMA as unknown as ParamSchema<IncrementalParams<E>>, params);
    Object.defineProperty(this, 'estimatorType', { configurable: true, enumerable: true, get: () => (this.params.estimator as E | null)?.estimatorType });
  }

  override getParams(deep = true): ParamValues<IncrementalAllParams<E>> {
    return super.getParams(deep) as ParamValues<IncrementalAllParams<E>>;
  }

  override setParams(params: Partial<IncrementalAllParams<E>>): this {
    return super.setParams(params as Partial<IncrementalParams<E>>);
  }

  /** The fitted estimator. @throws {NotFittedError} before fit. */
  get fittedEstimator(): E {
    return this.requireFitted(this.state, 'fittedEstimator').model as E;
  }

  /** The class labels seen in fit (classifiers). @throws {NotFittedError} before fit. */
  get classes(): readonly Label[] {
    return (this.fittedEstimator as unknown as { classes: readonly Label[] }).classes;
  }

  /** Passes made so far. @throws {NotFittedError} before fit. */
  get epochsTrained(): number {
    return this.requireFitted(this.state, 'epochsTrained').epochs;
  }

  /** Clones the estimator and trains it for `epochs` passes over the rows not held out. */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    const owner = `${this.owner}.fit`;
    throwIfAborted(options.signal, owner);
    const matrix = validateMatrix(X, { owner, allowNaN: true });
    if (y === undefined) throw invalidArgument(owner, 'y', 'the targets of the rows', y);
    validateTarget(y, { owner, nSamples: matrix.rows });
    this.dispose();
    const rng = resolveRandomState(this.params.randomState);
    const { train, validation } = holdOut(matrix.rows, this.params.validationFraction, rng);
    const model = clone(this.params.estimator);
    const classes = model.estimatorType === 'classifier' ? uniqueLabels(y as Vector) : undefined;
    this.state = { model, train, validation, classes, rng, epochs: 0 };
    this.nFeaturesSeen = matrix.columns;
    await this.train(matrix, y, this.params.epochs, options);
    return this;
  }

  continuableParams(): readonly string[] {
    return ['epochs'];
  }

  /** Makes the passes from the ones already made up to `value`, on the same rows (fits when not fitted). */
  async continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options: FitOptions = {}): Promise<void> {
    if (param !== 'epochs') throw invalidParameter(`${this.owner}.continueFit`, 'param', "'epochs'", param);
    super.setParams({ epochs: value } as Partial<IncrementalParams<E>>);
    if (this.state === undefined || this.state.epochs > value || y === undefined) {
      await this.fit(X, y, options);
      return;
    }
    await this.train(X, y, value, options);
  }

  /** Passes until `epochs` are made, reporting after each. */
  private async train(X: DenseMatrix, y: TargetLike, epochs: number, options: FitOptions): Promise<void> {
    const state = this.state as IncrementalState;
    const { model, train, validation, classes, rng } = state;
    const { batchSize, shuffle } = this.params;
    const Xval = validation.length > 0 ? X.takeRows(validation) : undefined;
    const yval = validation.length > 0 ? takeTarget(y, validation) : undefined;
    while (state.epochs < epochs) {
      throwIfAborted(options.signal, `${this.owner}.fit`);
      const order = shuffle ? rng.permutation(train) : train;
      const size = batchSize ?? order.length;
      for (let start = 0; start < order.length; start += size) {
        const rows = order.subarray(start, Math.min(order.length, start + size));
        const first = state.epochs === 0 && start === 0;
        await model.partialFit(X.takeRows(rows), takeTarget(y, rows), first && classes !== undefined ? { classes } : undefined);
      }
      state.epochs++;
      if (options.report !== undefined) {
        const values = Xval === undefined ? { score: await scoreOf(model, X.takeRows(train), takeTarget(y, train)) } : { val_score: await scoreOf(model, Xval, yval as TargetLike) };
        if ((await options.report(state.epochs, values)) === true) break;
      }
    }
  }

  /** Predictions of the fitted estimator. */
  async predict(X: MatrixLike): Promise<Awaited<ReturnType<E['predict']>>> {
    return (await this.fittedEstimator.predict(X)) as Awaited<ReturnType<E['predict']>>;
  }

  /** Class probabilities of the fitted estimator (when it has them). */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    return this.delegate<number[][]>('predictProba', X);
  }

  /** Decision values of the fitted estimator (when it has them). */
  async decisionFunction(X: MatrixLike): Promise<Float64Array | number[][]> {
    return this.delegate<Float64Array | number[][]>('decisionFunction', X);
  }

  /** The fitted estimator's default score (accuracy, R²). */
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    return scoreOf(this.fittedEstimator, X, y);
  }

  /** Releases what the fitted estimator holds. */
  dispose(): void {
    this.state?.model.dispose?.();
    this.state = undefined;
  }

  private async delegate<R>(method: string, X: MatrixLike): Promise<R> {
    const model = this.fittedEstimator as unknown as Record<string, unknown>;
    const fn = model[method];
    if (typeof fn !== 'function') {
      throw invalidArgument(`${this.owner}.${method}`, 'estimator', `an estimator with ${method}`, this.params.estimator);
    }
    return (await (fn as (X: MatrixLike) => Promise<R>).call(model, X)) as R;
  }
}

/** The held-out rows (a random share of `fraction`, drawn as ShuffleSplit draws) and the rest, each in row order. */
function holdOut(n: number, fraction: number | null, rng: RandomState): { train: Int32Array; validation: Int32Array } {
  if (fraction === null) return { train: Int32Array.from({ length: n }, (_, i) => i), validation: new Int32Array(0) };
  const nValidation = Math.max(1, Math.ceil(fraction * n));
  const [train, validation] = permutationSplit(n, n - nValidation, nValidation, rng);
  return { train: train.sort(), validation: validation.sort() };
}

/** The estimator's default score. */
async function scoreOf(model: PartialFitEstimator, X: MatrixLike, y: TargetLike): Promise<number> {
  if (typeof model.score !== 'function') {
    throw invalidArgument('Incremental', 'estimator', 'an estimator with a score method (to report after each pass)', model);
  }
  return model.score(X, y);
}

registerTransferable(Incremental, import.meta.url);
