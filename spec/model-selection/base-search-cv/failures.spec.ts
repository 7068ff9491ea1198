/**
 * BaseSearchCV failures: a failing fit is data (errorScore, one warning, ranked last), raised on request, fatal when every fit fails.
 */
import { describe, expect, it } from 'vitest';
import { FitFailedError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { Flaky, ridge } from './_fixtures.js';

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
