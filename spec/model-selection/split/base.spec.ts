import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import {
  BaseKFold,
  binomial,
  combinations,
  isSplitter,
  numSamples,
  pairFromMask,
  yieldsConstantSplits,
} from '../../../lib/model-selection/split/base.js';
import {
  KFold,
  LeaveOneOut,
  ShuffleSplit,
  StratifiedGroupKFold,
  StratifiedKFold,
  TimeSeriesSplit,
} from '../../../lib/model-selection/split/index.js';
import { expectThrows } from './fixtures.js';

describe('numSamples', () => {
  it('reads rows, then length', () => {
    expect(numSamples('t', [[1], [2], [3]])).toBe(3);
    expect(numSamples('t', DenseMatrix.zeros(4, 2))).toBe(4);
    expect(numSamples('t', { length: 5 })).toBe(5);
    expect(numSamples('t', { rows: 6 })).toBe(6);
    expect(numSamples('t', new Float64Array(7))).toBe(7);
  });

  it('rejects anything without a count', () => {
    expectThrows(
      () => numSamples('KFold.split', { length: -1 }),
      ValidationError,
      'The "X" argument of KFold.split must be a matrix, an array or an object with a numeric "length" or "rows" (the number of samples). Got { length: -1 } instead.',
    );
  });
});

describe('combinations and binomial', () => {
  it('enumerates k-subsets in lexicographic order', () => {
    expect(Array.from(combinations(4, 2), (c) => Array.from(c))).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(Array.from(combinations(3, 0), (c) => Array.from(c))).toEqual([[]]);
    expect(Array.from(combinations(2, 3))).toEqual([]);
  });

  it('counts them exactly', () => {
    expect([binomial(4, 2), binomial(52, 5), binomial(3, 4), binomial(60, 30)]).toEqual([6, 2598960, 0, 118264581564861424]);
  });
});

describe('pairFromMask', () => {
  it('splits marked rows into test, the rest into train', () => {
    expect(pairFromMask(Uint8Array.from([1, 0, 0, 1])).map((a) => Array.from(a))).toEqual([
      [1, 2],
      [0, 3],
    ]);
  });
});

describe('isSplitter and yieldsConstantSplits', () => {
  it('recognises splitters', () => {
    expect(isSplitter(new KFold())).toBe(true);
    expect(isSplitter({ split: () => [] })).toBe(false);
    expect(isSplitter(5)).toBe(false);
  });

  it('tells whether splits repeat across calls', () => {
    expect(yieldsConstantSplits(new KFold())).toBe(true);
    expect(yieldsConstantSplits(new KFold({ shuffle: true }))).toBe(false);
    expect(yieldsConstantSplits(new KFold({ shuffle: true, randomState: 0 }))).toBe(true);
    expect(yieldsConstantSplits(new ShuffleSplit())).toBe(false);
    expect(yieldsConstantSplits(new ShuffleSplit({ randomState: 1 }))).toBe(true);
    expect(yieldsConstantSplits(new LeaveOneOut())).toBe(true);
    expect(yieldsConstantSplits(new TimeSeriesSplit())).toBe(true);
  });
});

describe('BaseKFold', () => {
  const classes = [
    ['KFold', (o?: object) => new KFold(o)],
    ['StratifiedKFold', (o?: object) => new StratifiedKFold(o)],
    ['StratifiedGroupKFold', (o?: object) => new StratifiedGroupKFold(o)],
  ] as const;

  it.each(classes)('%s takes the shared defaults', (_, make) => {
    const cv = make();
    expect(cv).toBeInstanceOf(BaseKFold);
    expect([cv.nSplits, cv.shuffle, cv.randomState, cv.getNSplits()]).toEqual([5, false, undefined, 5]);
    expect(Object.keys(cv)).toEqual(['nSplits', 'shuffle', 'randomState']);
    expect(make({ nSplits: 3, shuffle: true, randomState: 7 }).getNSplits()).toBe(3);
  });

  it.each(classes)('%s checks the shared options in order, in its own name', (name, make) => {
    expectThrows(
      () => make({ nSplits: 1, shuffle: 1, randomState: 0 }),
      InvalidParameterError,
      `The "nSplits" option of ${name} must be an int in the range [2, inf). Got 1 instead.`,
    );
    expectThrows(() => make({ shuffle: 1, randomState: 0 }), InvalidParameterError, `The "shuffle" option of ${name} must be a boolean. Got 1 instead.`);
    expectThrows(
      () => make({ n_splits: 3 }),
      InvalidParameterError,
      `Unknown option "n_splits" for ${name}. Valid options are: "nSplits", "shuffle", "randomState". Did you mean "nSplits"?`,
    );
  });
});
