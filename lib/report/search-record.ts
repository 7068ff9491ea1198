/**
 * A search's results as plain data for its report: one record per trial with its
 * state, value, parameters, times, intermediate values and per-epoch history.
 * Built from a fitted search (GridSearchCV, RandomizedSearchCV, BayesSearchCV,
 * the halving searches), from a {@link Study}, from `cvResults` (the JSON of
 * `search.toJSON()`), or read back from the JSON a report writes beside itself.
 */
import { InvalidParameterError } from '../core/errors.js';
import { decodeCvTrial } from '../model-selection/cv-trial.js';
import type { Direction, Trial } from '../search/trial.js';

/** One trial of a search, as the report sees it. */
export interface TrialRecord {
  /** The trial's number in its search (cvResults row for a CV search). */
  readonly number: number;
  readonly state: 'complete' | 'pruned' | 'failed' | 'running' | 'waiting';
  /** The objective value (mean test score of the refit metric for a CV search); NaN unless complete. */
  readonly value: number;
  /** The last intermediate value of a pruned trial. */
  readonly lastValue?: number | undefined;
  readonly params: Readonly<Record<string, unknown>>;
  /** Wall seconds of the trial (undefined when unknown). */
  readonly seconds: number | undefined;
  /** Mean fit seconds over its splits (CV searches). */
  readonly fitTime?: number | undefined;
  /** The resource of a multi-fidelity trial. */
  readonly budget?: number | undefined;
  /** Values reported while it ran (epochs, rungs). */
  readonly intermediate: readonly { readonly step: number; readonly value: number }[];
  /** Per-epoch metrics (Keras history), when recorded. */
  readonly history?: Readonly<Record<string, readonly number[]>> | undefined;
  /** Per-split facts averaged over splits (best_epoch, epochs_trained). */
  readonly extras?: Readonly<Record<string, number>> | undefined;
  /** Splits whose fit failed. */
  readonly failedSplits: number;
  /** The first error text. */
  readonly error?: string | undefined;
}

/** A search as plain data. */
export interface SearchRecord {
  /** The search (`RandomizedSearchCV(SVC)`). */
  readonly title: string;
  /** The name of the value (`accuracy`, `score`). */
  readonly metric: string;
  readonly direction: Direction;
  readonly trials: readonly TrialRecord[];
  readonly nSplits?: number | undefined;
  readonly stopReason?: string | undefined;
}

function mean(values: readonly number[]): number | undefined {
  const f = values.filter((v) => Number.isFinite(v));
  return f.length === 0 ? undefined : f.reduce((s, v) => s + v, 0) / f.length;
}

function isHistory(value: unknown): value is Record<string, number[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'number'));
}

/**
 * A trial of the engine as a report record (a CV search's trial is read through
 * its codec, `decodeCvTrial`; an objective may put a per-epoch `attrs.history`).
 * @example
 * ```ts
 * const records = study.trials.map(trialRecord);
 * ```
 */
export function trialRecord(trial: Trial): TrialRecord {
  const done = decodeCvTrial(trial).splits.filter((s) => s !== undefined);
  const extras: Record<string, number> = {};
  for (const key of new Set(done.flatMap((s) => Object.keys(s.extras ?? {})))) {
    const m = mean(done.map((s) => Number(s.extras?.[key])));
    if (m !== undefined) extras[key] = m;
  }
  const failed = done.filter((s) => s.status === 'failed');
  const finishedAt = 'finishedAt' in trial ? trial.finishedAt : undefined;
  return {
    number: trial.id,
    state: trial.state,
    value: trial.state === 'complete' ? (trial.values[0] ?? NaN) : NaN,
    lastValue: trial.state === 'pruned' ? trial.lastValue : undefined,
    params: trial.params,
    seconds: finishedAt === undefined ? undefined : (finishedAt - trial.startedAt) / 1000,
    fitTime: mean(done.map((s) => s.fitTime ?? NaN)),
    budget: trial.budget,
    intermediate: trial.intermediate,
    history: isHistory(trial.attrs.history) ? trial.attrs.history : undefined,
    extras: Object.keys(extras).length === 0 ? undefined : extras,
    failedSplits: failed.length,
    error: trial.state === 'failed' ? trial.error : failed[0]?.error,
  };
}

/** What a fitted CV search exposes that the report reads. */
interface SearchLike {
  readonly trials: readonly Trial[];
  readonly cvResults: Readonly<Record<string, readonly unknown[]>>;
  readonly nSplits?: number;
  readonly stopReason?: string;
  readonly estimator?: object;
  readonly searchOptions?: { readonly scoring?: unknown };
}

/**
 * True for a fitted search this module can read (it has `trials` and `cvResults`).
 * @example
 * ```ts
 * isSearchLike(await new GridSearchCV(new Ridge(), { alpha: [1, 10] }).fit(X, y)); // true
 * ```
 */
export function isSearchLike(value: unknown): value is SearchLike {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const v = value as SearchLike;
    return Array.isArray(v.trials) && typeof v.cvResults === 'object' && v.cvResults !== null;
  } catch {
    return false;
  }
}

/**
 * The report record of a fitted search.
 * @throws {InvalidParameterError} when the search has not been fitted.
 * @example
 * ```ts
 * const record = recordFromSearch(search);
 * record.trials.length; // the number of candidates
 * ```
 */
export function recordFromSearch(search: object, title?: string): SearchRecord {
  let fitted: SearchLike;
  try {
    fitted = search as SearchLike;
    void fitted.trials;
  } catch (error) {
    throw new InvalidParameterError(`A search report needs a fitted search: ${(error as Error).message}`, {
      owner: 'searchReport',
      argument: 'search',
      value: search,
      expected: 'a fitted search',
    });
  }
  if (!isSearchLike(fitted)) {
    throw new InvalidParameterError('A search report needs a fitted search (with trials and cvResults), a Study, or a search record.', {
      owner: 'searchReport',
      argument: 'search',
      value: search,
      expected: 'a fitted search, a Study or a SearchRecord',
    });
  }
  const trials = fitted.trials.map(trialRecord);
  const metrics = Object.keys(fitted.cvResults).filter((k) => k.startsWith('mean_test_')).map((k) => k.slice('mean_test_'.length));
  const primary =
    metrics.find((m) => {
      const col = fitted.cvResults[`mean_test_${m}`] as readonly number[];
      return trials.every((t, i) => Object.is(t.value, col[i]) || (t.state !== 'complete' && Number.isNaN(col[i] as number)));
    }) ?? metrics[0] ?? 'score';
  const scoring = fitted.searchOptions?.scoring;
  const metric = primary === 'score' && typeof scoring === 'string' ? scoring : primary;
  return {
    title: title ?? `${search.constructor.name}(${describeEstimator(fitted.estimator)})`,
    metric,
    direction: 'maximize',
    trials,
    nSplits: fitted.nSplits,
    stopReason: fitted.stopReason,
  };
}

/** `SVC`, or `Pipeline(StandardScaler, SVC)` for a pipeline. */
function describeEstimator(estimator: object | undefined): string {
  if (estimator === undefined) return '';
  const steps = (estimator as { steps?: unknown }).steps;
  if (Array.isArray(steps) && steps.every((s) => Array.isArray(s) && s.length === 2)) {
    return `${estimator.constructor.name}(${steps.map((s) => (s[1] as object | null)?.constructor?.name ?? String(s[1])).join(', ')})`;
  }
  return estimator.constructor.name;
}

/**
 * The report record of a study's trials.
 * @example
 * ```ts
 * const record = recordFromTrials(study.trials, study.direction, 'my study');
 * ```
 */
export function recordFromTrials(trials: readonly Trial[], direction: Direction, title = 'Study', metric = 'value'): SearchRecord {
  return { title, metric, direction, trials: trials.map(trialRecord) };
}

/**
 * A record from `cvResults` alone (e.g. parsed from `search.toJSON()`): values
 * from `mean_test_<metric>`, times from `mean_fit_time` and `mean_score_time`,
 * failures from `split<k>_status`.
 * @example
 * ```ts
 * const record = recordFromCvResults(JSON.parse(search.toJSON()));
 * ```
 */
export function recordFromCvResults(cvResults: Readonly<Record<string, readonly unknown[]>>, title = 'search', metric?: string): SearchRecord {
  const metrics = Object.keys(cvResults).filter((k) => k.startsWith('mean_test_')).map((k) => k.slice('mean_test_'.length));
  const m = metric ?? metrics[0];
  const params = cvResults.params as readonly Record<string, unknown>[] | undefined;
  if (m === undefined || params === undefined) {
    throw new InvalidParameterError('The cvResults need a "params" column and a "mean_test_<metric>" column.', {
      owner: 'recordFromCvResults',
      argument: 'cvResults',
      value: Object.keys(cvResults),
      expected: 'params and mean_test_<metric> columns',
    });
  }
  const nSplits = Object.keys(cvResults).filter((k) => /^split\d+_test_/.test(k) && k.endsWith(`_test_${m}`)).length;
  const num = (col: string, i: number): number => {
    const v = cvResults[col]?.[i];
    return typeof v === 'number' ? v : v === null ? NaN : Number(v);
  };
  const trials: TrialRecord[] = params.map((p, i) => {
    const statuses = Array.from({ length: nSplits }, (_, k) => cvResults[`split${k}_status`]?.[i]);
    const failedSplits = statuses.filter((s) => s === 'failed').length;
    const value = num(`mean_test_${m}`, i);
    const errors = Array.from({ length: nSplits }, (_, k) => cvResults[`split${k}_error`]?.[i]).filter((e): e is string => typeof e === 'string' && e !== '');
    const fit = num('mean_fit_time', i);
    const score = num('mean_score_time', i);
    return {
      number: i,
      state: Number.isNaN(value) && failedSplits > 0 ? 'failed' : 'complete',
      value,
      params: p,
      seconds: Number.isFinite(fit) ? (fit + (Number.isFinite(score) ? score : 0)) * Math.max(1, nSplits) : undefined,
      fitTime: Number.isFinite(fit) ? fit : undefined,
      intermediate: [],
      failedSplits,
      error: errors[0],
    };
  });
  return { title, metric: m, direction: 'maximize', trials, nSplits };
}

/**
 * True when `value` is a {@link SearchRecord} (e.g. read back from JSON).
 * @example
 * ```ts
 * isSearchRecord({ title: 't', metric: 'score', direction: 'maximize', trials: [] }); // true
 * ```
 */
export function isSearchRecord(value: unknown): value is SearchRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.metric === 'string' && (v.direction === 'maximize' || v.direction === 'minimize') && Array.isArray(v.trials);
}
