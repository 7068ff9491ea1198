/**
 * nJobs 1 against nJobs 2 on the same searches, in one run.
 *
 *     npx tsx benchmarks/parallel.ts [--backend threads|processes] [--skip-keras] [--skip-svc]
 *
 * 1. GridSearchCV(SVC, C × gamma = 12 candidates, cv=5) on digits.
 * 2. GridSearchCV(KerasClassifier MLP, units × learning rate = 4 candidates, cv=3,
 *    10 epochs) on digits, on the wasm backend (each worker loads its own).
 *
 * Prints wall time for each nJobs, the speed-up, and checks that both runs found
 * the same scores. The worker pool's start-up (loading modules in each worker) is
 * included, as a user would pay it. Writes benchmarks/results/parallel.json.
 */
import os from 'node:os';
import { GridSearchCV, KerasClassifier, SVC, loadDigits } from '../lib/index.js';
import type { CvResults } from '../lib/index.js';
import { args, machine, table, timeIt, writeResults } from './common.js';
import { mlp } from './models.js';

const opts = args();
const backend = (opts.get('backend') as 'threads' | 'processes' | undefined) ?? 'threads';
const digits = await loadDigits();
const X = digits.data.map((row) => row.map((v) => v / 16));
const y = digits.target;

const scoresOf = (cv: CvResults) => (cv.mean_test_score as number[]).map((v) => v.toFixed(10)).join(',');

interface Case {
  name: string;
  run: (nJobs: number) => Promise<{ cvResults: CvResults }>;
}
const cases: Case[] = [];
if (!opts.has('skip-svc')) {
  cases.push({
    name: 'SVC grid (12 candidates x 5 folds) / digits',
    run: (nJobs) =>
      new GridSearchCV(new SVC(), { C: [0.1, 1, 10, 100], gamma: [0.01, 0.05, 0.2] }, { cv: 5, nJobs, parallelBackend: backend, refit: false }).fit(X, y),
  });
}
if (!opts.has('skip-keras')) {
  cases.push({
    name: 'Keras MLP grid (4 candidates x 3 folds, 10 epochs) / digits',
    run: (nJobs) =>
      new GridSearchCV(
        new KerasClassifier({ model: mlp, epochs: 10, batchSize: 32, optimizer: 'adam', randomState: 0 }),
        { model__units: [32, 64], optimizer__learningRate: [1e-3, 1e-2] },
        { cv: 3, nJobs, parallelBackend: backend, refit: false },
      ).fit(X, y),
  });
}

const rows: Record<string, unknown>[] = [];
for (const c of cases) {
  const one = await timeIt(() => c.run(1));
  const two = await timeIt(() => c.run(2));
  rows.push({
    case: c.name,
    'nJobs 1 wall s': one.wall,
    'nJobs 2 wall s': two.wall,
    'speed-up': one.wall / two.wall,
    'same scores': scoresOf(one.value.cvResults) === scoresOf(two.value.cvResults) ? 'yes' : 'NO',
  });
  console.log(table(rows.slice(-1), Object.keys(rows[0]!)));
}
console.log(`\n${os.cpus().length} cores, parallel backend: ${backend}`);
console.log(table(rows, Object.keys(rows[0]!)));
console.log(`wrote ${writeResults(`parallel-${backend}.json`, { machine: machine(), backend, rows })}`);
