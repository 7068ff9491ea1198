import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/core/random-state.js';
import { classStateKey, sharedWorkOf, stateKey } from '../../lib/core/shared-state.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/index.js';
import { DecisionTreeClassifier } from '../../lib/estimators/tree/index.js';

describe('stateKey', () => {
  it('is the same for equal values whatever the key order, and tells numbers, strings and special values apart', () => {
    expect(stateKey({ kernel: 'rbf', gamma: 0.01 })).toBe(stateKey({ gamma: 0.01, kernel: 'rbf' }));
    const distinct = [1, '1', true, null, undefined, NaN, Infinity, -Infinity, 0, -0, [1], { a: 1 }, [undefined], {}, []];
    expect(new Set(distinct.map(stateKey)).size).toBe(distinct.length);
    expect(stateKey([1, [2, { b: 'x' }]])).toBe(stateKey([1, [2, { b: 'x' }]]));
  });

  it('keys estimators by class and params', () => {
    expect(stateKey(new StandardScaler())).toBe(stateKey(new StandardScaler()));
    expect(stateKey(new StandardScaler({ withMean: false }))).not.toBe(stateKey(new StandardScaler()));
    expect(stateKey([['scale', new StandardScaler()]])).toBe(stateKey([['scale', new StandardScaler()]]));
  });

  it('is undefined for what cannot be compared by value', () => {
    expect(stateKey({ f: () => 1 })).toBeUndefined();
    expect(stateKey([new RandomState(0)])).toBeUndefined();
    expect(stateKey(new Map())).toBeUndefined();
  });
});

describe('sharedWorkOf and classStateKey', () => {
  it('give an estimator\'s shared work, and a key that names its class', () => {
    const work = sharedWorkOf(new Ridge());
    expect(work?.key).toBe(stateKey({ fitIntercept: true }));
    expect(sharedWorkOf(new DecisionTreeClassifier())).toBeUndefined();
    class Ridge2 extends Ridge {}
    expect(classStateKey(new Ridge(), work!)).not.toBe(classStateKey(new Ridge2(), work!));
    expect(classStateKey(new Ridge({ alpha: 3 }), sharedWorkOf(new Ridge({ alpha: 3 }))!)).toBe(classStateKey(new Ridge(), work!));
  });
});
