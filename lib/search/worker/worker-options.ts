/**
 * The options and the report of {@link runWorker}: what a worker process is
 * given (a worker module, or a search and its data; the storage and the study),
 * what it tells its caller as it goes, and what it did.
 */
import { checkInteger, checkParam, checkReal, invalidParameter, satisfies } from '../../core/validate.js';
import type { JournalStorageOptions } from '../storage/journal-storage.js';
import type { PostgresStorageOptions } from '../storage/postgres-storage.js';
import type { StorageBackend, StudyRecord, WorkerInfo } from '../storage/storage.js';
import { isStorageBackend } from '../storage/storage.js';
import type { StudyHooks } from '../study.js';
import type { Trial } from '../trial.js';

/** The data a worker fits on: what a worker module's `data` export gives (the `SearchData` of the searches). */
export interface WorkerData {
  readonly X: unknown;
  readonly y?: unknown;
  readonly groups?: unknown;
  readonly fitOptions?: unknown;
}

/** What a worker process asks of a search's `work` (every `BaseSearchCV` has it). */
export interface WorkRequest {
  readonly storage: StorageBackend;
  readonly studyName: string;
  /** Parallel fits in this worker (the search's `nJobs` otherwise). */
  readonly nJobs?: number | undefined;
  /** Aborted when the worker is told to stop: no new trial starts, the running ones end. */
  readonly drain?: AbortSignal | undefined;
  /** This study worker's identity. */
  readonly worker?: WorkerInfo | undefined;
  /** How the study loop tells the worker what it does. */
  readonly hooks?: StudyHooks | undefined;
}

/** What a worker needs of a search: `work` (every `BaseSearchCV` has it). */
export interface WorkableSearch {
  work(data: WorkerData, options: WorkRequest): Promise<{ readonly stopReason: string; readonly trials: readonly Trial[] }>;
}

/** A value, or a (possibly async) function returning it: how a worker module exports `search` and `data`. */
export type Lazy<T> = T | (() => T | Promise<T>);

/** One trial this worker ended. */
export interface WorkerTrialEvent {
  readonly trialId: number;
  /** How it ended here; `lost` when it was taken from this worker (its heartbeat lapsed) before it finished. */
  readonly state: 'complete' | 'pruned' | 'failed' | 'lost';
  readonly params: Readonly<Record<string, unknown>>;
  /** The objective's first value (complete trials). */
  readonly value?: number | undefined;
  /** The error of a failed trial. */
  readonly error?: string | undefined;
  /** Seconds from the claim to the end. */
  readonly seconds: number;
}

/** The running worker, given to `onStart`. */
export interface WorkerHandle {
  /** The worker's id (host, pid and a random part). */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** The study's record. */
  readonly study: StudyRecord;
  /** Where the storage is (without password). */
  readonly location: string;
  /**
   * Gives up at once: records that this worker left and re-queues (or fails, per
   * the storage's policy) the trials it holds, so other workers take them over
   * without waiting for the grace period. For a process about to exit.
   */
  abandon(): Promise<void>;
}

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /**
   * The path of a worker module (resolved from the current directory; `.ts`
   * needs tsx, which `tunekit worker` registers). It exports `search` (a search,
   * or a function returning one) and `data` (`{ X, y, groups?, fitOptions? }`, or
   * an async function returning it); a default export with those fields works
   * too. Give either `module` or `search` and `data`.
   * @default undefined
   */
  readonly module?: string | undefined;
  /** The search whose study this worker runs (instead of `module`). @default undefined */
  readonly search?: Lazy<WorkableSearch> | undefined;
  /** The data (instead of `module`). @default undefined */
  readonly data?: Lazy<WorkerData> | undefined;
  /** The storage: a storage object, a journal path or a `postgresql://` URL. */
  readonly storage: StorageBackend | string;
  /** The study's name in the storage; the study must exist (see `waitForStudy`). */
  readonly studyName: string;
  /** Parallel fits in this worker (the search's `nJobs` otherwise). @default the search's */
  readonly nJobs?: number | undefined;
  /** Seconds after which the worker stops taking trials (the running ones end first). @default undefined (until the study is finished) */
  readonly timeout?: number | undefined;
  /** Stops the worker like `timeout` when aborted: the running trials end, no new one starts. @default undefined */
  readonly signal?: AbortSignal | undefined;
  /** Seconds to wait for the study to be created before failing with `StudyNotFoundError`. @default 0 */
  readonly waitForStudy?: number | undefined;
  /**
   * The host name this worker reports. Trials of a dead worker that reported
   * this machine's name are re-queued as soon as its process is gone; any other
   * are re-queued after the storage's grace period.
   * @default os.hostname()
   */
  readonly host?: string | undefined;
  /** Heartbeat, grace period and re-queue policy, when `storage` is a string (a storage object has its own). @default the storage's defaults */
  readonly storageOptions?: (JournalStorageOptions & PostgresStorageOptions) | undefined;
  /** Called once the worker is registered with the study. @default undefined */
  readonly onStart?: ((worker: WorkerHandle) => void) | undefined;
  /** Called when a trial this worker ran ends. @default undefined */
  readonly onTrial?: ((event: WorkerTrialEvent) => void) | undefined;
}

/** Why a worker returned. */
export type WorkerStopReason = 'finished' | 'timeout' | 'signal' | 'search';

/** What a worker did. */
export interface WorkerReport {
  /** The worker's id (undefined when it stopped before registering). */
  readonly worker: string | undefined;
  readonly studyName: string;
  readonly location: string;
  /**
   * `finished`: the study has nothing left to run; `timeout` or `signal`: stopped
   * early, the running trials ended first; `search`: the search's own stop
   * (its `timeout` option, a callback).
   */
  readonly stopReason: WorkerStopReason;
  /** The trials this worker ran, in the order they ended. */
  readonly trials: readonly WorkerTrialEvent[];
  /** Counts of `trials` by how they ended. */
  readonly counts: Readonly<Record<WorkerTrialEvent['state'], number>>;
  /** Seconds from the start to the return. */
  readonly seconds: number;
}

const OWNER = 'runWorker';

/** The checked options of {@link runWorker}. */
export interface CheckedWorkerOptions extends RunWorkerOptions {
  readonly waitSeconds: number;
}

/** Checks the options of {@link runWorker} (before anything is opened). */
export function checkRunWorkerOptions(options: RunWorkerOptions): CheckedWorkerOptions {
  checkParam(OWNER, 'options', options, satisfies('an options object', (v) => typeof v === 'object' && v !== null), { kind: 'argument' });
  const o = options;
  const nonEmpty = satisfies('a non-empty string', (v) => typeof v === 'string' && v.length > 0);
  checkParam(OWNER, 'storage', o.storage, satisfies('a storage, a journal path or a postgresql:// URL', (v) => (typeof v === 'string' && v.length > 0) || isStorageBackend(v)), { kind: 'option' });
  checkParam<string>(OWNER, 'studyName', o.studyName, nonEmpty, { kind: 'option' });
  if (o.nJobs !== undefined) checkInteger(OWNER, 'nJobs', o.nJobs, { min: -1 });
  if (o.timeout !== undefined) checkReal(OWNER, 'timeout', o.timeout, { min: 0, minInclusive: false });
  const waitSeconds = checkReal(OWNER, 'waitForStudy', o.waitForStudy ?? 0, { min: 0 });
  if (o.host !== undefined) checkParam<string>(OWNER, 'host', o.host, nonEmpty, { kind: 'option' });
  if ((o.module === undefined) === (o.search === undefined)) {
    throw invalidParameter(OWNER, o.module === undefined ? 'search' : 'module', 'given alone: either a worker module or a search with its data', o.module === undefined ? o.search : o.module, { kind: 'option' });
  }
  if (o.signal !== undefined) checkParam(OWNER, 'signal', o.signal, satisfies('an AbortSignal', (v) => v instanceof AbortSignal), { kind: 'option' });
  if (o.module !== undefined) checkParam(OWNER, 'module', o.module, satisfies('the path of a worker module', (v) => typeof v === 'string' && v.length > 0), { kind: 'option' });
  else if (o.data === undefined) throw invalidParameter(OWNER, 'data', 'the data to fit on ({ X, y } or a function returning it)', undefined, { kind: 'option' });
  return { ...o, waitSeconds };
}
