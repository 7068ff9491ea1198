/**
 * `Tuner`: the Keras tuner (Keras Tuner's `Tuner`). Each trial builds the model
 * from the trial's hyperparameters, trains it `executionsPerTrial` times with
 * the search's data (seeded: the same seed gives the same weights), scores each
 * execution by its best epoch's objective and averages, and saves the weights
 * of the best epoch of the best execution as the trial's checkpoint.
 * Hyperband's continued trials start from their parent's checkpoint
 * (`tuner/trial_id`) and train from `tuner/initial_epoch` to `tuner/epochs`.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { DenseMatrix, MatrixLike, TargetLike } from '../core/data.js';
import { validateMatrix } from '../core/data.js';
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import { Rng, deriveSeed } from '../core/rng.js';
import { checkInteger, checkKnownKeys, formatValue } from '../core/validate.js';
import type { Tf } from '../keras/backend.js';
import { backendNotice, loadTensorFlow, missingTrainingKernel, withBackend } from '../keras/backend.js';
import type { CallbackLike } from '../keras/callbacks.js';
import { canonicalLogName } from '../keras/losses.js';
import { withSeededRandom } from '../keras/seeded-random.js';
import { rowsTensor } from '../keras/training.js';
import type { TrialContext } from '../search/study.js';
import type { BaseTunerOptions, RunOptions, TrialResult } from './base-tuner.js';
import { BASE_TUNER_OPTIONS, BaseTuner } from './base-tuner.js';
import { ObjectiveTracker, captureWeights, disposeModel, objectiveNotReported, restoreWeights } from './checkpoint.js';
import { decodeTunerTrial, encodeKerasTrial } from './tuner-trial.js';
import type { ModelFitOptions } from './fit-model.js';
import { targetMatrix } from './fit-model.js';
import type { FitResult, HyperModelLike } from './hypermodel.js';
import { toHyperModel } from './hypermodel.js';
import type { HyperParameters } from './hyperparameters.js';
import type { TunerObjective } from './objective.js';
import type { Oracle, OracleOptions, TunerTrial } from './oracle.js';
import type { SavedWeights } from './project.js';

/** Options of every Keras tuner. */
export interface TunerOptions extends OracleOptions, BaseTunerOptions {
  /** Times each trial's model is built and trained from scratch; the scores are averaged. @default 1 */
  readonly executionsPerTrial?: number | undefined;
}

/** The option names of {@link OracleOptions}. */
export const ORACLE_OPTIONS = ['objective', 'maxTrials', 'seed', 'hyperparameters', 'allowNewEntries'] as const;

/** Options of `search` (the fit arguments of every trial, and the run). */
export interface SearchOptions extends RunOptions {
  /** Epochs per trial (Hyperband sets them per round). @default 1 */
  readonly epochs?: number | undefined;
  /** Rows per gradient step. @default 32 */
  readonly batchSize?: number | undefined;
  /** A seeded fraction of the rows held out for `val_` metrics (stratified for class labels). @default 0 */
  readonly validationSplit?: number | undefined;
  /** Validation rows given explicitly: `[x, y]`. @default undefined */
  readonly validationData?: readonly [MatrixLike, TargetLike] | undefined;
  /** Callbacks for every fit (`EarlyStopping`, TensorFlow.js callbacks). @default [] */
  readonly callbacks?: readonly CallbackLike[] | undefined;
  /** Reshuffle the training rows every epoch. @default true */
  readonly shuffle?: boolean | undefined;
}

const SEARCH_OPTIONS = ['epochs', 'batchSize', 'validationSplit', 'validationData', 'callbacks', 'shuffle', 'verbose', 'signal', 'timeout'];

interface SearchData {
  readonly x: DenseMatrix;
  readonly y: DenseMatrix;
  readonly fit: ModelFitOptions;
}

interface Execution {
  readonly score: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly bestStep: number | undefined;
  readonly history: Readonly<Record<string, readonly number[]>>;
  readonly saved: SavedWeights;
  readonly backend: string;
}

/** Checks the option names of a tuner (before its oracle is built). */
export function checkTunerOptions<T extends object>(owner: string, options: T, extra: readonly string[] = []): T {
  if (typeof options !== 'object' || options === null) throw new InvalidParameterError(`The "options" argument of ${owner} must be an options object. Got ${formatValue(options)} instead.`, { owner, argument: 'options', value: options, expected: 'an object' });
  checkKnownKeys(owner, options, [...ORACLE_OPTIONS, ...BASE_TUNER_OPTIONS, 'executionsPerTrial', ...extra], 'option');
  return options;
}

function isLayersModel(value: unknown): value is LayersModel {
  const v = value as { fit?: unknown; save?: unknown; inputs?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.fit === 'function' && typeof v.save === 'function' && Array.isArray(v.inputs);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Per-epoch values and the best epoch from what `fit` returned. */
export function readFitResult(result: FitResult, objective: TunerObjective, owner: string, initialEpoch: number): Omit<Execution, 'saved' | 'backend'> {
  const name = canonicalLogName(objective.name);
  if (typeof result === 'number') return { score: result, metrics: { [objective.name]: result }, bestStep: undefined, history: {} };
  const source = typeof result === 'object' && result !== null && 'history' in result && typeof result.history === 'object' ? result.history : result;
  if (typeof source !== 'object' || source === null) {
    throw new InvalidParameterError(`The fit method of the hypermodel of ${owner} must return { history }, per-epoch values, a record of metrics or a number. Got ${formatValue(result)} instead.`, {
      owner, argument: 'fit', value: result, expected: '{ history }, a record or a number',
    });
  }
  const entries = Object.entries(source as Record<string, unknown>).map(([k, v]) => [canonicalLogName(k), v] as const);
  const reported = entries.map(([k]) => k);
  const value = entries.find(([k]) => k === name)?.[1];
  if (value === undefined) throw objectiveNotReported(owner, objective, reported);
  if (!Array.isArray(value)) {
    const metrics = Object.fromEntries(entries.filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    return { score: value as number, metrics, bestStep: undefined, history: {} };
  }
  const history = Object.fromEntries(entries.filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).map(Number)])) as Record<string, number[]>;
  const series = history[name] as number[];
  if (series.length === 0) throw new ValidationError(`The fit of ${owner} trained no epoch, so the objective "${objective.name}" has no value.`, { owner, argument: 'epochs', value: 0, expected: 'at least one epoch' });
  let best = 0;
  for (let i = 1; i < series.length; i++) if (objective.better(series[i] as number, series[best] as number)) best = i;
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(history)) if (v[best] !== undefined) metrics[k] = v[best] as number;
  return { score: series[best] as number, metrics, bestStep: initialEpoch + best + 1, history };
}

/**
 * The base of the Keras tuners: a hypermodel (a build function returning a
 * compiled `tf.LayersModel`, or a {@link HyperModel}) tuned by an oracle.
 * Use {@link RandomSearch}, {@link GridSearch}, {@link BayesianOptimization} or
 * {@link Hyperband}, or pass your own {@link Oracle}.
 *
 * @example
 * ```ts
 * const tuner = new Tuner(new RandomSearchOracle({ objective: 'val_accuracy', maxTrials: 5, seed: 0 }), buildModel, { directory: 'runs' });
 * await tuner.search(X, y, { epochs: 5, validationSplit: 0.2 });
 * const [best] = await tuner.getBestModels(1);
 * ```
 */
export class Tuner extends BaseTuner<LayersModel> {
  readonly executionsPerTrial: number;
  private data: SearchData | undefined;

  constructor(oracle: Oracle, hypermodel: HyperModelLike, options?: TunerOptions);
  /** For subclasses: their name, and the option names they add. */
  constructor(owner: string, oracle: Oracle, hypermodel: HyperModelLike, options: TunerOptions | undefined, extraOptions: readonly string[]);
  constructor(a: string | Oracle, b: Oracle | HyperModelLike, c?: HyperModelLike | TunerOptions, d?: TunerOptions, extra: readonly string[] = []) {
    const owner = typeof a === 'string' ? a : 'Tuner';
    const oracle = (typeof a === 'string' ? b : a) as Oracle;
    const hypermodel = typeof a === 'string' ? c : b;
    const options = ((typeof a === 'string' ? d : c) ?? {}) as TunerOptions;
    super(owner, oracle, toHyperModel<LayersModel>(owner, hypermodel), checkTunerOptions(owner, options, extra));
    this.executionsPerTrial = checkInteger(owner, 'executionsPerTrial', options.executionsPerTrial ?? 1, { min: 1 });
  }

  /**
   * Runs trials until `maxTrials` (or the oracle's end), resuming a reloaded project.
   * @throws {InvalidParameterError} for bad options, a build function that does
   *   not return a compiled model, or an objective the model does not report;
   *   {@link FatalError} after `maxConsecutiveFailedTrials` failed trials in a row.
   */
  async search(x: MatrixLike, y: TargetLike, options: SearchOptions = {}): Promise<void> {
    const owner = `${this.owner}.search`;
    checkKnownKeys(owner, options, SEARCH_OPTIONS, 'option');
    const X = validateMatrix(x, { owner, argument: 'x' });
    const Y = targetMatrix(y, owner);
    if (Y.rows !== X.rows) throw new ValidationError(`The "y" argument of ${owner} must have one row per row of x (${X.rows}). Got ${Y.rows} instead.`, { owner, argument: 'y', value: Y.rows, expected: `${X.rows} rows` });
    const validationData = options.validationData === undefined
      ? undefined
      : ([validateMatrix(options.validationData[0], { owner, argument: 'validationData[0]' }), targetMatrix(options.validationData[1], owner, 'validationData[1]')] as const);
    const fit: ModelFitOptions = {
      epochs: checkInteger(owner, 'epochs', options.epochs ?? 1, { min: 1 }),
      batchSize: options.batchSize,
      validationSplit: options.validationSplit,
      validationData,
      callbacks: options.callbacks,
      shuffle: options.shuffle,
    };
    this.data = { x: X, y: Y, fit };
    await this.runSearch({ verbose: options.verbose, signal: options.signal, timeout: options.timeout });
  }

  protected async discoverBuild(hp: HyperParameters): Promise<void> {
    await loadTensorFlow();
    disposeModel(await this.buildModel(hp));
  }

  protected async runTrial(hp: HyperParameters, ctx: TrialContext, run: RunOptions): Promise<TrialResult> {
    const data = this.data as SearchData;
    const tf = await loadTensorFlow();
    const values = hp.values;
    const epochs = typeof values['tuner/epochs'] === 'number' ? values['tuner/epochs'] : (data.fit.epochs ?? 1);
    const initialEpoch = typeof values['tuner/initial_epoch'] === 'number' ? values['tuner/initial_epoch'] : 0;
    const parent = values['tuner/trial_id'];
    const parentWeights = typeof parent === 'number' && initialEpoch > 0 ? await this.project.loadCheckpoint(parent) : undefined;
    const executions: Execution[] = [];
    for (let e = 0; e < this.executionsPerTrial; e++) {
      const seed = deriveSeed(this.oracle.seed, ctx.trialId, e);
      executions.push(await this.execute(tf, hp, ctx, { epochs, initialEpoch, parentWeights, parent, seed, report: e === 0, verbose: run.verbose ?? this.verbose }));
    }
    let best = executions[0] as Execution;
    for (const ex of executions) if (this.oracle.objective.better(ex.score, best.score)) best = ex;
    await this.project.saveCheckpoint(ctx.trialId, best.saved);
    const metrics: Record<string, number> = {};
    for (const k of Object.keys(best.metrics)) metrics[k] = mean(executions.map((ex) => ex.metrics[k] ?? NaN));
    return {
      score: mean(executions.map((ex) => ex.score)),
      metrics,
      bestStep: best.bestStep,
      attrs: encodeKerasTrial({ backend: best.backend, executions: executions.map((ex) => ({ score: ex.score, best_step: ex.bestStep ?? null, history: ex.history })) }),
    };
  }

  /** One build and fit, seeded; falls back to cpu when the backend lacks a training kernel. */
  private async execute(
    tf: Tf,
    hp: HyperParameters,
    ctx: TrialContext,
    plan: { epochs: number; initialEpoch: number; parentWeights: SavedWeights | undefined; parent: unknown; seed: number; report: boolean; verbose: number },
  ): Promise<Execution> {
    const data = this.data as SearchData;
    const attempt = (backend: string): Promise<Execution | { missing: string }> =>
      withBackend(tf, backend, () =>
        withSeededRandom(new Rng(deriveSeed(plan.seed, 1)), async () => {
          const model = await this.buildModel(hp);
          const tracker = new ObjectiveTracker(this.oracle.objective, this.owner, plan.report ? (step, value) => ctx.report(step, value) : undefined);
          try {
            if (backend !== 'cpu') {
              const missing = this.probe(tf, model, data.x);
              if (missing !== undefined) return { missing };
            }
            if (plan.parentWeights !== undefined) restoreWeights(tf, model, plan.parentWeights, `trial ${String(plan.parent)}`);
            const result = await this.hypermodel.fit(hp, model, data.x, data.y, {
              ...data.fit,
              epochs: plan.epochs,
              initialEpoch: plan.initialEpoch,
              callbacks: [...(data.fit.callbacks ?? []), tracker],
              randomState: plan.seed,
              validationSeed: this.oracle.seed,
              signal: ctx.signal,
              verbose: plan.verbose >= 2 ? 1 : 0,
            });
            const read = readFitResult(result, this.oracle.objective, this.owner, plan.initialEpoch);
            const restored = read.bestStep !== undefined && read.bestStep === tracker.bestStep && tracker.restoreBest(model);
            const saved = await captureWeights(tf, model, { epoch: restored ? read.bestStep : 'last', backend });
            return { ...read, saved, backend };
          } finally {
            tracker.release();
            disposeModel(model);
          }
        }),
      );
    const backend = tf.getBackend();
    const first = await attempt(backend);
    if (!('missing' in first)) return first;
    backendNotice(this.owner, backend, first.missing);
    return (await attempt('cpu')) as Execution;
  }

  private probe(tf: Tf, model: LayersModel, X: DenseMatrix): string | undefined {
    if (model.trainableWeights.length === 0) return undefined;
    const shape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
    if (shape.reduce((p, d) => p * (d ?? NaN), 1) !== X.columns) return undefined; // fit reports the shape mismatch
    const x = rowsTensor(tf, X, Int32Array.from({ length: Math.min(2, X.rows) }, (_, i) => i), shape);
    try {
      return missingTrainingKernel(tf, model, x);
    } finally {
      x.dispose();
    }
  }

  /** Calls the hypermodel's build and checks that it returned a model. */
  private async buildModel(hp: HyperParameters): Promise<LayersModel> {
    const model: unknown = await this.hypermodel.build(hp);
    if (!isLayersModel(model)) {
      throw new InvalidParameterError(`The build function of ${this.owner} must return a compiled tf.LayersModel. Got ${formatValue(model)} instead.`, {
        owner: this.owner, argument: 'hypermodel', value: model, expected: 'a tf.LayersModel',
      });
    }
    if (typeof (model as { optimizer?: unknown }).optimizer !== 'object' || (model as { optimizer?: unknown }).optimizer === null) {
      disposeModel(model);
      throw new InvalidParameterError(
        `The build function of ${this.owner} must return a compiled tf.LayersModel. Compile it before returning it, e.g. model.compile({ optimizer: tf.train.adam(hp.float('lr', { min: 1e-4, max: 1e-2, sampling: 'log' })), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }).`,
        { owner: this.owner, argument: 'hypermodel', value: model, expected: 'a compiled tf.LayersModel' },
      );
    }
    return model;
  }

  /**
   * The best `n` models, best first, each built from its trial's
   * hyperparameters and given the trial's saved weights (the best epoch). The
   * caller owns them: `model.dispose()` when done, and `model.optimizer.dispose()`
   * when the build function compiled with an optimizer instance.
   */
  async getBestModels(n = 1): Promise<LayersModel[]> {
    checkInteger(`${this.owner}.getBestModels`, 'n', n, { min: 1 }, 'argument');
    const models: LayersModel[] = [];
    try {
      for (const trial of this.oracle.getBestTrials(n)) models.push(await this.loadModel(trial));
    } catch (error) {
      models.forEach(disposeModel);
      throw error;
    }
    return models;
  }

  /** A trial's model, rebuilt with its saved weights (on the backend it trained on). */
  async loadModel(trial: TunerTrial): Promise<LayersModel> {
    const tf = await loadTensorFlow();
    const saved = await this.project.loadCheckpoint(trial.id);
    const backend = decodeTunerTrial(trial.record).backend ?? tf.getBackend();
    const seed = deriveSeed(this.oracle.seed, trial.id, 0);
    const build = (): Promise<LayersModel> => withSeededRandom(new Rng(deriveSeed(seed, 1)), () => this.buildModel(trial.hyperparameters.copy()));
    const model = backend === tf.getBackend() ? await build() : await withBackend(tf, backend, build);
    try {
      restoreWeights(tf, model, saved, `trial ${trial.id}`);
    } catch (error) {
      disposeModel(model);
      throw error;
    }
    return model;
  }
}
