/**
 * `runWorker`: runs the trials of an existing study as one worker process,
 * until the study is finished: what `tunekit worker` does, callable from code.
 *
 * The worker runs the search's own `work(data, { storage, studyName })` (every
 * cross-validated search has it) and steers it through the study loop's hooks
 * only: a drain signal (a timeout or a signal lets the running trials end and
 * takes no new one), and the study worker's start and each trial's start, end
 * or loss, which it records. It sees searches only through `work`, so it
 * imports nothing from `model-selection`.
 */
import { openStorage } from '../storage/open-storage.js';
import type { StudyStorage, WorkerInfo } from '../storage/storage.js';
import { newWorker } from '../storage/study-workers.js';
import { resolveSources, waitForStudy, workerSources } from './worker-module.js';
import type { RunWorkerOptions, WorkerHandle, WorkerReport, WorkerStopReason } from './worker-options.js';
import { checkRunWorkerOptions } from './worker-options.js';
import { WorkerStop, WorkerTrialLog } from './worker-trials.js';

/**
 * Runs trials of an existing study as one worker until the study is finished
 * (every candidate of a grid has run, a model-based search has proposed its
 * `nIter`), the timeout passes or the signal aborts. Stopping is graceful: the
 * running trials end and are recorded, no new one is claimed. The storage is
 * opened (and closed) here when given as a string.
 *
 * The study must exist: the search script creates it (`fit(X, y, { runTrials:
 * false })` creates it, waits for the workers, then refits). The search must be
 * the same as the one that created the study (space, estimator, scoring, data):
 * a different one is refused with `StudyMismatchError`.
 *
 * @throws {InvalidParameterError} for bad options or a module without `search` and `data`.
 * @throws `StudyNotFoundError` naming the studies there; `StudyMismatchError`;
 *   `StorageError` for an unreachable server or a foreign file.
 * @example
 * ```ts
 * import { runWorker } from 'tunekit';
 * const report = await runWorker({ module: './search.ts', storage: 'postgresql://tunekit@db/tuning', studyName: 'svc' });
 * console.log(report.stopReason, report.counts); // 'finished' { complete: 12, pruned: 0, failed: 0, lost: 0 }
 *
 * // or with the objects themselves
 * await runWorker({ search, data: { X, y }, storage: 'ridge.jsonl', studyName: 'ridge', timeout: 3600 });
 * ```
 */
export async function runWorker(options: RunWorkerOptions): Promise<WorkerReport> {
  const o = checkRunWorkerOptions(options);
  const started = performance.now();
  const sources = await workerSources(o);
  const backend = typeof o.storage === 'string' ? openStorage(o.storage, o.storageOptions) : o.storage;
  const log = new WorkerTrialLog(o.onTrial);
  const stop = new WorkerStop(o.signal, o.timeout);
  const identity: WorkerInfo = o.host === undefined ? newWorker() : { ...newWorker(), host: o.host };
  let registered: WorkerInfo | undefined;
  let stopReason: WorkerStopReason;
  try {
    await waitForStudy(backend, o.studyName, o.waitSeconds, () => stop.cause !== undefined);
    const { search, data } = await resolveSources(sources);
    if (stop.cause !== undefined) stopReason = stop.cause;
    else {
      const onWorkerStart = (worker: WorkerInfo, study: StudyStorage): void => {
        registered = worker;
        o.onStart?.(workerHandle(worker, study, stop));
      };
      const request = { storage: backend, studyName: o.studyName, drain: stop.drain, worker: identity, hooks: { ...log.hooks, onWorkerStart } };
      const result = await search.work(data, o.nJobs === undefined ? request : { ...request, nJobs: o.nJobs });
      stopReason = result.stopReason === 'exhausted' ? 'finished' : (stop.cause ?? 'search');
    }
  } finally {
    stop.dispose();
    if (typeof o.storage === 'string') await backend.close().catch(() => undefined);
  }
  return { worker: registered?.id, studyName: o.studyName, location: backend.location, stopReason, trials: log.events, counts: log.counts(), seconds: (performance.now() - started) / 1000 };
}

/** The running worker as `onStart` sees it: its identity, its study, and a way to give up at once. */
function workerHandle(worker: WorkerInfo, study: StudyStorage, stop: WorkerStop): WorkerHandle {
  return {
    ...worker,
    study: study.study,
    location: study.location,
    abandon: async () => {
      stop.request('signal');
      await study.unregisterWorker(worker.id);
      await study.reapStaleTrials();
    },
  };
}
