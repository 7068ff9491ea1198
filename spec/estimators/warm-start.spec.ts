/**
 * warmStart of the forests and HistGradientBoosting against scikit-learn 1.2.1's
 * warm_start (spec/fixtures/warm-start/warm_start.json), and their continueFit
 * (what the multi-fidelity searches call): the continued model is the model a
 * single fit with the larger count grows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Label } from '../../lib/core/data.js';
import { validateMatrix } from '../../lib/core/data.js';
import type { ContinuesTraining } from '../../lib/core/continuation.js';
import { continuationOf } from '../../lib/core/continuation.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import type { AnyEstimator } from '../../lib/core/estimator.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { HistGradientBoostingClassifier } from '../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-classifier.js';
import { HistGradientBoostingRegressor } from '../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import { ExtraTreesClassifier } from '../../lib/estimators/tree/extra-trees-classifier.js';
import { ExtraTreesRegressor } from '../../lib/estimators/tree/extra-trees-regressor.js';
import { RandomForestClassifier } from '../../lib/estimators/tree/random-forest-classifier.js';
import { RandomForestRegressor } from '../../lib/estimators/tree/random-forest-regressor.js';

interface WarmCase {
  estimator: string;
  data: 'classification' | 'regression';
  param: 'nEstimators' | 'maxIter';
  params: Record<string, unknown>;
  first: number;
  second: number;
  warm: { predict: (number | string)[]; predictProba?: number[][] };
  equalToSingleFit: boolean;
  refitSameCount: { warnings: string[]; nothingNew: boolean };
  /** HistGradientBoosting's validation_score_ after the warm fit ([] without early stopping). */
  validationScore: number[] | null;
}
interface Fixture {
  datasets: Record<string, { XTrain: number[][]; yTrain: number[]; XTest: number[][] }>;
  cases: WarmCase[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/warm-start/warm_start.json', import.meta.url), 'utf8')) as Fixture;

type Model = AnyEstimator & ContinuesTraining & { predict(X: number[][]): Promise<ArrayLike<Label>>; predictProba?(X: number[][]): Promise<number[][]> };
const constructors: Record<string, new (params: Record<string, unknown>) => Model> = {
  RandomForestClassifier: RandomForestClassifier as never,
  RandomForestRegressor: RandomForestRegressor as never,
  ExtraTreesClassifier: ExtraTreesClassifier as never,
  ExtraTreesRegressor: ExtraTreesRegressor as never,
  HistGradientBoostingClassifier: HistGradientBoostingClassifier as never,
  HistGradientBoostingRegressor: HistGradientBoostingRegressor as never,
};
const cases = fixture.cases;

/** What a model has fitted: a forest's trees, a boosting model's iterations and predictions. */
async function fittedOf(model: Model, X: number[][]): Promise<unknown> {
  const m = model as unknown as { trees?: unknown; nIter?: number };
  return 'trees' in m ? m.trees : { nIter: m.nIter, predict: Array.from(await model.predict(X)) };
}

async function outputs(model: Model, X: number[][]): Promise<{ predict: Label[]; predictProba?: number[][] }> {
  const predict = Array.from(await model.predict(X));
  return model.predictProba === undefined ? { predict } : { predict, predictProba: await model.predictProba(X) };
}

function expectClose(actual: { predict: Label[]; predictProba?: number[][] }, expected: WarmCase['warm'], classifier: boolean): void {
  if (classifier) expect(actual.predict).toEqual(expected.predict);
  else actual.predict.forEach((v, i) => expect(v as number).toBeCloseTo(expected.predict[i] as number, 9));
  expected.predictProba?.forEach((row, i) => row.forEach((p, k) => expect(actual.predictProba?.[i]?.[k]).toBeCloseTo(p, 12)));
}

describe.each(cases.map((c) => [c.estimator, JSON.stringify(c.params), c] as const))('%s %s warmStart', (name, _, c) => {
  const Model = constructors[name] as new (params: Record<string, unknown>) => Model;
  const d = fixture.datasets[c.data] as Fixture['datasets'][string];
  const classifier = c.data === 'classification';

  it(`adds ${c.param} ${c.first} -> ${c.second}: scikit-learn's warm_start predictions, and the single fit's`, async () => {
    expect(c.equalToSingleFit).toBe(true); // in scikit-learn too
    const warm = await new Model({ ...c.params, [c.param]: c.first, warmStart: true }).fit(d.XTrain, d.yTrain);
    await warm.setParams({ [c.param]: c.second }).fit(d.XTrain, d.yTrain);
    const once = await new Model({ ...c.params, [c.param]: c.second }).fit(d.XTrain, d.yTrain);
    const warmOut = await outputs(warm, d.XTest);
    expect(warmOut).toEqual(await outputs(once, d.XTest));
    expectClose(warmOut, c.warm, classifier);
    if (c.validationScore !== null) {
      // early stopping keeps the first fit's scores and goes on from them
      const scores = Array.from((warm as unknown as { validationScore: Float64Array }).validationScore);
      expect(scores).toHaveLength(c.validationScore.length);
      scores.forEach((v, i) => expect(v).toBeCloseTo(c.validationScore?.[i] as number, 12));
    }
  });

  it('fits nothing new on a warm fit with the same count (scikit-learn warns for the forests)', async () => {
    const warm = await new Model({ ...c.params, [c.param]: c.second, warmStart: true }).fit(d.XTrain, d.yTrain);
    const before = await fittedOf(warm, d.XTest);
    const { warnings } = await captureWarnings(() => warm.fit(d.XTrain, d.yTrain));
    expect(c.refitSameCount.nothingNew).toBe(true);
    expect(warnings.map((w) => w.message)).toEqual(c.refitSameCount.warnings.map(() => expect.stringMatching(/without increasing nEstimators does not fit new trees/)));
    if (c.param === 'maxIter') expect(warnings).toEqual([]);
    expect(await fittedOf(warm, d.XTest)).toEqual(before);
  });

  it('refuses a smaller count, and continueFit gives the single fit', async () => {
    const warm = await new Model({ ...c.params, [c.param]: c.first, warmStart: true }).fit(d.XTrain, d.yTrain);
    await expect(warm.setParams({ [c.param]: c.first - 1 }).fit(d.XTrain, d.yTrain)).rejects.toThrow(InvalidParameterError);
    const model = await new Model({ ...c.params, [c.param]: c.first }).fit(d.XTrain, d.yTrain);
    expect(continuationOf(model, c.param)).toBe(model);
    await model.continueFit(validateMatrix(d.XTrain, { owner: 'spec' }), d.yTrain, c.param, c.second);
    expect(model.getParams()[c.param]).toBe(c.second);
    expect(model.getParams().warmStart).toBe(false);
    const once = await new Model({ ...c.params, [c.param]: c.second }).fit(d.XTrain, d.yTrain);
    expect(await outputs(model, d.XTest)).toEqual(await outputs(once, d.XTest));
  });
});
