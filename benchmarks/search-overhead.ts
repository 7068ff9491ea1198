/**
 * Search overhead against scikit-learn: the same searches, the same candidates,
 * the same machine, one run.
 *
 *     npx tsx benchmarks/search-overhead.ts [--repeats 5] [--no-peer]
 *
 * 1. GridSearchCV(Ridge, 200 alphas log-spaced in [1e-4, 1e4], cv=5) on diabetes.
 * 2. RandomizedSearchCV(SVC, 60 candidates, cv=5) on digits; the candidates
 *    (C log-uniform in [1e-1, 1e3], gamma log-uniform in [1e-4, 1e-2]) are drawn
 *    here and handed to the peer script so both sides fit the same models.
 *
 * Prints wall and CPU seconds, per-fit milliseconds and the ratio to scikit-learn
 * (n_jobs=1, BLAS limited to one thread) when `/usr/bin/python3` has scikit-learn.
 * Writes benchmarks/results/search-overhead.json.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GridSearchCV, RandomizedSearchCV, Ridge, SVC, loadDiabetes, loadDigits, logUniform, ParameterSampler } from '../lib/index.js';
import { args, findPython, machine, median, runPeer, table, timeIt, writeResults } from './common.js';

const opts = args();
const repeats = Number(opts.get('repeats') ?? 5);

const diabetes = await loadDiabetes();
const digits = await loadDigits();
const alphas = Array.from({ length: 200 }, (_, i) => 10 ** (-4 + (8 * i) / 199));
const svcCandidates = new ParameterSampler({ C: logUniform(1e-1, 1e3), gamma: logUniform(1e-4, 1e-2) }, 60, { randomState: 0 }).candidates();

interface Row {
  case: string;
  fits: number;
  wall_s: number;
  cpu_s: number;
  per_fit_ms: number;
  best: string;
}

async function measure(name: string, runs: number, make: () => Promise<{ bestParams: unknown; bestScore: number | undefined }>, fits: number): Promise<Row> {
  await make(); // warm-up: JIT and lazy module loads (libsvm) outside the timing
  const walls: number[] = [];
  const cpus: number[] = [];
  let best = '';
  for (let r = 0; r < runs; r++) {
    const t = await timeIt(make);
    walls.push(t.wall);
    cpus.push(t.cpu);
    best = `${JSON.stringify(t.value.bestParams)} ${t.value.bestScore?.toFixed(5)}`;
  }
  const wall = median(walls);
  return { case: name, fits, wall_s: wall, cpu_s: median(cpus), per_fit_ms: (wall / fits) * 1000, best };
}

const ours: Row[] = [];
ours.push(
  await measure(
    'ridge_diabetes_grid200',
    repeats,
    () => new GridSearchCV(new Ridge(), { alpha: alphas }, { cv: 5 }).fit(diabetes.data, diabetes.target),
    1000,
  ),
);
ours.push(
  await measure(
    'svc_digits_random60',
    Math.max(1, Math.floor(repeats / 2)),
    () =>
      new RandomizedSearchCV(new SVC(), svcCandidates.map((c) => ({ C: [c.C as number], gamma: [c.gamma as number] })), { nIter: 60, cv: 5, randomState: 0 }).fit(
        digits.data,
        digits.target,
      ),
    300,
  ),
);

const python = opts.has('no-peer') ? undefined : findPython();
let peers: Record<string, unknown>[] = [];
if (python) {
  const file = join(tmpdir(), `tunekit-svc-candidates-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(svcCandidates));
  peers = runPeer(python, new URL('./peers/sklearn_search_overhead.py', import.meta.url).pathname, ['--candidates', file, '--repeats', String(repeats)]);
}

const rows = ours.map((r) => {
  const peer = peers.find((p) => p.case === r.case);
  return {
    case: r.case,
    fits: r.fits,
    'tunekit wall s': r.wall_s,
    'tunekit cpu s': r.cpu_s,
    'tunekit ms/fit': r.per_fit_ms,
    'sklearn wall s': peer?.wall_s as number | undefined,
    'sklearn cpu s': peer?.cpu_s as number | undefined,
    'speed-up (wall)': peer ? (peer.wall_s as number) / r.wall_s : undefined,
  };
});
console.log(table(rows, Object.keys(rows[0]!)));
for (const r of ours) console.log(`best ${r.case}: ${r.best}`);
if (!python) console.log('(scikit-learn not found: peer columns empty; install python3-sklearn to compare)');
const path = writeResults('search-overhead.json', { machine: machine(), repeats, ours, peers });
console.log(`wrote ${path}`);
