/**
 * What a cross-validated search keeps in a shared storage: the study's
 * fingerprint (what must match for a process to resume or join it), its
 * settings (the seed every process uses), and the key of each (candidate, split)
 * result, so that a resumed search reuses every split that finished before a
 * crash.
 */
import { createHash } from 'node:crypto';
import type { DenseMatrix, TargetLike, Vector } from '../core/data.js';
import { InvalidParameterError } from '../core/errors.js';
import { freshSeed } from '../core/rng.js';
import { formatValue } from '../core/validate.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import { canonicalJson, stableHash } from '../search/storage/codec.js';
import { StudyNotFoundError } from '../search/storage/errors.js';
import { openStorage } from '../search/storage/open-storage.js';
import type { StorageBackend, StudySpec, StudyStorage } from '../search/storage/storage.js';
import { isStorageBackend } from '../search/storage/storage.js';
import { checkResume } from '../search/storage/study-records.js';
import type { SplitResult } from './fit-and-score.js';
import type { SplitPair } from './split/base.js';

/** Where a search keeps its study. */
export interface SearchStorageOptions {
  readonly storage: StorageBackend | string;
  readonly studyName: string;
  readonly loadIfExists?: boolean | undefined;
  readonly ignoreMismatch?: boolean | undefined;
}

/** Options of the searches that are run-time choices, not part of what the study computes. */
const RUNTIME_OPTIONS = new Set([
  'verbose', 'nJobs', 'parallelBackend', 'maxMemoryMb', 'handleSigint', 'callbacks', 'timeout', 'signal',
  'storage', 'studyName', 'loadIfExists', 'ignoreMismatch', 'nIter', 'scoring', 'refit', 'cv',
]);

/** What the fingerprint of a search's study is made of. */
export interface SearchFingerprintInput {
  readonly owner: string;
  readonly estimator: unknown;
  readonly space: unknown;
  readonly options: object;
  readonly metrics: readonly string[];
  readonly refitMetric: string | undefined;
  readonly X: DenseMatrix;
  readonly y: TargetLike | undefined;
  readonly groups: Vector | undefined;
  readonly splits: readonly SplitPair[];
}

function hashData(X: DenseMatrix, y: unknown, groups: unknown, splits: readonly SplitPair[]): string {
  const hash = createHash('sha256');
  const bytes = (a: ArrayBufferView) => hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  hash.update(`${X.rows}x${X.columns};`);
  bytes(X.values);
  for (const v of [y, groups]) {
    if (ArrayBuffer.isView(v)) bytes(v);
    else hash.update(canonicalJson(v ?? null));
    hash.update(';');
  }
  for (const [train, test] of splits) {
    bytes(train);
    hash.update('|');
    bytes(test);
    hash.update(';');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The fingerprint of a search's study: `space` (the grid, distributions or
 * dimensions), `search` (the class and its settings, `nIter` aside so that a
 * study can be extended), `estimator` (class and params), `scoring` (metrics and
 * the refit metric), `data` (a hash of X, y, groups and the CV splits).
 */
export function searchFingerprint(input: SearchFingerprintInput): Record<string, string> {
  const settings = Object.fromEntries(Object.entries(input.options).filter(([k]) => !RUNTIME_OPTIONS.has(k)));
  return {
    space: canonicalJson(input.space),
    search: canonicalJson({ owner: input.owner, ...settings }),
    estimator: canonicalJson(input.estimator),
    scoring: canonicalJson({ metrics: input.metrics, refit: input.refitMetric ?? null, scoring: (input.options as { scoring?: unknown }).scoring ?? null }),
    data: `sha256:${hashData(input.X, input.y, input.groups, input.splits)}`,
  };
}

/** The key of one candidate's result on one split: its params, budget, split (index and rows) and seed. */
export function splitKey(params: ParamSet, budget: number | undefined, split: number, splitHash: string, seed: number): string {
  return `split:${stableHash([params, budget ?? null, split, splitHash, seed])}`;
}

/** A short hash of each split's rows. */
export function splitHashes(splits: readonly SplitPair[]): string[] {
  return splits.map(([train, test]) => `${stableHash(train)}${stableHash(test)}`);
}

/** The split results recorded in a trial's attributes, by key. */
export function recordedSplits(attrs: Readonly<Record<string, unknown>>): Map<string, SplitResult> {
  const found = new Map<string, SplitResult>();
  for (const [k, v] of Object.entries(attrs)) if (k.startsWith('split:') && typeof v === 'object' && v !== null) found.set(k, v as SplitResult);
  return found;
}

/** Checks the storage options of a search (at construction). */
export function checkStorageOptions(owner: string, options: { storage?: unknown; studyName?: unknown }): void {
  const { storage, studyName } = options;
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
}

/** A search's study, opened: the study, its seed, and how to close what was opened for it. */
export interface OpenedStudy {
  readonly study: StudyStorage;
  readonly seed: number;
  close(): Promise<void>;
}

/**
 * Opens the storage and reads the seed of an existing study (a fresh one for a
 * new study), before the sampler is made.
 */
export async function prepareStudy(options: SearchStorageOptions): Promise<{ backend: StorageBackend; owned: boolean; seed: number; exists: boolean }> {
  const owned = typeof options.storage === 'string';
  const backend = typeof options.storage === 'string' ? openStorage(options.storage) : options.storage;
  try {
    const existing = await backend.loadStudy(options.studyName);
    const seed = existing.study.settings.seed;
    return { backend, owned, seed: typeof seed === 'number' ? seed : freshSeed(), exists: true };
  } catch (error) {
    if (error instanceof StudyNotFoundError) return { backend, owned, seed: freshSeed(), exists: false };
    if (owned) await backend.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Creates or resumes the study (`create`), or joins an existing one as a worker
 * (`join`: it must exist and match).
 */
export async function openStudy(
  prepared: { backend: StorageBackend; owned: boolean },
  spec: StudySpec,
  options: SearchStorageOptions,
  mode: 'create' | 'join',
): Promise<OpenedStudy> {
  const { backend, owned } = prepared;
  const close = async () => {
    if (owned) await backend.close();
  };
  try {
    let study: StudyStorage;
    if (mode === 'join') {
      study = await backend.loadStudy(spec.name);
      checkResume(study.study, spec, backend.location, { loadIfExists: true, ignoreMismatch: options.ignoreMismatch });
    } else {
      study = await backend.createStudy(spec, { loadIfExists: options.loadIfExists ?? true, ignoreMismatch: options.ignoreMismatch });
    }
    const seed = study.study.settings.seed;
    return { study, seed: typeof seed === 'number' ? seed : 0, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
