/**
 * A study's trials as a table, with the columns of Optuna's
 * `study.trials_dataframe()`: `number`, `value` (or `values_0`, `values_1`…
 * for several values), `datetime_start`, `datetime_complete`, `duration`
 * (seconds), `params_<name>` (sorted by name; empty where a trial has no such
 * parameter), `user_attrs_<key>`, `state` (`COMPLETE`, `PRUNED`, `FAIL`,
 * `RUNNING`, `WAITING`); and optionally `intermediate_values`.
 */
import { toCsvText } from '../core/csv.js';
import { decodeDynamicTrial } from './define-by-run/trial-record.js';
import type { Trial } from './trial.js';
import { isUnfinished } from './trial.js';

/** Options of {@link trialsTable}. */
export interface TrialsTableOptions {
  /** Add an `intermediate_values` column (the reported values by step). @default false */
  readonly intermediateValues?: boolean | undefined;
  /** Only trials in these states. @default every trial */
  readonly states?: readonly Trial['state'][] | undefined;
}

/** A table of trials. */
export interface TrialsTable {
  /** The column names, in order. */
  readonly columns: readonly string[];
  /** One object per trial. */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** The table as CSV text (RFC 4180; dates in ISO 8601; objects as JSON). */
  toCSV(): string;
}

function stateName(trial: Trial): string {
  switch (trial.state) {
    case 'complete':
      return 'COMPLETE';
    case 'pruned':
      return 'PRUNED';
    case 'failed':
      return 'FAIL';
    case 'waiting':
      return 'WAITING';
    case 'running':
      return 'RUNNING';
  }
}

/**
 * The table of the trials.
 * @example
 * ```ts
 * const table = trialsTable(study.trials);
 * table.columns; // ['number', 'value', 'datetime_start', 'datetime_complete', 'duration', 'params_x', 'state']
 * writeFileSync('trials.csv', table.toCSV());
 * ```
 */
export function trialsTable(trials: readonly Trial[], options: TrialsTableOptions = {}): TrialsTable {
  const kept = options.states === undefined ? trials : trials.filter((t) => options.states?.includes(t.state));
  const nValues = Math.max(1, ...kept.map((t) => (t.state === 'complete' ? t.values.length : 1)));
  const paramNames = new Set<string>();
  const userKeys = new Set<string>();
  const decoded = kept.map((t) => decodeDynamicTrial(t));
  for (const d of decoded) {
    for (const k of Object.keys(d.params)) paramNames.add(k);
    for (const k of Object.keys(d.userAttrs)) userKeys.add(k);
  }
  const valueColumns = nValues === 1 ? ['value'] : Array.from({ length: nValues }, (_, i) => `values_${i}`);
  const params = [...paramNames].sort();
  const users = [...userKeys].sort();
  const columns = [
    'number', ...valueColumns, 'datetime_start', 'datetime_complete', 'duration',
    ...params.map((p) => `params_${p}`), ...users.map((k) => `user_attrs_${k}`),
    ...(options.intermediateValues === true ? ['intermediate_values'] : []), 'state',
  ];
  const rows = kept.map((t, i) => {
    const d = decoded[i] as ReturnType<typeof decodeDynamicTrial>;
    const finishedAt = isUnfinished(t) ? undefined : t.finishedAt;
    const row: Record<string, unknown> = { number: t.id };
    valueColumns.forEach((c, k) => {
      row[c] = t.state === 'complete' ? (t.values[k] ?? null) : t.state === 'pruned' && k === 0 ? (t.lastValue ?? null) : null;
    });
    row.datetime_start = new Date(t.startedAt);
    row.datetime_complete = finishedAt === undefined ? null : new Date(finishedAt);
    row.duration = finishedAt === undefined ? null : (finishedAt - t.startedAt) / 1000;
    for (const p of params) row[`params_${p}`] = p in d.params ? d.params[p] : null;
    for (const k of users) row[`user_attrs_${k}`] = k in d.userAttrs ? d.userAttrs[k] : null;
    if (options.intermediateValues === true) row.intermediate_values = Object.fromEntries(t.intermediate.map((iv) => [iv.step, iv.value]));
    row.state = stateName(t);
    return Object.freeze(row);
  });
  return { columns, rows, toCSV: () => toCsvText(columns, rows) };
}
