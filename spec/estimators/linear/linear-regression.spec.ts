import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { LinearRegression } from '../../../lib/estimators/linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxScaledError, regressionFixtures } from './fixtures.js';

const fixtures = regressionFixtures();

describe('LinearRegression on badly scaled columns (issue 18), against scikit-learn 1.2', () => {
  const scaling = JSON.parse(readFileSync(new URL('../../fixtures/linear/scaling.json', import.meta.url), 'utf8')) as {
    y: number[];
    cases: { name: string; X: number[][]; coef: number[]; intercept: number; rank: number; score: number }[];
  };
  for (const c of scaling.cases) {
    it(`fits with ${c.name}: the same rank, score, coefficients and intercept`, async () => {
      const model = await new LinearRegression().fit(c.X, scaling.y);
      expect(model.rank).toBe(c.rank);
      expect(Math.abs((await model.score(c.X, scaling.y)) - c.score)).toBeLessThan(1e-9);
      // each coefficient times its column's scale, against the largest such product
      const scale = c.X[0]!.map((_, j) => Math.max(...c.X.map((row) => Math.abs(row[j]!))));
      const effect = (coef: ArrayLike<number>) => Array.from(coef, (w, j) => w * scale[j]!);
      const top = Math.max(...effect(c.coef).map(Math.abs));
      effect(model.coef).forEach((e, j) => expect(Math.abs(e - effect(c.coef)[j]!)).toBeLessThan(1e-8 * top));
      expect(Math.abs(model.intercept - c.intercept)).toBeLessThan(1e-8 * Math.max(1, Math.abs(c.intercept), top));
      expect(model.coef.every(Number.isFinite)).toBe(true);
    });
  }
});

describe('LinearRegression parity with scikit-learn 1.2', () => {
  for (const c of fixtures.linearRegression) {
    it(`matches coef, intercept and predictions on ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const model = await new LinearRegression(c.params).fit(data.X, data.y);
      expect(maxScaledError(model.coef, c.coef)).toBeLessThan(1e-8);
      expect(maxScaledError([model.intercept], [c.intercept])).toBeLessThan(1e-8);
      const predicted = await model.predict(data.X.slice(0, c.predictions.length));
      expect(maxScaledError(predicted, c.predictions)).toBeLessThan(1e-8);
    });

    it(`finds the rank and singular values of ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const model = await new LinearRegression(c.params).fit(data.X, data.y);
      expect(model.rank).toBe(c.rank);
      const top = c.singular![0]!;
      // singular values that are zero in exact arithmetic only agree to rounding
      for (const [k, s] of c.singular!.entries()) expect(Math.abs(model.singular[k]! - s)).toBeLessThan(1e-10 * top);
    });
  }

  it('returns the minimum-norm solution for duplicated columns', async () => {
    const model = await new LinearRegression({ fitIntercept: false }).fit([[1, 1], [2, 2], [3, 3]], [2, 4, 6]);
    expect(model.coef[0]).toBeCloseTo(1, 12);
    expect(model.coef[1]).toBeCloseTo(1, 12);
    expect(model.rank).toBe(1);
  });
});

describe('LinearRegression', () => {
  it('runs its TSDoc example', async () => {
    const model = await new LinearRegression().fit([[0], [1], [2]], [1, 3, 5]);
    expect(model.coef[0]).toBeCloseTo(2, 12);
    expect(model.intercept).toBeCloseTo(1, 12);
    expect((await model.predict([[3]]))[0]).toBeCloseTo(7, 12);
  });

  it('has an intercept of 0 without fitIntercept', async () => {
    const model = await new LinearRegression({ fitIntercept: false }).fit([[1], [2], [4]], [3, 5, 9]);
    expect(model.intercept).toBe(0);
  });

  it('throws NotFittedError from every fitted getter before fit', () => {
    const model = new LinearRegression();
    expect(() => model.coef).toThrow(NotFittedError);
    expect(() => model.intercept).toThrow(NotFittedError);
    expect(() => model.rank).toThrow(NotFittedError);
    expect(() => model.singular).toThrow('This LinearRegression instance is not fitted yet. Call "fit" with appropriate arguments before using "singular".');
  });

  it('rejects string targets', async () => {
    const fit = new LinearRegression().fit([[1], [2]], ['a', 'b']);
    await expect(fit).rejects.toBeInstanceOf(ValidationError);
    await expect(fit).rejects.toThrow(
      'The "y" argument of LinearRegression.fit must be numbers (this estimator is a regressor). Got "a" at index 0 instead.',
    );
  });

  it('rejects a non-boolean fitIntercept', () => {
    expect(() => new LinearRegression({ fitIntercept: 1 as unknown as boolean })).toThrow(
      'The "fitIntercept" parameter of LinearRegression must be a boolean. Got 1 instead.',
    );
  });
});

checkEstimator('LinearRegression', () => new LinearRegression(), { kind: 'regressor' });
