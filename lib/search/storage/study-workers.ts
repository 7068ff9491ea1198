/**
 * Study workers: the processes (or study loops in a process) that run the trials
 * of a shared study, as the storages know them. Not the threads or child
 * processes of an `nJobs` pool (those are the executors' pool workers), nor the
 * `tunekit worker` command itself (a worker process, see `lib/search/worker/`).
 *
 * A study worker is a process on a host; a worker on this host whose process
 * is gone is dead at once, any other is presumed dead when it has been silent
 * for the grace period.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { checkBoolean, checkInteger, checkReal } from '../../core/validate.js';
import type { StalePolicy, StorageOptions, WorkerInfo } from './storage.js';
import { DEFAULT_GRACE_PERIOD, DEFAULT_HEARTBEAT_INTERVAL } from './storage.js';

/**
 * A fresh worker identity for this process.
 * @example
 * ```ts
 * newWorker().id; // 'build-7:4242:9f3a2c'
 * ```
 */
export function newWorker(): WorkerInfo {
  const host = hostname();
  return { id: `${host}:${process.pid}:${randomBytes(3).toString('hex')}`, host, pid: process.pid };
}

/** True when the worker ran on this host and its process no longer exists. */
export function processGone(worker: Pick<WorkerInfo, 'host' | 'pid'>): boolean {
  if (worker.host !== hostname() || !Number.isInteger(worker.pid) || worker.pid <= 0) return false;
  if (worker.pid === process.pid) return false;
  try {
    process.kill(worker.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Why a worker is presumed dead, or undefined when it may be alive. */
export function deathOf(worker: Pick<WorkerInfo, 'host' | 'pid'> & { readonly lastSeen: number; readonly exitedAt?: number | undefined }, now: number, graceMs: number): string | undefined {
  if (worker.exitedAt !== undefined) return 'it left';
  if (processGone(worker)) return `its process ${worker.pid} is gone`;
  const silent = now - worker.lastSeen;
  if (silent > graceMs) return `it has not heart-beaten for ${(silent / 1000).toFixed(1)} s (grace period ${(graceMs / 1000).toFixed(1)} s)`;
  return undefined;
}

/** The stale-trial policy from storage options, validated. */
export function stalePolicyOf(owner: string, options: StorageOptions): StalePolicy {
  const heartbeat = checkReal(owner, 'heartbeatInterval', options.heartbeatInterval ?? DEFAULT_HEARTBEAT_INTERVAL, { min: 0, minInclusive: false });
  const grace = checkReal(owner, 'gracePeriod', options.gracePeriod ?? DEFAULT_GRACE_PERIOD, { min: heartbeat, minInclusive: false });
  const requeue = checkBoolean(owner, 'requeueStaleTrials', options.requeueStaleTrials ?? true);
  const maxRequeues = options.maxRequeues === undefined || options.maxRequeues === Infinity ? Infinity : checkInteger(owner, 'maxRequeues', options.maxRequeues, { min: 0 });
  return { heartbeatMs: heartbeat * 1000, graceMs: grace * 1000, requeue, maxRequeues };
}

/** The message of a dead worker's failed trial. */
export function staleTrialMessage(worker: string, why: string): string {
  return `StaleTrialError: the worker ${worker} stopped while running this trial (${why}).`;
}
