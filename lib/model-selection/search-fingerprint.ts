/**
 * The fingerprint of a cross-validated search's study: what must be the same
 * for a process to resume or join a study (its space, the search and its
 * settings, the estimator, the scoring, and a hash of the data and splits).
 */
import { createHash } from 'node:crypto';
import type { DenseMatrix, TargetLike, Vector } from '../core/data.js';
import { canonicalJson } from '../search/storage/codec.js';
import type { SplitPair } from './split/base.js';

/** Options of the searches that are run-time choices, not part of what the study computes. */
const RUNTIME_OPTIONS = new Set([
  'verbose', 'nJobs', 'parallelBackend', 'maxMemoryMb', 'handleSigint', 'callbacks', 'timeout', 'signal',
  'storage', 'studyName', 'loadIfExists', 'ignoreMismatch', 'nIter', 'scoring', 'refit', 'cv', 'shareWork', 'cacheMemoryMb',
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
