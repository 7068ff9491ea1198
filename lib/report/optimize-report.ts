/**
 * scikit-optimize's plots in a report: `optimizeReport(result, path)` writes
 * the page of a `gpMinimize` / `forestMinimize` / `dummyMinimize` result (or
 * several, compared), and `optimizeSections` adds the same plots to a
 * `BayesSearchCV`'s search report, one set per search space.
 */
import type { OptimizeResult } from '../search/samplers/gp/optimizer.js';
import { HtmlReport, formatNumber } from './html.js';
import { evaluationsPlot, minimizeConvergencePlot, objectivePlot } from './plots/optimize-plots.js';
import type { Plot } from './render.js';

/** The most dimensions the partial-dependence matrix is drawn for. */
const MAX_OBJECTIVE_DIMS = 8;

/** Options of {@link optimizeReport}. */
export interface OptimizeReportOptions {
  /** The page title. @default 'Optimization' */
  readonly title?: string | undefined;
  /** The known minimum, drawn on the convergence plot. @default undefined */
  readonly trueMinimum?: number | undefined;
}

/** Something with `optimizerResults` (a fitted BayesSearchCV). */
interface HasOptimizerResults {
  readonly optimizerResults: readonly OptimizeResult<unknown>[];
}

/** True for a fitted search with scikit-optimize results (BayesSearchCV). */
export function hasOptimizerResults(source: unknown): source is HasOptimizerResults {
  try {
    return typeof source === 'object' && source !== null && Array.isArray((source as Partial<HasOptimizerResults>).optimizerResults);
  } catch {
    return false;
  }
}

/**
 * Adds the convergence, evaluations and partial-dependence plots of each
 * result to a page; returns the plots.
 */
export async function optimizeSections(page: HtmlReport, runs: readonly { readonly name: string; readonly result: OptimizeResult<unknown> }[], options: { readonly trueMinimum?: number | undefined } = {}): Promise<Plot[]> {
  const plots: Plot[] = [];
  const convergence = minimizeConvergencePlot(runs, { trueMinimum: options.trueMinimum });
  plots.push(convergence);
  page.heading('Convergence');
  await page.plot(convergence);
  for (const { name, result } of runs) {
    const finite = result.funcVals.filter((v) => Number.isFinite(v)).length;
    page.heading(runs.length > 1 ? `Evaluations and objective: ${name}` : 'Evaluations and objective');
    page.paragraph(result.x === undefined ? 'No evaluation succeeded.' : `Best: f = ${formatNumber(result.fun)} at ${JSON.stringify(result.x)} after ${result.funcVals.length} evaluations.`);
    const evaluations = evaluationsPlot(result, { title: runs.length > 1 ? `Evaluations (${name})` : undefined });
    plots.push(evaluations);
    await page.plot(evaluations);
    if (finite >= 2 && result.space.nDims <= MAX_OBJECTIVE_DIMS) {
      const objective = objectivePlot(result, { title: runs.length > 1 ? `Partial dependence (${name})` : undefined });
      plots.push(objective);
      await page.plot(objective);
    } else {
      page.note(finite < 2 ? 'No partial dependence: fewer than two successful evaluations.' : `No partial dependence: more than ${MAX_OBJECTIVE_DIMS} dimensions.`);
    }
  }
  return plots;
}

/**
 * Writes the report of one or more `minimize` results to `path` (one
 * self-contained HTML file with SVG plots).
 * @example
 * ```ts
 * const res = await gpMinimize(f, [[-2.0, 2.0]], { nCalls: 30 });
 * await optimizeReport(res, 'gp.html');
 * await optimizeReport({ gp: res, forest: await forestMinimize(f, [[-2.0, 2.0]]) }, 'compare.html');
 * ```
 */
export async function optimizeReport(
  results: OptimizeResult<unknown> | Readonly<Record<string, OptimizeResult<unknown>>>,
  path: string,
  options: OptimizeReportOptions = {},
): Promise<{ readonly path: string; readonly plots: readonly Plot[] }> {
  const runs = 'funcVals' in results && Array.isArray(results.funcVals) ? [{ name: 'result', result: results as OptimizeResult<unknown> }] : Object.entries(results as Record<string, OptimizeResult<unknown>>).map(([name, result]) => ({ name, result }));
  const page = new HtmlReport(options.title ?? 'Optimization', `${runs.map((r) => `${r.name}: ${r.result.funcVals.length} evaluations`).join(' · ')}`);
  const plots = await optimizeSections(page, runs, { trueMinimum: options.trueMinimum });
  page.paragraph("Made by tunekit's optimizeReport.", { className: 'meta' });
  return { path: page.write(path), plots };
}
