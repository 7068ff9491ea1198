import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FitFailedError, InvalidParameterError, NotFittedError, ValidationError } from '../../lib/core/errors.js';
import type { MatrixLike, TargetLike } from '../../lib/core/data.js';
import { BaseEstimator } from '../../lib/core/estimator.js';
import { realIn } from '../../lib/core/validate.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import type { SearchEvent } from '../../lib/model-selection/search-events.js';
import { KFold } from '../../lib/model-selection/split/index.js';

interface SearchFixture {
  param_grid: Record<string, unknown[]>;
  cv_results: Record<string, (number | null)[]>;
  best_index: number;
  best_params: Record<string, unknown>;
  best_score: number;
}
const ridge = JSON.parse(readFileSync(new URL('../fixtures/search/ridge_diabetes.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
  single: SearchFixture;
  multi: SearchFixture;
};

function expectClose(actual: readonly unknown[], expected: readonly (number | null)[], tol: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (e === null) expect(a, `${label}[${i}]`).toBeNaN();
    else expect(Math.abs(a - e), `${label}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  });
}

function compareColumns(cv: Record<string, readonly unknown[]>, fixture: SearchFixture, tol: number): void {
  for (const [column, expected] of Object.entries(fixture.cv_results)) {
    if (column.startsWith('param_')) continue;
    if (column === 'params') expect(cv.params, column).toEqual(expected);
    else if (column.startsWith('rank_')) expect(cv[column], column).toEqual(expected);
    else expectClose(cv[column] as unknown[], expected, tol, column);
  }
}

describe('GridSearchCV parity with scikit-learn', () => {
  it('Ridge on diabetes, alpha grid, KFold(5), train scores', async () => {
    const f = ridge.single;
    const search = await new GridSearchCV(new Ridge(), { alpha: f.param_grid.alpha as number[] }, {
      cv: new KFold({ nSplits: 5 }),
      returnTrainScore: true,
    }).fit(ridge.X, ridge.y);
    compareColumns(search.cvResults, f, 1e-8);
    expect(search.bestIndex).toBe(f.best_index);
    expect(search.bestParams).toEqual(f.best_params);
    expect(Math.abs(search.bestScore! - f.best_score)).toBeLessThan(1e-10);
    expect(search.nSplits).toBe(5);
    expect(search.multimetric).toBe(false);
  });

  it('Ridge on diabetes, multi-metric with refit on neg_mean_squared_error', async () => {
    const f = ridge.multi;
    const search = await new GridSearchCV(new Ridge(), { alpha: f.param_grid.alpha as number[] }, {
      cv: 5,
      scoring: ['neg_mean_squared_error', 'r2', 'neg_mean_absolute_error'],
      refit: 'neg_mean_squared_error',
    }).fit(ridge.X, ridge.y);
    compareColumns(search.cvResults, f, 1e-8);
    expect(search.bestIndex).toBe(f.best_index);
    expect(search.bestParams).toEqual(f.best_params);
    expect(search.multimetric).toBe(true);
  });
});

describe('GridSearchCV results', () => {
  const X = ridge.X.slice(0, 120);
  const y = ridge.y.slice(0, 120);

  it('has scikit-learn’s columns in scikit-learn’s order, plus split status columns', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 3, returnTrainScore: true }).fit(X, y);
    expect(Object.keys(search.cvResults)).toEqual([
      'mean_fit_time', 'std_fit_time', 'mean_score_time', 'std_score_time',
      'param_alpha', 'params',
      'split0_test_score', 'split1_test_score', 'split2_test_score', 'mean_test_score', 'std_test_score', 'rank_test_score',
      'split0_train_score', 'split1_train_score', 'split2_train_score', 'mean_train_score', 'std_train_score',
      'split0_status', 'split1_status', 'split2_status', 'split0_error', 'split1_error', 'split2_error',
    ]);
    expect(search.cvResults.split0_status).toEqual(['ok', 'ok']);
    expect(Object.isFrozen(search.cvResults)).toBe(true);
  });

  it('refits the best candidate and delegates predict and score', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.001, 100] }, { cv: 3 }).fit(X, y);
    const direct = await new Ridge({ alpha: search.bestParams!.alpha! }).fit(X, y);
    expect(Array.from((await search.predict(X)) as Float64Array)).toEqual(Array.from(await direct.predict(X)));
    expect(await search.score(X, y)).toBeCloseTo(await direct.score(X, y), 12);
    expect(search.refitTime).toBeGreaterThanOrEqual(0);
    expect(search.bestEstimator).toBeInstanceOf(Ridge);
  });

  it('does not refit with refit: false but still names the best candidate in single-metric mode', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 3, refit: false }).fit(X, y);
    expect(search.bestIndex).toBeDefined();
    expect(search.bestEstimator).toBeUndefined();
    await expect(search.predict(X)).rejects.toBeInstanceOf(NotFittedError);
  });

  it('accepts a refit function returning an index', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, {
      cv: 3,
      scoring: ['r2', 'neg_mean_squared_error'],
      refit: (cv) => (cv.mean_test_r2 as number[]).length - 1,
    }).fit(X, y);
    expect(search.bestIndex).toBe(2);
    expect(search.bestScore).toBeUndefined();
  });

  it('exports CSV and JSON and rows', async () => {
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.5] }, { cv: 2 }).fit(X, y);
    const csv = search.toCSV().split('\n');
    expect(csv[0]!.startsWith('mean_fit_time,std_fit_time,mean_score_time,std_score_time,param_alpha,params,')).toBe(true);
    expect(csv[1]).toContain('"{""alpha"":0.5}"');
    expect(JSON.parse(search.toJSON()).params).toEqual([{ alpha: 0.5 }]);
    expect(search.resultsTable()[0]!.param_alpha).toBe(0.5);
  });

  it('does not mutate the grid, X or y', async () => {
    const grid = { alpha: [1, 0.1] };
    const Xc = X.map((r) => [...r]);
    const yc = [...y];
    await new GridSearchCV(new Ridge(), grid, { cv: 2 }).fit(Xc, yc);
    expect(grid).toEqual({ alpha: [1, 0.1] });
    expect(Xc).toEqual(X);
    expect(yc).toEqual(y);
  });

  it('streams typed events in order', async () => {
    const search = new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 2 });
    const types: string[] = [];
    for await (const e of search.stream(X, y)) types.push(e.type);
    expect(types[0]).toBe('start');
    expect(types.filter((t) => t === 'split-end')).toHaveLength(4);
    expect(types.filter((t) => t === 'candidate-end')).toHaveLength(2);
    expect(types).toContain('new-best');
    expect(types.at(-1)).toBe('done');
  });

  it('stops when a callback says so and keeps the finished candidates', async () => {
    const seen: number[] = [];
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10, 100] }, {
      cv: 2,
      callbacks: { onTrialEnd: (info) => (seen.push(info.candidate), info.candidate === 1 ? 'stop' : undefined) },
    }).fit(X, y);
    expect(seen).toEqual([0, 1]);
    expect(search.cvResults.params).toHaveLength(2);
    expect(search.stopReason).toBe('callback');
  });
});

interface FlakyParams {
  failAbove: number;
  alpha: number;
}
class Flaky extends BaseEstimator<FlakyParams> {
  override readonly estimatorType = 'regressor' as const;
  private inner: Ridge | undefined;
  constructor(params: Partial<FlakyParams> = {}) {
    super('Flaky', { failAbove: { default: Infinity }, alpha: { default: 1, constraints: realIn({ min: 0 }) } }, params);
  }
  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    if (this.params.alpha > this.params.failAbove) throw new Error(`alpha ${this.params.alpha} is too large`);
    this.inner = await new Ridge({ alpha: this.params.alpha }).fit(X, y);
    return this;
  }
  async predict(X: MatrixLike): Promise<Float64Array> {
    return this.requireFitted(this.inner, 'predict').predict(X);
  }
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    return this.requireFitted(this.inner, 'score').score(X, y);
  }
}

describe('GridSearchCV failures', () => {
  const X = ridge.X.slice(0, 90);
  const y = ridge.y.slice(0, 90);

  it('gives failed splits errorScore, warns once with the first failure, and ranks them last', async () => {
    const { result: search, warnings } = await captureWarnings(() =>
      new GridSearchCV(new Flaky({ failAbove: 5 }), { alpha: [1, 10] }, { cv: 3 }).fit(X, y),
    );
    expect(search.cvResults.mean_test_score[1]).toBeNaN();
    expect(search.cvResults.rank_test_score).toEqual([1, 2]);
    expect(search.cvResults.split0_status).toEqual(['ok', 'failed']);
    expect(search.cvResults.split0_error).toEqual([undefined, 'Error: alpha 10 is too large']);
    expect(search.bestIndex).toBe(0);
    const failure = warnings.find((w) => w.category === 'FitFailedWarning')!;
    expect(failure.message).toContain('3 fits failed out of a total of 6.');
    expect(failure.message).toContain('The first failure was candidate 1 with params { alpha: 10 } on split 0.');
    expect(failure.message).toContain('3 fits failed with: Error: alpha 10 is too large');
  });

  it('uses a numeric errorScore', async () => {
    const { result: search } = await captureWarnings(() =>
      new GridSearchCV(new Flaky({ failAbove: 5 }), { alpha: [1, 10] }, { cv: 3, errorScore: -1 }).fit(X, y),
    );
    expect(search.cvResults.split1_test_score[1]).toBe(-1);
  });

  it('raises with the candidate and split attached under errorScore: raise', async () => {
    await expect(new GridSearchCV(new Flaky({ failAbove: 5 }), { alpha: [1, 10] }, { cv: 3, errorScore: 'raise' }).fit(X, y)).rejects.toThrow(
      'Fitting candidate 1 with params { alpha: 10 } on split 0 failed: Error: alpha 10 is too large',
    );
  });

  it('raises FitFailedError when every fit fails', async () => {
    await expect(new GridSearchCV(new Flaky({ failAbove: 0 }), { alpha: [1, 10] }, { cv: 3 }).fit(X, y)).rejects.toThrow(FitFailedError);
    await expect(new GridSearchCV(new Flaky({ failAbove: 0 }), { alpha: [1, 10] }, { cv: 3 }).fit(X, y)).rejects.toThrow(
      /^All the 6 fits failed\. It is very likely that your model is misconfigured\./,
    );
  });
});

describe('GridSearchCV bad input', () => {
  const X = ridge.X.slice(0, 30);
  const y = ridge.y.slice(0, 30);
  it('rejects an empty grid list and empty or non-array values', () => {
    expect(() => new GridSearchCV(new Ridge(), [])).toThrow('The parameter grid of GridSearchCV must hold at least one grid. Got [] instead.');
    expect(() => new GridSearchCV(new Ridge(), { alpha: [] })).toThrow('The grid value for parameter "alpha" of GridSearchCV must be a non-empty array. Got [] instead.');
    expect(() => new GridSearchCV(new Ridge(), { alpha: 1 } as never)).toThrow(
      'The grid value for parameter "alpha" of GridSearchCV must be an array of candidate values. Got 1 instead. Single values need to be wrapped in an array with one element.',
    );
  });
  it('rejects an unknown param before any fit, listing the valid names', async () => {
    let fits = 0;
    class Counting extends Ridge {
      override async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
        fits++;
        return super.fit(X, y);
      }
    }
    await expect(new GridSearchCV(new Counting(), { alpah: [1] } as never).fit(X, y)).rejects.toThrow(
      'GridSearchCV: the candidate { alpah: 1 } cannot be set on Counting. Unknown parameter "alpah" for Ridge. Valid parameters are: "alpha", "fitIntercept". Did you mean "alpha"?',
    );
    expect(fits).toBe(0);
  });
  it('rejects an invalid param value before any fit', async () => {
    await expect(new GridSearchCV(new Ridge(), { alpha: [1, -1] }).fit(X, y)).rejects.toThrow(InvalidParameterError);
  });
  it('rejects refit naming an unknown metric, and refit: true, in multi-metric mode', async () => {
    await expect(new GridSearchCV(new Ridge(), { alpha: [1] }, { scoring: ['r2'], refit: 'f1' }).fit(X, y)).rejects.toThrow(
      'The "refit" option of GridSearchCV must name one of the scored metrics ("r2"). Got "f1" instead.',
    );
    await expect(new GridSearchCV(new Ridge(), { alpha: [1] }, { scoring: ['r2', 'max_error'] }).fit(X, y)).rejects.toThrow(
      /^For multi-metric scoring, the "refit" option of GridSearchCV must be a metric name/,
    );
  });
  it('rejects cv larger than the data and mismatched X/y', async () => {
    await expect(new GridSearchCV(new Ridge(), { alpha: [1] }, { cv: 31 }).fit(X, y)).rejects.toThrow(ValidationError);
    await expect(new GridSearchCV(new Ridge(), { alpha: [1] }).fit(X, y.slice(1))).rejects.toThrow(
      'Found input variables with inconsistent numbers of samples: X has 30 rows and y has 29 entries (in GridSearchCV.fit).',
    );
  });
  it('rejects unknown options and bad option values', () => {
    expect(() => new GridSearchCV(new Ridge(), { alpha: [1] }, { nJob: 2 } as never)).toThrow(
      'Unknown option "nJob" for GridSearchCV. Valid options are: "scoring", "cv", "refit", "errorScore", "returnTrainScore", "verbose", "nJobs", "callbacks", "timeout", "signal", "parallelBackend", "maxMemoryMb", "handleSigint", "pruner", "pruneOn", "storage", "studyName", "loadIfExists", "ignoreMismatch". Did you mean "nJobs"?',
    );
    expect(() => new GridSearchCV(new Ridge(), { alpha: [1] }, { nJobs: 0 })).toThrow(
      'The "nJobs" option of GridSearchCV must be an int in the range [1, inf) or -1. Got 0 instead.',
    );
    expect(() => new GridSearchCV({} as Ridge, { alpha: [1] })).toThrow('The "estimator" argument of GridSearchCV must be an estimator');
  });
  it('rejects an unknown scorer name listing the valid ones', async () => {
    await expect(new GridSearchCV(new Ridge(), { alpha: [1] }, { scoring: 'r3' as never }).fit(X, y)).rejects.toThrow(/is not a valid scoring value/);
  });
});

describe('GridSearchCV timeout and abort', () => {
  interface SlowParams { ms: number }
  class Slow extends BaseEstimator<SlowParams> {
    override readonly estimatorType = 'regressor' as const;
    constructor(params: Partial<SlowParams> = {}) {
      super('Slow', { ms: { default: 10 } }, params);
    }
    async fit(_X: MatrixLike, _y?: TargetLike, options?: { signal?: AbortSignal | undefined }): Promise<this> {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.params.ms);
        options?.signal?.addEventListener('abort', () => (clearTimeout(t), resolve()));
      });
      return this;
    }
    async predict(X: MatrixLike): Promise<Float64Array> {
      return new Float64Array((X as number[][]).length);
    }
    async score(): Promise<number> {
      return this.params.ms;
    }
  }
  const X = Array.from({ length: 20 }, (_, i) => [i]);
  const y = X.map(([v]) => v!);

  it('ends on timeout with valid partial results and unfinished splits marked', async () => {
    const search = await new GridSearchCV(new Slow(), { ms: [5, 6, 7, 400, 8, 9] }, { cv: 2, timeout: 0.15, refit: false }).fit(X, y);
    expect(search.stopReason).toBe('timeout');
    const statuses = search.cvResults.split1_status as string[];
    expect(statuses.length).toBeLessThan(6);
    expect(statuses.at(-1)).toBe('timeout');
    expect(search.cvResults.mean_test_score[0]).toBe(5);
  });

  it('ends when the signal aborts', async () => {
    const controller = new AbortController();
    const events: SearchEvent[] = [];
    const search = new GridSearchCV(new Slow(), { ms: [1, 2, 3, 4, 5] }, { cv: 2, signal: controller.signal, refit: false });
    for await (const e of search.stream(X, y)) {
      events.push(e);
      if (e.type === 'candidate-end' && e.candidate === 1) controller.abort();
    }
    expect(search.stopReason).toBe('aborted');
    expect(search.cvResults.params.length).toBeLessThanOrEqual(3);
  });
});
