/**
 * Bayesian optimization quality: final simple regret of random search, our GP
 * optimizer (EI and gp_hedge) and our TPE on five test functions, 10 seeds each,
 * next to the peers (scikit-optimize's recorded figures, Optuna's TPE rerun by
 * `peers/optuna_tpe_quality.py`); and the cost of one `ask()` at 50, 100 and 200
 * observations in 6-D.
 *
 *     npx tsx benchmarks/bayes-quality.ts            # full: 10 seeds, timing 5 reps (~15 min on 2 cores)
 *     npx tsx benchmarks/bayes-quality.ts --quick    # 3 seeds, timing 2 reps
 *     ... --functions branin,hartmann6 --strategies gp_ei --seeds 5 --jobs 2 --no-timing
 *
 * Writes benchmarks/results/bayes-quality.json (bayes-quality-quick.json with
 * --quick or a subset) and prints a markdown table.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkChunks } from './common.js';
import { Rng } from '../lib/core/rng.js';
import type { AcquisitionFunction } from '../lib/search/samplers/gp/acquisition.js';
import { Optimizer } from '../lib/search/samplers/gp/optimizer.js';
import { TPESampler } from '../lib/search/samplers/tpe/tpe-sampler.js';
import type { Dimension } from '../lib/search/space/dimensions.js';
import { Categorical, Integer, Real } from '../lib/search/space/dimensions.js';
import { Space } from '../lib/search/space/search-space.js';
import { quantile } from '../lib/report/statistics.js';
import { MIXED_OFFSET, ackley, branin, hartmann6, mixedBraninOptimum, rosenbrock } from './suite/functions.js';

const HERE = dirname(fileURLToPath(import.meta.url));

// the test functions are the suite's (at full fidelity, s = 1)

interface Problem {
  readonly dims: readonly Dimension[];
  readonly f: (x: readonly unknown[]) => number;
  readonly opt: number;
  readonly budget: number;
}
const PROBLEMS: Record<string, Problem> = {
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

// ----------------------------------------------------------------- strategies
const STRATEGIES = ['random', 'gp_ei', 'gp_hedge', 'tpe'] as const;
type Strategy = (typeof STRATEGIES)[number];

interface Run {
  function: string;
  strategy: Strategy;
  seed: number;
  ys: number[];
  finalRegret: number;
  overheadCpuMs: number;
  overheadWallMs: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function runOne(fname: string, strategy: Strategy, seed: number): Run {
  const p = PROBLEMS[fname] as Problem;
  const ys: number[] = [];
  let cpu = 0;
  let wall = 0;
  const timed = <T>(fn: () => T): T => {
    const c0 = cpuMs();
    const t0 = performance.now();
    const out = fn();
    cpu += cpuMs() - c0;
    wall += performance.now() - t0;
    return out;
  };
  if (strategy === 'random') {
    const rng = new Rng(seed);
    const space = new Space(p.dims);
    for (let i = 0; i < p.budget; i++) ys.push(p.f(timed(() => space.sample(rng))));
  } else if (strategy === 'tpe') {
    const tpe = new TPESampler(p.dims, { randomState: seed });
    for (let i = 0; i < p.budget; i++) {
      const x = timed(() => tpe.ask());
      const y = p.f(x);
      timed(() => tpe.tell(x, y));
      ys.push(y);
    }
  } else {
    const acqFunc: AcquisitionFunction = strategy === 'gp_ei' ? 'EI' : 'gp_hedge';
    const opt = new Optimizer(p.dims, { acqFunc, randomState: seed });
    for (let i = 0; i < p.budget; i++) {
      const x = timed(() => opt.ask());
      const y = p.f(x);
      timed(() => opt.tell(x, y));
      ys.push(y);
    }
  }
  const best = Math.min(...ys);
  return { function: fname, strategy, seed, ys, finalRegret: best - p.opt, overheadCpuMs: cpu / p.budget, overheadWallMs: wall / p.budget };
}

/** Cost of ask() in 6-D: tell n−1 random points, one warm-up ask, then asks at n, n+1, ... n+9 (each told). */
function timeAsk(n: number, rep: number, acqFunc: AcquisitionFunction): { cold: number; steady: number[] } {
  const dims = Array.from({ length: 6 }, () => new Real(0, 1));
  const opt = new Optimizer(dims, { acqFunc, randomState: 1000 + rep });
  const rng = new Rng(rep);
  for (let i = 0; i < n - 1; i++) {
    const x = dims.map((d) => d.sample(rng));
    opt.tell(x, hartmann6(x));
  }
  let c0 = cpuMs();
  let x = opt.ask();
  const cold = cpuMs() - c0;
  opt.tell(x, hartmann6(x as number[]));
  const steady: number[] = [];
  for (let i = 0; i < 10; i++) {
    c0 = cpuMs();
    x = opt.ask();
    steady.push(cpuMs() - c0);
    opt.tell(x, hartmann6(x as number[]));
  }
  return { cold, steady };
}

// ------------------------------------------------------------------- summary
const median = (v: readonly number[]): number => quantile(v, 0.5);
const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

function fmt(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (Math.abs(v) >= 1000) return String(Math.round(v));
  if (Math.abs(v) >= 1e-3 || v === 0) {
    const p = v.toPrecision(3);
    return p.includes('e') || !p.includes('.') ? p : p.replace(/0+$/, '').replace(/\.$/, '');
  }
  return v.toExponential(2);
}

interface Summary {
  nSeeds: number;
  median: number;
  q25: number;
  q75: number;
  atStep: Record<string, number>;
  overheadCpuMs: number;
}

function summarize(runs: readonly Run[]): Record<string, Record<string, Summary>> {
  const out: Record<string, Record<string, Summary>> = {};
  for (const r of runs) out[r.function] ??= {};
  for (const fname of Object.keys(out)) {
    const p = PROBLEMS[fname] as Problem;
    for (const st of STRATEGIES) {
      const rs = runs.filter((r) => r.function === fname && r.strategy === st);
      if (rs.length === 0) continue;
      const regrets = rs.map((r) => r.finalRegret);
      const atStep: Record<string, number> = {};
      for (const s of [10, 25, 50, 100]) {
        if (s <= p.budget) atStep[s] = median(rs.map((r) => Math.min(...r.ys.slice(0, s)) - p.opt));
      }
      (out[fname] as Record<string, Summary>)[st] = {
        nSeeds: rs.length,
        median: median(regrets),
        q25: quantile(regrets, 0.25),
        q75: quantile(regrets, 0.75),
        atStep,
        overheadCpuMs: mean(rs.map((r) => r.overheadCpuMs)),
      };
    }
  }
  return out;
}

interface PeerRow {
  regret_median: number;
  regret_q25: number;
  regret_q75: number;
  median_regret_at_step: Record<string, number>;
  overhead_cpu_ms_per_iter_mean: number;
  n_seeds: number;
}
interface PeerFile {
  summary: Record<string, Record<string, PeerRow>>;
  timing?: Record<string, { median: number; mean: number }>;
}
function readPeers(path: string): PeerFile {
  if (!existsSync(path)) return { summary: {} };
  return JSON.parse(readFileSync(path, 'utf8')) as PeerFile;
}

// ---------------------------------------------------------------------- main
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

type Job = [fname: string, strategy: Strategy, seed: number];

async function runJobs(jobs: readonly Job[], nJobs: number): Promise<Run[]> {
  if (nJobs <= 1) return jobs.map(([f, s, seed], i) => {
    const r = runOne(f, s, seed);
    if ((i + 1) % 10 === 0) process.stderr.write(`# ${i + 1}/${jobs.length}\n`);
    return r;
  });
  return forkChunks<Job, Run>(fileURLToPath(import.meta.url), jobs, nJobs);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('worker')) {
    const jobs = JSON.parse(args.get('worker') as string) as Job[];
    process.send?.(jobs.map(([f, s, seed]) => runOne(f, s, seed)));
    return;
  }
  const quick = args.has('quick');
  const seeds = Number(args.get('seeds') ?? (quick ? 3 : 10));
  const fnames = (args.get('functions') ?? Object.keys(PROBLEMS).join(',')).split(',').filter((f) => f in PROBLEMS);
  const strategies = (args.get('strategies') ?? STRATEGIES.join(',')).split(',').filter((s): s is Strategy => (STRATEGIES as readonly string[]).includes(s));
  const nJobs = Number(args.get('jobs') ?? 2);
  const subset = quick || args.has('functions') || args.has('strategies') || args.has('seeds');
  const t0 = performance.now();
  const loadStart = os.loadavg().map((v) => Number(v.toFixed(2)));

  const jobs: Job[] = [];
  for (const f of fnames) for (const s of strategies) for (let seed = 0; seed < seeds; seed++) jobs.push([f, s, seed]);
  jobs.sort((a, b) => (b[1].startsWith('gp') ? 2 : 1) * PROBLEMS[b[0]]!.budget - (a[1].startsWith('gp') ? 2 : 1) * PROBLEMS[a[0]]!.budget);
  const runs = (await runJobs(jobs, nJobs)).sort((a, b) => a.function.localeCompare(b.function) || a.strategy.localeCompare(b.strategy) || a.seed - b.seed);
  const summary = summarize(runs);

  const timing: Record<string, { coldMedian: number; steadyMedian: number; steadyMean: number }> = {};
  if (!args.has('no-timing')) {
    const reps = Number(args.get('reps') ?? (quick ? 2 : 5));
    for (const acq of ['EI', 'gp_hedge'] as const) {
      for (const n of [50, 100, 200]) {
        const cold: number[] = [];
        const steady: number[] = [];
        for (let r = 0; r < reps; r++) {
          const t = timeAsk(n, r, acq);
          cold.push(t.cold);
          steady.push(...t.steady);
        }
        timing[`${acq}@${n}`] = { coldMedian: median(cold), steadyMedian: median(steady), steadyMean: mean(steady) };
      }
    }
  }

  const skopt = readPeers('/work/shared/peers/results/bo_quality.json').summary;
  const optunaFile = readPeers(join(HERE, 'results', 'optuna_tpe_quality.json'));
  const optuna = optunaFile.summary;
  const rows: string[] = [];
  rows.push('| function | strategy | seeds | final regret median [q25, q75] | median regret @10 / @25 | overhead CPU ms/iter |');
  rows.push('|---|---|---|---|---|---|');
  for (const f of fnames) {
    const entries: [string, Summary | PeerRow | undefined][] = [
      ...strategies.map((s) => [`tunekit ${s}`, summary[f]?.[s]] as [string, Summary | undefined]),
      [`optuna_tpe (rerun)`, optuna[f]?.optuna_tpe],
      ['skopt gp_minimize EI (recorded)', skopt[f]?.skopt_gp_ei],
      ['skopt gp_hedge (recorded)', skopt[f]?.skopt_gp_hedge],
    ];
    for (const [name, s] of entries) {
      if (s === undefined) continue;
      const isPeer = 'regret_median' in s;
      const med = isPeer ? s.regret_median : s.median;
      const q25 = isPeer ? s.regret_q25 : s.q25;
      const q75 = isPeer ? s.regret_q75 : s.q75;
      const at = isPeer ? s.median_regret_at_step : s.atStep;
      const over = isPeer ? s.overhead_cpu_ms_per_iter_mean : s.overheadCpuMs;
      const n = isPeer ? s.n_seeds : s.nSeeds;
      rows.push(`| ${f} | ${name} | ${n} | ${fmt(med)} [${fmt(q25)}, ${fmt(q75)}] | ${fmt(at['10'])} / ${fmt(at['25'])} | ${fmt(over)} |`);
    }
  }
  if (Object.keys(timing).length > 0) {
    rows.push('', '| ask() in 6-D (CPU ms) | n=50 | n=100 | n=200 |', '|---|---|---|---|');
    for (const acq of ['EI', 'gp_hedge']) {
      const cell = (n: number, k: 'steadyMedian' | 'steadyMean' | 'coldMedian') => fmt(timing[`${acq}@${n}`]?.[k]);
      rows.push(`| tunekit GP ${acq}: median (steady state) | ${cell(50, 'steadyMedian')} | ${cell(100, 'steadyMedian')} | ${cell(200, 'steadyMedian')} |`);
      rows.push(`| tunekit GP ${acq}: mean (steady state, refits amortized) | ${cell(50, 'steadyMean')} | ${cell(100, 'steadyMean')} | ${cell(200, 'steadyMean')} |`);
      rows.push(`| tunekit GP ${acq}: first ask after n−1 tells (full fit) | ${cell(50, 'coldMedian')} | ${cell(100, 'coldMedian')} | ${cell(200, 'coldMedian')} |`);
    }
    const ot = optunaFile.timing;
    if (ot !== undefined) {
      rows.push(`| optuna TPE ask+tell, median (rerun by peers/optuna_tpe_quality.py) | ${[50, 100, 200].map((n) => fmt(ot[`optuna_tpe@${n}`]?.median)).join(' | ')} |`);
    }
    rows.push('| skopt gp EI (recorded, one tell) | 179 | 492 | 1995 |', '| skopt gp_hedge (recorded) | 328 | 840 | 2932 |', '| optuna TPE ask+tell (recorded) | 10.8 | 12.2 | 14.5 |');
  }
  const table = rows.join('\n');
  console.log(table);

  mkdirSync(join(HERE, 'results'), { recursive: true });
  const out = join(HERE, 'results', subset ? 'bayes-quality-quick.json' : 'bayes-quality.json');
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageStart: loadStart,
    loadAverageEnd: os.loadavg().map((v) => Number(v.toFixed(2))),
    seeds,
    jobs: nJobs,
    totalSeconds: (performance.now() - t0) / 1000,
    optima: Object.fromEntries(fnames.map((f) => [f, PROBLEMS[f]!.opt])),
    command: `npx tsx benchmarks/bayes-quality.ts ${process.argv.slice(2).join(' ')}`.trim(),
  };
  writeFileSync(out, JSON.stringify({ meta, summary, timing, table, runs }, null, 1));
  process.stderr.write(`# ${meta.totalSeconds.toFixed(0)} s, wrote ${out}\n`);
}

await main();
