import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  DenseMatrix,
  encodeLabels,
  takeTarget,
  typeOfTarget,
  uniqueLabels,
  validateMatrix,
  validateTarget,
} from '../../lib/core/data.js';
import { ValidationError } from '../../lib/core/errors.js';

const owner = 'Test.fit';

describe('validateMatrix', () => {
  it('accepts number[][], typed rows and ml-matrix with the same result', () => {
    const rows = [
      [1, 2],
      [3, 4],
    ];
    const a = validateMatrix(rows, { owner });
    const b = validateMatrix([Float64Array.from([1, 2]), Float32Array.from([3, 4])], { owner });
    const c = validateMatrix(new Matrix(rows), { owner });
    for (const m of [a, b, c]) {
      expect(m).toBeInstanceOf(DenseMatrix);
      expect(m.toArray()).toEqual(rows);
    }
  });
  it('passes a DenseMatrix through without copying', () => {
    const m = DenseMatrix.fromRows([[1], [2]]);
    expect(validateMatrix(m, { owner })).toBe(m);
  });
  it('rejects a ragged matrix naming the row', () => {
    expect(() => validateMatrix([[1, 2], [3]], { owner })).toThrow(
      'The "X" argument of Test.fit must be a rectangular matrix (every row of the same length). Got row 1 with 1 columns where row 0 has 2 instead.',
    );
  });
  it('rejects NaN and Infinity naming the position and the fix', () => {
    expect(() => validateMatrix([[1, NaN]], { owner })).toThrow(
      'The "X" argument of Test.fit must be a matrix of finite numbers. Got NaN at row 0, column 1 instead. Fill missing values first, e.g. with SimpleImputer.',
    );
    expect(() => validateMatrix([[1], [Infinity]], { owner })).toThrow('Got Infinity at row 1, column 0 instead.');
  });
  it('accepts NaN when allowed but never Infinity', () => {
    expect(validateMatrix([[NaN, 1]], { owner, allowNaN: true }).get(0, 0)).toBeNaN();
    expect(() => validateMatrix([[Infinity]], { owner, allowNaN: true })).toThrow(ValidationError);
  });
  it('rejects an empty array, a 1-D array and strings', () => {
    expect(() => validateMatrix([], { owner })).toThrow('Got an empty array instead.');
    expect(() => validateMatrix([1, 2, 3], { owner })).toThrow(
      'Got a 1-D array (3 numbers) instead. Pass one row per sample: for a single feature use X.map((v) => [v]); for a single sample use [x].',
    );
    expect(() => validateMatrix([['a']], { owner })).toThrow('Got "a" at row 0, column 0 instead.');
    expect(() => validateMatrix('abc', { owner })).toThrow(ValidationError);
  });
  it('rejects a matrix with no columns', () => {
    expect(() => validateMatrix([[], []], { owner })).toThrow('must be a matrix with at least 1 column. Got 0 columns instead.');
  });
  it('subsets rows and columns without changing the source', () => {
    const m = DenseMatrix.fromRows([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(m.takeRows([2, 0]).toArray()).toEqual([
      [7, 8, 9],
      [1, 2, 3],
    ]);
    expect(m.takeColumns([2]).toArray()).toEqual([[3], [6], [9]]);
    expect(m.get(0, 0)).toBe(1);
    expect(m.toShared().values.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe('validateTarget', () => {
  it('checks the length against X', () => {
    expect(() => validateTarget([1, 2], { owner, nSamples: 3 })).toThrow(
      'Found input variables with inconsistent numbers of samples: X has 3 rows and y has 2 entries (in Test.fit).',
    );
  });
  it('rejects mixed label types and non-finite numbers', () => {
    expect(() => validateTarget([1, 'a'] as unknown as number[], { owner })).toThrow(
      'The "y" argument of Test.fit must be labels of one type (all numbers). Got "a" (a string) at index 1 instead.',
    );
    expect(() => validateTarget([1, NaN], { owner })).toThrow('Got NaN at index 1 instead.');
    expect(() => validateTarget([], { owner })).toThrow('Got an empty array instead.');
    expect(() => validateTarget([true, false] as unknown as number[], { owner })).toThrow('Got true at index 0 instead.');
  });
  it('accepts multi-output only when asked', () => {
    expect(() => validateTarget([[1, 2]], { owner })).toThrow(ValidationError);
    expect(validateTarget([[1, 2]], { owner, allowMultiOutput: true })).toEqual([[1, 2]]);
  });
});

describe('labels', () => {
  it('sorts classes like numpy and encodes codes', () => {
    expect(uniqueLabels([3, 1, 2, 1])).toEqual([1, 2, 3]);
    expect(uniqueLabels(['b', 'B', 'a'])).toEqual(['B', 'a', 'b']);
    expect(uniqueLabels([10, 9, 100])).toEqual([9, 10, 100]);
    const { classes, codes } = encodeLabels(['cat', 'dog', 'cat']);
    expect(classes).toEqual(['cat', 'dog']);
    expect(Array.from(codes)).toEqual([0, 1, 0]);
  });
  it('rejects an unseen label', () => {
    expect(() => encodeLabels(['x'], ['a', 'b'])).toThrow('y contains a label not seen in fit: "x". Known labels: ["a", "b"].');
  });
  it('types targets like type_of_target', () => {
    expect(typeOfTarget([0, 1, 1])).toBe('binary');
    expect(typeOfTarget([0, 1, 2])).toBe('multiclass');
    expect(typeOfTarget(['a', 'b', 'c'])).toBe('multiclass');
    expect(typeOfTarget([0.5, 1])).toBe('continuous');
    expect(typeOfTarget([[0.5, 1]])).toBe('continuous-multioutput');
  });
  it('takes entries keeping the container kind', () => {
    expect(takeTarget([5, 6, 7], [2, 0])).toEqual([7, 5]);
    const typed = takeTarget(Float64Array.from([5, 6, 7]), [1]);
    expect(typed).toBeInstanceOf(Float64Array);
    expect(Array.from(typed)).toEqual([6]);
  });
});
