/**
 * Types that follow the estimator (issue 23): grids held in variables with
 * `paramGrid`/`paramDistributions`, a search's `predict` typed as its
 * estimator's, and `best()` that narrows. The `@ts-expect-error` lines and
 * `expectTypeOf` calls are checked by `npm run typecheck` (an unneeded
 * directive is itself an error); the tests check the run-time side.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Label } from '../../lib/core/data.js';
import { InvalidParameterError, NotFittedError } from '../../lib/core/errors.js';
import { loadIris } from '../../lib/datasets/index.js';
import { LogisticRegression, Ridge } from '../../lib/estimators/linear/index.js';
import { makePipeline } from '../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/index.js';
import { SVC } from '../../lib/estimators/svm/index.js';
import { GridSearchCV, KFold, RandomizedSearchCV, paramDistributions, paramGrid } from '../../lib/model-selection/index.js';
import { logUniform } from '../../lib/search/space/distributions.js';

export function compileOnly(): void {
  const svc = new SVC();
  // a grid in a variable keeps its literal types: 'rbf' is SVC's kernel, not a string
  const grid = paramGrid(svc, { kernel: ['rbf', 'linear'], C: [0.1, 1, 10] });
  new GridSearchCV(svc, grid);
  // @ts-expect-error a misspelt name in a grid held in a variable
  paramGrid(svc, { kernal: ['rbf'] });
  // @ts-expect-error a kernel SVC does not have
  paramGrid(svc, { kernel: ['cubic'] });
  const pipe = makePipeline(new StandardScaler(), new SVC());
  new GridSearchCV(pipe, paramGrid(pipe, { svc__C: [1, 10] }));
  const ridge = new Ridge();
  new RandomizedSearchCV(ridge, paramDistributions(ridge, { alpha: logUniform(1e-4, 1e2) }));
  // @ts-expect-error a distribution of the wrong type
  paramDistributions(ridge, { alpha: ['big'] });
}

export async function predictionTypes(X: number[][], y: number[]): Promise<void> {
  const regression = await new GridSearchCV(new Ridge(), { alpha: [1] }).fit(X, y);
  expectTypeOf(await regression.predict(X)).toEqualTypeOf<Float64Array>();
  const classification = await new GridSearchCV(new LogisticRegression(), { C: [1] }).fit(X, y);
  expectTypeOf(await classification.predict(X)).toEqualTypeOf<Label[]>();
  const { params, score } = classification.best();
  expectTypeOf(params.C).toEqualTypeOf<number | undefined>();
  expectTypeOf(score).toEqualTypeOf<number>();
}

describe('paramGrid and paramDistributions', () => {
  it('return the grid as given', () => {
    const svc = new SVC();
    const grid = { kernel: ['rbf', 'linear'] as const, C: [1, 10] };
    expect(paramGrid(svc, grid)).toBe(grid);
    const list = [{ C: [1] }, { gamma: [0.1] }];
    expect(paramGrid(svc, list)).toBe(list);
  });

  it('name an unknown parameter at once, for JavaScript callers', () => {
    const svc = new SVC();
    expect(() => paramGrid(svc, { kernal: ['rbf'] } as never)).toThrow(InvalidParameterError);
    expect(() => paramGrid(svc, { kernal: ['rbf'] } as never)).toThrow(/Unknown parameter "kernal" for SVC \(in paramGrid\)\. Valid parameters are: .* Did you mean "kernel"\?/);
    expect(() => paramDistributions(new Ridge(), [{ alpha: [1] }, { beta: [2] }] as never)).toThrow(/"beta"/);
  });

  it("accept a pipeline's step__param names", () => {
    const pipe = makePipeline(new StandardScaler(), new SVC());
    expect(() => paramGrid(pipe, { svc__C: [1], standardscaler__withMean: [true, false] })).not.toThrow();
  });
});

describe('a fitted search', () => {
  it("predicts with its best estimator, and best() gives the best candidate's params and score", async () => {
    const { data, target } = await loadIris();
    const search = await new GridSearchCV(new LogisticRegression({ maxIter: 1000 }), { C: [0.01, 1] }, { cv: 3 }).fit(data, target);
    const best = search.best();
    expect(best.params).toEqual(search.bestParams);
    expect(best.score).toBe(search.bestScore);
    expect(best.index).toBe(search.bestIndex);
    expect(best.estimator).toBe(search.bestEstimator);
    const labels = await search.predict(data.slice(0, 5));
    expect(labels).toEqual(await search.bestEstimator!.predict(data.slice(0, 5)));
  });

  it('best() throws a NotFittedError naming why when no candidate scored', async () => {
    // unshuffled halves: the second split's training half holds one class, so every candidate has a failed split (NaN mean)
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 0, 1, 1, 0];
    const search = await new GridSearchCV(new LogisticRegression(), { C: [1, 10] }, { cv: new KFold({ nSplits: 2 }), errorScore: NaN, refit: false }).fit(X, y);
    expect(search.bestParams).toBeUndefined();
    expect(() => search.best()).toThrow(NotFittedError);
    expect(() => search.best()).toThrow(/no candidate has a finite mean test score/);
  });
});
