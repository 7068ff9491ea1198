import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/core/rng.js';
import { Categorical, Integer, Real, toDimension } from '../../../lib/search/space/dimensions.js';
import { Space } from '../../../lib/search/space/search-space.js';
import { choice, logNormal, logUniform, qlogUniform, quniform, randInt, uniform } from '../../../lib/search/space/distributions.js';

describe('Real', () => {
  it('maps values linearly to the unit interval and back', () => {
    const d = new Real(-5, 10);
    expect(d.toUnit(-5)).toBe(0);
    expect(d.toUnit(10)).toBe(1);
    expect(d.toUnit(2.5)).toBeCloseTo(0.5, 15);
    expect(d.fromUnit(0.5)).toBeCloseTo(2.5, 12);
  });

  it('maps log-uniform values in log space', () => {
    const d = new Real(1e-3, 1e3, { prior: 'log-uniform' });
    expect(d.toUnit(1)).toBeCloseTo(0.5, 12);
    expect(d.fromUnit(0.5)).toBeCloseTo(1, 12);
    expect(d.fromUnit(d.toUnit(0.37))).toBeCloseTo(0.37, 12);
  });

  it('clamps unit coordinates and rounds to its step', () => {
    const d = new Real(0, 1, { step: 0.25 });
    expect(d.fromUnit(-1)).toBe(0);
    expect(d.fromUnit(2)).toBe(1);
    expect(d.fromUnit(0.3)).toBe(0.25);
  });

  it('samples inside its bounds', () => {
    const d = new Real(2, 3, { prior: 'log-uniform' });
    const rng = new Rng(0);
    for (let i = 0; i < 200; i++) expect(d.contains(d.sample(rng))).toBe(true);
  });

  it('rejects bad bounds and priors with the standard message', () => {
    expect(() => new Real(1, 1)).toThrow('The "high" argument of Real must be a number > low (1). Got 1 instead.');
    expect(() => new Real(0, 1, { prior: 'log-uniform' })).toThrow('The "low" argument of Real must be a number > 0 with prior "log-uniform". Got 0 instead.');
    expect(() => new Real(0, 1, { prior: 'normal' as never })).toThrow('The "prior" option of Real must be one of "uniform", "log-uniform". Got "normal" instead.');
  });
});

describe('Integer', () => {
  it('gives every integer an equal bin of the unit interval', () => {
    const d = new Integer(0, 3);
    expect([0.01, 0.26, 0.51, 0.99].map((u) => d.fromUnit(u))).toEqual([0, 1, 2, 3]);
    for (let v = 0; v <= 3; v++) expect(d.fromUnit(d.toUnit(v))).toBe(v);
  });

  it('never produces a non-integer or out-of-range value', () => {
    const d = new Integer(-2, 5, { prior: 'uniform' });
    const l = new Integer(1, 1000, { prior: 'log-uniform' });
    const rng = new Rng(1);
    for (let i = 0; i < 300; i++) {
      const u = rng.uniform(-0.5, 1.5);
      expect(d.contains(d.fromUnit(u))).toBe(true);
      expect(l.contains(l.fromUnit(u))).toBe(true);
      expect(l.contains(l.sample(rng))).toBe(true);
    }
  });

  it('rejects non-integer bounds', () => {
    expect(() => new Integer(0.5, 3)).toThrow('The "low" argument of Integer must be an int. Got 0.5 instead.');
  });
});

describe('Categorical', () => {
  it('maps each category to the centre of its bin and back', () => {
    const d = new Categorical(['a', 'b', 'c']);
    expect(d.toUnit('b')).toBeCloseTo(0.5, 15);
    expect(d.fromUnit(0.9)).toBe('c');
    expect(d.fromUnit(d.toUnit('a'))).toBe('a');
  });

  it('finds structured categories by value', () => {
    const d = new Categorical([{ k: 1 }, { k: 2 }]);
    expect(d.indexOf({ k: 2 })).toBe(1);
    expect(d.contains({ k: 3 })).toBe(false);
  });

  it('rejects an empty list', () => {
    expect(() => new Categorical([])).toThrow('The "categories" argument of Categorical must be a non-empty array. Got [] instead.');
  });
});

describe('toDimension', () => {
  it('maps the distributions of RandomizedSearchCV to dimensions', () => {
    expect(toDimension(uniform(0, 2))).toEqual(new Real(0, 2));
    expect(toDimension(logUniform(1e-3, 1))).toEqual(new Real(1e-3, 1, { prior: 'log-uniform' }));
    expect(toDimension(randInt(1, 5))).toEqual(new Integer(1, 4));
    expect(toDimension(choice(['x', 'y']))).toEqual(new Categorical(['x', 'y']));
    expect(toDimension([true, false])).toEqual(new Categorical([true, false]));
    expect(toDimension(quniform(0, 1, 0.1))).toEqual(new Real(0, 1, { step: 0.1 }));
    expect(toDimension(qlogUniform(1, 100, 1))).toEqual(new Real(1, 100, { prior: 'log-uniform', step: 1 }));
  });

  it('refuses unbounded distributions, naming the parameter', () => {
    expect(() => toDimension(logNormal(0, 1), 'BayesSearchCV', 'C')).toThrow(
      'The search space of BayesSearchCV must give parameter "C" a dimension (Real, Integer, Categorical), a non-empty array of values, or a bounded distribution',
    );
  });
});

describe('Space', () => {
  const space = new Space({ lr: new Real(1e-4, 1, { prior: 'log-uniform' }), act: ['relu', 'tanh', 'gelu'], depth: new Integer(1, 8) });

  it('orders named dimensions by key and converts points to records', () => {
    expect(space.names).toEqual(['act', 'depth', 'lr']);
    expect(space.toParams(['tanh', 3, 0.01])).toEqual({ act: 'tanh', depth: 3, lr: 0.01 });
    expect(space.fromParams({ lr: 0.01, act: 'tanh', depth: 3 })).toEqual(['tanh', 3, 0.01]);
  });

  it('names positional dimensions x0, x1, ...', () => {
    const s = new Space([new Real(0, 1), [1, 2]]);
    expect(s.names).toEqual(['x0', 'x1']);
    expect(s.named).toBe(false);
  });

  it('one-hot encodes categoricals in its model features', () => {
    expect(space.featureSize).toBe(5);
    expect(space.groups.map((g) => [g.offset, g.width])).toEqual([[0, 3], [3, 1], [4, 1]]);
    const out = new Float64Array(5);
    space.features(space.toUnit(['gelu', 1, 1]), out);
    expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(out[4]).toBeCloseTo(1, 12);
  });

  it('snaps unit coordinates onto valid points and samples valid points', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 100; i++) {
      const u = Float64Array.from({ length: 3 }, () => rng.random());
      expect(space.contains(space.fromUnit(space.snapUnit(u)))).toBe(true);
      expect(space.contains(space.sample(rng))).toBe(true);
    }
  });

  it('rejects an empty space', () => {
    expect(() => new Space({})).toThrow('The "space" argument of Space must be a record with at least one dimension. Got {} instead.');
  });
});
