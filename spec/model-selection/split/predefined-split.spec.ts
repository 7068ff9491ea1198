import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { PredefinedSplit } from '../../../lib/model-selection/split/predefined-split.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { deterministic, expectThrows } from './fixtures.js';

describe('PredefinedSplit', () => {
  it.each(deterministic.PredefinedSplit.map((c) => [JSON.stringify(c.test_fold), c] as const))(
    'equals scikit-learn (testFold=%s)',
    (_, c) => {
      const cv = new PredefinedSplit({ testFold: c.test_fold });
      expect(toLists(cv.split())).toEqual(c.splits);
      expect(toLists(cv.split({ length: c.test_fold.length }))).toEqual(c.splits);
      expect(cv.getNSplits()).toBe(c.splits.length);
    },
  );

  it('keeps its own copy of testFold', () => {
    const testFold = [0, 1, 0, 1];
    const cv = new PredefinedSplit({ testFold });
    testFold[0] = 1;
    expect(toLists(cv.split())[0]!.test).toEqual([0, 2]);
  });

  it('runs the example of its documentation', () => {
    expect(toLists(new PredefinedSplit({ testFold: [0, 1, -1, 1] }).split())).toEqual([
      { train: [1, 2, 3], test: [0] },
      { train: [0, 2], test: [1, 3] },
    ]);
  });

  describe('rejects bad input', () => {
    it('a non-integer fold', () => {
      expectThrows(
        () => new PredefinedSplit({ testFold: [0, 1.5, 1] }),
        InvalidParameterError,
        'The "testFold" option of PredefinedSplit must be an array of ints (the test fold of each sample, -1 for none) with at least one fold. Got [0, 1.5, 1] instead.',
      );
    });

    it('no fold at all', () => {
      expectThrows(
        () => new PredefinedSplit({ testFold: [-1, -1] }),
        InvalidParameterError,
        'The "testFold" option of PredefinedSplit must be an array of ints (the test fold of each sample, -1 for none) with at least one fold. Got [-1, -1] instead.',
      );
    });

    it('an X of another length than testFold', () => {
      expectThrows(
        () => new PredefinedSplit({ testFold: [0, 1, 0] }).split({ length: 4 }),
        ValidationError,
        'Found input variables with inconsistent numbers of samples: X has 4 rows and testFold has 3 entries (in PredefinedSplit.split).',
      );
    });
  });
});
