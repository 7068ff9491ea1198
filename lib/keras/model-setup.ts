/**
 * From params to a compiled model: call the build function (or copy a template
 * model), check the model against the data, pick the loss, create the optimizer
 * and compile. Everything here runs before the first epoch, so a mistake fails
 * before any training.
 */
import type { LayersModel, Optimizer } from '@tensorflow/tfjs';
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import type { ModuleRef } from '../core/transfer.js';
import { isModuleRef, resolveModuleRef } from '../core/transfer.js';
import type { Rng } from '../core/rng.js';
import { formatValue } from '../core/validate.js';
import type { Tf } from './backend.js';
import type { LossName, LossOrMetricFunction, MetricSpec } from './losses.js';
import { canonicalLogName, canonicalLoss, logNameMap, resolveMetrics } from './losses.js';
import type { OptimizerName } from './optimizers.js';
import { createOptimizer } from './optimizers.js';
import type { BuildFunction, KerasMeta } from './params.js';
import { DEFAULT_OPTIMIZER, isLayersModel } from './params.js';
import { withSeededRandomSync } from './seeded-random.js';

/** A built and compiled model, with what the training loop needs to know about it. */
export interface ModelSession {
  readonly model: LayersModel;
  /** The optimizer the model was compiled with (the session owns it). */
  readonly optimizer: Optimizer;
  /** The backend the model's weights live on. */
  readonly backend: string;
  /** The per-row shape of the model's input (`[64]`, or `[28, 28, 1]`: rows are reshaped). */
  readonly inputShape: readonly number[];
  /** The units of the output layer. */
  readonly outputUnits: number;
  /** The loss compiled (a tfjs name or a function). */
  readonly loss: string | LossOrMetricFunction;
  /** TensorFlow.js log key -> the name the history uses. */
  readonly logNames: ReadonlyMap<string, string>;
}

/** What building a session needs. */
export interface SessionRequest {
  readonly tf: Tf;
  readonly owner: string;
  readonly model: BuildFunction<object> | LayersModel | ModuleRef;
  readonly modelArgs: Readonly<Record<string, unknown>>;
  readonly meta: KerasMeta;
  readonly rng: Rng;
  readonly optimizer: OptimizerName | Optimizer;
  readonly optimizerArgs: Readonly<Record<string, unknown>>;
  readonly loss: LossName | LossOrMetricFunction | null;
  readonly metrics: readonly MetricSpec[];
  readonly defaultMetrics: readonly MetricSpec[];
  /** The loss for `loss: null`, given the output units. */
  readonly defaultLoss: (outputUnits: number) => string;
  /** Throws when the output units do not fit the target. */
  readonly checkOutputUnits: (outputUnits: number) => void;
  /** Throws when a loss (TensorFlow.js's name) cannot train this output on the target. */
  readonly checkLoss: (loss: string, outputUnits: number) => void;
}

async function instantiate(request: SessionRequest): Promise<LayersModel> {
  const { tf, owner } = request;
  // a { module, export } reference names the build function (it travels to workers as data)
  const spec = isModuleRef(request.model) ? await resolveModuleRef<BuildFunction<object>>(request.model) : request.model;
  if (typeof spec !== 'function') {
    if (Object.keys(request.modelArgs).length > 0) {
      const key = `model__${Object.keys(request.modelArgs)[0]}`;
      throw new InvalidParameterError(
        `The "${key}" parameter of ${owner} routes to a build function, but "model" is a model instance. Pass a build function as "model" to tune its params.`,
        { owner, argument: key, value: request.modelArgs, expected: 'a build function as "model"' },
      );
    }
    const topology = spec.toJSON(null, false) as object;
    const copy = await tf.models.modelFromJSON({ modelTopology: topology } as never);
    copy.setWeights(spec.getWeights());
    return copy;
  }
  const built: unknown = withSeededRandomSync(request.rng, () => (spec as (p: object, m: KerasMeta) => unknown)({ ...request.modelArgs }, request.meta));
  if (!isLayersModel(built)) {
    const expected = 'a build function returning a tf.LayersModel (tf.sequential() or tf.model())';
    throw new InvalidParameterError(
      `The "model" parameter of ${owner} must be ${expected}. Got ${formatValue(spec)} returning ${formatValue(built)} instead.`,
      { owner, argument: 'model', value: built, expected },
    );
  }
  return built;
}

function shapeOf(owner: string, model: LayersModel, meta: KerasMeta): { inputShape: number[]; outputUnits: number } {
  const fail = (what: string, got: string): ValidationError =>
    new ValidationError(`The model built for ${owner} must have ${what}. Got ${got} instead.`, { owner, argument: 'model', value: got, expected: what });
  if (model.inputs.length !== 1) throw fail('one input', `${model.inputs.length} inputs`);
  if (model.outputs.length !== 1) throw fail('one output', `${model.outputs.length} outputs`);
  const inputShape = (model.inputs[0]?.shape ?? []).slice(1);
  const size = inputShape.reduce<number>((p, d) => p * (d ?? NaN), 1);
  if (inputShape.length === 0 || size !== meta.nFeaturesIn) {
    throw fail(`an input of ${meta.nFeaturesIn} values per row (meta.nFeaturesIn), e.g. inputShape: [${meta.nFeaturesIn}]`, `an input of shape ${formatValue(model.inputs[0]?.shape)}`);
  }
  const outputShape = model.outputs[0]?.shape ?? [];
  if (outputShape.length !== 2 || typeof outputShape[1] !== 'number') {
    throw fail('a 2-D output [batch, units]', `an output of shape ${formatValue(outputShape)}`);
  }
  return { inputShape: inputShape as number[], outputUnits: outputShape[1] };
}

function sameMetrics(a: readonly MetricSpec[], b: readonly MetricSpec[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

/**
 * Builds (or copies), checks and compiles the model on the active backend. The
 * caller disposes the session ({@link disposeSession}), also when it throws later.
 *
 * @throws {InvalidParameterError} when the build function returns no model, or a
 *   routed param does not apply; {@link ValidationError} when the model's input or
 *   output does not fit the data.
 */
export async function createSession(request: SessionRequest): Promise<ModelSession> {
  const { tf, owner, meta } = request;
  const model = await instantiate(request);
  // a build function may compile the model itself: its optimizer is then ours to free too
  const compiled = (model as { optimizer?: Optimizer }).optimizer ?? undefined;
  let optimizer: Optimizer | undefined = compiled;
  try {
    const { inputShape, outputUnits } = shapeOf(owner, model, meta);
    request.checkOutputUnits(outputUnits);
    const backend = tf.getBackend();
    if (compiled !== undefined) {
      const changed = request.optimizer !== DEFAULT_OPTIMIZER || request.loss !== null || Object.keys(request.optimizerArgs).length > 0 || !sameMetrics(request.metrics, request.defaultMetrics);
      if (changed) {
        throw new InvalidParameterError(
          `The model returned by the build function of ${owner} is already compiled, so the "optimizer", "optimizer__*", "loss" and "metrics" parameters cannot apply. ` +
            `Leave them at their defaults to keep the model's own compilation, or do not call model.compile in the build function (${owner} compiles it).`,
          { owner, argument: 'model', value: 'a compiled model', expected: 'an uncompiled model' },
        );
      }
      if (typeof model.loss === 'string') request.checkLoss(model.loss, outputUnits);
      const logNames = new Map(model.metricsNames.flatMap((n) => [[n, canonicalLogName(n)] as [string, string], [`val_${n}`, `val_${canonicalLogName(n)}`] as [string, string]]));
      return { model, optimizer: compiled, backend, inputShape, outputUnits, loss: model.loss as string | LossOrMetricFunction, logNames };
    }
    const loss = request.loss === null ? request.defaultLoss(outputUnits) : typeof request.loss === 'string' ? canonicalLoss(request.loss) : request.loss;
    if (typeof loss === 'string') request.checkLoss(loss, outputUnits);
    const metrics = resolveMetrics(tf, request.metrics);
    const created = createOptimizer(tf, owner, request.optimizer, request.optimizerArgs);
    optimizer = created;
    model.compile({ optimizer: created, loss, metrics: metrics.map((m) => m.compile) });
    return { model, optimizer: created, backend, inputShape, outputUnits, loss, logNames: logNameMap(model.metricsNames, metrics) };
  } catch (error) {
    disposeModel(model, optimizer);
    throw error;
  }
}

function disposeModel(model: LayersModel, optimizer: Optimizer | undefined): void {
  try {
    model.dispose();
  } catch {
    // already disposed (by the user, through fittedModel)
  }
  optimizer?.dispose();
}

/** Disposes the session's model and its optimizer (`model.dispose()` leaves an optimizer passed to compile alive). */
export function disposeSession(session: ModelSession): void {
  disposeModel(session.model, session.optimizer);
}
