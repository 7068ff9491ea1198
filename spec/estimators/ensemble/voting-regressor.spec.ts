import { describe, expect, it } from 'vitest';
import { loadDiabetes } from '../../../lib/datasets/index.js';
import { VotingRegressor } from '../../../lib/estimators/ensemble/index.js';
import { LinearRegression, Ridge } from '../../../lib/estimators/linear/index.js';
import { GaussianNB } from '../../../lib/estimators/naive-bayes/index.js';
import { KNeighborsRegressor } from '../../../lib/estimators/neighbors/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

checkEstimator('VotingRegressor', () => new VotingRegressor([['ridge', new Ridge()], ['knn', new KNeighborsRegressor()]]), { kind: 'regressor' });

describe('VotingRegressor', () => {
  it('predicts the weighted mean of its members', async () => {
    const { data, target } = await loadDiabetes();
    const X = data.slice(0, 200);
    const y = target.slice(0, 200);
    const ridge = await new Ridge().fit(X, y);
    const linear = await new LinearRegression().fit(X, y);
    const vote = await new VotingRegressor([['ridge', new Ridge()], ['lin', new LinearRegression()]], { weights: [3, 1] }).fit(X, y);
    const [a, b, v] = await Promise.all([ridge.predict(X.slice(0, 3)), linear.predict(X.slice(0, 3)), vote.predict(X.slice(0, 3))]);
    for (let i = 0; i < 3; i++) expect(v[i]).toBeCloseTo((3 * a[i]! + b[i]!) / 4, 10);
    expect((await vote.transform(X.slice(0, 3))).columns).toBe(2);
  });

  it('refuses classifiers as members', () => {
    expect(() => new VotingRegressor([['nb', new GaussianNB()]])).toThrow(/should be a regressor/);
  });

  it('drops a member through setParams', async () => {
    const vote = new VotingRegressor([['ridge', new Ridge()], ['knn', new KNeighborsRegressor()]]).setParams({ knn: 'drop', ridge__alpha: 3 });
    const { data, target } = await loadDiabetes();
    await vote.fit(data.slice(0, 50), target.slice(0, 50));
    expect(vote.fittedEstimators).toHaveLength(1);
    expect(vote.namedEstimators.knn).toBe('drop');
    expect(vote.getParams().ridge__alpha).toBe(3);
  });
});
