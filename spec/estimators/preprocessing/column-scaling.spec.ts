import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { multiplyThenAdd, subtractThenDivide } from '../../../lib/estimators/preprocessing/column-scaling.js';

const X = DenseMatrix.fromRows([
  [1, 10],
  [3, -20],
]);

describe('subtractThenDivide', () => {
  it('maps each column by (x - offset) / divisor into a new matrix', () => {
    const before = X.values.slice();
    const out = subtractThenDivide(X, Float64Array.from([1, 10]), Float64Array.from([2, 5]));
    expect(out.toArray()).toEqual([
      [0, 0],
      [1, -6],
    ]);
    expect(out.values).not.toBe(X.values);
    expect(X.values).toEqual(before);
  });

  it('skips a null step', () => {
    expect(subtractThenDivide(X, null, Float64Array.from([2, 5])).toArray()).toEqual([
      [0.5, 2],
      [1.5, -4],
    ]);
    expect(subtractThenDivide(X, Float64Array.from([1, 10]), null).toArray()).toEqual([
      [0, 0],
      [2, -30],
    ]);
    expect(subtractThenDivide(X, null, null).toArray()).toEqual(X.toArray());
  });
});

describe('multiplyThenAdd', () => {
  it('maps each column by x * factor + offset into a new matrix, and undoes subtractThenDivide', () => {
    const offset = Float64Array.from([1, 10]);
    const scale = Float64Array.from([2, 5]);
    const out = multiplyThenAdd(subtractThenDivide(X, offset, scale), scale, offset);
    expect(out.toArray()).toEqual(X.toArray());
    expect(multiplyThenAdd(X, null, offset).toArray()).toEqual([
      [2, 20],
      [4, -10],
    ]);
  });

  it('clips to [lo, hi] when asked, after the map', () => {
    expect(multiplyThenAdd(X, Float64Array.from([1, 0.1]), Float64Array.from([0, 0]), [0, 2]).toArray()).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });
});
