/**
 * A 5-second PostgreSQL outage under two `tunekit worker` processes and the
 * process that created the study (`fit(X, y, { runTrials: false })`): the
 * server is stopped mid-study and started again on the same port. No process
 * exits meanwhile; the workers keep the trials they hold (none is re-queued or
 * lost) and their heartbeats resume; every candidate completes exactly once,
 * and the creator's `cvResults` equal those of an uninterrupted search.
 *
 * The server is this file's own (a throwaway cluster on a free port), so
 * stopping it disturbs no other test.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { captureWarnings } from '../../lib/core/warnings.js';
import { PostgresStorage } from '../../lib/search/storage/postgres-storage.js';
import type { StudyStorage } from '../../lib/search/storage/storage.js';
import { ThrowawayPostgres, describeThrowawayPostgres } from '../contracts/throwaway-postgres.js';
import { data, makeSearch } from './fixtures/pg-worker-module.js';

const MODULE = resolve('spec/distributed/fixtures/pg-worker-module.ts');
const GRID = 30;
const DELAY_MS = 120;
const HEARTBEAT = 0.2;
const GRACE = 1.5;
const OUTAGE_MS = 5000;

interface Worker {
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  out: string;
}

const started: Worker[] = [];
afterEach(() => {
  for (const w of started.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
});

function startWorker(url: string, host: string): Worker {
  const child = spawn(
    process.execPath,
    ['lib/cli/tunekit.mjs', 'worker', '--storage', url, '--study', 'outage', '--module', MODULE, '--wait-for-study', '60',
      '--heartbeat-interval', String(HEARTBEAT), '--grace-period', String(GRACE), '--host', host],
    { env: { ...process.env, TK_WORKER_GRID: String(GRID), TK_WORKER_DELAY_MS: String(DELAY_MS) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const worker: Worker = { child, out: '', exit: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal, at: Date.now() }))) };
  child.stdout?.on('data', (d: Buffer) => (worker.out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (worker.out += d.toString()));
  started.push(worker);
  return worker;
}

/** The trial ids a worker's output says it completed. */
function completedBy(w: Worker): number[] {
  return [...w.out.matchAll(/^trial (\d+) complete /gm)].map((m) => Number(m[1]));
}

describeThrowawayPostgres('a PostgreSQL outage under workers', (bin) => {
  let server: ThrowawayPostgres;
  beforeAll(async () => {
    server = await ThrowawayPostgres.create(bin);
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('is waited out: no process exits, every candidate completes once, cvResults equal an uninterrupted run', async () => {
    const policy = { heartbeatInterval: HEARTBEAT, gracePeriod: GRACE };
    const workers = [startWorker(server.url, 'pg-outage-node-1'), startWorker(server.url, 'pg-outage-node-2')];
    const creator = makeSearch({ storage: new PostgresStorage(server.url, policy), studyName: 'outage' }, GRID, DELAY_MS);
    let creatorDone: number | undefined;
    const fitted = captureWarnings(() => creator.fit(data.X, data.y, { runTrials: false })).finally(() => (creatorDone = Date.now()));

    // once a few candidates are done and both workers hold one, the server goes away for 5 s
    const storage = new PostgresStorage(server.url, policy);
    let study: StudyStorage | undefined;
    for (;;) {
      study ??= await storage.loadStudy('outage').catch(() => undefined);
      const trials = study === undefined ? [] : await study.getTrials();
      if (trials.filter((t) => t.state === 'complete').length >= 4) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await storage.close();
    await server.stop('fast');
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const upAt = Date.now();
    await server.start();

    const { warnings } = await fitted;
    const exits = await Promise.all(workers.map((w) => w.exit));
    // nobody exited during the outage, and everybody finished normally after it
    for (const [i, e] of exits.entries()) {
      expect(e.at, workers[i]!.out).toBeGreaterThan(upAt);
      expect(e.code, workers[i]!.out).toBe(0);
      expect(workers[i]!.out).toMatch(/the study is finished\.\n$/);
    }
    expect(creatorDone).toBeGreaterThan(upAt);
    expect(upAt - downAt).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(warnings).toEqual([]);

    // every candidate once, complete, never re-queued or lost: the workers kept their trials
    const check = new PostgresStorage(server.url, policy);
    const trials = await (await check.loadStudy('outage')).getTrials();
    await check.close();
    expect(trials).toHaveLength(GRID);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    expect(trials.filter((t) => t.attrs.requeued !== undefined)).toEqual([]);
    expect(workers.some((w) => / lost /.test(w.out))).toBe(false);
    expect(workers.flatMap(completedBy).sort((a, b) => a - b)).toEqual([...Array(GRID).keys()]);

    // the creator's results are those of a search that nothing interrupted
    const plain = await makeSearch({}, GRID, 0).fit(data.X, data.y);
    expect(creator.cvResults.params).toEqual(plain.cvResults.params);
    expect(creator.cvResults.mean_test_score).toEqual(plain.cvResults.mean_test_score);
    expect(creator.cvResults.split0_test_score).toEqual(plain.cvResults.split0_test_score);
    expect(creator.cvResults.rank_test_score).toEqual(plain.cvResults.rank_test_score);
    expect(creator.bestParams).toEqual(plain.bestParams);
  });
});
