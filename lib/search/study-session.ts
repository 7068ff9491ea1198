/**
 * A study session: the study storage a search or a tuner runs on, opened once
 * with the study's seed, and closed at the end (`finally`).
 *
 * Without a storage option the session is local: a study storage of this
 * process alone (a new memory study, or a tuner's project). With `storage` and
 * `studyName` the named study is created or resumed (`'create'`) or joined as a
 * worker (`'join'`): its seed is the stored one, so that every process that
 * opens it (a resumed search, its workers) draws the same.
 */
import { InvalidParameterError } from '../core/errors.js';
import { freshSeed } from '../core/rng.js';
import { checkParam, booleanValue, formatValue } from '../core/validate.js';
import { StudyNotFoundError } from './storage/errors.js';
import { MemoryStorage } from './storage/memory-storage.js';
import { openStorage } from './storage/open-storage.js';
import type { StorageBackend, StudySpec, StudyStorage } from './storage/storage.js';
import { isStorageBackend } from './storage/storage.js';
import { checkResume } from './storage/study-records.js';
import type { StudyOptions } from './study.js';
import { Study } from './study.js';

/** Where a search or a tuner keeps its study (the one storage-options type of both). */
export interface StudyStorageOptions {
  /**
   * Where the trials are kept: a storage (`new JournalStorage(path)`,
   * `new PostgresStorage(url)`, `new MemoryStorage()`), or a journal path or a
   * `postgresql://` URL. With `studyName`, a run again with the same study
   * resumes it, and worker processes (`tunekit worker`) can run its trials.
   * See docs/distributed.md.
   * @default undefined (in memory, gone with the process)
   */
  readonly storage?: StorageBackend | string | undefined;
  /** The study's name in `storage` (both or neither). @default undefined */
  readonly studyName?: string | undefined;
  /** Resume the study when it exists (false: an existing study is a `DuplicatedStudyError`). @default true */
  readonly loadIfExists?: boolean | undefined;
  /** Resume even when the stored study was made by a different search (space, scoring, estimator, data). @default false */
  readonly ignoreMismatch?: boolean | undefined;
}

/** The option names of {@link StudyStorageOptions}. */
export const STUDY_STORAGE_OPTIONS = ['storage', 'studyName', 'loadIfExists', 'ignoreMismatch'] as const;

/** Checks the storage options of a search or a tuner (at construction). */
export function checkStudyStorageOptions(owner: string, options: StudyStorageOptions): void {
  const { storage, studyName } = options as { storage?: unknown; studyName?: unknown };
  if (storage !== undefined && !(typeof storage === 'string' && storage.length > 0) && !isStorageBackend(storage)) {
    throw new InvalidParameterError(
      `The "storage" option of ${owner} must be a storage (new JournalStorage(path), new PostgresStorage(url), new MemoryStorage()), a journal path or a postgresql:// URL. Got ${formatValue(storage)} instead.`,
      { owner, argument: 'storage', value: storage, expected: 'a storage, a path or a URL' },
    );
  }
  if ((storage === undefined) !== (studyName === undefined) || (studyName !== undefined && (typeof studyName !== 'string' || studyName.length === 0))) {
    throw new InvalidParameterError(
      `The "storage" and "studyName" options of ${owner} go together: a study is found by its name in a storage. Got storage ${formatValue(storage)} and studyName ${formatValue(studyName)}.`,
      { owner, argument: storage === undefined ? 'storage' : 'studyName', value: storage === undefined ? studyName : storage, expected: 'both, or neither' },
    );
  }
  const kind = { kind: 'option' as const };
  if (options.loadIfExists !== undefined) checkParam(owner, 'loadIfExists', options.loadIfExists, booleanValue, kind);
  if (options.ignoreMismatch !== undefined) checkParam(owner, 'ignoreMismatch', options.ignoreMismatch, booleanValue, kind);
}

/** How a session opens a named study. */
export interface OpenStudyPlan {
  /** `'create'` creates or resumes the study; `'join'` opens an existing one and checks that it matches (a worker). */
  readonly mode: 'create' | 'join';
  /** The seed of a new study. @default a fresh seed */
  readonly seed?: number | undefined;
  /**
   * The study's spec, given the seed it will have and whether it is new (a
   * tuner discovers its search space before it creates a study). Called once.
   */
  readonly spec: (seed: number, isNew: boolean) => StudySpec | Promise<StudySpec>;
}

function seedOf(storage: StudyStorage | undefined): number | undefined {
  const seed = storage?.study.settings.seed;
  return typeof seed === 'number' ? seed : undefined;
}

/**
 * The study storage of one search run (or tuner search), with the study's seed.
 * @example
 * ```ts
 * const session = await StudySession.open('MySearch', { storage: 'runs.jsonl', studyName: 'ridge' }, {
 *   mode: 'create',
 *   spec: (seed) => ({ name: 'ridge', settings: { seed } }),
 * });
 * try {
 *   await session.study({ sampler: new GridSampler({ alpha: [1, 10] }) }).optimize(objective);
 * } finally {
 *   await session.close();
 * }
 * ```
 */
export class StudySession {
  private constructor(
    /** The study storage the trials live in. */
    readonly storage: StudyStorage,
    /** The study's seed: the stored one of a named study, else the one given. */
    readonly seed: number,
    /** True for a named study of a storage, which other processes may share. */
    readonly shared: boolean,
    /** True when the study existed before this session opened it. */
    readonly resumed: boolean,
    private readonly release: () => Promise<void>,
  ) {}

  /** A session on a study storage of this process alone (by default a new memory study). */
  static local(storage: StudyStorage = new MemoryStorage(), seed: number = freshSeed()): StudySession {
    return new StudySession(storage, seed, false, false, async () => undefined);
  }

  /**
   * Opens the named study of a storage (opening the storage first when it is
   * given as a path or URL; it is closed with the session).
   * @throws `DuplicatedStudyError`, `StudyMismatchError`, `StudyNotFoundError` (join), `StorageError`.
   */
  static async open(owner: string, options: StudyStorageOptions, plan: OpenStudyPlan): Promise<StudySession> {
    if (options.storage === undefined || options.studyName === undefined) {
      throw new InvalidParameterError(`${owner} needs a storage and a study name: pass { storage, studyName }.`, { owner, argument: 'storage', value: options.storage, expected: 'a storage and a study name' });
    }
    const owned = typeof options.storage === 'string';
    const backend = typeof options.storage === 'string' ? openStorage(options.storage) : options.storage;
    const release = async (): Promise<void> => {
      if (owned) await backend.close();
    };
    try {
      const existing = await backend.loadStudy(options.studyName).catch((error: unknown) => {
        if (error instanceof StudyNotFoundError && plan.mode === 'create') return undefined;
        throw error;
      });
      const spec = await plan.spec(seedOf(existing) ?? plan.seed ?? freshSeed(), existing === undefined);
      let storage: StudyStorage;
      if (existing !== undefined && plan.mode === 'join') {
        checkResume(existing.study, spec, backend.location, { loadIfExists: true, ignoreMismatch: options.ignoreMismatch });
        storage = existing;
      } else storage = await backend.createStudy(spec, { loadIfExists: options.loadIfExists ?? true, ignoreMismatch: options.ignoreMismatch });
      return new StudySession(storage, seedOf(storage) ?? 0, true, existing !== undefined, release);
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
  }

  /** The session's study: on its storage, shared when the study is, with interrupted trials re-queued on a shared study. */
  study(options: Omit<StudyOptions, 'storage' | 'shared' | 'interruptedTrials'>): Study {
    return new Study({ ...options, storage: this.storage, shared: this.shared });
  }

  /** Releases what the session opened (a storage given as a path or URL). */
  async close(): Promise<void> {
    await this.release();
  }
}
