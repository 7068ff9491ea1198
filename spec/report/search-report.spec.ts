import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrialPruned } from '../../lib/core/errors.js';
import { loadDiabetes } from '../../lib/datasets/shipped.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { learningCurve, validationCurve } from '../../lib/model-selection/curves.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { RandomizedSearchCV } from '../../lib/model-selection/randomized-search-cv.js';
import { externalResources } from '../../lib/report/html.js';
import { historyPlot, parallelCoordinatesPlot, slicePlots, timePlot } from '../../lib/report/plots/search-plots.js';
import { recordFromCvResults, recordFromSearch } from '../../lib/report/search-record.js';
import { searchReport } from '../../lib/report/search-report.js';
import { bestSoFar } from '../../lib/report/statistics.js';
import { ListSampler } from '../../lib/search/samplers/list-sampler.js';
import { choice, logUniform } from '../../lib/search/space/distributions.js';
import { Study } from '../../lib/search/study.js';

const dir = mkdtempSync(join(tmpdir(), 'tk-search-report-'));
const { data, target } = await loadDiabetes();
const search = await new RandomizedSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e3), fitIntercept: choice([true, false]) }, { nIter: 12, cv: 3, randomState: 0 }).fit(data, target);
const record = recordFromSearch(search);
const scores = search.cvResults.mean_test_score as number[];

describe('recordFromSearch', () => {
  it('has one trial per candidate with its mean test score and params', () => {
    expect(record.trials.length).toBe(12);
    expect(record.trials.map((t) => t.value)).toEqual(scores);
    expect(record.trials.map((t) => t.params)).toEqual(search.cvResults.params);
    expect(record.title).toBe('RandomizedSearchCV(Ridge)');
    expect(record.nSplits).toBe(3);
  });

  it('keeps the mean fit time over splits', () => {
    record.trials.forEach((t, i) => expect(t.fitTime).toBeCloseTo(search.cvResults.mean_fit_time[i]!, 12));
  });
});

describe('the plots of a search', () => {
  it('history: every trial value and the best so far', () => {
    const plot = historyPlot(record);
    expect(plot.data.map((d) => d.value)).toEqual(scores);
    expect(plot.data.map((d) => d.best)).toEqual(bestSoFar(scores, 'maximize'));
  });

  it('history of a multi-fidelity search: the best so far counts only the largest budget', () => {
    const trial = (number: number, budget: number, value: number) => ({ number, state: 'complete' as const, value, params: { a: number }, seconds: 1, budget, intermediate: [], failedSplits: 0 });
    const plot = historyPlot({ title: 't', metric: 'score', direction: 'maximize', trials: [trial(0, 1, 0.9), trial(1, 1, 0.5), trial(2, 3, 0.7), trial(3, 3, 0.8)] });
    expect(plot.data.map((d) => [d.budget, d.best])).toEqual([
      [1, NaN],
      [1, NaN],
      [3, 0.7],
      [3, 0.8],
    ]);
  });

  it('slices: one per parameter with the value of every trial', () => {
    const plots = slicePlots(record);
    expect(plots.map((p) => p.title)).toEqual(['Slice: alpha', 'Slice: fitIntercept']);
    expect(plots[0]!.data.map((d) => [d.x, d.value])).toEqual(search.cvResults.params.map((p, i) => [p.alpha, scores[i]]));
    expect(plots[1]!.data.map((d) => d.x)).toEqual(search.cvResults.params.map((p) => String(p.fitIntercept)));
  });

  it('parallel coordinates: one point per trial and axis, scaled to [0, 1], with the raw value as label', () => {
    const plot = parallelCoordinatesPlot(record);
    expect(plot.data.length).toBe(12 * 3);
    const score = plot.data.filter((d) => d.axis === 'score');
    expect(score.map((d) => d.value)).toEqual(scores);
    expect(Math.min(...score.map((d) => d.pos as number))).toBe(0);
    expect(Math.max(...score.map((d) => d.pos as number))).toBe(1);
  });

  it('time: the wall seconds of each trial', () => {
    const plot = timePlot(record);
    expect(plot.data.map((d) => d.seconds)).toEqual(record.trials.map((t) => t.seconds));
  });
});

describe('searchReport', () => {
  it('writes a self-contained page with every section and returns its plots', async () => {
    const paramRange = [0.01, 1, 100];
    const vc = await validationCurve(new Ridge(), data, target, { paramName: 'alpha', paramRange, cv: 3 });
    const lc = await learningCurve(new Ridge(), data, target, { cv: 3 });
    const out = await searchReport(search, join(dir, 'search.html'), { validationCurve: { result: vc, paramName: 'alpha', paramRange }, learningCurve: { result: lc } });
    const html = readFileSync(out.path, 'utf8');
    expect(out.plots.map((p) => p.id)).toEqual(['history', 'parallel', 'slice-alpha', 'slice-fitIntercept', 'importance', 'time', 'learning-curve', 'validation-curve-alpha']);
    expect(html.match(/<svg /g)?.length).toBe(out.plots.length);
    for (const h of ['Trials, failures and pruning', 'Optimization history', 'Top 10 trials', 'Parameter importance', 'Time per trial', 'Learning and validation curves']) {
      expect(html).toContain(h);
    }
    expect(html).toContain('Method: random forest (64 trees) fitted on 12 complete trials');
    expect(externalResources(html)).toEqual([]);
  });

  it('is what search.report() writes', async () => {
    const path = await search.report(join(dir, 'method.html'));
    expect(readFileSync(path, 'utf8')).toContain('Search report: RandomizedSearchCV(Ridge)');
  });

  it('counts failed and pruned trials and draws per-epoch histories and intermediate values', async () => {
    const study = new Study({ sampler: new ListSampler([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]), direction: 'minimize', randomState: 0 });
    await study.optimize(async (p, ctx) => {
      const a = p.a as number;
      if (a === 2) throw new Error('diverged');
      if (a === 3) {
        await ctx.report(1, 5);
        await ctx.report(2, 4);
        throw new TrialPruned();
      }
      return { values: a, attrs: { history: { loss: [a + 1, a], val_loss: [a + 2, a + 1] } } };
    }, { catch: [Error] });
    const out = await searchReport(study, join(dir, 'study.html'), { importance: false });
    const html = readFileSync(out.path, 'utf8');
    expect(html).toMatch(/<td class="num">2<\/td><td class="num">1<\/td><td class="num">1<\/td>/); // complete, pruned, failed
    expect(html).toContain('Error: diverged');
    const epochs = out.plots.find((p) => p.id === 'epoch-curves')!;
    expect(epochs.data.filter((d) => d.trial === '#0').map((d) => [d.metric, d.epoch, d.value])).toEqual([
      ['loss', 1, 2],
      ['loss', 2, 1],
      ['val_loss', 1, 3],
      ['val_loss', 2, 2],
    ]);
    expect(epochs.data.filter((d) => d.trial === '#2').map((d) => d.value)).toEqual([5, 4]);
    expect(out.plots.find((p) => p.id === 'history')!.data.find((d) => d.trial === 2)!.value).toBe(4);
  });
});

describe('recordFromCvResults', () => {
  it('reads the JSON of search.toJSON()', async () => {
    const grid = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { cv: 3 }).fit(data, target);
    const r = recordFromCvResults(JSON.parse(grid.toJSON()) as Record<string, unknown[]>);
    expect(r.trials.map((t) => t.value)).toEqual(grid.cvResults.mean_test_score);
    expect(r.nSplits).toBe(3);
    expect(r.metric).toBe('score');
  });
});
