import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/core/errors.js';
import { computeClassWeight, isClassWeightObject, pythonRepr } from '../../../lib/estimators/linear/class-weight.js';

const codes = Int32Array.from([0, 0, 0, 1, 2, 2]);

describe('computeClassWeight', () => {
  it('gives ones for null', () => {
    expect(Array.from(computeClassWeight(null, [0, 1, 2], codes, 'test'))).toEqual([1, 1, 1]);
  });

  it("balances the classes for 'balanced'", () => {
    expect(Array.from(computeClassWeight('balanced', [0, 1, 2], codes, 'test'))).toEqual([6 / 9, 2, 1]);
  });

  it('reads weights by label and leaves the others at 1', () => {
    expect(Array.from(computeClassWeight({ b: 3 }, ['a', 'b', 'c'], codes, 'test'))).toEqual([1, 3, 1]);
  });

  it('rejects weights for unknown labels when some classes are left out', () => {
    expect(() => computeClassWeight({ a: 2, z: 1 }, ['a', 'b', 'c'], codes, 'test')).toThrow(ValidationError);
    expect(() => computeClassWeight({ a: 2, z: 1 }, ['a', 'b', 'c'], codes, 'test')).toThrow("The classes, ['b', 'c'], are not in class_weight");
  });
});

describe('isClassWeightObject', () => {
  it('accepts plain objects of non-negative finite numbers only', () => {
    expect(isClassWeightObject({ 0: 1, 1: 0 })).toBe(true);
    expect(isClassWeightObject({ 0: -1 })).toBe(false);
    expect(isClassWeightObject({ 0: NaN })).toBe(false);
    expect(isClassWeightObject(new Map())).toBe(false);
    expect(isClassWeightObject([1, 2])).toBe(false);
  });
});

describe('pythonRepr', () => {
  it('quotes strings the way Python does', () => {
    expect(pythonRepr(3)).toBe('3');
    expect(pythonRepr("it's")).toBe("'it\\'s'");
  });
});
