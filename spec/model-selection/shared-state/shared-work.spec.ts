/**
 * The engine's side of shared work, through the searches: groups by (split,
 * state key), one build per state, warm-start order, and how it works with
 * nJobs, pruning, successive halving, storage and resume, refit, the memory
 * budget and `shareWork: false`. The estimator is a user estimator whose split
 * extras say where each fit started (`warm_from`) and on how many rows its state
 * was built (`built_on`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { HalvingGridSearchCV } from '../../../lib/model-selection/halving-search-cv.js';
import type { CvResults } from '../../../lib/model-selection/results.js';
import { MedianPruner } from '../../../lib/search/index.js';
import { JournalStorage } from '../../../lib/search/storage/index.js';
import { builds, PathRegressor } from '../../fixtures/shared-work/estimators.js';

const X = Array.from({ length: 60 }, (_, i) => [i % 7, i % 5]);
const y = X.map(([a, b], i) => a! * 2 + b! + (i % 3));
const grid = { kind: ['a', 'b'] as ('a' | 'b')[], strength: [3, 0, 1] };

/** cvResults without the timing columns (which differ run to run). */
function withoutTimes(cv: CvResults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('_time')));
}

function column(cv: CvResults, name: string): unknown[] {
  return (cv as unknown as Record<string, unknown[]>)[name] as unknown[];
}

function scores(cv: CvResults, nSplits: number): number[][] {
  return Array.from({ length: nSplits }, (_, k) => column(cv, `split${k}_test_score`) as number[]);
}

beforeEach(() => {
  builds.length = 0;
});

const dir = mkdtempSync(join(tmpdir(), 'tunekit-shared-work-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a search that shares work', () => {
  it('builds one state per (split, key) and fits each path from the strongest position, warm', async () => {
    const search = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false }).fit(X, y);
    // candidates in grid order: (a, 3), (a, 0), (a, 1), (b, 3), (b, 0), (b, 1); each path runs 0, 1, 3
    for (let k = 0; k < 3; k++) expect(column(search.cvResults, `split${k}_warm_from`)).toEqual(['1', 'cold', '0', '1', 'cold', '0']);
    expect([...builds].sort()).toEqual(['a:40', 'a:40', 'a:40', 'b:40', 'b:40', 'b:40']);
    expect(search.sharedWork).toMatchObject({ budgetMb: 1024, groupTasks: 6, groupedFits: 18, statesBuilt: 9, evictions: 0, buildFailures: 0 });
    expect(search.sharedWork!.peakMb).toBeGreaterThan(0);
  });

  it('gives the cvResults of shareWork: false (this estimator does not depend on the warm start)', async () => {
    const shared = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false }).fit(X, y);
    const alone = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false, shareWork: false }).fit(X, y);
    expect(scores(shared.cvResults, 3)).toEqual(scores(alone.cvResults, 3));
    expect(column(alone.cvResults, 'split0_warm_from')).toEqual(Array(6).fill('plain'));
    expect(alone.sharedWork).toBeUndefined();
    expect(builds.length).toBe(3 * 2);
  });

  it('shares between candidates whose params are not in the grid when their key matches', async () => {
    const search = await new GridSearchCV(new PathRegressor({ kind: 'b' }), [{ strength: [2, 1] }, { strength: [0.5] }], { cv: 3, handleSigint: false }).fit(X, y);
    expect(column(search.cvResults, 'split0_warm_from')).toEqual(['1', '0.5', 'cold']);
    expect(builds).toEqual(['b:40', 'b:40', 'b:40']);
  });

  it('gives the same cvResults with 1 and 2 jobs (a group runs on one worker, in the same order)', async () => {
    const make = (nJobs: number) => new GridSearchCV(new PathRegressor(), grid, { cv: 3, nJobs, handleSigint: false }).fit(X, y);
    const [serial, parallel] = [await make(1), await make(2)];
    expect(withoutTimes(parallel.cvResults)).toEqual(withoutTimes(serial.cvResults));
    expect(parallel.sharedWork).toMatchObject({ groupTasks: 6, groupedFits: 18 });
  });

  it('with a pruner, fits each candidate as the study asks, cold, from the states kept in the cache', async () => {
    const search = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false, pruner: new MedianPruner({ nStartupTrials: 10 }) }).fit(X, y);
    expect(column(search.cvResults, 'split1_warm_from')).toEqual(Array(6).fill('cold'));
    expect([...builds].sort()).toEqual(['a:40', 'a:40', 'a:40', 'b:40', 'b:40', 'b:40']);
    expect(search.sharedWork).toMatchObject({ groupTasks: 18, groupedFits: 0, statesBuilt: 9, stateHits: 18 - 3 + 18 - 6 });
  });

  it('gives subsampled splits of successive halving their own states', async () => {
    const search = await new HalvingGridSearchCV(new PathRegressor(), { kind: ['a', 'b'], strength: [0, 1, 2, 3, 4, 5] }, {
      cv: 3,
      factor: 3,
      minResources: 20,
      randomState: 0,
      handleSigint: false,
    }).fit(X, y);
    const sizes = new Set(builds.map((b) => b.split(':')[1]));
    expect(sizes.size).toBe(2); // two iterations: two sizes of training rows
    for (const k of [0, 1, 2]) {
      const builtOn = column(search.cvResults, `split${k}_built_on`) as number[];
      const iter = column(search.cvResults, 'iter') as number[];
      builtOn.forEach((rows, i) => expect(rows).toBe(iter[i] === 0 ? Math.min(...[...sizes].map(Number)) : Math.max(...[...sizes].map(Number))));
    }
  });

  it('resumes a stored search with the results of an uninterrupted run (a path is recomputed in full)', async () => {
    const whole = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false }).fit(X, y);
    const storage = new JournalStorage(join(dir, 'resume.jsonl'));
    const options = { cv: 3, handleSigint: false, storage, studyName: 'resume' };
    let seen = 0;
    const stopped = await new GridSearchCV(new PathRegressor(), grid, { ...options, callbacks: () => (++seen === 2 ? 'stop' : undefined) }).fit(X, y);
    expect(stopped.cvResults.params.length).toBe(2);
    const resumed = await new GridSearchCV(new PathRegressor(), grid, options).fit(X, y);
    expect(withoutTimes(resumed.cvResults)).toEqual(withoutTimes(whole.cvResults));
  });

  it('refits the best candidate with a plain fit on all the rows', async () => {
    const search = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false }).fit(X, y);
    expect(search.bestParams).toEqual({ kind: 'a', strength: 0 });
    expect((search.bestEstimator as PathRegressor).splitExtras()).toEqual({ warm_from: 'plain', built_on: undefined });
  });

  it('keeps within a tiny budget by dropping states, with the same results', async () => {
    const tiny = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false, cacheMemoryMb: 1e-4 }).fit(X, y);
    const roomy = await new GridSearchCV(new PathRegressor(), grid, { cv: 3, handleSigint: false }).fit(X, y);
    expect(withoutTimes(tiny.cvResults)).toEqual(withoutTimes(roomy.cvResults));
    expect(tiny.sharedWork!.evictions).toBeGreaterThan(0);
    expect(tiny.sharedWork!.budgetMb).toBe(1e-4);
  });

  it('fits every candidate on its own when a state fails to build', async () => {
    const search = await new GridSearchCV(new PathRegressor({ failBuild: true }), { strength: [0, 1] }, { cv: 3, handleSigint: false }).fit(X, y);
    expect(column(search.cvResults, 'split0_warm_from')).toEqual(['plain', 'plain']);
    expect(search.sharedWork).toMatchObject({ buildFailures: 3 });
    expect(search.cvResults.mean_test_score.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad shareWork and cacheMemoryMb options', () => {
    expect(() => new GridSearchCV(new PathRegressor(), grid, { shareWork: 'yes' as never })).toThrow('The "shareWork" option of GridSearchCV must be a boolean. Got "yes" instead.');
    expect(() => new GridSearchCV(new PathRegressor(), grid, { cacheMemoryMb: 0 })).toThrow('The "cacheMemoryMb" option of GridSearchCV must be a number in the range (0, inf). Got 0 instead.');
  });
});
