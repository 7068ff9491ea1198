import { describe, expect, it } from 'vitest';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as dcg from '../../lib/metrics/dcg.js';
import { dcgScore, ndcgScore } from '../../lib/metrics/dcg.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

describe('DCG and NDCG: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('ranking.json', ['dcgScore', 'ndcgScore'])) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(dcg, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('DCG and NDCG: behaviour', () => {
  it('gives the values shown in the TSDoc', () => {
    expect(dcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]])).toBe(9.499457825916874);
    expect(dcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]], { k: 2 })).toBe(5.630929753571458);
    expect(ndcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]])).toBeCloseTo(0.6956940443813076, 15);
    expect(ndcgScore([[10, 0, 0, 1, 5]], [[1, 0, 0, 0, 1]], { k: 1 })).toBe(0.75);
  });
  it('averages over tied scores unless ignoreTies', () => {
    expect(ndcgScore([[1, 0]], [[0.5, 0.5]])).toBeCloseTo((1 + 1 / Math.log2(3)) / 2, 15);
    expect(ndcgScore([[1, 0]], [[0.5, 0.5]], { ignoreTies: true })).toBeLessThanOrEqual(1);
  });
  it('scores a perfect ranking 1 and a query with no relevant item 0', () => {
    expect(ndcgScore([[3, 2, 1]], [[0.9, 0.5, 0.1]])).toBe(1);
    expect(ndcgScore([[0, 0, 0]], [[0.9, 0.5, 0.1]])).toBe(0);
  });
});

describe('DCG and NDCG: bad input', () => {
  it('rejects a 1-D yTrue with the supported formats', () => {
    expect(() => ndcgScore([1, 0, 2] as never, [0.1, 0.2, 0.3] as never)).toThrow(
      "Only ('multilabel-indicator', 'continuous-multioutput', 'multiclass-multioutput') formats are supported. Got multiclass instead (in ndcgScore). Pass one row of relevance values per query, with at least 2 items.",
    );
  });
  it('rejects yTrue and yScore of different shapes', () => {
    expect(() => dcgScore([[1, 0, 2]], [[0.1, 0.2]])).toThrow('yTrue and yScore must have the same shape (in dcgScore): yTrue has 3 columns and yScore has 2.');
  });
  it('rejects negative relevance in ndcgScore (scikit-learn 1.4 behaviour)', () => {
    expect(() => ndcgScore([[1, -1, 2]], [[0.1, 0.2, 0.3]])).toThrow(
      'ndcgScore should not be used on negative yTrue values: got -1 at row 0, column 1 (in ndcgScore).',
    );
  });
  it('rejects a bad k', () => {
    expect(() => dcgScore([[1, 0]], [[0.1, 0.2]], { k: 0 })).toThrow('The "k" option of dcgScore must be null or an int in the range [1, inf). Got 0 instead.');
  });
});
