/**
 * In-memory storage: the default, for one process.
 */
import type { FinishedTrial, RunningTrial, Trial, TrialOutcome } from '../trial.js';
import { UpdateFinishedTrialError } from './errors.js';
import type { OpLog } from './log-study-storage.js';
import { LogStudyStorage, createLogStudy, listStudies, loadLogStudy } from './log-study-storage.js';
import type { CreateStudyOptions, StalePolicy, Storage, StorageBackend, StorageOptions, StudyRecord, StudySpec, StudyStorage, TrialInit } from './storage.js';
import type { OpResult, StorageOp } from './study-state.js';
import { StorageState } from './study-state.js';
import { stalePolicyOf } from './study-workers.js';

export { UpdateFinishedTrialError };

class MemoryLog implements OpLog {
  readonly location = 'memory';
  readonly state = new StorageState();
  private n = 0;

  async commit(op: StorageOp): Promise<OpResult & { rid: string }> {
    const rid = `m${++this.n}`;
    return { ...this.state.apply({ ...op, rid, t: Date.now() }), rid };
  }

  async sync(): Promise<void> {}
}

/**
 * Trials kept in memory: fast, and gone with the process.
 *
 * Given to a {@link Study} directly it is that study's storage (one unnamed
 * study). It is also a {@link StorageBackend}: `createStudy` holds named studies
 * with the queue, claims and heartbeats of the shared storages, so a search
 * given `storage: new MemoryStorage()` and a `studyName` behaves as it would on a
 * journal or PostgreSQL, within one process.
 *
 * @example
 * ```ts
 * const study = new Study({ sampler, storage: new MemoryStorage() });
 * const shared = await new MemoryStorage().createStudy({ name: 'ridge', directions: ['maximize'] });
 * ```
 */
export class MemoryStorage implements Storage, StorageBackend {
  readonly location = 'memory';
  private readonly log = new MemoryLog();
  private readonly policy: StalePolicy;
  private unnamed: LogStudyStorage | undefined;

  constructor(options: StorageOptions = {}) {
    this.policy = stalePolicyOf('MemoryStorage', options);
  }

  private get own(): LogStudyStorage {
    if (this.unnamed === undefined) {
      const record = this.log.state.apply({ op: 'study', spec: { name: '' }, rid: 'm0', t: Date.now() }).study as StudyRecord;
      this.unnamed = new LogStudyStorage(this.log, record, this.policy);
    }
    return this.unnamed;
  }

  async createTrial(init: TrialInit): Promise<RunningTrial> {
    return this.own.createTrial(init);
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    return this.own.reportIntermediate(trialId, step, value);
  }

  async setTrialAttrs(trialId: number, attrs: Readonly<Record<string, unknown>>): Promise<void> {
    return this.own.setTrialAttrs(trialId, attrs);
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishedTrial> {
    return this.own.finishTrial(trialId, outcome);
  }

  async getTrials(): Promise<readonly Trial[]> {
    return this.own.getTrials();
  }

  async createStudy(spec: StudySpec, options: CreateStudyOptions = {}): Promise<StudyStorage> {
    return createLogStudy('MemoryStorage', this.log, spec, options, this.policy);
  }

  async loadStudy(name: string): Promise<StudyStorage> {
    return loadLogStudy(this.log, name, this.policy);
  }

  async getStudies(): Promise<readonly StudyRecord[]> {
    return listStudies(this.log);
  }

  async close(): Promise<void> {}
}
