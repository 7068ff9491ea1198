import { describe, expect, it } from 'vitest';
import { loadDiabetes } from '../../../lib/datasets/index.js';
import { StackingRegressor } from '../../../lib/estimators/ensemble/index.js';
import { LinearRegression, Ridge } from '../../../lib/estimators/linear/index.js';
import { GaussianNB } from '../../../lib/estimators/naive-bayes/index.js';
import { KNeighborsRegressor } from '../../../lib/estimators/neighbors/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

checkEstimator('StackingRegressor', () => new StackingRegressor([['ridge', new Ridge()], ['knn', new KNeighborsRegressor()]], { cv: 3 }), {
  kind: 'regressor',
  tolerance: 1e-12,
});

describe('StackingRegressor', () => {
  it('uses Ridge() as the default final estimator (scikit-learn: RidgeCV)', async () => {
    const { data, target } = await loadDiabetes();
    const stack = await new StackingRegressor([['lin', new LinearRegression()], ['knn', new KNeighborsRegressor()]]).fit(data.slice(0, 150), target.slice(0, 150));
    expect(stack.fittedFinalEstimator).toBeInstanceOf(Ridge);
    expect(stack.stackMethods).toEqual(['predict', 'predict']);
    expect((await stack.transform(data.slice(0, 4))).columns).toBe(2);
  });

  it('refuses classifiers among the members and as final estimator', async () => {
    expect(() => new StackingRegressor([['nb', new GaussianNB()]])).toThrow(/should be a regressor/);
    const { data, target } = await loadDiabetes();
    await expect(new StackingRegressor([['lin', new LinearRegression()]], { finalEstimator: new GaussianNB() }).fit(data, target)).rejects.toThrow(
      /The "finalEstimator" parameter of StackingRegressor must be a regressor or null/,
    );
  });
});
