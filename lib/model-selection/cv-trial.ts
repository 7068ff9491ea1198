/**
 * The trial record of a cross-validated search: what one candidate's trial
 * keeps in its attributes, written and read only through this codec (by the
 * candidate evaluator, the results, the callbacks and the report).
 *
 * Each split result is stored once: a split that ran to an end (`ok` or
 * `failed`) is written as it finishes under its key, `split:<hash>` of the
 * params, budget, split index, split rows and subsampling seed, so that a trial
 * run again (a resumed search, a worker taking over a dead worker's trial)
 * reuses it; the finished trial then lists its splits in order, by key, or
 * inline for those that have no key (`timeout`, `pruned`):
 *
 *     attrs: {
 *       'split:9f…': { split: 0, status: 'ok', testScores: {…}, … },
 *       'split:4c…': { split: 1, status: 'failed', error: '…', … },
 *       splits: ['split:9f…', 'split:4c…', { split: 2, status: 'timeout', … }],
 *       meanScores: { score: NaN },
 *     }
 */
import type { ParamSet } from '../search/space/parameter-grid.js';
import { stableHash } from '../search/storage/codec.js';
import type { Trial } from '../search/trial.js';
import type { SplitResult, SplitStatus } from './fit-and-score.js';
import type { SplitPair } from './split/base.js';

/** A split result as a trial keeps it: the plain data, without a fitted estimator. */
export type StoredSplit = Omit<SplitResult, 'estimator'>;

/** How a finished trial refers to one of its splits: the key it was stored under, or the result itself. */
export type SplitRef = string | StoredSplit;

/** What the trial of a CV search records, decoded. */
export interface CvTrialRecord {
  /** Each split's result, by split index; undefined where none was recorded. */
  readonly splits: readonly (SplitResult | undefined)[];
  /** Mean test score per metric (empty for a trial that did not finish its splits). */
  readonly meanScores: Readonly<Record<string, number>>;
}

const KEY_PREFIX = 'split:';

/** The key of one candidate's result on one split: its params, budget, split (index and rows) and seed. */
export function splitKey(params: ParamSet, budget: number | undefined, split: number, splitHash: string, seed: number): string {
  return `${KEY_PREFIX}${stableHash([params, budget ?? null, split, splitHash, seed])}`;
}

/** A short hash of each split's rows. */
export function splitHashes(splits: readonly SplitPair[]): string[] {
  return splits.map(([train, test]) => `${stableHash(train)}${stableHash(test)}`);
}

/** True for a split status that is stored under its key (the split ran to an end, and is reused when its trial runs again). */
export function isKeptStatus(status: SplitStatus): boolean {
  return status === 'ok' || status === 'failed';
}

/** The plain data of a split result. */
export function storedSplit(r: SplitResult): StoredSplit {
  return {
    candidate: r.candidate,
    split: r.split,
    status: r.status,
    testScores: r.testScores,
    trainScores: r.trainScores,
    fitTime: r.fitTime,
    scoreTime: r.scoreTime,
    error: r.error,
    nTestSamples: r.nTestSamples,
    extras: r.extras,
  };
}

/** The attributes that store one split result under its key. */
export function encodeSplit(key: string, result: SplitResult): Readonly<Record<string, unknown>> {
  return { [key]: storedSplit(result) };
}

function isStoredSplit(value: unknown): value is StoredSplit {
  return typeof value === 'object' && value !== null && typeof (value as { split?: unknown }).split === 'number' && typeof (value as { status?: unknown }).status === 'string';
}

/** The split result stored under `key` in a trial's attributes, if any. */
export function recordedSplit(attrs: Readonly<Record<string, unknown>>, key: string): StoredSplit | undefined {
  const v = attrs[key];
  return isStoredSplit(v) ? v : undefined;
}

/** The number of split results stored under keys in a trial's attributes. */
export function countRecordedSplits(attrs: Readonly<Record<string, unknown>>): number {
  return Object.keys(attrs).filter((k) => k.startsWith(KEY_PREFIX) && isStoredSplit(attrs[k])).length;
}

/** The attributes a candidate's trial ends with: its splits in order (by key, or inline) and its mean scores. */
export function encodeCvTrial(splits: readonly SplitRef[], meanScores: Readonly<Record<string, number>>): Readonly<Record<string, unknown>> {
  return { splits: [...splits], meanScores: { ...meanScores } };
}

/**
 * The record of a CV search's trial: its splits (by index) and mean scores.
 * A trial that has not finished its splits decodes to no splits.
 * @example
 * ```ts
 * const { splits, meanScores } = decodeCvTrial(search.trials[0]);
 * splits[0]?.testScores.score;
 * ```
 */
export function decodeCvTrial(trial: Pick<Trial, 'id' | 'attrs'>): CvTrialRecord {
  const refs = trial.attrs.splits;
  const splits: (SplitResult | undefined)[] = [];
  if (Array.isArray(refs)) {
    for (const ref of refs as readonly unknown[]) {
      const r = typeof ref === 'string' ? recordedSplit(trial.attrs, ref) : isStoredSplit(ref) ? ref : undefined;
      splits.push(r === undefined ? undefined : { ...r, candidate: trial.id });
    }
  }
  const means = trial.attrs.meanScores;
  const meanScores = typeof means === 'object' && means !== null ? (means as Readonly<Record<string, number>>) : {};
  return { splits, meanScores };
}
