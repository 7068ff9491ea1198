import { describe, expect, it } from 'vitest';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as curves from '../../lib/metrics/curves.js';
import { auc, precisionRecallCurve, rocCurve } from '../../lib/metrics/curves.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

describe('ROC and precision-recall curves: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('ranking.json', ['rocCurve', 'precisionRecallCurve'])) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(curves, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('curves: documented examples', () => {
  it('gives the values shown in the TSDoc', () => {
    expect(rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 })).toEqual({
      fpr: [0, 0, 0.5, 0.5, 1],
      tpr: [0, 0.5, 0.5, 1, 1],
      thresholds: [1.8, 0.8, 0.4, 0.35, 0.1],
    });
    expect(precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toEqual({
      precision: [0.5, 0.6666666666666666, 0.5, 1, 1],
      recall: [1, 1, 0.5, 0.5, 0],
      thresholds: [0.1, 0.35, 0.4, 0.8],
    });
    expect(auc([0, 0.5, 1], [0, 0.75, 1])).toBe(0.625);
  });
  it('integrates a decreasing x as a positive area', () => {
    expect(auc([1, 0.5, 0], [1, 0.75, 0])).toBe(0.625);
  });
});

describe('curves: bad input', () => {
  it('rejects string labels without posLabel', () => {
    expect(() => rocCurve(['ham', 'spam'], [0.1, 0.9])).toThrow(
      'yTrue takes value in {"ham", "spam"} and posLabel is not specified: either make yTrue take value in {0, 1} or {-1, 1} or pass posLabel explicitly (in rocCurve).',
    );
  });
  it('rejects a multiclass target without posLabel', () => {
    expect(() => precisionRecallCurve([0, 1, 2], [0.1, 0.5, 0.9])).toThrow('multiclass format is not supported (in precisionRecallCurve). yTrue holds 3 classes.');
  });
  it('rejects a non-monotonic x in auc', () => {
    expect(() => auc([0, 1, 0.5], [0, 1, 1])).toThrow('x is neither increasing nor decreasing: [0, 1, 0.5] (in auc).');
  });
});
