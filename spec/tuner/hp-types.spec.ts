import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/core/rng.js';
import type { AnyHyperParameter } from '../../lib/tuner/hp-types.js';
import {
  BooleanHyperParameter,
  ChoiceHyperParameter,
  FixedHyperParameter,
  FloatHyperParameter,
  IntHyperParameter,
  hyperParameterFromConfig,
} from '../../lib/tuner/hp-types.js';

function draws(hp: AnyHyperParameter, n = 4000, seed = 0): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => hp.random(rng) as number);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('IntHyperParameter', () => {
  it('linear with a step: every value on the grid, both ends reached, about uniform', () => {
    const hp = new IntHyperParameter('units', { min: 32, max: 512, step: 32 });
    expect(hp.gridValues()).toEqual(Array.from({ length: 16 }, (_, i) => 32 + 32 * i));
    const xs = draws(hp);
    expect(xs.every((x) => x >= 32 && x <= 512 && x % 32 === 0)).toBe(true);
    expect(xs).toContain(32);
    expect(xs).toContain(512);
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    for (const c of counts.values()) expect(c / xs.length).toBeCloseTo(1 / 16, 1);
  });

  it('linear: the step defaults to 1 and a step that does not divide the range stops below max', () => {
    expect(new IntHyperParameter('n', { min: 1, max: 5 }).gridValues()).toEqual([1, 2, 3, 4, 5]);
    expect(new IntHyperParameter('n', { min: 6, max: 13, step: 3 }).gridValues()).toEqual([6, 9, 12]);
  });

  it('log without a step: any integer, half of them below the geometric mean', () => {
    const hp = new IntHyperParameter('n', { min: 1, max: 999, sampling: 'log' });
    const xs = draws(hp);
    expect(xs.every((x) => Number.isInteger(x) && x >= 1 && x <= 999)).toBe(true);
    expect(xs.filter((x) => x < Math.sqrt(1000)).length / xs.length).toBeCloseTo(0.5, 1);
    expect(Math.max(...xs)).toBeGreaterThan(900);
  });

  it('log with a step: the step multiplies', () => {
    const hp = new IntHyperParameter('batch', { min: 2, max: 32, step: 2, sampling: 'log' });
    expect(hp.gridValues()).toEqual([2, 4, 8, 16, 32]);
    expect(new Set(draws(hp))).toEqual(new Set([2, 4, 8, 16, 32]));
  });

  it('reverse_log: values crowd near max', () => {
    const hp = new IntHyperParameter('n', { min: 1, max: 1000, sampling: 'reverse_log' });
    const xs = draws(hp);
    expect(xs.every((x) => Number.isInteger(x) && x >= 1 && x <= 1000)).toBe(true);
    expect(median(xs)).toBeGreaterThan(950);
    expect(Math.min(...xs)).toBeLessThan(500);
  });

  it('reverse_log with a step: max + min - min * step^k, listed in increasing order', () => {
    const hp = new IntHyperParameter('n', { min: 1, max: 100, step: 10, sampling: 'reverse_log' });
    expect(hp.gridValues()).toEqual([1, 91, 100]);
    expect(new Set(draws(hp, 300))).toEqual(new Set([1, 91, 100]));
  });

  it('maps values to the centre of their probability bin and back', () => {
    for (const hp of [
      new IntHyperParameter('a', { min: 32, max: 512, step: 32 }),
      new IntHyperParameter('b', { min: 1, max: 999, sampling: 'log' }),
      new IntHyperParameter('c', { min: 1, max: 1000, sampling: 'reverse_log' }),
    ]) {
      for (const x of draws(hp, 200)) expect(hp.probToValue(hp.valueToProb(x))).toBe(x);
    }
  });

  it('defaults to min and checks a given default', () => {
    expect(new IntHyperParameter('n', { min: 3, max: 9 }).default).toBe(3);
    expect(() => new IntHyperParameter('units', { min: 32, max: 512, step: 32, default: 40 })).toThrow(
      'The "default" option of hp.int("units") must be one of its values ([32, 64, 96, 128, 160, 192, 224, 256, … 8 more (16 items)]). Got 40 instead.',
    );
  });
});

describe('FloatHyperParameter', () => {
  it('linear without a step: anywhere in [min, max]', () => {
    const xs = draws(new FloatHyperParameter('d', { min: 0, max: 0.5 }));
    expect(xs.every((x) => x >= 0 && x <= 0.5)).toBe(true);
    expect(median(xs)).toBeCloseTo(0.25, 1);
  });

  it('linear with a step: a tidy grid including max', () => {
    const hp = new FloatHyperParameter('d', { min: 0, max: 1, step: 0.2 });
    expect(hp.gridValues()).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(new Set(draws(hp, 500))).toEqual(new Set([0, 0.2, 0.4, 0.6, 0.8, 1]));
  });

  it('log: uniform in log space', () => {
    const xs = draws(new FloatHyperParameter('lr', { min: 1e-4, max: 1e-2, sampling: 'log' }));
    expect(xs.every((x) => x >= 1e-4 && x <= 1e-2)).toBe(true);
    expect(Math.log10(median(xs))).toBeCloseTo(-3, 1);
    expect(new FloatHyperParameter('lr', { min: 1e-4, max: 1e-2, sampling: 'log' }).probToValue(0.5)).toBeCloseTo(1e-3, 12);
  });

  it('log with a step: the step multiplies', () => {
    expect(new FloatHyperParameter('lr', { min: 0.001, max: 10, step: 10, sampling: 'log' }).gridValues()).toEqual([0.001, 0.01, 0.1, 1, 10]);
  });

  it('reverse_log: values crowd near max', () => {
    const xs = draws(new FloatHyperParameter('m', { min: 1, max: 100, sampling: 'reverse_log' }));
    expect(xs.every((x) => x >= 1 && x <= 100)).toBe(true);
    expect(median(xs)).toBeCloseTo(91, 0);
  });

  it('reverse_log with a step', () => {
    expect(new FloatHyperParameter('m', { min: 0.5, max: 4.5, step: 2, sampling: 'reverse_log' }).gridValues()).toEqual([1, 3, 4, 4.5]);
  });
});

describe('bad ranges', () => {
  it.each([
    [() => new IntHyperParameter('units', { min: 64, max: 32 }), 'The "max" option of hp.int("units") must be an int >= min (64). Got 32 instead.'],
    [() => new FloatHyperParameter('lr', { min: 0.1, max: 0.01 }), 'The "max" option of hp.float("lr") must be a finite number >= min (0.1). Got 0.01 instead.'],
    [() => new IntHyperParameter('units', { min: 32, max: 512, step: 0 }), 'The "step" option of hp.int("units") must be an int > 0. Got 0 instead.'],
    [() => new FloatHyperParameter('dropout', { min: 0, max: 0.5, step: -0.1 }), 'The "step" option of hp.float("dropout") must be a number > 0. Got -0.1 instead.'],
    [() => new IntHyperParameter('batch', { min: 2, max: 32, step: 1, sampling: 'log' }), 'The "step" option of hp.int("batch") must be an int > 1 with sampling "log" (values are multiplied by it). Got 1 instead.'],
    [() => new FloatHyperParameter('lr', { min: 0, max: 0.1, sampling: 'log' }), 'The "min" option of hp.float("lr") must be a number > 0 with sampling "log". Got 0 instead. Use sampling "linear" for ranges that reach 0 or below.'],
    [() => new IntHyperParameter('n', { min: -5, max: 5, sampling: 'reverse_log' }), 'The "min" option of hp.int("n") must be a number > 0 with sampling "reverse_log". Got -5 instead. Use sampling "linear" for ranges that reach 0 or below.'],
    [() => new IntHyperParameter('n', { min: 1.5, max: 5 }), 'The "min" option of hp.int("n") must be an int. Got 1.5 instead.'],
    [() => new FloatHyperParameter('x', { min: 0, max: 1, sampling: 'cubic' as never }), 'The "sampling" option of hp.float("x") must be one of "linear", "log", "reverse_log". Got "cubic" instead.'],
  ])('%#: refused with the standard message', (make, message) => {
    expect(make).toThrow(message);
  });

  it('choice refuses empty, mixed and repeated values', () => {
    expect(() => new ChoiceHyperParameter('o', [])).toThrow('The "values" argument of hp.choice("o") must be a non-empty array of numbers, strings or booleans, all of one type. Got [] instead.');
    expect(() => new ChoiceHyperParameter('o', [1, 'a'] as never)).toThrow('must be a non-empty array of numbers, strings or booleans, all of one type. Got [1, "a"] instead.');
    expect(() => new ChoiceHyperParameter('o', ['a', 'a'])).toThrow('The "values" argument of hp.choice("o") must be an array without repeated values. Got ["a", "a"] instead.');
  });
});

describe('choice, boolean and fixed', () => {
  it('choice: each value about equally often; numbers are ordered by default', () => {
    const hp = new ChoiceHyperParameter('opt', ['adam', 'sgd', 'rmsprop']);
    const rng = new Rng(1);
    const counts = { adam: 0, sgd: 0, rmsprop: 0 };
    for (let i = 0; i < 3000; i++) counts[hp.random(rng) as keyof typeof counts]++;
    for (const c of Object.values(counts)) expect(c / 3000).toBeCloseTo(1 / 3, 1);
    expect(hp.ordered).toBe(false);
    expect(new ChoiceHyperParameter('k', [1, 3, 5]).ordered).toBe(true);
    expect(hp.default).toBe('adam');
  });

  it('boolean and fixed', () => {
    expect(new BooleanHyperParameter('b').gridValues()).toEqual([false, true]);
    const fixed = new FixedHyperParameter('act', 'relu');
    expect(fixed.tunable).toBe(false);
    expect(fixed.random(new Rng(0))).toBe('relu');
  });

  it('every type survives its config', () => {
    const all: AnyHyperParameter[] = [
      new IntHyperParameter('a', { min: 2, max: 32, step: 2, sampling: 'log', default: 8 }),
      new FloatHyperParameter('b', { min: 1e-4, max: 1e-2, sampling: 'log' }),
      new ChoiceHyperParameter('c', [1, 2], { default: 2 }, [[{ name: 'a', values: [2, 4] }]]),
      new BooleanHyperParameter('d', { default: true }),
      new FixedHyperParameter('e', 3),
    ];
    for (const hp of all) expect(hyperParameterFromConfig(JSON.parse(JSON.stringify(hp.toConfig()))).toConfig()).toEqual(hp.toConfig());
  });
});
