/**
 * One study of an operation-log storage (memory, journal): every change is an
 * operation committed to the log, every read first catches up with what other
 * processes wrote. The claim of each trial this handle created or claimed is
 * kept, so that only the holder of a trial can report, set attributes and finish
 * it: a trial taken from a silent worker refuses its late writes.
 */
import { TunekitError } from '../../core/errors.js';
import { checkParam, satisfies } from '../../core/validate.js';
import type { FinishedTrial, RunningTrial, Trial, TrialOutcome, WaitingTrial } from '../trial.js';
import type {
  CreateStudyOptions,
  EnqueueOptions,
  ReapedTrial,
  StalePolicy,
  StudyRecord,
  StudySpec,
  StudyStorage,
  TrialInit,
  WorkerInfo,
  WorkerRecord,
} from './storage.js';
import type { OpResult, StorageOp, StorageState, StudyState } from './study-state.js';
import { checkResume, studyNotFound } from './study-records.js';
import { deathOf, staleTrialMessage } from './study-workers.js';

/** An operation log: the state it builds and the way to add to it. */
export interface OpLog {
  /** Where the log is, for messages. */
  readonly location: string;
  /** The state replayed so far. */
  readonly state: StorageState;
  /** Writes an operation, applies it (and any written before it) and returns its result and id. */
  commit(op: StorageOp): Promise<OpResult & { readonly rid: string }>;
  /** Applies the operations others wrote since the last call. */
  sync(): Promise<void>;
}

function unwrap<R extends OpResult>(result: R): R {
  if (result.error !== undefined) throw result.error;
  return result;
}

/** Checks a study spec's shape (name, directions, fingerprint). */
export function checkStudySpec(owner: string, spec: StudySpec): void {
  checkParam(owner, 'name', spec?.name, satisfies('a non-empty string', (v) => typeof v === 'string' && v.length > 0), { kind: 'argument' });
  if (spec.directions !== undefined) {
    checkParam(owner, 'directions', spec.directions, satisfies("an array of 'maximize' or 'minimize'", (v) => Array.isArray(v) && v.length > 0 && v.every((d) => d === 'maximize' || d === 'minimize')), { kind: 'argument' });
  }
  if (spec.fingerprint !== undefined) {
    checkParam(owner, 'fingerprint', spec.fingerprint, satisfies('a record of strings', (v) => typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string')), { kind: 'argument' });
  }
}

/** Creates or opens a study of a log (see `StorageBackend.createStudy`). */
export async function createLogStudy(owner: string, log: OpLog, spec: StudySpec, options: CreateStudyOptions, policy: StalePolicy): Promise<LogStudyStorage> {
  checkStudySpec(`${owner}.createStudy`, spec);
  await log.sync();
  const existing = log.state.studies.get(spec.name);
  if (existing !== undefined) {
    checkResume(existing.record, spec, log.location, options);
    return new LogStudyStorage(log, existing.record, policy);
  }
  const result = unwrap(await log.commit({ op: 'study', spec }));
  const record = result.study as StudyRecord;
  if (result.existed === true) checkResume(record, spec, log.location, options);
  return new LogStudyStorage(log, record, policy);
}

/** Opens an existing study of a log (see `StorageBackend.loadStudy`). */
export async function loadLogStudy(log: OpLog, name: string, policy: StalePolicy): Promise<LogStudyStorage> {
  await log.sync();
  const existing = log.state.studies.get(name);
  if (existing === undefined) throw studyNotFound(name, log.location, listStudies(log).map((s) => s.name));
  return new LogStudyStorage(log, existing.record, policy);
}

/** The named studies of a log, in creation order. */
export function listStudies(log: OpLog): StudyRecord[] {
  return [...log.state.studies.values()].map((s) => s.record).filter((r) => r.name !== '');
}

/** One study of an operation log, shared by the workers that open it. */
export class LogStudyStorage implements StudyStorage {
  private readonly claims = new Map<number, string>();

  constructor(
    private readonly log: OpLog,
    readonly study: StudyRecord,
    readonly stalePolicy: StalePolicy,
  ) {}

  get location(): string {
    return this.log.location;
  }

  private get state(): StudyState {
    const s = this.log.state.studies.get(this.study.name);
    if (s === undefined) throw new TunekitError(`The study "${this.study.name}" vanished from ${this.location}.`);
    return s;
  }

  private claimOf(trialId: number): string {
    return this.claims.get(trialId) ?? '';
  }

  async createTrial(init: TrialInit): Promise<RunningTrial> {
    const result = unwrap(await this.log.commit({ op: 'create', study: this.study.name, trial: init }));
    const trial = (result.trials as readonly Trial[])[0] as RunningTrial;
    this.claims.set(trial.id, result.rid);
    return trial;
  }

  async enqueueTrials(inits: readonly TrialInit[], options: EnqueueOptions = {}): Promise<readonly WaitingTrial[] | undefined> {
    const result = unwrap(await this.log.commit({ op: 'enqueue', study: this.study.name, expected: options.expectedCount, trials: inits }));
    return result.trials as readonly WaitingTrial[] | undefined;
  }

  async claimTrial(worker: string): Promise<RunningTrial | undefined> {
    await this.log.sync();
    if (!this.state.rows.some((r) => r.state === 'waiting')) return undefined;
    const result = unwrap(await this.log.commit({ op: 'claim', study: this.study.name, worker }));
    const trial = result.trials?.[0] as RunningTrial | undefined;
    if (trial !== undefined) this.claims.set(trial.id, result.rid);
    return trial;
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    unwrap(await this.log.commit({ op: 'report', study: this.study.name, trial: trialId, claim: this.claimOf(trialId), step, value }));
  }

  async setTrialAttrs(trialId: number, attrs: Readonly<Record<string, unknown>>): Promise<void> {
    unwrap(await this.log.commit({ op: 'attrs', study: this.study.name, trial: trialId, claim: this.claimOf(trialId), attrs }));
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishedTrial> {
    const result = unwrap(await this.log.commit({ op: 'finish', study: this.study.name, trial: trialId, claim: this.claimOf(trialId), outcome }));
    return result.finished as FinishedTrial;
  }

  async getTrials(): Promise<readonly Trial[]> {
    await this.log.sync();
    return this.state.trials();
  }

  async registerWorker(info: WorkerInfo): Promise<void> {
    unwrap(await this.log.commit({ op: 'worker', study: this.study.name, worker: info }));
  }

  async heartbeat(worker: string): Promise<void> {
    unwrap(await this.log.commit({ op: 'beat', study: this.study.name, worker }));
  }

  async unregisterWorker(worker: string): Promise<void> {
    unwrap(await this.log.commit({ op: 'exit', study: this.study.name, worker }));
  }

  async getWorkers(): Promise<readonly WorkerRecord[]> {
    await this.log.sync();
    return this.state.workerRecords();
  }

  async reapStaleTrials(policy: Partial<StalePolicy> = {}): Promise<readonly ReapedTrial[]> {
    const p = { ...this.stalePolicy, ...policy };
    await this.log.sync();
    const now = Date.now();
    const state = this.state;
    const reaped: ReapedTrial[] = [];
    for (const row of [...state.rows]) {
      if (row.state !== 'running' || row.worker === undefined || row.claim === undefined) continue;
      const w = state.workers.get(row.worker);
      if (w === undefined) continue;
      const why = deathOf({ ...w.info, lastSeen: w.lastSeen, exitedAt: w.exitedAt }, now, p.graceMs);
      if (why === undefined) continue;
      const action = p.requeue && row.requeues < p.maxRequeues ? 'requeue' : 'fail';
      const worker = row.worker;
      const result = await this.log.commit({ op: 'reap', study: this.study.name, trial: row.id, claim: row.claim, action, error: staleTrialMessage(worker, why) });
      if (result.error === undefined) reaped.push({ trialId: row.id, worker, action: action === 'requeue' ? 'requeued' : 'failed' });
    }
    return reaped;
  }
}
