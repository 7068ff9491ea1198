import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { AbortError } from '../../../lib/core/errors.js';
import { centerData, interceptFor, linearPredict, throwIfAborted } from '../../../lib/estimators/linear/linear-model.js';

const X = DenseMatrix.fromRows([[1, 10], [3, 20], [5, 60]]);
const y = Float64Array.from([2, 4, 9]);

describe('centerData', () => {
  it('centres X and y on their means without touching the input', () => {
    const data = centerData(X, y, true);
    expect(Array.from(data.xMean)).toEqual([3, 30]);
    expect(data.yMean).toBe(5);
    expect(Array.from(data.X)).toEqual([-2, -20, 0, -10, 2, 30]);
    expect(Array.from(data.y)).toEqual([-3, -1, 4]);
    expect(Array.from(X.values)).toEqual([1, 10, 3, 20, 5, 60]);
  });

  it('passes the data through without an intercept', () => {
    const data = centerData(X, y, false);
    expect(data.X).toBe(X.values);
    expect(data.yMean).toBe(0);
  });
});

describe('interceptFor and linearPredict', () => {
  it('recover the intercept and predict X·w + b', () => {
    const data = centerData(X, y, true);
    const coef = Float64Array.from([0.5, 0.1]);
    const b = interceptFor(data, coef);
    expect(b).toBeCloseTo(5 - 1.5 - 3, 14);
    expect(Array.from(linearPredict(X, coef, b))).toEqual([1.5 + b, 3.5 + b, 8.5 + b]);
  });
});

describe('throwIfAborted', () => {
  it('throws an AbortError once the signal is aborted', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal, 'Thing.fit')).not.toThrow();
    controller.abort();
    expect(() => throwIfAborted(controller.signal, 'Thing.fit')).toThrow(AbortError);
  });
});
