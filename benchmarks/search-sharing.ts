/**
 * Searches that share work across candidates (issue 17) next to scikit-learn's
 * GridSearchCV with `n_jobs=1`: the same rows, the same grids (the values written once,
 * here, and read by the peer) and the same folds (ours, given to both sides as index
 * lists), cv = 5.
 *
 *     npx tsx benchmarks/search-sharing.ts [--repeats 3] [--cases svc_digits,knn_digits]
 *                                          [--no-peer] [--no-unshared]
 *
 * Each side runs each case in a fresh process: one untimed warm-up search, then
 * `repeats` timed searches (refit included); the figures are the medians of wall and
 * CPU seconds (ours from process.cpuUsage, scikit-learn's from time.process_time), and
 * the peak resident memory of that process (VmHWM; ru_maxrss). Ours also gives the state
 * cache's peak (`search.sharedWork.peakMb`) and, unless --no-unshared, the same search
 * with `shareWork: false`. Checks: the best params equal scikit-learn's and every
 * candidate's mean_test_score within the case's tolerance of scikit-learn's; the bar is
 * the wall-time ratio. Two more cases (GaussianNB, a decision tree: estimators without
 * shared work) run against our unshared search only: what taking each split's rows once
 * gives. Writes benchmarks/results/search-sharing.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnyEstimator, SharedWorkSummary, SplitPair } from '../lib/index.js';
import {
  DecisionTreeRegressor,
  GaussianNB,
  GridSearchCV,
  KFold,
  KNeighborsClassifier,
  Lasso,
  LogisticRegression,
  Ridge,
  SVC,
  StandardScaler,
  StratifiedKFold,
  loadDigits,
  logspace,
  makePipeline,
  validateMatrix,
} from '../lib/index.js';
import { args, findPython, machine, median, peerEnv, table, writeResults } from './common.js';

type DataName = 'digits' | 'reg20k' | 'clf20k';

/** One case as both sides read it. */
interface CaseSpec {
  readonly name: string;
  /** The peer's estimator (see the peer's ESTIMATORS). */
  readonly estimator: 'svc' | 'knn' | 'ridge' | 'lasso' | 'logreg' | 'scaled_svc';
  readonly make: () => AnyEstimator;
  readonly data: DataName;
  /** The first rows only. */
  readonly rows?: number;
  readonly grid: Record<string, readonly unknown[]>;
  /** Our param names to scikit-learn's. */
  readonly names?: Record<string, string>;
  readonly classifier: boolean;
  /** The largest difference allowed between the two sides' mean test scores. */
  readonly tolerance: number;
  /** The wall-time ratio to reach (scikit-learn / ours). */
  readonly bar: number;
  /** Against our own unshared search only (an estimator without shared work: what taking the split rows once gives). */
  readonly oursOnly?: boolean;
}

const C4 = [0.1, 1, 10, 100];
const GAMMA4 = [1e-4, 3e-4, 1e-3, 3e-3];

/** The five cases of issue 17, and the pipeline over the same C x gamma grid. */
const CASES: CaseSpec[] = [
  { name: 'svc_digits', estimator: 'svc', make: () => new SVC(), data: 'digits', grid: { C: C4, gamma: GAMMA4 }, classifier: true, tolerance: 1e-3, bar: 2 },
  {
    name: 'knn_digits', estimator: 'knn', make: () => new KNeighborsClassifier(), data: 'digits',
    grid: { nNeighbors: Array.from({ length: 20 }, (_, i) => i + 1), weights: ['uniform', 'distance'] }, names: { nNeighbors: 'n_neighbors' },
    classifier: true, tolerance: 1e-3, bar: 3,
  },
  { name: 'ridge_20000x50', estimator: 'ridge', make: () => new Ridge(), data: 'reg20k', grid: { alpha: logspace(-4, 4, 50) }, classifier: false, tolerance: 1e-6, bar: 3 },
  { name: 'lasso_20000x50', estimator: 'lasso', make: () => new Lasso(), data: 'reg20k', grid: { alpha: logspace(-3, 0, 20) }, classifier: false, tolerance: 1e-4, bar: 2 },
  {
    name: 'logreg_6000x50', estimator: 'logreg', make: () => new LogisticRegression({ maxIter: 1000 }), data: 'clf20k', rows: 6000,
    grid: { C: logspace(-3, 3, 12) }, classifier: true, tolerance: 1e-4, bar: 2,
  },
  {
    name: 'scaled_svc_digits', estimator: 'scaled_svc', make: () => makePipeline(new StandardScaler(), new SVC()), data: 'digits',
    grid: { svc__C: C4, svc__gamma: GAMMA4 }, classifier: true, tolerance: 1e-3, bar: 2,
  },
  {
    name: 'gaussian_nb_20000x50', estimator: 'svc', make: () => new GaussianNB(), data: 'clf20k',
    grid: { varSmoothing: logspace(-9, 0, 10) }, classifier: true, tolerance: 0, bar: 0, oursOnly: true,
  },
  {
    name: 'tree_20000x50', estimator: 'svc', make: () => new DecisionTreeRegressor({ randomState: 0 }), data: 'reg20k',
    grid: { maxDepth: [1, 2, 3, 4] }, classifier: false, tolerance: 0, bar: 0, oursOnly: true,
  },
];

// ---- data -----------------------------------------------------------------------------

interface RawData {
  readonly X: number[][];
  readonly y: number[];
}

const outDir = fileURLToPath(new URL('./out/', import.meta.url));
const dataFile = `${outDir}speed-data.json`;
const specFile = `${outDir}search-sharing-spec.json`;

function ensureData(python: string | undefined): void {
  if (existsSync(dataFile)) return;
  if (python === undefined) throw new Error('benchmarks/search-sharing.ts needs /usr/bin/python3 with scikit-learn once, to write the rows both sides use');
  mkdirSync(outDir, { recursive: true });
  execFileSync(python, [fileURLToPath(new URL('./peers/gen_data.py', import.meta.url)), dataFile], { stdio: 'inherit' });
}

async function rowsOf(c: CaseSpec): Promise<RawData> {
  if (c.data === 'digits') {
    const d = await loadDigits();
    return { X: d.data as number[][], y: d.target as number[] };
  }
  const raw = (JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, RawData>)[c.data]!;
  const n = c.rows ?? raw.y.length;
  return { X: raw.X.slice(0, n), y: raw.y.slice(0, n) };
}

/** scikit-learn's cv=5 folds: stratified for classifiers, else plain, unshuffled. */
function foldsOf(c: CaseSpec, d: RawData): SplitPair[] {
  const splitter = c.classifier ? new StratifiedKFold({ nSplits: 5 }) : new KFold({ nSplits: 5 });
  return [...splitter.split(d.X, d.y)];
}

// ---- our side (in a child process per case) ----------------------------------------------

interface SideResult {
  readonly wall: number[];
  readonly cpu: number[];
  readonly bestParams: Record<string, unknown>;
  readonly params: Record<string, unknown>[];
  readonly meanTestScore: number[];
  readonly peakRssMb: number;
  readonly sharedWork?: SharedWorkSummary | undefined;
}

function peakRssMb(): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return line === undefined ? NaN : Number(line.replace(/\D+/g, '')) / 1024;
}

async function child(name: string, shareWork: boolean, repeats: number): Promise<void> {
  const c = CASES.find((k) => k.name === name)!;
  const d = await rowsOf(c);
  const X = validateMatrix(d.X, { owner: 'benchmark' });
  const cv = foldsOf(c, d);
  const run = () => new GridSearchCV(c.make(), c.grid as never, { cv, shareWork, handleSigint: false }).fit(X, d.y);
  await run(); // warm-up, untimed
  const wall: number[] = [];
  const cpu: number[] = [];
  let last;
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    last = await run();
    wall.push((performance.now() - w0) / 1000);
    const u = process.cpuUsage(c0);
    cpu.push((u.user + u.system) / 1e6);
  }
  const out: SideResult = {
    wall, cpu, bestParams: last!.bestParams as Record<string, unknown>, params: last!.cvResults.params as Record<string, unknown>[],
    meanTestScore: last!.cvResults.mean_test_score as number[], peakRssMb: peakRssMb(), sharedWork: last!.sharedWork,
  };
  console.log(JSON.stringify(out));
}

function ours(name: string, shareWork: boolean, repeats: number): SideResult {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--child', name, '--share', String(shareWork), '--repeats', String(repeats)], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as SideResult;
}

// ---- the peer ---------------------------------------------------------------------------

function writeSpec(specs: Record<string, unknown>): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(specFile, JSON.stringify(specs));
}

function peer(python: string, name: string): SideResult {
  const script = fileURLToPath(new URL('./peers/sklearn_search_sharing.py', import.meta.url));
  const out = execFileSync(python, [script, dataFile, specFile, name], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env: peerEnv() });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { wall: number[]; cpu: number[]; best_params: Record<string, unknown>; params: Record<string, unknown>[]; mean_test_score: number[]; peak_rss_mb: number };
  return { wall: r.wall, cpu: r.cpu, bestParams: r.best_params, params: r.params, meanTestScore: r.mean_test_score, peakRssMb: r.peak_rss_mb };
}

/** Our params with scikit-learn's names. */
function renamed(c: CaseSpec, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [c.names?.[k] ?? k, v]));
}

// ---- main -------------------------------------------------------------------------------

async function main(): Promise<void> {
  const a = args();
  const repeats = Number(a.get('repeats') ?? 3);
  if (a.has('child')) return child(String(a.get('child')), a.get('share') !== 'false', repeats);
  const wanted = a.has('cases') ? String(a.get('cases')).split(',') : CASES.map((c) => c.name);
  const python = a.has('no-peer') ? undefined : findPython();
  ensureData(python);
  const cases = CASES.filter((c) => wanted.includes(c.name));
  const specs: Record<string, unknown> = {};
  for (const c of cases.filter((k) => k.oursOnly !== true)) {
    const folds = foldsOf(c, await rowsOf(c)).map(([tr, te]) => [Array.from(tr), Array.from(te)]);
    specs[c.name] = { estimator: c.estimator, data: c.data, rows: c.rows ?? null, grid: renamed(c, c.grid), folds, repeats };
  }
  writeSpec(specs);
  const rows: Record<string, unknown>[] = [];
  const raw: Record<string, unknown> = {};
  for (const c of cases) {
    const shared = ours(c.name, true, repeats);
    const unshared = a.has('no-unshared') ? undefined : ours(c.name, false, repeats);
    const theirs = python === undefined || c.oursOnly === true ? undefined : peer(python, c.name);
    raw[c.name] = { shared, unshared, sklearn: theirs };
    rows.push(summarize(c, shared, unshared, theirs));
    console.log(table([rows[rows.length - 1]!], Object.keys(rows[0]!)));
  }
  console.log(`\n${table(rows, Object.keys(rows[0]!))}`);
  const file = writeResults('search-sharing.json', { machine: machine(), repeats, command: process.argv.slice(1).join(' '), rows, raw });
  console.log(`\nwritten to ${file}`);
}

function summarize(c: CaseSpec, shared: SideResult, unshared: SideResult | undefined, theirs: SideResult | undefined): Record<string, unknown> {
  const wall = median(shared.wall);
  const cpu = median(shared.cpu);
  const row: Record<string, unknown> = {
    case: c.name,
    fits: shared.params.length * 5,
    'ours wall s': wall,
    'ours CPU s': cpu,
    'unshared wall s': unshared === undefined ? '' : median(unshared.wall),
    'unshared CPU s': unshared === undefined ? '' : median(unshared.cpu),
    'vs unshared CPU': unshared === undefined ? '' : `${(median(unshared.cpu) / cpu).toFixed(2)}x`,
    'peak RSS MB': Math.round(shared.peakRssMb),
    'state peak MB': shared.sharedWork === undefined ? '' : Number(shared.sharedWork.peakMb.toFixed(1)),
  };
  if (theirs === undefined) return row;
  const same = JSON.stringify(renamed(c, shared.bestParams)) === JSON.stringify(theirs.bestParams);
  const sameOrder = shared.params.every((p, i) => JSON.stringify(renamed(c, p)) === JSON.stringify(theirs.params[i]));
  const diff = Math.max(...shared.meanTestScore.map((v, i) => Math.abs(v - theirs.meanTestScore[i]!)));
  const ratio = median(theirs.wall) / wall;
  return {
    ...row,
    'sklearn wall s': median(theirs.wall),
    'sklearn CPU s': median(theirs.cpu),
    'sklearn RSS MB': Math.round(theirs.peakRssMb),
    'wall ratio': `${ratio.toFixed(2)}x`,
    'CPU ratio': `${(median(theirs.cpu) / cpu).toFixed(2)}x`,
    bar: `${c.bar}x ${ratio >= c.bar ? 'met' : 'MISSED'}`,
    'best params': same && sameOrder ? 'same' : 'DIFFER',
    'max |Δ mean score|': `${diff.toExponential(1)} ${diff <= c.tolerance ? '<=' : '>'} ${c.tolerance}`,
  };
}

await main();
