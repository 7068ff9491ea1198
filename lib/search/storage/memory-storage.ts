/**
 * In-memory storage: the default, for one process.
 */
import { UpdateFinishedTrialError } from './errors.js';
import type { OpLog } from './log-study-storage.js';
import { LogStudyStorage, createLogStudy, listStudies, loadLogStudy } from './log-study-storage.js';
import type { CreateStudyOptions, StorageBackend, StorageOptions, StudyRecord, StudySpec, StudyStorage } from './storage.js';
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
 * A `MemoryStorage` is a {@link StorageBackend}: `createStudy` holds named
 * studies with the queue, claims and heartbeats of the shared storages, so a
 * search given `storage: new MemoryStorage()` and a `studyName` behaves as it
 * would on a journal or PostgreSQL, within one process. It is also the
 * {@link StudyStorage} of one unnamed study of its own (not listed by
 * `getStudies`): what a {@link Study} keeps its trials in by default.
 *
 * @example
 * ```ts
 * const study = new Study({ sampler, storage: new MemoryStorage() });
 * const shared = await new MemoryStorage().createStudy({ name: 'ridge', directions: ['maximize'] });
 * ```
 */
export class MemoryStorage extends LogStudyStorage implements StorageBackend {
  private readonly memory: MemoryLog;

  constructor(options: StorageOptions = {}) {
    const log = new MemoryLog();
    const unnamed = log.state.apply({ op: 'study', spec: { name: '' }, rid: 'm0', t: Date.now() }).study as StudyRecord;
    super(log, unnamed, stalePolicyOf('MemoryStorage', options));
    this.memory = log;
  }

  async createStudy(spec: StudySpec, options: CreateStudyOptions = {}): Promise<StudyStorage> {
    return createLogStudy('MemoryStorage', this.memory, spec, options, this.stalePolicy);
  }

  async loadStudy(name: string): Promise<StudyStorage> {
    return loadLogStudy(this.memory, name, this.stalePolicy);
  }

  async getStudies(): Promise<readonly StudyRecord[]> {
    return listStudies(this.memory);
  }

  async close(): Promise<void> {}
}
