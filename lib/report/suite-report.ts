/**
 * The suite report: a results file of the strategy benchmark suite as a
 * self-contained HTML page, as a Markdown summary, and as SVG files for
 * embedding in Markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPARISON_TEST } from './comparison.js';
import { HtmlReport, formatNumber } from './html.js';
import { convergencePlot, finalValuePlot, overheadPlot, rankPlot } from './plots/suite-plots.js';
import type { Plot } from './render.js';
import { renderPlot, strategyStyles } from './render.js';
import type { OverallRank, SummaryRow, TaskSummary } from './suite-summary.js';
import { overallRanks, summarizeTask } from './suite-summary.js';
import type { SuiteResults } from './suite-types.js';
import { epochCurvesPlot } from './plots/curve-plots.js';

/** Options of {@link suiteReport}. */
export interface SuiteReportOptions {
  /** The page title. @default 'tunekit strategy benchmark' */
  readonly title?: string | undefined;
  /** Extra HTML links shown under the header (e.g. to a search report). @default [] */
  readonly links?: readonly { readonly href: string; readonly text: string }[] | undefined;
}

/** What a suite report is built from: the summaries and the plots, in page order. */
export interface SuiteReportContent {
  readonly summaries: readonly TaskSummary[];
  readonly overall: readonly OverallRank[];
  readonly plots: readonly Plot[];
}

/**
 * Computes the summaries and plots of a results file (no rendering).
 * @example
 * ```ts
 * const { summaries, plots } = suiteContent(results);
 * ```
 */
export function suiteContent(results: SuiteResults): SuiteReportContent {
  const styles = strategyStyles(results.strategies);
  const summaries = results.tasks.filter((t) => results.runs.some((r) => r.task === t.name)).map((t) => summarizeTask(results, t));
  const overall = overallRanks(summaries);
  const plots: Plot[] = [rankPlot(summaries, overall)];
  for (const s of summaries) plots.push(convergencePlot(s, styles, 'cost'), convergencePlot(s, styles, 'time'), finalValuePlot(s, styles));
  plots.push(overheadPlot(summaries, overall));
  for (const t of results.tasks) {
    const runs = results.runs.filter((r) => r.task === t.name && r.evaluations.some((e) => e.history !== undefined));
    if (runs.length === 0) continue;
    const seed = Math.min(...runs.map((r) => r.seed));
    const trials = runs
      .filter((r) => r.seed === seed)
      .flatMap((r) => r.evaluations.map((e, i) => ({ id: `${r.strategy} #${i + 1}`, group: results.strategies.find((s) => s.name === r.strategy)?.label ?? r.strategy, history: e.history ?? {} })));
    plots.push(epochCurvesPlot(trials, { id: `${t.name}-epochs`, title: `${t.label}: learning curves per epoch (seed ${seed})`, groupTitle: 'strategy' }));
  }
  return { summaries, overall, plots };
}

function pCell(r: SummaryRow): string {
  if (r.reference) return 'reference';
  if (r.pAdjusted === undefined) return '–';
  return `${formatNumber(r.pAdjusted, 2)}${r.significant ? ' *' : ''}`;
}

function finalCell(r: SummaryRow, regret = true): string {
  const q = regret ? r.final : r.score;
  return `${formatNumber(q.median)} [${formatNumber(q.q25)}, ${formatNumber(q.q75)}]`;
}

function targetCell(r: SummaryRow, unit: 'cost' | 'time'): string {
  const v = unit === 'cost' ? r.costToTarget : r.secondsToTarget;
  return v === undefined ? `– (0/${r.runs})` : `${formatNumber(v, 3)} (${r.reached}/${r.runs})`;
}

/**
 * Writes the suite report as one self-contained HTML file.
 * @example
 * ```ts
 * await suiteReport(parseSuiteResults(readFileSync('results.json', 'utf8')), 'report.html');
 * ```
 */
export async function suiteReport(results: SuiteResults, path: string, options: SuiteReportOptions = {}): Promise<{ path: string; content: SuiteReportContent }> {
  const content = suiteContent(results);
  const { summaries, overall, plots } = content;
  const m = results.meta;
  const page = new HtmlReport(
    options.title ?? 'tunekit strategy benchmark',
    `${m.preset} preset · ${results.runs.length} runs · ${m.seeds.length} seeds · ${formatNumber(m.seconds, 3)} s · ${m.date}`,
  );
  page.paragraph(
    `Machine: ${m.cores} cores (${m.cpuModel}), load average ${m.loadAverage.join(' / ')}, ${m.jobs} parallel runs. ` +
      `Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}. TensorFlow.js backend: ${m.backend}. Command: ${m.command}`,
    { className: 'meta' },
  );
  for (const l of options.links ?? []) page.paragraph(`<a href="${l.href.replace(/"/g, '%22')}">${l.text.replace(/</g, '&lt;')}</a>`, { html: true });
  for (const s of results.skipped) page.note(`Skipped ${s.strategy}${s.task === undefined ? '' : ` on ${s.task}`}: ${s.reason}`);

  page.heading('How to read this report');
  page.list([
    'Every strategy gets the same budget per task, counted in full-fidelity evaluations; successive halving and Hyperband pay the fraction of the full resource each partial evaluation uses.',
    'Synthetic functions have a known optimum: curves show simple regret (best value found minus the optimum). Tuning tasks: tables show the best cross-validated score found (higher is better); curves show its gap to the best score any strategy found on the same seed, since a seed changes the CV splits. Lower is better on every plot.',
    `Ranks: on each seed the strategies are ranked by their final value; tables and plots order them by mean rank. Significance: ${COMPARISON_TEST}; * marks an adjusted p < 0.05.`,
    'Time to target: the full-fidelity evaluations (and seconds) a run needs to reach the target (synthetic functions: the median final value of random search; tuning tasks: random search\'s final value on the same seed, since a seed changes the CV splits); median over the runs that reached it, with how many did.',
    'Overhead: the time a strategy spends proposing an evaluation (the objective excluded).',
  ]);

  page.heading('Overall ranks');
  await page.plot(plots[0] as Plot);
  page.table(overall, [
    { header: 'strategy', cell: (o) => o.label },
    { header: 'mean rank over tasks', cell: (o) => o.meanRank },
    { header: 'tasks', cell: (o) => o.tasks },
    { header: 'best on', cell: (o) => o.wins },
  ]);

  let k = 1;
  for (const s of summaries) {
    page.heading(s.task.label);
    page.paragraph(`${s.task.description} Budget: ${s.task.budget} full-fidelity evaluations${s.task.resource === undefined ? '' : `; fidelity: ${s.task.resource}`}. Target: ${formatNumber(s.target)} (${s.targetSource}).`);
    page.table(s.rows, [
      { header: 'strategy', cell: (r) => r.label },
      { header: 'runs', cell: (r) => r.runs },
      { header: `final ${s.regret ? 'regret' : 'score'}: median [q25, q75]`, cell: (r) => finalCell(r, s.regret), numeric: true },
      ...(s.regret ? [] : [{ header: "median gap to the seed's best", cell: (r: SummaryRow) => r.final.median }]),
      { header: 'mean rank', cell: (r) => r.meanRank },
      { header: 'p vs reference (Holm)', cell: pCell, numeric: true },
      { header: 'evaluations to target', cell: (r) => targetCell(r, 'cost'), numeric: true },
      { header: 'seconds to target', cell: (r) => targetCell(r, 'time'), numeric: true },
      { header: 'overhead ms/proposal', cell: (r) => r.overheadMs },
      { header: 'run s', cell: (r) => r.runSeconds },
    ], { highlight: (r) => r.reference });
    await page.plots(plots.slice(k, k + 2));
    await page.plot(plots[k + 2] as Plot);
    k += 3;
  }
  page.heading('Optimizer overhead');
  await page.plot(plots[k] as Plot);
  const curves = plots.slice(k + 1);
  if (curves.length > 0) {
    page.heading('Learning curves');
    for (const p of curves) await page.plot(p);
  }
  return { path: page.write(path), content };
}

/** Options of {@link suiteMarkdown}. */
export interface SuiteMarkdownOptions {
  /** Plot id -> image path to embed (from {@link writeSuitePlots}). @default {} */
  readonly images?: Readonly<Record<string, string>> | undefined;
  /** The heading level of the title. @default 2 */
  readonly level?: number | undefined;
}

/**
 * The suite's summary as Markdown: one table per task and the overall ranks,
 * with the plots embedded when their image paths are given.
 * @example
 * ```ts
 * writeFileSync('summary.md', suiteMarkdown(results));
 * ```
 */
export function suiteMarkdown(results: SuiteResults, options: SuiteMarkdownOptions = {}): string {
  const { summaries, overall } = suiteContent(results);
  const h = '#'.repeat(options.level ?? 2);
  const img = (id: string, alt: string): string[] => (options.images?.[id] === undefined ? [] : [`![${alt}](${options.images[id]})`, '']);
  const m = results.meta;
  const lines = [
    `${h} Strategy benchmark (${m.preset} preset)`,
    '',
    `${m.date}: ${results.runs.length} runs, seeds ${m.seeds[0]}–${m.seeds[m.seeds.length - 1]} (${m.seeds.length}), ${formatNumber(m.seconds, 3)} s on ${m.cores} cores (${m.cpuModel}, load average ${m.loadAverage.join(' / ')}), ${m.jobs} runs in parallel. ` +
      `${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}. \`${m.command}\``,
    '',
    `Final value: simple regret for synthetic functions (lower is better), best CV score for tuning tasks (higher is better); median [q25, q75] over seeds. ` +
      `p: ${COMPARISON_TEST}; * = adjusted p < 0.05. Target: the median final value of random search (tuning tasks: random search's final value on the same seed); "to target" is the median over the runs that reached it (reached/runs).`,
    '',
    ...results.skipped.map((s) => `> Skipped ${s.strategy}${s.task === undefined ? '' : ` on ${s.task}`}: ${s.reason}`),
    results.skipped.length > 0 ? '' : '',
    `${h}# Overall mean rank`,
    '',
    ...img('ranks', 'mean rank per task'),
    '| strategy | mean rank over tasks | tasks | best on |',
    '|---|---|---|---|',
    ...overall.map((o) => `| ${o.label} | ${formatNumber(o.meanRank, 3)} | ${o.tasks} | ${o.wins} |`),
    '',
  ];
  for (const s of summaries) {
    lines.push(`${h}# ${s.task.label}`, '', `${s.task.description} Budget ${s.task.budget}; target ${formatNumber(s.target)}.`, '');
    lines.push(`| strategy | final ${s.regret ? 'regret' : 'score'} median [q25, q75] | mean rank | p (Holm) | evals to target | s to target | overhead ms/proposal |`);
    lines.push('|---|---|---|---|---|---|---|');
    for (const r of s.rows) {
      const name = r.reference ? `**${r.label}**` : r.label;
      lines.push(`| ${name} | ${finalCell(r, s.regret)} | ${formatNumber(r.meanRank, 3)} | ${pCell(r)} | ${targetCell(r, 'cost')} | ${targetCell(r, 'time')} | ${formatNumber(r.overheadMs, 3)} |`);
    }
    lines.push('', ...img(`${slugOf(s.task.name)}-cost`, `${s.task.label}: best so far vs evaluations`), ...img(`${slugOf(s.task.name)}-time`, `${s.task.label}: best so far vs time`));
  }
  lines.push(...img('overhead', 'optimizer overhead per proposal'));
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function slugOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Renders every plot of the suite to `<dir>/<id>.svg` and returns id -> path.
 * @example
 * ```ts
 * const images = await writeSuitePlots(results, 'benchmarks/results/suite-plots');
 * ```
 */
export async function writeSuitePlots(results: SuiteResults, dir: string): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true });
  const out: Record<string, string> = {};
  for (const p of suiteContent(results).plots) {
    const file = join(dir, `${p.id}.svg`);
    writeFileSync(file, `${await renderPlot(p)}\n`);
    out[p.id] = file;
  }
  return out;
}
