import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatStatus } from '../../lib/cli/status.js';
import { main } from '../../lib/cli/main.js';
import { JournalStorage } from '../../lib/search/storage/journal-storage.js';
import { PostgresStorage } from '../../lib/search/storage/postgres-storage.js';
import type { StorageBackend, StudyStorage } from '../../lib/search/storage/storage.js';
import type { StudyStatus } from '../../lib/search/storage/study-status.js';
import { studyStatus } from '../../lib/search/storage/study-status.js';
import { PG_URL, describePostgres, dropSchema, testSchema } from '../contracts/postgres-server.js';

const dir = mkdtempSync(join(tmpdir(), 'tk-status-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

/** The pid of a process that has exited (its worker is dead at once on this host). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

/**
 * A study with five trials: two complete (values 0.25 and 0.75), one failed,
 * one held by a live worker (this process), one waiting; and a worker that
 * exited and one whose process is gone.
 */
async function populate(storage: StorageBackend, name: string): Promise<{ study: StudyStorage; live: string; gone: string; pid: number }> {
  const study = await storage.createStudy({ name, directions: ['maximize'] });
  await study.enqueueTrials([{ params: { alpha: 0.1 } }, { params: { alpha: 1 } }, { params: { alpha: 10 } }, { params: { alpha: 100 } }, { params: { alpha: 1000 } }]);
  const live = `${hostname()}:${process.pid}:aaaaaa`;
  const pid = deadPid();
  const gone = `${hostname()}:${pid}:bbbbbb`;
  const left = `${hostname()}:${process.pid}:cccccc`;
  await study.registerWorker({ id: live, host: hostname(), pid: process.pid });
  await study.registerWorker({ id: left, host: hostname(), pid: process.pid });
  await study.registerWorker({ id: gone, host: hostname(), pid });
  await study.unregisterWorker(left);
  for (const [value, worker] of [[0.25, live], [0.75, live]] as const) {
    const t = (await study.claimTrial(worker))!;
    await study.finishTrial(t.id, { state: 'complete', values: [value] });
  }
  const failed = (await study.claimTrial(live))!;
  await study.finishTrial(failed.id, { state: 'failed', error: 'boom' });
  await study.claimTrial(live);
  return { study, live, gone, pid };
}

function checkStatus(s: StudyStatus, ids: { live: string; gone: string; pid: number }, name: string): void {
  expect(s.study).toBe(name);
  expect(s.counts).toEqual({ total: 5, waiting: 1, running: 1, complete: 2, pruned: 0, failed: 1 });
  expect(s.best).toEqual({ trialId: 1, value: 0.75, params: { alpha: 1 } });
  expect(s.workers.map((w) => [w.id, w.state, w.runningTrials])).toEqual([
    [ids.live, 'running', [3]],
    [ids.gone, 'dead', []],
    [`${hostname()}:${process.pid}:cccccc`, 'exited', []],
  ]);
  expect(s.workers[1]!.why).toBe(`its process ${ids.pid} is gone`);
  expect(s.workers[0]!.lastSeenSeconds).toBeGreaterThanOrEqual(0);
}

describe('tunekit status on a journal', () => {
  const path = join(dir, 'status.jsonl');
  let ids: { live: string; gone: string; pid: number };

  it('reads the counts by state, the best trial and the workers', async () => {
    const storage = new JournalStorage(path);
    const made = await populate(storage, 'ridge');
    ids = made;
    checkStatus(await studyStatus(made.study), made, 'ridge');
    await storage.close();
  });

  it('prints them', async () => {
    const c = io();
    expect(await main(['status', '--storage', path, '--study', 'ridge'], c.io)).toBe(0);
    const lines = c.out[0]!.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Study "ridge" in ${path.replace(/[.]/g, '\\.')} \\(maximize, created \\d{4}-\\d\\d-\\d\\dT`));
    expect(lines.slice(1, 4)).toEqual([
      '  5 trials: 2 complete, 1 running, 1 waiting, 0 pruned, 1 failed',
      '  best: trial 1, value 0.75, params { alpha: 1 }',
      '  workers: 1 running, 1 presumed dead, 1 exited',
    ]);
    expect(lines[4]).toMatch(new RegExp(`^ {4}${ids.live}  host ${hostname()}  pid ${process.pid}  last heartbeat [\\d.]+ (s|min) ago  trial 3$`));
    expect(lines[5]).toMatch(new RegExp(`^ {4}${ids.gone}  host ${hostname()}  pid ${ids.pid}  last heartbeat .* ago  idle  DEAD: its process ${ids.pid} is gone$`));
    expect(lines).toHaveLength(6);
  });

  it('prints JSON with --json', async () => {
    const c = io();
    expect(await main(['status', '--storage', path, '--study', 'ridge', '--json'], c.io)).toBe(0);
    checkStatus(JSON.parse(c.out[0]!) as StudyStatus, ids, 'ridge');
  });

  it('lists the studies without --study', async () => {
    const c = io();
    expect(await main(['status', '--storage', path], c.io)).toBe(0);
    expect(c.out).toEqual([`Studies in ${path}:\n  "ridge"  5 trials: 2 complete, 1 running, 1 waiting, 0 pruned, 1 failed`]);
    const j = io();
    expect(await main(['status', '--storage', path, '--json'], j.io)).toBe(0);
    expect(JSON.parse(j.out[0]!)).toMatchObject({ location: path, studies: [{ study: 'ridge', counts: { total: 5, complete: 2 } }] });
  });

  it('says there is no best trial yet', () => {
    const text = formatStatus({ study: 's', location: 'memory', direction: 'minimize', createdAt: 0, counts: { total: 0, waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 }, best: undefined, workers: [] });
    expect(text.split('\n').slice(1)).toEqual(['  0 trials: 0 complete, 0 running, 0 waiting, 0 pruned, 0 failed', '  best: none yet', '  workers: 0 running, 0 presumed dead, 0 exited']);
  });

  it('names a study that is not there, and the ones that are', async () => {
    const c = io();
    expect(await main(['status', '--storage', path, '--study', 'svc'], c.io)).toBe(1);
    expect(c.err).toEqual([`tunekit status: StudyNotFoundError: No study named "svc" in ${path}. It holds "ridge". Create it first (run the search script), or check the study name.`]);
  });

  it('does not create a journal that is not there', async () => {
    const c = io();
    const missing = join(dir, 'missing.jsonl');
    expect(await main(['status', '--storage', missing], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe(`No journal file at "${missing}": give tunekit status the --storage the workers use.`);
  });

  it('needs --storage', async () => {
    const c = io();
    expect(await main(['status', '--study', 'x'], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe('tunekit status needs --storage (a postgresql:// URL or a journal file).');
  });
});

describePostgres('tunekit status on PostgreSQL', () => {
  const schema = testSchema('clistatus');
  afterAll(() => dropSchema(schema));

  it('prints the same status', async () => {
    const u = new URL(PG_URL as string);
    u.searchParams.set('schema', schema);
    const storage = new PostgresStorage(u.href);
    const made = await populate(storage, 'svc');
    checkStatus(await studyStatus(made.study), made, 'svc');
    const c = io();
    expect(await main(['status', '--storage', u.href, '--study', 'svc'], c.io)).toBe(0);
    expect(c.out[0]!.split('\n').slice(1, 4)).toEqual([
      '  5 trials: 2 complete, 1 running, 1 waiting, 0 pruned, 1 failed',
      '  best: trial 1, value 0.75, params { alpha: 1 }',
      '  workers: 1 running, 1 presumed dead, 1 exited',
    ]);
    const j = io();
    expect(await main(['status', '--storage', u.href, '--study', 'svc', '--json'], j.io)).toBe(0);
    checkStatus(JSON.parse(j.out[0]!) as StudyStatus, made, 'svc');
    await storage.close();
  });
});
