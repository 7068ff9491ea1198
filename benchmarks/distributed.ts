/**
 * Workers on PostgreSQL: throughput and the storage's cost per trial.
 *
 *     npx tsx benchmarks/distributed.ts [--url postgresql://…] [--workers 8] [--candidates 500] [--cv 3]
 *
 * The search: GridSearchCV(Ridge, `candidates` alphas log-spaced in [1e-4, 1e4],
 * cv) on diabetes: a fast estimator, so what is measured is mostly the
 * machinery, not the fits.
 *
 * 1. `memory`: the grid in one process, no storage (trials in memory).
 * 2. `postgres, 1 process`: the same grid in one process with `storage` a
 *    PostgreSQL study. (2) − (1) per trial is the storage's end-to-end cost.
 * 3. `postgres, N workers`: the study created by `fit(X, y, { runTrials: false })`
 *    here, its trials run by N worker processes (`runWorker`, what `tunekit
 *    worker` runs), then the refit. Trials/second over the trial phase (first
 *    claim to last finish, database clock) and over the whole run (process
 *    start-up included).
 *
 * In (2) and (3) every storage call is timed where it is awaited: "storage ms /
 * trial" is that time summed over the calls and divided by the trials (calls
 * made concurrently by one process are counted each).
 *
 * `--url` defaults to TUNEKIT_PG_URL. Each run uses a fresh schema, dropped at
 * the end. Writes benchmarks/results/distributed.json.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadDiabetes } from '../lib/datasets/shipped.js';
import { Ridge } from '../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../lib/model-selection/grid-search-cv.js';
import { PostgresStorage } from '../lib/search/storage/postgres-storage.js';
import { runWorker } from '../lib/search/worker/run-worker.js';
import type { StorageBackend, StudyStorage } from '../lib/search/storage/storage.js';
import { args, machine, table, writeResults } from './common.js';

const opts = args();
const CANDIDATES = Number(opts.get('candidates') ?? process.env.TK_BENCH_CANDIDATES ?? 500);
const CV = Number(opts.get('cv') ?? process.env.TK_BENCH_CV ?? 3);

/** The grid: `CANDIDATES` alphas log-spaced in [1e-4, 1e4]. */
export const alphas = Array.from({ length: CANDIDATES }, (_, i) => 10 ** (-4 + (8 * i) / Math.max(1, CANDIDATES - 1)));

/** The worker module's search (this file is also a worker module). */
export const search = () => new GridSearchCV(new Ridge(), { alpha: alphas }, { cv: CV });

/** The worker module's data. */
export const data = async () => {
  const { data: X, target: y } = await loadDiabetes();
  return { X, y };
};

/** Time spent awaiting storage calls, by method. */
export interface StorageTimes {
  calls: Record<string, number>;
  ms: Record<string, number>;
}

/** A storage whose studies time every call they make. */
function timedBackend(inner: StorageBackend, times: StorageTimes): StorageBackend {
  const timeStudy = (study: StudyStorage): StudyStorage =>
    new Proxy(study, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        return async (...a: unknown[]) => {
          const t0 = performance.now();
          try {
            return await (value as (...x: unknown[]) => Promise<unknown>).apply(target, a);
          } finally {
            times.calls[key] = (times.calls[key] ?? 0) + 1;
            times.ms[key] = (times.ms[key] ?? 0) + performance.now() - t0;
          }
        };
      },
    });
  return {
    get location() {
      return inner.location;
    },
    createStudy: async (spec, o) => timeStudy(await inner.createStudy(spec, o)),
    loadStudy: async (name) => timeStudy(await inner.loadStudy(name)),
    getStudies: () => inner.getStudies(),
    close: () => inner.close(),
  };
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((s, v) => s + v, 0);

async function workerMode(url: string, study: string): Promise<void> {
  const times: StorageTimes = { calls: {}, ms: {} };
  const storage = new PostgresStorage(url, { poolSize: 2 });
  // this file's own search and data (importing itself from its top-level await would deadlock)
  const report = await runWorker({ search, data, storage: timedBackend(storage, times), studyName: study, waitForStudy: 120 });
  await storage.close();
  process.stdout.write(`${JSON.stringify({ trials: report.trials.length, seconds: report.seconds, stopReason: report.stopReason, ...times })}\n`);
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

function schemaUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.href;
}

async function mainMode(): Promise<void> {
  const url = (opts.get('url') as string | undefined) ?? process.env.TUNEKIT_PG_URL;
  if (url === undefined) {
    console.error('benchmarks/distributed.ts needs a PostgreSQL server: --url postgresql://user@host:5432/db (or TUNEKIT_PG_URL).');
    process.exit(2);
  }
  const nWorkers = Number(opts.get('workers') ?? 8);
  const { X, y } = await data();
  const rows: Record<string, unknown>[] = [];
  const schemas: string[] = [];
  const freshSchema = () => {
    const s = `tk_bench_${process.pid}_${schemas.length}`;
    schemas.push(s);
    return s;
  };

  try {
    // warm-up: module loads and JIT outside the timing
    await new GridSearchCV(new Ridge(), { alpha: alphas.slice(0, 20) }, { cv: CV }).fit(X, y);

    // 1. memory
    let t0 = performance.now();
    const memory = await search().fit(X, y);
    const memorySeconds = (performance.now() - t0) / 1000;
    rows.push({ run: 'memory, 1 process', trials: CANDIDATES, wall_s: memorySeconds, trials_per_s: CANDIDATES / memorySeconds, storage_ms_per_trial: 0 });

    // 2. postgres, one process
    const oneTimes: StorageTimes = { calls: {}, ms: {} };
    const oneStorage = new PostgresStorage(schemaUrl(url, freshSchema()));
    t0 = performance.now();
    const one = await new GridSearchCV(new Ridge(), { alpha: alphas }, { cv: CV, storage: timedBackend(oneStorage, oneTimes), studyName: 'bench' }).fit(X, y);
    const oneSeconds = (performance.now() - t0) / 1000;
    await oneStorage.close();
    rows.push({ run: 'postgres, 1 process', trials: CANDIDATES, wall_s: oneSeconds, trials_per_s: CANDIDATES / oneSeconds, storage_ms_per_trial: sum(oneTimes.ms) / CANDIDATES });
    if (JSON.stringify(one.cvResults.mean_test_score) !== JSON.stringify(memory.cvResults.mean_test_score)) throw new Error('postgres (1 process) and memory disagree on the scores');

    // 3. postgres, N worker processes
    const schema = freshSchema();
    const creatorStorage = new PostgresStorage(schemaUrl(url, schema));
    t0 = performance.now();
    const workers = Array.from({ length: nWorkers }, () =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--worker', '--url', schemaUrl(url, schema), '--study', 'bench', '--candidates', String(CANDIDATES), '--cv', String(CV)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string) as Record<string, unknown>) : reject(new Error(`worker exited ${code}: ${out}`))));
      }),
    );
    const distributed = new GridSearchCV(new Ridge(), { alpha: alphas }, { cv: CV, storage: creatorStorage, studyName: 'bench' });
    // a failing worker stops the wait instead of leaving it hanging
    const workersFailed = new AbortController();
    const allWorkers = Promise.all(workers);
    allWorkers.catch((error: unknown) => workersFailed.abort(error));
    await distributed.fit(X, y, { runTrials: false, signal: workersFailed.signal });
    const wall = (performance.now() - t0) / 1000;
    const reports = await allWorkers;
    const trials = await (await creatorStorage.loadStudy('bench')).getTrials();
    await creatorStorage.close();
    const first = Math.min(...trials.map((t) => t.startedAt));
    const last = Math.max(...trials.map((t) => (t.state === 'running' || t.state === 'waiting' ? 0 : t.finishedAt)));
    const phase = (last - first) / 1000;
    const storageMs = reports.reduce((s, r) => s + sum(r.ms as Record<string, number>), 0);
    const perWorker = reports.map((r) => r.trials as number);
    rows.push({
      run: `postgres, ${nWorkers} workers (trial phase)`, trials: trials.length, wall_s: phase, trials_per_s: trials.length / phase, storage_ms_per_trial: storageMs / trials.length,
    });
    rows.push({ run: `postgres, ${nWorkers} workers (whole run)`, trials: trials.length, wall_s: wall, trials_per_s: trials.length / wall, storage_ms_per_trial: '' });
    if (JSON.stringify(distributed.cvResults.mean_test_score) !== JSON.stringify(memory.cvResults.mean_test_score)) throw new Error('the workers and memory disagree on the scores');

    const calls: Record<string, number> = {};
    const ms: Record<string, number> = {};
    for (const r of reports) {
      for (const [k, v] of Object.entries(r.calls as Record<string, number>)) calls[k] = (calls[k] ?? 0) + v;
      for (const [k, v] of Object.entries(r.ms as Record<string, number>)) ms[k] = (ms[k] ?? 0) + v;
    }
    const methods = (t: StorageTimes, n: number) =>
      Object.keys(t.calls)
        .sort((a, b) => (t.ms[b] ?? 0) - (t.ms[a] ?? 0))
        .map((k) => ({ method: k, calls: t.calls[k], calls_per_trial: (t.calls[k] ?? 0) / n, ms_per_call: (t.ms[k] ?? 0) / (t.calls[k] ?? 1), ms_per_trial: (t.ms[k] ?? 0) / n }));
    const byMethod = methods({ calls, ms }, trials.length);
    const byMethodOne = methods(oneTimes, CANDIDATES);

    const overhead = ((oneSeconds - memorySeconds) / CANDIDATES) * 1000;
    console.log(`GridSearchCV(Ridge, ${CANDIDATES} alphas, cv=${CV}) on diabetes; ${nWorkers} workers; nproc ${os.cpus().length}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}\n`);
    console.log(table(rows, ['run', 'trials', 'wall_s', 'trials_per_s', 'storage_ms_per_trial']));
    console.log(`\nend-to-end storage overhead, one process: ${overhead.toFixed(2)} ms per trial ((postgres − memory) / trials)`);
    console.log(`trials per worker: ${perWorker.join(', ')}\n`);
    console.log('storage calls, postgres, 1 process:');
    console.log(table(byMethodOne, ['method', 'calls', 'calls_per_trial', 'ms_per_call', 'ms_per_trial']));
    console.log(`\nstorage calls, postgres, ${nWorkers} workers (all workers):`);
    console.log(table(byMethod, ['method', 'calls', 'calls_per_trial', 'ms_per_call', 'ms_per_trial']));
    const file = writeResults('distributed.json', {
      command: `npx tsx benchmarks/distributed.ts ${process.argv.slice(2).join(' ')}`.trim(), machine: machine(), candidates: CANDIDATES, cv: CV, workers: nWorkers,
      rows, overheadMsPerTrial: overhead, trialsPerWorker: perWorker, byMethodOneProcess: byMethodOne, byMethod,
    });
    console.log(`\nwrote ${file}`);
  } finally {
    for (const s of schemas) await dropSchema(url, s).catch(() => undefined);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (opts.has('worker')) await workerMode(opts.get('url') as string, opts.get('study') as string);
  else await mainMode();
}
