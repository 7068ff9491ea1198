/**
 * The trial record of a tuner: what a tuner's trial keeps in its attributes
 * (in a project's `trial.json`, or in a study storage), written and read only
 * through this codec (by the base tuner, the tuners, the oracle and the
 * project).
 *
 *     attrs: {
 *       hyperparameters: { units: 64, lr: 0.003 },   the values the build function used (defined ones only)
 *       space: [ … ],                               the search space the trial grew (in a study storage)
 *       metrics: { val_loss: 0.31, loss: 0.22 },     every metric at the best step
 *       best_step: 7,                               the epoch (1-based) the score comes from
 *       retries: 1, errors: ['Error: …'],           when the trial was run again after throwing
 *       checkpoint: true, backend: 'cpu',           Keras tuners: the saved weights and where they trained
 *       executions: [{ score, best_step, history }],
 *       split_scores: { score: [ … ] }, fit_time: [ … ],   SklearnTuner: each split
 *     }
 */
import type { Trial } from '../search/trial.js';
import type { HpValue } from './hp-types.js';
import type { HyperParameters } from './hyperparameters.js';

/** The space config a trial grew (`HyperParameters.getConfig().space`). */
export type SpaceConfig = ReturnType<HyperParameters['getConfig']>['space'];

/** One execution of a Keras tuner's trial. */
export interface ExecutionRecord {
  readonly score: number;
  /** The epoch (1-based) its score comes from; null when the fit gave one value. */
  readonly best_step: number | null;
  /** Its per-epoch values. */
  readonly history: Readonly<Record<string, readonly number[]>>;
}

/** What a tuner's trial records, decoded. */
export interface TunerTrialRecord {
  /** The values the build function used, when recorded (else the trial's params stand for them). */
  readonly hyperparameters: Readonly<Record<string, unknown>> | undefined;
  /** The search space the trial grew, when recorded. */
  readonly space: SpaceConfig | undefined;
  /** Every metric at the best step. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly bestStep: number | undefined;
  /** Times the trial was run again after throwing (0 when it was not). */
  readonly retries: number;
  /** The errors of those runs. */
  readonly errors: readonly string[];
  /** True when the trial saved its best weights (Keras tuners). */
  readonly checkpoint: boolean;
  /** The TensorFlow.js backend the trial trained on (Keras tuners). */
  readonly backend: string | undefined;
  /** Each execution of the trial (Keras tuners). */
  readonly executions: readonly ExecutionRecord[] | undefined;
}

/** What a trial's run records when it ends. */
export interface TunerTrialOutcome {
  readonly metrics: Readonly<Record<string, number>>;
  readonly bestStep?: number | undefined;
  /** The errors of the runs before the last, when it was retried. */
  readonly errors?: readonly string[] | undefined;
  /** More the tuner records (see {@link encodeKerasTrial}, {@link encodeSklearnTrial}). */
  readonly extra?: Readonly<Record<string, unknown>> | undefined;
}

/** The attributes of a trial's outcome: its metrics, best step, retries, and what the tuner adds. */
export function encodeTunerOutcome(outcome: TunerTrialOutcome): Readonly<Record<string, unknown>> {
  const attrs: Record<string, unknown> = { metrics: outcome.metrics, ...(outcome.extra ?? {}) };
  if (outcome.bestStep !== undefined) attrs.best_step = outcome.bestStep;
  if (outcome.errors !== undefined && outcome.errors.length > 0) Object.assign(attrs, encodeRetries(outcome.errors.length, outcome.errors));
  return attrs;
}

/** The attributes of a trial that was run again after throwing: how many times, and the error of each run that threw. */
export function encodeRetries(retries: number, errors: readonly string[]): Readonly<Record<string, unknown>> {
  return { retries, errors: [...errors] };
}

/** The attributes of the values a trial's build function used. */
export function encodeHyperparameters(values: Readonly<Record<string, HpValue>>): Readonly<Record<string, unknown>> {
  return { hyperparameters: values };
}

/** The attributes of the search space a trial grew. */
export function encodeSpace(space: SpaceConfig): Readonly<Record<string, unknown>> {
  return { space };
}

/** What a Keras tuner adds to a trial: its saved weights, its backend and its executions. */
export function encodeKerasTrial(record: { readonly backend: string; readonly executions: readonly ExecutionRecord[] }): Readonly<Record<string, unknown>> {
  return { checkpoint: true, backend: record.backend, executions: record.executions };
}

/** What `SklearnTuner` adds to a trial: each split's scores and fit times. */
export function encodeSklearnTrial(record: { readonly splitScores: Readonly<Record<string, readonly number[]>>; readonly fitTime: unknown }): Readonly<Record<string, unknown>> {
  return { split_scores: record.splitScores, fit_time: record.fitTime };
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The record of a tuner's trial.
 * @example
 * ```ts
 * const { metrics, bestStep } = decodeTunerTrial(tuner.oracle.trials[0].record);
 * ```
 */
export function decodeTunerTrial(trial: Pick<Trial, 'attrs'>): TunerTrialRecord {
  const a = trial.attrs;
  return {
    hyperparameters: isRecord(a.hyperparameters) ? a.hyperparameters : undefined,
    space: Array.isArray(a.space) ? (a.space as SpaceConfig) : undefined,
    metrics: isRecord(a.metrics) ? (a.metrics as Readonly<Record<string, number>>) : {},
    bestStep: typeof a.best_step === 'number' ? a.best_step : undefined,
    retries: typeof a.retries === 'number' ? a.retries : 0,
    errors: Array.isArray(a.errors) ? (a.errors as string[]) : [],
    checkpoint: a.checkpoint === true,
    backend: typeof a.backend === 'string' ? a.backend : undefined,
    executions: Array.isArray(a.executions) ? (a.executions as ExecutionRecord[]) : undefined,
  };
}
