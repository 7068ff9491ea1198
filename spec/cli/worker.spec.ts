import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main.js';
import { parseWorkerArgs } from '../../lib/cli/worker.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import type { BayesSearchCVOptions } from '../../lib/model-selection/bayes-search-cv.js';
import { BayesSearchCV } from '../../lib/model-selection/bayes-search-cv.js';
import { Real } from '../../lib/search/space/dimensions.js';
import { JournalStorage } from '../../lib/search/storage/journal-storage.js';
import { PostgresStorage } from '../../lib/search/storage/postgres-storage.js';
import type { WorkerHandle } from '../../lib/search/worker/index.js';
import { runWorker } from '../../lib/search/worker/index.js';
import type { StorageBackend } from '../../lib/search/storage/storage.js';
import type { Trial } from '../../lib/search/trial.js';
import { PG_URL, describePostgres, dropSchema, testSchema } from '../contracts/postgres-server.js';
import { data, makeSearch, search as moduleSearch, shrinkages } from '../distributed/fixtures/pg-worker-module.js';

const MODULE = resolve('spec/distributed/fixtures/pg-worker-module.ts');
const dir = mkdtempSync(join(tmpdir(), 'tk-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const journal = () => join(dir, `study-${++n}.jsonl`);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

/** The grid size and delay every search of this file uses (the worker module reads them). */
const GRID = 6;
beforeEach(() => {
  process.env.TK_WORKER_GRID = String(GRID);
  process.env.TK_WORKER_DELAY_MS = '5';
});
afterEach(() => {
  delete process.env.TK_WORKER_GRID;
  delete process.env.TK_WORKER_DELAY_MS;
  delete process.env.TK_WORKER_GATE;
});

/** Creates the study: a search fit with runTrials: false (it waits for the workers, then refits). */
async function createStudy(storage: StorageBackend | string, studyName: string) {
  const creator = makeSearch({ storage, studyName });
  const fitted = creator.fit(data.X, data.y, { runTrials: false });
  const backend = typeof storage === 'string' ? new JournalStorage(storage) : storage;
  for (let i = 0; i < 400; i++) {
    if ((await backend.getStudies()).some((s) => s.name === studyName)) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (typeof storage === 'string') await backend.close();
  return { creator, fitted };
}

/** Every candidate of the grid ran exactly once and completed. */
function expectEachCandidateOnce(trials: readonly Trial[]): void {
  expect(trials.map((t) => t.state)).toEqual(Array(GRID).fill('complete'));
  expect(trials.map((t) => t.params.shrinkage).sort()).toEqual(shrinkages(GRID).sort());
}

async function trialsOf(path: string, studyName: string): Promise<readonly Trial[]> {
  const s = new JournalStorage(path);
  try {
    return await (await s.loadStudy(studyName)).getTrials();
  } finally {
    await s.close();
  }
}

describe('tunekit worker arguments', () => {
  it('reads the flags', () => {
    const a = parseWorkerArgs(['--storage', 'x.jsonl', '--study', 's', '--module', 'm.ts', '--n-jobs', '2', '--timeout=30', '--grace-period', '5', '--no-requeue', '--host', 'node-1']);
    expect(a).toMatchObject({ storage: 'x.jsonl', study: 's', module: 'm.ts', nJobs: 2, timeout: 30, gracePeriod: 5, requeue: false, host: 'node-1', quiet: false });
  });

  it('reads how long a PostgreSQL outage is waited out', () => {
    expect(parseWorkerArgs(['--storage', 'x', '--study', 's', '--module', 'm', '--reconnect-timeout', '120']).reconnectTimeout).toBe(120);
    expect(parseWorkerArgs(['--storage', 'x', '--study', 's', '--module', 'm']).reconnectTimeout).toBeUndefined();
    expect(() => parseWorkerArgs(['--storage', 'x', '--study', 's', '--module', 'm', '--reconnect-timeout', '-1'])).toThrow(
      'The option --reconnect-timeout of tunekit worker must be a number of seconds ≥ 0. Got "-1".',
    );
  });

  it('names a missing flag and prints the usage', async () => {
    const c = io();
    expect(await main(['worker', '--storage', 'x.jsonl', '--module', 'm.ts'], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe('tunekit worker needs --study (the name of the study to work on).');
    expect(c.err[0]).toContain('Usage: tunekit worker --storage STORAGE --study NAME --module FILE');
  });

  it('names a bad value and what was expected', () => {
    expect(() => parseWorkerArgs(['--storage', 'x', '--study', 's', '--module', 'm', '--n-jobs', '0'])).toThrow(
      'The option --n-jobs of tunekit worker must be an integer ≥ 1, or -1 for one per core. Got "0".',
    );
    expect(() => parseWorkerArgs(['--storage', 'x', '--study', 's', '--module', 'm', '--timeout', 'soon'])).toThrow(
      'The option --timeout of tunekit worker must be a number of seconds > 0. Got "soon".',
    );
    expect(() => parseWorkerArgs(['--storage', 'x', '--study', 's', '--module', 'm', '--frobnicate'])).toThrow('Unknown option "--frobnicate" of tunekit worker.');
  });

  it('prints its usage with --help', async () => {
    const c = io();
    expect(await main(['worker', '--help'], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/^Usage: tunekit worker /);
  });
});

describe('tunekit worker on a journal', () => {
  it('runs every trial of the study, prints each, exits 0, and the creator then refits', async () => {
    const path = journal();
    const { creator, fitted } = await createStudy(path, 'grid');
    const c = io();
    expect(await main(['worker', '--storage', path, '--study', 'grid', '--module', MODULE], c.io)).toBe(0);
    await fitted;
    expect(c.out[0]).toMatch(/^tunekit worker \S+: working on the study "grid" in /);
    const trialLines = c.out.filter((l) => l.startsWith('trial '));
    expect(trialLines).toHaveLength(GRID);
    expect(trialLines.every((l) => /^trial \d+ complete {2}-?\d/.test(l))).toBe(true);
    expect(c.out[c.out.length - 1]).toMatch(new RegExp(`^tunekit worker \\S+: ran ${GRID} trials \\(${GRID} complete\\) in [\\d.]+ s; the study is finished\\.$`));
    expectEachCandidateOnce(await trialsOf(path, 'grid'));
    expect(creator.cvResults.params).toHaveLength(GRID);
    // the creator's result is the same as a plain search of the same grid
    const plain = await makeSearch().fit(data.X, data.y);
    expect(creator.bestParams).toEqual(plain.bestParams);
    expect(creator.cvResults.mean_test_score).toEqual(plain.cvResults.mean_test_score);
  });

  it('shares the study between workers: each candidate runs once', async () => {
    const path = journal();
    const { fitted } = await createStudy(path, 'shared');
    const reports = await Promise.all([0, 1].map(() => runWorker({ module: MODULE, storage: path, studyName: 'shared' })));
    await fitted;
    expect(reports.map((r) => r.stopReason)).toEqual(['finished', 'finished']);
    const ran = reports.flatMap((r) => r.trials.map((t) => t.trialId)).sort((a, b) => a - b);
    expect(ran).toEqual([...Array(GRID).keys()]);
    expectEachCandidateOnce(await trialsOf(path, 'shared'));
  });

  it('takes a search and data from code', async () => {
    const path = journal();
    const { fitted } = await createStudy(path, 'code');
    const report = await runWorker({ search: moduleSearch, data: async () => data, storage: path, studyName: 'code' });
    await fitted;
    expect(report).toMatchObject({ stopReason: 'finished', studyName: 'code', location: path, counts: { complete: GRID, pruned: 0, failed: 0, lost: 0 } });
    expect(report.worker).toMatch(/:\d+:[0-9a-f]{6}$/);
  });

  it('stops after the running trial when its signal aborts, and another worker finishes the study', async () => {
    const path = journal();
    const { fitted } = await createStudy(path, 'drain');
    const stop = new AbortController();
    const first = await runWorker({ module: MODULE, storage: path, studyName: 'drain', signal: stop.signal, onTrial: () => stop.abort() });
    expect(first.stopReason).toBe('signal');
    expect(first.trials.map((t) => t.state)).toEqual(['complete']);
    const between = await trialsOf(path, 'drain');
    expect(between.filter((t) => t.state === 'running')).toEqual([]);
    const second = await runWorker({ module: MODULE, storage: path, studyName: 'drain' });
    await fitted;
    expect(second.stopReason).toBe('finished');
    expect(second.trials).toHaveLength(GRID - 1);
    expectEachCandidateOnce(await trialsOf(path, 'drain'));
  });

  it('stops at its timeout with every trial it took finished', async () => {
    const path = journal();
    // 50 ms a fit: the study takes almost a second, far longer than the timeout
    process.env.TK_WORKER_DELAY_MS = '50';
    const { fitted } = await createStudy(path, 'timeout');
    const report = await runWorker({ module: MODULE, storage: path, studyName: 'timeout', timeout: 0.001 });
    expect(report.stopReason).toBe('timeout');
    const trials = await trialsOf(path, 'timeout');
    expect(trials.filter((t) => t.state === 'running')).toEqual([]);
    expect(report.counts.complete).toBe(report.trials.length);
    await runWorker({ module: MODULE, storage: path, studyName: 'timeout' });
    await fitted;
    expectEachCandidateOnce(await trialsOf(path, 'timeout'));
  });

  it('hands its running trial back at once when abandoned, and reports it lost', async () => {
    const path = journal();
    // the fits wait while the gate file exists: the worker still holds its trial when it is abandoned
    const gate = join(dir, 'abandon.gate');
    writeFileSync(gate, '');
    process.env.TK_WORKER_GATE = gate;
    const { fitted } = await createStudy(path, 'abandon');
    let handle: WorkerHandle | undefined;
    const worker = runWorker({ module: MODULE, storage: path, studyName: 'abandon', onStart: (w) => (handle = w) });
    let held: Trial | undefined;
    while (held === undefined) {
      held = (await trialsOf(path, 'abandon')).find((t) => t.state === 'running');
      if (held === undefined) await new Promise((r) => setTimeout(r, 10));
    }
    await handle!.abandon();
    // back in the queue at once, no grace period: the worker said it left
    expect((await trialsOf(path, 'abandon'))[held.id]).toMatchObject({ state: 'waiting', attrs: { requeued: 1 } });
    rmSync(gate);
    const report = await worker;
    expect(report.stopReason).toBe('signal');
    expect(report.trials[report.trials.length - 1]).toMatchObject({ trialId: held.id, state: 'lost' });
    expect(report.counts.lost).toBe(1);
    const storage = new JournalStorage(path);
    expect((await (await storage.loadStudy('abandon')).getWorkers()).find((w) => w.id === handle!.id)?.exitedAt).toBeDefined();
    await storage.close();
    await runWorker({ module: MODULE, storage: path, studyName: 'abandon' });
    await fitted;
    expectEachCandidateOnce(await trialsOf(path, 'abandon'));
  });

  it('passes the storage, the study and nJobs to the search', async () => {
    const path = journal();
    const storage = new JournalStorage(path);
    await storage.createStudy({ name: 'fake' });
    await storage.close();
    const seen: unknown[] = [];
    const fake = {
      work: async (d: unknown, options: { storage: StorageBackend; studyName: string; nJobs?: number | undefined }) => {
        seen.push(d, options.storage.location, options.studyName, options.nJobs);
        return { stopReason: 'exhausted', trials: [] };
      },
    };
    const report = await runWorker({ search: () => fake, data: { X: [[1]] }, storage: path, studyName: 'fake', nJobs: 2 });
    expect(seen).toEqual([{ X: [[1]] }, path, 'fake', 2]);
    expect(report).toMatchObject({ stopReason: 'finished', trials: [], worker: undefined });
  });

  it('runs a model-based study with two workers: nIter trials in all, proposed on demand', async () => {
    const path = journal();
    const X = data.X.map(([a, b]) => [a!, b!, (a! * b!) % 7]);
    const bayes = (options: Partial<BayesSearchCVOptions> = {}) => new BayesSearchCV(new Ridge(), { alpha: new Real(1e-4, 1e3, { prior: 'log-uniform' }) }, { nIter: 8, cv: 3, randomState: 0, ...options });
    const creator = bayes({ storage: path, studyName: 'bayes' });
    const fitted = creator.fit(X, data.y, { runTrials: false });
    const reports = await Promise.all([0, 1].map(() => runWorker({ search: () => bayes(), data: { X, y: data.y }, storage: path, studyName: 'bayes', waitForStudy: 30 })));
    await fitted;
    expect(reports.map((r) => r.stopReason)).toEqual(['finished', 'finished']);
    expect(reports.flatMap((r) => r.trials.map((t) => t.trialId)).sort((a, b) => a - b)).toEqual([...Array(8).keys()]);
    const trials = await trialsOf(path, 'bayes');
    expect(trials.map((t) => t.state)).toEqual(Array(8).fill('complete'));
    expect(new Set(trials.map((t) => t.params.alpha)).size).toBe(8);
    expect(creator.cvResults.params).toHaveLength(8);
  });

  it('names the studies there when the journal holds another study', async () => {
    const path = journal();
    const { fitted } = await createStudy(path, 'ridge');
    const c = io();
    expect(await main(['worker', '--storage', path, '--study', 'svc', '--module', MODULE], c.io)).toBe(1);
    expect(c.err).toEqual([
      `tunekit worker: StudyNotFoundError: No study named "svc" in ${path}. It holds "ridge". Create it first (run the search script), or check the study name.`,
    ]);
    await runWorker({ module: MODULE, storage: path, studyName: 'ridge' });
    await fitted;
  });

  it('refuses to work on a study made by a different search, naming what differs', async () => {
    const path = journal();
    const { fitted } = await createStudy(path, 'mismatch');
    process.env.TK_WORKER_GRID = String(GRID + 1);
    const c = io();
    expect(await main(['worker', '--storage', path, '--study', 'mismatch', '--module', MODULE], c.io)).toBe(1);
    expect(c.err[0]).toMatch(new RegExp(`^tunekit worker: StudyMismatchError: The study "mismatch" in ${path.replace(/[.]/g, '\\.')} was created with a different space:`));
    process.env.TK_WORKER_GRID = String(GRID);
    await runWorker({ module: MODULE, storage: path, studyName: 'mismatch' });
    await fitted;
  });

  it('waits for the study to be created with --wait-for-study', async () => {
    const path = journal();
    const worker = runWorker({ module: MODULE, storage: path, studyName: 'later', waitForStudy: 60 });
    const { fitted } = await createStudy(path, 'later');
    expect((await worker).stopReason).toBe('finished');
    await fitted;
    expectEachCandidateOnce(await trialsOf(path, 'later'));
  });

  it('refuses a module without the search and data exports', async () => {
    const attempt = runWorker({ module: 'spec/distributed/fixtures/pg-sleepy-mean.ts', storage: journal(), studyName: 's' });
    await expect(attempt).rejects.toThrow(InvalidParameterError);
    await expect(runWorker({ module: 'spec/distributed/fixtures/pg-sleepy-mean.ts', storage: journal(), studyName: 's' })).rejects.toThrow(
      /^The "module" option of runWorker must be a module exporting "search" \(a search or a function returning one\) and "data" \(\{ X, y \} or a function returning it\)\. Got "spec\/distributed\/fixtures\/pg-sleepy-mean\.ts" instead\. .*pg-sleepy-mean\.ts does not export "search" or "data"; it exports \["SleepyMean"\]\.$/,
    );
  });

  it('names a module file that is not there', async () => {
    const c = io();
    expect(await main(['worker', '--storage', journal(), '--study', 's', '--module', 'no/such/module.ts'], c.io)).toBe(1);
    expect(c.err[0]).toBe(
      `tunekit worker: InvalidParameterError: The "module" option of runWorker must be the path of a worker module. Got "no/such/module.ts" instead. No file at ${resolve('no/such/module.ts')}.`,
    );
  });

  it('refuses a storage that is neither a journal nor PostgreSQL', async () => {
    const c = io();
    expect(await main(['worker', '--storage', 'mysql://db/tuning', '--study', 's', '--module', MODULE], c.io)).toBe(1);
    expect(c.err[0]).toBe(
      'tunekit worker: InvalidParameterError: The "storage" argument of openStorage must be a journal path or a postgresql:// URL. Got "mysql://db/tuning" instead. Only PostgreSQL servers and journal files are supported.',
    );
  });

  it('names the host when the PostgreSQL server cannot be reached', async () => {
    const c = io();
    expect(await main(['worker', '--storage', 'postgresql://u@127.0.0.1:1/db', '--study', 's', '--module', MODULE], c.io)).toBe(1);
    expect(c.err[0]).toMatch(/^tunekit worker: StorageError: Cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(database "db"\): connect ECONNREFUSED/);
  });

  it('lets the running trial end on SIGTERM, then exits 143 (a worker process)', async () => {
    const path = journal();
    process.env.TK_WORKER_DELAY_MS = '150';
    const { fitted } = await createStudy(path, 'sigterm');
    const child = spawn(process.execPath, ['lib/cli/tunekit.mjs', 'worker', '--storage', path, '--study', 'sigterm', '--module', MODULE], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // wait until the worker holds a trial, then ask it to stop
    let held: number | undefined;
    for (let i = 0; i < 3000 && held === undefined; i++) {
      const running = (await trialsOf(path, 'sigterm')).find((t) => t.state === 'running');
      held = running?.id;
      if (held === undefined) await new Promise((r) => setTimeout(r, 10));
    }
    expect(held).toBeDefined();
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(out).toContain('SIGTERM: the running trials end, then the worker exits');
    expect(out).toMatch(/ran \d+ trials? \(\d+ complete\) in [\d.]+ s; stopped by a signal; the study is not finished\./);
    const trials = await trialsOf(path, 'sigterm');
    // the trial it held ended here, complete, and was not handed to anyone else
    expect(trials[held as number]).toMatchObject({ state: 'complete' });
    expect(trials[held as number]!.attrs.requeued).toBeUndefined();
    expect(trials.filter((t) => t.state === 'running')).toEqual([]);
    // the rest, by a worker of the same search (the delay is one of the estimator's params)
    await runWorker({ module: MODULE, storage: path, studyName: 'sigterm' });
    await fitted;
    expect((await trialsOf(path, 'sigterm')).every((t) => t.state === 'complete')).toBe(true);
  });
});

describePostgres('tunekit worker on PostgreSQL', () => {
  const schema = testSchema('cliworker');
  afterAll(() => dropSchema(schema));
  const url = () => {
    const u = new URL(PG_URL as string);
    u.searchParams.set('schema', schema);
    return u.href;
  };

  it('runs the study with two workers, each candidate once, and the creator refits', async () => {
    const storage = new PostgresStorage(url());
    const { creator, fitted } = await createStudy(storage, 'pg-grid');
    const outputs = [io(), io()];
    const codes = await Promise.all(outputs.map((c) => main(['worker', '--storage', url(), '--study', 'pg-grid', '--module', MODULE], c.io)));
    await fitted;
    expect(codes).toEqual([0, 0]);
    const ran = outputs.flatMap((c) => c.out.filter((l) => l.startsWith('trial ')).map((l) => Number(l.split(' ')[1]))).sort((a, b) => a - b);
    expect(ran).toEqual([...Array(GRID).keys()]);
    expectEachCandidateOnce(await (await storage.loadStudy('pg-grid')).getTrials());
    expect(creator.cvResults.params).toHaveLength(GRID);
    await storage.close();
  });
});
