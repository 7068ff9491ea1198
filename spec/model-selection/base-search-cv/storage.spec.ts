/**
 * Searches whose trials live in a storage (a journal file, a named memory
 * study): a search stopped part-way and run again resumes, refitting only the
 * splits that had not finished, and ends with the results of a search that was
 * never interrupted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { BaseSearchCV, SearchCVOptions } from '../../../lib/model-selection/base-search-cv.js';
import { BayesSearchCV } from '../../../lib/model-selection/bayes-search-cv.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { HalvingRandomSearchCV } from '../../../lib/model-selection/halving-search-cv.js';
import { RandomizedSearchCV } from '../../../lib/model-selection/randomized-search-cv.js';
import { Real } from '../../../lib/search/space/dimensions.js';
import { uniform } from '../../../lib/search/space/distributions.js';
import { DuplicatedStudyError, StudyMismatchError } from '../../../lib/search/storage/errors.js';
import { JournalStorage } from '../../../lib/search/storage/journal-storage.js';
import { MemoryStorage } from '../../../lib/search/storage/memory-storage.js';
import type { StorageBackend } from '../../../lib/search/storage/storage.js';
import { CountingLine, fitHooks, fitLog, lineData } from '../../distributed/fixtures/journal-estimator.js';

type AnySearch = BaseSearchCV<CountingLine>;
type Make = (options: SearchCVOptions) => AnySearch;

const { X, y } = lineData(90);
const GRID = { slope: [0, 1, 2, 3], shrinkage: [0, 0.5, 1] };
const CV = 3;

const opened: StorageBackend[] = [];
afterEach(async () => {
  fitHooks.abortAtFit = undefined;
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function journal(): JournalStorage {
  const storage = new JournalStorage(join(mkdtempSync(join(tmpdir(), 'tunekit-search-storage-')), 'study.jsonl'), { fsync: false });
  opened.push(storage);
  return storage;
}

/** Fits the search, counting its fits: cross-validation fits (fewer rows than X) and refits. */
async function fitCounting(search: AnySearch, options: { signal?: AbortSignal } = {}): Promise<{ cvFits: number; refits: number }> {
  const before = fitLog.length;
  await captureWarnings(() => search.fit(X, y, options));
  const mine = fitLog.slice(before);
  return { cvFits: mine.filter((f) => f.rows < X.length).length, refits: mine.filter((f) => f.rows === X.length).length };
}

/** Fits the search and aborts it from inside its n-th fit (a candidate cut off mid-way). */
async function fitAbortedAt(search: AnySearch, n: number): Promise<{ cvFits: number }> {
  const controller = new AbortController();
  fitHooks.abortAtFit = { fit: fitLog.length + n, controller };
  const counts = await fitCounting(search, { signal: controller.signal });
  fitHooks.abortAtFit = undefined;
  return counts;
}

/** What must be the same after a resume: candidates, split scores and statuses, ranks, best. */
function outcome(search: AnySearch): Record<string, unknown> {
  const r = search.cvResults as unknown as Record<string, unknown>;
  const columns = Object.keys(r).filter((k) => k === 'params' || k === 'iter' || k === 'n_resources' || /^(split\d+_(test_score|status)|mean_test_score|std_test_score|rank_test_score)$/.test(k));
  return { ...Object.fromEntries(columns.sort().map((k) => [k, r[k]])), bestParams: search.bestParams, bestIndex: search.bestIndex, bestScore: search.bestScore };
}

/** The number of split results recorded in the study's trials. */
async function recordedSplitCount(storage: StorageBackend, studyName: string): Promise<number> {
  const study = await storage.loadStudy(studyName);
  return (await study.getTrials()).reduce((n, t) => n + Object.keys(t.attrs).filter((k) => k.startsWith('split:')).length, 0);
}

const SEARCHES: readonly { readonly name: string; readonly make: Make; readonly abortAt: number }[] = [
  { name: 'GridSearchCV', make: (o) => new GridSearchCV(new CountingLine(), GRID, { cv: CV, ...o }), abortAt: 14 },
  {
    name: 'RandomizedSearchCV',
    make: (o) => new RandomizedSearchCV(new CountingLine(), { slope: uniform(0, 4), shrinkage: uniform(0, 1) }, { nIter: 10, cv: CV, randomState: 3, ...o }),
    abortAt: 11,
  },
  {
    name: 'BayesSearchCV',
    make: (o) => new BayesSearchCV(new CountingLine(), { slope: new Real(0, 4), shrinkage: new Real(0, 1) }, { nIter: 9, cv: CV, randomState: 5, optimizer: { nInitialPoints: 4 }, ...o }),
    abortAt: 17,
  },
  {
    name: 'BayesSearchCV in batches (nPoints: 3)',
    make: (o) => new BayesSearchCV(new CountingLine(), { slope: new Real(0, 4), shrinkage: new Real(0, 1) }, { nIter: 9, nPoints: 3, cv: CV, randomState: 5, optimizer: { nInitialPoints: 4 }, ...o }),
    abortAt: 20,
  },
  {
    name: 'HalvingRandomSearchCV',
    make: (o) => new HalvingRandomSearchCV(new CountingLine(), { slope: uniform(0, 4), shrinkage: uniform(0, 1) }, { nCandidates: 9, factor: 3, cv: CV, randomState: 2, ...o }),
    abortAt: 29,
  },
];

describe.each(SEARCHES)('$name with a storage', ({ make, abortAt }) => {
  it('resumes a search aborted mid-candidate: finished splits are not refitted, the results equal an uninterrupted run', async () => {
    const straight = make({});
    const { cvFits: total } = await fitCounting(straight);
    expect(total).toBeGreaterThan(abortAt);

    const storage = journal();
    const first = await fitAbortedAt(make({ storage, studyName: 's' }), abortAt);
    expect(first.cvFits).toBeGreaterThanOrEqual(abortAt);
    const recorded = await recordedSplitCount(storage, 's');
    // the split whose fit was cut off is not recorded
    expect(recorded).toBe(abortAt - 1);

    const resumed = make({ storage, studyName: 's' });
    const second = await fitCounting(resumed);
    expect(second.cvFits).toBe(total - recorded);
    expect(second.refits).toBe(1);
    expect(outcome(resumed)).toEqual(outcome(straight));
    expect(resumed.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('runs no new trial when the study is finished: it refits the best and gives the same results', async () => {
    const storage = journal();
    const done = make({ storage, studyName: 's' });
    await fitCounting(done);
    const again = make({ storage, studyName: 's' });
    expect(await fitCounting(again)).toEqual({ cvFits: 0, refits: 1 });
    expect(outcome(again)).toEqual(outcome(done));
    expect(again.trials.map((t) => t.id)).toEqual(done.trials.map((t) => t.id));
  });
});

describe('resuming a search', () => {
  it('after a callback stopped it between candidates, with a journal given as a path', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tunekit-search-storage-')), 'grid.jsonl');
    const straight = new GridSearchCV(new CountingLine(), GRID, { cv: CV });
    await fitCounting(straight);
    let ended = 0;
    const stopped = new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage: path, studyName: 'grid', callbacks: () => ++ended === 5 });
    expect(await fitCounting(stopped)).toEqual({ cvFits: 5 * CV, refits: 1 });
    expect(stopped.stopReason).toBe('callback');
    expect(stopped.cvResults.params).toHaveLength(5);

    const resumed = new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage: path, studyName: 'grid' });
    expect(await fitCounting(resumed)).toEqual({ cvFits: 7 * CV, refits: 1 });
    expect(outcome(resumed)).toEqual(outcome(straight));
  });

  it('in a named MemoryStorage study, within one process', async () => {
    const storage = new MemoryStorage();
    const straight = new GridSearchCV(new CountingLine(), GRID, { cv: CV });
    await fitCounting(straight);
    const first = new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage, studyName: 'mem' });
    await fitAbortedAt(first, 8);
    // the cut-off candidate is left out of the stopped search's results, and run again on resume
    expect(first.cvResults.params).toHaveLength(2);
    const resumed = new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage, studyName: 'mem' });
    expect(await fitCounting(resumed)).toEqual({ cvFits: 12 * CV - 7, refits: 1 });
    expect(outcome(resumed)).toEqual(outcome(straight));
  });

  it('of RandomizedSearchCV without a randomState draws the candidates of the study’s seed', async () => {
    const storage = journal();
    const make = () => new RandomizedSearchCV(new CountingLine(), { slope: uniform(0, 4), shrinkage: uniform(0, 1) }, { nIter: 8, cv: CV, storage, studyName: 'r' });
    await fitAbortedAt(make(), 10);
    const seed = (await storage.loadStudy('r')).study.settings.seed;
    expect(typeof seed).toBe('number');
    const resumed = make();
    await fitCounting(resumed);
    const straight = new RandomizedSearchCV(new CountingLine(), { slope: uniform(0, 4), shrinkage: uniform(0, 1) }, { nIter: 8, cv: CV, randomState: seed as number });
    await fitCounting(straight);
    expect(outcome(resumed)).toEqual(outcome(straight));
  });
});

describe('a study made by another search', () => {
  async function finished(): Promise<JournalStorage> {
    const storage = journal();
    await fitCounting(new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage, studyName: 'g', callbacks: () => true }));
    return storage;
  }

  it('with another search space is a StudyMismatchError naming the space', async () => {
    const storage = await finished();
    const other = new GridSearchCV(new CountingLine(), { ...GRID, slope: [0, 1] }, { cv: CV, storage, studyName: 'g' });
    const error = await other.fit(X, y).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudyMismatchError);
    expect((error as StudyMismatchError).parts).toEqual(['space']);
    expect((error as Error).message).toMatch(/^The study "g" in .*study\.jsonl was created with a different space:\n {2}space: /);
    expect((error as Error).message).toContain('ignoreMismatch: true');
  });

  it('with another scoring is a StudyMismatchError naming the scoring', async () => {
    const storage = await finished();
    const other = new GridSearchCV(new CountingLine(), GRID, { cv: CV, scoring: 'neg_mean_squared_error', storage, studyName: 'g' });
    const error = await other.fit(X, y).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudyMismatchError);
    expect((error as StudyMismatchError).parts).toEqual(['scoring']);
  });

  it('on other data (or other splits) is a StudyMismatchError naming the data', async () => {
    const storage = await finished();
    const yShifted = y.map((v) => v + 1);
    const error = await new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage, studyName: 'g' }).fit(X, yShifted).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudyMismatchError);
    expect((error as StudyMismatchError).parts).toEqual(['data']);
    const splits = await new GridSearchCV(new CountingLine(), GRID, { cv: 5, storage, studyName: 'g' }).fit(X, y).catch((e: unknown) => e);
    expect((splits as StudyMismatchError).parts).toEqual(['data']);
  });

  it('is resumed anyway with ignoreMismatch: true, its recorded splits kept', async () => {
    const storage = await finished(); // one candidate done
    const yShifted = y.map((v) => v + 1);
    const resumed = new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage, studyName: 'g', ignoreMismatch: true });
    const before = fitLog.length;
    await captureWarnings(() => resumed.fit(X, yShifted));
    expect(fitLog.slice(before).filter((f) => f.rows < X.length)).toHaveLength(11 * CV);
    expect(resumed.cvResults.params).toHaveLength(12);
    const fresh = new GridSearchCV(new CountingLine(), GRID, { cv: CV });
    await fitCounting(fresh);
    // the first candidate was scored on the first data, the others on the shifted data
    expect((resumed.cvResults.mean_test_score as number[])[0]).toBe((fresh.cvResults.mean_test_score as number[])[0]);
  });

  it('is a DuplicatedStudyError with loadIfExists: false', async () => {
    const storage = await finished();
    const error = await new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage, studyName: 'g', loadIfExists: false }).fit(X, y).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicatedStudyError);
    expect((error as Error).message).toMatch(/^A study named "g" already exists in .*study\.jsonl\. Pass loadIfExists: true to resume it, or choose another study name\.$/);
  });

  it('starts a new study with loadIfExists: false when none of that name exists', async () => {
    const storage = await finished();
    const search = new GridSearchCV(new CountingLine(), GRID, { cv: CV, storage, studyName: 'other', loadIfExists: false });
    expect(await fitCounting(search)).toEqual({ cvFits: 12 * CV, refits: 1 });
    expect((await storage.getStudies()).map((s) => s.name)).toEqual(['g', 'other']);
  });
});

describe('storage options', () => {
  const make = (o: Record<string, unknown>) => () => new GridSearchCV(new CountingLine(), GRID, o as SearchCVOptions);

  it('refuses a storage that is not a storage, a path or a URL', () => {
    const error = (() => {
      try {
        make({ storage: 42, studyName: 's' })();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).argument).toBe('storage');
    expect((error as Error).message).toBe(
      'The "storage" option of GridSearchCV must be a storage (new JournalStorage(path), new PostgresStorage(url), new MemoryStorage()), a journal path or a postgresql:// URL. Got 42 instead.',
    );
    expect(make({ storage: '', studyName: 's' })).toThrow(InvalidParameterError);
  });

  it('needs storage and studyName together, and a non-empty studyName', () => {
    expect(make({ studyName: 's' })).toThrow('The "storage" and "studyName" options of GridSearchCV go together: a study is found by its name in a storage. Got storage undefined and studyName "s".');
    expect(make({ storage: new MemoryStorage() })).toThrow(/^The "storage" and "studyName" options of GridSearchCV go together/);
    for (const studyName of ['', 7]) {
      try {
        make({ storage: new MemoryStorage(), studyName })();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).argument).toBe('studyName');
      }
    }
  });

  it('checks loadIfExists and ignoreMismatch', () => {
    expect(make({ storage: new MemoryStorage(), studyName: 's', loadIfExists: 'yes' })).toThrow(/"loadIfExists" option of GridSearchCV must be/);
    expect(make({ storage: new MemoryStorage(), studyName: 's', ignoreMismatch: 1 })).toThrow(/"ignoreMismatch" option of GridSearchCV must be/);
  });
});
