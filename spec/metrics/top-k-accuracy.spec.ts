import { describe, expect, it } from 'vitest';
import { captureWarningsSync } from '../../lib/core/warnings.js';
import * as topK from '../../lib/metrics/top-k-accuracy.js';
import { topKAccuracyScore } from '../../lib/metrics/top-k-accuracy.js';
import { callMetric, casesFor, expectClose, expectSameWarnings } from './_parity.js';

describe('topKAccuracyScore: parity with scikit-learn 1.2', () => {
  for (const c of casesFor('ranking.json', ['topKAccuracyScore'])) {
    it(c.id, () => {
      const { result, warnings } = captureWarningsSync(() => callMetric(topK, c));
      expectClose(result, c.expected);
      expectSameWarnings(warnings, c.warnings);
    });
  }
});

describe('topKAccuracyScore: behaviour', () => {
  const scores = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]];
  it('gives the values shown in the TSDoc', () => {
    expect(topKAccuracyScore([0, 1, 2, 2], scores, { k: 2 })).toBe(0.75);
    expect(topKAccuracyScore([0, 1, 2, 2], scores, { k: 2, normalize: false })).toBe(3);
  });
  it('equals accuracy of the arg-max for k = 1', () => {
    expect(topKAccuracyScore([0, 1, 2, 2], scores, { k: 1 })).toBe(0.5);
  });
  it('breaks ties towards the later class, as scikit-learn', () => {
    expect(topKAccuracyScore([1], [[0.5, 0.5, 0]], { k: 1, labels: [0, 1, 2] })).toBe(1);
    expect(topKAccuracyScore([0], [[0.5, 0.5, 0]], { k: 1, labels: [0, 1, 2] })).toBe(0);
  });
});

describe('topKAccuracyScore: bad input', () => {
  it('rejects a number of columns that does not match the classes', () => {
    expect(() => topKAccuracyScore([0, 1, 2], [[0.5, 0.3, 0.1, 0.1], [0.1, 0.6, 0.2, 0.1], [0.1, 0.1, 0.7, 0.1]])).toThrow(
      "Number of classes in 'yTrue' (3) not equal to the number of classes in 'yScore' (4). You can provide a list of all known classes by assigning it to the labels option (in topKAccuracyScore).",
    );
  });
  it('rejects labels that are not sorted or miss a yTrue label', () => {
    expect(() => topKAccuracyScore([0, 1, 2], [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3], [0.1, 0.2, 0.7]], { labels: [2, 1, 0] })).toThrow(
      "Parameter 'labels' must be ordered (in topKAccuracyScore).",
    );
    expect(() => topKAccuracyScore([0, 1, 3], [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3], [0.1, 0.2, 0.7]], { labels: [0, 1, 2] })).toThrow(
      "'yTrue' contains labels not in parameter 'labels': [3] (in topKAccuracyScore).",
    );
  });
  it('rejects a binary yTrue with a multi-column yScore', () => {
    expect(() => topKAccuracyScore([0, 1], [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]])).toThrow(
      'yTrue is binary while yScore is 2-D with 3 classes. If yTrue does not contain all the labels, labels must be provided (in topKAccuracyScore).',
    );
  });
  it('rejects k below 1', () => {
    expect(() => topKAccuracyScore([0, 1], [0.2, 0.8], { k: 0 })).toThrow(
      'The "k" option of topKAccuracyScore must be an int in the range [1, inf). Got 0 instead.',
    );
  });
});
