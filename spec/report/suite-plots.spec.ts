import { describe, expect, it } from 'vitest';
import { convergencePlot, finalValuePlot, overheadPlot, rankPlot } from '../../lib/report/plots/suite-plots.js';
import { strategyStyles } from '../../lib/report/render.js';
import { overallRanks, summarizeTask } from '../../lib/report/suite-summary.js';
import { suiteContent } from '../../lib/report/suite-report.js';
import { smallSuite } from './_suite.js';

const results = smallSuite();
const styles = strategyStyles(results.strategies);
const summaries = results.tasks.map((t) => summarizeTask(results, t));
const labels = new Map(results.strategies.map((s) => [s.name, s.label]));

describe('convergencePlot', () => {
  it('draws exactly the bands over evaluations', () => {
    const s = summaries[0]!;
    const plot = convergencePlot(s, styles, 'cost');
    const expected = s.rows.flatMap((r) => s.byCost[r.strategy]!.map((p) => ({ strategy: r.label, ...p })));
    expect(plot.data).toEqual(expected);
    expect((plot.spec as { data: { values: unknown } }).data.values).toBe(plot.data);
  });

  it('draws exactly the bands over time', () => {
    const s = summaries[1]!;
    const plot = convergencePlot(s, styles, 'time');
    expect(plot.data.length).toBe(Object.values(s.byTime).reduce((n, b) => n + b.length, 0));
    expect(plot.data[0]).toEqual({ strategy: labels.get(s.rows[0]!.strategy), ...s.byTime[s.rows[0]!.strategy]![0] });
  });

  it('has a title, axis titles with units and a legend per strategy colour', () => {
    const plot = convergencePlot(summaries[0]!, styles, 'time');
    const spec = plot.spec as unknown as { title: { text: string }; encoding: { x: { title: string }; color: { scale: { domain: string[]; range: string[] } } } };
    expect(spec.title.text).toBe('F: best so far vs time');
    expect(spec.encoding.x.title).toBe('wall-clock time (s, log scale)');
    expect(spec.encoding.color.scale.domain).toEqual(['TPE', 'Hyperband', 'random']);
    expect(spec.encoding.color.scale.range).toEqual([styles.tpe!.color, styles.hyperband!.color, styles.random!.color]);
  });
});

describe('finalValuePlot', () => {
  it('draws one point per run with its final value', () => {
    const s = summaries[0]!;
    const plot = finalValuePlot(s, styles);
    expect(plot.data).toEqual(s.traces.map((t) => ({ strategy: labels.get(t.strategy), seed: t.seed, value: t.final })));
    const runs = results.runs.filter((r) => r.task === 'f' && r.strategy === 'tpe');
    const tpePoints = plot.data.filter((d) => d.strategy === 'TPE').map((d) => d.value);
    expect(tpePoints).toEqual(runs.map((r) => Math.min(...r.evaluations.map((e) => e.value))));
  });
});

describe('rankPlot and overheadPlot', () => {
  it('draw the mean ranks of every task', () => {
    const plot = rankPlot(summaries, overallRanks(summaries));
    expect(plot.data).toEqual(summaries.flatMap((s) => s.rows.map((r) => ({ task: s.task.label, strategy: r.label, meanRank: r.meanRank }))));
  });

  it('draw the median overhead per proposal in milliseconds', () => {
    const plot = overheadPlot(summaries, overallRanks(summaries));
    const tpe = plot.data.find((d) => d.task === 'F' && d.strategy === 'TPE')!;
    expect(tpe.ms).toBeCloseTo(3.5, 12); // seeds 0..5 give 1..6 ms
  });
});

describe('suiteContent', () => {
  it('makes the rank plot, three plots per task and the overhead plot, with unique ids', () => {
    const { plots } = suiteContent(results);
    expect(plots.length).toBe(1 + 3 * 2 + 1);
    expect(new Set(plots.map((p) => p.id)).size).toBe(plots.length);
  });
});
