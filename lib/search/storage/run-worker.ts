/**
 * `runWorker`: runs the trials of an existing study as one worker, until the
 * study is finished: what `tunekit worker` does, callable from code.
 *
 * The worker works through the search's `work(data, { storage, studyName })`
 * (every cross-validated search has it). This module adds what a long-running
 * worker process needs around it: loading a worker module, waiting for the
 * study to exist, a graceful stop (a timeout or a signal lets the running trial
 * end and takes no new one), an immediate stop that hands the running trial back
 * to the queue, and a record of what the worker did.
 *
 * It sees searches only through their `work` method, so it sits with the
 * storages and imports nothing from `model-selection`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TunekitError } from '../../core/errors.js';
import { checkInteger, checkParam, checkReal, formatValue, invalidParameter, satisfies } from '../../core/validate.js';
import type { FinishedTrial, RunningTrial, Trial, TrialOutcome } from '../trial.js';
import { StudyNotFoundError, TrialClaimLostError } from './errors.js';
import type { JournalStorageOptions } from './journal-storage.js';
import { openStorage } from './open-storage.js';
import type { PostgresStorageOptions } from './postgres-storage.js';
import type {
  CreateStudyOptions,
  EnqueueOptions,
  ReapedTrial,
  StalePolicy,
  StorageBackend,
  StudyRecord,
  StudySpec,
  StudyStorage,
  TrialInit,
  WorkerInfo,
  WorkerRecord,
} from './storage.js';
import { isStorageBackend } from './storage.js';

/** The data a worker fits on: what a worker module's `data` export gives (the `SearchData` of the searches). */
export interface WorkerData {
  readonly X: unknown;
  readonly y?: unknown;
  readonly groups?: unknown;
  readonly fitOptions?: unknown;
}

/** What a worker needs of a search: `work` (every `BaseSearchCV` has it). */
export interface WorkableSearch {
  work(
    data: WorkerData,
    options: { readonly storage: StorageBackend; readonly studyName: string; readonly nJobs?: number | undefined },
  ): Promise<{ readonly stopReason: string; readonly trials: readonly Trial[] }>;
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

/** Thrown into the study loop when the worker is told to stop taking trials. */
class WorkerStopping extends TunekitError {
  override name = 'WorkerStopping';
}

const OWNER = 'runWorker';

/**
 * A study as a worker sees it: every call goes to the storage; a stopping
 * worker refuses to claim (which ends the study loop once the running trials
 * end), and the trials this worker claimed and finished are reported.
 */
class WorkerStudy implements StudyStorage {
  readonly held = new Map<number, { trial: RunningTrial; since: number }>();
  workerId: string | undefined;
  stopping = false;

  constructor(
    private readonly inner: StudyStorage,
    private readonly host: string | undefined,
    private readonly onEnd: (event: WorkerTrialEvent) => void,
    private readonly onRegistered: (worker: WorkerInfo) => void,
  ) {}

  get study(): StudyRecord {
    return this.inner.study;
  }

  get location(): string {
    return this.inner.location;
  }

  get stalePolicy(): StalePolicy {
    return this.inner.stalePolicy;
  }

  private hold(trial: RunningTrial): RunningTrial {
    this.held.set(trial.id, { trial, since: performance.now() });
    return trial;
  }

  async createTrial(init: TrialInit): Promise<RunningTrial> {
    return this.hold(await this.inner.createTrial(init));
  }

  async enqueueTrials(inits: readonly TrialInit[], options?: EnqueueOptions): Promise<readonly RunningTrial[] | undefined> {
    return this.inner.enqueueTrials(inits, options);
  }

  async claimTrial(worker: string): Promise<RunningTrial | undefined> {
    if (this.stopping) throw new WorkerStopping('The worker is stopping.');
    const trial = await this.inner.claimTrial(worker);
    return trial === undefined ? undefined : this.hold(trial);
  }

  /** Reports the end of a trial this worker held (once). */
  private end(trialId: number, state: WorkerTrialEvent['state'], extra: Partial<WorkerTrialEvent> = {}): void {
    const held = this.held.get(trialId);
    if (held === undefined) return;
    this.held.delete(trialId);
    this.onEnd({ trialId, state, params: held.trial.params, seconds: (performance.now() - held.since) / 1000, ...extra });
  }

  /** Runs a write to a held trial; a trial taken from this worker is reported `lost`. */
  private async write<T>(trialId: number, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof TrialClaimLostError) this.end(trialId, 'lost');
      throw error;
    }
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    await this.write(trialId, () => this.inner.reportIntermediate(trialId, step, value));
  }

  async setTrialAttrs(trialId: number, attrs: Readonly<Record<string, unknown>>): Promise<void> {
    await this.write(trialId, () => this.inner.setTrialAttrs(trialId, attrs));
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishedTrial> {
    const finished = await this.write(trialId, () => this.inner.finishTrial(trialId, outcome));
    this.end(trialId, finished.state, finished.state === 'complete' ? { value: finished.values[0] } : finished.state === 'failed' ? { error: finished.error } : {});
    return finished;
  }

  async getTrials(): Promise<readonly Trial[]> {
    return this.inner.getTrials();
  }

  async registerWorker(info: WorkerInfo): Promise<void> {
    const reported = this.host === undefined ? info : { ...info, host: this.host };
    this.workerId = reported.id;
    await this.inner.registerWorker(reported);
    this.onRegistered(reported);
  }

  async heartbeat(worker: string): Promise<void> {
    await this.inner.heartbeat(worker);
  }

  async unregisterWorker(worker: string): Promise<void> {
    await this.inner.unregisterWorker(worker);
  }

  async reapStaleTrials(policy?: Partial<StalePolicy>): Promise<readonly ReapedTrial[]> {
    return this.inner.reapStaleTrials(policy);
  }

  async getWorkers(): Promise<readonly WorkerRecord[]> {
    return this.inner.getWorkers();
  }
}

/** A storage whose studies are opened as {@link WorkerStudy} (one per study name). */
class WorkerBackend implements StorageBackend {
  readonly opened = new Map<string, WorkerStudy>();

  constructor(
    private readonly inner: StorageBackend,
    private readonly wrap: (study: StudyStorage) => WorkerStudy,
  ) {}

  get location(): string {
    return this.inner.location;
  }

  private view(study: StudyStorage): WorkerStudy {
    let view = this.opened.get(study.study.name);
    if (view === undefined) this.opened.set(study.study.name, (view = this.wrap(study)));
    return view;
  }

  async createStudy(spec: StudySpec, options?: CreateStudyOptions): Promise<StudyStorage> {
    return this.view(await this.inner.createStudy(spec, options));
  }

  async loadStudy(name: string): Promise<StudyStorage> {
    return this.view(await this.inner.loadStudy(name));
  }

  async getStudies(): Promise<readonly StudyRecord[]> {
    return this.inner.getStudies();
  }

  async close(): Promise<void> {
    // the caller of runWorker owns the storage
  }
}

function isWorkable(value: unknown): value is WorkableSearch {
  return typeof value === 'object' && value !== null && typeof (value as { work?: unknown }).work === 'function';
}

async function resolveLazy<T>(value: Lazy<T> | undefined): Promise<T | undefined> {
  return typeof value === 'function' ? await (value as () => T | Promise<T>)() : value;
}

/** Loads a worker module's `search` and `data` exports. */
async function loadWorkerModule(path: string): Promise<{ search: unknown; data: unknown }> {
  const file = resolve(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(file)) {
      throw invalidParameter(OWNER, 'module', 'the path of a worker module', path, { kind: 'option', hint: `No file at ${file}.` });
    }
    if (e.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw invalidParameter(OWNER, 'module', 'a module Node can load', path, { kind: 'option', hint: 'A .ts module needs tsx: run "tunekit worker" (which registers it) or "npx tsx".' });
    }
    throw error;
  }
  const fallback = (mod.default ?? {}) as Record<string, unknown>;
  const pick = (name: string): unknown => (name in mod ? mod[name] : typeof fallback === 'object' && fallback !== null ? fallback[name] : undefined);
  const search = pick('search');
  const data = pick('data');
  const missing = [search === undefined ? '"search"' : undefined, data === undefined ? '"data"' : undefined].filter((m) => m !== undefined);
  if (missing.length > 0) {
    throw invalidParameter(OWNER, 'module', 'a module exporting "search" (a search or a function returning one) and "data" ({ X, y } or a function returning it)', path, {
      kind: 'option',
      hint: `${file} does not export ${missing.join(' or ')}; it exports ${formatValue(Object.keys(mod))}.`,
    });
  }
  return { search, data };
}

/** Waits until the study exists (or `seconds` pass, or `stopped()`): a worker may start before the search script. */
async function waitForStudy(backend: StorageBackend, name: string, seconds: number, stopped: () => boolean): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (stopped()) return;
    try {
      await backend.loadStudy(name);
      return;
    } catch (error) {
      if (!(error instanceof StudyNotFoundError) || Date.now() >= deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(10, deadline - Date.now()))));
  }
}

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
  checkParam(OWNER, 'options', options, satisfies('an options object', (v) => typeof v === 'object' && v !== null), { kind: 'argument' });
  const o = options;
  checkParam(OWNER, 'storage', o.storage, satisfies('a storage, a journal path or a postgresql:// URL', (v) => (typeof v === 'string' && v.length > 0) || isStorageBackend(v)), { kind: 'option' });
  const studyName = checkParam<string>(OWNER, 'studyName', o.studyName, satisfies('a non-empty string', (v) => typeof v === 'string' && v.length > 0), { kind: 'option' });
  const nJobs = o.nJobs === undefined ? undefined : checkInteger(OWNER, 'nJobs', o.nJobs, { min: -1 });
  const timeout = o.timeout === undefined ? undefined : checkReal(OWNER, 'timeout', o.timeout, { min: 0, minInclusive: false });
  const waitSeconds = checkReal(OWNER, 'waitForStudy', o.waitForStudy ?? 0, { min: 0 });
  const host = o.host === undefined ? undefined : checkParam<string>(OWNER, 'host', o.host, satisfies('a non-empty string', (v) => typeof v === 'string' && v.length > 0), { kind: 'option' });
  if ((o.module === undefined) === (o.search === undefined)) {
    throw invalidParameter(OWNER, o.module === undefined ? 'search' : 'module', 'given alone: either a worker module or a search with its data', o.module === undefined ? o.search : o.module, { kind: 'option' });
  }
  if (o.signal !== undefined) checkParam(OWNER, 'signal', o.signal, satisfies('an AbortSignal', (v) => v instanceof AbortSignal), { kind: 'option' });

  const started = performance.now();
  let searchSource: unknown = o.search;
  let dataSource: unknown = o.data;
  if (o.module !== undefined) {
    checkParam(OWNER, 'module', o.module, satisfies('the path of a worker module', (v) => typeof v === 'string' && v.length > 0), { kind: 'option' });
    ({ search: searchSource, data: dataSource } = await loadWorkerModule(o.module));
  } else if (o.data === undefined) {
    throw invalidParameter(OWNER, 'data', 'the data to fit on ({ X, y } or a function returning it)', undefined, { kind: 'option' });
  }

  const owned = typeof o.storage === 'string';
  const backend = typeof o.storage === 'string' ? openStorage(o.storage, o.storageOptions) : o.storage;
  const events: WorkerTrialEvent[] = [];
  let view: WorkerStudy | undefined;
  let stopCause: 'timeout' | 'signal' | undefined;
  const wrapped = new WorkerBackend(backend, (study) => {
    const v = new WorkerStudy(
      study,
      host,
      (event) => {
        events.push(event);
        o.onTrial?.(event);
      },
      (worker) =>
        o.onStart?.({
          ...worker,
          study: v.study,
          location: v.location,
          abandon: async () => {
            v.stopping = true;
            await v.unregisterWorker(worker.id);
            await v.reapStaleTrials();
          },
        }),
    );
    v.stopping = stopCause !== undefined;
    view = v;
    return v;
  });
  const stop = (cause: 'timeout' | 'signal'): void => {
    stopCause ??= cause;
    if (view !== undefined) view.stopping = true;
  };
  const onAbort = (): void => stop('signal');
  const timer = timeout === undefined ? undefined : setTimeout(() => stop('timeout'), timeout * 1000);
  if (o.signal?.aborted === true) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });

  let stopReason: WorkerStopReason;
  try {
    await waitForStudy(backend, studyName, waitSeconds, () => stopCause !== undefined);
    const search = await resolveLazy(searchSource as Lazy<WorkableSearch>);
    if (!isWorkable(search)) {
      throw invalidParameter(OWNER, 'search', 'a search with a work method (GridSearchCV, BayesSearchCV, …) or a function returning one', search, { kind: 'option' });
    }
    const data = await resolveLazy(dataSource as Lazy<WorkerData>);
    if (typeof data !== 'object' || data === null || !('X' in data)) {
      throw invalidParameter(OWNER, 'data', 'an object { X, y?, groups?, fitOptions? } or a function returning one', data, { kind: 'option' });
    }
    if (stopCause !== undefined) {
      stopReason = stopCause;
    } else {
      try {
        const result = await search.work(data, { storage: wrapped, studyName, ...(nJobs === undefined ? {} : { nJobs }) });
        stopReason = result.stopReason === 'exhausted' ? 'finished' : 'search';
      } catch (error) {
        if (!(error instanceof WorkerStopping)) throw error;
        stopReason = stopCause ?? 'signal';
      }
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
    if (owned) await backend.close().catch(() => undefined);
  }
  const counts = { complete: 0, pruned: 0, failed: 0, lost: 0 };
  for (const e of events) counts[e.state]++;
  return {
    worker: (view as WorkerStudy | undefined)?.workerId,
    studyName,
    location: backend.location,
    stopReason,
    trials: events,
    counts,
    seconds: (performance.now() - started) / 1000,
  };
}
