import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { loadIris } from '../../../lib/datasets/index.js';
import { StackingClassifier } from '../../../lib/estimators/ensemble/index.js';
import { LogisticRegression, Ridge } from '../../../lib/estimators/linear/index.js';
import { GaussianNB, MultinomialNB } from '../../../lib/estimators/naive-bayes/index.js';
import { KNeighborsClassifier } from '../../../lib/estimators/neighbors/index.js';
import { GridSearchCV, KFold } from '../../../lib/model-selection/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

checkEstimator('StackingClassifier', () => new StackingClassifier([['nb', new GaussianNB()], ['knn', new KNeighborsClassifier()]], { cv: 3 }), {
  kind: 'classifier',
  tolerance: 1e-12,
});

describe('StackingClassifier', () => {
  it('routes finalEstimator__param and member params', () => {
    const stack = new StackingClassifier([['nb', new GaussianNB()]], { finalEstimator: new LogisticRegression() });
    stack.setParams({ finalEstimator__C: 0.5, nb__varSmoothing: 1e-6 });
    const params = stack.getParams();
    expect(params.finalEstimator__C).toBe(0.5);
    expect(params.nb__varSmoothing).toBe(1e-6);
    // @ts-expect-error LogisticRegression has no alpha
    expect(() => stack.setParams({ finalEstimator__alpha: 1 })).toThrow(/Unknown parameter "alpha" for LogisticRegression/);
  });

  it('uses a LogisticRegression as the default final estimator', async () => {
    const { data, target } = await loadIris();
    const stack = await new StackingClassifier([['nb', new GaussianNB()]], { cv: 3 }).fit(data, target);
    expect(stack.fittedFinalEstimator).toBeInstanceOf(LogisticRegression);
    expect(stack.stackMethods).toEqual(['predictProba']);
    expect(stack.decisionFunction).toBeTypeOf('function');
  });

  it('refuses a regressor as final estimator and a stack method a member lacks', async () => {
    const { data, target } = await loadIris();
    await expect(new StackingClassifier([['nb', new GaussianNB()]], { finalEstimator: new Ridge() }).fit(data, target)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(new StackingClassifier([['nb', new GaussianNB()]], { stackMethod: 'decisionFunction' }).fit(data, target)).rejects.toThrow(
      'The "stackMethod" parameter of StackingClassifier.fit is "decisionFunction", but the estimator "nb" (an instance of GaussianNB) does not implement decisionFunction.',
    );
  });

  it('stacks prefitted members with cv "prefit" without refitting them', async () => {
    const { data, target } = await loadIris();
    const nb = await new GaussianNB().fit(data, target);
    const stack = await new StackingClassifier([['nb', nb]], { cv: 'prefit', finalEstimator: new MultinomialNB() }).fit(data, target);
    expect(stack.fittedEstimators[0]).toBe(nb);
    expect((await stack.transform(data.slice(0, 1))).toArray()).toEqual(await nb.predictProba(data.slice(0, 1)));
  });

  it('takes a splitter and passes X through', async () => {
    const { data, target } = await loadIris();
    const stack = await new StackingClassifier([['nb', new GaussianNB()]], { cv: new KFold({ nSplits: 3, shuffle: true, randomState: 0 }), passthrough: true }).fit(data, target);
    expect((await stack.transform(data.slice(0, 2))).columns).toBe(3 + 4);
  });

  it('is tuned by GridSearchCV over member, final and own params', async () => {
    const { data, target } = await loadIris();
    const stack = new StackingClassifier([['knn', new KNeighborsClassifier()], ['nb', new GaussianNB()]], { finalEstimator: new LogisticRegression(), cv: 3 });
    const search = await new GridSearchCV(stack, { knn__nNeighbors: [3, 9], finalEstimator__C: [0.1, 1], passthrough: [false, true] }, { cv: 3 }).fit(data, target);
    expect(search.cvResults.params).toHaveLength(8);
    expect(search.bestScore).toBeGreaterThan(0.9);
  });
});
