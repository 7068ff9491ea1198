/**
 * TPE quality: the final simple regret of our TPESampler against Optuna 3.1's
 * TPESampler (rerun by `peers/optuna_tpe_heldout.py`) on the suite's five
 * functions (`--set suite`: the functions TPE was tuned on) or on twelve
 * held-out functions (`--set heldout`, `heldout-functions.ts`: checked once,
 * after tuning). Each run is one seed at the function's budget; the summary
 * is the median final regret over seeds per function, and in how many
 * functions ours is at most Optuna's.
 *
 *     /usr/bin/python3 benchmarks/peers/optuna_tpe_heldout.py --set heldout --seeds 10   # the peer, first
 *     npx tsx benchmarks/tpe-quality.ts --set heldout --seeds 10
 *     npx tsx benchmarks/tpe-quality.ts --set suite --seeds 100 --variants default,optuna
 *
 * Variants are TPESampler option presets (below); `default` is the library's
 * defaults, `optuna` Optuna 3.1's (`optunaTPEDefaults`, with our generator). Writes
 * benchmarks/results/tpe-quality-<set>.json and prints a Markdown table.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkChunks } from './common.js';
import type { TPESamplerOptions } from '../lib/search/samplers/tpe/tpe-sampler.js';
import { TPESampler, optunaTPEDefaults } from '../lib/search/samplers/tpe/tpe-sampler.js';
import { Categorical, Integer, Real } from '../lib/search/space/dimensions.js';
import { Rng } from '../lib/core/rng.js';
import { quantile } from '../lib/report/statistics.js';
import type { Problem } from './heldout-functions.js';
import { HELDOUT } from './heldout-functions.js';
import { MIXED_OFFSET, ackley, branin, hartmann6, mixedBraninOptimum, rosenbrock } from './suite/functions.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The suite's synthetic functions, at full fidelity, with the suite's budgets. */
const SUITE: Readonly<Record<string, Problem>> = {
  branin: { dims: [new Real(-5, 10), new Real(0, 15)], f: (x) => branin(x[0] as number, x[1] as number), opt: 0.397887, budget: 50 },
  hartmann6: { dims: Array.from({ length: 6 }, () => new Real(0, 1)), f: (x) => hartmann6(x as number[]), opt: -3.32237, budget: 100 },
  rosenbrock2: { dims: [new Real(-5, 10), new Real(-5, 10)], f: (x) => rosenbrock(x as number[]), opt: 0, budget: 50 },
  ackley5: { dims: Array.from({ length: 5 }, () => new Real(-32.768, 32.768)), f: (x) => ackley(x as number[]), opt: 0, budget: 50 },
  mixed_branin: {
    dims: [new Real(-5, 10), new Integer(0, 15), new Categorical(['a', 'b', 'c'])],
    f: (x) => branin(x[0] as number, x[1] as number) + (MIXED_OFFSET[x[2] as string] as number),
    opt: mixedBraninOptimum(),
    budget: 50,
  },
};

const SETS: Readonly<Record<string, Readonly<Record<string, Problem>>>> = { suite: SUITE, heldout: HELDOUT };

/** TPESampler option presets compared by `--variants`. */
const PRESETS: Readonly<Record<string, TPESamplerOptions>> = {
  default: {},
  optuna: optunaTPEDefaults,
};

/**
 * A variant: a preset name, or `key=value` settings joined by `;`
 * (mv=0|1, g=<fraction of n in the good group>, ei=<candidates>,
 * pw=<prior weight>, start=<startup trials>, ep=0|1 (endpoints), w=flat).
 */
function variantOptions(name: string): TPESamplerOptions {
  const preset = PRESETS[name];
  if (preset !== undefined) return preset;
  const o: Record<string, unknown> = {};
  for (const part of name.split(';')) {
    const [k, v] = part.split('=') as [string, string];
    const x = Number(v);
    if (k === 'mv') o.multivariate = x === 1;
    else if (k === 'g') o.gamma = (n: number) => Math.min(Math.ceil(x * n), 25);
    else if (k === 'ei') o.nEiCandidates = x;
    else if (k === 'bw') o.bandwidthFactor = x;
    else if (k === 'eh') o.equalHeightKernels = x === 1;
    else if (k === 'pw') o.priorWeight = x;
    else if (k === 'start') o.nStartupTrials = x;
    else if (k === 'ep') o.considerEndpoints = x === 1;
    else if (k === 'w' && v === 'flat') o.weights = (n: number) => new Float64Array(n).fill(1);
    else throw new Error(`Unknown variant setting ${part} in ${name}.`);
  }
  return o as TPESamplerOptions;
}

interface Run {
  readonly function: string;
  readonly variant: string;
  readonly seed: number;
  readonly finalRegret: number;
  readonly ys: readonly number[];
}

function runOne(set: string, fname: string, variant: string, seed: number): Run {
  const p = (SETS[set] as Record<string, Problem>)[fname] as Problem;
  const tpe = new TPESampler(p.dims, { ...variantOptions(variant), randomState: seed });
  const ys: number[] = [];
  for (let i = 0; i < p.budget; i++) {
    const x = tpe.ask();
    const y = p.f(x);
    tpe.tell(x, y);
    ys.push(y);
  }
  return { function: fname, variant, seed, finalRegret: Math.min(...ys) - p.opt, ys };
}

type Job = [set: string, fname: string, variant: string, seed: number];

async function runJobs(jobs: readonly Job[], nJobs: number): Promise<Run[]> {
  if (nJobs <= 1) return jobs.map(([set, f, v, s]) => runOne(set, f, v, s));
  return forkChunks<Job, Run>(fileURLToPath(import.meta.url), jobs, nJobs);
}

function parseArgs(argv: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      m.set(a.slice(2), next);
      i++;
    } else m.set(a.slice(2), 'true');
  }
  return m;
}

const median = (v: readonly number[]): number => quantile(v, 0.5);

/**
 * The chance that the median of `k` of our runs is at most the median of `k`
 * of theirs, each drawn at random from the runs (bootstrap, 2000 draws,
 * seeded): the chance of a win in a comparison of k seeds.
 */
function winChance(ours: readonly number[], theirs: readonly number[], k: number): number {
  if (ours.length === 0 || theirs.length === 0) return NaN;
  const rng = new Rng(12345);
  let wins = 0;
  const draw = (v: readonly number[]): number => median(Array.from({ length: k }, () => v[rng.integer(0, v.length)] as number));
  for (let i = 0; i < 2000; i++) if (draw(ours) <= draw(theirs)) wins++;
  return wins / 2000;
}

function fmt(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (v === 0) return '0';
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

interface PeerRun {
  readonly function: string;
  readonly seed: number;
  readonly final_regret: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('worker')) {
    const jobs = JSON.parse(args.get('worker') as string) as Job[];
    process.send?.(jobs.map(([set, f, v, s]) => runOne(set, f, v, s)));
    return;
  }
  const set = args.get('set') ?? 'suite';
  const problems = SETS[set];
  if (problems === undefined) throw new Error(`--set must be suite or heldout. Got ${set} instead.`);
  const seeds = Number(args.get('seeds') ?? 10);
  const variants = (args.get('variants') ?? 'default').split(',');
  for (const v of variants) variantOptions(v);
  const fnames = (args.get('functions') ?? Object.keys(problems).join(',')).split(',');
  const t0 = performance.now();
  const jobs: Job[] = [];
  for (const f of fnames) for (const v of variants) for (let s = 0; s < seeds; s++) jobs.push([set, f, v, s]);
  const runs = await runJobs(jobs, Number(args.get('jobs') ?? 2));

  const peerPath = join(HERE, 'results', `optuna_tpe_${set}.json`);
  const peer = existsSync(peerPath) ? (JSON.parse(readFileSync(peerPath, 'utf8')) as { runs: PeerRun[] }).runs.filter((r) => r.seed < seeds) : [];
  const rows = [
    `| function | budget | Optuna 3.1 TPE | ${variants.map((v) => `${v} | P(win@10)`).join(' | ')} | Optuna, seeds 0–9 | ${variants.map((v) => `${v}, seeds 0–9`).join(' | ')} |`,
    `|---|---|---|${variants.map(() => '---|---|').join('')}---|${variants.map(() => '---|').join('')}`,
  ];
  const wins: Record<string, number> = Object.fromEntries(variants.map((v) => [v, 0]));
  const wins10: Record<string, number> = Object.fromEntries(variants.map((v) => [v, 0]));
  const summary: Record<string, Record<string, number>> = {};
  for (const f of fnames) {
    const theirRuns = peer.filter((r) => r.function === f).map((r) => r.final_regret);
    const theirs = median(theirRuns);
    const ourRuns = variants.map((v) => runs.filter((r) => r.function === f && r.variant === v).map((r) => r.finalRegret));
    const ours = ourRuns.map(median);
    const chances = ourRuns.map((r) => winChance(r, theirRuns, 10));
    // the first ten seeds alone: the protocol of a 10-seed check
    const theirs10 = median(peer.filter((r) => r.function === f && r.seed < 10).map((r) => r.final_regret));
    const ours10 = variants.map((v) => median(runs.filter((r) => r.function === f && r.variant === v && r.seed < 10).map((r) => r.finalRegret)));
    variants.forEach((v, i) => {
      if (!Number.isNaN(theirs) && (ours[i] as number) <= theirs) wins[v] = (wins[v] as number) + 1;
      if (!Number.isNaN(theirs10) && (ours10[i] as number) <= theirs10) wins10[v] = (wins10[v] as number) + 1;
    });
    summary[f] = { optuna: theirs, optunaSeeds0to9: theirs10, ...Object.fromEntries(variants.flatMap((v, i) => [[v, ours[i] as number], [`${v}Seeds0to9`, ours10[i] as number], [`${v}WinChance10`, chances[i] as number]])) };
    rows.push(`| ${f} | ${problems[f]?.budget} | ${fmt(theirs)} | ${ours.map((o, i) => `${fmt(o)} | ${(chances[i] as number).toFixed(2)}`).join(' | ')} | ${fmt(theirs10)} | ${ours10.map(fmt).join(' | ')} |`);
  }
  rows.push(`| **functions where ours ≤ Optuna** | | | ${variants.map((v) => `${wins[v]}/${fnames.length} |`).join(' | ')} | | ${variants.map((v) => `${wins10[v]}/${fnames.length}`).join(' | ')} |`);
  const table = rows.join('\n');
  console.log(table);
  mkdirSync(join(HERE, 'results'), { recursive: true });
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
    seeds,
    set,
    variants,
    totalSeconds: (performance.now() - t0) / 1000,
    command: `npx tsx benchmarks/tpe-quality.ts ${process.argv.slice(2).join(' ')}`,
  };
  const out = join(HERE, 'results', `tpe-quality-${set}.json`);
  writeFileSync(out, JSON.stringify({ meta, summary, table, runs: runs.map(({ ys: _ys, ...r }) => r) }, null, 1));
  process.stderr.write(`# ${meta.totalSeconds.toFixed(0)} s, wrote ${out}\n`);
}

await main();
