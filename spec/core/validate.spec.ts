import { describe, expect, it } from 'vitest';
import {
  checkInteger,
  checkKnownKeys,
  checkOneOf,
  checkParam,
  checkReal,
  closestName,
  formatValue,
  integerIn,
  oneOf,
  realIn,
} from '../../lib/core/validate.js';
import { InvalidParameterError } from '../../lib/core/errors.js';

describe('formatValue', () => {
  it('renders numbers, strings and special values', () => {
    expect(formatValue(1)).toBe('1');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('-Infinity');
    expect(formatValue('l3')).toBe('"l3"');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(null)).toBe('null');
  });
  it('truncates long arrays and names class instances', () => {
    expect(formatValue([1, 2, 3])).toBe('[1, 2, 3]');
    expect(formatValue(Array.from({ length: 20 }, (_, i) => i))).toBe('[0, 1, 2, 3, 4, 5, 6, 7, … 12 more (20 items)]');
    expect(formatValue(new Map())).toBe('an instance of Map');
    expect(formatValue({ a: 1 })).toBe('{ a: 1 }');
    expect(formatValue(new Float64Array([1, 2]))).toBe('Float64Array(2) [1, 2]');
  });
});

describe('checkParam', () => {
  it('returns the value when a constraint matches', () => {
    expect(checkInteger('KFold', 'nSplits', 5, { min: 2 })).toBe(5);
    expect(checkReal('Ridge', 'alpha', 0, { min: 0 })).toBe(0);
    expect(checkOneOf('SVC', 'kernel', 'rbf', ['rbf', 'linear'])).toBe('rbf');
  });
  it('builds the standard message naming owner, parameter, expectation and value', () => {
    expect(() => checkInteger('KFold', 'nSplits', 1, { min: 2 })).toThrow(
      'The "nSplits" option of KFold must be an int in the range [2, inf). Got 1 instead.',
    );
    expect(() => checkParam('Ridge', 'alpha', -1, realIn({ min: 0 }))).toThrow(
      'The "alpha" parameter of Ridge must be a number in the range [0, inf). Got -1 instead.',
    );
    expect(() => checkParam('SVC', 'kernel', 'rfb', oneOf(['rbf', 'linear']))).toThrow(
      'The "kernel" parameter of SVC must be one of "rbf", "linear". Got "rfb" instead.',
    );
    expect(() => checkParam('X', 'k', 1.5, [integerIn({ min: 1 }), oneOf(['all'])])).toThrow(
      'The "k" parameter of X must be an int in the range [1, inf) or "all". Got 1.5 instead.',
    );
  });
  it('throws InvalidParameterError with structured details', () => {
    try {
      checkInteger('KFold', 'nSplits', 1, { min: 2 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidParameterError);
      const e = error as InvalidParameterError;
      expect([e.owner, e.argument, e.value, e.expected]).toEqual(['KFold', 'nSplits', 1, 'an int in the range [2, inf)']);
    }
  });
  it('rejects NaN for a real in any range', () => {
    expect(() => checkReal('A', 'b', NaN)).toThrow('Got NaN instead.');
  });
});

describe('checkKnownKeys', () => {
  it('lists the valid names and suggests the closest', () => {
    expect(() => checkKnownKeys('Ridge', { alpah: 1 }, ['alpha', 'fitIntercept'])).toThrow(
      'Unknown parameter "alpah" for Ridge. Valid parameters are: "alpha", "fitIntercept". Did you mean "alpha"?',
    );
  });
  it('suggests nothing for a far-off name', () => {
    expect(closestName('zzzzzzzz', ['alpha', 'fitIntercept'])).toBeUndefined();
  });
});
