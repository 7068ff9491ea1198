import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random-state.js';
import { DecisionTreeClassifier } from '../../../lib/estimators/tree/decision-tree-classifier.js';
import { RandomForestClassifier } from '../../../lib/estimators/tree/random-forest-classifier.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { caseTitle, expectTreeCase, loadTreeFixture } from './seeded-cases.js';

const fixture = loadTreeFixture('seeded.json');

describe("seeded trees and forests equal scikit-learn's, tree for tree (spec/fixtures/tree/seeded.json)", () => {
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', async (_, c) => expectTreeCase(fixture, c));
});

describe('a RandomState randomState', () => {
  it.each(fixture.searches!.runs.map((r) => [r.estimator, r] as const))(
    '%s in GridSearchCV: every fold draws from a copy, as scikit-learn clones it',
    async (name, r) => {
      const Est = name === 'DecisionTreeClassifier' ? DecisionTreeClassifier : RandomForestClassifier;
      const est = new Est({ ...r.params, randomState: new RandomState(r.seed) } as never);
      const search = await new GridSearchCV(est, { maxDepth: r.maxDepth }, { cv: 3 }).fit(fixture.searches!.X, fixture.searches!.y);
      r.splitScores.forEach((scores, k) => expect(search.cvResults[`split${k}_test_score`]).toEqual(scores));
    },
  );

  it('advances at every fit', async () => {
    const { XTrain, yTrain } = fixture.datasets.classification!;
    const rs = new RandomState(0);
    const est = new RandomForestClassifier({ nEstimators: 3, randomState: rs });
    const first = (await est.fit(XTrain, yTrain)).trees;
    const second = (await est.fit(XTrain, yTrain)).trees;
    expect(second).not.toEqual(first);
    const replay = new RandomState(0);
    replay.randint(0, 2147483647, 3);
    expect((await new RandomForestClassifier({ nEstimators: 3, randomState: replay }).fit(XTrain, yTrain)).trees).toEqual(second);
  });
});
