import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import type { MinMaxScalerParams } from '../../../lib/estimators/preprocessing/min-max-scaler.js';
import { MinMaxScaler } from '../../../lib/estimators/preprocessing/min-max-scaler.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { describeScalerParity } from './scaler-fixtures.js';

checkEstimator('MinMaxScaler', () => new MinMaxScaler(), { kind: 'transformer' });
checkEstimator('MinMaxScaler (featureRange [-1, 1], clip)', () => new MinMaxScaler({ featureRange: [-1, 1], clip: true }), { kind: 'transformer' });

describeScalerParity('MinMaxScaler', (params: MinMaxScalerParams) => new MinMaxScaler(params), {
  data_min_: (s) => s.dataMin,
  data_max_: (s) => s.dataMax,
  data_range_: (s) => s.dataRange,
  scale_: (s) => s.scale,
  min_: (s) => s.min,
});

describe('MinMaxScaler', () => {
  it('runs its TSDoc example', async () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] });
    expect((await scaler.fitTransform([[0], [5], [10]])).toArray()).toEqual([[-1], [0], [1]]);
  });

  it('maps a constant feature to the range minimum', async () => {
    const scaler = await new MinMaxScaler({ featureRange: [2, 4] }).fit([[7], [7]]);
    expect(Array.from(scaler.scale)).toEqual([2]);
    expect((await scaler.transform([[7], [8]])).toArray()).toEqual([[2], [4]]);
  });

  it('clips values outside the training range only when asked', async () => {
    const X = [[0], [10]];
    expect((await (await new MinMaxScaler().fit(X)).transform([[-5], [20]])).toArray()).toEqual([[-0.5], [2]]);
    expect((await (await new MinMaxScaler({ clip: true }).fit(X)).transform([[-5], [20]])).toArray()).toEqual([[0], [1]]);
  });

  it('rejects a reversed or malformed featureRange', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(InvalidParameterError);
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(
      'The "featureRange" parameter of MinMaxScaler must be an array [min, max] of two finite numbers with min < max. Got [1, 0] instead.',
    );
    expect(() => new MinMaxScaler({ featureRange: [0, 1, 2] as unknown as [number, number] })).toThrow(InvalidParameterError);
    expect(() => new MinMaxScaler({ featureRange: [0, Infinity] })).toThrow(InvalidParameterError);
  });
});
