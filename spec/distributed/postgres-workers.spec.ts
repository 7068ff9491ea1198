/**
 * Crash test (b): four `tunekit worker` processes on one PostgreSQL study of a
 * grid search; one is killed (SIGKILL) while it holds a running trial. Its trial
 * must be taken back after the grace period (re-queued by default, failed with
 * `--no-requeue`), every candidate of the grid must finish exactly once, and the
 * process that created the study (`fit(X, y, { runTrials: false })`) must then
 * refit and report every candidate.
 *
 * The workers report made-up host names (`--host`), so the killed one is found
 * dead by its silence (the grace period), not by its missing process.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { captureWarnings } from '../../lib/core/warnings.js';
import { PostgresStorage } from '../../lib/search/storage/postgres-storage.js';
import type { StudyStorage } from '../../lib/search/storage/storage.js';
import type { Trial } from '../../lib/search/trial.js';
import { PG_URL, describePostgres, dropSchema, testSchema } from '../contracts/postgres-server.js';
import { data, makeSearch, shrinkages } from './fixtures/pg-worker-module.js';

const MODULE = resolve('spec/distributed/fixtures/pg-worker-module.ts');
const GRID = 32;
const DELAY_MS = 100;
const HEARTBEAT = 0.2;
const GRACE = 1.5;

interface Worker {
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  out: string;
}

const started: Worker[] = [];
afterEach(() => {
  for (const w of started.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
});

function startWorker(url: string, host: string, extra: readonly string[]): Worker {
  const child = spawn(
    process.execPath,
    ['lib/cli/tunekit.mjs', 'worker', '--storage', url, '--study', 'crash', '--module', MODULE, '--wait-for-study', '60',
      '--heartbeat-interval', String(HEARTBEAT), '--grace-period', String(GRACE), '--host', host, ...extra],
    { env: { ...process.env, TK_WORKER_GRID: String(GRID), TK_WORKER_DELAY_MS: String(DELAY_MS) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const worker: Worker = { child, out: '', exit: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal }))) };
  child.stdout?.on('data', (d: Buffer) => (worker.out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (worker.out += d.toString()));
  started.push(worker);
  return worker;
}

/** The trial ids a worker's output says it completed. */
function completedBy(w: Worker): number[] {
  return [...w.out.matchAll(/^trial (\d+) complete /gm)].map((m) => Number(m[1]));
}

/** Polls until one of the workers holds a running trial; returns that worker and trial. */
async function findVictim(study: StudyStorage, workers: readonly Worker[]): Promise<{ worker: Worker; trialId: number; workerId: string }> {
  for (;;) {
    const [trials, records] = await Promise.all([study.getTrials(), study.getWorkers()]);
    for (const t of trials) {
      if (t.state !== 'running' || t.worker === undefined) continue;
      const record = records.find((r) => r.id === t.worker);
      const worker = workers.find((w) => w.child.pid === record?.pid);
      if (worker !== undefined) return { worker, trialId: t.id, workerId: t.worker };
    }
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function crashRun(schema: string, extra: readonly string[]) {
  const url = new URL(PG_URL as string);
  url.searchParams.set('schema', schema);
  const policy = { heartbeatInterval: HEARTBEAT, gracePeriod: GRACE, requeueStaleTrials: !extra.includes('--no-requeue') };
  const storage = new PostgresStorage(url.href, policy);
  const workers = [1, 2, 3, 4].map((i) => startWorker(url.href, `pg-crash-node-${i}`, extra));
  // the creating process: makes the study, waits for the workers (reaping dead ones), then refits
  const creator = makeSearch({ storage: new PostgresStorage(url.href, policy), studyName: 'crash' }, GRID, DELAY_MS);
  const fitted = captureWarnings(() => creator.fit(data.X, data.y, { runTrials: false }));
  let study: StudyStorage | undefined;
  while (study === undefined) {
    study = await storage.loadStudy('crash').catch(() => undefined);
    if (study === undefined) await new Promise((r) => setTimeout(r, 20));
  }
  const victim = await findVictim(study, workers);
  victim.worker.child.kill('SIGKILL');
  const { warnings } = await fitted;
  const exits = await Promise.all(workers.map((w) => w.exit));
  const trials = await study.getTrials();
  const records = await study.getWorkers();
  await storage.close();
  return { creator, workers, victim, exits, trials, records, warnings };
}

function expectEachCandidateOnce(trials: readonly Trial[]): void {
  expect(trials).toHaveLength(GRID);
  expect(trials.map((t) => t.params.shrinkage).sort()).toEqual(shrinkages(GRID).sort());
}

describePostgres('workers on PostgreSQL, one killed mid-trial', () => {
  const schemas = [testSchema('crash'), testSchema('crashfail')];
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  it('re-queues the dead worker\'s trial; every candidate completes exactly once and the creator refits', async () => {
    const { creator, workers, victim, exits, trials, records, warnings } = await crashRun(schemas[0] as string, []);
    expect(warnings).toEqual([]);
    expect(exits[workers.indexOf(victim.worker)]).toEqual({ code: null, signal: 'SIGKILL' });
    const survivors = workers.filter((w) => w !== victim.worker);
    expect(survivors.map((w) => exits[workers.indexOf(w)]!.code)).toEqual([0, 0, 0]);
    for (const w of survivors) expect(w.out).toMatch(/the study is finished\.\n$/);

    expectEachCandidateOnce(trials);
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    // the killed worker's trial went back to the queue once and another worker completed it
    expect(trials[victim.trialId]!.attrs.requeued).toBe(1);
    expect(trials.filter((t) => t.attrs.requeued !== undefined).map((t) => t.id)).toEqual([victim.trialId]);
    // each trial completed in exactly one worker: the victim's trial in a survivor, never in the victim
    const completions = workers.flatMap(completedBy).sort((a, b) => a - b);
    expect(completions).toEqual([...Array(GRID).keys()]);
    expect(completedBy(victim.worker)).not.toContain(victim.trialId);
    // the victim never left cleanly; the survivors did
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get(victim.workerId)!.exitedAt).toBeUndefined();
    expect(records.filter((r) => r.exitedAt !== undefined)).toHaveLength(3);

    // the creator refit the best candidate and reports every one; the same as a plain search of that grid
    expect(creator.cvResults.params).toHaveLength(GRID);
    const plain = await makeSearch({}, GRID, 0).fit(data.X, data.y);
    expect(creator.cvResults.mean_test_score).toEqual(plain.cvResults.mean_test_score);
    expect(creator.bestParams).toEqual(plain.bestParams);
    expect(await creator.predict([[1, 2]])).toEqual(await plain.predict([[1, 2]]));
  });

  it('fails the dead worker\'s trial instead with --no-requeue; every other candidate completes once', async () => {
    const { creator, victim, trials, warnings } = await crashRun(schemas[1] as string, ['--no-requeue']);
    expectEachCandidateOnce(trials);
    const failed = trials.filter((t) => t.state === 'failed');
    expect(failed.map((t) => t.id)).toEqual([victim.trialId]);
    expect(failed[0]!.state === 'failed' && failed[0]!.error).toMatch(
      new RegExp(`^StaleTrialError: the worker ${victim.workerId} stopped while running this trial \\(it has not heart-beaten for [\\d.]+ s \\(grace period ${GRACE.toFixed(1)} s\\)\\)\\.$`),
    );
    expect(trials.filter((t) => t.state === 'complete')).toHaveLength(GRID - 1);
    // the creator reports the failed candidate with a NaN score, and says so
    expect(creator.cvResults.params).toHaveLength(GRID);
    expect((creator.cvResults.mean_test_score as number[]).map(Number.isNaN).indexOf(true)).toBe(victim.trialId);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^One or more of the test scores are non-finite: /)]);
  });
});
