/**
 * The storage contract: where studies and their trials live.
 *
 * Two levels. {@link Storage} is one study's trials as a {@link Study} reads and
 * writes them: trials are created running, may receive intermediate values and
 * attributes, and are finished exactly once; a finished trial is never modified,
 * and what a caller has read is never changed by later writes (snapshots).
 *
 * {@link StorageBackend} holds several named studies (memory, a journal file,
 * PostgreSQL). Opening a study there gives a {@link StudyStorage}: a `Storage`
 * that several workers share, with a queue of waiting trials that workers claim
 * atomically (no candidate runs twice), heartbeats, and the reaping of trials
 * whose worker stopped heart-beating (re-queued or failed after a grace period).
 * Every method is async so that file and database storages fit the same shape;
 * `spec/contracts/storage.contract.ts` checks every backend against it.
 */
import type { ParamSet } from '../space/parameter-grid.js';
import type { Direction, FinishedTrial, RunningTrial, Trial, TrialOutcome, WaitingTrial } from '../trial.js';

/** What is known of a trial when it starts. */
export interface TrialInit {
  readonly params: ParamSet;
  readonly budget?: number | undefined;
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
}

/** Keeps the trials of one study. */
export interface Storage {
  /** Creates a running trial with the next id. */
  createTrial(init: TrialInit): Promise<RunningTrial>;
  /** Records an intermediate value of a running trial. */
  reportIntermediate(trialId: number, step: number, value: number): Promise<void>;
  /** Merges attributes into a running trial. */
  setTrialAttrs(trialId: number, attrs: Readonly<Record<string, unknown>>): Promise<void>;
  /** Finishes a running trial; throws if it is already finished. */
  finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishedTrial>;
  /** Every trial, in id order (a snapshot). */
  getTrials(): Promise<readonly Trial[]>;
}

/** What defines a study: its name, direction(s), what must match to resume it, and its settings. */
export interface StudySpec {
  /** The study's name, unique in its storage. */
  readonly name: string;
  /** One direction per objective value. @default ['maximize'] */
  readonly directions?: readonly Direction[] | undefined;
  /**
   * The parts that must be the same for a process to resume or join the study
   * (search space, scoring, data...), each as a canonical text or hash. Compared
   * part by part when the study is opened again.
   * @default {}
   */
  readonly fingerprint?: Readonly<Record<string, string>> | undefined;
  /** Sampler settings and facts kept with the study and not compared (the seed, nIter). @default {} */
  readonly settings?: Readonly<Record<string, unknown>> | undefined;
}

/** A stored study. */
export interface StudyRecord {
  readonly name: string;
  readonly directions: readonly Direction[];
  readonly fingerprint: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Creation time (ms since the epoch). */
  readonly createdAt: number;
}

/** Options of {@link StorageBackend.createStudy}. */
export interface CreateStudyOptions {
  /** Resume the study when one of that name exists instead of failing with `DuplicatedStudyError`. @default false */
  readonly loadIfExists?: boolean | undefined;
  /** Resume even when the existing study's fingerprint differs (a changed search space or scoring). @default false */
  readonly ignoreMismatch?: boolean | undefined;
}

/** Who runs trials: a process (or a study loop in it) on a machine. */
export interface WorkerInfo {
  /** Unique: host, pid and a random part. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
}

/** A worker as the storage knows it. */
export interface WorkerRecord extends WorkerInfo {
  /** When it registered (ms since the epoch). */
  readonly startedAt: number;
  /** Its last heartbeat (ms since the epoch; the database's clock for PostgreSQL). */
  readonly lastSeen: number;
  /** When it left cleanly, if it did. */
  readonly exitedAt?: number | undefined;
}

/** How the trials of silent workers are handled. */
export interface StalePolicy {
  /** Milliseconds between a worker's heartbeats. */
  readonly heartbeatMs: number;
  /** A worker silent this long is presumed dead; its running trials are reaped. */
  readonly graceMs: number;
  /** Put a dead worker's trial back in the queue (true) or finish it as failed (false). */
  readonly requeue: boolean;
  /** After this many re-queues a trial is failed instead (a trial that keeps killing its workers). */
  readonly maxRequeues: number;
}

/** A trial taken from a dead worker. */
export interface ReapedTrial {
  readonly trialId: number;
  readonly worker: string;
  readonly action: 'requeued' | 'failed';
}

/** Options of {@link StudyStorage.enqueueTrials}. */
export interface EnqueueOptions {
  /**
   * Enqueue only if the study still has exactly this many trials; otherwise
   * enqueue nothing and return undefined (another worker proposed first).
   * @default undefined (always enqueue)
   */
  readonly expectedCount?: number | undefined;
}

/** One study in a shared storage: the trials, the queue and the workers. */
export interface StudyStorage extends Storage {
  /** The study's record. */
  readonly study: StudyRecord;
  /** Where the storage is (a path, a URL without its password), for messages. */
  readonly location: string;
  /** The heartbeat and grace period every worker of this storage uses. */
  readonly stalePolicy: StalePolicy;
  /** Adds waiting trials at the end (ids in order), atomically; see {@link EnqueueOptions.expectedCount}. */
  enqueueTrials(inits: readonly TrialInit[], options?: EnqueueOptions): Promise<readonly WaitingTrial[] | undefined>;
  /** Takes the oldest waiting trial for a worker, atomically: no two workers get the same trial. */
  claimTrial(worker: string): Promise<RunningTrial | undefined>;
  /** Records a worker (before it claims trials). */
  registerWorker(info: WorkerInfo): Promise<void>;
  /** Says the worker is alive. */
  heartbeat(worker: string): Promise<void>;
  /** Records that the worker left cleanly. */
  unregisterWorker(worker: string): Promise<void>;
  /**
   * Re-queues (or fails) the running trials of workers that have not heart-beaten
   * for the grace period, or whose process is gone (same host).
   */
  reapStaleTrials(policy?: Partial<StalePolicy>): Promise<readonly ReapedTrial[]>;
  /** The workers that ever registered, with their last heartbeat. */
  getWorkers(): Promise<readonly WorkerRecord[]>;
}

/** A storage of several named studies. */
export interface StorageBackend {
  /** Where the storage is (a path, a URL without its password), for messages. */
  readonly location: string;
  /**
   * Creates a study, or with `loadIfExists` opens the existing one after checking
   * that its fingerprint matches.
   * @throws `DuplicatedStudyError`, `StudyMismatchError`
   */
  createStudy(spec: StudySpec, options?: CreateStudyOptions): Promise<StudyStorage>;
  /** Opens an existing study. @throws `StudyNotFoundError` naming the studies there. */
  loadStudy(name: string): Promise<StudyStorage>;
  /** Every study, in creation order. */
  getStudies(): Promise<readonly StudyRecord[]>;
  /** Releases files and connections. */
  close(): Promise<void>;
}

/** True for a storage that holds studies (memory, journal, PostgreSQL). */
export function isStorageBackend(value: unknown): value is StorageBackend {
  const v = value as Partial<StorageBackend> | null;
  return typeof v === 'object' && v !== null && typeof v.createStudy === 'function' && typeof v.loadStudy === 'function';
}

/** True for one study of a shared storage (it has a queue). */
export function isStudyStorage(value: unknown): value is StudyStorage {
  const v = value as Partial<StudyStorage> | null;
  return typeof v === 'object' && v !== null && typeof v.claimTrial === 'function' && typeof v.enqueueTrials === 'function';
}

/** Options every shared storage takes. */
export interface StorageOptions {
  /** Seconds between a worker's heartbeats. @default 10 */
  readonly heartbeatInterval?: number | undefined;
  /** Seconds of silence after which a worker is presumed dead (a worker on this machine whose process is gone is presumed dead at once). @default 60 */
  readonly gracePeriod?: number | undefined;
  /** Put a dead worker's trial back in the queue (true) or finish it as failed (false). @default true */
  readonly requeueStaleTrials?: boolean | undefined;
  /** Re-queues after which such a trial is failed instead. @default Infinity */
  readonly maxRequeues?: number | undefined;
}

/** The default seconds between heartbeats. */
export const DEFAULT_HEARTBEAT_INTERVAL = 10;
/** The default grace period in seconds. */
export const DEFAULT_GRACE_PERIOD = 60;
