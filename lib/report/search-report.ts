/**
 * `searchReport(search, path)`: one self-contained HTML page about one search,
 * to decide what to try next: the optimization history, parallel coordinates,
 * a slice per parameter, the top 10, failures and pruning, time per trial,
 * per-epoch learning curves of iteratively trained trials, `learningCurve` /
 * `validationCurve` results, and parameter importance.
 */
import { Study } from '../search/study.js';
import type { LearningCurveResult, ValidationCurveResult } from '../model-selection/curves.js';
import { HtmlReport, formatNumber } from './html.js';
import type { ImportanceOptions } from './importance.js';
import { paramImportance } from './importance.js';
import type { EpochTrial } from './plots/curve-plots.js';
import { epochCurvesPlot, learningCurvePlot, validationCurvePlot } from './plots/curve-plots.js';
import { historyPlot, importancePlot, parallelCoordinatesPlot, slicePlots, timePlot } from './plots/search-plots.js';
import { hasOptimizerResults, optimizeSections } from './optimize-report.js';
import type { Plot } from './render.js';
import type { SearchRecord, TrialRecord } from './search-record.js';
import { isSearchRecord, recordFromSearch, recordFromTrials } from './search-record.js';

/** Options of {@link searchReport}. */
export interface SearchReportOptions {
  /** The page title. @default the search's class and estimator */
  readonly title?: string | undefined;
  /** A `learningCurve` result to plot. @default undefined */
  readonly learningCurve?: { readonly result: LearningCurveResult; readonly title?: string; readonly scoreName?: string } | undefined;
  /** A `validationCurve` result to plot, with the parameter it varied. @default undefined */
  readonly validationCurve?:
    | { readonly result: ValidationCurveResult; readonly paramName: string; readonly paramRange: readonly unknown[]; readonly title?: string; readonly scoreName?: string }
    | undefined;
  /** Per-epoch histories by trial number (e.g. collected by a callback), added to what the trials recorded. @default {} */
  readonly histories?: Readonly<Record<number, Readonly<Record<string, readonly number[]>>>> | undefined;
  /** Settings of the parameter importance, or false to leave it out. @default {} */
  readonly importance?: ImportanceOptions | false | undefined;
  /** How many of the best trials the table lists. @default 10 */
  readonly top?: number | undefined;
}

/** What {@link searchReport} wrote and the data behind it. */
export interface SearchReportResult {
  readonly path: string;
  readonly record: SearchRecord;
  /** Every plot on the page, in order. */
  readonly plots: readonly Plot[];
}

/** Anything a search report can be made from. */
export type Reportable = object | Study | SearchRecord;

/**
 * The record of a fitted search, a study or a record.
 * @example
 * ```ts
 * toRecord(search).trials.length;
 * ```
 */
export function toRecord(source: Reportable, title?: string): SearchRecord {
  if (source instanceof Study) return recordFromTrials(source.trials, source.direction, title ?? 'Study');
  if (isSearchRecord(source)) return title === undefined ? source : { ...source, title };
  return recordFromSearch(source, title);
}

function ranked(record: SearchRecord): TrialRecord[] {
  const sign = record.direction === 'maximize' ? -1 : 1;
  return record.trials.filter((t) => t.state === 'complete' && Number.isFinite(t.value)).sort((a, b) => sign * (a.value - b.value) || a.number - b.number);
}

function epochTrials(record: SearchRecord, extra: Readonly<Record<number, Readonly<Record<string, readonly number[]>>>>): EpochTrial[] {
  const out: EpochTrial[] = [];
  for (const t of record.trials) {
    const history = { ...(t.history ?? {}), ...(extra[t.number] ?? {}) };
    if (Object.keys(history).length === 0 && t.intermediate.length >= 2) history['intermediate value'] = t.intermediate.map((p) => p.value);
    if (Object.keys(history).length === 0) continue;
    out.push({ id: `#${t.number}`, score: Number.isFinite(t.value) ? t.value : (t.lastValue ?? NaN), history });
  }
  return out;
}

/**
 * Writes the report of a fitted search (or a Study, or a record) to `path` as
 * one self-contained HTML file.
 *
 * @throws {InvalidParameterError} when `search` is not fitted.
 * @example
 * ```ts
 * const search = await new RandomizedSearchCV(new SVC(), { C: logUniform(1e-2, 1e3) }, { nIter: 30 }).fit(X, y);
 * const curve = await validationCurve(new SVC(), X, y, { paramName: 'C', paramRange: [0.1, 1, 10, 100] });
 * await searchReport(search, 'svc.html', { validationCurve: { result: curve, paramName: 'C', paramRange: [0.1, 1, 10, 100] } });
 * ```
 */
export async function searchReport(search: Reportable, path: string, options: SearchReportOptions = {}): Promise<SearchReportResult> {
  const record = toRecord(search, options.title);
  const plots: Plot[] = [];
  const best = ranked(record);
  const names = [...new Set(record.trials.flatMap((t) => Object.keys(t.params)))].sort();
  const count = (s: TrialRecord['state']): number => record.trials.filter((t) => t.state === s).length;
  const top = best[0];
  const page = new HtmlReport(
    `Search report: ${record.title}`,
    `${record.trials.length} trials · ${record.metric} (${record.direction === 'maximize' ? 'higher' : 'lower'} is better)` +
      `${record.nSplits === undefined ? '' : ` · ${record.nSplits} CV splits`}${record.stopReason === undefined ? '' : ` · stopped: ${record.stopReason}`}`,
  );
  page.paragraph(
    top === undefined
      ? 'No trial has a finite value.'
      : `Best: trial #${top.number}, ${record.metric} ${formatNumber(top.value)} with ${names.map((n) => `${n} = ${JSON.stringify(top.params[n] ?? null)}`).join(', ')}.`,
  );

  page.heading('Trials, failures and pruning');
  const failedSplits = record.trials.reduce((s, t) => s + t.failedSplits, 0);
  page.table(
    [{ complete: count('complete'), pruned: count('pruned'), failed: count('failed'), running: count('running'), waiting: count('waiting'), failedSplits }],
    [
      { header: 'complete', cell: (r) => r.complete },
      { header: 'pruned', cell: (r) => r.pruned },
      { header: 'failed', cell: (r) => r.failed },
      { header: 'still running', cell: (r) => r.running },
      { header: 'waiting', cell: (r) => r.waiting },
      { header: 'failed CV splits', cell: (r) => r.failedSplits },
    ],
  );
  const errors = [...new Map(record.trials.filter((t) => t.error !== undefined).map((t) => [t.error as string, t])).values()].slice(0, 5);
  if (errors.length > 0) page.table(errors, [{ header: 'first trial', cell: (t) => `#${t.number}` }, { header: 'error', cell: (t) => t.error }]);

  const history = historyPlot(record);
  plots.push(history);
  page.heading('Optimization history');
  await page.plot(history);

  const n = options.top ?? 10;
  const extraKeys = [...new Set(best.slice(0, n).flatMap((t) => Object.keys(t.extras ?? {})))].sort();
  page.heading(`Top ${Math.min(n, best.length)} trials`);
  page.table(
    best.slice(0, n).map((t, i) => ({ rank: i + 1, t })),
    [
      { header: 'rank', cell: (r) => r.rank },
      { header: 'trial', cell: (r) => `#${r.t.number}`, numeric: true },
      { header: record.metric, cell: (r) => r.t.value },
      ...names.map((name) => ({ header: name, cell: (r: { t: TrialRecord }) => (typeof r.t.params[name] === 'number' ? r.t.params[name] : JSON.stringify(r.t.params[name] ?? null)) })),
      ...(best.some((t) => t.budget !== undefined) ? [{ header: 'budget', cell: (r: { t: TrialRecord }) => r.t.budget }] : []),
      { header: 'seconds', cell: (r) => r.t.seconds },
      { header: 'mean fit s', cell: (r) => r.t.fitTime },
      ...extraKeys.map((k) => ({ header: `mean ${k}`, cell: (r: { t: TrialRecord }) => r.t.extras?.[k] })),
    ],
    { highlight: (r) => r.rank === 1 },
  );

  if (names.length > 0 && best.length > 0) {
    const parallel = parallelCoordinatesPlot(record);
    const slices = slicePlots(record);
    plots.push(parallel, ...slices);
    page.heading('Parameters and value');
    await page.plot(parallel);
    await page.plots(slices);
  }

  if (options.importance !== false) {
    page.heading('Parameter importance');
    const importance = await paramImportance(record, options.importance === undefined ? {} : options.importance);
    if ('params' in importance) {
      const plot = importancePlot(importance);
      plots.push(plot);
      await page.plot(plot);
    } else page.note(`No importance: ${importance.reason}`);
  }

  const time = timePlot(record);
  if (time.data.length > 0) {
    plots.push(time);
    page.heading('Time per trial');
    await page.plot(time);
  }

  const epochs = epochTrials(record, options.histories ?? {});
  if (epochs.length > 0) {
    const plot = epochCurvesPlot(epochs, { title: 'Learning curves per epoch' });
    plots.push(plot);
    page.heading('Learning curves per epoch');
    await page.plot(plot);
  } else if (extraKeys.some((k) => k.includes('epoch'))) {
    page.heading('Learning curves per epoch');
    page.note('The trials trained iteratively but kept no per-epoch history; the table above shows their mean epochs per split. Pass histories to searchReport to plot them.');
  }

  if (options.learningCurve !== undefined || options.validationCurve !== undefined) page.heading('Learning and validation curves');
  if (options.learningCurve !== undefined) {
    const lc = options.learningCurve;
    const plot = learningCurvePlot(lc.result, { title: lc.title, scoreName: lc.scoreName ?? record.metric });
    plots.push(plot);
    await page.plot(plot);
  }
  if (options.validationCurve !== undefined) {
    const vc = options.validationCurve;
    const plot = validationCurvePlot(vc.result, vc.paramName, vc.paramRange, { title: vc.title, scoreName: vc.scoreName ?? record.metric });
    plots.push(plot);
    await page.plot(plot);
  }
  if (hasOptimizerResults(search)) {
    const results = search.optimizerResults;
    const runs = results.map((result, k) => ({ name: results.length > 1 ? `space ${k}` : 'search', result }));
    page.heading('Bayesian optimization');
    page.note('The optimizer minimizes −(mean test score); the plots below show that value, as scikit-optimize does.');
    plots.push(...(await optimizeSections(page, runs)));
  }
  page.paragraph(`Made by tunekit's searchReport from ${record.title}.`, { className: 'meta' });
  return { path: page.write(path), record, plots };
}
