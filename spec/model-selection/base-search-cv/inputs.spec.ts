/**
 * BaseSearchCV inputs: bad data, options, candidates and scoring are refused before any fit, with messages that name them.
 */
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../../lib/core/data.js';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { ridge } from './_fixtures.js';

describe('GridSearchCV bad input', () => {
  const X = ridge.X.slice(0, 30);
  const y = ridge.y.slice(0, 30);
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
  it('names an empty test fold of a hand-made cv, and itself, before any fit', async () => {
    let fits = 0;
    class Counting extends Ridge {
      override async fit(Xf: MatrixLike, yf?: TargetLike): Promise<this> {
        fits++;
        return super.fit(Xf, yf);
      }
    }
    const all = Array.from({ length: 30 }, (_, i) => i);
    const cv = [[all.slice(0, 20), all.slice(20)], [all, []]] as [number[], number[]][];
    await expect(new GridSearchCV(new Counting(), { alpha: [1] }, { cv }).fit(X, y)).rejects.toThrow(
      new InvalidParameterError(
        'The "cv" option of GridSearchCV gave an empty test set in split 1 (30 training rows, 0 test rows): every split needs rows to fit on and rows to score on.',
        { owner: 'GridSearchCV', argument: 'cv', value: 'split 1', expected: 'splits with at least one training row and one test row' },
      ),
    );
    await expect(new GridSearchCV(new Ridge(), { alpha: [1] }, { cv: 1 }).fit(X, y)).rejects.toThrow(/^The "cv" option of GridSearchCV must be an int in the range \[2, inf\)/);
    expect(fits).toBe(0);
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
      'Unknown option "nJob" for GridSearchCV. Valid options are: "scoring", "cv", "refit", "errorScore", "returnTrainScore", "verbose", "nJobs", "callbacks", "timeout", "signal", "parallelBackend", "maxMemoryMb", "handleSigint", "pruner", "pruneOn", "shareWork", "cacheMemoryMb", "storage", "studyName", "loadIfExists", "ignoreMismatch". Did you mean "nJobs"?',
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
