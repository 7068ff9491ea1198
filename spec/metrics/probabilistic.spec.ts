import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/core/errors.js';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as probabilistic from '../../lib/metrics/probabilistic.js';
import { logLoss } from '../../lib/metrics/probabilistic.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

describe('logLoss: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('classification.json', ['logLoss'])) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(probabilistic, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('logLoss: behaviour', () => {
  it('gives the values shown in the TSDoc', () => {
    expect(logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])).toBe(0.21616187468057912);
    expect(logLoss([0, 1, 1], [0.1, 0.8, 0.7])).toBe(0.22839300363692283);
  });
  it('rescales rows that do not sum to 1 silently (after clipping), as scikit-learn 1.2', () => {
    const { result, warnings } = captureWarningsSync(() => logLoss([0, 1], [[0.2, 0.2], [0.2, 0.6]]));
    expect(result).toBeCloseTo((-Math.log(0.5) - Math.log(0.75)) / 2, 15);
    expect(warnings).toEqual([]);
  });
  it('is finite for probabilities of exactly 0 and 1 (clipped to eps)', () => {
    expect(logLoss([0, 1], [1, 0])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
  });
  it('accepts typed rows', () => {
    expect(logLoss([0, 1], [new Float64Array([0.5, 0.5]), new Float64Array([0.5, 0.5])])).toBeCloseTo(Math.LN2, 15);
  });
});

describe('logLoss: bad input', () => {
  it('rejects a yTrue with a single label when labels are not given', () => {
    expect(() => logLoss([1, 1, 1], [0.9, 0.8, 0.7])).toThrow(
      new ValidationError('yTrue contains only one label (1). Please provide the true labels explicitly through the labels option.', {
        owner: 'logLoss',
        argument: 'yTrue',
        value: [1],
        expected: 'at least two labels',
      }),
    );
  });
  it('rejects labels with a single class', () => {
    expect(() => logLoss([1, 1], [0.9, 0.8], { labels: [1] })).toThrow('The labels array needs to contain at least two labels for logLoss, got [1].');
  });
  it('rejects a number of columns that does not match the classes', () => {
    expect(() => logLoss([0, 1, 1], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]])).toThrow(
      'yTrue and yPred contain different number of classes 2, 3. Please provide the true labels explicitly through the labels option. Classes found in yTrue: [0, 1].',
    );
    expect(() => logLoss([0, 1, 1], [[0.2, 0.8], [0.1, 0.9], [0.3, 0.7]], { labels: [0, 1, 2] })).toThrow(
      'The number of classes in labels is different from that in yPred. Classes found in labels: [0, 1, 2].',
    );
  });
  it('rejects a yTrue label missing from labels (scikit-learn 1.2 ignores it silently)', () => {
    expect(() => logLoss(['a', 'b', 'c'], [[0.2, 0.8], [0.5, 0.5], [0.3, 0.7]], { labels: ['a', 'b'] })).toThrow(
      'yTrue contains the label "c" at index 2, which is not in labels ["a", "b"] (in logLoss).',
    );
  });
  it('rejects non-finite probabilities', () => {
    expect(() => logLoss([0, 1], [[0.5, NaN], [0.5, 0.5]])).toThrow(
      'The "yPred" argument of logLoss must be an array of finite numbers. Got NaN at row 0, column 1 instead.',
    );
  });
  it('rejects yPred of another length than yTrue', () => {
    expect(() => logLoss([0, 1, 1], [0.5, 0.5])).toThrow(
      'Found input variables with inconsistent numbers of samples: yTrue has 3 entries and yPred has 2 (in logLoss).',
    );
  });
  it('rejects a bad eps', () => {
    expect(() => logLoss([0, 1], [0.5, 0.5], { eps: 'tiny' as never })).toThrow(
      'The "eps" option of logLoss must be "auto" or a number in the range [0, 0.5]. Got "tiny" instead.',
    );
  });
});
