import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { MultinomialNB } from '../../../lib/estimators/naive-bayes/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { naiveBayesParity } from './parity.js';

const counts = {
  X: Array.from({ length: 30 }, (_, i) => [i % 3, (i * 7) % 5, i % 3 === 0 ? 4 : 1, (i * 11) % 4]),
  y: Array.from({ length: 30 }, (_, i) => i % 3),
};

checkEstimator('MultinomialNB', () => new MultinomialNB(), { kind: 'classifier', data: counts });

naiveBayesParity('MultinomialNB', (params) => new MultinomialNB(params), (m) => ({
  featureCount: m.featureCount,
  featureLogProb: m.featureLogProb,
  classLogPrior: m.classLogPrior,
}));

describe('MultinomialNB', () => {
  it('runs the documented example', async () => {
    const X = [[2, 0, 1], [3, 1, 0], [0, 4, 1], [1, 3, 2]];
    const model = await new MultinomialNB({ alpha: 0.5 }).fit(X, ['spam', 'spam', 'ham', 'ham']);
    expect(await model.predict([[4, 0, 0]])).toEqual(['spam']);
  });

  it('rejects negative counts', async () => {
    await expect(new MultinomialNB().fit([[1, -2], [0, 1]], [0, 1])).rejects.toThrow(
      'The "X" argument of MultinomialNB.fit must be a matrix of non-negative values (counts). Got -2 at row 0, column 1 instead.',
    );
  });

  it('checks an alpha array against the features and classPrior against the classes (recoverably)', async () => {
    await expect(new MultinomialNB({ alpha: [1, 2, 3] }).fit([[1, 2], [0, 1]], [0, 1])).rejects.toThrow(
      'The "alpha" parameter of MultinomialNB.fit must be a number or an array of 2 numbers (one per feature). Got [1, 2, 3] instead. Got 3 values for 2 features.',
    );
    await expect(new MultinomialNB({ classPrior: [1] }).fit([[1, 2], [0, 1]], [0, 1])).rejects.toThrow(/Number of priors must match number of classes/);
    expect(() => new MultinomialNB({ alpha: -1 })).toThrow(InvalidParameterError);
  });

  it('adds partialFit batches to the counts of fit', async () => {
    const model = await new MultinomialNB().fit(counts.X.slice(0, 20), counts.y.slice(0, 20));
    await model.partialFit(counts.X.slice(20), counts.y.slice(20));
    const full = await new MultinomialNB().fit(counts.X, counts.y);
    expect(model.featureCount).toEqual(full.featureCount);
    expect(model.featureLogProb).toEqual(full.featureLogProb);
    await expect(model.partialFit([[1, 1, 1]], [0])).rejects.toBeInstanceOf(ValidationError);
  });

  it('uses a uniform prior without fitPrior, and keeps alpha 0 with forceAlpha', async () => {
    const model = await new MultinomialNB({ fitPrior: false, alpha: 0, forceAlpha: true }).fit([[1, 0], [2, 0], [0, 3]], [0, 0, 1]);
    expect(model.classLogPrior).toEqual([-Math.log(2), -Math.log(2)]);
    expect(model.featureLogProb[0]![1]).toBe(-Infinity);
  });
});
