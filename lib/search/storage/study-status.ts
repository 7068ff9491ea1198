/**
 * `studyStatus`: a study at a glance, for `tunekit status` and for code that
 * watches a study: trials by state, the best trial, and the workers with the age
 * of their last heartbeat and whether they are presumed alive.
 */
import type { Direction, Trial } from '../trial.js';
import { bestTrial } from '../trial.js';
import type { StudyStorage, WorkerRecord } from './storage.js';
import { deathOf } from './study-workers.js';

/** Trials by state (`waiting`: in the queue, not yet claimed). */
export interface TrialCounts {
  readonly total: number;
  readonly waiting: number;
  readonly running: number;
  readonly complete: number;
  readonly pruned: number;
  readonly failed: number;
}

/** The best complete trial. */
export interface BestTrial {
  readonly trialId: number;
  /** Its first objective value. */
  readonly value: number;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A worker as the status shows it. */
export interface WorkerStatus {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** `running`: heart-beating; `exited`: left cleanly; `dead`: presumed dead (see `why`). */
  readonly state: 'running' | 'exited' | 'dead';
  /** Seconds since its last heartbeat. */
  readonly lastSeenSeconds: number;
  /** Why it is presumed dead. */
  readonly why?: string | undefined;
  /** The trials it runs now. */
  readonly runningTrials: readonly number[];
}

/** A study at a glance. */
export interface StudyStatus {
  readonly study: string;
  readonly location: string;
  readonly direction: Direction;
  readonly createdAt: number;
  readonly counts: TrialCounts;
  /** Undefined while no trial is complete with a finite value. */
  readonly best: BestTrial | undefined;
  /** Every worker that registered, running ones first. */
  readonly workers: readonly WorkerStatus[];
}

/** Counts trials by state. */
export function countTrials(trials: readonly Trial[]): TrialCounts {
  const counts = { total: trials.length, waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const t of trials) {
    if (t.state === 'waiting' || t.state === 'running') counts[t.state]++;
    else counts[t.state]++;
  }
  return counts;
}

function bestOf(trials: readonly Trial[], direction: Direction): BestTrial | undefined {
  const best = bestTrial(trials, direction);
  const value = best?.values[0];
  return best === undefined || value === undefined || !Number.isFinite(value) ? undefined : { trialId: best.id, value, params: best.params };
}

function workerStatus(w: WorkerRecord, trials: readonly Trial[], now: number, graceMs: number): WorkerStatus {
  const why = w.exitedAt === undefined ? deathOf(w, now, graceMs) : undefined;
  return {
    id: w.id,
    host: w.host,
    pid: w.pid,
    state: w.exitedAt !== undefined ? 'exited' : why !== undefined ? 'dead' : 'running',
    lastSeenSeconds: Math.max(0, (now - w.lastSeen) / 1000),
    why,
    runningTrials: trials.filter((t) => t.state === 'running' && t.worker === w.id).map((t) => t.id),
  };
}

/**
 * Reads a study's status: trials by state, the best trial, and the workers.
 *
 * @example
 * ```ts
 * const study = await new PostgresStorage(url).loadStudy('svc');
 * const { counts, best, workers } = await studyStatus(study);
 * console.log(counts.complete, best?.value, workers.filter((w) => w.state === 'running').length);
 * ```
 */
export async function studyStatus(study: StudyStorage): Promise<StudyStatus> {
  const [trials, workers] = await Promise.all([study.getTrials(), study.getWorkers()]);
  const direction = study.study.directions[0] ?? 'maximize';
  const now = Date.now();
  const order = { running: 0, dead: 1, exited: 2 };
  return {
    study: study.study.name,
    location: study.location,
    direction,
    createdAt: study.study.createdAt,
    counts: countTrials(trials),
    best: bestOf(trials, direction),
    workers: workers.map((w) => workerStatus(w, trials, now, study.stalePolicy.graceMs)).sort((a, b) => order[a.state] - order[b.state]),
  };
}
