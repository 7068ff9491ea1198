/**
 * A candidate whose param combination its estimator refuses only at fit time
 * (LogisticRegression's penalty 'l1' with solver 'lbfgs' or 'newton-cg' throws
 * InvalidParameterError inside `fit`) is a failed fit, as in scikit-learn 1.2:
 * errorScore for its splits, ranked last, one FitFailedWarning, and the search
 * goes on; `errorScore: 'raise'` stops at it; only a FatalError always ends a
 * search. Invalid single values and unknown names still fail before any fit.
 * Parity with scikit-learn on spec/fixtures/failed-fits/generate.py's grid.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../../lib/core/data.js';
import { FatalError, FitFailedError, InvalidParameterError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { LogisticRegression } from '../../../lib/estimators/linear/index.js';
import { Pipeline } from '../../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../../lib/estimators/preprocessing/index.js';
import { SplitFitError } from '../../../lib/model-selection/fit-and-score.js';
import { BayesSearchCV } from '../../../lib/model-selection/bayes-search-cv.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { HalvingGridSearchCV } from '../../../lib/model-selection/halving-search-cv.js';
import { HyperbandSearchCV } from '../../../lib/model-selection/hyperband-search-cv.js';
import { RandomizedSearchCV } from '../../../lib/model-selection/randomized-search-cv.js';
import type { CvResults } from '../../../lib/model-selection/results.js';
import { StratifiedKFold } from '../../../lib/model-selection/split/index.js';
import { crossValidate } from '../../../lib/model-selection/validation.js';
import { Categorical } from '../../../lib/search/space/dimensions.js';
import { uniform } from '../../../lib/search/space/distributions.js';
import { Flaky, ridge } from './_fixtures.js';

interface Fixture {
  X: number[][];
  y: number[];
  param_grid: Record<string, string[]>;
  cv_results: Record<string, unknown[]>;
  best_index: number;
  best_params: Record<string, string>;
  best_score: number;
  fit_failed_warnings: string[];
}
const f = JSON.parse(readFileSync(new URL('../../fixtures/failed-fits/logistic_penalty_solver_iris.json', import.meta.url), 'utf8')) as Fixture;
const { X, y } = f;

const pipeline = (): Pipeline =>
  new Pipeline([
    ['scaler', new StandardScaler()],
    ['clf', new LogisticRegression({ maxIter: 1000 })],
  ]);
/** scikit-learn's names (clf__penalty) are ours: the pipeline's step is named clf and the params are one word. */
const grid = f.param_grid as { clf__penalty: ('l1' | 'l2')[]; clf__solver: ('lbfgs' | 'liblinear' | 'newton-cg' | 'saga')[] };
const refused = (p: Record<string, unknown>): boolean => p.clf__penalty === 'l1' && (p.clf__solver === 'lbfgs' || p.clf__solver === 'newton-cg');
const REFUSED_LBFGS =
  'InvalidParameterError: The "penalty" parameter of LogisticRegression must be \'l2\' or \'none\' with solver \'lbfgs\'. Got "l1" instead. Use solver \'saga\' (any penalty) or \'liblinear\' (\'l1\').';

/** cvResults without the timing columns (which differ run to run). */
function withoutTimes(cv: CvResults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('_time')));
}

const search = (options: ConstructorParameters<typeof GridSearchCV>[2] = {}) => new GridSearchCV(pipeline(), grid, { cv: new StratifiedKFold({ nSplits: 5 }), ...options });

describe('GridSearchCV over penalty × solver: the combinations LogisticRegression refuses at fit time', () => {
  it('completes, gives the refused candidates NaN and status failed in every split, and ranks them last', async () => {
    const { result: s } = await captureWarnings(() => search().fit(X, y));
    const cv = s.cvResults;
    const params = cv.params as Record<string, unknown>[];
    expect(params.filter(refused)).toHaveLength(2);
    const valid = params.filter((p) => !refused(p)).length;
    params.forEach((p, i) => {
      if (refused(p)) {
        expect(cv.mean_test_score[i], JSON.stringify(p)).toBeNaN();
        expect(cv.rank_test_score[i]).toBe(valid + 1);
        for (let k = 0; k < 5; k++) expect(cv[`split${k}_status`]![i]).toBe('failed');
      } else {
        expect(cv.mean_test_score[i]).toBeGreaterThan(0.85);
        expect(cv.rank_test_score[i]).toBeLessThanOrEqual(valid);
        expect(cv.split0_status![i]).toBe('ok');
      }
    });
    expect(cv.split0_error![params.findIndex((p) => p.clf__penalty === 'l1' && p.clf__solver === 'lbfgs')]).toBe(REFUSED_LBFGS);
    expect(refused(s.bestParams as Record<string, unknown>)).toBe(false);
  });

  it('sums the failures up in one FitFailedWarning, with each error and its count', async () => {
    const { warnings } = await captureWarnings(() => search().fit(X, y));
    const failed = warnings.filter((w) => w.category === 'FitFailedWarning');
    expect(failed).toHaveLength(1);
    const message = failed[0]!.message;
    expect(message).toContain('10 fits failed out of a total of 40.');
    expect(message).toContain('The score on these train-test partitions for these parameters will be set to NaN.');
    expect(message).toContain(`5 fits failed with: ${REFUSED_LBFGS}`);
    expect(message).toContain(
      '5 fits failed with: InvalidParameterError: The "penalty" parameter of LogisticRegression must be \'l2\' or \'none\' with solver \'newton-cg\'. Got "l1" instead. Use solver',
    );
    // scikit-learn counts the same failures
    expect(f.fit_failed_warnings[0]).toContain('10 fits failed out of a total of 40.');
  });

  it('gives the valid candidates the scores of a grid holding only them', async () => {
    const { result: all } = await captureWarnings(() => search().fit(X, y));
    const only = await new GridSearchCV(pipeline(), [{ clf__penalty: ['l1'], clf__solver: ['liblinear', 'saga'] }, { clf__penalty: ['l2'], clf__solver: grid.clf__solver }], {
      cv: new StratifiedKFold({ nSplits: 5 }),
    }).fit(X, y);
    const key = (p: unknown): string => JSON.stringify(p);
    const allParams = (all.cvResults.params as unknown[]).map(key);
    (only.cvResults.params as unknown[]).forEach((p, j) => {
      const i = allParams.indexOf(key(p));
      expect(i, key(p)).toBeGreaterThanOrEqual(0);
      for (let k = 0; k < 5; k++) expect(all.cvResults[`split${k}_test_score`]![i]).toBe(only.cvResults[`split${k}_test_score`]![j]);
    });
    expect(all.bestParams).toEqual(only.bestParams);
    expect(all.bestScore).toBe(only.bestScore);
  });

  it('equals scikit-learn 1.2: scores, NaN placement, ranks and the best candidate', async () => {
    const { result: s } = await captureWarnings(() => search().fit(X, y));
    const cv = s.cvResults;
    expect(cv.params).toEqual(f.cv_results.params);
    for (const [column, expected] of Object.entries(f.cv_results)) {
      if (column.startsWith('rank_')) expect(cv[column], column).toEqual(expected);
      else if (column.startsWith('split') || column.startsWith('mean_') || column.startsWith('std_')) {
        (expected as (number | null)[]).forEach((e, i) => {
          const a = (cv[column] as number[])[i]!;
          if (e === null) expect(a, `${column}[${i}]`).toBeNaN();
          else expect(Math.abs(a - e), `${column}[${i}] ${a} vs ${e}`).toBeLessThanOrEqual(1e-12);
        });
      }
    }
    expect(s.bestIndex).toBe(f.best_index);
    expect(s.bestParams).toEqual(f.best_params);
    expect(Math.abs(s.bestScore! - f.best_score)).toBeLessThanOrEqual(1e-12);
  });

  it("stops at the first refused fit under errorScore: 'raise', the InvalidParameterError as the cause", async () => {
    const error = await search({ errorScore: 'raise' })
      .fit(X, y)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SplitFitError);
    expect((error as Error).message).toBe(`Fitting candidate 0 with params { clf__penalty: "l1", clf__solver: "lbfgs" } on split 0 failed: ${REFUSED_LBFGS}`);
    expect((error as Error).cause).toBeInstanceOf(InvalidParameterError);
  });

  it('gives the same cvResults with 2 jobs on worker threads, and without shared work', async () => {
    const { result: serial } = await captureWarnings(() => search().fit(X, y));
    const { result: parallel, warnings } = await captureWarnings(() => search({ nJobs: 2 }).fit(X, y));
    expect(withoutTimes(parallel.cvResults)).toEqual(withoutTimes(serial.cvResults));
    expect(parallel.bestParams).toEqual(serial.bestParams);
    expect(warnings.find((w) => w.category === 'FitFailedWarning')?.message).toContain('10 fits failed out of a total of 40.');
    const { result: unshared } = await captureWarnings(() => search({ shareWork: false }).fit(X, y));
    expect(withoutTimes(unshared.cvResults)).toEqual(withoutTimes(serial.cvResults));
  });

  it('gives the same cvResults with 2 child processes', async () => {
    const { result: serial } = await captureWarnings(() => search().fit(X, y));
    const { result: processes } = await captureWarnings(() => search({ nJobs: 2, parallelBackend: 'processes' }).fit(X, y));
    expect(withoutTimes(processes.cvResults)).toEqual(withoutTimes(serial.cvResults));
  });

  it("raises on a worker thread too under errorScore: 'raise': a SplitFitError with the task, as in this thread", async () => {
    const error = await search({ errorScore: 'raise', nJobs: 2 })
      .fit(X, y)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SplitFitError);
    expect((error as SplitFitError).message).toMatch(/^Fitting candidate \d with params .* failed: InvalidParameterError: /);
    expect((error as SplitFitError).params).toHaveProperty('clf__penalty');
  });

  it('fails a refused candidate of a C path that shares work, and keeps the valid ones', async () => {
    const Cs = { clf__C: [0.1, 1, 10], clf__penalty: ['l1', 'l2'] as ('l1' | 'l2')[] };
    const { result: shared } = await captureWarnings(() => new GridSearchCV(pipeline(), Cs, { cv: 3 }).fit(X, y));
    const { result: alone } = await captureWarnings(() => new GridSearchCV(pipeline(), Cs, { cv: 3, shareWork: false }).fit(X, y));
    const penalty = shared.cvResults.param_clf__penalty as string[];
    const [sharedMeans, aloneMeans] = [shared.cvResults.mean_test_score as number[], alone.cvResults.mean_test_score as number[]];
    penalty.forEach((p, i) => {
      if (p === 'l1') expect(sharedMeans[i]).toBeNaN();
      else expect(Math.abs(sharedMeans[i]! - aloneMeans[i]!)).toBeLessThan(1e-9);
    });
    expect(shared.cvResults.rank_test_score).toEqual(alone.cvResults.rank_test_score);
  });
});

describe('a refused combination in the other searches and in crossValidate', () => {
  const lr = (): LogisticRegression => new LogisticRegression({ maxIter: 1000 });
  const space = { penalty: ['l1', 'l2'] as ('l1' | 'l2')[], solver: ['lbfgs', 'liblinear'] as ('lbfgs' | 'liblinear')[] };
  /** The refused candidate was tried, and only its rows are NaN. */
  const check = (cv: CvResults): void => {
    const bad = (p: Record<string, unknown>): boolean => p.penalty === 'l1' && p.solver === 'lbfgs';
    const params = cv.params as Record<string, unknown>[];
    expect(params.some(bad)).toBe(true);
    params.forEach((p, i) => expect(Number.isNaN(cv.mean_test_score[i]), JSON.stringify(p)).toBe(bad(p)));
  };

  it('RandomizedSearchCV records it as failed and goes on', async () => {
    const { result: s, warnings } = await captureWarnings(() => new RandomizedSearchCV(lr(), space, { nIter: 4, cv: 3, randomState: 0 }).fit(X, y));
    check(s.cvResults);
    expect(warnings.some((w) => w.category === 'FitFailedWarning')).toBe(true);
  });

  it('HalvingGridSearchCV records it as failed and does not promote it', async () => {
    const { result: s } = await captureWarnings(() => new HalvingGridSearchCV(lr(), space, { cv: 3, factor: 2, randomState: 0 }).fit(X, y));
    check(s.cvResults);
    expect(s.bestParams).not.toEqual({ penalty: 'l1', solver: 'lbfgs' });
  });

  it('BayesSearchCV records it as failed and goes on proposing', async () => {
    const { result: s } = await captureWarnings(() => new BayesSearchCV(lr(), { penalty: new Categorical(['l1', 'l2']), solver: new Categorical(['lbfgs', 'liblinear']) }, { nIter: 6, cv: 3, randomState: 0 }).fit(X, y));
    check(s.cvResults);
    expect(s.cvResults.params).toHaveLength(6);
  });

  it('HyperbandSearchCV records it as failed in every bracket', async () => {
    const { result: s } = await captureWarnings(() => new HyperbandSearchCV(lr(), space, { cv: 3, randomState: 0 }).fit(X, y));
    check(s.cvResults);
    expect(s.bestParams).not.toEqual({ penalty: 'l1', solver: 'lbfgs' });
  });

  it('crossValidate of a refused estimator fails every fit: FitFailedError naming the InvalidParameterError', async () => {
    await expect(crossValidate(new LogisticRegression({ penalty: 'l1' }), X, y, { cv: 5 })).rejects.toThrow(FitFailedError);
    await expect(crossValidate(new LogisticRegression({ penalty: 'l1' }), X, y, { cv: 5 })).rejects.toThrow(
      /^All the 5 fits failed\.[^]*5 fits failed with: InvalidParameterError: The "penalty" parameter of LogisticRegression/,
    );
  });

  it('a grid whose every candidate is refused ends with FitFailedError', async () => {
    await expect(new GridSearchCV(lr(), { penalty: ['l1'], solver: ['lbfgs', 'newton-cg'] }, { cv: 3 }).fit(X, y)).rejects.toThrow(/^All the 6 fits failed\./);
  });
});

describe('what still ends a search, or fails before any fit', () => {
  class Fatal extends Flaky {
    override async fit(Xs: MatrixLike, ys?: TargetLike): Promise<this> {
      if (this.getParams().alpha > this.getParams().failAbove) throw new FatalError('out of disk');
      return super.fit(Xs, ys);
    }
  }

  it('a FatalError of a fit ends the search, in this thread', async () => {
    await expect(new GridSearchCV(new Fatal({ failAbove: 5 }), { alpha: [1, 10] }, { cv: 3 }).fit(ridge.X.slice(0, 60), ridge.y.slice(0, 60))).rejects.toThrow(
      new FatalError('out of disk'),
    );
  });

  it('an invalid single value of a grid is refused before any fit', async () => {
    let fits = 0;
    class Counting extends LogisticRegression {
      override async fit(Xs: MatrixLike, ys?: TargetLike): Promise<this> {
        fits++;
        return super.fit(Xs, ys);
      }
    }
    await expect(new GridSearchCV(new Counting(), { C: [1, -1], penalty: ['l1', 'l2'] }).fit(X, y)).rejects.toThrow(
      new InvalidParameterError('The "C" parameter of LogisticRegression must be a number in the range (0, inf). Got -1 instead.', {
        owner: 'LogisticRegression',
        argument: 'C',
        value: -1,
        expected: 'a number in the range (0, inf)',
      }),
    );
    expect(fits).toBe(0);
  });

  it('an invalid value drawn from a distribution is refused before any fit, naming the candidate', async () => {
    let fits = 0;
    class Counting extends LogisticRegression {
      override async fit(Xs: MatrixLike, ys?: TargetLike): Promise<this> {
        fits++;
        return super.fit(Xs, ys);
      }
    }
    await expect(new RandomizedSearchCV(new Counting(), { C: uniform(-10, 1) }, { nIter: 5, randomState: 0 }).fit(X, y)).rejects.toThrow(
      'RandomizedSearchCV: the candidate { C: -3.9630514567994277 } cannot be set on Counting. The "C" parameter of LogisticRegression must be a number in the range (0, inf). Got -3.9630514567994277 instead.',
    );
    expect(fits).toBe(0);
  });

  it('an invalid single value of a distribution list is refused before any fit', async () => {
    await expect(new RandomizedSearchCV(new LogisticRegression(), { solver: ['lbfgs', 'lbfgz' as 'lbfgs'] }, { nIter: 2, randomState: 0 }).fit(X, y)).rejects.toThrow(
      InvalidParameterError,
    );
  });
});
