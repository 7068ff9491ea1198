import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../lib/core/errors.js';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as regression from '../../lib/metrics/regression.js';
import {
  explainedVarianceScore,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
  rootMeanSquaredLogError,
} from '../../lib/metrics/regression.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

const FNS = [
  'meanAbsoluteError',
  'meanSquaredError',
  'rootMeanSquaredError',
  'meanSquaredLogError',
  'rootMeanSquaredLogError',
  'medianAbsoluteError',
  'meanAbsolutePercentageError',
  'maxError',
  'r2Score',
  'explainedVarianceScore',
];

describe('regression metrics: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('regression.json', FNS)) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(regression, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('regression metrics: documented examples', () => {
  it('gives the values shown in the TSDoc', () => {
    expect(meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.5);
    expect(meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.375);
    expect(meanSquaredError([[0.5, 1], [-1, 1]], [[0, 2], [-1, 2]], { multioutput: 'raw_values' })).toEqual([0.125, 1]);
    expect(rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.6123724356957945);
    expect(meanSquaredLogError([3, 5, 2.5, 7], [2.5, 5, 4, 8])).toBe(0.03973012298459379);
    expect(rootMeanSquaredLogError([3, 5, 2.5, 7], [2.5, 5, 4, 8])).toBe(0.19932416558108);
    expect(meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.3273809523809524);
    expect(medianAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.5);
    expect(maxError([3, 2, 7, 1], [4, 2, 7, 1])).toBe(1);
    expect(r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.9486081370449679);
    expect(r2Score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], { multioutput: 'variance_weighted' })).toBe(0.9382566585956417);
    expect(explainedVarianceScore([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.9571734475374732);
  });
});

describe('regression metrics: inputs', () => {
  it('accepts typed arrays and 2-D typed rows', () => {
    expect(meanSquaredError(new Float64Array([3, -0.5, 2, 7]), new Float32Array([2.5, 0, 2, 8]))).toBe(0.375);
    expect(meanAbsoluteError([new Float64Array([1, 2]), new Float64Array([3, 4])], [[1, 3], [3, 5]], { multioutput: 'raw_values' })).toEqual([0, 1]);
  });
  it('accepts a 1-D yTrue with a one-column 2-D yPred, as scikit-learn', () => {
    expect(meanSquaredError([1, 2, 3], [[1], [2], [4]])).toBeCloseTo(1 / 3, 15);
  });
  it('does not mutate its inputs', () => {
    const yTrue = [[1, 2], [3, 4], [5, 7]];
    const yPred = [[1, 3], [3, 5], [5, 6]];
    const weights = [1, 2, 3];
    const snapshot = JSON.stringify([yTrue, yPred, weights]);
    r2Score(yTrue, yPred, { sampleWeight: weights, multioutput: 'variance_weighted' });
    medianAbsoluteError(yTrue, yPred, { sampleWeight: weights });
    expect(JSON.stringify([yTrue, yPred, weights])).toBe(snapshot);
  });
  it('accepts null sampleWeight as unweighted', () => {
    expect(meanAbsoluteError([1, 2], [2, 2], { sampleWeight: null })).toBe(0.5);
  });
  it('types raw_values results as arrays and other results as numbers', () => {
    expectTypeOf(r2Score([1, 2], [1, 2])).toEqualTypeOf<number>();
    expectTypeOf(r2Score([[1, 2]], [[1, 2]], { multioutput: 'raw_values' })).toEqualTypeOf<number[]>();
    expectTypeOf(meanSquaredError([1, 2], [1, 2], { squared: false })).toEqualTypeOf<number>();
    const compileOnly = (): void => {
      // @ts-expect-error an unknown option is a compile error
      meanSquaredError([1, 2], [1, 2], { sample_weight: [1, 1] });
    };
    expect(compileOnly).toBeTypeOf('function');
  });
});

describe('regression metrics: bad input', () => {
  it('rejects yTrue and yPred of different lengths', () => {
    expect(() => r2Score([1, 2, 3], [1, 2])).toThrow(
      new ValidationError('Found input variables with inconsistent numbers of samples: yTrue has 3 entries and yPred has 2 (in r2Score).', {
        owner: 'r2Score',
        argument: 'yPred',
        value: 2,
        expected: 'an array of length 3',
      }),
    );
  });
  it('rejects an empty yTrue', () => {
    expect(() => meanSquaredError([], [])).toThrow('The "yTrue" argument of meanSquaredError must be a non-empty array. Got an empty array instead.');
  });
  it('rejects non-finite values', () => {
    expect(() => meanAbsoluteError([1, NaN], [1, 2])).toThrow(
      'The "yTrue" argument of meanAbsoluteError must be an array of finite numbers. Got NaN at index 1 instead.',
    );
    expect(() => meanAbsoluteError([[1, 2], [3, Infinity]], [[1, 2], [3, 4]])).toThrow(
      'The "yTrue" argument of meanAbsoluteError must be an array of finite numbers. Got Infinity at row 1, column 1 instead.',
    );
  });
  it('rejects string targets', () => {
    expect(() => r2Score(['a', 'b'] as never, [1, 2])).toThrow('The "yTrue" argument of r2Score must be an array of finite numbers. Got "a" at index 0 instead.');
  });
  it('rejects targets with different numbers of outputs', () => {
    expect(() => meanSquaredError([[1, 2], [3, 4]], [[1, 2, 3], [3, 4, 5]])).toThrow(
      'The "yPred" argument of meanSquaredError must be an array with as many outputs as yTrue (2). Got 3 outputs instead.',
    );
  });
  it('rejects ragged rows', () => {
    expect(() => meanSquaredError([[1, 2], [3]], [[1, 2], [3, 4]])).toThrow(
      'The "yTrue" argument of meanSquaredError must be a rectangular 2-D array (every row of the same length). Got row 1 = [3] where row 0 has 2 outputs instead.',
    );
  });
  it('rejects negative values in the squared log error', () => {
    expect(() => meanSquaredLogError([1, 2, 3], [1, -2, 3])).toThrow(
      'Mean Squared Logarithmic Error cannot be used when targets contain negative values (in meanSquaredLogError).',
    );
  });
  it('rejects a sampleWeight of the wrong length', () => {
    expect(() => meanAbsoluteError([1, 2, 3], [1, 2, 3], { sampleWeight: [1, 2] })).toThrow(
      'Found input variables with inconsistent numbers of samples: yTrue has 3 entries and sampleWeight has 2 (in meanAbsoluteError).',
    );
  });
  it('rejects weights that sum to zero', () => {
    expect(() => meanAbsoluteError([1, 2], [1, 3], { sampleWeight: [0, 0] })).toThrow(
      "The \"sampleWeight\" argument of meanAbsoluteError must be weights that do not sum to zero. Got Float64Array(2) [0, 0] instead. Weights sum to zero, so the weighted average can't be normalized.",
    );
  });
  it('rejects an unknown multioutput value', () => {
    expect(() => r2Score([1, 2], [1, 2], { multioutput: 'mean' as never })).toThrow(InvalidParameterError);
    expect(() => meanSquaredError([1, 2], [1, 2], { multioutput: 'variance_weighted' as never })).toThrow(
      'The "multioutput" option of meanSquaredError must be one of "raw_values", "uniform_average" or a non-empty array of output weights (finite numbers). Got "variance_weighted" instead.',
    );
  });
  it('rejects custom output weights for a single output and of the wrong length', () => {
    expect(() => r2Score([1, 2, 3], [1, 2, 2], { multioutput: [0.5, 0.5] })).toThrow(
      'Custom weights are useful only in multi-output cases (in r2Score). Got multioutput=[0.5,0.5] for a single output.',
    );
    expect(() => r2Score([[1, 2], [3, 4]], [[1, 2], [3, 3]], { multioutput: [1, 2, 3] })).toThrow(
      'There must be equally many custom weights (3) as outputs (2) (in r2Score).',
    );
  });
  it('rejects a multi-output target in maxError', () => {
    expect(() => maxError([[1, 2]], [[1, 2]])).toThrow('Multioutput not supported in maxError: yTrue has 2 outputs.');
  });
  it('rejects an unknown option, suggesting the closest', () => {
    expect(() => r2Score([1, 2], [1, 2], { sample_weight: [1, 1] } as never)).toThrow(
      'Unknown option "sample_weight" for r2Score. Valid options are: "sampleWeight", "multioutput", "forceFinite". Did you mean "sampleWeight"?',
    );
  });
  it('warns and returns NaN for R² on one sample', () => {
    const { result, warnings } = captureWarningsSync(() => r2Score([1], [2]));
    expect(result).toBeNaN();
    expect(warnings).toEqual([{ category: 'UndefinedMetricWarning', message: 'R^2 score is not well-defined with less than two samples.' }]);
  });
});
