import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../lib/core/errors.js';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as ranking from '../../lib/metrics/ranking.js';
import { averagePrecisionScore, rocAucScore } from '../../lib/metrics/ranking.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

describe('ROC AUC and average precision: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('ranking.json', ['rocAucScore', 'averagePrecisionScore'])) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(ranking, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('ROC AUC and average precision: documented examples', () => {
  it('gives the values shown in the TSDoc', () => {
    expect(rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(
      rocAucScore([0, 1, 2, 2], [[0.8, 0.1, 0.1], [0.3, 0.5, 0.2], [0.2, 0.2, 0.6], [0.1, 0.5, 0.4]], { multiClass: 'ovr' }),
    ).toBe(0.9444444444444445);
    expect(averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.8333333333333333);
    expect(averagePrecisionScore(['no', 'yes', 'yes'], [0.2, 0.9, 0.4], { posLabel: 'yes' })).toBe(1);
  });
});

describe('ROC AUC and average precision: behaviour', () => {
  it('gives an AUC of 0.5 when every score is tied', () => {
    expect(rocAucScore([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });
  it('is invariant to a monotonic transform of the scores', () => {
    const y = [0, 1, 1, 0, 1, 0, 0, 1];
    const s = [0.1, 0.9, 0.4, 0.35, 0.8, 0.2, 0.6, 0.55];
    expect(rocAucScore(y, s.map((v) => Math.exp(5 * v)))).toBe(rocAucScore(y, s));
  });
});

describe('ROC AUC and average precision: bad input', () => {
  it("rejects a single class in yTrue with scikit-learn's message", () => {
    expect(() => rocAucScore([1, 1, 1], [0.2, 0.3, 0.4])).toThrow(
      new ValidationError('Only one class present in yTrue. ROC AUC score is not defined in that case (in rocAucScore).', {
        owner: 'rocAucScore',
        argument: 'yTrue',
        value: 1,
        expected: 'two classes',
      }),
    );
  });
  it('rejects a multiclass target without multiClass, naming the fix', () => {
    expect(() => rocAucScore([0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]])).toThrow(
      "multiClass must be in ('ovo', 'ovr') for a multiclass target. Pass multiClass: 'ovr' or 'ovo' (scorers roc_auc_ovr, roc_auc_ovo) (in rocAucScore).",
    );
  });
  it('rejects multiclass scores that are not probabilities', () => {
    expect(() => rocAucScore([0, 1, 2], [[2, 1, 1], [1, 2, 1], [1, 1, 2]], { multiClass: 'ovr' })).toThrow(
      'Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes (in rocAucScore).',
    );
  });
  it('rejects a number of columns that does not match the classes', () => {
    expect(() => rocAucScore([0, 1, 2, 2], [[0.5, 0.2, 0.2, 0.1], [0.1, 0.6, 0.2, 0.1], [0.1, 0.2, 0.6, 0.1], [0.2, 0.2, 0.5, 0.1]], { multiClass: 'ovo' })).toThrow(
      "Number of classes in yTrue (3) not equal to the number of columns in 'yScore' (4) (in rocAucScore).",
    );
  });
  it("rejects average 'micro' with 'ovo'", () => {
    expect(() => rocAucScore([0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]], { multiClass: 'ovo', average: 'micro' })).toThrow(
      'The "average" option of rocAucScore must be one of "macro", "weighted". Got "micro" instead. With multiClass \'ovo\' only \'macro\' and \'weighted\' are available; \'micro\' and null need multiClass \'ovr\'.',
    );
  });
  it('rejects sample weights with ovo', () => {
    expect(() => rocAucScore([0, 1, 2], [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]], { multiClass: 'ovo', sampleWeight: [1, 1, 1] })).toThrow(
      "sampleWeight is not supported for multiclass one-vs-one ROC AUC, 'sampleWeight' must be null in this case (in rocAucScore).",
    );
  });
  it('rejects two score columns for a binary target, saying which column to pass', () => {
    expect(() => rocAucScore([0, 1], [[0.7, 0.3], [0.2, 0.8]])).toThrow(
      'yScore must be 1-D for a binary target, got an array with 2 columns (in rocAucScore). Pass the score of the positive class, e.g. proba.map((row) => row[1]).',
    );
  });
  it('rejects a bad maxFpr', () => {
    expect(() => rocAucScore([0, 1], [0.2, 0.8], { maxFpr: 0 })).toThrow(InvalidParameterError);
    expect(() => rocAucScore([0, 1], [0.2, 0.8], { maxFpr: 0 })).toThrow(
      'The "maxFpr" option of rocAucScore must be null or a number in the range (0, 1]. Got 0 instead.',
    );
  });
  it('rejects a continuous yTrue', () => {
    expect(() => rocAucScore([0.5, 1.5], [0.2, 0.8])).toThrow(
      'continuous format is not supported (in rocAucScore). yTrue must hold class labels, not continuous values.',
    );
  });
  it('rejects a multiclass target in average precision', () => {
    expect(() => averagePrecisionScore([0, 1, 2], [0.1, 0.5, 0.9])).toThrow(
      'multiclass format is not supported (in averagePrecisionScore). yTrue holds 3 classes. Average precision needs a binary target.',
    );
  });
  it('rejects a posLabel that is not one of the two labels', () => {
    expect(() => averagePrecisionScore(['ham', 'spam'], [0.1, 0.9])).toThrow(
      'posLabel=1 is not a valid label. It should be one of ["ham", "spam"] (in averagePrecisionScore).',
    );
  });
  it('rejects non-finite scores', () => {
    expect(() => rocAucScore([0, 1], [0.2, NaN])).toThrow('The "yScore" argument of rocAucScore must be an array of finite numbers. Got NaN at index 1 instead.');
  });
});
