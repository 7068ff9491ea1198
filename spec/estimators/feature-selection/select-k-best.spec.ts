import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { loadIris } from '../../../lib/datasets/index.js';
import { SelectKBest, chi2, fClassif, fRegression } from '../../../lib/estimators/feature-selection/index.js';
import { Pipeline } from '../../../lib/estimators/pipeline.js';
import { KNeighborsClassifier } from '../../../lib/estimators/neighbors/index.js';
import { GridSearchCV } from '../../../lib/model-selection/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { dataset, featureSelectionFixtures } from './fixtures.js';

checkEstimator('SelectKBest', () => new SelectKBest({ k: 2 }), { kind: 'transformer' });

const fixtures = featureSelectionFixtures();
const FUNCTIONS = { fClassif, chi2, fRegression };

describe('SelectKBest parity with scikit-learn 1.2', () => {
  for (const c of fixtures.select) {
    it(`${c.scoreFunc}, k ${JSON.stringify(c.k)} on ${c.dataset}`, async () => {
      const { X, y } = await dataset(c.dataset);
      const model = await new SelectKBest({ scoreFunc: FUNCTIONS[c.scoreFunc], k: c.k }).fit(X, y);
      expect(model.getSupport(true)).toEqual(c.support);
      const { result: transformed } = await captureWarnings(() => model.transform(X.slice(0, 5)));
      expect(transformed.toArray()).toEqual(c.transformed.length > 0 && c.transformed[0]!.length > 0 ? c.transformed : X.slice(0, 5).map(() => []));
      if (c.inverse !== null) expect((await model.inverseTransform(transformed)).toArray()).toEqual(c.inverse);
    });
  }

  it('breaks ties towards the later feature, as numpy\'s stable argsort', async () => {
    const { X, y, k, support } = fixtures.ties;
    for (const [i, kk] of k.entries()) {
      expect((await new SelectKBest({ k: kk }).fit(X, y)).getSupport(true)).toEqual(support[i]);
    }
  });
});

describe('SelectKBest', () => {
  it('exposes scores, p-values and the support mask', async () => {
    const { data, target } = await loadIris();
    const model = await new SelectKBest({ k: 2 }).fit(data, target);
    expect(model.getSupport()).toEqual([false, false, true, true]);
    expect(model.scores).toHaveLength(4);
    expect(model.pValues).toHaveLength(4);
  });

  it('accepts a score function that returns scores only (no p-values)', async () => {
    const model = await new SelectKBest({ scoreFunc: (X) => Array.from({ length: X.columns }, (_, j) => j % 2), k: 1 }).fit([[1, 2, 3], [4, 5, 6]], [0, 1]);
    expect(model.pValues).toBeNull();
    expect(model.getSupport(true)).toEqual([1]);
  });

  it('refuses k above the number of features, recoverably', async () => {
    const error = await new SelectKBest().fit([[1, 2], [3, 4]], [0, 1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toBe(
      'The "k" parameter of SelectKBest.fit must be at most the number of features (2). Got 10 instead. Use k: \'all\' to keep all features.',
    );
    expect(() => new SelectKBest({ k: -1 })).toThrow(InvalidParameterError);
  });

  it('warns and returns no columns when k is 0', async () => {
    const model = await new SelectKBest({ k: 0 }).fit([[1, 2], [3, 4], [5, 7]], [0, 1, 1]);
    const { result, warnings } = await captureWarnings(() => model.transform([[1, 2]]));
    expect(result.columns).toBe(0);
    expect(warnings.map((w) => w.message)).toEqual(['No features were selected: either the data is too noisy or the selection test too strict.']);
  });

  it('has no support before fit', () => {
    expect(() => new SelectKBest().getSupport()).toThrow(NotFittedError);
  });

  it('tunes k inside a pipeline with GridSearchCV', async () => {
    const { data, target } = await loadIris();
    const pipe = new Pipeline([['select', new SelectKBest()], ['knn', new KNeighborsClassifier()]]);
    const search = await new GridSearchCV(pipe, { select__k: [1, 2, 'all'] }, { cv: 3 }).fit(data, target);
    expect([1, 2, 'all']).toContain(search.bestParams!.select__k);
  });
});
