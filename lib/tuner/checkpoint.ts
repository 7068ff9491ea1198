/**
 * A trial's best checkpoint: the weights of the epoch where the objective was
 * best, kept as tensors while the model trains ({@link ObjectiveTracker}), then
 * serialized with `model.save(tf.io.withSaveHandler(...))` — TensorFlow.js's own
 * weight format, written to disk by the project without `@tensorflow/tfjs-node` —
 * and put back into a freshly built model by {@link restoreWeights}.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { InvalidParameterError } from '../core/errors.js';
import type { Tf } from '../keras/backend.js';
import type { CallbackSession, TrainingRun } from '../keras/callbacks.js';
import { KerasCallback } from '../keras/callbacks.js';
import { canonicalLogName } from '../keras/losses.js';
import type { TunerObjective } from './objective.js';
import type { SavedWeights } from './project.js';
import { ProjectError } from './project-files.js';

/** The error for an objective the model does not report, listing what it reports. */
export function objectiveNotReported(owner: string, objective: TunerObjective, reported: readonly string[], fix?: string): InvalidParameterError {
  const list = reported.length === 0 ? '(nothing)' : reported.map((n) => `"${n}"`).join(', ');
  const hint = fix !== undefined ? ` ${fix}` : objective.name.startsWith('val_') && !reported.some((n) => n.startsWith('val_'))
    ? ' Give search() validation data (validationSplit or validationData) to get val_ metrics, or choose one of those.'
    : ` Add the metric to model.compile({ metrics: [...] }), or choose one of those.`;
  return new InvalidParameterError(`The objective "${objective.name}" of ${owner} is not a metric the model reports. It reports: ${list}.${hint}`, {
    owner,
    argument: 'objective',
    value: objective.name,
    expected: `one of ${reported.join(', ')}`,
  });
}

/** Joins tfjs's weight data (one buffer or several) into one buffer. */
function joinWeightData(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/**
 * The model's weights (and topology) through a save handler: no file system
 * and no tfjs-node needed.
 */
export async function captureWeights(tf: Tf, model: LayersModel, info: Readonly<Record<string, unknown>> = {}): Promise<SavedWeights> {
  let saved: SavedWeights | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = {
        weightSpecs: (artifacts.weightSpecs ?? []).map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype })),
        weightData: joinWeightData((artifacts.weightData ?? new ArrayBuffer(0)) as ArrayBuffer | ArrayBuffer[]).slice(0),
        modelTopology: artifacts.modelTopology,
        info,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved as SavedWeights;
}

/**
 * Puts saved weights into a model built from the same hyperparameters (by
 * position: layer names differ between builds).
 * @throws {ProjectError} when the weights do not fit the model.
 */
export function restoreWeights(tf: Tf, model: LayersModel, saved: SavedWeights, what: string): void {
  const targets = model.weights;
  const specs = saved.weightSpecs;
  const mismatch = specs.length !== targets.length || specs.some((s, i) => s.shape.join('x') !== (targets[i]?.shape ?? []).join('x'));
  if (mismatch) {
    throw new ProjectError(
      `The saved weights of ${what} do not fit the model built from its hyperparameters (${specs.length} weights saved, ${targets.length} in the model, or other shapes). Was the build function changed since the search?`,
    );
  }
  const decoded = tf.io.decodeWeights(saved.weightData, specs.map((s) => ({ name: s.name, shape: [...s.shape], dtype: s.dtype as 'float32' })));
  try {
    model.setWeights(specs.map((s) => decoded[s.name] as Tensor));
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/** Disposes a model and the optimizer it was compiled with (which `model.dispose()` leaves alive when it was passed as an instance). */
export function disposeModel(model: LayersModel): void {
  const optimizer = (model as { optimizer?: { dispose(): void } }).optimizer;
  try {
    model.dispose();
  } catch {
    // already disposed
  }
  try {
    optimizer?.dispose();
  } catch {
    // owned by the model and already disposed with it
  }
}

/** One epoch's values, as logged. */
export type EpochLogs = Readonly<Record<string, number>>;

/**
 * A training callback that watches the objective: it refuses a fit that does
 * not log it (before any training), records every epoch's logs, keeps the
 * weights of the best epoch, and passes each epoch's value on (for the study's
 * intermediate values).
 * @example
 * ```ts
 * const tracker = new ObjectiveTracker(objective, 'RandomSearch', async (step, value) => { await ctx.report(step, value); });
 * await fitModel(model, x, y, { epochs: 5, validationSplit: 0.2, callbacks: [tracker] });
 * tracker.bestStep; // the 1-based epoch of the best value
 * ```
 */
export class ObjectiveTracker extends KerasCallback {
  /** Every epoch's logs, by 1-based epoch. */
  readonly logs = new Map<number, EpochLogs>();
  private snapshot: Tensor[] | undefined;
  private best = NaN;
  private bestEpoch: number | undefined;
  private tf: Tf | undefined;

  constructor(
    private readonly objective: TunerObjective,
    private readonly owner: string,
    private readonly onEpoch?: (step: number, value: number) => Promise<void> | void,
  ) {
    super();
  }

  /** The 1-based epoch whose weights are kept. */
  get bestStep(): number | undefined {
    return this.bestEpoch;
  }

  begin(run: TrainingRun): CallbackSession {
    const name = canonicalLogName(this.objective.name);
    if (!run.logNames.includes(name)) throw objectiveNotReported(this.owner, this.objective, run.logNames);
    this.tf = run.tf;
    return {
      onEpochEnd: async (epoch, logs) => {
        const step = epoch + 1;
        this.logs.set(step, { ...logs });
        const value = logs[name] ?? NaN;
        if (this.bestEpoch === undefined || this.objective.better(value, this.best)) {
          this.best = value;
          this.bestEpoch = step;
          if (this.snapshot) run.tf.dispose(this.snapshot);
          this.snapshot = run.model.getWeights().map((w) => run.tf.keep(w.clone()));
        }
        await this.onEpoch?.(step, value);
      },
    };
  }

  /** Puts the best epoch's weights into `model` (when an epoch was seen) and frees the copy. */
  restoreBest(model: LayersModel): boolean {
    if (this.snapshot === undefined) return false;
    model.setWeights(this.snapshot);
    this.release();
    return true;
  }

  /** Frees the kept weights. */
  release(): void {
    if (this.snapshot !== undefined) this.tf?.dispose(this.snapshot);
    this.snapshot = undefined;
  }
}
