/**
 * `runWorker` on its own, in this process: it runs a search's `work` on an
 * existing study and steers it only through the study loop's hooks (drain,
 * worker start, trial start, end and loss). `spec/cli/worker.spec.ts` runs it
 * on journals, PostgreSQL and as the `tunekit worker` process.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { MemoryStorage } from '../../../lib/search/storage/memory-storage.js';
import type { StorageBackend } from '../../../lib/search/storage/storage.js';
import type { FinishedTrial, RunningTrial } from '../../../lib/search/trial.js';
import { runWorker } from '../../../lib/search/worker/run-worker.js';
import type { WorkableSearch, WorkerHandle, WorkRequest } from '../../../lib/search/worker/worker-options.js';

const X = Array.from({ length: 30 }, (_, i) => [i % 6, (i * 7) % 5]);
const y = X.map(([a, b], i) => a! * 2 - b! + (i % 3));
const GRID = { alpha: [0.01, 0.1, 1, 10] };
const search = () => new GridSearchCV(new Ridge(), GRID, { cv: 3 });

/** A study created by a search that leaves its trials to the workers (it refits once they are done). */
async function createStudy(storage: StorageBackend, studyName: string): Promise<{ fitted: Promise<GridSearchCV<Ridge>> }> {
  const fitted = new GridSearchCV(new Ridge(), GRID, { cv: 3, storage, studyName }).fit(X, y, { runTrials: false });
  while (!(await storage.getStudies()).some((s) => s.name === studyName)) await new Promise((r) => setTimeout(r, 5));
  return { fitted };
}

describe('runWorker', () => {
  it('runs every trial of the study and reports them; the creator then refits', async () => {
    const storage = new MemoryStorage();
    const { fitted } = await createStudy(storage, 's');
    const handles: WorkerHandle[] = [];
    const report = await runWorker({ search, data: { X, y }, storage, studyName: 's', host: 'node-7', onStart: (h) => handles.push(h) });
    expect(report).toMatchObject({ stopReason: 'finished', studyName: 's', location: 'memory', counts: { complete: 4, pruned: 0, failed: 0, lost: 0 } });
    expect(report.trials.map((t) => t.trialId).sort()).toEqual([0, 1, 2, 3]);
    expect(handles.map((h) => [h.id, h.host, h.study.name])).toEqual([[report.worker, 'node-7', 's']]);
    expect((await fitted).cvResults.params).toHaveLength(4);
  });

  it('drains when its signal aborts: the running trial ends, no new one starts', async () => {
    const storage = new MemoryStorage();
    const { fitted } = await createStudy(storage, 'd');
    const stop = new AbortController();
    const first = await runWorker({ search, data: { X, y }, storage, studyName: 'd', signal: stop.signal, onTrial: () => stop.abort() });
    expect(first.stopReason).toBe('signal');
    expect(first.trials.map((t) => t.state)).toEqual(['complete']);
    const second = await runWorker({ search, data: () => ({ X, y }), storage, studyName: 'd' });
    expect(second.trials).toHaveLength(3);
    await fitted;
  });

  it('stops before any work when its timeout passes while it waits for the study', async () => {
    const report = await runWorker({ search, data: { X, y }, storage: new MemoryStorage(), studyName: 'never', waitForStudy: 30, timeout: 0.05 });
    expect(report).toMatchObject({ stopReason: 'timeout', worker: undefined, trials: [] });
  });

  it('records what the study loop tells it: the worker’s start, and trials that end or are lost', async () => {
    const storage = new MemoryStorage();
    const study = await storage.createStudy({ name: 'fake' });
    const requests: WorkRequest[] = [];
    const trial: RunningTrial = { id: 0, state: 'running', params: { a: 1 }, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0 };
    const fake: WorkableSearch = {
      async work(_data, request) {
        requests.push(request);
        request.hooks?.onWorkerStart?.(request.worker!, study);
        request.hooks?.onTrialStart?.(trial);
        request.hooks?.onTrialEnd?.({ ...trial, state: 'complete', values: [0.5], finishedAt: 1 } as FinishedTrial);
        request.hooks?.onTrialStart?.({ ...trial, id: 1 });
        request.hooks?.onTrialLost?.({ ...trial, id: 1 });
        return { stopReason: 'exhausted', trials: [] };
      },
    };
    const report = await runWorker({ search: fake, data: { X }, storage, studyName: 'fake', host: 'h1', nJobs: 2 });
    expect(requests[0]).toMatchObject({ storage, studyName: 'fake', nJobs: 2, worker: { host: 'h1' } });
    expect(requests[0]!.drain?.aborted).toBe(false);
    expect(report.worker).toBe(requests[0]!.worker!.id);
    expect(report.trials.map((t) => [t.trialId, t.state, t.value])).toEqual([[0, 'complete', 0.5], [1, 'lost', undefined]]);
    expect(report.counts).toEqual({ complete: 1, pruned: 0, failed: 0, lost: 1 });
  });

  it('refuses options that do not go together, before opening anything', async () => {
    const storage = new MemoryStorage();
    await expect(runWorker({ search, module: 'm.ts', data: { X }, storage, studyName: 's' })).rejects.toThrow(InvalidParameterError);
    await expect(runWorker({ search, storage, studyName: 's' })).rejects.toThrow('The "data" option of runWorker must be the data to fit on ({ X, y } or a function returning it). Got undefined instead.');
    await expect(runWorker({ search, data: { X }, storage: 5 as never, studyName: 's' })).rejects.toThrow(/"storage" option of runWorker must be a storage, a journal path or a postgresql:\/\/ URL/);
    await expect(runWorker({ search: () => ({}) as never, data: { X }, storage, studyName: 's', waitForStudy: 0 })).rejects.toThrow(/No study named "s"/);
  });
});
