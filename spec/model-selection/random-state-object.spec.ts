/**
 * Searches and learning curves given a seed or a shared RandomState draw what
 * scikit-learn 1.2 draws (fixtures: spec/fixtures/search/random_state.py): a
 * RandomState passed as randomState is used as is, so successive fits draw
 * successive numbers and the object advances as numpy's does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/core/random-state.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { learningCurve } from '../../lib/model-selection/curves.js';
import { HalvingGridSearchCV, HalvingRandomSearchCV } from '../../lib/model-selection/halving-search-cv.js';
import { HyperbandSearchCV } from '../../lib/model-selection/hyperband-search-cv.js';
import { RandomizedSearchCV } from '../../lib/model-selection/randomized-search-cv.js';
import { KFold } from '../../lib/model-selection/split/k-fold.js';
import { logUniform } from '../../lib/search/space/distributions.js';
import { expectSameValue } from '../search/space/sampler-cases.js';

interface Candidate {
  alpha: number;
  fitIntercept?: boolean;
}
interface SearchRun {
  params: Candidate[];
  meanTestScore: number[];
  iter?: number[];
  nResources?: number[];
  meanTrainScore?: number[];
}
interface TwoRuns {
  randomState: number;
  runs: SearchRun[];
  next: number[];
}
interface Scores {
  trainScores: number[][];
  testScores: number[][];
}
const read = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;
const fixture = read<{
  randomized: TwoRuns;
  halvingGrid: TwoRuns;
  halvingRandom: TwoRuns;
  learning: { trainSizes: number[]; seeds: ({ randomState: number } & Scores)[]; shared: { randomState: number; calls: Scores[]; next: number[] } };
}>('../fixtures/search/random_state.json');
const { X, y } = read<{ X: number[][]; y: number[] }>('../fixtures/search/curves.json');

const space = { alpha: logUniform(1e-4, 1e2), fitIntercept: [true, false] };
const grid = { alpha: Array.from({ length: 13 }, (_, i) => 10 ** (-3 + i / 2)) };

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number, where: string): void {
  expect(actual.length, where).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!), `${where} [${i}]: ${v} vs ${expected[i]}`).toBeLessThan(tolerance));
}

function expectRun(results: Record<string, unknown>, expected: SearchRun, where: string): void {
  const params = results.params as Candidate[];
  expect(params.length, where).toBe(expected.params.length);
  params.forEach((p, i) => {
    expectSameValue(p.alpha, expected.params[i]!.alpha, `${where} candidate ${i} alpha`, 1);
    if (expected.params[i]!.fitIntercept !== undefined) expect(p.fitIntercept, `${where} candidate ${i}`).toBe(expected.params[i]!.fitIntercept);
  });
  expectClose(results.mean_test_score as number[], expected.meanTestScore, 1e-8, `${where} mean_test_score`);
  if (expected.iter !== undefined) {
    expect(results.iter, where).toEqual(expected.iter);
    expect(results.n_resources, where).toEqual(expected.nResources);
    expectClose(results.mean_train_score as number[], expected.meanTrainScore!, 1e-8, `${where} mean_train_score`);
  }
}

/** Fits twice with one shared RandomState, as the fixture did, then checks the object's next draws. */
async function checkTwoRuns(c: TwoRuns, make: (rng: RandomState) => { fit(X: number[][], y: number[]): Promise<{ cvResults: Record<string, unknown> }> }): Promise<void> {
  const rng = new RandomState(c.randomState);
  for (let k = 0; k < c.runs.length; k++) {
    const search = await make(rng).fit(X, y);
    expectRun(search.cvResults, c.runs[k]!, `run ${k}`);
  }
  expect(rng.randint(0, 1000, 3)).toEqual(c.next);
}

describe('searches sharing a RandomState, against scikit-learn 1.2', () => {
  it("RandomizedSearchCV: each fit draws the next candidates from the object", async () => {
    await checkTwoRuns(fixture.randomized, (rng) => new RandomizedSearchCV(new Ridge(), space, { nIter: 6, cv: new KFold({ nSplits: 4 }), randomState: rng }));
  });

  it('HalvingGridSearchCV: every iteration subsamples each split from the object, train then test', async () => {
    await checkTwoRuns(fixture.halvingGrid, (rng) => new HalvingGridSearchCV(new Ridge(), grid, { factor: 3, cv: new KFold({ nSplits: 5 }), randomState: rng }));
  });

  it('HalvingRandomSearchCV: the candidates first, then the subsamples, from the same object', async () => {
    await checkTwoRuns(
      fixture.halvingRandom,
      (rng) => new HalvingRandomSearchCV(new Ridge(), space, { nCandidates: 9, factor: 3, minResources: 30, cv: new KFold({ nSplits: 3 }), randomState: rng }),
    );
  });
});

describe('learningCurve with shuffle, against scikit-learn 1.2', () => {
  const options = { trainSizes: fixture.learning.trainSizes, cv: new KFold({ nSplits: 5 }), shuffle: true };
  const expectScores = (actual: Scores, expected: Scores, where: string) => {
    expectClose(actual.trainScores.flat(), expected.trainScores.flat(), 1e-8, `${where} train`);
    expectClose(actual.testScores.flat(), expected.testScores.flat(), 1e-8, `${where} test`);
  };

  it("permutes each training split as scikit-learn does for an integer seed", async () => {
    for (const c of fixture.learning.seeds) {
      expectScores(await learningCurve(new Ridge({ alpha: 0.1 }), X, y, { ...options, randomState: c.randomState }), c, `randomState ${c.randomState}`);
    }
  });

  it('draws from a shared RandomState, which advances from one call to the next', async () => {
    const { randomState, calls, next } = fixture.learning.shared;
    const rng = new RandomState(randomState);
    for (let k = 0; k < calls.length; k++) expectScores(await learningCurve(new Ridge({ alpha: 0.1 }), X, y, { ...options, randomState: rng }), calls[k]!, `call ${k}`);
    expect(rng.randint(0, 1000, 3)).toEqual(next);
  });
});

describe('searches without a scikit-learn counterpart and a RandomState', () => {
  it('HyperbandSearchCV draws its seed from the object: the same stream gives the same search, and it advances', async () => {
    const run = (rng: RandomState) =>
      new HyperbandSearchCV(new Ridge(), { alpha: logUniform(1e-4, 1e2) }, { resource: 'nSamples', maxResource: 400, factor: 3, cv: 3, randomState: rng }).fit(X, y);
    const shared = new RandomState(1);
    const first = await run(shared);
    const second = await run(shared);
    const replay = await run(new RandomState(1));
    expect(replay.cvResults.params).toEqual(first.cvResults.params);
    expect(replay.cvResults.mean_test_score).toEqual(first.cvResults.mean_test_score);
    expect(second.cvResults.params).not.toEqual(first.cvResults.params);
  });

  it('names the accepted values of randomState', async () => {
    expect(() => new HalvingGridSearchCV(new Ridge(), grid, { randomState: 'a' as never })).toThrow(
      'The "randomState" option of HalvingGridSearchCV must be undefined, an int in the range [0, 4294967295] or a RandomState. Got "a" instead.',
    );
    await expect(learningCurve(new Ridge(), X, y, { randomState: -1 })).rejects.toThrow(
      'The "randomState" option of learningCurve must be undefined, an int in the range [0, 4294967295] or a RandomState. Got -1 instead.',
    );
  });
});
