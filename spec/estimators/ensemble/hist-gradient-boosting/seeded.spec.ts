/**
 * HistGradientBoosting with early stopping and a randomState fits what scikit-learn
 * 1.2 fits: the same validation rows, binning rows and scored rows, so the same
 * iterations, scores and predictions (fixtures: spec/fixtures/hist-gradient-boosting/seeded.py).
 */
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../../lib/core/random-state.js';
import type { HistGradientBoostingClassifierParams } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-classifier.js';
import { HistGradientBoostingClassifier } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-classifier.js';
import type { HistGradientBoostingRegressorParams } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import { HistGradientBoostingRegressor } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import type { SeededModelCase } from './_fixtures.js';
import { maxRelativeDifference, readFixture, recipeData } from './_fixtures.js';

const fixture = readFixture<{ models: SeededModelCase[]; heldout: SeededModelCase[] }>('seeded');

type Model = HistGradientBoostingClassifier | HistGradientBoostingRegressor;

/** The randomState of each fit: the seeds, or one RandomState shared by all fits. */
function randomStates(c: SeededModelCase): (number | RandomState)[] {
  if ('seeds' in c.randomState) return c.randomState.seeds;
  const shared = new RandomState(c.randomState.shared);
  return Array.from({ length: c.randomState.fits }, () => shared);
}

function create(c: SeededModelCase, randomState: number | RandomState): Model {
  const params = { ...c.params, randomState };
  return c.recipe.kind === 'classifier'
    ? new HistGradientBoostingClassifier(params as Partial<HistGradientBoostingClassifierParams>)
    : new HistGradientBoostingRegressor(params as Partial<HistGradientBoostingRegressorParams>);
}

async function rawOf(model: Model, X: number[][]): Promise<number[]> {
  const decision = model instanceof HistGradientBoostingClassifier ? await model.decisionFunction(X) : Float64Array.from(await model.predict(X));
  if (decision instanceof Float64Array) return Array.from(decision);
  return decision[0]!.map((_, k) => decision.map((row) => row[k]!)).flat(); // class-major
}

async function checkCase(c: SeededModelCase): Promise<void> {
  const { X, y } = recipeData(c.recipe);
  const XTrain = X.slice(0, c.nTrain);
  const yTrain = y.slice(0, c.nTrain);
  const XTest = X.slice(c.nTrain);
  const states = randomStates(c);
  for (let k = 0; k < c.fits.length; k++) {
    const expected = c.fits[k]!;
    const model = await create(c, states[k]!).fit(XTrain, yTrain);
    const label = `fit ${k} (seed ${expected.seed})`;
    expect(model.nIter, label).toBe(expected.nIter);
    expect(maxRelativeDifference(model.trainScore, expected.trainScore), label).toBeLessThan(1e-10);
    expect(maxRelativeDifference(model.validationScore, expected.validationScore), label).toBeLessThan(1e-10);
    expect(maxRelativeDifference(await rawOf(model, XTest), expected.raw.flat()), label).toBeLessThan(1e-10);
    if (expected.predict !== undefined) expect(await (model as HistGradientBoostingClassifier).predict(XTest), label).toEqual(expected.predict);
  }
}

describe('HistGradientBoosting with early stopping and a randomState, against scikit-learn 1.2', () => {
  for (const c of fixture.models) it(c.name, () => checkCase(c), 60_000);
});

describe('HistGradientBoosting with early stopping, held-out cases drawn by the fixture script', () => {
  for (const c of fixture.heldout) it(`${c.name}: ${c.recipe.kind}, ${JSON.stringify(c.params)}`, () => checkCase(c), 60_000);
});

describe('HistGradientBoosting and a RandomState object', () => {
  it('draws from a RandomState passed as randomState, so successive fits differ and the stream advances', async () => {
    const { X, y } = recipeData({ seed: 3, n: 400, p: 4, kind: 'regressor' });
    const shared = new RandomState(9);
    const params = { earlyStopping: true, maxIter: 30 } as const;
    const first = await new HistGradientBoostingRegressor({ ...params, randomState: shared }).fit(X, y);
    const second = await new HistGradientBoostingRegressor({ ...params, randomState: shared }).fit(X, y);
    expect(second.validationScore).not.toEqual(first.validationScore);
    const replay = new RandomState(9);
    const again = await new HistGradientBoostingRegressor({ ...params, randomState: replay }).fit(X, y);
    expect(again.validationScore).toEqual(first.validationScore);
  });

  it('accepts a seed, a RandomState or null, and names anything else', () => {
    expect(() => new HistGradientBoostingRegressor({ randomState: -1 })).toThrow(
      'The "randomState" parameter of HistGradientBoostingRegressor must be null, an int in the range [0, 4294967295] or a RandomState. Got -1 instead.',
    );
  });
});
