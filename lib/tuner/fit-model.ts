/**
 * `fitModel`: trains a compiled TensorFlow.js model the way the Keras wrappers
 * do — the wrappers' training loop, so rows are shuffled by a seeded generator,
 * the validation rows are a seeded (stratified, for class labels) sample, the
 * callbacks are tunekit's `EarlyStopping` or TensorFlow.js's, and an
 * `AbortSignal` stops between batches. It is the default `HyperModel.fit`.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { MatrixLike, TargetLike } from '../core/data.js';
import { DenseMatrix, validateMatrix } from '../core/data.js';
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import { checkBoolean, checkInteger, checkKnownKeys, checkParam, checkReal, checkRandomState, formatValue, satisfies } from '../core/validate.js';
import { loadTensorFlow } from '../keras/backend.js';
import type { CallbackLike } from '../keras/callbacks.js';
import { isCallbackLike } from '../keras/callbacks.js';
import { canonicalLogName } from '../keras/losses.js';
import { carveValidation, train } from '../keras/training.js';

/** Options of {@link fitModel} (and of `HyperModel.fit`). */
export interface ModelFitOptions {
  /** The epoch to train up to (Keras's meaning: with `initialEpoch`, `epochs - initialEpoch` epochs run). @default 1 */
  readonly epochs?: number | undefined;
  /** Epochs already trained (Hyperband's continued trials). @default 0 */
  readonly initialEpoch?: number | undefined;
  /** Rows per gradient step. @default 32 */
  readonly batchSize?: number | undefined;
  /** A seeded fraction of the rows held out for `val_` metrics (stratified for class labels). @default 0 */
  readonly validationSplit?: number | undefined;
  /** Validation rows given explicitly: `[x, y]` (wins over `validationSplit`). @default undefined */
  readonly validationData?: readonly [MatrixLike, TargetLike | DenseMatrix] | undefined;
  /** `EarlyStopping`, your `KerasCallback`s and TensorFlow.js callbacks. @default [] */
  readonly callbacks?: readonly CallbackLike[] | undefined;
  /** Reshuffle the training rows every epoch (seeded). @default true */
  readonly shuffle?: boolean | undefined;
  /** 1: a line per epoch. @default 0 */
  readonly verbose?: number | undefined;
  /** Seeds the shuffling (and the validation split, unless `validationSeed` is given). @default undefined (fresh) */
  readonly randomState?: number | undefined;
  /** Seeds the validation split alone: a tuner gives every trial the same validation rows. @default randomState */
  readonly validationSeed?: number | undefined;
  /** Stops training between batches. */
  readonly signal?: AbortSignal | undefined;
}

/** What {@link fitModel} returns: per-epoch values by name (`loss`, `accuracy`, `val_loss`...). */
export interface ModelFitResult {
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** The epochs run (fewer than asked when a callback stopped training). */
  readonly epochsRun: number;
}

const OPTION_NAMES = ['epochs', 'initialEpoch', 'batchSize', 'validationSplit', 'validationData', 'callbacks', 'shuffle', 'verbose', 'randomState', 'validationSeed', 'signal'];

/**
 * A target as a matrix of numbers: one column for labels or values, one per output for rows.
 * @throws {ValidationError} for string labels or ragged rows.
 */
export function targetMatrix(y: TargetLike | DenseMatrix, owner: string, argument = 'y'): DenseMatrix {
  if (y instanceof DenseMatrix) return y;
  const list = y as ArrayLike<unknown>;
  if (list === null || typeof list !== 'object' || typeof list.length !== 'number' || list.length === 0) {
    throw new ValidationError(`The "${argument}" argument of ${owner} must be a non-empty array of numbers or of number rows. Got ${formatValue(y)} instead.`, {
      owner, argument, value: y, expected: 'numbers or number rows',
    });
  }
  const first = list[0];
  if (typeof first === 'number') {
    const values = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValidationError(
          `The "${argument}" argument of ${owner} must hold finite numbers. Got ${formatValue(v)} at index ${i} instead. Encode class labels as indices 0..k-1 (sparseCategoricalCrossentropy) or one-hot rows.`,
          { owner, argument, value: v, expected: 'finite numbers' },
        );
      }
      values[i] = v;
    }
    return new DenseMatrix(values, list.length, 1);
  }
  if (typeof first === 'string') {
    throw new ValidationError(
      `The "${argument}" argument of ${owner} must hold numbers. Got string labels (${formatValue(first)}...) instead. Encode them as indices 0..k-1 (sparseCategoricalCrossentropy) or one-hot rows.`,
      { owner, argument, value: first, expected: 'numbers' },
    );
  }
  return validateMatrix(y, { owner, argument });
}

/** Class codes to stratify a validation split by, when the target is a column of few integer labels. */
function strataOf(y: DenseMatrix): Int32Array | undefined {
  if (y.columns !== 1) return undefined;
  const seen = new Set<number>();
  for (const v of y.values) {
    if (!Number.isInteger(v) || v < 0) return undefined;
    seen.add(v);
    if (seen.size > 256) return undefined;
  }
  return Int32Array.from(y.values);
}

const joined = new WeakMap<DenseMatrix, WeakMap<DenseMatrix, DenseMatrix>>();

/** `a` over `b` (cached by identity: a search joins the same data for every trial). */
function stack(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  let inner = joined.get(a);
  const hit = inner?.get(b);
  if (hit !== undefined) return hit;
  const values = new Float64Array((a.rows + b.rows) * a.columns);
  values.set(a.values);
  values.set(b.values, a.values.length);
  const out = new DenseMatrix(values, a.rows + b.rows, a.columns);
  if (inner === undefined) joined.set(a, (inner = new WeakMap()));
  inner.set(b, out);
  return out;
}

/**
 * Trains a compiled model on `x`, `y` and returns its per-epoch history.
 *
 * @throws {InvalidParameterError} for an uncompiled model or a bad option;
 *   {@link ValidationError} for data that does not fit the model.
 * @example
 * ```ts
 * const model = buildModel(hp); // compiled, with metrics: ['accuracy']
 * const { history } = await fitModel(model, X, y, { epochs: 5, validationSplit: 0.2, randomState: 0 });
 * history.val_accuracy; // five values
 * ```
 */
export async function fitModel(model: LayersModel, x: MatrixLike, y: TargetLike | DenseMatrix, options: ModelFitOptions = {}, owner = 'fitModel'): Promise<ModelFitResult> {
  checkKnownKeys(owner, options, OPTION_NAMES, 'option');
  if (typeof (model as { optimizer?: unknown } | null)?.optimizer !== 'object' || (model as { optimizer?: unknown }).optimizer === null) {
    throw new InvalidParameterError(
      `The model given to ${owner} must be compiled. Compile it in the build function: model.compile({ optimizer: tf.train.adam(hp.float('lr', { min: 1e-4, max: 1e-2, sampling: 'log' })), loss: ..., metrics: ['accuracy'] }).`,
      { owner, argument: 'model', value: model, expected: 'a compiled tf.LayersModel' },
    );
  }
  const epochs = checkInteger(owner, 'epochs', options.epochs ?? 1, { min: 1 });
  const initialEpoch = checkInteger(owner, 'initialEpoch', options.initialEpoch ?? 0, { min: 0 });
  if (initialEpoch >= epochs) throw new InvalidParameterError(`The "initialEpoch" option of ${owner} must be less than epochs (${epochs}). Got ${initialEpoch} instead.`, { owner, argument: 'initialEpoch', value: initialEpoch, expected: `< ${epochs}` });
  const batchSize = checkInteger(owner, 'batchSize', options.batchSize ?? 32, { min: 1 });
  const split = checkReal(owner, 'validationSplit', options.validationSplit ?? 0, { min: 0, max: 1, maxInclusive: false });
  const shuffle = checkBoolean(owner, 'shuffle', options.shuffle ?? true);
  const verbose = checkInteger(owner, 'verbose', options.verbose ?? 0, { min: 0 });
  const callbacks = checkParam<readonly CallbackLike[]>(owner, 'callbacks', options.callbacks ?? [], satisfies('an array of callbacks', (v) => Array.isArray(v) && v.every(isCallbackLike)), { kind: 'option' });
  const seed = checkRandomState(owner, options.randomState) ?? freshSeed();
  const validationSeed = checkParam<number | undefined>(owner, 'validationSeed', options.validationSeed, satisfies('undefined or an int in the range [0, 4294967295]', (v) => v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32)), { kind: 'option' }) ?? seed;

  let X = validateMatrix(x, { owner });
  let Y = targetMatrix(y, owner);
  if (Y.rows !== X.rows) throw new ValidationError(`The "y" argument of ${owner} must have one row per row of x (${X.rows}). Got ${Y.rows} instead.`, { owner, argument: 'y', value: Y.rows, expected: `${X.rows} rows` });
  let trainRows: Int32Array;
  let validationRows: Int32Array | undefined;
  if (options.validationData !== undefined) {
    const [xv, yv] = options.validationData;
    const Xv = validateMatrix(xv, { owner, argument: 'validationData[0]' });
    const Yv = targetMatrix(yv, owner, 'validationData[1]');
    if (Xv.columns !== X.columns || Yv.columns !== Y.columns || Yv.rows !== Xv.rows) {
      throw new ValidationError(`The "validationData" option of ${owner} must have x's ${X.columns} columns, y's ${Y.columns} columns and one y row per x row.`, { owner, argument: 'validationData', value: [Xv.rows, Xv.columns], expected: 'matching shapes' });
    }
    const n = X.rows;
    X = stack(X, Xv);
    Y = stack(Y, Yv);
    trainRows = Int32Array.from({ length: n }, (_, i) => i);
    validationRows = Int32Array.from({ length: Xv.rows }, (_, i) => n + i);
  } else {
    ({ train: trainRows, validation: validationRows } = carveValidation(owner, X.rows, split, new Rng(deriveSeed(validationSeed, 4)), strataOf(Y)));
  }

  const inputShape = (model.inputs[0]?.shape ?? []).slice(1) as number[];
  if (model.inputs.length !== 1 || inputShape.reduce((p, d) => p * (d ?? NaN), 1) !== X.columns) {
    throw new ValidationError(`The model given to ${owner} must have one input of ${X.columns} values per row. Got an input of shape ${formatValue(model.inputs[0]?.shape)} instead.`, {
      owner, argument: 'model', value: model.inputs[0]?.shape, expected: `an input of ${X.columns} values`,
    });
  }
  const logNames = new Map(model.metricsNames.flatMap((n) => [[n, canonicalLogName(n)] as [string, string], [`val_${n}`, `val_${canonicalLogName(n)}`] as [string, string]]));
  const tf = await loadTensorFlow();
  const outcome = await train({
    tf,
    owner,
    model,
    X,
    inputShape,
    target: { values: Float32Array.from(Y.values), width: Y.columns },
    trainRows,
    validationRows,
    epochs: epochs - initialEpoch,
    initialEpoch,
    batchSize,
    shuffle,
    shuffleRng: new Rng(deriveSeed(seed, 3)),
    callbacks,
    fitArgs: {},
    logNames,
    signal: options.signal,
    log: verbose > 0 ? (line) => console.log(line) : () => undefined,
  });
  return { history: outcome.history, epochsRun: outcome.epochsRun };
}
