/**
 * GP batches: how far apart the points of a batch are, and what the batch
 * settings cost in final regret. Batches of `ask(n)` (and of `BayesSearchCV`'s
 * `nPoints`) use a constant liar; `minPendingDistance` keeps every proposal
 * that far (unit coordinates) from the pending points.
 *
 *     npx tsx benchmarks/gp-batches.ts            # 10 seeds (~10 min on 2 loaded cores)
 *     npx tsx benchmarks/gp-batches.ts --seeds 3
 *
 * Spread: 10 random points, then 6 batches of 5 on Branin and Hartmann-6; the
 * smallest distance between two points of a batch, over all batches and seeds.
 * Quality: batches of 4 up to the budget (Branin 40, Rosenbrock 40,
 * Hartmann-6 60); median final regret over the seeds. Writes
 * benchmarks/results/gp-batches.json and prints Markdown tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Optimizer } from '../lib/search/samplers/gp/optimizer.js';
import { Real } from '../lib/search/space/dimensions.js';
import { quantile } from '../lib/report/statistics.js';
import { branin, hartmann6, rosenbrock } from './suite/functions.js';

const HERE = dirname(fileURLToPath(import.meta.url));

interface Fn {
  readonly dims: readonly Real[];
  readonly f: (x: number[]) => number;
  readonly opt: number;
  readonly budget: number;
}
const FNS: Readonly<Record<string, Fn>> = {
  branin: { dims: [new Real(-5, 10), new Real(0, 15)], f: (x) => branin(x[0]!, x[1]!), opt: 0.397887, budget: 40 },
  rosenbrock2: { dims: [new Real(-5, 10), new Real(-5, 10)], f: (x) => rosenbrock(x), opt: 0, budget: 40 },
  hartmann6: { dims: Array.from({ length: 6 }, () => new Real(0, 1)), f: (x) => hartmann6(x), opt: -3.32237, budget: 60 },
};
type Liar = 'min' | 'mean' | 'max';
const SETTINGS: readonly { readonly name: string; readonly liar: Liar; readonly spacing: number }[] = [
  { name: 'liar min, no spacing', liar: 'min', spacing: 0 },
  { name: 'liar min, spacing 0.02 (default)', liar: 'min', spacing: 0.02 },
  { name: 'liar mean, spacing 0.02', liar: 'mean', spacing: 0.02 },
  { name: 'liar max, spacing 0.02', liar: 'max', spacing: 0.02 },
];

function unit(fn: Fn, x: readonly number[]): number[] {
  return x.map((v, j) => (v - fn.dims[j]!.low) / (fn.dims[j]!.high - fn.dims[j]!.low));
}

function closestInBatch(fn: Fn, xs: readonly number[][]): number {
  let d = Infinity;
  const us = xs.map((x) => unit(fn, x));
  for (let i = 0; i < us.length; i++) for (let j = i + 1; j < us.length; j++) d = Math.min(d, Math.hypot(...us[i]!.map((v, k) => v - us[j]![k]!)));
  return d;
}

function spread(fn: Fn, setting: (typeof SETTINGS)[number], seeds: number): number[] {
  const out: number[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const opt = new Optimizer(fn.dims, { randomState: seed, liar: setting.liar, minPendingDistance: setting.spacing });
    for (let i = 0; i < 10; i++) {
      const x = opt.ask() as number[];
      opt.tell(x, fn.f(x));
    }
    for (let b = 0; b < 6; b++) {
      const xs = opt.ask(5) as number[][];
      out.push(closestInBatch(fn, xs));
      opt.tell(xs, xs.map(fn.f));
    }
  }
  return out;
}

function regret(fn: Fn, setting: (typeof SETTINGS)[number], seed: number): number {
  const opt = new Optimizer(fn.dims, { randomState: seed, liar: setting.liar, minPendingDistance: setting.spacing });
  while (opt.nTold < fn.budget) {
    const xs = opt.ask(Math.min(4, fn.budget - opt.nTold)) as number[][];
    opt.tell(xs, xs.map(fn.f));
  }
  return opt.result.fun - fn.opt;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(2));

function main(): void {
  const argv = process.argv.slice(2);
  const seeds = Number(argv[argv.indexOf('--seeds') + 1] ?? 10) || 10;
  const t0 = performance.now();
  const spreadRows = ['| setting | Branin: smallest / 10th percentile / median | Hartmann-6: smallest / 10th percentile / median |', '|---|---|---|'];
  const spreads: Record<string, Record<string, number[]>> = {};
  for (const s of SETTINGS.slice(0, 2)) {
    spreads[s.name] = {};
    const cells = ['branin', 'hartmann6'].map((name) => {
      const d = spread(FNS[name]!, s, Math.min(seeds, 6));
      spreads[s.name]![name] = d;
      return `${fmt(Math.min(...d))} / ${fmt(quantile(d, 0.1))} / ${fmt(quantile(d, 0.5))}`;
    });
    spreadRows.push(`| ${s.name} | ${cells.join(' | ')} |`);
  }
  const qualityRows = ['| setting | Branin (40) | Rosenbrock-2 (40) | Hartmann-6 (60) |', '|---|---|---|---|'];
  const quality: Record<string, Record<string, number[]>> = {};
  for (const s of SETTINGS) {
    quality[s.name] = {};
    const cells = Object.keys(FNS).map((name) => {
      const r = Array.from({ length: seeds }, (_, seed) => regret(FNS[name]!, s, seed));
      quality[s.name]![name] = r;
      return `${fmt(quantile(r, 0.5))} [${fmt(quantile(r, 0.25))}, ${fmt(quantile(r, 0.75))}]`;
    });
    qualityRows.push(`| ${s.name} | ${cells.join(' | ')} |`);
  }
  const table = [...spreadRows, '', ...qualityRows].join('\n');
  console.log(table);
  const meta = { date: new Date().toISOString().slice(0, 10), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(), seeds, seconds: (performance.now() - t0) / 1000, command: `npx tsx benchmarks/gp-batches.ts ${argv.join(' ')}`.trim() };
  mkdirSync(join(HERE, 'results'), { recursive: true });
  writeFileSync(join(HERE, 'results', 'gp-batches.json'), JSON.stringify({ meta, spreads, quality, table }, null, 1));
  process.stderr.write(`# ${meta.seconds.toFixed(0)} s\n`);
}

main();
