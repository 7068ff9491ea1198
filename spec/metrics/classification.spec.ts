import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/core/errors.js';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as classification from '../../lib/metrics/classification.js';
import { accuracyScore, balancedAccuracyScore, confusionMatrix, matthewsCorrcoef } from '../../lib/metrics/classification.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

describe('classification metrics: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('classification.json', ['accuracyScore', 'balancedAccuracyScore', 'matthewsCorrcoef', 'confusionMatrix'])) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(classification, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('classification metrics: documented examples', () => {
  it('gives the values shown in the TSDoc', () => {
    expect(accuracyScore([0, 1, 2, 3], [0, 2, 1, 3])).toBe(0.5);
    expect(accuracyScore(['a', 'b', 'b'], ['a', 'b', 'a'], { normalize: false })).toBe(2);
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    expect(confusionMatrix(['cat', 'ant', 'cat'], ['ant', 'ant', 'cat'], { labels: ['cat', 'ant'] })).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])).toBe(0.625);
    expect(matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1])).toBe(-0.3333333333333333);
  });
});

describe('classification metrics: behaviour', () => {
  it('keeps the two-argument accuracyScore call that estimators use', () => {
    expect(accuracyScore(new Int32Array([1, 0, 1]), [1, 1, 1])).toBeCloseTo(2 / 3, 15);
  });
  it('leaves out samples whose labels are not listed in the confusion matrix', () => {
    expect(confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1], { labels: [2, 0] })).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
  it('does not mutate its inputs', () => {
    const yTrue = ['b', 'a', 'c'];
    const yPred = ['a', 'a', 'c'];
    const labels = ['c', 'a'];
    confusionMatrix(yTrue, yPred, { labels, normalize: 'true' });
    expect([yTrue, yPred, labels]).toEqual([['b', 'a', 'c'], ['a', 'a', 'c'], ['c', 'a']]);
  });
  it('gives a balanced accuracy of 1 / nClasses for a constant majority prediction', () => {
    expect(balancedAccuracyScore([0, 0, 0, 1, 2], [0, 0, 0, 0, 0])).toBeCloseTo(1 / 3, 15);
    expect(balancedAccuracyScore([0, 0, 0, 1, 2], [0, 0, 0, 0, 0], { adjusted: true })).toBeCloseTo(0, 15);
  });
});

describe('classification metrics: bad input', () => {
  it('rejects yTrue and yPred of different lengths', () => {
    expect(() => accuracyScore([0, 1, 1], [0, 1])).toThrow(
      'Found input variables with inconsistent numbers of samples: yTrue has 3 entries and yPred has 2 (in accuracyScore).',
    );
  });
  it('rejects empty inputs', () => {
    expect(() => accuracyScore([], [])).toThrow('The "yTrue" argument of accuracyScore must be a non-empty array. Got an empty array instead.');
  });
  it('rejects probabilities passed as labels, with the scikit-learn message and a hint', () => {
    expect(() => accuracyScore([0, 1, 1], [0.2, 0.7, 0.9])).toThrow(
      "Classification metrics can't handle a mix of binary and continuous targets (in accuracyScore): yPred holds non-integer numbers such as 0.2 at index 0. " +
        'Pass class labels (the output of predict), not probabilities or scores.',
    );
  });
  it('rejects continuous targets on both sides', () => {
    expect(() => matthewsCorrcoef([0.5, 1.5], [0.5, 1.5])).toThrow(
      'continuous is not supported (in matthewsCorrcoef): yPred holds non-integer numbers such as 0.5 at index 0. Pass class labels (the output of predict), not probabilities or scores.',
    );
  });
  it('rejects labels of different types in yTrue and yPred', () => {
    expect(() => accuracyScore(['a', 'b'], [0, 1])).toThrow(
      new ValidationError(
        'Labels in yTrue and yPred should be of the same type. Got yTrue holding strings and yPred holding numbers (in accuracyScore). Make sure that the predictions provided by the classifier use the same labels as yTrue.',
        { owner: 'accuracyScore', argument: 'yPred', value: [0, 1], expected: 'labels of the same type as yTrue' },
      ),
    );
  });
  it('rejects a label vector mixing numbers and strings', () => {
    expect(() => accuracyScore([0, 'a', 1] as never, [0, 1, 1])).toThrow(
      'The "yTrue" argument of accuracyScore must be labels of one type (all numbers). Got "a" at index 1 instead.',
    );
  });
  it('rejects NaN labels', () => {
    expect(() => balancedAccuracyScore([0, NaN], [0, 1])).toThrow(
      'The "yTrue" argument of balancedAccuracyScore must be labels of one type (all numbers). Got NaN at index 1 instead.',
    );
  });
  it('rejects 2-D (multilabel) targets', () => {
    expect(() => accuracyScore([[0, 1], [1, 0]] as never, [[0, 1], [1, 0]] as never)).toThrow(
      'The "yTrue" argument of accuracyScore must be a 1-D array of class labels. Got a 2-D array with rows of 2 instead. Multilabel and multi-output targets are not supported.',
    );
  });
  it('rejects confusion matrix labels that miss yTrue entirely', () => {
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [5, 6] })).toThrow(
      'The "labels" argument of confusionMatrix must be an array holding at least one label of yTrue. Got [5, 6] instead. yTrue holds [0, 1].',
    );
    expect(() => confusionMatrix([0, 1], [0, 1], { labels: [] })).toThrow(
      'The "labels" argument of confusionMatrix must be an array of at least one label. Got [] instead.',
    );
  });
  it('rejects a bad normalize option', () => {
    expect(() => confusionMatrix([0, 1], [0, 1], { normalize: 'rows' as never })).toThrow(
      'The "normalize" option of confusionMatrix must be null or one of "true", "pred", "all". Got "rows" instead.',
    );
  });
});
