import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { GaussianNB } from '../../../lib/estimators/naive-bayes/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { naiveBayesParity } from './parity.js';

checkEstimator('GaussianNB', () => new GaussianNB(), { kind: 'classifier' });

naiveBayesParity('GaussianNB', (params) => new GaussianNB(params), (m) => ({
  theta: m.theta,
  var: m.var,
  classPrior: m.classPrior,
  epsilon: m.epsilon,
}));

const X = [[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]];
const y = [1, 1, 1, 2, 2, 2];

describe('GaussianNB', () => {
  it('runs the documented example', async () => {
    const model = await new GaussianNB().fit(X, y);
    expect(await model.predict([[-0.8, -1]])).toEqual([1]);
    const online = new GaussianNB();
    await online.partialFit(X.slice(0, 4), [1, 1, 1, 2], { classes: [1, 2] });
    await online.partialFit(X.slice(4), [2, 2]);
    expect(await online.predict([[-0.8, -1]])).toEqual([1]);
  });

  it('gives the same means as fit when partialFit sees all rows in one batch', async () => {
    const full = await new GaussianNB().fit(X, y);
    const online = await new GaussianNB().partialFit(X, y, { classes: [2, 1] });
    expect(online.theta).toEqual(full.theta);
    expect(online.var).toEqual(full.var);
  });

  it('fit forgets earlier partialFit batches', async () => {
    const model = new GaussianNB();
    await model.partialFit([[100, 100]], [1], { classes: [1, 2] });
    await model.fit(X, y);
    expect(model.classCount).toEqual([3, 3]);
  });

  it('needs classes on the first partialFit call', async () => {
    await expect(new GaussianNB().partialFit(X, y)).rejects.toThrow(
      'The "classes" argument of GaussianNB.partialFit must be the list of every class (needed on the first call to partialFit). Got undefined instead.',
    );
  });

  it('rejects labels outside the classes and changed classes', async () => {
    const model = await new GaussianNB().partialFit(X, y, { classes: [1, 2] });
    await expect(model.partialFit([[0, 0]], [3])).rejects.toThrow(
      'The "y" argument of GaussianNB.partialFit must be labels among the classes [1, 2]. Got labels [3] that are not among them instead.',
    );
    await expect(model.partialFit([[0, 0]], [1], { classes: [1, 2, 3] })).rejects.toBeInstanceOf(ValidationError);
    await expect(model.partialFit([[0, 0, 0]], [1])).rejects.toBeInstanceOf(ValidationError);
  });

  it('checks the priors at construction and their number against the classes, recoverably', async () => {
    expect(() => new GaussianNB({ priors: [0.5, 0.6] })).toThrow(
      'The "priors" parameter of GaussianNB must be null or an array of non-negative numbers summing to 1 (one per class). Got [0.5, 0.6] instead.',
    );
    expect(() => new GaussianNB({ priors: [1.5, -0.5] })).toThrow(InvalidParameterError);
    const error = await new GaussianNB({ priors: [0.5, 0.25, 0.25] }).fit(X, y).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe(
      'The "priors" parameter of GaussianNB.fit must be an array of 2 numbers (one per class). Got [0.5, 0.25, 0.25] instead. Number of priors must match number of classes.',
    );
    const model = await new GaussianNB({ priors: [0.9, 0.1] }).fit(X, y);
    expect(model.classPrior).toEqual([0.9, 0.1]);
  });

  it('rejects a negative varSmoothing', () => {
    expect(() => new GaussianNB({ varSmoothing: -1 })).toThrow(
      'The "varSmoothing" parameter of GaussianNB must be a number in the range [0, inf). Got -1 instead.',
    );
  });

  it('has no attributes before fit', () => {
    expect(() => new GaussianNB().theta).toThrow(NotFittedError);
  });
});
