/**
 * The conformance suite every storage passes (memory, journal, PostgreSQL).
 *
 * Call {@link checkStorage} at the top level of a spec file with a factory that
 * opens the storage under test; `open()` may be called several times and each
 * call must give another connection to the same place (another process, in
 * effect: another file handle, another pool). It registers a `describe` block:
 *
 * - studies: create, list, resume with `loadIfExists`, refuse a duplicate, a
 *   different fingerprint (unless `ignoreMismatch`), a missing name;
 * - trials: ids in order, the life cycle, values that JSON lacks (NaN, ±Infinity,
 *   typed arrays) kept exactly, finished trials immutable, snapshots unchanged by
 *   later writes, studies isolated from each other;
 * - the queue: enqueue with an expected count, FIFO claims, every trial claimed
 *   exactly once by workers racing on separate connections;
 * - heartbeats: a silent worker's trial is re-queued (keeping its attributes)
 *   or failed after the grace period, its late writes are refused, a worker whose
 *   process is gone is reaped at once, `maxRequeues` is honoured.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { DuplicatedStudyError, StudyMismatchError, StudyNotFoundError, TrialClaimLostError, UpdateFinishedTrialError } from '../../lib/search/storage/errors.js';
import type { StorageBackend, StudyStorage, WorkerInfo } from '../../lib/search/storage/storage.js';
import type { Trial } from '../../lib/search/trial.js';

/** How to open the storage under test. */
export interface StorageContractOptions {
  /** Another connection to the same storage (the first call creates it). */
  readonly open: () => Promise<StorageBackend> | StorageBackend;
  /** Where the storage is, as the messages say it (`location`). */
  readonly location: () => string;
  /** Removes what the suite made. */
  readonly cleanup?: (() => Promise<void>) | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let counter = 0;
const uniqueName = (what: string) => `${what}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function worker(id: string, pid = process.pid, host = 'elsewhere'): WorkerInfo {
  return { id, host, pid };
}

/** Registers the conformance checks for the storage opened by `options.open`. */
export function checkStorage(name: string, options: StorageContractOptions): void {
  const opened: StorageBackend[] = [];
  const open = async (): Promise<StorageBackend> => {
    const s = await options.open();
    opened.push(s);
    return s;
  };
  const study = async (extra: { grace?: number; fingerprint?: Record<string, string> } = {}): Promise<StudyStorage> => {
    const s = await open();
    return s.createStudy({ name: uniqueName('s'), directions: ['maximize'], fingerprint: extra.fingerprint ?? { space: 'a' } });
  };

  afterAll(async () => {
    for (const s of opened) await s.close();
    await options.cleanup?.();
  });

  describe(`${name} (storage contract)`, () => {
    describe('studies', () => {
      it('creates a study with its record and lists it', async () => {
        const s = await open();
        const n = uniqueName('rec');
        const st = await s.createStudy({ name: n, directions: ['minimize', 'maximize'], fingerprint: { space: 'x' }, settings: { seed: 7 } });
        expect(st.study).toMatchObject({ name: n, directions: ['minimize', 'maximize'], fingerprint: { space: 'x' }, settings: { seed: 7 } });
        expect(typeof st.study.createdAt).toBe('number');
        const listed = (await (await open()).getStudies()).find((r) => r.name === n);
        expect(listed).toMatchObject({ name: n, directions: ['minimize', 'maximize'], settings: { seed: 7 } });
      });

      it('refuses a second study of the same name unless told to load it', async () => {
        const s = await open();
        const n = uniqueName('dup');
        await s.createStudy({ name: n });
        const again = (await open()).createStudy({ name: n });
        await expect(again).rejects.toThrow(
          new DuplicatedStudyError(`A study named "${n}" already exists in ${options.location()}. Pass loadIfExists: true to resume it, or choose another study name.`, {
            argument: 'studyName',
            value: n,
            expected: `a name not yet used in ${options.location()} (or loadIfExists: true)`,
          }),
        );
      });

      it('resumes an existing study with loadIfExists and sees its trials', async () => {
        const s = await open();
        const n = uniqueName('resume');
        const a = await s.createStudy({ name: n, fingerprint: { space: 'g1' } });
        await a.createTrial({ params: { x: 1 } });
        const b = await (await open()).createStudy({ name: n, fingerprint: { space: 'g1' } }, { loadIfExists: true });
        expect((await b.getTrials()).map((t) => t.params)).toEqual([{ x: 1 }]);
      });

      it('refuses to resume with a different fingerprint, naming the part, unless ignoreMismatch', async () => {
        const s = await open();
        const n = uniqueName('mismatch');
        await s.createStudy({ name: n, fingerprint: { space: '{"alpha":[1,2]}', scoring: '["score"]' } });
        const other = await open();
        const attempt = other.createStudy({ name: n, fingerprint: { space: '{"alpha":[1,2,3]}', scoring: '["score"]' } }, { loadIfExists: true });
        await expect(attempt).rejects.toBeInstanceOf(StudyMismatchError);
        await expect(attempt).rejects.toThrow(
          `The study "${n}" in ${options.location()} was created with a different space:\n` +
            '  space: {"alpha":[1,2]} in the study, {"alpha":[1,2,3]} now\n' +
            'Resume it with the same search, choose another study name, or pass ignoreMismatch: true to resume it anyway.',
        );
        await expect(attempt).rejects.toMatchObject({ parts: ['space'], argument: 'studyName', value: n, expected: 'a study created with the same space' });
        const forced = await other.createStudy({ name: n, fingerprint: { space: 'other' } }, { loadIfExists: true, ignoreMismatch: true });
        expect(forced.study.fingerprint).toEqual({ space: '{"alpha":[1,2]}', scoring: '["score"]' });
      });

      it('says which studies exist when one is missing', async () => {
        const s = await open();
        const n = uniqueName('present');
        await s.createStudy({ name: n });
        const err = await (await open()).loadStudy('no-such-study').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StudyNotFoundError);
        expect((err as Error).message).toMatch(new RegExp(`^No study named "no-such-study" in ${options.location().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\. It holds .*"${n}"`));
        expect(err).toMatchObject({ argument: 'studyName', value: 'no-such-study', expected: expect.stringMatching(new RegExp(`^one of .*"${n}"`)) });
      });
    });

    describe('trials', () => {
      it('gives ids in order and records the life cycle', async () => {
        const s = await study();
        const a = await s.createTrial({ params: { x: 1 } });
        const b = await s.createTrial({ params: { x: 2 }, budget: 3, meta: { rung: 0 } });
        expect([a.id, b.id, a.state]).toEqual([0, 1, 'running']);
        await s.reportIntermediate(0, 0, 0.5);
        await s.setTrialAttrs(0, { note: 'hi' });
        await s.setTrialAttrs(0, { more: [1, 2] });
        const done = await s.finishTrial(0, { state: 'complete', values: [0.7], attrs: { final: true } });
        expect(done).toMatchObject({ id: 0, state: 'complete', values: [0.7], intermediate: [{ step: 0, value: 0.5 }], attrs: { note: 'hi', more: [1, 2], final: true } });
        const trials = await s.getTrials();
        expect(trials.map((t) => t.state)).toEqual(['complete', 'running']);
        expect(trials[1]).toMatchObject({ params: { x: 2 }, budget: 3, meta: { rung: 0 } });
        const pruned = await s.finishTrial(1, { state: 'pruned' });
        expect(pruned.state).toBe('pruned');
      });

      it('keeps what JSON lacks: NaN, Infinity, typed arrays, nested attributes, failures', async () => {
        const s = await study();
        await s.createTrial({ params: { a: null, b: 'x', c: [1, 2.5], d: -Infinity } });
        await s.setTrialAttrs(0, { scores: { acc: NaN }, arr: Float64Array.of(1, NaN), deep: { $weird: 1, list: [Infinity] } });
        await s.finishTrial(0, { state: 'complete', values: [NaN] });
        await s.createTrial({ params: {} });
        await s.finishTrial(1, { state: 'failed', error: 'Error: boom' });
        const [t0, t1] = (await (await open()).loadStudy(s.study.name).then((x) => x.getTrials())) as [Trial, Trial];
        expect(t0.params).toEqual({ a: null, b: 'x', c: [1, 2.5], d: -Infinity });
        expect(t0.state === 'complete' && t0.values[0]).toBeNaN();
        expect(t0.attrs.scores).toEqual({ acc: NaN });
        expect(t0.attrs.arr).toEqual(Float64Array.of(1, NaN));
        expect(t0.attrs.deep).toEqual({ $weird: 1, list: [Infinity] });
        expect(t1).toMatchObject({ state: 'failed', error: 'Error: boom' });
      });

      it('refuses to change a finished trial', async () => {
        const s = await study();
        await s.createTrial({ params: {} });
        await s.finishTrial(0, { state: 'failed', error: 'x' });
        await expect(s.finishTrial(0, { state: 'complete', values: [1] })).rejects.toThrow(
          new UpdateFinishedTrialError('Cannot mark the trial complete: trial 0 is already failed.'),
        );
        await expect(s.reportIntermediate(0, 1, 1)).rejects.toBeInstanceOf(UpdateFinishedTrialError);
        await expect(s.setTrialAttrs(0, { a: 1 })).rejects.toBeInstanceOf(UpdateFinishedTrialError);
      });

      it('gives frozen snapshots that later writes do not change', async () => {
        const s = await study();
        await s.createTrial({ params: { x: 1 } });
        const before = await s.getTrials();
        await s.setTrialAttrs(0, { a: 1 });
        await s.finishTrial(0, { state: 'complete', values: [1] });
        expect(before[0]).toMatchObject({ state: 'running', attrs: {} });
        expect(Object.isFrozen(before)).toBe(true);
        const after = await s.getTrials();
        expect(after[0]!.state).toBe('complete');
        expect(Object.isFrozen(after[0])).toBe(true);
        expect(Object.isFrozen(after[0]!.params)).toBe(true);
      });

      it('keeps studies apart', async () => {
        const a = await study();
        const b = await study();
        await a.createTrial({ params: { in: 'a' } });
        expect(await b.getTrials()).toEqual([]);
        expect((await a.getTrials()).length).toBe(1);
      });
    });

    describe('the queue', () => {
      it('enqueues waiting trials and claims them oldest first', async () => {
        const s = await study();
        const queued = await s.enqueueTrials([{ params: { i: 0 } }, { params: { i: 1 }, meta: { iter: 0 } }]);
        expect(queued?.map((t) => [t.id, t.state])).toEqual([
          [0, 'waiting'],
          [1, 'waiting'],
        ]);
        expect((await s.getTrials()).map((t) => t.state)).toEqual(['waiting', 'waiting']);
        await s.registerWorker(worker('w1'));
        const first = await s.claimTrial('w1');
        expect(first).toMatchObject({ id: 0, state: 'running', worker: 'w1', params: { i: 0 } });
        expect(first).not.toHaveProperty('waiting');
        expect((await s.claimTrial('w1'))?.id).toBe(1);
        expect(await s.claimTrial('w1')).toBeUndefined();
        await s.finishTrial(1, { state: 'complete', values: [2] });
        expect((await s.getTrials()).map((t) => t.state)).toEqual(['running', 'complete']);
      });

      it('enqueues nothing when the expected count is stale', async () => {
        const s = await study();
        expect(await s.enqueueTrials([{ params: {} }], { expectedCount: 0 })).toHaveLength(1);
        expect(await s.enqueueTrials([{ params: {} }], { expectedCount: 0 })).toBeUndefined();
        expect(await s.enqueueTrials([{ params: {} }, { params: {} }], { expectedCount: 1 })).toHaveLength(2);
        expect((await s.getTrials()).length).toBe(3);
      });

      it('gives every trial to exactly one of several racing workers', async () => {
        const s = await study();
        const n = 40;
        await s.enqueueTrials(Array.from({ length: n }, (_, i) => ({ params: { i } })));
        const handles = await Promise.all([0, 1, 2, 3].map(async () => (await open()).loadStudy(s.study.name)));
        const got = await Promise.all(
          handles.map(async (h, k) => {
            await h.registerWorker(worker(`racer${k}`));
            const mine: number[] = [];
            for (let t = await h.claimTrial(`racer${k}`); t !== undefined; t = await h.claimTrial(`racer${k}`)) {
              mine.push(t.id);
              await h.finishTrial(t.id, { state: 'complete', values: [t.id] });
            }
            return mine;
          }),
        );
        const all = got.flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
        const trials = await s.getTrials();
        expect(trials.every((t) => t.state === 'complete')).toBe(true);
      });
    });

    describe('heartbeats', () => {
      it('re-queues the trial of a silent worker after the grace period, keeping its attributes', async () => {
        const s = await study();
        await s.enqueueTrials([{ params: { x: 1 } }]);
        const dead = await (await open()).loadStudy(s.study.name);
        await dead.registerWorker(worker('silent'));
        await dead.claimTrial('silent');
        await dead.setTrialAttrs(0, { split0: 0.5 });
        await dead.reportIntermediate(0, 0, 0.5);
        expect(await s.reapStaleTrials({ graceMs: 60_000 })).toEqual([]);
        await sleep(300);
        expect(await s.reapStaleTrials({ graceMs: 100, requeue: true })).toEqual([{ trialId: 0, worker: 'silent', action: 'requeued' }]);
        const [t] = await s.getTrials();
        expect(t).toMatchObject({ state: 'waiting', attrs: { split0: 0.5, requeued: 1 }, intermediate: [] });
        await expect(dead.reportIntermediate(0, 1, 0.7)).rejects.toThrow(
          new TrialClaimLostError('Cannot report an intermediate value: trial 0 was taken from its worker and waits in the queue again (its heartbeat lapsed).'),
        );
        await s.registerWorker(worker('alive'));
        expect((await s.claimTrial('alive'))?.id).toBe(0);
        await expect(dead.finishTrial(0, { state: 'complete', values: [1] })).rejects.toBeInstanceOf(TrialClaimLostError);
        await expect(dead.setTrialAttrs(0, { late: 1 })).rejects.toBeInstanceOf(TrialClaimLostError);
        await expect(dead.reportIntermediate(0, 1, 0.7)).rejects.toBeInstanceOf(TrialClaimLostError);
        expect((await s.getTrials())[0]).toMatchObject({ attrs: { split0: 0.5, requeued: 1 }, intermediate: [] });
        expect((await s.finishTrial(0, { state: 'complete', values: [2] })).state).toBe('complete');
      });

      it('keeps the trial of a worker that heart-beats', async () => {
        const s = await study();
        await s.enqueueTrials([{ params: {} }]);
        await s.registerWorker(worker('beating'));
        await s.claimTrial('beating');
        // silent for 600 ms in all, never more than 150 ms at a time (plus the time of one heartbeat and one reap, well under the grace period)
        for (let i = 0; i < 4; i++) {
          await sleep(150);
          await s.heartbeat('beating');
          expect(await s.reapStaleTrials({ graceMs: 450 })).toEqual([]);
        }
        const workers = await s.getWorkers();
        const w = workers.find((x) => x.id === 'beating');
        expect(w !== undefined && w.lastSeen - w.startedAt).toBeGreaterThanOrEqual(450);
      });

      it('fails the trial instead when told not to re-queue, or after maxRequeues', async () => {
        const s = await study();
        await s.enqueueTrials([{ params: {} }, { params: {} }]);
        await s.registerWorker(worker('gone'));
        await s.claimTrial('gone');
        await s.claimTrial('gone');
        await sleep(150);
        const reaped = await s.reapStaleTrials({ graceMs: 50, requeue: false });
        expect(reaped.map((r) => r.action)).toEqual(['failed', 'failed']);
        const [t] = await s.getTrials();
        expect(t?.state === 'failed' && t.error).toMatch(/^StaleTrialError: the worker gone stopped while running this trial \(it has not heart-beaten for \d+\.\d s \(grace period [\d.]+ s\)\)\.$/);
        const s2 = await study();
        await s2.enqueueTrials([{ params: {} }]);
        await s2.registerWorker(worker('once'));
        await s2.claimTrial('once');
        await sleep(150);
        expect((await s2.reapStaleTrials({ graceMs: 50, maxRequeues: 1 }))[0]?.action).toBe('requeued');
        await s2.claimTrial('once');
        await sleep(150);
        expect((await s2.reapStaleTrials({ graceMs: 50, maxRequeues: 1 }))[0]?.action).toBe('failed');
      });

      it('reaps at once a worker of this host whose process is gone', async () => {
        const { hostname } = await import('node:os');
        const s = await study();
        await s.enqueueTrials([{ params: {} }]);
        await s.registerWorker(worker('crashed', deadPid(), hostname()));
        await s.claimTrial('crashed');
        const reaped = await s.reapStaleTrials({ graceMs: 3_600_000 });
        expect(reaped).toEqual([{ trialId: 0, worker: 'crashed', action: 'requeued' }]);
      });

      it('records workers leaving', async () => {
        const s = await study();
        await s.registerWorker(worker('leaver'));
        await s.unregisterWorker('leaver');
        const w = (await s.getWorkers()).find((x) => x.id === 'leaver');
        expect(w?.exitedAt).toBeTypeOf('number');
      });
    });
  });
}
