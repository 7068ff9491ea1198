/**
 * nJobs 1 against nJobs 2 on the same searches, in one run.
 *
 *     npx tsx benchmarks/parallel.ts [--repeats 3] [--backend threads|processes]
 *                                    [--skip-keras] [--skip-svc] [--no-ceiling]
 *
 * 1. GridSearchCV(SVC, C × gamma = 12 candidates, cv=5) on digits.
 * 2. GridSearchCV(KerasClassifier MLP, units × learning rate = 4 candidates, cv=3,
 *    10 epochs) on digits, on the wasm backend (each worker loads its own).
 *
 * Each case runs `--repeats` times with nJobs 1 and nJobs 2, alternating which
 * goes first, and reports the median wall times, the speed-up and whether every
 * run found the same scores. The worker pool's start-up (loading modules, and
 * TensorFlow.js, in each worker) is included, as a user would pay it.
 *
 * The ceiling: what two cores of this machine give two copies of the same work.
 * The nJobs 1 search runs in one child process alone, then in two child processes
 * at once; ceiling = 2 × (alone) / (mean of the two together). On a machine whose
 * two vCPUs share memory bandwidth or caches, fits slow down when both run, and no
 * scheduler can beat that ceiling. Writes benchmarks/results/parallel-<backend>.json.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { GridSearchCV, KerasClassifier, SVC, loadDigits } from '../lib/index.js';
import type { CvResults } from '../lib/index.js';
import { args, machine, median, table, timeIt, writeResults } from './common.js';
import { mlp } from './models.js';

const opts = args();
const backend = (opts.get('backend') as 'threads' | 'processes' | undefined) ?? 'threads';
const repeats = Number(opts.get('repeats') ?? 3);
const digits = await loadDigits();
const X = digits.data.map((row) => row.map((v) => v / 16));
const y = digits.target;

const scoresOf = (cv: CvResults) => (cv.mean_test_score as number[]).map((v) => v.toFixed(10)).join(',');

interface Case {
  key: string;
  name: string;
  run: (nJobs: number) => Promise<{ cvResults: CvResults }>;
}
const cases: Case[] = [
  {
    key: 'svc',
    name: 'SVC grid (12 candidates x 5 folds) / digits',
    run: (nJobs) =>
      new GridSearchCV(new SVC(), { C: [0.1, 1, 10, 100], gamma: [0.01, 0.05, 0.2] }, { cv: 5, nJobs, parallelBackend: backend, refit: false }).fit(X, y),
  },
  {
    key: 'keras',
    name: 'Keras MLP grid (4 candidates x 3 folds, 10 epochs) / digits',
    run: (nJobs) =>
      new GridSearchCV(
        new KerasClassifier({ model: mlp, epochs: 10, batchSize: 32, optimizer: 'adam', randomState: 0 }),
        { model__units: [32, 64], optimizer__learningRate: [1e-3, 1e-2] },
        { cv: 3, nJobs, parallelBackend: backend, refit: false },
      ).fit(X, y),
  },
];

// child mode: one nJobs 1 run of a case, its wall time on stdout
const child = opts.get('child');
if (typeof child === 'string') {
  const c = cases.find((k) => k.key === child);
  if (c === undefined) throw new Error(`Unknown case "${child}".`);
  const t = await timeIt(() => c.run(1));
  console.log(JSON.stringify({ wall: t.wall }));
  process.exit(0);
}

/** Wall seconds of `copies` child processes each running the case's nJobs 1 search at the same time. */
async function childRuns(key: string, copies: number): Promise<number[]> {
  const script = fileURLToPath(import.meta.url);
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', script, '--child', key], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('error', reject);
      p.on('exit', (code) => {
        const line = out.trim().split('\n').pop() ?? '';
        if (code !== 0) reject(new Error(`child ${key} exited ${code}: ${out}`));
        else resolve((JSON.parse(line) as { wall: number }).wall);
      });
    });
  return Promise.all(Array.from({ length: copies }, one));
}

const picked = cases.filter((c) => !opts.has(`skip-${c.key}`));
const rows: Record<string, unknown>[] = [];
for (const c of picked) {
  const walls: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const scores = new Set<string>();
  for (let r = 0; r < repeats; r++) {
    for (const nJobs of (r % 2 === 0 ? [1, 2] : [2, 1]) as (1 | 2)[]) {
      const t = await timeIt(() => c.run(nJobs));
      walls[nJobs].push(t.wall);
      scores.add(scoresOf(t.value.cvResults));
      console.log(`${c.key} repeat ${r + 1} nJobs ${nJobs}: ${t.wall.toFixed(2)} s`);
    }
  }
  const one = median(walls[1]);
  const two = median(walls[2]);
  const row: Record<string, unknown> = {
    case: c.name,
    'nJobs 1 wall s': one,
    'nJobs 2 wall s': two,
    'speed-up': one / two,
    'same scores': scores.size === 1 ? 'yes' : 'NO',
  };
  if (!opts.has('no-ceiling')) {
    const [alone] = await childRuns(c.key, 1);
    const together = await childRuns(c.key, 2);
    const ceiling = (2 * (alone as number)) / (together.reduce((a, b) => a + b, 0) / together.length);
    row['ceiling (2 processes)'] = ceiling;
    row['share of ceiling'] = one / two / ceiling;
    console.log(`${c.key} ceiling: alone ${(alone as number).toFixed(2)} s, two at once ${together.map((w) => w.toFixed(2)).join(' / ')} s -> ${ceiling.toFixed(2)}x`);
  }
  rows.push(row);
  console.log(table(rows.slice(-1), Object.keys(row)));
}
console.log(`\n${os.cpus().length} cores, parallel backend: ${backend}, ${repeats} repeats (medians)`);
console.log(table(rows, Object.keys(rows[0]!)));
console.log(`wrote ${writeResults(`parallel-${backend}.json`, { machine: machine(), backend, repeats, rows })}`);
