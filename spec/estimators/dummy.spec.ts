import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../lib/core/errors.js';
import { clone } from '../../lib/core/estimator.js';
import { DummyClassifier, DummyRegressor } from '../../lib/estimators/dummy.js';
import { r2Score } from '../../lib/metrics/regression.js';
import { checkEstimator } from '../contracts/estimator.contract.js';

interface DummyFixture {
  regressor: {
    y: number[];
    mean: number;
    median: number;
    median_even: number;
    quantiles: { q: number; value: number }[];
    multi_y: number[][];
    multi_mean: number[];
    multi_median: number[];
  };
  classifier: {
    y: number[];
    prior: { classes: number[]; class_prior: number[]; predict_proba: number[][]; predict: number[] };
    most_frequent: { predict_proba: number[][]; predict: number[] };
    uniform: { predict_proba: number[][] };
    constant: { predict: number[]; predict_proba: number[][] };
    strings: { y: string[]; classes: string[]; predict: string[]; predict_proba: number[][] };
  };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/composition/dummy.json', import.meta.url), 'utf8')) as DummyFixture;
const zeros = (n: number, columns = 2): number[][] => Array.from({ length: n }, () => new Array<number>(columns).fill(0));

checkEstimator('DummyClassifier', () => new DummyClassifier(), { kind: 'classifier' });
checkEstimator('DummyClassifier (most_frequent)', () => new DummyClassifier({ strategy: 'most_frequent' }), { kind: 'classifier' });
checkEstimator('DummyClassifier (stratified)', () => new DummyClassifier({ strategy: 'stratified', randomState: 0 }), { kind: 'classifier' });
checkEstimator('DummyClassifier (uniform)', () => new DummyClassifier({ strategy: 'uniform', randomState: 1 }), { kind: 'classifier' });
checkEstimator('DummyClassifier (constant)', () => new DummyClassifier({ strategy: 'constant', constant: 1 }), {
  kind: 'classifier',
  skipStringLabels: true,
});
checkEstimator('DummyRegressor', () => new DummyRegressor(), { kind: 'regressor' });
checkEstimator('DummyRegressor (median)', () => new DummyRegressor({ strategy: 'median' }), { kind: 'regressor' });
checkEstimator('DummyRegressor (quantile)', () => new DummyRegressor({ strategy: 'quantile', quantile: 0.3 }), { kind: 'regressor' });
checkEstimator('DummyRegressor (constant)', () => new DummyRegressor({ strategy: 'constant', constant: 2 }), { kind: 'regressor' });

describe('DummyRegressor', () => {
  const { regressor: f } = fixture;

  it('predicts the mean, as scikit-learn', async () => {
    const est = await new DummyRegressor().fit(zeros(f.y.length), f.y);
    const [value] = (await est.predict(zeros(3))) as Float64Array;
    expect(value).toBeCloseTo(f.mean, 13);
  });

  it('predicts the median, for odd and even lengths', async () => {
    const odd = await new DummyRegressor({ strategy: 'median' }).fit(zeros(f.y.length), f.y);
    expect(Array.from((await odd.predict(zeros(2))) as Float64Array)).toEqual([f.median, f.median]);
    const even = await new DummyRegressor({ strategy: 'median' }).fit(zeros(f.y.length - 1), f.y.slice(0, -1));
    expect(((await even.predict(zeros(1))) as Float64Array)[0]).toBe(f.median_even);
  });

  for (const { q, value } of fixture.regressor.quantiles) {
    it(`predicts the ${q} quantile exactly as numpy's percentile`, async () => {
      const est = await new DummyRegressor({ strategy: 'quantile', quantile: q }).fit(zeros(f.y.length), f.y);
      expect(((await est.predict(zeros(1))) as Float64Array)[0]).toBe(value);
    });
  }

  it('predicts a given constant', async () => {
    const est = await new DummyRegressor({ strategy: 'constant', constant: -4.5 }).fit(zeros(3), [1, 2, 3]);
    expect(Array.from((await est.predict(zeros(2))) as Float64Array)).toEqual([-4.5, -4.5]);
  });

  it('handles multi-output targets, one constant per output', async () => {
    const mean = await new DummyRegressor().fit(zeros(f.multi_y.length), f.multi_y);
    const predicted = (await mean.predict(zeros(2))) as number[][];
    expect(predicted).toHaveLength(2);
    predicted[0]!.forEach((v, j) => expect(v).toBeCloseTo(f.multi_mean[j]!, 13));
    const median = await new DummyRegressor({ strategy: 'median' }).fit(zeros(f.multi_y.length), f.multi_y);
    expect(await median.predict(zeros(1))).toEqual([f.multi_median]);
    const constant = await new DummyRegressor({ strategy: 'constant', constant: [1, 2] }).fit(zeros(f.multi_y.length), f.multi_y);
    expect(await constant.predict(zeros(1))).toEqual([[1, 2]]);
    expect(await constant.score(zeros(f.multi_y.length), f.multi_y)).toBeLessThan(0);
  });

  it('scores a multi-output target with the uniform average of the per-output R²', async () => {
    const constant = await new DummyRegressor({ strategy: 'constant', constant: [1, 2] }).fit(zeros(f.multi_y.length), f.multi_y);
    const column = (j: number) => f.multi_y.map((row) => row[j]!);
    const perOutput = [0, 1].map((j) => r2Score(column(j), column(j).map(() => j + 1)));
    expect(await constant.score(zeros(f.multi_y.length), f.multi_y)).toBeCloseTo((perOutput[0]! + perOutput[1]!) / 2, 12);
  });

  it('scores R² 0 with the mean strategy on its training data', async () => {
    const est = await new DummyRegressor().fit(zeros(4), [2, 3, 5, 10]);
    expect(await est.score(zeros(4), [2, 3, 5, 10])).toBe(0);
  });

  it('requires a quantile for the quantile strategy', async () => {
    const fit = new DummyRegressor({ strategy: 'quantile' }).fit(zeros(3), [1, 2, 3]);
    await expect(fit).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(new DummyRegressor({ strategy: 'quantile' }).fit(zeros(3), [1, 2, 3])).rejects.toThrow(
      'The "quantile" parameter of DummyRegressor must be a number in the range [0, 1] when strategy is "quantile". Got null instead.',
    );
  });

  it('requires one constant per output for the constant strategy', async () => {
    await expect(new DummyRegressor({ strategy: 'constant' }).fit(zeros(3), [1, 2, 3])).rejects.toThrow(
      'The "constant" parameter of DummyRegressor must be a number when strategy is "constant". Got null instead.',
    );
    await expect(new DummyRegressor({ strategy: 'constant', constant: [1, 2, 3] }).fit(zeros(2), [[1, 2], [3, 4]])).rejects.toThrow(
      'The "constant" parameter of DummyRegressor must be an array of 2 numbers (one per output) when strategy is "constant". Got [1, 2, 3] instead.',
    );
  });

  it('validates its parameters at construction', () => {
    expect(() => new DummyRegressor({ quantile: 1.5 })).toThrow(
      'The "quantile" parameter of DummyRegressor must be null or a number in the range [0, 1]. Got 1.5 instead.',
    );
    expect(() => new DummyRegressor({ strategy: 'mode' as never })).toThrow(
      'The "strategy" parameter of DummyRegressor must be one of "mean", "median", "quantile", "constant". Got "mode" instead.',
    );
  });

  it('rejects string targets', async () => {
    await expect(new DummyRegressor().fit(zeros(2), ['a', 'b'])).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('DummyClassifier', () => {
  const { classifier: f } = fixture;
  const X = zeros(f.y.length, 1);

  it('prior: predicts the most frequent class (smallest on ties) and gives the priors as probabilities', async () => {
    const est = await new DummyClassifier().fit(X, f.y);
    expect(est.classes).toEqual(f.prior.classes);
    expect(await est.predict(zeros(3, 1))).toEqual(f.prior.predict);
    expect(await est.predictProba(zeros(2, 1))).toEqual(f.prior.predict_proba);
  });

  it('most_frequent: one-hot probabilities of the most frequent class', async () => {
    const est = await new DummyClassifier({ strategy: 'most_frequent' }).fit(X, f.y);
    expect(await est.predict(zeros(3, 1))).toEqual(f.most_frequent.predict);
    expect(await est.predictProba(zeros(2, 1))).toEqual(f.most_frequent.predict_proba);
    expect(await est.score(X, f.y)).toBeCloseTo(0.3, 15);
  });

  it('uniform: equal probabilities, and every class drawn', async () => {
    const est = await new DummyClassifier({ strategy: 'uniform', randomState: 0 }).fit(X, f.y);
    expect(await est.predictProba(zeros(2, 1))).toEqual(f.uniform.predict_proba);
    expect(new Set(await est.predict(zeros(200, 1)))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('constant: always the constant', async () => {
    const est = await new DummyClassifier({ strategy: 'constant', constant: 2 }).fit(X, f.y);
    expect(await est.predict(zeros(3, 1))).toEqual(f.constant.predict);
    expect(await est.predictProba(zeros(2, 1))).toEqual(f.constant.predict_proba);
  });

  it('handles string labels like scikit-learn', async () => {
    const est = await new DummyClassifier().fit(zeros(f.strings.y.length, 1), f.strings.y);
    expect(est.classes).toEqual(f.strings.classes);
    expect(await est.predict(zeros(2, 1))).toEqual(f.strings.predict);
    expect(await est.predictProba(zeros(1, 1))).toEqual(f.strings.predict_proba);
  });

  it('stratified: draws from the priors, reproducibly for a seed', async () => {
    const y = [...new Array<number>(100).fill(0), ...new Array<number>(300).fill(1)];
    const est = await new DummyClassifier({ strategy: 'stratified', randomState: 42 }).fit(zeros(y.length, 1), y);
    const first = await est.predict(zeros(4000, 1));
    expect(await est.predict(zeros(4000, 1))).toEqual(first);
    const share = first.filter((v) => v === 1).length / first.length;
    expect(share).toBeGreaterThan(0.72);
    expect(share).toBeLessThan(0.78);
    const proba = await est.predictProba(zeros(4000, 1));
    expect(proba.map((row) => row.indexOf(1))).toEqual(first);
    const other = clone(est).setParams({ randomState: 43 });
    await other.fit(zeros(y.length, 1), y);
    expect(await other.predict(zeros(4000, 1))).not.toEqual(first);
  });

  it('requires a constant for the constant strategy', async () => {
    const fit = (): Promise<DummyClassifier> => new DummyClassifier({ strategy: 'constant' }).fit(X, f.y);
    await expect(fit()).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(fit()).rejects.toThrow(
      'The "constant" parameter of DummyClassifier must be a class label (a number or a string) when strategy is "constant". Got null instead. ' +
        'Set the label to predict, e.g. { strategy: "constant", constant: 1 }.',
    );
  });

  it('requires the constant to be a training label', async () => {
    const fit = (): Promise<DummyClassifier> => new DummyClassifier({ strategy: 'constant', constant: 7 }).fit(X, f.y);
    await expect(fit()).rejects.toBeInstanceOf(ValidationError);
    await expect(fit()).rejects.not.toBeInstanceOf(InvalidParameterError);
    await expect(fit()).rejects.toThrow(
      'The "constant" parameter of DummyClassifier must be one of the labels present in the training data ([0, 1, 2, 3]). Got 7 instead.',
    );
  });

  it('validates its parameters at construction', () => {
    expect(() => new DummyClassifier({ strategy: 'mode' as never })).toThrow(
      'The "strategy" parameter of DummyClassifier must be one of "most_frequent", "prior", "stratified", "uniform", "constant". Got "mode" instead.',
    );
    expect(() => new DummyClassifier({ randomState: -1 })).toThrow(
      'The "randomState" parameter of DummyClassifier must be undefined, an int in the range [0, 4294967295] or a RandomState. Got -1 instead.',
    );
  });
});
