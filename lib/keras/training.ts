/**
 * The training loop of the Keras wrappers: one `model.fit` call per epoch on rows
 * the loop shuffles itself with a seeded generator (TensorFlow.js's `shuffle: true`
 * draws from `Math.random`), validation rows carved from the fit's own rows, our
 * callbacks and the trial reporter after each epoch, abort between batches.
 */
import type { LayersModel, Logs, Tensor } from '@tensorflow/tfjs';
import type { DenseMatrix } from '../core/data.js';
import { AbortError, ValidationError } from '../core/errors.js';
import type { IntermediateReporter } from '../core/estimator.js';
import type { Rng } from '../core/rng.js';
import type { Tf } from './backend.js';
import type { CallbackLike, CallbackSession, TfCallbackLike, TrainingRun } from './callbacks.js';
import { KerasCallback, TfCallbackAdapter } from './callbacks.js';

/** The target as the model trains on it: `width` float32 values per row. */
export interface EncodedTarget {
  readonly values: Float32Array;
  readonly width: number;
}

/** Everything one training run needs. */
export interface TrainingPlan {
  readonly tf: Tf;
  readonly owner: string;
  readonly model: LayersModel;
  readonly X: DenseMatrix;
  /** The per-row shape of the model input. */
  readonly inputShape: readonly number[];
  readonly target: EncodedTarget;
  readonly trainRows: Int32Array;
  readonly validationRows: Int32Array | undefined;
  /** Epochs to run now. */
  readonly epochs: number;
  /** Epochs already run on this model (warm start). */
  readonly initialEpoch: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly shuffleRng: Rng;
  readonly callbacks: readonly CallbackLike[];
  /** Routed `fit__` arguments. */
  readonly fitArgs: Readonly<Record<string, unknown>>;
  /** TensorFlow.js log key -> history name. */
  readonly logNames: ReadonlyMap<string, string>;
  readonly signal?: AbortSignal | undefined;
  readonly report?: IntermediateReporter | undefined;
  readonly log: (line: string) => void;
}

/** What a training run produced. */
export interface TrainingOutcome {
  /** Per-epoch values by name (`loss`, `accuracy`, `val_loss`...). */
  readonly history: Record<string, number[]>;
  readonly epochsRun: number;
  /** Facts from the callbacks (`best_epoch`...). */
  readonly extras: Record<string, number>;
  /** Why training ended before `epochs`, if it did. */
  readonly stoppedBy: 'callback' | 'report' | undefined;
}

/** The rows of `X` (in the given order) as a float32 tensor of shape `[rows, ...inputShape]`. */
export function rowsTensor(tf: Tf, X: DenseMatrix, rows: ArrayLike<number> | undefined, inputShape: readonly number[]): Tensor {
  const c = X.columns;
  const n = rows === undefined ? X.rows : rows.length;
  const out = new Float32Array(n * c);
  if (rows === undefined) out.set(X.values);
  else for (let k = 0; k < n; k++) out.set(X.values.subarray((rows[k] as number) * c, (rows[k] as number) * c + c), k * c);
  return tf.tensor(out, [n, ...inputShape]);
}

function targetTensor(tf: Tf, target: EncodedTarget, rows: ArrayLike<number>): Tensor {
  const w = target.width;
  const out = new Float32Array(rows.length * w);
  for (let k = 0; k < rows.length; k++) out.set(target.values.subarray((rows[k] as number) * w, (rows[k] as number) * w + w), k * w);
  return tf.tensor2d(out, [rows.length, w]);
}

/**
 * Splits `n` rows into training and validation rows: a seeded random `fraction`
 * of them (per class when `strata` is given, so every class keeps its share)
 * goes to validation. Both lists are sorted.
 *
 * @throws {ValidationError} when either part would be empty.
 */
export function carveValidation(owner: string, n: number, fraction: number, rng: Rng, strata?: Int32Array): { train: Int32Array; validation: Int32Array | undefined } {
  if (fraction === 0) return { train: Int32Array.from({ length: n }, (_, i) => i), validation: undefined };
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = strata === undefined ? 0 : (strata[i] as number);
    let list = groups.get(g);
    if (list === undefined) groups.set(g, (list = []));
    list.push(i);
  }
  // round(n * fraction) rows in all, shared between the groups by largest remainder
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const exact = keys.map((k) => (groups.get(k) as number[]).length * fraction);
  const counts = exact.map(Math.floor);
  let left = Math.round(n * fraction) - counts.reduce((s, c) => s + c, 0);
  const byRemainder = keys.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (const i of byRemainder) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  const held: number[] = [];
  keys.forEach((key, i) => held.push(...rng.shuffle(groups.get(key) as number[]).slice(0, counts[i])));
  if (held.length === 0 || held.length === n) {
    throw new ValidationError(
      `The "validationSplit" parameter of ${owner} must leave rows on both sides: ${fraction} of ${n} rows gives ${held.length} validation rows. Use a ${held.length === 0 ? 'larger' : 'smaller'} validationSplit or more rows.`,
      { owner, argument: 'validationSplit', value: fraction, expected: 'a fraction leaving training and validation rows' },
    );
  }
  const isHeld = new Uint8Array(n);
  for (const i of held) isHeld[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!isHeld[i]) train.push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(held.sort((a, b) => a - b)) };
}

function aborted(owner: string, epochs: number): AbortError {
  return new AbortError(`${owner} was aborted after ${epochs} epoch${epochs === 1 ? '' : 's'}.`);
}

function formatLogs(logs: Readonly<Record<string, number>>): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}: ${v.toPrecision(4)}`)
    .join(' - ');
}

/** Trains `plan.model`; disposes every tensor it creates, also when it throws. */
export async function train(plan: TrainingPlan): Promise<TrainingOutcome> {
  const { tf, model, owner } = plan;
  const owned: Tensor[] = [];
  const sessions: CallbackSession[] = [];
  const history: Record<string, number[]> = {};
  let epochsRun = 0;
  try {
    const xTrain = rowsTensor(tf, plan.X, plan.trainRows, plan.inputShape);
    owned.push(xTrain);
    const yTrain = targetTensor(tf, plan.target, plan.trainRows);
    owned.push(yTrain);
    let validationData: [Tensor, Tensor] | undefined;
    if (plan.validationRows !== undefined) {
      validationData = [rowsTensor(tf, plan.X, plan.validationRows, plan.inputShape), targetTensor(tf, plan.target, plan.validationRows)];
      owned.push(...validationData);
    }
    const logged = [...new Set([...plan.logNames.entries()].filter(([k]) => validationData !== undefined || !k.startsWith('val_')).map(([, v]) => v))];
    const run: TrainingRun = {
      tf,
      model,
      owner,
      epochs: plan.initialEpoch + plan.epochs,
      logNames: logged,
      hasValidation: validationData !== undefined,
      log: plan.log,
    };
    const tfCallbacks: TfCallbackLike[] = [];
    for (const cb of plan.callbacks) {
      if (cb instanceof KerasCallback) sessions.push(cb.begin(run));
      else tfCallbacks.push(cb);
    }
    const adapter = new TfCallbackAdapter(tf, model, tfCallbacks);
    const hooks = adapter.batchHooks(plan.signal);
    await adapter.trainBegin({ epochs: run.epochs, initialEpoch: plan.initialEpoch, samples: plan.trainRows.length, batchSize: plan.batchSize, doValidation: run.hasValidation, metrics: logged });

    let stoppedBy: TrainingOutcome['stoppedBy'];
    const n = plan.trainRows.length;
    for (let e = 0; e < plan.epochs; e++) {
      const epoch = plan.initialEpoch + e;
      if (plan.signal?.aborted) throw aborted(owner, epochsRun);
      const started = performance.now();
      let xs = xTrain;
      let ys = yTrain;
      const perEpoch: Tensor[] = [];
      let raw: Logs;
      try {
        if (plan.shuffle) {
          const order = tf.tensor1d(plan.shuffleRng.permutation(n), 'int32');
          xs = tf.gather(xTrain, order);
          ys = tf.gather(yTrain, order);
          perEpoch.push(order, xs, ys);
        }
        await adapter.epochBegin(epoch);
        const result = await model.fit(xs, ys, {
          ...plan.fitArgs,
          batchSize: plan.batchSize,
          epochs: epoch + 1,
          initialEpoch: epoch,
          shuffle: false,
          verbose: 0,
          ...(validationData !== undefined ? { validationData } : {}),
          ...(hooks !== undefined ? { callbacks: hooks } : {}),
        });
        raw = {};
        for (const [key, values] of Object.entries(result.history)) raw[key] = values[values.length - 1] as number;
      } finally {
        tf.dispose(perEpoch);
      }
      if (plan.signal?.aborted) throw aborted(owner, epochsRun);
      epochsRun++;
      // tfjs lists val_ values first: log the training values first, as Keras does
      const ordered = Object.entries(raw).sort(([a], [b]) => Number(a.startsWith('val_')) - Number(b.startsWith('val_')));
      const logs: Record<string, number> = {};
      for (const [key, value] of ordered) logs[plan.logNames.get(key) ?? key] = value;
      for (const [key, value] of Object.entries(logs)) (history[key] ??= []).push(value);
      plan.log(`Epoch ${epoch + 1}/${run.epochs} - ${((performance.now() - started) / 1000).toFixed(2)}s - ${formatLogs(logs)}`);

      for (const session of sessions) if ((await session.onEpochEnd?.(epoch, logs)) === true) stoppedBy = 'callback';
      if (await adapter.epochEnd(epoch, raw)) stoppedBy = 'callback';
      if (plan.report !== undefined && (await plan.report(epoch + 1, logs)) === true) stoppedBy ??= 'report';
      if (stoppedBy !== undefined) break;
    }
    for (const session of sessions) await session.onTrainEnd?.();
    await adapter.trainEnd();
    const extras: Record<string, number> = {};
    for (const session of sessions) Object.assign(extras, session.extras?.() ?? {});
    return { history, epochsRun, extras, stoppedBy };
  } finally {
    tf.dispose(owned);
    for (const session of sessions) session.dispose?.();
  }
}
