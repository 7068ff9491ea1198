/**
 * What KerasClassifier and KerasRegressor share: the params with their routing,
 * the fit (build, compile, backend fallback, training, history), prediction on
 * the model's backend, and disposal of the model and its optimizer.
 *
 * A subclass says how the target is encoded ({@link BaseKeras.prepareTarget}):
 * the meta given to the build function, the default loss and the output units it
 * accepts.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { DenseMatrix, MatrixLike, TargetLike } from '../core/data.js';
import { validateMatrix } from '../core/data.js';
import type { ContinuesTraining } from '../core/continuation.js';
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import type { FitOptions, ParamSchema, ParamValues } from '../core/estimator.js';
import { BaseEstimator } from '../core/estimator.js';
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import { formatValue, invalidParameter } from '../core/validate.js';
import type { Tf } from './backend.js';
import { backendNotice, loadTensorFlow, missingTrainingKernel, parseMissingKernel, releaseFailedTape, withBackend } from './backend.js';
import type { ModelSession } from './model-setup.js';
import { lossTargetProblem } from './losses.js';
import { createSession, disposeSession } from './model-setup.js';
import { checkOptimizer } from './optimizers.js';
import type { BuildFunction, KerasCoreParams, KerasMeta } from './params.js';
import { checkFitArguments, routedGroup, splitParams } from './params.js';
import { withSeededRandom } from './seeded-random.js';
import type { EncodedTarget, TrainingOutcome } from './training.js';
import { carveValidation, rowsTensor, train } from './training.js';

/** A target prepared for training by a subclass. */
export interface PreparedTarget {
  /** The meta given to the build function (without nFeaturesIn). */
  readonly meta: Omit<KerasMeta, 'nFeaturesIn'>;
  /** Encodes the target for a model with `outputUnits` units trained with `loss`. */
  encode(outputUnits: number, loss: unknown): EncodedTarget;
  /** Class codes to stratify the validation split by (classifiers). */
  readonly strata?: Int32Array | undefined;
}

interface FittedState {
  readonly tf: Tf;
  readonly session: ModelSession;
  readonly meta: KerasMeta;
  readonly history: Record<string, number[]>;
  readonly extras: Record<string, number>;
  readonly validationRows: Int32Array | undefined;
  readonly epochsRun: number;
  readonly fits: number;
  readonly seed: number;
}

const PREDICT_BATCH_SIZE = 512;

/**
 * The shared base of the Keras wrappers: a subclass says how its target is
 * encoded ({@link BaseKeras.prepareTarget}), which loss applies by default and
 * which output layers fit; params, routing, training, prediction and disposal
 * come from here. See {@link KerasClassifier} and {@link KerasRegressor}.
 *
 * @example
 * ```ts
 * // a regressor of log-targets: trains on log(y), predicts exp of the output
 * class LogKerasRegressor<M extends object> extends BaseKeras<KerasParams<M>> {
 *   constructor(params: KerasInit<M> = {}) { super('LogKerasRegressor', kerasSchema([]), params); }
 *   protected prepareTarget(y: TargetLike | undefined): PreparedTarget {
 *     const values = Float32Array.from(y as number[], Math.log);
 *     return { meta: { nOutputs: 1, classes: [], nClasses: 0, targetType: 'continuous', outputActivation: 'linear' }, encode: () => ({ values, width: 1 }) };
 *   }
 *   protected defaultLoss() { return 'meanSquaredError'; }
 *   protected checkOutputUnits() {}
 *   async predict(X: MatrixLike) { return Float64Array.from((await this.predictRaw(X, 'predict')).values, Math.exp); }
 * }
 * ```
 */
export abstract class BaseKeras<P extends object> extends BaseEstimator<P> implements ContinuesTraining {
  private routed: Readonly<Record<string, unknown>>;
  private fitted: FittedState | undefined;
  private readonly defaultMetrics: readonly unknown[];

  protected constructor(owner: string, schema: ParamSchema<KerasCoreParams<object>>, params: object | undefined) {
    super(owner, schema as unknown as ParamSchema<P>, splitParams(owner, params, Object.keys(schema)).base as Partial<P> | undefined);
    this.routed = Object.freeze(splitParams(owner, params, Object.keys(schema)).routed);
    this.defaultMetrics = schema.metrics.default;
  }

  /** The core params, typed. */
  protected get core(): Readonly<KerasCoreParams<object>> {
    return this.params as unknown as KerasCoreParams<object>;
  }

  override getParams(deep = true): ParamValues<P> {
    return { ...(super.getParams(deep) as Record<string, unknown>), ...this.routed } as ParamValues<P>;
  }

  /** Sets core and routed params; a routed key set to `undefined` is removed. */
  override setParams(params: Partial<P>): this {
    const { base, routed } = splitParams(this.owner, params, this.paramNames());
    super.setParams(base as Partial<P>);
    const next: Record<string, unknown> = { ...this.routed };
    for (const [key, value] of Object.entries(routed)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    this.routed = Object.freeze(next);
    return this;
  }

  /** Encodes y for training and describes it (meta); validates it against X's rows. */
  protected abstract prepareTarget(y: TargetLike | undefined, nRows: number, owner: string): PreparedTarget;
  /** The loss used when `loss` is null, for a model with `outputUnits` units. */
  protected abstract defaultLoss(meta: KerasMeta, outputUnits: number): string;
  /** Throws when a model with `outputUnits` units cannot fit the target. */
  protected abstract checkOutputUnits(meta: KerasMeta, outputUnits: number): void;

  /** Throws a {@link ValidationError} naming the loss, the target and the output when they cannot train together. */
  private checkLoss(meta: KerasMeta, loss: string, outputUnits: number): void {
    const problem = lossTargetProblem(loss, { targetType: meta.targetType, nClasses: meta.nClasses, outputUnits });
    if (problem === undefined) return;
    const owner = `${this.owner}.fit`;
    const expected = `a loss that fits a ${meta.targetType} target and ${outputUnits} output unit${outputUnits === 1 ? '' : 's'}`;
    throw new ValidationError(`The loss '${loss}' of ${this.owner} ${problem}.`, { owner, argument: 'loss', value: loss, expected });
  }

  /** The per-epoch metrics of the last fit (appended across warm-started fits). @throws {NotFittedError} before fit. */
  get history(): Readonly<Record<string, readonly number[]>> {
    return this.requireFitted(this.fitted, 'history').history;
  }

  /** The fitted TensorFlow.js model (owned by this estimator: `dispose()` frees it). */
  get fittedModel(): LayersModel {
    return this.requireFitted(this.fitted, 'fittedModel').session.model;
  }

  /** The backend the fitted model runs on (`cpu` when the default backend lacked a kernel). */
  get backend(): string {
    return this.requireFitted(this.fitted, 'backend').session.backend;
  }

  /** What the build function was given about the data. */
  get meta(): KerasMeta {
    return this.requireFitted(this.fitted, 'meta').meta;
  }

  /** The fitted meta, or a NotFittedError naming `method`. */
  protected fittedMeta(method: string): KerasMeta {
    return this.requireFitted(this.fitted, method).meta;
  }

  /** The rows of the last fit's X held out as validation data (undefined without `validationSplit`). */
  get validationRows(): Int32Array | undefined {
    return this.requireFitted(this.fitted, 'validationRows').validationRows;
  }

  /** The number of features seen in fit. */
  get nFeaturesIn(): number {
    return this.requireFitted(this.fitted, 'nFeaturesIn').meta.nFeaturesIn;
  }

  /** The epochs trained (over warm-started fits too) and the callbacks' facts (`best_epoch`), for search results. */
  splitExtras(): Readonly<Record<string, number>> | undefined {
    if (this.fitted === undefined) return undefined;
    return { ...this.fitted.extras, epochs_trained: this.fitted.epochsRun };
  }

  /** The multi-fidelity searches continue a fitted network along `epochs` ({@link BaseKeras.continueFit}). */
  continuableParams(): readonly string[] {
    return ['epochs'];
  }

  /**
   * Trains the fitted network on until `epochs` reaches `value`: `value - epochs`
   * more epochs through the `warmStart` path, so that the weights, the optimizer
   * state, the validation rows and the per-epoch history continue; then `epochs`
   * is `value`. What a search does when it promotes a candidate (see
   * `docs/continued-training.md`).
   *
   * @throws {InvalidParameterError} for a param other than `epochs` or a value below
   *   the current `epochs`; {@link NotFittedError} before fit.
   */
  async continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options: FitOptions = {}): Promise<void> {
    const owner = `${this.owner}.continueFit`;
    this.requireFitted(this.fitted, 'continueFit');
    const current = this.core.epochs;
    if (param !== 'epochs') throw invalidParameter(owner, 'param', "'epochs'", param);
    if (!Number.isInteger(value) || value < current) {
      throw new InvalidParameterError(`The "value" argument of ${owner} must be an integer of at least the current epochs (${current}). Got ${formatValue(value)} instead.`, {
        owner, argument: 'value', value, expected: `an integer >= ${current}`,
      });
    }
    if (value === current) return;
    const warmStart = this.core.warmStart;
    super.setParams({ epochs: value - current, warmStart: true } as unknown as Partial<P>);
    try {
      await this.fit(X, y, options);
    } finally {
      super.setParams({ epochs: value, warmStart } as unknown as Partial<P>);
    }
  }

  /** The fitted network's weights and about two optimizer slots per weight (Adam's), in bytes: for a search's `continueMemoryMb`. */
  fittedBytes(): number {
    return this.fitted === undefined ? 0 : this.fitted.session.model.countParams() * 4 * 3;
  }

  /** Frees the fitted model, its optimizer and every tensor this estimator holds. Safe to call twice. */
  dispose(): void {
    const state = this.fitted;
    this.fitted = undefined;
    if (state !== undefined) disposeSession(state.session);
  }

  /** A readable rendering: `KerasClassifier({ model: a function (build), epochs: 5, model__hidden: 32 })`. */
  override toString(): string {
    const parts = Object.entries(this.getParams(false) as Record<string, unknown>).map(([k, v]) => `${k}: ${formatValue(v)}`);
    return `${this.owner}({ ${parts.join(', ')} })`;
  }

  private log(line: string): void {
    if (this.core.verbose > 0) console.log(line);
  }

  private sameArchitecture(meta: KerasMeta): boolean {
    const old = this.fitted?.meta;
    return old !== undefined && old.nFeaturesIn === meta.nFeaturesIn && old.nOutputs === meta.nOutputs && JSON.stringify(old.classes) === JSON.stringify(meta.classes);
  }

  /**
   * Builds and compiles the model (unless warm-starting), then trains it for
   * `epochs`. A model needing a kernel the default backend lacks is rebuilt and
   * trained on cpu, with a one-line notice.
   *
   * @throws {InvalidParameterError} before training for a missing model, a routed
   *   param that does not apply, or a callback that does not fit the run;
   *   {@link ValidationError} for bad X/y or a model whose shape does not fit them;
   *   {@link AbortError} when `options.signal` aborts (the estimator is then unfitted).
   */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    const owner = `${this.owner}.fit`;
    const p = this.core;
    const matrix = validateMatrix(X, { owner });
    const target = this.prepareTarget(y, matrix.rows, owner);
    const meta: KerasMeta = { nFeaturesIn: matrix.columns, ...target.meta };
    if (p.model === null) this.requireModelParam();
    const fitArgs = checkFitArguments(this.owner, routedGroup(this.routed, 'fit'));
    const optimizerArgs = routedGroup(this.routed, 'optimizer');
    checkOptimizer(this.owner, p.optimizer, optimizerArgs);

    const warm = p.warmStart && this.sameArchitecture(meta) ? this.fitted : undefined;
    // a warm start keeps the first fit's seed, so the validation rows stay out of training
    const seed = warm?.seed ?? p.randomState ?? freshSeed();
    if (warm === undefined) this.dispose();
    const fits = warm === undefined ? 0 : warm.fits;
    const split = carveValidation(owner, matrix.rows, p.validationSplit, new Rng(deriveSeed(seed, 4)), target.strata);
    const tf = await loadTensorFlow();
    if (warm === undefined) this.log(`${this.owner}: TensorFlow.js ${tf.version.tfjs} on the ${tf.getBackend()} backend`);

    const run = async (session: ModelSession): Promise<TrainingOutcome> =>
      withSeededRandom(new Rng(deriveSeed(seed, 2, fits)), () =>
        train({
          tf,
          owner,
          model: session.model,
          X: matrix,
          inputShape: session.inputShape,
          target: target.encode(session.outputUnits, session.loss),
          trainRows: split.train,
          validationRows: split.validation,
          epochs: p.epochs,
          initialEpoch: warm?.epochsRun ?? 0,
          batchSize: p.batchSize,
          shuffle: p.shuffle,
          shuffleRng: new Rng(deriveSeed(seed, 3, fits)),
          callbacks: p.callbacks,
          fitArgs,
          logNames: session.logNames,
          signal: options.signal,
          report: options.report,
          log: (line) => this.log(line),
        }),
      );

    let session: ModelSession;
    let outcome: TrainingOutcome;
    if (warm !== undefined) {
      session = warm.session;
      try {
        outcome = await withBackend(tf, session.backend, () => run(session));
      } catch (error) {
        releaseFailedTape(tf);
        this.dispose();
        throw error;
      }
    } else {
      const build = (): Promise<ModelSession> =>
        createSession({
          tf,
          owner: this.owner,
          model: p.model as BuildFunction<object> | LayersModel,
          modelArgs: routedGroup(this.routed, 'model'),
          meta,
          rng: new Rng(deriveSeed(seed, 1)),
          optimizer: p.optimizer,
          optimizerArgs,
          loss: p.loss,
          metrics: p.metrics,
          defaultMetrics: this.defaultMetrics as KerasCoreParams<object>['metrics'],
          defaultLoss: (units) => this.defaultLoss(meta, units),
          checkOutputUnits: (units) => this.checkOutputUnits(meta, units),
          checkLoss: (loss, units) => this.checkLoss(meta, loss, units),
        });
      ({ session, outcome } = await this.buildAndTrain(tf, matrix, build, run));
    }

    const history: Record<string, number[]> = {};
    for (const [key, values] of Object.entries(warm?.history ?? {})) history[key] = [...values];
    for (const [key, values] of Object.entries(outcome.history)) (history[key] ??= []).push(...values);
    this.fitted = {
      tf,
      session,
      meta,
      history,
      extras: outcome.extras,
      validationRows: split.validation,
      epochsRun: (warm?.epochsRun ?? 0) + outcome.epochsRun,
      fits: fits + 1,
      seed,
    };
    this.nFeaturesSeen = meta.nFeaturesIn;
    return this;
  }

  /**
   * Builds a model on the active backend and trains it; when that backend lacks a
   * kernel the model needs (found by the probe, or by training itself), builds it
   * again on cpu — same seed, same initial weights — and trains it there.
   */
  private async buildAndTrain(
    tf: Tf,
    X: DenseMatrix,
    build: () => Promise<ModelSession>,
    run: (session: ModelSession) => Promise<TrainingOutcome>,
  ): Promise<{ session: ModelSession; outcome: TrainingOutcome }> {
    const attempt = (backend: string): Promise<{ session: ModelSession; outcome: TrainingOutcome } | { missing: string }> =>
      withBackend(tf, backend, async () => {
        const session = await build();
        try {
          const missing = backend === 'cpu' ? undefined : this.probe(tf, session, X);
          if (missing !== undefined) {
            disposeSession(session);
            return { missing };
          }
          return { session, outcome: await run(session) };
        } catch (error) {
          releaseFailedTape(tf);
          disposeSession(session);
          throw error;
        }
      });
    const backend = tf.getBackend();
    let result: Awaited<ReturnType<typeof attempt>>;
    try {
      result = await attempt(backend);
    } catch (error) {
      const missing = parseMissingKernel(error);
      if (missing === undefined || backend === 'cpu') throw error;
      result = { missing: missing.kernel };
    }
    if (!('missing' in result)) return result;
    backendNotice(this.owner, backend, result.missing);
    this.log(`${this.owner}: the ${backend} backend lacks the "${result.missing}" kernel; training on cpu.`);
    return (await attempt('cpu')) as { session: ModelSession; outcome: TrainingOutcome }; // cpu is never probed
  }

  private requireModelParam(): never {
    throw invalidParameter(this.owner, 'model', 'a build function (params, meta) => tf.LayersModel or a tf.LayersModel', null, {
      hint: `Pass one to the constructor, e.g. new ${this.owner}({ model: build }).`,
    });
  }

  /** The first kernel the model's backend lacks for training, tried on two rows. */
  private probe(tf: Tf, session: ModelSession, X: DenseMatrix): string | undefined {
    if (session.model.trainableWeights.length === 0) return undefined;
    const rows = Int32Array.from({ length: Math.min(2, X.rows) }, (_, i) => i);
    const x = rowsTensor(tf, X, rows, session.inputShape);
    try {
      return missingTrainingKernel(tf, session.model, x);
    } finally {
      x.dispose();
    }
  }

  /**
   * The model's outputs for X: `rows × units` float32 values, computed on the
   * model's backend.
   */
  protected async predictRaw(X: MatrixLike, method: string): Promise<{ values: Float32Array; rows: number; units: number }> {
    const state = this.requireFitted(this.fitted, method);
    const matrix = validateMatrix(X, { owner: `${this.owner}.${method}` });
    this.checkFeatureCount(matrix, method);
    const { tf, session } = state;
    return withBackend(tf, session.backend, async () => {
      const batchSize = Math.max(PREDICT_BATCH_SIZE, this.core.batchSize);
      const out = tf.tidy(() => session.model.predict(rowsTensor(tf, matrix, undefined, session.inputShape), { batchSize }) as Tensor);
      try {
        return { values: (await out.data()) as Float32Array, rows: matrix.rows, units: session.outputUnits };
      } finally {
        out.dispose();
      }
    });
  }
}
