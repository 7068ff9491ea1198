import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { BayesSearchCV } from '../../lib/model-selection/bayes-search-cv.js';
import { externalResources } from '../../lib/report/html.js';
import { optimizeReport } from '../../lib/report/optimize-report.js';
import { evaluationsPlot, minimizeConvergencePlot, objectivePlot } from '../../lib/report/plots/optimize-plots.js';
import { renderPlot } from '../../lib/report/render.js';
import { searchReport } from '../../lib/report/search-report.js';
import { dummyMinimize, gpMinimize } from '../../lib/search/samplers/gp/minimize.js';
import { Real } from '../../lib/search/space/dimensions.js';

const quad = ([x, c]: unknown[]): number => ((x as number) - 1) ** 2 + (c === 'a' ? 0 : 2);
const space = [[-3.0, 3.0], ['a', 'b']];
const dir = mkdtempSync(join(tmpdir(), 'tk-optimize-report-'));

describe('scikit-optimize’s plots', async () => {
  const gp = await gpMinimize(quad, space, { nCalls: 14, nInitialPoints: 6, randomState: 0 });
  const random = await dummyMinimize(quad, space, { nCalls: 14, randomState: 0 });

  it('convergence: the smallest value after n calls, per run', async () => {
    const plot = minimizeConvergencePlot([{ name: 'gp', result: gp }, { name: 'random', result: random }], { trueMinimum: 0 });
    const mine = plot.data.filter((d) => d.run === 'gp').map((d) => d.best);
    expect(mine).toEqual(gp.funcVals.map((_, i) => Math.min(...gp.funcVals.slice(0, i + 1))));
    expect(plot.data.filter((d) => d.run === 'random').map((d) => d.calls)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(await renderPlot(plot)).toMatch(/^<svg/);
  });

  it('evaluations: every evaluated point, in order, the best marked', async () => {
    const plot = evaluationsPlot(gp);
    expect(plot.data.map((d) => [d.x0, d.x1])).toEqual(gp.xIters);
    expect(plot.data.map((d) => d.order)).toEqual(gp.xIters.map((_, i) => i + 1));
    const best = plot.data.filter((d) => d.best);
    expect(best).toHaveLength(1);
    expect([best[0]!.x0, best[0]!.x1]).toEqual(gp.x);
    expect(await renderPlot(plot)).toMatch(/^<svg/);
  });

  it('objective: the partial dependence finds the minimum of each dimension', async () => {
    const plot = objectivePlot(gp, { nPoints: 30, nSamples: 40 });
    const curve = plot.data.filter((d) => d.kind === 'curve' && d.dim === 'x0');
    expect(curve).toHaveLength(30);
    const lowest = curve.reduce((a, b) => ((b.y as number) < (a.y as number) ? b : a));
    expect(Math.abs((lowest.x as number) - 1)).toBeLessThan(0.6);
    const cats = plot.data.filter((d) => d.kind === 'curve' && d.dim === 'x1');
    expect(cats.map((d) => d.x)).toEqual(['a', 'b']);
    // category b adds 2: its partial dependence is about 2 higher
    expect((cats[1]!.y as number) - (cats[0]!.y as number)).toBeGreaterThan(1);
    expect(plot.data.filter((d) => d.kind === 'map')).toHaveLength(15 * 2);
    expect(await renderPlot(plot)).toMatch(/^<svg/);
  });

  it('optimizeReport writes one self-contained page with the three plots', async () => {
    const { path, plots } = await optimizeReport({ gp, random }, join(dir, 'compare.html'), { trueMinimum: 0 });
    expect(plots.map((p) => p.id)).toEqual(['convergence', 'evaluations', 'objective', 'evaluations', 'objective']);
    const html = readFileSync(path, 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(5);
    expect(externalResources(html)).toEqual([]);
  });

  it('a BayesSearchCV report adds them, one set per search space', async () => {
    const data = Array.from({ length: 40 }, (_, i) => [i / 40, (i * 7) % 5]);
    const y = data.map(([a, b], i) => 3 * a! - b! + ((i * 13) % 3) / 10);
    const search = await new BayesSearchCV(new Ridge(), { alpha: new Real(1e-3, 10, { prior: 'log-uniform' }) }, { nIter: 6, cv: 3, randomState: 0, optimizer: { nInitialPoints: 3 } }).fit(data, y);
    const { plots } = await searchReport(search, join(dir, 'bayes.html'), { importance: false });
    expect(plots.filter((p) => ['convergence', 'evaluations', 'objective'].includes(p.id)).map((p) => p.id)).toEqual(['convergence', 'evaluations', 'objective']);
    const convergence = plots.find((p) => p.id === 'convergence')!;
    expect(convergence.data.map((d) => d.best)).toEqual(search.optimizerResults[0]!.funcVals.map((_, i, v) => Math.min(...v.slice(0, i + 1))));
  });
});
