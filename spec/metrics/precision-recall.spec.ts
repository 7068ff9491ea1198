import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../lib/core/errors.js';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as prf from '../../lib/metrics/precision-recall.js';
import type { AveragedScores, PerLabelScores } from '../../lib/metrics/precision-recall.js';
import { f1Score, fbetaScore, precisionRecallFscoreSupport, precisionScore, recallScore } from '../../lib/metrics/precision-recall.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

describe('precision, recall and F-scores: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('classification.json', ['precisionScore', 'recallScore', 'f1Score', 'fbetaScore', 'precisionRecallFscoreSupport'])) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(prf, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('precision, recall and F-scores: documented examples', () => {
  it('gives the values shown in the TSDoc', () => {
    const r = precisionRecallFscoreSupport(['cat', 'dog', 'pig', 'cat'], ['cat', 'pig', 'dog', 'cat']);
    expect(r.precision).toEqual([1, 0, 0]);
    expect(r.support).toEqual([2, 1, 1]);
    expect(precisionRecallFscoreSupport([0, 1, 2, 0], [0, 2, 1, 0], { average: 'macro' }).fScore).toBe(0.3333333333333333);
    expect(precisionScore([0, 1, 1, 0], [0, 1, 0, 1])).toBe(0.5);
    expect(precisionScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: null })).toEqual([0.6666666666666666, 0, 0]);
    expect(recallScore([0, 1, 1, 0], [0, 1, 0, 1])).toBe(0.5);
    expect(recallScore(['a', 'b', 'b'], ['a', 'b', 'a'], { posLabel: 'b' })).toBe(0.5);
    expect(f1Score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' })).toBe(0.26666666666666666);
    expect(fbetaScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { beta: 0.5, average: 'macro' })).toBe(0.23809523809523805);
  });
});

describe('precision, recall and F-scores: behaviour', () => {
  it('types per-label results as arrays and averaged ones as numbers', () => {
    expectTypeOf(precisionScore([0, 1], [0, 1])).toEqualTypeOf<number>();
    expectTypeOf(recallScore([0, 1], [0, 1], { average: null })).toEqualTypeOf<number[]>();
    expectTypeOf(precisionRecallFscoreSupport([0, 1], [0, 1])).toEqualTypeOf<PerLabelScores>();
    expectTypeOf(precisionRecallFscoreSupport([0, 1], [0, 1], { average: 'micro' })).toEqualTypeOf<AveragedScores>();
  });
  it('lists per-label values in the order of labels', () => {
    expect(recallScore([0, 1, 2, 2], [0, 2, 2, 2], { average: null, labels: [2, 0, 1] })).toEqual([1, 1, 0]);
  });
  it('warns once per undefined ratio, naming the zeroDivision option', () => {
    const { warnings } = captureWarningsSync(() => precisionScore([0, 1, 1], [0, 0, 0]));
    expect(warnings).toEqual([
      {
        category: 'UndefinedMetricWarning',
        message: 'Precision is ill-defined and being set to 0.0 due to no predicted samples. Use `zeroDivision` parameter to control this behavior.',
      },
    ]);
  });
  it('does not warn when zeroDivision is set', () => {
    const { result, warnings } = captureWarningsSync(() => precisionScore([0, 1, 1], [0, 0, 0], { zeroDivision: 1 }));
    expect(result).toBe(1);
    expect(warnings).toEqual([]);
  });
});

describe('precision, recall and F-scores: bad input', () => {
  it("rejects average 'binary' on a multiclass target with scikit-learn's message", () => {
    expect(() => f1Score([0, 1, 2], [0, 1, 1])).toThrow(
      new ValidationError(
        "Target is multiclass but average='binary'. Please choose another average setting, one of [null, 'micro', 'macro', 'weighted'] (in f1Score).",
        { owner: 'f1Score', argument: 'average', value: 'binary', expected: "one of null, 'micro', 'macro', 'weighted'" },
      ),
    );
  });
  it('rejects a posLabel that is not one of the labels', () => {
    expect(() => precisionScore(['a', 'b'], ['a', 'b'])).toThrow('posLabel=1 is not a valid label. It should be one of ["a", "b"] (in precisionScore).');
    expect(() => recallScore([0, 1], [0, 1], { posLabel: 2 })).toThrow('posLabel=2 is not a valid label. It should be one of [0, 1] (in recallScore).');
  });
  it('rejects a bad zeroDivision', () => {
    expect(() => precisionScore([0, 1], [0, 1], { zeroDivision: 0.5 as never })).toThrow(
      'The "zeroDivision" option of precisionScore must be one of "warn", 0, 1. Got 0.5 instead.',
    );
  });
  it('rejects a negative beta and a missing beta', () => {
    expect(() => fbetaScore([0, 1], [0, 1], { beta: -1 })).toThrow(
      'The "beta" option of fbetaScore must be a number in the range [0, inf). Got -1 instead.',
    );
    expect(() => fbetaScore([0, 1], [0, 1], {} as never)).toThrow(InvalidParameterError);
  });
  it("rejects average 'samples' with a hint", () => {
    expect(() => f1Score([0, 1], [0, 1], { average: 'samples' as never })).toThrow(
      "The \"average\" option of f1Score must be null or one of \"binary\", \"micro\", \"macro\", \"weighted\". Got \"samples\" instead. 'samples' applies to multilabel targets, which tunekit does not support.",
    );
  });
  it('rejects labels of another type than yTrue', () => {
    expect(() => f1Score([0, 1, 2], [0, 1, 2], { average: 'macro', labels: ['0', '1'] })).toThrow(
      'Labels in yTrue and labels should be of the same type. Got yTrue holding numbers and labels holding strings (in f1Score). Make sure that the predictions provided by the classifier use the same labels as yTrue.',
    );
  });
  it('rejects beta in the options of f1Score', () => {
    expect(() => f1Score([0, 1], [0, 1], { beta: 2 } as never)).toThrow(
      'Unknown option "beta" for f1Score. Valid options are: "labels", "posLabel", "average", "sampleWeight", "zeroDivision".',
    );
  });
});
