/**
 * Fit + predict CPU time of the built-in estimators next to scikit-learn's, on the same
 * rows, in one run: issue 15's table, the cost of converting `number[][]` input, the
 * first (cold) fit of a fresh process, peak memory of the 20000-row cases, and how time
 * grows with the number of rows.
 *
 *     npx tsx benchmarks/estimators.ts [--repeats 5] [--cases ridge,lasso] [--no-peer] [--dist]
 *                                      [--no-cold] [--no-memory] [--no-scaling]
 *
 * The rows come from `benchmarks/peers/gen_data.py` (scikit-learn's make_classification
 * and make_regression with fixed seeds), written once to benchmarks/out/; digits and
 * breast cancer are the shipped datasets. Each case fits on rows [0, nTrain) and
 * predicts rows [nTrain, nTotal). Each side gets its native matrix (a numpy array; our
 * `DenseMatrix`), converted outside the timed region. Warm figures: the median CPU time
 * of at least `repeats` fit + predict runs after 1.5 s of warm-up, on both sides. The
 * peer runs with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset and one BLAS thread.
 * Writes benchmarks/results/estimators.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Tunekit from '../lib/index.js';
import type { AnyEstimator, DenseMatrix, MatrixLike, TargetLike } from '../lib/index.js';

import { args, findPython, machine, median, peerEnv, table, writeResults } from './common.js';

/**
 * The library under test: the built package (`dist/`, what an installed tunekit runs) with
 * `--dist` (run `npm run build` first), else the TypeScript sources through tsx. The two
 * run different JavaScript (esbuild's output and tsc's), usually within a few percent.
 */
const useDist = process.argv.includes('--dist');
if (useDist && !existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)))) throw new Error('--dist: run `npm run build` first');
const tk = (await import(useDist ? '../dist/index.js' : '../lib/index.js')) as typeof Tunekit;
const { DecisionTreeClassifier, ExtraTreesClassifier, GaussianNB, HistGradientBoostingClassifier, HistGradientBoostingRegressor, LinearSVC, PCA, SGDClassifier, KNeighborsClassifier, Lasso, LogisticRegression, RandomForestClassifier, Ridge, SVC, StandardScaler, loadBreastCancer, loadDigits, makePipeline, validateMatrix } = tk;

type EstimatorName =
  | 'ridge'
  | 'lasso'
  | 'logreg'
  | 'scaled_logreg'
  | 'knn'
  | 'svc'
  | 'tree'
  | 'forest'
  | 'hgb_clf'
  | 'hgb_reg'
  | 'extra_trees'
  | 'scaled_sgd'
  | 'scaled_linear_svc'
  | 'scaled_saga_l1'
  | 'gaussian_nb'
  | 'pca_logreg';
type DataName = 'reg20k' | 'clf20k' | 'clf5k' | 'digits' | 'breast_cancer';

/** One case, as both sides read it (the peer gets this list as JSON). */
interface CaseSpec {
  readonly name: string;
  readonly estimator: EstimatorName;
  readonly params: Record<string, number>;
  readonly data: DataName;
  readonly nTrain: number;
  readonly nTotal: number;
  readonly repeats?: number;
  readonly warmup?: number;
}

const ESTIMATORS: Record<EstimatorName, (p: Record<string, number>) => AnyEstimator> = {
  ridge: (p) => new Ridge({ alpha: p.alpha! }),
  lasso: (p) => new Lasso({ alpha: p.alpha! }),
  logreg: (p) => new LogisticRegression({ maxIter: p.maxIter! }),
  scaled_logreg: (p) => makePipeline(new StandardScaler(), new LogisticRegression({ maxIter: p.maxIter! })),
  knn: (p) => new KNeighborsClassifier({ nNeighbors: p.nNeighbors! }),
  svc: (p) => new SVC(p.gamma === undefined ? { C: p.C! } : { C: p.C!, gamma: p.gamma }),
  tree: (p) => new DecisionTreeClassifier({ randomState: p.randomState! }),
  forest: (p) => new RandomForestClassifier({ nEstimators: p.nEstimators!, randomState: p.randomState! }),
  hgb_clf: (p) => new HistGradientBoostingClassifier({ maxIter: p.maxIter!, earlyStopping: p.earlyStopping === 1, randomState: 0 }),
  hgb_reg: (p) => new HistGradientBoostingRegressor({ maxIter: p.maxIter!, randomState: 0 }),
  extra_trees: (p) => new ExtraTreesClassifier({ nEstimators: p.nEstimators!, randomState: p.randomState! }),
  scaled_sgd: (p) => makePipeline(new StandardScaler(), new SGDClassifier({ randomState: p.randomState! })),
  scaled_linear_svc: (p) => makePipeline(new StandardScaler(), new LinearSVC({ randomState: p.randomState! })),
  scaled_saga_l1: (p) => makePipeline(new StandardScaler(), new LogisticRegression({ penalty: 'l1', solver: 'saga', C: p.C!, randomState: 0 })),
  gaussian_nb: () => new GaussianNB(),
  pca_logreg: (p) => makePipeline(new PCA({ nComponents: p.nComponents!, randomState: p.randomState! }), new LogisticRegression({ maxIter: p.maxIter! })),
};

/** Issue 15's table, then issue 20's. */
const CASES: CaseSpec[] = [
  { name: 'ridge_20000x50', estimator: 'ridge', params: { alpha: 1 }, data: 'reg20k', nTrain: 18000, nTotal: 20000 },
  { name: 'lasso_20000x50', estimator: 'lasso', params: { alpha: 0.1 }, data: 'reg20k', nTrain: 18000, nTotal: 20000 },
  { name: 'logreg_20000x50', estimator: 'logreg', params: { maxIter: 1000 }, data: 'clf20k', nTrain: 18000, nTotal: 20000 },
  { name: 'scaled_logreg_breast_cancer', estimator: 'scaled_logreg', params: { maxIter: 1000 }, data: 'breast_cancer', nTrain: 455, nTotal: 569 },
  { name: 'knn_digits', estimator: 'knn', params: { nNeighbors: 5 }, data: 'digits', nTrain: 1437, nTotal: 1797 },
  { name: 'knn_6000x20', estimator: 'knn', params: { nNeighbors: 5 }, data: 'clf5k', nTrain: 5000, nTotal: 6000 },
  { name: 'svc_digits', estimator: 'svc', params: { C: 10, gamma: 0.001 }, data: 'digits', nTrain: 1437, nTotal: 1797 },
  { name: 'svc_6000x20', estimator: 'svc', params: { C: 1 }, data: 'clf5k', nTrain: 5000, nTotal: 6000 },
  { name: 'tree_6000x20', estimator: 'tree', params: { randomState: 0 }, data: 'clf5k', nTrain: 5000, nTotal: 6000 },
  { name: 'forest100_6000x20', estimator: 'forest', params: { nEstimators: 100, randomState: 0 }, data: 'clf5k', nTrain: 5000, nTotal: 6000 },
  // issue 20's table
  { name: 'hgb_clf_20000x50', estimator: 'hgb_clf', params: { maxIter: 100, earlyStopping: 0 }, data: 'clf20k', nTrain: 18000, nTotal: 20000, repeats: 3 },
  { name: 'hgb_reg_20000x50', estimator: 'hgb_reg', params: { maxIter: 100 }, data: 'reg20k', nTrain: 18000, nTotal: 20000, repeats: 3 },
  { name: 'hgb_clf50_digits', estimator: 'hgb_clf', params: { maxIter: 50, earlyStopping: 0 }, data: 'digits', nTrain: 1437, nTotal: 1797, repeats: 3 },
  { name: 'extra_trees100_6000x20', estimator: 'extra_trees', params: { nEstimators: 100, randomState: 0 }, data: 'clf5k', nTrain: 5000, nTotal: 6000, repeats: 3 },
  { name: 'scaled_sgd_20000x50', estimator: 'scaled_sgd', params: { randomState: 0 }, data: 'clf20k', nTrain: 18000, nTotal: 20000 },
  { name: 'scaled_linear_svc_20000x50', estimator: 'scaled_linear_svc', params: { randomState: 0 }, data: 'clf20k', nTrain: 18000, nTotal: 20000 },
  { name: 'scaled_saga_l1_breast_cancer', estimator: 'scaled_saga_l1', params: { C: 0.5 }, data: 'breast_cancer', nTrain: 455, nTotal: 569 },
  { name: 'gaussian_nb_20000x50', estimator: 'gaussian_nb', params: {}, data: 'clf20k', nTrain: 18000, nTotal: 20000 },
  // PCA seeded on both sides: its randomized SVD then draws the same test matrix, so both sides fit the same projection
  { name: 'pca20_logreg_digits', estimator: 'pca_logreg', params: { nComponents: 20, maxIter: 1000, randomState: 0 }, data: 'digits', nTrain: 1437, nTotal: 1797 },
];

/** How time grows with n: each estimator on the first 1k, 5k and 20k rows (90% train). */
function scalingCases(): CaseSpec[] {
  const out: CaseSpec[] = [];
  const base: [EstimatorName, Record<string, number>, DataName][] = [
    ['ridge', { alpha: 1 }, 'reg20k'],
    ['lasso', { alpha: 0.1 }, 'reg20k'],
    ['logreg', { maxIter: 1000 }, 'clf20k'],
    ['knn', { nNeighbors: 5 }, 'clf20k'],
    ['svc', { C: 1 }, 'clf20k'],
    ['tree', { randomState: 0 }, 'clf20k'],
    ['forest', { nEstimators: 100, randomState: 0 }, 'clf20k'],
  ];
  for (const [estimator, params, data] of base) {
    for (const n of [1000, 5000, 20000]) {
      const slow = n === 20000 && (estimator === 'svc' || estimator === 'forest');
      out.push({ name: `${estimator}_n${n}`, estimator, params, data, nTrain: Math.round(0.9 * n), nTotal: n, repeats: slow ? 2 : 3, warmup: slow ? 0 : 0.5 });
    }
  }
  return out;
}

// ---- data ---------------------------------------------------------------------------

interface RawData {
  readonly X: number[][];
  readonly y: number[];
}

const outDir = fileURLToPath(new URL('./out/', import.meta.url));
const dataFile = `${outDir}speed-data.json`;

function ensureData(python: string | undefined): Record<string, RawData> {
  if (!existsSync(dataFile)) {
    if (python === undefined) throw new Error('benchmarks/estimators.ts needs /usr/bin/python3 with scikit-learn once, to write the rows both sides use');
    mkdirSync(outDir, { recursive: true });
    execFileSync(python, [fileURLToPath(new URL('./peers/gen_data.py', import.meta.url)), dataFile], { stdio: 'inherit' });
  }
  return JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, RawData>;
}

async function loadRows(raw: Record<string, RawData>, name: DataName): Promise<RawData> {
  if (name === 'digits') {
    const d = await loadDigits();
    return { X: d.data as number[][], y: d.target as number[] };
  }
  if (name === 'breast_cancer') {
    const d = await loadBreastCancer();
    return { X: d.data as number[][], y: d.target as number[] };
  }
  return raw[name]!;
}

interface Prepared {
  readonly Xtr: DenseMatrix;
  readonly ytr: number[];
  readonly Xte: DenseMatrix;
  readonly yte: number[];
}

async function prepare(raw: Record<string, RawData>, c: CaseSpec): Promise<Prepared> {
  const rows = await loadRows(raw, c.data);
  return {
    Xtr: validateMatrix(rows.X.slice(0, c.nTrain), { owner: 'benchmark' }),
    ytr: rows.y.slice(0, c.nTrain),
    Xte: validateMatrix(rows.X.slice(c.nTrain, c.nTotal), { owner: 'benchmark' }),
    yte: rows.y.slice(c.nTrain, c.nTotal),
  };
}

type Scored = AnyEstimator & { predict(X: MatrixLike): Promise<unknown>; score(X: MatrixLike, y: TargetLike): Promise<number> };

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

async function fitPredict(c: CaseSpec, d: Prepared): Promise<{ cpu: number; fit: number; predict: number; model: Scored }> {
  const c0 = process.cpuUsage();
  const model = (await ESTIMATORS[c.estimator](c.params).fit(d.Xtr, d.ytr)) as Scored;
  const fit = cpuMs(c0);
  await model.predict(d.Xte);
  const cpu = cpuMs(c0);
  return { cpu, fit, predict: cpu - fit, model };
}

async function warm(c: CaseSpec, d: Prepared, repeats: number): Promise<Record<string, number>> {
  const warmUntil = performance.now() + 1000 * (c.warmup ?? 1.5);
  do await fitPredict(c, d);
  while (performance.now() < warmUntil);
  const cpus: number[] = [];
  const fits: number[] = [];
  const preds: number[] = [];
  let last: Scored | undefined;
  const until = performance.now() + 1000;
  while ((cpus.length < (c.repeats ?? repeats) || performance.now() < until) && cpus.length < 200) {
    const r = await fitPredict(c, d);
    cpus.push(r.cpu);
    fits.push(r.fit);
    preds.push(r.predict);
    last = r.model;
  }
  return { cpu_ms: median(cpus), fit_ms: median(fits), predict_ms: median(preds), score: await last!.score(d.Xte, d.yte), runs: cpus.length };
}

// ---- child processes: cold fits, conversion, memory ---------------------------------

function vmField(field: string): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line === undefined ? NaN : Number(line.split(/\s+/)[1]) / 1024;
}

async function child(mode: string, name: string | undefined): Promise<void> {
  const raw = JSON.parse(readFileSync(dataFile, 'utf8')) as Record<string, RawData>;
  if (mode === 'convert') {
    const rows = raw.reg20k!.X.slice(0, 18000);
    const times: number[] = [];
    for (let r = 0; r < 20; r++) {
      const t0 = performance.now();
      validateMatrix(rows, { owner: 'benchmark' });
      times.push(performance.now() - t0);
    }
    console.log(JSON.stringify({ first_ms: times[0], warm_ms: median(times.slice(5)) }));
    return;
  }
  const c = [...CASES, ...scalingCases()].find((x) => x.name === name)!;
  const d = await prepare(raw, c);
  if (mode === 'cold') {
    const t0 = performance.now();
    const r = await fitPredict(c, d);
    console.log(JSON.stringify({ case: c.name, cold_cpu_ms: r.cpu, cold_wall_ms: performance.now() - t0 }));
    return;
  }
  // memory: the peak resident memory of one fit + predict over the memory just before
  (globalThis as { gc?: () => void }).gc?.();
  writeFileSync('/proc/self/clear_refs', '5');
  const before = vmField('VmRSS');
  await fitPredict(c, d);
  const peak = vmField('VmHWM');
  console.log(JSON.stringify({ case: c.name, peak_rss_mb: peak, growth_mb: peak - before }));
}

function runChild(mode: string, name?: string): Record<string, number> {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--child', mode, ...(name ? ['--case', name] : []), ...(useDist ? ['--dist'] : [])], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}

// ---- the run -----------------------------------------------------------------------

function runPeerCases(python: string, cases: readonly CaseSpec[], repeats: number, mode: 'warm' | 'memory'): Record<string, Record<string, number>> {
  mkdirSync(outDir, { recursive: true });
  const file = `${outDir}estimator-cases-${process.pid}.json`;
  writeFileSync(file, JSON.stringify({ cases, repeats, warmup: 1.5 }));
  const out = execFileSync(python, [fileURLToPath(new URL('./peers/sklearn_estimators.py', import.meta.url)), dataFile, file, '--mode', mode], {
    encoding: 'utf8',
    env: peerEnv(),
    maxBuffer: 64 * 2 ** 20,
  });
  const byCase: Record<string, Record<string, number>> = {};
  for (const line of out.split('\n').filter((l) => l.startsWith('{'))) {
    const r = JSON.parse(line) as Record<string, number> & { case: string };
    byCase[r.case] = r;
  }
  return byCase;
}

const ratio = (peer: number | undefined, ours: number | undefined): string =>
  peer === undefined || ours === undefined ? '-' : `${(peer / ours).toFixed(2)}x`;

async function main(): Promise<void> {
  const opts = args();
  const childMode = opts.get('child');
  if (typeof childMode === 'string') return child(childMode, opts.get('case') as string | undefined);

  const repeats = Number(opts.get('repeats') ?? 5);
  const only = typeof opts.get('cases') === 'string' ? String(opts.get('cases')).split(',') : undefined;
  const pick = (cs: CaseSpec[]) => (only ? cs.filter((c) => only.some((o) => c.name.startsWith(o))) : cs);
  const python = opts.has('no-peer') ? undefined : findPython();
  const raw = ensureData(python ?? findPython());
  const cases = pick(CASES);
  const results: Record<string, unknown> = { machine: machine(), repeats };

  // 1. warm fit + predict, both sides
  const ours: Record<string, Record<string, number>> = {};
  for (const c of cases) {
    ours[c.name] = await warm(c, await prepare(raw, c), repeats);
    process.stderr.write(`ours ${c.name}: ${ours[c.name]!.cpu_ms!.toFixed(2)} ms\n`);
  }
  const peer = python ? runPeerCases(python, cases, repeats, 'warm') : {};
  const cold: Record<string, Record<string, number>> = {};
  if (!opts.has('no-cold')) for (const c of cases) cold[c.name] = runChild('cold', c.name);
  const main = cases.map((c) => ({
    case: c.name,
    'tunekit ms': ours[c.name]!.cpu_ms,
    'scikit-learn ms': peer[c.name]?.cpu_ms,
    'speed (sklearn / tunekit)': ratio(peer[c.name]?.cpu_ms, ours[c.name]!.cpu_ms),
    'tunekit cold ms': cold[c.name]?.cold_cpu_ms,
    'score tunekit': ours[c.name]!.score!.toFixed(5),
    'score scikit-learn': peer[c.name]?.score?.toFixed(5),
  }));
  console.log('\nFit + predict, CPU ms (warm medians; cold = the first fit of a fresh process)\n');
  console.log(table(main, Object.keys(main[0]!)));
  Object.assign(results, { ours, peer, cold });

  // 2. converting number[][] to a DenseMatrix
  const convert = runChild('convert');
  console.log(`\nnumber[][] 18000x50 -> DenseMatrix: first call ${convert.first_ms!.toFixed(2)} ms, warm ${convert.warm_ms!.toFixed(2)} ms`);
  results.convert = convert;

  // 3. peak memory of the 20000-row cases
  if (!opts.has('no-memory')) {
    const big = cases.filter((c) => c.nTotal === 20000);
    const peerMem = python ? runPeerCases(python, big, 1, 'memory') : {};
    const mem = big.map((c) => {
      const o = runChild('memory', c.name);
      return {
        case: c.name,
        'tunekit growth MB': o.growth_mb,
        'scikit-learn growth MB': peerMem[c.name]?.growth_mb,
        'tunekit peak RSS MB': o.peak_rss_mb,
        'scikit-learn peak RSS MB': peerMem[c.name]?.peak_rss_mb,
      };
    });
    if (mem.length > 0) {
      console.log('\nPeak memory of one fit + predict (growth = peak during the fit over the resident memory before it)\n');
      console.log(table(mem, Object.keys(mem[0]!)));
    }
    results.memory = mem;
  }

  // 4. how time grows with n
  if (!opts.has('no-scaling')) {
    const scaling = pick(scalingCases());
    const oursScaling: Record<string, Record<string, number>> = {};
    for (const c of scaling) {
      oursScaling[c.name] = await warm(c, await prepare(raw, c), repeats);
      process.stderr.write(`ours ${c.name}: ${oursScaling[c.name]!.cpu_ms!.toFixed(2)} ms\n`);
    }
    const peerScaling = python ? runPeerCases(python, scaling, repeats, 'warm') : {};
    const rows = scaling.map((c) => ({
      case: c.name,
      'tunekit ms': oursScaling[c.name]!.cpu_ms,
      'scikit-learn ms': peerScaling[c.name]?.cpu_ms,
      'speed (sklearn / tunekit)': ratio(peerScaling[c.name]?.cpu_ms, oursScaling[c.name]!.cpu_ms),
    }));
    console.log('\nHow time grows with n (first n rows of make_regression / make_classification 20000x50, 90% train)\n');
    console.log(table(rows, Object.keys(rows[0]!)));
    Object.assign(results, { oursScaling, peerScaling });
  }
  if (!python) console.log('\n(scikit-learn not found: peer columns empty)');
  console.log(`\nwrote ${writeResults('estimators.json', results)}`);
}

await main();
