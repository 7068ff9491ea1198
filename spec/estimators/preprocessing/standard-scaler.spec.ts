import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError } from '../../../lib/core/errors.js';
import type { StandardScalerParams } from '../../../lib/estimators/preprocessing/standard-scaler.js';
import { StandardScaler } from '../../../lib/estimators/preprocessing/standard-scaler.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { describeScalerParity } from './scaler-fixtures.js';

checkEstimator('StandardScaler', () => new StandardScaler(), { kind: 'transformer' });
checkEstimator('StandardScaler (withMean false)', () => new StandardScaler({ withMean: false }), { kind: 'transformer' });

describeScalerParity('StandardScaler', (params: StandardScalerParams) => new StandardScaler(params), {
  mean_: (s) => s.mean,
  var_: (s) => s.variance,
  scale_: (s) => s.scale,
});

describe('StandardScaler', () => {
  it('runs its TSDoc example', async () => {
    const scaler = new StandardScaler();
    const Z = (await scaler.fitTransform([[0, 10], [2, 10], [4, 10]])).toArray();
    expect(Z[0]![0]).toBeCloseTo(-Math.sqrt(1.5), 15);
    expect(Z.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(Array.from(scaler.scale!)).toEqual([Math.sqrt(8 / 3), 1]);
  });

  it('uses the population standard deviation and scale 1 for constant features', async () => {
    const scaler = await new StandardScaler().fit([[1, 5], [3, 5]]);
    expect(Array.from(scaler.mean!)).toEqual([2, 5]);
    expect(Array.from(scaler.variance!)).toEqual([1, 0]);
    expect(Array.from(scaler.scale!)).toEqual([1, 1]);
    expect(scaler.nSamplesSeen).toBe(2);
  });

  it('has no statistics when both options are off (identity)', async () => {
    const scaler = await new StandardScaler({ withMean: false, withStd: false }).fit([[1, 2]]);
    expect(scaler.mean).toBeNull();
    expect(scaler.scale).toBeNull();
    expect((await scaler.transform([[3, 4]])).toArray()).toEqual([[3, 4]]);
  });

  it('round-trips through inverseTransform', async () => {
    const X = [[1, -2], [0.5, 7], [3, 3]];
    const scaler = await new StandardScaler().fit(X);
    const back = (await scaler.inverseTransform(await scaler.transform(X))).toArray();
    back.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(X[i]![j]!, 14)));
  });

  it('rejects NaN (impute first) and bad params', async () => {
    await expect(new StandardScaler().fit([[1], [NaN]])).rejects.toThrow(
      'The "X" argument of StandardScaler.fit must be a matrix of finite numbers. Got NaN at row 1, column 0 instead. Fill missing values first, e.g. with SimpleImputer.',
    );
    expect(() => new StandardScaler({ withMean: 'yes' as unknown as boolean })).toThrow(InvalidParameterError);
    expect(() => new StandardScaler().mean).toThrow(NotFittedError);
  });
});
