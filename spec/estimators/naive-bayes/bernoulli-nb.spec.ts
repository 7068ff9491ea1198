import { describe, expect, it } from 'vitest';
import { BernoulliNB } from '../../../lib/estimators/naive-bayes/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { naiveBayesParity } from './parity.js';

checkEstimator('BernoulliNB', () => new BernoulliNB(), { kind: 'classifier' });

naiveBayesParity('BernoulliNB', (params) => new BernoulliNB(params), (m) => ({
  featureCount: m.featureCount,
  featureLogProb: m.featureLogProb,
  classLogPrior: m.classLogPrior,
}));

describe('BernoulliNB', () => {
  it('runs the documented example', async () => {
    const X = [[1, 0, 1], [1, 1, 0], [0, 1, 1], [0, 1, 0]];
    const model = await new BernoulliNB().fit(X, [0, 0, 1, 1]);
    const [proba] = await model.predictProba([[1, 0, 0]]);
    expect(proba![0]).toBeCloseTo(0.857, 2);
  });

  it('binarizes X in fit and predict at the threshold', async () => {
    const raw = await new BernoulliNB({ binarize: 2 }).fit([[3, 0], [5, 1], [0, 4], [1, 9]], [0, 0, 1, 1]);
    const binary = await new BernoulliNB({ binarize: null }).fit([[1, 0], [1, 0], [0, 1], [0, 1]], [0, 0, 1, 1]);
    expect(raw.featureCount).toEqual(binary.featureCount);
    expect(await raw.predictProba([[7, 2]])).toEqual(await binary.predictProba([[1, 0]]));
  });

  it('uses each feature its own alpha in the denominator', async () => {
    const model = await new BernoulliNB({ alpha: [1, 3] }).fit([[1, 0], [1, 1], [0, 1]], [0, 0, 1]);
    expect(model.featureLogProb[0]).toEqual([Math.log(3) - Math.log(4), Math.log(4) - Math.log(8)]);
  });
});
