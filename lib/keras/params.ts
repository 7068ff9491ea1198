/**
 * The parameters of the Keras wrappers and their routing (SciKeras's `model__`,
 * `optimizer__`, `fit__` prefixes).
 *
 * The types are generic over the build function's params `M`, so that
 * `model__<name>` keys are checked against what the build function takes: a grid
 * `{ model__hidden: [32, 64] }` compiles only if the build function has a `hidden`
 * param of type number. Run-time checks give JavaScript users the same errors.
 */
import type { ModuleRef } from '../core/transfer.js';
import { isModuleRef } from '../core/transfer.js';
import type { ClassWeight, ClassWeightMap, LayersModel, Optimizer } from '@tensorflow/tfjs';
import type { Label, TargetType } from '../core/data.js';
import { InvalidParameterError } from '../core/errors.js';
import type { ParamSchema } from '../core/estimator.js';
import {
  arrayOf,
  booleanValue,
  functionValue,
  integerIn,
  nullValue,
  oneOf,
  realIn,
  satisfies,
  undefinedValue,
  unknownNameMessage,
} from '../core/validate.js';
import type { CallbackLike } from './callbacks.js';
import { isCallbackLike } from './callbacks.js';
import type { LossName, LossOrMetricFunction, MetricSpec } from './losses.js';
import { LOSS_NAMES, METRIC_NAMES } from './losses.js';
import type { OptimizerName } from './optimizers.js';
import { OPTIMIZER_NAMES, isOptimizerInstance } from './optimizers.js';

/** What a build function learns about the data, after SciKeras's `meta`. */
export interface KerasMeta {
  /** The number of features (columns of X). */
  readonly nFeaturesIn: number;
  /**
   * The units the output layer should have: the number of classes for a
   * multiclass target, 1 for a binary one (a sigmoid unit), the number of target
   * columns for a regressor.
   */
  readonly nOutputs: number;
  /** The sorted class labels (empty for a regressor). */
  readonly classes: readonly Label[];
  /** The number of classes (0 for a regressor). */
  readonly nClasses: number;
  /** `binary`, `multiclass`, `continuous` or `continuous-multioutput`. */
  readonly targetType: TargetType;
  /** The activation the output layer should use: `sigmoid` (binary), `softmax` (multiclass) or `linear`. */
  readonly outputActivation: 'sigmoid' | 'softmax' | 'linear';
}

/**
 * Builds an uncompiled (or compiled) `tf.LayersModel` from the routed `model__`
 * params (prefix removed; only those that were set) and the data's {@link KerasMeta}.
 */
export type BuildFunction<M extends object = never> = (params: M, meta: KerasMeta) => LayersModel;

/** How TensorFlow.js yields to the event loop during `model.fit`. */
export type YieldEvery = 'auto' | 'batch' | 'epoch' | 'never' | number;

/** The parameters every Keras wrapper has. */
export interface KerasCoreParams<M extends object> {
  /**
   * A build function `(params, meta) => tf.LayersModel`, or a model whose
   * architecture and weights each fit copies. Required before fit.
   * @default null
   */
  model: BuildFunction<M> | LayersModel | ModuleRef | null;
  /** Epochs to train (per fit; with `warmStart`, more epochs on the fitted model). @default 1 */
  epochs: number;
  /** Rows per gradient step. @default 32 */
  batchSize: number;
  /** An optimizer name or a `tf.train` optimizer to copy; tune its arguments with `optimizer__<arg>`. @default 'rmsprop' */
  optimizer: OptimizerName | Optimizer;
  /** The loss: a name (tfjs camelCase or Keras snake_case) or a function; `null` picks one from the target. @default null */
  loss: LossName | LossOrMetricFunction | null;
  /** Metrics to log per epoch (names or functions). @default ['accuracy'] for classifiers, [] for regressors */
  metrics: readonly MetricSpec[];
  /** The fraction of the fit's rows held out (seeded, stratified for classifiers) to log `val_` metrics. @default 0 */
  validationSplit: number;
  /** {@link KerasCallback}s (e.g. `EarlyStopping`) and TensorFlow.js callbacks. @default [] */
  callbacks: readonly CallbackLike[];
  /** Reshuffle the training rows every epoch, with a seeded generator. @default true */
  shuffle: boolean;
  /** 0 silent; 1 the backend and a line per epoch. @default 0 */
  verbose: number;
  /** Seeds weight initialisation, dropout, shuffling and the validation split. @default undefined (a fresh seed per fit) */
  randomState: number | undefined;
  /** Keep training the fitted model on the next fit instead of building a new one. @default false */
  warmStart: boolean;
}

/**
 * The `model__<name>` params: one per param of the build function (`undefined`
 * unsets one, so the build function's default applies).
 */
export type ModelParams<M> = { [K in keyof M & string as `model__${K}`]: M[K] | undefined };

/** The `optimizer__<arg>` params (TensorFlow.js's argument names). Which apply depends on the optimizer. */
export interface OptimizerParams {
  optimizer__learningRate: number;
  optimizer__momentum: number;
  optimizer__useNesterov: boolean;
  optimizer__beta1: number;
  optimizer__beta2: number;
  optimizer__epsilon: number;
  optimizer__decay: number;
  optimizer__rho: number;
  optimizer__centered: boolean;
  optimizer__initialAccumulatorValue: number;
}

/** The `fit__<arg>` params passed to `model.fit` (the others are the wrapper's own params). */
export interface FitParams {
  /** Loss weight per class index (classes in `classes` order). */
  fit__classWeight: ClassWeight | ClassWeight[] | ClassWeightMap;
  fit__yieldEvery: YieldEvery;
}

/** All the params of a Keras wrapper whose build function takes `M`. */
export type KerasParams<M extends object> = KerasCoreParams<M> & ModelParams<M> & OptimizerParams & FitParams;

/**
 * What a Keras wrapper's constructor takes (each part partial separately, so that
 * TypeScript infers `M` from the build function).
 */
export type KerasInit<M extends object> = Partial<KerasCoreParams<M>> & Partial<ModelParams<M>> & Partial<OptimizerParams> & Partial<FitParams>;

/** True for a TensorFlow.js `LayersModel` (duck-typed: tfjs is not loaded when params are set). */
export function isLayersModel(value: unknown): value is LayersModel {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.compile === 'function' && typeof v.fit === 'function' && typeof v.predict === 'function' && typeof v.getWeights === 'function';
}

/** The default optimizer (SciKeras's and Keras's `compile` default). */
export const DEFAULT_OPTIMIZER: OptimizerName = 'rmsprop';

/** The schema of the core params, with the wrapper's default metrics. */
export function kerasSchema(defaultMetrics: readonly MetricSpec[]): ParamSchema<KerasCoreParams<object>> {
  return {
    model: {
      default: null,
      constraints: [nullValue, functionValue, satisfies('a tf.LayersModel', isLayersModel), satisfies('a { module, export } reference to a build function', isModuleRef)],
    },
    epochs: { default: 1, constraints: integerIn({ min: 1 }) },
    batchSize: { default: 32, constraints: integerIn({ min: 1 }) },
    optimizer: {
      default: DEFAULT_OPTIMIZER,
      constraints: [oneOf(OPTIMIZER_NAMES), satisfies('a tf.train optimizer instance', isOptimizerInstance)],
    },
    loss: { default: null, constraints: [nullValue, oneOf(LOSS_NAMES), functionValue] },
    metrics: {
      default: Object.freeze([...defaultMetrics]),
      constraints: arrayOf(satisfies(`a metric (one of ${METRIC_NAMES.map((m) => `"${m}"`).join(', ')} or a function)`, (v) => typeof v === 'function' || METRIC_NAMES.includes(v as never))),
    },
    validationSplit: { default: 0, constraints: realIn({ min: 0, max: 1, maxInclusive: false }) },
    callbacks: {
      default: Object.freeze([]) as readonly CallbackLike[],
      constraints: arrayOf(satisfies('a callback (a KerasCallback, a tf.Callback or an object with onEpochEnd and the like)', isCallbackLike)),
    },
    shuffle: { default: true, constraints: booleanValue },
    verbose: { default: 0, constraints: integerIn({ min: 0 }) },
    randomState: { default: undefined, constraints: [undefinedValue, integerIn({ min: 0, max: 2 ** 32 - 1 })] },
    warmStart: { default: false, constraints: booleanValue },
  };
}

/** The routing prefixes. */
export const ROUTES = ['model', 'optimizer', 'fit'] as const;
export type Route = (typeof ROUTES)[number];

const ROUTED_KEY = /^(model|optimizer|fit)__([A-Za-z_$][\w$]*)$/;

/**
 * Splits a params object into the core params and the routed `model__`,
 * `optimizer__`, `fit__` ones (kept with their prefix).
 *
 * @throws {InvalidParameterError} for a key that is neither a core param nor a
 *   well-formed routed name; the message lists both.
 */
export function splitParams(owner: string, params: unknown, valid: readonly string[]): { base: unknown; routed: Record<string, unknown> } {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return { base: params, routed: {} };
  const base: Record<string, unknown> = {};
  const routed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (valid.includes(key)) base[key] = value;
    else if (ROUTED_KEY.test(key)) routed[key] = value;
    else {
      throw new InvalidParameterError(
        `${unknownNameMessage(owner, key, valid, 'parameter')} Routed parameters are also accepted: model__<name> (to the build function), optimizer__<name> (to the optimizer) and fit__<name> (to model.fit).`,
        { owner, argument: key, value, expected: `one of ${valid.join(', ')}, or model__/optimizer__/fit__<name>` },
      );
    }
  }
  return { base, routed };
}

/** The routed params of one prefix, with the prefix removed. */
export function routedGroup(routed: Readonly<Record<string, unknown>>, route: Route): Record<string, unknown> {
  const prefix = `${route}__`;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(routed)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}

/** `model.fit` arguments that the wrappers own, and the param to use instead. */
const MANAGED_FIT_ARGS: Readonly<Record<string, string>> = {
  epochs: 'epochs',
  batchSize: 'batchSize',
  verbose: 'verbose',
  callbacks: 'callbacks',
  shuffle: 'shuffle',
  validationSplit: 'validationSplit',
  validationData: 'validationSplit',
  initialEpoch: 'warmStart',
};

/** The `fit__` arguments passed through to `model.fit`. */
export const FIT_ARGUMENTS = ['classWeight', 'yieldEvery'] as const;

/**
 * Checks the routed `fit__` arguments and returns them for `model.fit`.
 *
 * @throws {InvalidParameterError} for an argument the wrapper manages itself (the
 *   message names the param to use) or one `model.fit` does not take.
 */
export function checkFitArguments(owner: string, fitArgs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  for (const [key, value] of Object.entries(fitArgs)) {
    const managed = MANAGED_FIT_ARGS[key];
    if (managed !== undefined) {
      throw new InvalidParameterError(
        `The "fit__${key}" parameter of ${owner} cannot be routed to model.fit: ${owner} manages it through its "${managed}" parameter. Got ${String(value)} instead.` +
          (key === 'validationData' ? ' Validation rows are carved from the rows given to fit, so they never come from a test split.' : ''),
        { owner, argument: `fit__${key}`, value, expected: `the "${managed}" parameter` },
      );
    }
    if (!(FIT_ARGUMENTS as readonly string[]).includes(key)) {
      throw new InvalidParameterError(
        `The "fit__${key}" parameter of ${owner} must name a model.fit argument ${owner} passes on (${FIT_ARGUMENTS.map((a) => `"fit__${a}"`).join(', ')}). Got "fit__${key}" instead.`,
        { owner, argument: `fit__${key}`, value, expected: FIT_ARGUMENTS.join(', ') },
      );
    }
  }
  return { ...fitArgs };
}
