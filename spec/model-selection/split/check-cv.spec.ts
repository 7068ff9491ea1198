import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { checkCv, checkSplits, FixedSplits } from '../../../lib/model-selection/split/check-cv.js';
import { KFold } from '../../../lib/model-selection/split/k-fold.js';
import { ShuffleSplit } from '../../../lib/model-selection/split/shuffle-split.js';
import { StratifiedKFold } from '../../../lib/model-selection/split/stratified-k-fold.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { expectThrows } from './fixtures.js';

describe('checkCv', () => {
  it('defaults to 5-fold KFold', () => {
    for (const cv of [checkCv(), checkCv(undefined), checkCv(null)]) {
      expect(cv).toBeInstanceOf(KFold);
      expect(cv.getNSplits()).toBe(5);
    }
  });

  it('stratifies a number of folds for a classifier with class labels', () => {
    const cv = checkCv(3, ['a', 'b', 'a', 'b', 'a', 'b'], { classifier: true });
    expect(cv).toBeInstanceOf(StratifiedKFold);
    expect(cv.getNSplits()).toBe(3);
    expect(checkCv(3, [0, 1, 0, 1, 2, 2], { classifier: true })).toBeInstanceOf(StratifiedKFold);
  });

  it('uses KFold for regressors, continuous targets and a missing y', () => {
    expect(checkCv(3, [0, 1, 0, 1])).toBeInstanceOf(KFold);
    expect(checkCv(3, [0.5, 1.5, 2.5], { classifier: true })).toBeInstanceOf(KFold);
    expect(checkCv(3, undefined, { classifier: true })).toBeInstanceOf(KFold);
    expect(checkCv(3, [[0, 1], [1, 0], [1, 1]], { classifier: true })).toBeInstanceOf(KFold);
  });

  it('passes a splitter through', () => {
    const splitter = new ShuffleSplit({ randomState: 0 });
    expect(checkCv(splitter)).toBe(splitter);
  });

  it('wraps an iterable of [train, test] pairs', () => {
    function* pairs(): Generator<[number[], number[]]> {
      yield [[0, 1], [2]];
      yield [[2], [0, 1]];
    }
    const cv = checkCv(pairs());
    expect(cv).toBeInstanceOf(FixedSplits);
    expect(cv.getNSplits()).toBe(2);
    const expected = [
      { train: [0, 1], test: [2] },
      { train: [2], test: [0, 1] },
    ];
    expect(toLists(cv.split({ length: 3 }))).toEqual(expected);
    // a generator is consumed once, the wrapper can be split again
    expect(toLists(cv.split({ length: 3 }))).toEqual(expected);
  });

  it('runs the example of its documentation', () => {
    expect(checkCv(3, ['a', 'b', 'a', 'b', 'a', 'b'], { classifier: true })).toBeInstanceOf(StratifiedKFold);
    expect(checkCv(3, [0.5, 1.5, 2.5])).toBeInstanceOf(KFold);
    expect(checkCv([[[0, 1], [2]], [[2], [0, 1]]]).getNSplits()).toBe(2);
  });

  describe('rejects bad input', () => {
    const expected =
      'an int in the range [2, inf), a splitter (an object with split and getNSplits methods) or an iterable of [train, test] index arrays';

    it('cv of 1', () => {
      expectThrows(() => checkCv(1), InvalidParameterError, `The "cv" argument of checkCv must be ${expected}. Got 1 instead.`);
    });

    it('a string', () => {
      expectThrows(
        () => checkCv('5' as unknown as number),
        InvalidParameterError,
        `The "cv" argument of checkCv must be ${expected}. Got "5" instead. Pass the number 5, not a string.`,
      );
    });

    it('an object without split', () => {
      expectThrows(
        () => checkCv({ nSplits: 3 } as unknown as number),
        InvalidParameterError,
        `The "cv" argument of checkCv must be ${expected}. Got { nSplits: 3 } instead.`,
      );
    });

    it('pairs with non-integer indices', () => {
      expectThrows(
        () => checkCv([[[0, 1], [2.5]]]),
        InvalidParameterError,
        'The "cv" argument of checkCv must be an iterable of [train, test] pairs of non-negative integer index arrays. Got [[0, 1], [2.5]] instead. The item at position 0 is not one.',
      );
    });

    it('pairs with indices out of range for X', () => {
      expectThrows(
        () => checkCv([[[0, 1], [5]]]).split({ length: 3 }),
        ValidationError,
        'Split 0 holds index 5, out of range for 3 samples.',
      );
    });
  });
});

describe('checkCv with the owner of the cv option', () => {
  const expected = 'an int in the range [2, inf), a splitter (an object with split and getNSplits methods) or an iterable of [train, test] index arrays';

  it('names the function the user called and its cv option', () => {
    expectThrows(() => checkCv(1, undefined, { owner: 'GridSearchCV' }), InvalidParameterError, `The "cv" option of GridSearchCV must be ${expected}. Got 1 instead.`);
    expectThrows(
      () => checkCv([[[0, 1], [2.5]]], undefined, { owner: 'crossValScore' }),
      InvalidParameterError,
      'The "cv" option of crossValScore must be an iterable of [train, test] pairs of non-negative integer index arrays. Got [[0, 1], [2.5]] instead. The item at position 0 is not one.',
    );
    const error = (() => {
      try {
        checkCv([[[0, 1], [5]]], undefined, { owner: 'GridSearchCV' }).split({ length: 3 });
      } catch (e) {
        return e as ValidationError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ owner: 'GridSearchCV', argument: 'cv', message: 'Split 0 holds index 5, out of range for 3 samples.' });
  });
});

describe('checkSplits', () => {
  const pair = (train: number[], test: number[]) => [Int32Array.from(train), Int32Array.from(test)] as [Int32Array, Int32Array];

  it('accepts splits with training and test rows', () => {
    expect(() => checkSplits('GridSearchCV', [pair([0, 1], [2]), pair([2], [0, 1])])).not.toThrow();
  });

  it('names the split whose test set is empty, and the function the user called', () => {
    expectThrows(
      () => checkSplits('GridSearchCV', [pair([0, 1], [2]), pair([0, 1, 2], [])]),
      InvalidParameterError,
      'The "cv" option of GridSearchCV gave an empty test set in split 1 (3 training rows, 0 test rows): every split needs rows to fit on and rows to score on.',
    );
  });

  it('names a split whose training set is empty, and a cv that gave no split', () => {
    expectThrows(
      () => checkSplits('crossValidate', [pair([], [0, 1])]),
      InvalidParameterError,
      'The "cv" option of crossValidate gave an empty training set in split 0 (0 training rows, 2 test rows): every split needs rows to fit on and rows to score on.',
    );
    expectThrows(() => checkSplits('crossValidate', []), InvalidParameterError, 'The "cv" option of crossValidate gave no splits; there is nothing to evaluate.');
  });
});

describe('FixedSplits', () => {
  it('copies the pairs it is given and those it yields', () => {
    const train = [0, 1];
    const cv = new FixedSplits({ splits: [[train, [2, 3]]] });
    train[0] = 3;
    const [first] = Array.from(cv.split());
    first![0][0] = 7;
    expect(toLists(cv.split())).toEqual([{ train: [0, 1], test: [2, 3] }]);
  });
});
