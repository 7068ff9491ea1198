/**
 * The strategy benchmark suite: every strategy on every task with equal budgets
 * and many seeds, the peers alongside, then `results.json`, a Markdown summary
 * and the HTML report.
 *
 *     npm run bench:suite                       # quick preset (under 2 minutes on 2 cores)
 *     npm run bench:suite -- --full             # full preset
 *     npm run bench:suite -- --tasks branin,svc_digits --strategies random,tpe,hyperband --seeds 5
 *     tunekit bench --quick                     # the same through the CLI
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SuiteResults, SuiteRun, SuiteSkip, SuiteStrategy } from '../../lib/report/suite-types.js';
import { SUITE_SCHEMA } from '../../lib/report/suite-types.js';
import { suiteMarkdown, suiteReport, writeSuitePlots } from '../../lib/report/suite-report.js';
import { PEER_STRATEGIES, PEER_TASKS, findOptuna, runPeer } from './peers.js';
import type { JobResult, PeerJob, RunJob } from './pool.js';
import { runJobs } from './pool.js';
import { STRATEGIES, pickStrategies } from './strategies.js';
import type { Preset } from './tasks.js';
import { describeTask, pickTasks } from './tasks.js';
import { Progress } from './progress.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  /** @default 'quick' */
  readonly preset?: Preset | undefined;
  /** Task names. @default every task of the preset */
  readonly tasks?: readonly string[] | undefined;
  /** Strategy names, peers included. @default all */
  readonly strategies?: readonly string[] | undefined;
  /** Seeds 0 .. n-1. @default 8 (quick), 10 (full) */
  readonly seeds?: number | undefined;
  /** Budget override (full-fidelity evaluations) for every task. @default the task's */
  readonly budget?: number | undefined;
  /** Runs in parallel. @default min(2, cores) */
  readonly jobs?: number | undefined;
  /** Output folder. @default benchmarks/out/suite-quick (quick), benchmarks/results/suite (full) */
  readonly out?: string | undefined;
  /** Run the Optuna peers when Python has Optuna. @default true */
  readonly peers?: boolean | undefined;
  /** Also write the plots as SVG files and a Markdown file embedding them at this path. @default undefined */
  readonly markdownWithPlots?: string | undefined;
  /** Links shown in the HTML report. @default [] */
  readonly links?: readonly { readonly href: string; readonly text: string }[] | undefined;
  /** Progress lines on stderr. @default true */
  readonly progress?: boolean | undefined;
  /** The command line, recorded in the results. @default the process's */
  readonly command?: string | undefined;
}

/** What {@link runSuite} wrote. */
export interface SuiteOutput {
  readonly results: SuiteResults;
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/**
 * Runs the suite and writes its outputs.
 * @example
 * ```ts
 * const { html } = await runSuite({ preset: 'quick', tasks: ['branin'], seeds: 3 });
 * ```
 */
export async function runSuite(options: SuiteOptions = {}): Promise<SuiteOutput> {
  const started = performance.now();
  const preset = options.preset ?? 'quick';
  const nSeeds = options.seeds ?? (preset === 'quick' ? 8 : 10);
  const peerNames = PEER_STRATEGIES.map((p) => p.name);
  const wanted = options.strategies ?? [];
  const tasks = pickTasks(options.tasks ?? []).filter((t) => options.tasks !== undefined || t.budgets[preset] > 0);
  const strategies = pickStrategies(wanted, peerNames);
  const peersWanted = (options.peers ?? true) && (wanted.length === 0 || wanted.some((w) => peerNames.includes(w)));
  const slots = options.jobs ?? Math.max(1, Math.min(2, os.cpus().length));
  const out = resolve(options.out ?? join(ROOT, preset === 'quick' ? 'benchmarks/out/suite-quick' : 'benchmarks/results/suite'));
  const budgetOf = (t: (typeof tasks)[number]): number => options.budget ?? (t.budgets[preset] > 0 ? t.budgets[preset] : t.budgets.full);
  const seedsOf = (t: (typeof tasks)[number]): number[] => Array.from({ length: Math.min(nSeeds, t.maxSeeds?.[preset] ?? nSeeds) }, (_, i) => i);

  const skipped: SuiteSkip[] = [];
  const jobs: (RunJob | PeerJob)[] = [];
  for (const task of tasks) {
    for (const s of strategies) {
      const why = await s.unavailable(task);
      if (why !== undefined) {
        skipped.push({ strategy: s.name, task: task.name, reason: why });
        continue;
      }
      const heavy = task.name.startsWith('keras') ? 40 : task.name.startsWith('svc') ? 25 : 1;
      const weight = budgetOf(task) * heavy * (s.name.startsWith('gp') ? 4 : 1) * (task.name === 'hartmann6' ? 2 : 1);
      for (const seed of seedsOf(task)) jobs.push({ kind: 'run', task: task.name, strategy: s.name, seed, budget: budgetOf(task), weight });
    }
  }
  const peerStrategies: SuiteStrategy[] = [];
  const versions: Record<string, string> = {
    tunekit: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    node: process.version,
    vega: version('vega'),
    'vega-lite': version('vega-lite'),
  };
  if (peersWanted) {
    const py = findOptuna();
    const peerTasks = tasks.filter((t) => PEER_TASKS.includes(t.name));
    if ('reason' in py) skipped.push({ strategy: 'optuna_random, optuna_tpe', reason: py.reason });
    else if (peerTasks.length > 0) {
      for (const p of PEER_STRATEGIES.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
        peerStrategies.push(p);
        const seeds = Array.from({ length: nSeeds }, (_, i) => i);
        jobs.push({
          kind: 'peer',
          label: p.label,
          weight: peerTasks.reduce((w, t) => w + budgetOf(t), 0) * seeds.length * 0.05,
          run: () => runPeer(py.python, p.name, peerTasks.map((t) => ({ name: t.name, budget: budgetOf(t) })), seeds),
        });
      }
    }
  }

  const runs: SuiteRun[] = [];
  let backend: string | undefined;
  const progress = new Progress(jobs.filter((j) => j.kind === 'run').length, options.progress ?? true);
  progress.start(`${preset} preset: ${tasks.length} tasks, ${strategies.length} strategies${peerStrategies.length > 0 ? ` + ${peerStrategies.length} peers` : ''}, up to ${nSeeds} seeds, ${slots} parallel`);
  await runJobs(jobs, slots, (r: JobResult) => {
    if (r.job.kind === 'peer') {
      const output = (r as { output: unknown }).output;
      if (output instanceof Error) skipped.push({ strategy: r.job.label, reason: output.message });
      else {
        const o = output as { runs: SuiteRun[]; versions: Record<string, string> };
        runs.push(...o.runs);
        for (const [k, v] of Object.entries(o.versions)) versions[k === 'python' ? 'Python' : k] = v;
      }
      progress.note(`${r.job.label}: ${output instanceof Error ? 'failed' : 'done'}`);
      return;
    }
    const { run } = r as { run: SuiteRun; backend: string | undefined };
    backend ??= (r as { backend: string | undefined }).backend;
    runs.push(run);
    progress.tick(run);
  });
  progress.done();

  const order = (run: SuiteRun): string => `${tasks.findIndex((t) => t.name === run.task)}|${[...STRATEGIES.map((s) => s.name), ...peerNames].indexOf(run.strategy)}|${String(run.seed).padStart(4, '0')}`;
  runs.sort((a, b) => order(a).localeCompare(order(b)));
  if (backend !== undefined) versions['@tensorflow/tfjs'] = version('@tensorflow/tfjs');
  const results: SuiteResults = {
    schema: SUITE_SCHEMA,
    meta: {
      preset,
      date: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      command: options.command ?? `tunekit bench ${process.argv.slice(2).join(' ')}`.trim(),
      seeds: Array.from({ length: nSeeds }, (_, i) => i),
      versions,
      backend: backend ?? 'not loaded',
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
      jobs: slots,
    },
    tasks: tasks.map((t) => describeTask(t, budgetOf(t))),
    strategies: [...strategies.map((s) => ({ name: s.name, label: s.label, peer: false })), ...peerStrategies],
    skipped,
    runs,
  };
  const json = join(out, 'results.json');
  // times to 4 significant digits (microseconds are noise); objective values and params kept exact
  const round = (key: string, v: unknown): unknown => (typeof v === 'number' && (key === 'elapsed' || key === 'overhead' || key === 'seconds') ? Number(v.toPrecision(4)) : v);
  writeSync(json, `${JSON.stringify(results, round)}\n`);
  const markdown = join(out, 'summary.md');
  writeSync(markdown, suiteMarkdown(results));
  const { path: html } = await suiteReport(results, join(out, 'report.html'), { links: options.links });
  if (options.markdownWithPlots !== undefined) {
    const target = resolve(options.markdownWithPlots);
    const images = await writeSuitePlots(results, join(out, 'plots'));
    const rel = Object.fromEntries(Object.entries(images).map(([id, p]) => [id, relative(dirname(target), p)]));
    writeSync(target, suiteMarkdown(results, { images: rel }));
  }
  return { results, json, markdown, html };
}

function writeSync(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
