/**
 * The plots of the suite report: best-so-far curves with their interquartile
 * bands (against evaluations and against seconds), final values per strategy,
 * mean ranks per task, and optimizer overhead per proposal.
 */
import type { Plot, StrategyStyle, VegaLiteSpec } from '../render.js';
import type { OverallRank, TaskSummary } from '../suite-summary.js';

function colorScales(summary: { rows: readonly { label: string; strategy: string }[] }, styles: Readonly<Record<string, StrategyStyle>>) {
  const labels = summary.rows.map((r) => r.label);
  const color = { domain: labels, range: summary.rows.map((r) => styles[r.strategy]?.color ?? '#000000') };
  const dash = { domain: labels, range: summary.rows.map((r) => [...(styles[r.strategy]?.dash ?? [])]) };
  return { color, dash };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Best-so-far against full-evaluation equivalents (`axis: 'cost'`) or wall-clock
 * seconds (`axis: 'time'`): the median over seeds as a line, the 25-75% range as
 * a band. Regret is drawn on a log axis.
 * @example
 * ```ts
 * const plot = convergencePlot(summarizeTask(results, task), strategyStyles(results.strategies), 'cost');
 * ```
 */
export function convergencePlot(summary: TaskSummary, styles: Readonly<Record<string, StrategyStyle>>, axis: 'cost' | 'time'): Plot {
  const bands = axis === 'cost' ? summary.byCost : summary.byTime;
  const data = summary.rows.flatMap((r) => (bands[r.strategy] ?? []).map((p) => ({ strategy: r.label, x: p.x, median: p.median, q25: p.q25, q75: p.q75, n: p.n })));
  const { color, dash } = colorScales(summary, styles);
  const floor = (f: string) => `max(datum.${f}, ${summary.floor})`;
  const xTitle = axis === 'cost' ? 'evaluations (full-fidelity equivalents)' : 'wall-clock time (s, log scale)';
  const yTitle = `${summary.valueName} (log scale)`;
  const yScale = { type: 'log' };
  const legend = { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2.5 };
  const title = `${summary.task.label}: best so far vs ${axis === 'cost' ? 'evaluations' : 'time'}`;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `median over seeds (line) and 25–75% range (band); lower is better; ${summary.task.metric} ${summary.task.direction}d` },
    width: 460,
    height: 280,
    data: { values: data },
    transform: [
      { calculate: floor('median'), as: 'm' },
      { calculate: floor('q25'), as: 'lo' },
      { calculate: floor('q75'), as: 'hi' },
    ],
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: axis === 'time' ? { type: 'log' } : { zero: false } },
      color: { field: 'strategy', type: 'nominal', title: 'strategy', scale: color, legend },
    },
    layer: [
      { mark: { type: 'area', opacity: 0.15, interpolate: 'step-after', clip: true }, encoding: { y: { field: 'lo', type: 'quantitative', title: yTitle, scale: yScale }, y2: { field: 'hi' } } },
      {
        mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after', clip: true },
        encoding: { y: { field: 'm', type: 'quantitative' }, strokeDash: { field: 'strategy', type: 'nominal', title: 'strategy', scale: dash, legend } },
      },
    ],
  } as unknown as VegaLiteSpec;
  return {
    id: `${slug(summary.task.name)}-${axis}`,
    title,
    caption:
      axis === 'cost'
        ? `Each strategy spends the same budget (${summary.task.budget} full-fidelity evaluations; multi-fidelity strategies count a partial evaluation as its fraction of the full resource, and only full-fidelity values count as found). ${summary.regret ? 'Regret' : 'A gap'} below ${summary.floor} (0 included) is drawn at ${summary.floor}.${summary.regret ? '' : " The gap is measured from the best score any strategy found on the same seed, since a seed changes the CV splits."}`
        : 'The same runs against wall-clock time, optimizer overhead and objective included; points where fewer than half of the seeds have a value are left out.',
    data,
    spec,
  };
}

/**
 * Final regret or score of every seed per strategy: a box (quartiles, whiskers to
 * min and max) with the seeds as points.
 * @example
 * ```ts
 * const plot = finalValuePlot(summary, styles);
 * ```
 */
export function finalValuePlot(summary: TaskSummary, styles: Readonly<Record<string, StrategyStyle>>): Plot {
  const labels = new Map(summary.rows.map((r) => [r.strategy, r.label]));
  const data = summary.traces.map((t) => ({ strategy: labels.get(t.strategy) ?? t.strategy, seed: t.seed, value: t.final }));
  const { color } = colorScales(summary, styles);
  const yTitle = `final ${summary.valueName} (log scale)`;
  const title = `${summary.task.label}: final ${summary.regret ? 'regret' : 'gap'} per seed`;
  const y = { field: 'v', type: 'quantitative', title: yTitle, scale: { type: 'log' } };
  const x = { field: 'strategy', type: 'nominal', title: null, sort: summary.rows.map((r) => r.label), axis: { labelAngle: -30 } };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'box: quartiles, whiskers: min–max; one point per seed; ordered by mean rank' },
    width: 420,
    height: 260,
    data: { values: data },
    transform: [{ filter: 'isFinite(datum.value)' }, { calculate: `max(datum.value, ${summary.floor})`, as: 'v' }],
    layer: [
      { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.35, median: { color: '#222' } }, encoding: { x, y, color: { field: 'strategy', type: 'nominal', scale: color, legend: null } } },
      { mark: { type: 'point', filled: true, size: 28, opacity: 0.8 }, encoding: { x, y, color: { field: 'strategy', type: 'nominal', scale: color, legend: null } } },
    ],
  } as unknown as VegaLiteSpec;
  const gap = summary.regret ? '' : " The gap is to the best score any strategy found on the seed (0 for that strategy; drawn at the floor).";
  return { id: `${slug(summary.task.name)}-final`, title, caption: `Lower is better. ${summary.rows[0]?.n ?? 0} seeds per strategy.${gap}`, data, spec };
}

/**
 * Mean rank of each strategy on each task (1 = best) as a heat map with the
 * ranks written in the cells.
 * @example
 * ```ts
 * const plot = rankPlot(summaries, overallRanks(summaries));
 * ```
 */
export function rankPlot(summaries: readonly TaskSummary[], overall: readonly OverallRank[]): Plot {
  const data = summaries.flatMap((s) => s.rows.map((r) => ({ task: s.task.label, strategy: r.label, meanRank: r.meanRank })));
  const title = 'Mean rank per task (1 = best)';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'ranks of the final values on each seed, averaged over seeds' },
    data: { values: data },
    encoding: {
      x: { field: 'strategy', type: 'nominal', title: null, sort: overall.map((o) => o.label), axis: { labelAngle: -30 } },
      y: { field: 'task', type: 'nominal', title: null, sort: summaries.map((s) => s.task.label) },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'meanRank', type: 'quantitative', title: 'mean rank', scale: { scheme: 'viridis', reverse: true } } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'meanRank', type: 'quantitative', format: '.1f' },
          color: { condition: { test: `datum.meanRank > ${Math.max(2, ...data.map((d) => d.meanRank)) / 2}`, value: 'white' }, value: 'black' },
        },
      },
    ],
    width: { step: 64 },
    height: { step: 26 },
  } as unknown as VegaLiteSpec;
  return { id: 'ranks', title, caption: 'Strategies are ordered by their mean rank over all tasks. A task ranks only the strategies that ran on it.', data, spec };
}

/**
 * Median optimizer time per proposal, per strategy and task, on a log axis.
 * @example
 * ```ts
 * const plot = overheadPlot(summaries, overall);
 * ```
 */
export function overheadPlot(summaries: readonly TaskSummary[], overall: readonly OverallRank[]): Plot {
  const data = summaries.flatMap((s) => s.rows.filter((r) => Number.isFinite(r.overheadMs)).map((r) => ({ task: s.task.label, strategy: r.label, ms: r.overheadMs })));
  const title = 'Optimizer overhead per proposal';
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'median over runs of the mean time a strategy takes to propose one evaluation' },
    width: 460,
    height: { step: 22 },
    data: { values: data },
    transform: [{ calculate: 'max(datum.ms, 0.0001)', as: 'msFloor' }],
    mark: { type: 'point', filled: true, size: 60, opacity: 0.85 },
    encoding: {
      x: { field: 'msFloor', type: 'quantitative', title: 'milliseconds per proposal (log scale)', scale: { type: 'log' } },
      y: { field: 'strategy', type: 'nominal', title: null, sort: overall.map((o) => o.label) },
      shape: { field: 'task', type: 'nominal', title: 'task' },
      color: { field: 'task', type: 'nominal', title: 'task' },
    },
  } as unknown as VegaLiteSpec;
  return { id: 'overhead', title, caption: 'Proposal time only (ask and tell); the objective is not included. Peers are timed inside their own process.', data, spec };
}
