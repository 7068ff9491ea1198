import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import type { RobustScalerParams } from '../../../lib/estimators/preprocessing/robust-scaler.js';
import { RobustScaler } from '../../../lib/estimators/preprocessing/robust-scaler.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { describeScalerParity } from './scaler-fixtures.js';

checkEstimator('RobustScaler', () => new RobustScaler(), { kind: 'transformer' });
checkEstimator('RobustScaler (unitVariance)', () => new RobustScaler({ quantileRange: [10, 90], unitVariance: true }), { kind: 'transformer' });

describeScalerParity('RobustScaler', (params: RobustScalerParams) => new RobustScaler(params), {
  center_: (s) => s.center,
  scale_: (s) => s.scale,
});

describe('RobustScaler', () => {
  it('runs its TSDoc example', async () => {
    expect((await new RobustScaler().fitTransform([[1], [2], [3], [4], [100]])).toArray()).toEqual([[-1], [-0.5], [0], [0.5], [48.5]]);
  });

  it('rejects a bad quantileRange', () => {
    expect(() => new RobustScaler({ quantileRange: [75, 25] })).toThrow(
      'The "quantileRange" parameter of RobustScaler must be an array [qMin, qMax] of numbers with 0 <= qMin <= qMax <= 100. Got [75, 25] instead.',
    );
    expect(() => new RobustScaler({ quantileRange: [-1, 50] })).toThrow(InvalidParameterError);
    expect(() => new RobustScaler({ quantileRange: [50, 101] })).toThrow(InvalidParameterError);
  });
});
