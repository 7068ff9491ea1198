import { Matrix } from 'ml-matrix';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { trainTestSplit } from '../../../lib/model-selection/split/train-test-split.js';
import { countClasses, expectThrows, opt, shuffled } from './fixtures.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => [i, -i]);

describe('trainTestSplit', () => {
  it.each(shuffled.train_test_split.map((c) => [c.n_samples, c.test_size, c.train_size, c] as const))(
    'takes scikit-learn set sizes (n=%i, testSize=%s, trainSize=%s)',
    (n, testSize, trainSize, c) => {
      const { XTrain, XTest } = trainTestSplit(rows(n), undefined, {
        testSize: opt(testSize),
        trainSize: opt(trainSize),
        randomState: 0,
      });
      expect([XTrain.length, XTest.length]).toEqual([c.n_train, c.n_test]);
    },
  );

  it.each(shuffled.train_test_split.map((c) => [c.n_samples, c.test_size, c.train_size, c] as const))(
    'equals scikit-learn without shuffling (n=%i, testSize=%s, trainSize=%s)',
    (n, testSize, trainSize, c) => {
      const { XTrain, XTest } = trainTestSplit(rows(n), undefined, {
        testSize: opt(testSize),
        trainSize: opt(trainSize),
        shuffle: false,
      });
      expect(XTrain.map((r) => r[0])).toEqual(c.unshuffled_train);
      expect(XTest.map((r) => r[0])).toEqual(c.unshuffled_test);
    },
  );

  it.each(shuffled.train_test_split_stratified.map((c, i) => [i, c] as const))(
    'keeps scikit-learn class counts with stratify (case %i)',
    (_, c) => {
      for (const seed of [0, 1, 2, 3]) {
        const X = c.y.map((_, i) => [i]);
        const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, c.y, {
          testSize: opt(c.test_size),
          stratify: c.y,
          randomState: seed,
        });
        const counts = {
          train: countClasses(c.y, XTrain.map((r) => r[0]!), c.labels),
          test: countClasses(c.y, XTest.map((r) => r[0]!), c.labels),
        };
        expect(c.outcomes).toContainEqual(counts);
        expect(yTrain).toEqual(XTrain.map((r) => c.y[r[0]!]));
        expect(yTest).toEqual(XTest.map((r) => c.y[r[0]!]));
      }
    },
  );

  it('keeps rows and targets paired, and covers every row once', () => {
    const X = rows(20);
    const y = Float64Array.from({ length: 20 }, (_, i) => i * 10);
    const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { randomState: 5 });
    expect(yTrain).toBeInstanceOf(Float64Array);
    expect(Array.from(yTrain)).toEqual(XTrain.map((r) => r[0]! * 10));
    expect(Array.from(yTest)).toEqual(XTest.map((r) => r[0]! * 10));
    expect([...XTrain, ...XTest].map((r) => r[0]).sort((a, b) => a! - b!)).toEqual(X.map((r) => r[0]));
  });

  it('is reproducible for a seed', () => {
    const a = trainTestSplit(rows(30), undefined, { randomState: 1 });
    expect(trainTestSplit(rows(30), undefined, { randomState: 1 })).toEqual(a);
    expect(trainTestSplit(rows(30), undefined, { randomState: 2 })).not.toEqual(a);
  });

  it('keeps the form of X and copies its rows', () => {
    const X = rows(8);
    const asRows = trainTestSplit(X, undefined, { randomState: 0 });
    asRows.XTrain[0]![0] = 99;
    expect(X.flat()).not.toContain(99);
    const dense = trainTestSplit(DenseMatrix.fromRows(X), undefined, { randomState: 0 });
    expect(dense.XTrain).toBeInstanceOf(DenseMatrix);
    expect(dense.XTrain.toArray()).toEqual(trainTestSplit(X, undefined, { randomState: 0 }).XTrain);
    const ml = trainTestSplit(new Matrix(X), undefined, { randomState: 0 });
    expect(ml.XTest).toBeInstanceOf(Matrix);
    expect(ml.XTest.to2DArray()).toEqual(trainTestSplit(X, undefined, { randomState: 0 }).XTest);
  });

  it('types its result after its inputs', () => {
    const X: number[][] = [[1], [2], [3], [4]];
    const withY = trainTestSplit(X, ['a', 'b', 'a', 'b']);
    expectTypeOf(withY.XTrain).toEqualTypeOf<number[][]>();
    expectTypeOf(withY.yTrain).toEqualTypeOf<string[]>();
    const dense = trainTestSplit(DenseMatrix.fromRows([[1], [2], [3], [4]]));
    expectTypeOf(dense.XTest).toEqualTypeOf<DenseMatrix>();
    // @ts-expect-error: no y given, so no yTrain
    void dense.yTrain;
  });

  it('does not mutate its inputs', () => {
    const X = rows(10);
    const y = X.map((r) => r[0]! % 2);
    const before = JSON.stringify([X, y]);
    trainTestSplit(X, y, { stratify: y, randomState: 0 });
    expect(JSON.stringify([X, y])).toBe(before);
  });

  it('runs the example of its documentation', () => {
    const X = [[1], [2], [3], [4], [5], [6], [7], [8]];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.25, randomState: 0, stratify: y });
    expect([XTrain.length, XTest.length, yTrain.length]).toEqual([6, 2, 6]);
    expect([...yTest].sort()).toEqual([0, 1]);
  });

  describe('rejects bad input', () => {
    it('a stratify of another length than X', () => {
      expectThrows(
        () => trainTestSplit(rows(4), undefined, { stratify: [0, 1, 0] }),
        ValidationError,
        'Found input variables with inconsistent numbers of samples: X has 4 rows and stratify has 3 entries (in trainTestSplit).',
      );
    });

    it('a y of another length than X', () => {
      expectThrows(
        () => trainTestSplit(rows(4), [1, 2]),
        ValidationError,
        'Found input variables with inconsistent numbers of samples: X has 4 rows and y has 2 entries (in trainTestSplit).',
      );
    });

    it('stratify without shuffling', () => {
      expectThrows(
        () => trainTestSplit(rows(4), undefined, { shuffle: false, stratify: [0, 1, 0, 1] }),
        InvalidParameterError,
        'The "stratify" option of trainTestSplit must be undefined when "shuffle" is false. Got [0, 1, 0, 1] instead. A stratified split needs shuffling: set shuffle: true or leave stratify unset.',
      );
    });

    it('a randomState without shuffling', () => {
      expectThrows(
        () => trainTestSplit(rows(4), undefined, { shuffle: false, randomState: 0 }),
        InvalidParameterError,
        'The "randomState" option of trainTestSplit must be undefined when "shuffle" is false (a seed has no effect without shuffling). Got 0 instead. Leave randomState unset, or set shuffle: true.',
      );
    });

    it('a testSize of 1.5', () => {
      expectThrows(
        () => trainTestSplit(rows(4), undefined, { testSize: 1.5 }),
        InvalidParameterError,
        'The "testSize" option of trainTestSplit must be a number in the range (0, 1), an int in the range [1, inf) or undefined. Got 1.5 instead.',
      );
    });

    it('a stratify class with one member', () => {
      expectThrows(
        () => trainTestSplit(rows(5), undefined, { stratify: ['a', 'a', 'b', 'b', 'c'], testSize: 0.4 }),
        ValidationError,
        'The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.',
      );
    });

    it('an X that is not a matrix', () => {
      expectThrows(
        () => trainTestSplit('abc' as unknown as number[][]),
        ValidationError,
        'The "X" argument of trainTestSplit must be a matrix (number[][], an array of rows, a DenseMatrix or an ml-matrix Matrix). Got "abc" instead.',
      );
    });
  });
});
