import { describe, expect, it } from 'vitest';
import { bandByTime, bestSoFar, quartiles } from '../../lib/report/statistics.js';
import { overallRanks, summarizeTask, traceRun, traceValueAt } from '../../lib/report/suite-summary.js';
import { smallSuite } from './_suite.js';

const results = smallSuite();
const [f, score] = results.tasks;

describe('traceRun', () => {
  it('counts only full-fidelity values as found, as regret for a task with an optimum', () => {
    const run = results.runs.find((r) => r.task === 'f' && r.strategy === 'hyperband' && r.seed === 0)!;
    const trace = traceRun(run, f!);
    expect(trace.best).toEqual([NaN, NaN, 6, 3, 3]);
    expect(trace.costs.map((c) => Number(c.toFixed(6)))).toEqual([0.333333, 0.666667, 1.666667, 2.666667, 3.666667]);
    expect(trace.final).toBe(3);
  });

  it('keeps scores of a task without an optimum', () => {
    const run = results.runs.find((r) => r.task === 'score' && r.strategy === 'random' && r.seed === 2)!;
    expect(traceRun(run, score!).best).toEqual(bestSoFar([0.5, 0.6, 0.67], 'maximize'));
  });

  it('averages the proposal time over the evaluations', () => {
    const run = results.runs.find((r) => r.task === 'f' && r.strategy === 'tpe' && r.seed === 1)!;
    expect(traceRun(run, f!).overheadPerProposal).toBeCloseTo(0.002, 15);
  });

  it('reads the best at a cost', () => {
    const run = results.runs.find((r) => r.task === 'f' && r.strategy === 'tpe' && r.seed === 0)!;
    expect(traceValueAt(traceRun(run, f!), 2)).toBe(4);
  });
});

describe('summarizeTask', () => {
  const s = summarizeTask(results, f!);

  it('sets the target to the median final value of random search', () => {
    const finals = results.runs.filter((r) => r.task === 'f' && r.strategy === 'random').map((r) => traceRun(r, f!).final);
    expect(s.target).toBe(quartiles(finals).median);
    expect(s.targetSource).toBe('the median final value of random search');
  });

  it('measures a tuning task by the gap to the best score any strategy found on the same seed', () => {
    const t = summarizeTask(results, score!);
    expect(t.seedBest).toEqual({ 0: 0.8, 1: 0.8, 2: 0.8, 3: 0.8, 4: 0.8, 5: 0.8 });
    expect(t.traces.filter((x) => x.strategy === 'tpe').map((x) => x.final)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(t.rows.find((r) => r.strategy === 'random')!.score.median).toBeCloseTo(0.675, 12);
  });

  it('gives a tuning task one target per seed: random search\'s final value on that seed', () => {
    const t = summarizeTask(results, score!);
    expect(Object.values(t.targets).map((v) => Number(v.toFixed(6)))).toEqual([0.15, 0.14, 0.13, 0.12, 0.11, 0.1]);
    expect(t.target).toBeCloseTo(0.675, 12);
    const tpe = t.rows.find((r) => r.strategy === 'tpe')!;
    expect([tpe.reached, tpe.costToTarget]).toEqual([6, 2]);
    const random = t.rows.find((r) => r.strategy === 'random')!;
    expect([random.reached, random.costToTarget]).toEqual([6, 3]);
  });

  it('orders the rows by mean rank with the best as reference', () => {
    expect(s.rows.map((r) => r.strategy)).toEqual(['tpe', 'hyperband', 'random']);
    expect(s.rows[0]!.reference).toBe(true);
    expect(s.rows[0]!.meanRank).toBe(1);
    expect(s.rows[2]!.pValue).toBe(0.03125);
  });

  it('summarizes the final values of each strategy', () => {
    const tpe = s.rows.find((r) => r.strategy === 'tpe')!;
    expect(tpe.final).toEqual(quartiles([1, 1.01, 1.02, 1.03, 1.04, 1.05]));
    expect(tpe.runs).toBe(6);
  });

  it('counts the evaluations and seconds to the target', () => {
    const tpe = s.rows.find((r) => r.strategy === 'tpe')!;
    expect(tpe.reached).toBe(6);
    expect(tpe.costToTarget).toBe(2);
    expect(tpe.secondsToTarget).toBeCloseTo(0.03, 12);
  });

  it('builds the bands from the traces on a grid of whole evaluations', () => {
    const tpe = s.traces.filter((t) => t.strategy === 'tpe');
    const expected = bandByTime(
      tpe.map((t) => ({ times: t.costs, values: t.best })),
      [1, 2, 3, 4],
    );
    expect(s.byCost.tpe).toEqual(expected);
  });
});

describe('overallRanks', () => {
  it('averages the per-task mean ranks and counts the wins', () => {
    const summaries = results.tasks.map((t) => summarizeTask(results, t));
    const overall = overallRanks(summaries);
    expect(overall[0]).toEqual({ strategy: 'tpe', label: 'TPE', peer: false, meanRank: 1, tasks: 2, wins: 2 });
    expect(overall.find((o) => o.strategy === 'hyperband')!.tasks).toBe(1);
  });
});
