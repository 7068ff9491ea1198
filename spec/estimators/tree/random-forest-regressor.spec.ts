import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { DecisionTreeRegressor } from '../../../lib/estimators/tree/decision-tree-regressor.js';
import type { RandomForestRegressorParams } from '../../../lib/estimators/tree/random-forest-regressor.js';
import { RandomForestRegressor } from '../../../lib/estimators/tree/random-forest-regressor.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

interface Dataset {
  XTrain: number[][];
  yTrain: number[];
  XTest: number[][];
  yTest: number[];
}
interface ForestCase {
  kind: 'classifier' | 'regressor';
  data: string;
  params: Partial<RandomForestRegressorParams>;
  testScores: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/tree/forests.json', import.meta.url), 'utf8')) as {
  datasets: Record<string, Dataset>;
  cases: ForestCase[];
};
const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

checkEstimator('RandomForestRegressor', () => new RandomForestRegressor({ nEstimators: 10, randomState: 0 }), {
  kind: 'regressor',
  deterministicParams: { randomState: 11 },
});

describe('RandomForestRegressor R² against scikit-learn 1.2', () => {
  // Different random generators: the mean test R² of 10 forests (seeds 0..9) is
  // compared with scikit-learn's over its seeds 0..9.
  for (const c of fixture.cases.filter((x) => x.kind === 'regressor')) {
    it(`${c.data} ${JSON.stringify(c.params)}`, async () => {
      const d = fixture.datasets[c.data]!;
      const scores: number[] = [];
      for (let seed = 0; seed < 10; seed++) {
        const forest = await new RandomForestRegressor({ ...c.params, randomState: seed }).fit(d.XTrain, d.yTrain);
        scores.push(await forest.score(d.XTest, d.yTest));
      }
      expect(Math.abs(mean(scores) - mean(c.testScores))).toBeLessThanOrEqual(0.015);
    });
  }
});

describe('RandomForestRegressor', () => {
  const diabetes = fixture.datasets.diabetes!;

  it('runs its TSDoc example', async () => {
    const forest = new RandomForestRegressor({ nEstimators: 20, randomState: 0 });
    await forest.fit([[1], [2], [3], [4], [5], [6]], [1, 1, 1, 5, 5, 5]);
    const [low, high] = Array.from(await forest.predict([[1.5], [5.5]]));
    expect(low).toBeLessThan(2.5);
    expect(high).toBeGreaterThan(3.5);
  });

  it('gives identical forests for the same randomState', async () => {
    const fit = (seed: number) => new RandomForestRegressor({ nEstimators: 8, randomState: seed }).fit(diabetes.XTrain, diabetes.yTrain);
    const [a, b, c] = await Promise.all([fit(3), fit(3), fit(4)]);
    expect(Array.from(await a.predict(diabetes.XTest))).toEqual(Array.from(await b.predict(diabetes.XTest)));
    expect(Array.from(await a.predict(diabetes.XTest))).not.toEqual(Array.from(await c.predict(diabetes.XTest)));
  });

  it('is the mean of its trees: without bootstrap and with all features, the decision tree', async () => {
    const params = { maxDepth: 3, randomState: 0 };
    const forest = await new RandomForestRegressor({ ...params, nEstimators: 4, bootstrap: false }).fit(diabetes.XTrain, diabetes.yTrain);
    const tree = await new DecisionTreeRegressor(params).fit(diabetes.XTrain, diabetes.yTrain);
    const fp = await forest.predict(diabetes.XTest);
    const tp = await tree.predict(diabetes.XTest);
    fp.forEach((v, i) => expect(v).toBeCloseTo(tp[i]!, 10));
  });

  it('defaults to every feature at every split (scikit-learn 1.2 max_features=1.0)', () => {
    expect(new RandomForestRegressor().getParams().maxFeatures).toBeNull();
  });

  it('rejects bad params', () => {
    expect(() => new RandomForestRegressor({ nEstimators: 0 })).toThrow(
      'The "nEstimators" parameter of RandomForestRegressor must be an int in the range [1, inf). Got 0 instead.',
    );
    expect(() => new RandomForestRegressor({ maxFeatures: 0 })).toThrow(InvalidParameterError);
    expect(() => new RandomForestRegressor({ minSamplesSplit: 1 })).toThrow(InvalidParameterError);
  });
});
