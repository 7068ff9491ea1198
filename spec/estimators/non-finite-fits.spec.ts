/**
 * Fits whose solution is not finite (a column of values about 1e300, whose
 * squares overflow) raise where scikit-learn raises, with the fix in the
 * message, instead of predicting NaN; a search records such a fit as a failed
 * split with that message.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { loadDiabetes } from '../../lib/datasets/index.js';
import { Ridge } from '../../lib/estimators/linear/index.js';
import { SVC, SVR } from '../../lib/estimators/svm/index.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';

describe('fits with a column of values about 1e300', async () => {
  const diabetes = await loadDiabetes();
  const X = diabetes.data.slice(0, 60).map((row) => row.map((v, j) => (j === 1 ? v * 1e300 : v)));
  const y = diabetes.target.slice(0, 60);
  const labels = y.map((v) => (v > 150 ? 'high' : 'low'));
  const advice = 'The input data may contain large values and need to be preprocessed (e.g. with StandardScaler).';

  it('SVR raises, as scikit-learn does, that its dual coefficients are not finite', async () => {
    const error = await new SVR().fit(X, y).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(`SVR.fit: the dual coefficients or intercepts are not finite. ${advice}`);
    expect(error).toMatchObject({ owner: 'SVR.fit', argument: 'X' });
  });

  it('SVC raises the same, and keeps no fitted state', async () => {
    const svc = new SVC();
    await expect(svc.fit(X, labels)).rejects.toThrow(`SVC.fit: the dual coefficients or intercepts are not finite. ${advice}`);
    await expect(svc.predict(X)).rejects.toThrow('This SVC instance is not fitted yet.');
  });

  it('Ridge raises that its solution holds infs or NaNs (scikit-learn: "array must not contain infs or NaNs")', async () => {
    await expect(new Ridge().fit(X, y)).rejects.toThrow(`Ridge.fit: the solution holds infs or NaNs (the squares of X's values overflow). ${advice}`);
  });

  it('a search records the failed fits with the message and warns', async () => {
    const { result: search, warnings } = await captureWarnings(() => new GridSearchCV(new SVR(), { C: [1, 10] }, { cv: 3, refit: false }).fit(X, y).catch((e: unknown) => e));
    // every fit failed: the search says so with the first message
    expect(search).toMatchObject({ name: 'FitFailedError' });
    expect((search as Error).message).toContain(`ValidationError: SVR.fit: the dual coefficients or intercepts are not finite. ${advice}`);
    expect(warnings).toEqual([]);
  });

  it('predictions that are not finite fail the split they are scored on, naming the metric and the row', async () => {
    /** A regressor whose model came out NaN (as SVR's did before it checked). */
    class NaNModel extends Ridge {
      override async predict(Xp: Parameters<Ridge['predict']>[0]): Promise<Float64Array> {
        return (await super.predict(Xp)).map(() => NaN);
      }
    }
    const { result: search } = await captureWarnings(() => new GridSearchCV(new NaNModel(), { alpha: [1] }, { cv: 2, refit: false, scoring: 'r2' }).fit(diabetes.data.slice(0, 40), y.slice(0, 40)).catch((e: unknown) => e));
    expect((search as Error).message).toContain('Scoring failed: ValidationError: The "yPred" argument of r2Score must be an array of finite numbers. Got NaN at index 0 instead.');
  });
});
