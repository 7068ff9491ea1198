/**
 * Worker identity and liveness, shared by the storages: a worker is a process on
 * a host; a worker on this host whose process is gone is dead at once, any other
 * is presumed dead when it has been silent for the grace period.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { checkBoolean, checkInteger, checkReal } from '../../core/validate.js';
import { DuplicatedStudyError, StudyMismatchError, StudyNotFoundError } from './errors.js';
import type { StalePolicy, StorageOptions, StudyRecord, StudySpec, WorkerInfo } from './storage.js';
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

/** A study record from a spec, with the defaults filled in. */
export function studyRecordOf(spec: StudySpec, createdAt: number): StudyRecord {
  return Object.freeze({
    name: spec.name,
    directions: Object.freeze([...(spec.directions ?? ['maximize'])]),
    fingerprint: Object.freeze({ ...(spec.fingerprint ?? {}) }),
    settings: Object.freeze({ ...(spec.settings ?? {}) }),
    createdAt,
  });
}

function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Checks that an existing study can be resumed with a spec: same directions and,
 * unless `ignoreMismatch`, the same fingerprint parts.
 *
 * @throws {DuplicatedStudyError} without `loadIfExists`; {@link StudyMismatchError} naming the parts that differ.
 */
export function checkResume(existing: StudyRecord, spec: StudySpec, location: string, options: { loadIfExists?: boolean | undefined; ignoreMismatch?: boolean | undefined }): void {
  if (options.loadIfExists !== true) {
    throw new DuplicatedStudyError(`A study named "${spec.name}" already exists in ${location}. Pass loadIfExists: true to resume it, or choose another study name.`, {
      argument: 'studyName',
      value: spec.name,
      expected: `a name not yet used in ${location} (or loadIfExists: true)`,
    });
  }
  if (options.ignoreMismatch === true) return;
  const wanted = spec.fingerprint ?? {};
  const parts: string[] = [];
  const lines: string[] = [];
  const directions = spec.directions ?? ['maximize'];
  if (directions.join() !== existing.directions.join()) {
    parts.push('directions');
    lines.push(`directions: ${existing.directions.join(', ')} in the study, ${directions.join(', ')} now`);
  }
  for (const key of [...new Set([...Object.keys(existing.fingerprint), ...Object.keys(wanted)])].sort()) {
    const was = existing.fingerprint[key];
    const now = wanted[key];
    if (was === now) continue;
    parts.push(key);
    lines.push(`${key}: ${was === undefined ? '(none)' : shorten(was)} in the study, ${now === undefined ? '(none)' : shorten(now)} now`);
  }
  if (parts.length === 0) return;
  throw new StudyMismatchError(
    `The study "${spec.name}" in ${location} was created with a different ${parts.join(', ')}:\n  ${lines.join('\n  ')}\n` +
      'Resume it with the same search, choose another study name, or pass ignoreMismatch: true to resume it anyway.',
    parts,
    { argument: 'studyName', value: spec.name, expected: `a study created with the same ${parts.join(', ')}` },
  );
}

/** The error for a study that does not exist, listing the ones that do. */
export function studyNotFound(name: string, location: string, names: readonly string[]): StudyNotFoundError {
  const there = names.length === 0 ? 'It holds no studies yet' : `It holds ${names.map((n) => `"${n}"`).join(', ')}`;
  return new StudyNotFoundError(`No study named "${name}" in ${location}. ${there}. Create it first (run the search script), or check the study name.`, {
    argument: 'studyName',
    value: name,
    expected: names.length === 0 ? `a study created in ${location} first` : `one of ${names.map((n) => `"${n}"`).join(', ')}`,
  });
}
