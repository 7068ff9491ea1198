/**
 * Fit + predict times of the built-in estimators next to scikit-learn's, on the
 * shipped datasets, in one run.
 *
 *     npx tsx benchmarks/estimators.ts [--repeats 7] [--no-peer]
 *
 * Each case fits on 80% of the rows (a fixed permutation, shared with the peer
 * script so both sides see the same split) and predicts the remaining 20%.
 * Medians over at least `repeats` runs and 2 s, after 1.5 s of warm-up. Writes
 * benchmarks/results/estimators.json.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyEstimator, Dataset, MatrixLike, TargetLike } from '../lib/index.js';
import {
  KNeighborsClassifier,
  LogisticRegression,
  Ridge,
  Rng,
  SVC,
  StandardScaler,
  loadBreastCancer,
  loadDiabetes,
  loadDigits,
  makePipeline,
} from '../lib/index.js';
import { args, findPython, machine, median, runPeer, table, writeResults } from './common.js';

const opts = args();
const repeats = Number(opts.get('repeats') ?? 7);

interface Case {
  name: string;
  make: () => AnyEstimator;
  data: Dataset;
}
const cases: Case[] = [
  { name: 'ridge_diabetes', make: () => new Ridge({ alpha: 1 }), data: await loadDiabetes() },
  { name: 'logreg_breast_cancer', make: () => makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: 1000 })), data: await loadBreastCancer() },
  { name: 'knn_digits', make: () => new KNeighborsClassifier({ nNeighbors: 5 }), data: await loadDigits() },
  { name: 'svc_digits', make: () => new SVC({ C: 10, gamma: 0.001 }), data: await loadDigits() },
];

type Scored = AnyEstimator & { predict(X: MatrixLike): Promise<unknown>; score(X: MatrixLike, y: TargetLike): Promise<number> };
const orders: Record<string, number[]> = {};
const ours: Record<string, unknown>[] = [];
for (const c of cases) {
  const order = Array.from(new Rng(0).permutation(c.data.data.length));
  orders[c.name] = order;
  const X = order.map((i) => c.data.data[i]!);
  const y = order.map((i) => c.data.target[i]!);
  const cut = Math.floor(0.8 * y.length);
  const [Xtr, ytr, Xte, yte] = [X.slice(0, cut), y.slice(0, cut), X.slice(cut), y.slice(cut)];
  // warm-up: let the JIT compile the hot paths (scikit-learn's are compiled C)
  const warmUntil = performance.now() + 1500;
  while (performance.now() < warmUntil) await ((await c.make().fit(Xtr, ytr)) as Scored).predict(Xte);
  const fits: number[] = [];
  const preds: number[] = [];
  const cpus: number[] = [];
  let score = NaN;
  const measureUntil = performance.now() + 2000;
  for (let r = 0; r < repeats || performance.now() < measureUntil; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const est = (await c.make().fit(Xtr, ytr)) as Scored;
    const t1 = performance.now();
    await est.predict(Xte);
    const t2 = performance.now();
    const cu = process.cpuUsage(c0);
    cpus.push((cu.user + cu.system) / 1000);
    fits.push(t1 - t0);
    preds.push(t2 - t1);
    score = await est.score(Xte, yte);
  }
  ours.push({ case: c.name, fit_ms: median(fits), predict_ms: median(preds), total_ms: median(fits.map((f, i) => f + preds[i]!)), cpu_ms: median(cpus), score });
}

const python = opts.has('no-peer') ? undefined : findPython();
let peers: Record<string, unknown>[] = [];
if (python) {
  const file = join(tmpdir(), `tunekit-orders-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(orders));
  peers = runPeer(python, new URL('./peers/sklearn_estimators.py', import.meta.url).pathname, ['--order', file, '--repeats', String(repeats)]);
}
const rows = ours.map((o) => {
  const p = peers.find((x) => x.case === o.case);
  return {
    case: o.case,
    'tunekit fit ms': o.fit_ms,
    'tunekit predict ms': o.predict_ms,
    'tunekit cpu ms': o.cpu_ms,
    'sklearn fit ms': p?.fit_ms,
    'sklearn predict ms': p?.predict_ms,
    'sklearn cpu ms': p?.cpu_ms,
    'ratio (sklearn/tunekit, cpu)': p ? (p.cpu_ms as number) / (o.cpu_ms as number) : undefined,
    'score tunekit / sklearn': `${(o.score as number).toFixed(4)} / ${p ? (p.score as number).toFixed(4) : '-'}`,
  };
});
console.log(table(rows, Object.keys(rows[0]!)));
if (!python) console.log('(scikit-learn not found: peer columns empty)');
console.log(`wrote ${writeResults('estimators.json', { machine: machine(), repeats, ours, peers })}`);
