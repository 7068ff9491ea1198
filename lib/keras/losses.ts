/**
 * Loss and metric names: TensorFlow.js's camelCase names plus the Keras
 * snake_case aliases users bring from Python, resolved to what `model.compile`
 * takes, and the names the wrappers log them under (`accuracy`, not tfjs's `acc`).
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { Tf } from './backend.js';

/** A loss or metric function: `(yTrue, yPred) => Tensor`. */
export type LossOrMetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** The loss names TensorFlow.js knows, plus Keras aliases. */
export type LossName =
  | 'meanSquaredError'
  | 'meanAbsoluteError'
  | 'meanAbsolutePercentageError'
  | 'meanSquaredLogarithmicError'
  | 'squaredHinge'
  | 'hinge'
  | 'categoricalHinge'
  | 'logcosh'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'binaryCrossentropy'
  | 'kullbackLeiblerDivergence'
  | 'poisson'
  | 'cosineProximity'
  | 'mse'
  | 'mae'
  | 'mape'
  | 'msle'
  | 'kld'
  | 'mean_squared_error'
  | 'mean_absolute_error'
  | 'mean_absolute_percentage_error'
  | 'mean_squared_logarithmic_error'
  | 'squared_hinge'
  | 'categorical_hinge'
  | 'categorical_crossentropy'
  | 'sparse_categorical_crossentropy'
  | 'binary_crossentropy'
  | 'kl_divergence';

const LOSS_ALIASES: Readonly<Record<LossName, string>> = {
  meanSquaredError: 'meanSquaredError',
  meanAbsoluteError: 'meanAbsoluteError',
  meanAbsolutePercentageError: 'meanAbsolutePercentageError',
  meanSquaredLogarithmicError: 'meanSquaredLogarithmicError',
  squaredHinge: 'squaredHinge',
  hinge: 'hinge',
  categoricalHinge: 'categoricalHinge',
  logcosh: 'logcosh',
  categoricalCrossentropy: 'categoricalCrossentropy',
  sparseCategoricalCrossentropy: 'sparseCategoricalCrossentropy',
  binaryCrossentropy: 'binaryCrossentropy',
  kullbackLeiblerDivergence: 'kullbackLeiblerDivergence',
  poisson: 'poisson',
  cosineProximity: 'cosineProximity',
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  mape: 'meanAbsolutePercentageError',
  msle: 'meanSquaredLogarithmicError',
  kld: 'kullbackLeiblerDivergence',
  mean_squared_error: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mean_absolute_percentage_error: 'meanAbsolutePercentageError',
  mean_squared_logarithmic_error: 'meanSquaredLogarithmicError',
  squared_hinge: 'squaredHinge',
  categorical_hinge: 'categoricalHinge',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  kl_divergence: 'kullbackLeiblerDivergence',
};

/** Every accepted loss name. */
export const LOSS_NAMES = Object.keys(LOSS_ALIASES) as LossName[];

/** TensorFlow.js's name for a loss name or alias. */
export function canonicalLoss(name: LossName): string {
  return LOSS_ALIASES[name];
}

/** The metric names accepted (TensorFlow.js's, plus Keras aliases). */
export type MetricName =
  | 'accuracy'
  | 'acc'
  | 'crossentropy'
  | 'ce'
  | 'binaryAccuracy'
  | 'categoricalAccuracy'
  | 'sparseCategoricalAccuracy'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'precision'
  | 'recall'
  | 'mse'
  | 'mae'
  | 'mape'
  | 'cosine'
  | 'meanSquaredError'
  | 'meanAbsoluteError'
  | 'meanAbsolutePercentageError'
  | 'binary_accuracy'
  | 'categorical_accuracy'
  | 'sparse_categorical_accuracy'
  | 'mean_squared_error'
  | 'mean_absolute_error'
  | 'mean_absolute_percentage_error';

/** How a metric name is passed to `compile` (a tfjs string or a `tf.metrics` function) and logged. */
const METRICS: Readonly<Record<MetricName, { readonly compile: string | ((tf: Tf) => LossOrMetricFunction); readonly logged: string }>> = {
  accuracy: { compile: 'accuracy', logged: 'accuracy' },
  acc: { compile: 'accuracy', logged: 'accuracy' },
  crossentropy: { compile: 'crossentropy', logged: 'crossentropy' },
  ce: { compile: 'crossentropy', logged: 'crossentropy' },
  binaryAccuracy: { compile: 'binaryAccuracy', logged: 'binaryAccuracy' },
  categoricalAccuracy: { compile: 'categoricalAccuracy', logged: 'categoricalAccuracy' },
  sparseCategoricalAccuracy: { compile: (tf) => tf.metrics.sparseCategoricalAccuracy, logged: 'sparseCategoricalAccuracy' },
  binaryCrossentropy: { compile: (tf) => tf.metrics.binaryCrossentropy, logged: 'binaryCrossentropy' },
  categoricalCrossentropy: { compile: 'categoricalCrossentropy', logged: 'categoricalCrossentropy' },
  sparseCategoricalCrossentropy: { compile: 'sparseCategoricalCrossentropy', logged: 'sparseCategoricalCrossentropy' },
  precision: { compile: 'precision', logged: 'precision' },
  recall: { compile: (tf) => tf.metrics.recall, logged: 'recall' },
  mse: { compile: 'mse', logged: 'mse' },
  mae: { compile: 'mae', logged: 'mae' },
  mape: { compile: 'mape', logged: 'mape' },
  cosine: { compile: 'cosine', logged: 'cosine' },
  meanSquaredError: { compile: 'mse', logged: 'mse' },
  meanAbsoluteError: { compile: 'mae', logged: 'mae' },
  meanAbsolutePercentageError: { compile: 'mape', logged: 'mape' },
  binary_accuracy: { compile: 'binaryAccuracy', logged: 'binaryAccuracy' },
  categorical_accuracy: { compile: 'categoricalAccuracy', logged: 'categoricalAccuracy' },
  sparse_categorical_accuracy: { compile: (tf) => tf.metrics.sparseCategoricalAccuracy, logged: 'sparseCategoricalAccuracy' },
  mean_squared_error: { compile: 'mse', logged: 'mse' },
  mean_absolute_error: { compile: 'mae', logged: 'mae' },
  mean_absolute_percentage_error: { compile: 'mape', logged: 'mape' },
};

/** Every accepted metric name. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** A metric as given in the `metrics` param: a name or a function. */
export type MetricSpec = MetricName | LossOrMetricFunction;

/** A metric resolved for `compile`, with the name the history logs it under. */
export interface ResolvedMetric {
  readonly compile: string | LossOrMetricFunction;
  readonly logged: string;
}

/** Resolves the `metrics` param for `compile`; names must be valid (checked by the params schema). */
export function resolveMetrics(tf: Tf, metrics: readonly MetricSpec[]): ResolvedMetric[] {
  return metrics.map((m, i) => {
    if (typeof m === 'function') return { compile: m, logged: m.name || `metric_${i}` };
    const spec = METRICS[m];
    return { compile: typeof spec.compile === 'function' ? spec.compile(tf) : spec.compile, logged: spec.logged };
  });
}

/**
 * The names the history uses for TensorFlow.js's log keys: `loss`, the metrics
 * under their logged names, and the same with `val_`. Keys tfjs adds that we do
 * not know keep their name.
 */
export function logNameMap(tfNames: readonly string[], metrics: readonly ResolvedMetric[]): Map<string, string> {
  const map = new Map<string, string>();
  tfNames.forEach((name, i) => {
    const ours = i === 0 ? 'loss' : (metrics[i - 1]?.logged ?? name);
    map.set(name, ours);
    map.set(`val_${name}`, `val_${ours}`);
  });
  return map;
}

/** Maps the metric aliases users write in `monitor` (`acc`, `val_acc`) to the logged names. */
export function canonicalLogName(name: string): string {
  const val = name.startsWith('val_');
  const base = val ? name.slice(4) : name;
  const spec = (METRICS as Readonly<Record<string, { logged: string }>>)[base];
  const resolved = spec?.logged ?? base;
  return val ? `val_${resolved}` : resolved;
}

/** What {@link lossTargetProblem} needs to know about the target and the model. */
export interface LossFit {
  /** The target's kind, from the wrapper's meta (`binary`, `multiclass`, `continuous`, ...). */
  readonly targetType: string;
  /** The number of classes (0 for a regressor). */
  readonly nClasses: number;
  /** The units of the model's output layer. */
  readonly outputUnits: number;
}

/**
 * Why a loss (TensorFlow.js's name) cannot train a model with this output on this
 * target, with the fix, or `undefined` when it can. Checked before training, so a
 * mismatch is a clear error instead of TensorFlow.js's `depth must be >=2` or a loss
 * that stays 0.
 */
export function lossTargetProblem(loss: string, fit: LossFit): string | undefined {
  const { targetType, nClasses, outputUnits } = fit;
  const units = `${outputUnits} output unit${outputUnits === 1 ? '' : 's'}`;
  const classTarget = targetType === 'binary' || targetType === 'multiclass';
  if (loss === 'sparseCategoricalCrossentropy') {
    if (!classTarget) {
      return `needs class labels, but the target is ${targetType}. Use KerasClassifier for class labels, or a regression loss such as 'meanSquaredError'`;
    }
    if (outputUnits < 2) {
      return `needs one output unit per class (softmax), but the model has ${units} for ${nClasses} classes. Use an output layer of ${nClasses} units with softmax, or loss 'binaryCrossentropy' with 1 sigmoid unit`;
    }
  }
  if (loss === 'categoricalCrossentropy' && outputUnits < 2) {
    const fix = classTarget
      ? `Use loss 'binaryCrossentropy' with 1 sigmoid unit, or an output layer of ${Math.max(nClasses, 2)} units with softmax`
      : `Use a regression loss such as 'meanSquaredError'`;
    return `normalizes the output over its units, so with ${units} it is 0 whatever the model predicts (target ${targetType}). ${fix}`;
  }
  if (loss === 'binaryCrossentropy' && targetType === 'multiclass' && outputUnits !== nClasses) {
    return `with ${units} cannot score ${nClasses} classes. Use loss 'sparseCategoricalCrossentropy' with ${nClasses} softmax units`;
  }
  return undefined;
}
