import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidParameterError, NotFittedError } from '../../../lib/core/errors.js';
import { clone } from '../../../lib/core/estimator.js';
import { loadIris } from '../../../lib/datasets/index.js';
import type { DenseMatrix } from '../../../lib/core/data.js';
import { VotingClassifier } from '../../../lib/estimators/ensemble/index.js';
import { LogisticRegression, Ridge } from '../../../lib/estimators/linear/index.js';
import { GaussianNB } from '../../../lib/estimators/naive-bayes/index.js';
import { KNeighborsClassifier } from '../../../lib/estimators/neighbors/index.js';
import { GridSearchCV } from '../../../lib/model-selection/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

checkEstimator('VotingClassifier (hard)', () => new VotingClassifier([['nb', new GaussianNB()], ['knn', new KNeighborsClassifier()]]), { kind: 'classifier' });
checkEstimator(
  'VotingClassifier (soft, weighted, one dropped)',
  () => new VotingClassifier([['nb', new GaussianNB()], ['lr', 'drop'], ['knn', new KNeighborsClassifier()]], { voting: 'soft', weights: [1, 3, 2] }),
  { kind: 'classifier' },
);

const members = () => [['lr', new LogisticRegression()], ['nb', new GaussianNB()]] as const;

describe('VotingClassifier', () => {
  it('exposes members and their params as name__param', () => {
    const vote = new VotingClassifier(members(), { voting: 'soft' });
    const params = vote.getParams();
    expect(Object.keys(params).slice(0, 7)).toEqual(['estimators', 'voting', 'weights', 'flattenTransform', 'verbose', 'lr', 'nb']);
    expect(params.lr__C).toBe(1);
    expect(params.nb__varSmoothing).toBe(1e-9);
    expect(Object.keys(vote.getParams(false))).toEqual(['estimators', 'voting', 'weights', 'flattenTransform', 'verbose']);
  });

  it('routes name__param, replaces and drops members, checked at compile time too', () => {
    const vote = new VotingClassifier(members());
    vote.setParams({ lr__C: 10, voting: 'soft' });
    expect(vote.getParams().lr__C).toBe(10);
    vote.setParams({ nb: 'drop' });
    expect(vote.getParams(false).estimators[1]![1]).toBe('drop');
    expectTypeOf(vote.setParams).parameter(0).toHaveProperty('lr__C');
    // @ts-expect-error a param LogisticRegression does not have
    expect(() => vote.setParams({ lr__alpah: 1 })).toThrow(/Unknown parameter "alpah" for LogisticRegression/);
    // @ts-expect-error voting is 'hard' or 'soft'
    expect(() => vote.setParams({ voting: 'mean' })).toThrow(InvalidParameterError);
  });

  it('refuses non-classifiers, all members dropped and repeated names', () => {
    expect(() => new VotingClassifier([['r', new Ridge()]])).toThrow(
      'The "estimators" parameter of VotingClassifier must be an array of [name, estimator] pairs whose estimators are classifiers (or "drop"). Got [["r", an instance of Ridge]] instead. The estimator "r" (an instance of Ridge) should be a classifier.',
    );
    expect(() => new VotingClassifier([['a', 'drop']])).toThrow(/All estimators are dropped/);
    expect(() => new VotingClassifier([['a', new GaussianNB()], ['a', new GaussianNB()]])).toThrow(/not unique/);
    expect(() => new VotingClassifier([['voting', new GaussianNB()]])).toThrow(/conflict with parameters/);
  });

  it('checks the number of weights at fit', async () => {
    const { data, target } = await loadIris();
    await expect(new VotingClassifier(members(), { weights: [1] }).fit(data, target)).rejects.toThrow(
      'Number of estimators and weights must be equal (in VotingClassifier.fit); got 1 weights, 2 estimators.',
    );
  });

  it('has predictProba only with soft voting', async () => {
    const { data, target } = await loadIris();
    expect(new VotingClassifier(members()).predictProba).toBeUndefined();
    const soft = await new VotingClassifier(members(), { voting: 'soft' }).fit(data, target);
    const proba = await soft.predictProba!(data.slice(0, 2));
    expect(proba[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('fits clones on the class indices and keeps string labels outside', async () => {
    const { data, target } = await loadIris();
    const names = ['setosa', 'versicolor', 'virginica'];
    const given = new GaussianNB();
    const vote = await new VotingClassifier([['nb', given], ['knn', new KNeighborsClassifier()]]).fit(data, target.map((t) => names[t]!));
    expect(() => given.classes).toThrow(NotFittedError);
    expect((vote.namedEstimators.nb as GaussianNB).classes).toEqual([0, 1, 2]);
    expect(await vote.predict([data[0]!])).toEqual(['setosa']);
  });

  it('transforms into member votes or member probabilities', async () => {
    const { data, target } = await loadIris();
    const hard = await new VotingClassifier(members()).fit(data, target);
    expect(((await hard.transform(data.slice(0, 3))) as DenseMatrix).toArray()).toEqual([[0, 0], [0, 0], [0, 0]]);
    const soft = await new VotingClassifier(members(), { voting: 'soft', flattenTransform: false }).fit(data, target);
    const stacked = (await soft.transform(data.slice(0, 3))) as number[][][];
    expect([stacked.length, stacked[0]!.length, stacked[0]![0]!.length]).toEqual([2, 3, 3]);
  });

  it('clones with its members and is tuned by GridSearchCV through name__param', async () => {
    const { data, target } = await loadIris();
    const vote = new VotingClassifier([['knn', new KNeighborsClassifier()], ['nb', new GaussianNB()]], { voting: 'soft' });
    const copy = clone(vote);
    expect(copy.getParams(false).estimators[0]![1]).not.toBe(vote.getParams(false).estimators[0]![1]);
    const search = await new GridSearchCV(vote, { knn__nNeighbors: [1, 15], nb: ['drop', new GaussianNB()] }, { cv: 3 }).fit(data, target);
    expect(search.cvResults.params).toHaveLength(4);
    expect([1, 15]).toContain(search.bestParams!.knn__nNeighbors);
  });
});
