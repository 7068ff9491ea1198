/**
 * JournalStorage: studies in an append-only file of JSON lines, one operation a
 * line, each written with one `O_APPEND` write and flushed to disk (`fdatasync`)
 * before it counts. Several processes on one machine may share a journal: each
 * appends its operations and replays the file in order, and an operation that
 * lost a race (a second claim of one trial) changes nothing. There is no lock
 * to leave behind: a process killed at any moment loses at most the operation
 * it was writing.
 *
 * A process killed in the middle of a long write leaves a torn last line; it
 * is skipped on replay, and an operation appended after it is still read.
 * Local file systems only: `O_APPEND` is not atomic over NFS.
 */
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkBoolean, checkParam, satisfies } from '../../core/validate.js';
import { decodeValue, encodeValue, resolveRefs } from './codec.js';
import { StorageError } from './errors.js';
import type { OpLog } from './log-study-storage.js';
import { createLogStudy, listStudies, loadLogStudy } from './log-study-storage.js';
import type { CreateStudyOptions, StalePolicy, StorageBackend, StorageOptions, StudyRecord, StudySpec, StudyStorage } from './storage.js';
import type { OpResult, StampedOp, StorageOp } from './study-state.js';
import { StorageState } from './study-state.js';
import { stalePolicyOf } from './study-workers.js';

/** The journal format this version writes and reads. */
export const JOURNAL_FORMAT_VERSION = 1;
const FORMAT = 'tunekit-journal';
const RECORD_START = '{"op":"';

/** Options of {@link JournalStorage}. */
export interface JournalStorageOptions extends StorageOptions {
  /** Flush every record to disk before going on (`fdatasync`); off trades durability for speed. @default true */
  readonly fsync?: boolean | undefined;
}

class JournalLog implements OpLog {
  readonly state = new StorageState();
  private handle: FileHandle | undefined;
  private offset = 0;
  private line = 1;
  private tail: Buffer = Buffer.alloc(0);
  private readonly results = new Map<string, OpResult>();
  private readonly awaited = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();
  private sawHeader = false;

  constructor(
    readonly location: string,
    private readonly fsync: boolean,
  ) {}

  /** Runs `task` after every earlier one of this process (reads and writes share the offset). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async file(): Promise<FileHandle> {
    if (this.handle !== undefined) return this.handle;
    let handle: FileHandle;
    try {
      handle = await open(this.location, 'a+');
    } catch (error) {
      throw new StorageError(`Cannot open the journal ${this.location}: ${(error as Error).message}`, {
        argument: 'path',
        value: this.location,
        expected: 'a file this process can read and append to (its folder must exist)',
      });
    }
    this.handle = handle;
    await this.readNew();
    // another process may be writing the header right now
    for (let i = 0; i < 10 && !this.sawHeader && this.offset === 0 && this.tail.toString().startsWith('{"op":"journal"'); i++) {
      await new Promise((r) => setTimeout(r, 10));
      await this.readNew();
    }
    if (!this.sawHeader) {
      if (this.offset > 0 || this.tail.length > 0) throw this.foreign(this.tail.toString('utf8', 0, 80));
      await this.append({ op: 'journal', format: FORMAT, version: JOURNAL_FORMAT_VERSION, rid: rid(), t: Date.now() });
      await this.readNew();
    }
    return handle;
  }

  private foreign(first: string): StorageError {
    return new StorageError(
      `${this.location} is not a tunekit journal: its first line is not a "${FORMAT}" header (it starts ${JSON.stringify(first.slice(0, 60))}). ` +
        'Give JournalStorage the path of a new file or of a journal tunekit wrote.',
      { argument: 'path', value: this.location, expected: 'a new file or a tunekit journal' },
    );
  }

  private async append(record: Record<string, unknown>): Promise<void> {
    const handle = this.handle as FileHandle;
    await handle.write(`${JSON.stringify(record)}\n`);
    if (this.fsync) await handle.datasync();
  }

  /** Reads and applies the complete lines written since the last read. */
  private async readNew(): Promise<void> {
    const handle = this.handle as FileHandle;
    const { size } = await handle.stat();
    const start = this.offset + this.tail.length;
    if (size <= start) return;
    const fresh = Buffer.alloc(size - start);
    let got = 0;
    while (got < fresh.length) {
      const { bytesRead } = await handle.read(fresh, got, fresh.length - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const data = Buffer.concat([this.tail, fresh.subarray(0, got)]);
    let from = 0;
    for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
      await this.applyLine(data.toString('utf8', from, nl));
      from = nl + 1;
      this.line++;
    }
    this.offset += from;
    this.tail = Buffer.from(data.subarray(from));
  }

  private async applyLine(text: string): Promise<void> {
    if (text.trim() === '') return;
    const record = parseRecord(text);
    if (record === undefined) {
      if (!this.sawHeader) throw this.foreign(text);
      throw new StorageError(`The journal ${this.location} is damaged at line ${this.line}: ${JSON.stringify(text.slice(0, 80))} is not a journal record.`, {
        argument: 'path',
        value: this.location,
        expected: 'a journal of whole JSON records (only the last line may be torn)',
      });
    }
    if (record.op === 'journal') {
      if (record.format !== FORMAT) throw this.foreign(text);
      if (typeof record.version !== 'number' || record.version > JOURNAL_FORMAT_VERSION) {
        throw new StorageError(
          `${this.location} is a tunekit journal of format version ${String(record.version)}, newer than this tunekit reads (${JOURNAL_FORMAT_VERSION}). Upgrade tunekit on this machine.`,
          { argument: 'path', value: this.location, expected: `a journal of format version ${JOURNAL_FORMAT_VERSION} or older` },
        );
      }
      this.sawHeader = true;
      return;
    }
    if (!this.sawHeader) throw this.foreign(text);
    const decoded = decodeValue(record);
    const op = (decoded.hasRefs ? await resolveRefs(decoded.value) : decoded.value) as StampedOp;
    const result = this.state.apply(op);
    if (this.awaited.has(op.rid)) this.results.set(op.rid, result);
  }

  async sync(): Promise<void> {
    await this.serial(async () => {
      await this.file();
      await this.readNew();
    });
  }

  async commit(op: StorageOp): Promise<OpResult & { rid: string }> {
    const id = rid();
    // "op" first: a line glued to a torn one is found by its start (RECORD_START)
    const { op: kind, ...rest } = op;
    const record = { op: kind, rid: id, t: Date.now(), ...rest };
    const encoded = encodeValue(record, `the ${op.op} record`) as Record<string, unknown>;
    return this.serial(async () => {
      await this.file();
      this.awaited.add(id);
      try {
        await this.append(encoded);
        for (let attempt = 0; attempt < 50; attempt++) {
          await this.readNew();
          const result = this.results.get(id);
          if (result !== undefined) return { ...result, rid: id };
          await new Promise((r) => setTimeout(r, 2));
        }
        throw new StorageError(`The record ${id} written to ${this.location} could not be read back.`);
      } finally {
        this.awaited.delete(id);
        this.results.delete(id);
      }
    });
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await this.handle?.close();
      this.handle = undefined;
    });
  }
}

function rid(): string {
  return randomBytes(8).toString('hex');
}

/**
 * A journal line as a record. A line that a torn write glued to the front of a
 * record (a process killed mid-write, then another appended) is read from the
 * record's start.
 */
function parseRecord(text: string): Record<string, unknown> | undefined {
  const tryParse = (s: string): Record<string, unknown> | undefined => {
    try {
      const v = JSON.parse(s) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { op?: unknown }).op === 'string' ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const whole = tryParse(text);
  if (whole !== undefined) return whole;
  for (let i = text.indexOf(RECORD_START, 1); i > 0; i = text.indexOf(RECORD_START, i + 1)) {
    const record = tryParse(text.slice(i));
    if (record !== undefined) return record;
  }
  return undefined;
}

/**
 * Studies kept in a journal file: the embedded default for durable runs. A
 * search given `storage: new JournalStorage('search.jsonl')` (or just the path)
 * and a `studyName` records every split as it finishes; run it again after a
 * crash and it resumes where it stopped. Worker processes on the same machine
 * can share the file (`tunekit worker --storage search.jsonl`).
 *
 * @example
 * ```ts
 * const storage = new JournalStorage('ridge.jsonl');
 * await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { storage, studyName: 'ridge' }).fit(X, y);
 * ```
 */
export class JournalStorage implements StorageBackend {
  readonly location: string;
  private readonly log: JournalLog;
  private readonly policy: StalePolicy;

  constructor(path: string, options: JournalStorageOptions = {}) {
    checkParam('JournalStorage', 'path', path, satisfies('a file path', (v) => typeof v === 'string' && v.length > 0), { kind: 'argument' });
    this.location = resolve(path);
    this.policy = stalePolicyOf('JournalStorage', options);
    this.log = new JournalLog(this.location, checkBoolean('JournalStorage', 'fsync', options.fsync ?? true));
  }

  async createStudy(spec: StudySpec, options: CreateStudyOptions = {}): Promise<StudyStorage> {
    return createLogStudy('JournalStorage', this.log, spec, options, this.policy);
  }

  async loadStudy(name: string): Promise<StudyStorage> {
    return loadLogStudy(this.log, name, this.policy);
  }

  async getStudies(): Promise<readonly StudyRecord[]> {
    await this.log.sync();
    return listStudies(this.log);
  }

  async close(): Promise<void> {
    await this.log.close();
  }
}
