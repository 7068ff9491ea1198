/**
 * The plots of a search report: optimization history with best-so-far, parallel
 * coordinates of parameters and value, one slice plot per parameter, time per
 * trial, and parameter importance.
 */
import type { ImportanceResult } from '../importance.js';
import type { Plot, VegaLiteSpec } from '../render.js';
import type { SearchRecord } from '../search-record.js';
import { bestSoFar } from '../statistics.js';
import { isLogSpread } from './curve-plots.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const STATE_COLORS = { domain: ['complete', 'pruned', 'failed', 'running', 'waiting'], range: ['#0072B2', '#E69F00', '#D55E00', '#999999', '#CCCCCC'] };

function paramNames(record: SearchRecord): string[] {
  return [...new Set(record.trials.flatMap((t) => Object.keys(t.params)))].sort();
}

function display(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? null);
}

/**
 * Each trial's value in the order the trials ran, with the best so far as a
 * step line; pruned trials show their last reported value.
 * @example
 * ```ts
 * historyPlot(recordFromSearch(search));
 * ```
 */
export function historyPlot(record: SearchRecord): Plot {
  const budgets = [...new Set(record.trials.map((t) => t.budget).filter((b): b is number => b !== undefined))].sort((a, b) => a - b);
  const multiFidelity = budgets.length > 1;
  const top = budgets[budgets.length - 1];
  // values at a smaller budget are not comparable: the best so far counts the largest budget only
  const best = bestSoFar(record.trials.map((t) => (multiFidelity && t.budget !== top ? NaN : t.value)), record.direction);
  const data = record.trials.map((t, i) => ({
    trial: t.number,
    value: t.state === 'pruned' ? (t.lastValue ?? NaN) : t.value,
    best: best[i] as number,
    state: t.state,
    budget: t.budget ?? NaN,
  }));
  const title = `Optimization history (${record.trials.length} trials)`;
  const color = multiFidelity
    ? { field: 'budget', type: 'ordinal', title: 'budget (resource)', scale: { scheme: 'viridis' } }
    : { field: 'state', type: 'nominal', title: 'trial state', scale: STATE_COLORS };
  const spec = {
    $schema: SCHEMA,
    title: { text: title, subtitle: `${record.metric}, ${record.direction === 'maximize' ? 'higher' : 'lower'} is better` },
    width: 520,
    height: 280,
    data: { values: data },
    layer: [
      {
        transform: [{ filter: 'isFinite(datum.value)' }],
        mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
        encoding: {
          x: { field: 'trial', type: 'quantitative', title: 'trial number' },
          y: { field: 'value', type: 'quantitative', title: record.metric, scale: { zero: false } },
          color,
          ...(multiFidelity ? { shape: { field: 'state', type: 'nominal', title: 'trial state' } } : {}),
        },
      },
      {
        transform: [{ filter: 'isFinite(datum.best)' }],
        mark: { type: 'line', interpolate: 'step-after', color: '#000000', strokeWidth: 2 },
        encoding: { x: { field: 'trial', type: 'quantitative' }, y: { field: 'best', type: 'quantitative' } },
      },
    ],
  } as unknown as VegaLiteSpec;
  const counts = ['failed', 'pruned'].map((s) => `${record.trials.filter((t) => t.state === s).length} ${s}`).join(', ');
  const line = multiFidelity ? `the best so far among trials at the largest budget (${top})` : 'the best so far';
  return { id: 'history', title, caption: `Points: each trial's value${multiFidelity ? ', coloured by its budget' : ''}; black step line: ${line}. ${counts}.`, data, spec };
}

/**
 * Parallel coordinates: one vertical axis per parameter and one for the value,
 * one line per complete trial coloured by its value. Numeric axes run from the
 * smallest to the largest value tried (log scale when they span over two
 * decades), categorical ones list their values evenly.
 * @example
 * ```ts
 * parallelCoordinatesPlot(recordFromSearch(search));
 * ```
 */
export function parallelCoordinatesPlot(record: SearchRecord): Plot {
  const done = record.trials.filter((t) => t.state === 'complete' && Number.isFinite(t.value));
  const names = paramNames(record);
  const axes = [...names, record.metric];
  const scaled = new Map<string, (v: unknown) => number>();
  const labels: { axis: string; pos: number; text: string }[] = [];
  for (const [k, name] of axes.entries()) {
    const values = k < names.length ? done.map((t) => t.params[name]) : done.map((t) => t.value);
    const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (nums.length === values.length && nums.length > 0) {
      const log = isLogSpread(nums);
      const t = (v: number): number => (log ? Math.log10(v) : v);
      const lo = Math.min(...nums.map(t));
      const hi = Math.max(...nums.map(t));
      scaled.set(name, (v) => (hi === lo ? 0.5 : (t(v as number) - lo) / (hi - lo)));
      labels.push({ axis: name, pos: 0, text: display(Math.min(...nums)) }, { axis: name, pos: 1, text: display(Math.max(...nums)) });
    } else {
      const cats = [...new Set(values.map(display))].sort();
      scaled.set(name, (v) => (cats.length === 1 ? 0.5 : cats.indexOf(display(v)) / (cats.length - 1)));
      cats.forEach((c, i) => labels.push({ axis: name, pos: cats.length === 1 ? 0.5 : i / (cats.length - 1), text: c }));
    }
  }
  const data = done.flatMap((t) =>
    axes.map((axis, k) => {
      const raw = k < names.length ? t.params[axis] : t.value;
      return { trial: t.number, axis, pos: (scaled.get(axis) as (v: unknown) => number)(raw), label: display(raw), value: t.value };
    }),
  );
  const title = 'Parallel coordinates of parameters and value';
  const x = { field: 'axis', type: 'nominal', title: null, sort: axes, scale: { paddingOuter: 0.1 }, axis: { orient: 'bottom', labelAngle: 0, domain: false, ticks: false, labelLimit: 140, labelFontWeight: 'bold', labelPadding: 22 } };
  const y = { field: 'pos', type: 'quantitative', axis: null, scale: { domain: [0, 1] } };
  const spec = {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'one line per complete trial, coloured by its value; axes scaled from the smallest to the largest value tried' },
    width: Math.max(360, 120 * axes.length),
    height: 300,
    layer: [
      {
        data: { values: data },
        mark: { type: 'line', strokeWidth: 1.2, opacity: 0.6 },
        encoding: {
          x,
          y,
          detail: { field: 'trial', type: 'nominal' },
          color: { field: 'value', type: 'quantitative', title: record.metric, scale: { scheme: 'viridis', reverse: record.direction === 'minimize' } },
          order: { field: 'value', type: 'quantitative', sort: record.direction === 'maximize' ? 'ascending' : 'descending' },
        },
      },
      { data: { values: axes.map((axis) => ({ axis })) }, mark: { type: 'rule', color: '#888888' }, encoding: { x } },
      {
        data: { values: labels },
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#333333', baseline: { expr: "datum.pos >= 1 ? 'bottom' : datum.pos <= 0 ? 'top' : 'middle'" } },
        encoding: { x, y, text: { field: 'text' } },
      },
    ],
  } as unknown as VegaLiteSpec;
  return { id: 'parallel', title, caption: `The best trials are drawn on top. ${done.length} complete trials.`, data, spec };
}

/**
 * One slice plot per parameter: the value of each complete trial against the
 * parameter's value, coloured by trial number (where the search went over time).
 * @example
 * ```ts
 * for (const plot of slicePlots(recordFromSearch(search))) await page.plot(plot);
 * ```
 */
export function slicePlots(record: SearchRecord): Plot[] {
  const done = record.trials.filter((t) => t.state === 'complete' && Number.isFinite(t.value));
  return paramNames(record).map((name) => {
    const have = done.filter((t) => name in t.params);
    const values = have.map((t) => t.params[name]);
    const numeric = values.every((v) => typeof v === 'number' && Number.isFinite(v));
    const log = numeric && isLogSpread(values as number[]);
    const data = have.map((t) => ({ trial: t.number, x: numeric ? (t.params[name] as number) : display(t.params[name]), value: t.value }));
    const title = `Slice: ${name}`;
    const spec = {
      $schema: SCHEMA,
      title: { text: title, subtitle: `${record.metric} of each complete trial` },
      width: 300,
      height: 220,
      data: { values: data },
      mark: { type: 'point', filled: true, size: 45, opacity: 0.8 },
      encoding: {
        x: numeric
          ? { field: 'x', type: 'quantitative', title: `${name}${log ? ' (log scale)' : ''}`, scale: log ? { type: 'log' } : { zero: false } }
          : { field: 'x', type: 'nominal', title: name, axis: { labelAngle: 0 } },
        y: { field: 'value', type: 'quantitative', title: record.metric, scale: { zero: false } },
        color: { field: 'trial', type: 'quantitative', title: 'trial number', scale: { scheme: 'viridis' } },
      },
    } as unknown as VegaLiteSpec;
    return { id: `slice-${name.replace(/[^A-Za-z0-9]+/g, '-')}`, title, caption: `Darker points ran earlier. ${have.length} trials have ${name}.`, data, spec };
  });
}

/**
 * Wall time of each trial (and mean fit time per split when known), coloured by state.
 * @example
 * ```ts
 * timePlot(recordFromSearch(search));
 * ```
 */
export function timePlot(record: SearchRecord): Plot {
  const data = record.trials.filter((t) => t.seconds !== undefined).map((t) => ({ trial: t.number, seconds: t.seconds as number, state: t.state, fitTime: t.fitTime ?? NaN }));
  const title = 'Time per trial';
  const spec = {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'wall-clock seconds from a trial’s start to its end (all its splits)' },
    width: 520,
    height: 200,
    data: { values: data },
    mark: { type: 'bar', width: { band: 0.85 } },
    encoding: {
      x: { field: 'trial', type: 'ordinal', title: 'trial number', axis: { labelOverlap: 'parity' } },
      y: { field: 'seconds', type: 'quantitative', title: 'seconds' },
      color: { field: 'state', type: 'nominal', title: 'trial state', scale: STATE_COLORS },
      tooltip: [{ field: 'trial' }, { field: 'seconds', format: '.3f' }, { field: 'fitTime', title: 'mean fit s per split', format: '.3f' }],
    },
  } as unknown as VegaLiteSpec;
  const total = data.reduce((s, d) => s + d.seconds, 0);
  return { id: 'time', title, caption: `Total ${total.toPrecision(3)} s over ${data.length} trials (parallel splits overlap, so this can exceed the search's wall time).`, data, spec };
}

/**
 * Parameter importance as horizontal bars (share of the total), labelled with the method.
 * @example
 * ```ts
 * const result = await paramImportance(record);
 * if ('params' in result) importancePlot(result);
 * ```
 */
export function importancePlot(result: ImportanceResult): Plot {
  const data = result.params.map((p) => ({ param: p.param, share: p.share, importance: p.importance, std: p.std }));
  const title = 'Parameter importance';
  const spec = {
    $schema: SCHEMA,
    title: { text: title, subtitle: `random forest + permutation importance (forest R² on the trials: ${Number.isFinite(result.r2) ? result.r2.toFixed(2) : 'n/a'})` },
    width: 420,
    height: { step: 24 },
    data: { values: data },
    mark: { type: 'bar', color: '#0072B2' },
    encoding: {
      y: { field: 'param', type: 'nominal', title: null, sort: '-x' },
      x: { field: 'share', type: 'quantitative', title: 'share of the total importance', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
    },
  } as unknown as VegaLiteSpec;
  return { id: 'importance', title, caption: `Method: ${result.method}.`, data, spec };
}
