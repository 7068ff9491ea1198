/**
 * The state of a storage as a sequence of operations: create a study, enqueue
 * trials, claim one, report, set attributes, finish, reap, heartbeats. The
 * memory storage applies each operation as it is made; the journal writes it to
 * a file first and every process replays the file in the same order, so each
 * reaches the same state: an operation that is no longer valid when its turn
 * comes (a second claim of one trial, a finish after a re-queue) changes nothing
 * and reports why.
 */
import { TunekitError } from '../../core/errors.js';
import type { ParamSet } from '../space/parameter-grid.js';
import type { IntermediateValue, Trial, TrialOutcome } from '../trial.js';
import { freezeTrial } from '../trial.js';
import { TrialClaimLostError, UpdateFinishedTrialError } from './errors.js';
import type { StudyRecord, StudySpec, TrialInit, WorkerInfo, WorkerRecord } from './storage.js';
import { studyRecordOf } from './study-records.js';

/** An operation on a storage (the `rid` and time are added when it is made). */
export type StorageOp =
  | { readonly op: 'study'; readonly spec: StudySpec }
  | { readonly op: 'enqueue'; readonly study: string; readonly expected?: number | undefined; readonly trials: readonly TrialInit[] }
  | { readonly op: 'create'; readonly study: string; readonly worker?: string | undefined; readonly trial: TrialInit }
  | { readonly op: 'claim'; readonly study: string; readonly worker: string }
  | { readonly op: 'report'; readonly study: string; readonly trial: number; readonly claim: string; readonly step: number; readonly value: number }
  | { readonly op: 'attrs'; readonly study: string; readonly trial: number; readonly claim: string; readonly attrs: Readonly<Record<string, unknown>> }
  | { readonly op: 'finish'; readonly study: string; readonly trial: number; readonly claim: string; readonly outcome: TrialOutcome }
  | { readonly op: 'reap'; readonly study: string; readonly trial: number; readonly claim: string; readonly action: 'requeue' | 'fail'; readonly error: string }
  | { readonly op: 'worker'; readonly study: string; readonly worker: WorkerInfo }
  | { readonly op: 'beat'; readonly study: string; readonly worker: string }
  | { readonly op: 'exit'; readonly study: string; readonly worker: string };

/** An operation as made: with its unique id and its time (ms since the epoch). */
export type StampedOp = StorageOp & { readonly rid: string; readonly t: number };

/** What applying an operation gave. */
export interface OpResult {
  /** Why the operation changed nothing, when it is an error for its maker. */
  readonly error?: Error | undefined;
  /** The study record (study op: the existing one when `existed`). */
  readonly study?: StudyRecord | undefined;
  readonly existed?: boolean | undefined;
  /** The trials created or claimed (undefined for an enqueue whose expected count was stale, or a claim with an empty queue). */
  readonly trials?: readonly Trial[] | undefined;
  /** The finished trial (finish op). */
  readonly finished?: Trial | undefined;
}

/** A trial as the state keeps it. */
export interface TrialRow {
  readonly id: number;
  state: 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';
  readonly params: ParamSet;
  readonly budget: number | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
  intermediate: IntermediateValue[];
  attrs: Record<string, unknown>;
  worker: string | undefined;
  claim: string | undefined;
  requeues: number;
  startedAt: number;
  finishedAt: number | undefined;
  values: readonly number[] | undefined;
  error: string | undefined;
  snapshot: Trial | undefined;
}

/** One study's trials and workers. */
export class StudyState {
  readonly rows: TrialRow[] = [];
  readonly workers = new Map<string, { info: WorkerInfo; startedAt: number; lastSeen: number; exitedAt: number | undefined }>();
  private snapshot: readonly Trial[] | undefined;

  constructor(readonly record: StudyRecord) {}

  /** The trials (a frozen snapshot, rebuilt after changes). */
  trials(): readonly Trial[] {
    this.snapshot ??= Object.freeze(this.rows.map(trialOf));
    return this.snapshot;
  }

  /** The workers as records. */
  workerRecords(): WorkerRecord[] {
    return [...this.workers.values()].map((w) => ({ ...w.info, startedAt: w.startedAt, lastSeen: w.lastSeen, exitedAt: w.exitedAt }));
  }

  touch(row?: TrialRow): void {
    if (row !== undefined) row.snapshot = undefined;
    this.snapshot = undefined;
  }
}

/** The trial record of a row (cached until the row changes). */
export function trialOf(row: TrialRow): Trial {
  if (row.snapshot !== undefined) return row.snapshot;
  const base = { id: row.id, params: row.params, budget: row.budget, meta: row.meta, intermediate: [...row.intermediate], attrs: { ...row.attrs }, startedAt: row.startedAt };
  let trial: Trial;
  switch (row.state) {
    case 'waiting':
      trial = { ...base, state: 'waiting' };
      break;
    case 'running':
      trial = row.worker === undefined ? { ...base, state: 'running' } : { ...base, state: 'running', worker: row.worker };
      break;
    case 'complete':
      trial = { ...base, state: 'complete', finishedAt: row.finishedAt as number, values: [...(row.values ?? [])] };
      break;
    case 'pruned':
      trial = { ...base, state: 'pruned', finishedAt: row.finishedAt as number, lastValue: row.intermediate[row.intermediate.length - 1]?.value };
      break;
    case 'failed':
      trial = { ...base, state: 'failed', finishedAt: row.finishedAt as number, error: row.error ?? '' };
      break;
  }
  row.snapshot = freezeTrial(trial);
  return row.snapshot;
}

const ACTIONS: Record<string, string> = {
  report: 'report an intermediate value',
  attrs: 'set attributes',
};

/** Every study of a storage, changed only through {@link StorageState.apply}. */
export class StorageState {
  readonly studies = new Map<string, StudyState>();

  /** Applies one operation; an invalid one changes nothing and returns its error. */
  apply(op: StampedOp): OpResult {
    if (op.op === 'study') {
      const existing = this.studies.get(op.spec.name);
      if (existing !== undefined) return { study: existing.record, existed: true };
      const study = new StudyState(studyRecordOf(op.spec, op.t));
      this.studies.set(op.spec.name, study);
      return { study: study.record, existed: false };
    }
    const study = this.studies.get(op.study);
    if (study === undefined) return { error: new TunekitError(`No study named "${op.study}".`) };
    switch (op.op) {
      case 'enqueue': {
        if (op.expected !== undefined && op.expected !== study.rows.length) return { trials: undefined };
        const rows = op.trials.map((init) => this.addRow(study, init, 'waiting', undefined, undefined, op.t));
        return { trials: rows.map(trialOf) };
      }
      case 'create':
        return { trials: [trialOf(this.addRow(study, op.trial, 'running', op.worker, op.rid, op.t))] };
      case 'claim': {
        const row = study.rows.find((r) => r.state === 'waiting');
        if (row === undefined) return { trials: undefined };
        row.state = 'running';
        row.worker = op.worker;
        row.claim = op.rid;
        row.startedAt = op.t;
        study.touch(row);
        return { trials: [trialOf(row)] };
      }
      case 'worker': {
        const known = study.workers.get(op.worker.id);
        study.workers.set(op.worker.id, { info: op.worker, startedAt: known?.startedAt ?? op.t, lastSeen: op.t, exitedAt: undefined });
        return {};
      }
      case 'beat':
      case 'exit': {
        const w = study.workers.get(op.worker);
        if (w === undefined) return { error: new TunekitError(`The worker ${op.worker} is not registered with the study "${op.study}".`) };
        w.lastSeen = Math.max(w.lastSeen, op.t);
        if (op.op === 'exit') w.exitedAt = op.t;
        return {};
      }
      case 'report':
      case 'attrs':
      case 'finish':
      case 'reap': {
        const action = op.op === 'finish' ? `mark the trial ${op.outcome.state}` : op.op === 'reap' ? `reap the trial` : (ACTIONS[op.op] as string);
        const found = this.owned(study, op.trial, op.claim, action);
        if (found instanceof Error) return { error: found };
        const row = found;
        if (op.op === 'report') row.intermediate.push({ step: op.step, value: op.value });
        else if (op.op === 'attrs') row.attrs = { ...row.attrs, ...op.attrs };
        else if (op.op === 'finish') {
          row.attrs = { ...row.attrs, ...(op.outcome.attrs ?? {}) };
          row.state = op.outcome.state;
          row.finishedAt = op.t;
          if (op.outcome.state === 'complete') row.values = [...op.outcome.values];
          if (op.outcome.state === 'failed') row.error = op.outcome.error;
          row.claim = undefined;
        } else if (op.action === 'requeue') {
          row.state = 'waiting';
          row.requeues += 1;
          row.attrs = { ...row.attrs, requeued: row.requeues };
          row.intermediate = [];
          row.worker = undefined;
          row.claim = undefined;
        } else {
          row.state = 'failed';
          row.error = op.error;
          row.finishedAt = op.t;
          row.claim = undefined;
        }
        study.touch(row);
        return op.op === 'finish' ? { finished: trialOf(row) } : {};
      }
    }
  }

  private addRow(study: StudyState, init: TrialInit, state: 'waiting' | 'running', worker: string | undefined, claim: string | undefined, t: number): TrialRow {
    const row: TrialRow = {
      id: study.rows.length,
      state,
      params: init.params,
      budget: init.budget,
      meta: Object.freeze({ ...(init.meta ?? {}) }),
      intermediate: [],
      attrs: {},
      worker,
      claim,
      requeues: 0,
      startedAt: t,
      finishedAt: undefined,
      values: undefined,
      error: undefined,
      snapshot: undefined,
    };
    study.rows.push(row);
    study.touch();
    return row;
  }

  /** The running row `id` held with `claim`, or the error saying why it is not. */
  private owned(study: StudyState, id: number, claim: string, action: string): TrialRow | Error {
    const row = study.rows[id];
    if (row === undefined) return new TunekitError(`Cannot ${action}: no trial with id ${id}.`);
    if (row.state !== 'running' && row.state !== 'waiting') return new UpdateFinishedTrialError(`Cannot ${action}: trial ${id} is already ${row.state}.`);
    if (row.state === 'waiting') {
      return new TrialClaimLostError(`Cannot ${action}: trial ${id} was taken from its worker and waits in the queue again (its heartbeat lapsed).`);
    }
    if (row.claim !== claim) {
      return new TrialClaimLostError(`Cannot ${action}: trial ${id} is no longer held by this worker; ${row.worker ?? 'another worker'} runs it now (the heartbeat lapsed).`);
    }
    return row;
  }
}
