import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/core/rng.js';
import {
  choice,
  exponential,
  isDistribution,
  logNormal,
  logUniform,
  normal,
  qlogUniform,
  quniform,
  randInt,
  uniform,
} from '../../../lib/search/space/distributions.js';

function draws<T>(d: { sample(rng: Rng): T }, n = 4000, seed = 0): T[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => d.sample(rng));
}

describe('distributions', () => {
  it('uniform stays in [low, high) with mean near the middle', () => {
    const xs = draws(uniform(2, 4));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...xs)).toBeLessThan(4);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 3)).toBeLessThan(0.05);
  });
  it('logUniform spreads evenly over orders of magnitude', () => {
    const xs = draws(logUniform(1e-3, 1e3));
    const below1 = xs.filter((x) => x < 1).length / xs.length;
    expect(Math.abs(below1 - 0.5)).toBeLessThan(0.03);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1e-3);
    expect(Math.max(...xs)).toBeLessThan(1e3);
  });
  it('randInt excludes high like scipy randint and hits every value', () => {
    const xs = draws(randInt(1, 4));
    expect(new Set(xs)).toEqual(new Set([1, 2, 3]));
  });
  it('normal and logNormal have the asked location', () => {
    const xs = draws(normal(5, 2));
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 5)).toBeLessThan(0.1);
    const ls = draws(logNormal(0, 1)).map(Math.log);
    expect(Math.abs(ls.reduce((s, x) => s + x, 0) / ls.length)).toBeLessThan(0.05);
  });
  it('exponential has the asked mean and is positive', () => {
    const xs = draws(exponential(3));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 3)).toBeLessThan(0.15);
  });
  it('quantized distributions land on multiples of q', () => {
    for (const x of draws(quniform(0, 1, 0.1), 200)) expect(Math.abs(x * 10 - Math.round(x * 10))).toBeLessThan(1e-9);
    for (const x of draws(qlogUniform(1, 1000, 5), 200)) expect(x % 5).toBe(0);
  });
  it('choice draws only listed values', () => {
    const xs = draws(choice(['a', 'b', 'c'] as const), 300);
    expect(new Set(xs)).toEqual(new Set(['a', 'b', 'c']));
  });
  it('is reproducible for a seed', () => {
    expect(draws(logUniform(1, 10), 5, 42)).toEqual(draws(logUniform(1, 10), 5, 42));
  });
  it('recognises user distributions by their sample method', () => {
    expect(isDistribution({ sample: () => 1 })).toBe(true);
    expect(isDistribution([1, 2])).toBe(false);
  });
  it('rejects bad arguments with the standard message', () => {
    expect(() => uniform(1, 1)).toThrow('The "high" argument of uniform must be a number > low (1). Got 1 instead.');
    expect(() => logUniform(0, 1)).toThrow('The "low" argument of logUniform must be a number > 0. Got 0 instead.');
    expect(() => randInt(0, 2.5)).toThrow('The "high" argument of randInt must be an int. Got 2.5 instead.');
    expect(() => normal(0, 0)).toThrow('The "std" argument of normal must be a number > 0. Got 0 instead.');
    expect(() => exponential(0)).toThrow('The "scale" argument of exponential must be a number > 0. Got 0 instead.');
    expect(() => quniform(0, 1, -1)).toThrow('The "q" argument of quniform must be a number > 0. Got -1 instead.');
    expect(() => choice([])).toThrow('The "values" argument of choice must be a non-empty array. Got [] instead.');
    expect(() => uniform(NaN, 1)).toThrow('The "low" argument of uniform must be a finite number. Got NaN instead.');
  });
});
