/**
 * Training callbacks: tunekit's {@link KerasCallback} (with {@link EarlyStopping},
 * whose `restoreBestWeights` TensorFlow.js's own callback refuses), and the adapter
 * that drives TensorFlow.js callbacks (`tf.callbacks.*`, `tf.CustomCallback`, plain
 * `{ onEpochEnd }` objects) through the wrappers' epoch loop.
 *
 * A callback object is configuration only: it can sit in the params of many
 * clones. Each fit calls {@link KerasCallback.begin} and gets a
 * {@link CallbackSession} that holds that fit's state.
 */
import type { Callback, CustomCallbackArgs, LayersModel, Logs, Tensor } from '@tensorflow/tfjs';
import { registerTransferable } from '../core/transfer.js';
import { InvalidParameterError } from '../core/errors.js';
import { booleanValue, checkKnownKeys, checkParam, integerIn, nullValue, oneOf, realIn, satisfies } from '../core/validate.js';
import type { Tf } from './backend.js';
import { canonicalLogName } from './losses.js';

/** What a callback learns about the fit it is attached to. */
export interface TrainingRun {
  readonly tf: Tf;
  readonly model: LayersModel;
  /** The wrapper's name, for messages (`KerasClassifier.fit`). */
  readonly owner: string;
  /** The number of epochs the fit will run unless stopped. */
  readonly epochs: number;
  /** The names the epoch logs hold (`loss`, `accuracy`, `val_loss`...). */
  readonly logNames: readonly string[];
  /** True when a validation split was carved (so `val_` metrics exist). */
  readonly hasValidation: boolean;
  /** Prints a line when the wrapper is verbose (a no-op otherwise). */
  readonly log: (line: string) => void;
}

/** One fit's state of a callback. */
export interface CallbackSession {
  /** After each epoch (0-based) with its logs; return `true` to stop training. */
  onEpochEnd?(epoch: number, logs: Readonly<Record<string, number>>): boolean | void | Promise<boolean | void>;
  /** After the last epoch, on success only (e.g. restore the best weights). */
  onTrainEnd?(): void | Promise<void>;
  /** Always called last, also when the fit fails: release tensors. */
  dispose?(): void;
  /** Facts for `splitExtras()` (`best_epoch`), merged into the search results. */
  extras?(): Readonly<Record<string, number>>;
}

/**
 * The base class of tunekit's training callbacks. A subclass implements
 * {@link KerasCallback.begin}, which checks the callback against the fit (before
 * any training) and returns the fit's session.
 *
 * @example
 * ```ts
 * // stops training once the training loss is below a target
 * class StopBelow extends KerasCallback {
 *   constructor(private readonly target: number) { super(); }
 *   begin(): CallbackSession {
 *     return { onEpochEnd: (_epoch, logs) => (logs.loss ?? Infinity) < this.target };
 *   }
 * }
 * new KerasRegressor({ model: build, epochs: 500, callbacks: [new StopBelow(0.01)] });
 * ```
 */
export abstract class KerasCallback {
  /** Starts a session for one fit. May throw an {@link InvalidParameterError}. */
  abstract begin(run: TrainingRun): CallbackSession;
}

/** Options of {@link EarlyStopping} (Keras's `EarlyStopping` arguments, camelCased). */
export interface EarlyStoppingOptions {
  /** The logged value to watch: `val_loss`, `val_accuracy`, `loss`... (`val_acc` is accepted for `val_accuracy`). @default 'val_loss' */
  readonly monitor?: string;
  /** The smallest change that counts as an improvement. @default 0 */
  readonly minDelta?: number;
  /** Epochs without improvement after which training stops. @default 0 */
  readonly patience?: number;
  /** Whether lower or higher is better; `'auto'`: higher for accuracy-like names, lower otherwise. @default 'auto' */
  readonly mode?: 'auto' | 'min' | 'max';
  /** A value the monitored quantity must beat; `null` for none. @default null */
  readonly baseline?: number | null;
  /** At the end of training, put back the weights of the best epoch. @default false */
  readonly restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all (warm-up). @default 0 */
  readonly startFromEpoch?: number;
}

const HIGHER_IS_BETTER = /acc|auc|precision|recall|f1|r2/i;

/**
 * Stops training when a monitored value stops improving (Keras's `EarlyStopping`),
 * and can restore the weights of the best epoch. The best epoch (1-based) is
 * reported in search results as `split<k>_best_epoch`.
 *
 * Monitoring a `val_` value needs a validation split: set `validationSplit` on the
 * wrapper; the validation rows are carved from the rows the wrapper is fitted on,
 * so inside cross-validation they never come from the test split.
 *
 * @example
 * ```ts
 * const clf = new KerasClassifier({
 *   model: build,
 *   epochs: 100,
 *   validationSplit: 0.1,
 *   callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: 5, restoreBestWeights: true })],
 * });
 * ```
 */
export class EarlyStopping extends KerasCallback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'auto' | 'min' | 'max';
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const owner = 'EarlyStopping';
    checkKnownKeys(owner, options, ['monitor', 'minDelta', 'patience', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch'], 'option');
    const kind = { kind: 'option' as const };
    this.monitor = checkParam<string>(owner, 'monitor', options.monitor ?? 'val_loss', satisfies('a metric name (a non-empty string)', (v) => typeof v === 'string' && v.length > 0), kind);
    this.minDelta = Math.abs(checkParam<number>(owner, 'minDelta', options.minDelta ?? 0, realIn(), kind));
    this.patience = checkParam<number>(owner, 'patience', options.patience ?? 0, integerIn({ min: 0 }), kind);
    this.mode = checkParam<'auto' | 'min' | 'max'>(owner, 'mode', options.mode ?? 'auto', oneOf(['auto', 'min', 'max']), kind);
    this.baseline = checkParam<number | null>(owner, 'baseline', options.baseline ?? null, [nullValue, realIn()], kind);
    this.restoreBestWeights = checkParam<boolean>(owner, 'restoreBestWeights', options.restoreBestWeights ?? false, booleanValue, kind);
    this.startFromEpoch = checkParam<number>(owner, 'startFromEpoch', options.startFromEpoch ?? 0, integerIn({ min: 0 }), kind);
  }

  /** The options this callback was built with (so it can be rebuilt in a worker). */
  getConfig(): Required<EarlyStoppingOptions> {
    return {
      monitor: this.monitor,
      minDelta: this.minDelta,
      patience: this.patience,
      mode: this.mode,
      baseline: this.baseline,
      restoreBestWeights: this.restoreBestWeights,
      startFromEpoch: this.startFromEpoch,
    };
  }

  /** True when the monitored value is better higher. */
  get higherIsBetter(): boolean {
    return this.mode === 'max' || (this.mode === 'auto' && HIGHER_IS_BETTER.test(this.monitor));
  }

  begin(run: TrainingRun): CallbackSession {
    const monitor = canonicalLogName(this.monitor);
    if (!run.logNames.includes(monitor)) {
      const hint = monitor.startsWith('val_') && !run.hasValidation
        ? `Set validationSplit on ${run.owner.split('.')[0]} (e.g. 0.1) to log val_ metrics, or monitor "loss".`
        : 'Add the metric to the wrapper\'s "metrics" param, or monitor one of the logged values.';
      throw new InvalidParameterError(
        `The "monitor" option of EarlyStopping must be a value ${run.owner} logs (${run.logNames.map((n) => `"${n}"`).join(', ')}). Got "${this.monitor}" instead. ${hint}`,
        { owner: 'EarlyStopping', argument: 'monitor', value: this.monitor, expected: `one of ${run.logNames.join(', ')}` },
      );
    }
    return new EarlyStoppingSession(this, monitor, run);
  }
}

class EarlyStoppingSession implements CallbackSession {
  private best: number;
  private bestEpoch = -1;
  private wait = 0;
  private snapshot: Tensor[] | undefined;
  private stoppedEpoch = -1;
  private readonly sign: number;

  constructor(
    private readonly config: EarlyStopping,
    private readonly monitor: string,
    private readonly run: TrainingRun,
  ) {
    this.sign = config.higherIsBetter ? 1 : -1;
    this.best = config.baseline ?? -this.sign * Infinity;
  }

  private improves(current: number, reference: number): boolean {
    // higher is better: current - minDelta > reference; lower: current + minDelta < reference
    return this.sign * (current - reference) > this.config.minDelta;
  }

  onEpochEnd(epoch: number, logs: Readonly<Record<string, number>>): boolean {
    const current = logs[this.monitor];
    if (current === undefined || Number.isNaN(current) || epoch < this.config.startFromEpoch) return false;
    this.wait++;
    if (this.improves(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.config.restoreBestWeights) this.takeSnapshot();
      if (this.config.baseline === null || this.improves(current, this.config.baseline)) this.wait = 0;
      return false;
    }
    if (this.wait >= this.config.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.run.log(`EarlyStopping: ${this.monitor} did not improve for ${this.wait} epoch${this.wait === 1 ? '' : 's'}; stopping after epoch ${epoch + 1}.`);
      return true;
    }
    return false;
  }

  private takeSnapshot(): void {
    const { tf, model } = this.run;
    if (this.snapshot) tf.dispose(this.snapshot);
    this.snapshot = model.getWeights().map((w) => tf.keep(w.clone()));
  }

  onTrainEnd(): void {
    if (this.snapshot === undefined) return;
    this.run.log(`EarlyStopping: restoring the weights of epoch ${this.bestEpoch + 1} (${this.monitor} = ${this.best.toPrecision(5)}).`);
    this.run.model.setWeights(this.snapshot);
  }

  dispose(): void {
    if (this.snapshot) this.run.tf.dispose(this.snapshot);
    this.snapshot = undefined;
  }

  extras(): Readonly<Record<string, number>> {
    const out: Record<string, number> = {};
    if (this.bestEpoch >= 0) out.best_epoch = this.bestEpoch + 1;
    if (this.stoppedEpoch >= 0) out.stopped_epoch = this.stoppedEpoch + 1;
    return out;
  }
}

/** A TensorFlow.js callback: a `tf.Callback` (e.g. `tf.callbacks.earlyStopping()`) or `tf.CustomCallback` arguments. */
export type TfCallbackLike = Callback | CustomCallbackArgs;

/** What the `callbacks` param holds. */
export type CallbackLike = KerasCallback | TfCallbackLike;

const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd', 'onYield'];

/** True for a value the `callbacks` param accepts. */
export function isCallbackLike(value: unknown): value is CallbackLike {
  if (value instanceof KerasCallback) return true;
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return HOOKS.some((h) => typeof v[h] === 'function');
}

interface TfCallbackInstance {
  setModel(model: LayersModel): void;
  setParams(params: Record<string, unknown>): void;
  onTrainBegin(logs?: Logs): Promise<void>;
  onTrainEnd(logs?: Logs): Promise<void>;
  onEpochBegin(epoch: number, logs?: Logs): Promise<void>;
  onEpochEnd(epoch: number, logs?: Logs): Promise<void>;
  onBatchBegin(batch: number, logs?: Logs): Promise<void>;
  onBatchEnd(batch: number, logs?: Logs): Promise<void>;
}

/**
 * Drives TensorFlow.js callbacks through a training loop that calls `model.fit`
 * once per epoch: train begin/end once, epoch events from the loop, batch events
 * forwarded from inside each `model.fit`. A callback that sets
 * `model.stopTraining` stops the loop. (Internal to the wrappers' training loop.)
 *
 * @example
 * ```ts
 * const adapter = new TfCallbackAdapter(tf, model, [tf.callbacks.earlyStopping({ monitor: 'loss' })]);
 * await adapter.trainBegin({ epochs });
 * for (let epoch = 0; epoch < epochs; epoch++) {
 *   const h = await model.fit(x, y, { epochs: epoch + 1, initialEpoch: epoch, callbacks: adapter.batchHooks(signal) });
 *   if (await adapter.epochEnd(epoch, lastLogs(h))) break;
 * }
 * await adapter.trainEnd();
 * ```
 */
export class TfCallbackAdapter {
  private readonly items: TfCallbackInstance[];

  constructor(
    tf: Tf,
    private readonly model: LayersModel,
    callbacks: readonly TfCallbackLike[],
  ) {
    this.items = callbacks.map((cb) =>
      typeof (cb as { setModel?: unknown }).setModel === 'function'
        ? (cb as unknown as TfCallbackInstance)
        : (new tf.CustomCallback(cb as CustomCallbackArgs) as unknown as TfCallbackInstance),
    );
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  async trainBegin(params: Record<string, unknown>): Promise<void> {
    for (const cb of this.items) {
      cb.setModel(this.model);
      cb.setParams(params);
      await cb.onTrainBegin({});
    }
  }

  async epochBegin(epoch: number): Promise<void> {
    for (const cb of this.items) await cb.onEpochBegin(epoch, {});
  }

  /** Returns true when a callback asked to stop (`model.stopTraining`). */
  async epochEnd(epoch: number, logs: Logs): Promise<boolean> {
    for (const cb of this.items) await cb.onEpochEnd(epoch, { ...logs });
    return this.model.stopTraining;
  }

  async trainEnd(): Promise<void> {
    for (const cb of this.items) await cb.onTrainEnd({});
  }

  /**
   * The callback given to each `model.fit`: forwards batch events, and stops the
   * epoch between batches when `signal` is aborted.
   */
  batchHooks(signal: AbortSignal | undefined): CustomCallbackArgs | undefined {
    if (this.items.length === 0 && signal === undefined) return undefined;
    const items = this.items;
    const model = this.model;
    return {
      onBatchBegin: async (batch, logs) => {
        for (const cb of items) await cb.onBatchBegin(batch, logs);
      },
      onBatchEnd: async (batch, logs) => {
        for (const cb of items) await cb.onBatchEnd(batch, logs);
        if (signal?.aborted) model.stopTraining = true;
      },
    };
  }
}

registerTransferable(EarlyStopping, import.meta.url);
