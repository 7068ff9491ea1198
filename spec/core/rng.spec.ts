import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from '../../lib/core/rng.js';

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(sa);
  });
  it('draws floats in [0, 1) with a mean near 1/2', () => {
    const rng = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = rng.random();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 20000 - 0.5)).toBeLessThan(0.01);
  });
  it('draws integers in [low, high) covering every value', () => {
    const rng = new Rng(3);
    const counts = new Array(7).fill(0) as number[];
    for (let i = 0; i < 7000; i++) counts[rng.integer(0, 7)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
  it('draws normals with the asked mean and std', () => {
    const rng = new Rng(5);
    const xs = Array.from({ length: 20000 }, () => rng.normal(2, 3));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean - 2)).toBeLessThan(0.06);
    expect(Math.abs(sd - 3)).toBeLessThan(0.06);
  });
  it('permutes and samples without repetition', () => {
    const rng = new Rng(7);
    expect(Array.from(rng.permutation(10)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const sample = Array.from(rng.sampleIndices(1000, 10));
    expect(new Set(sample).size).toBe(10);
    const dense = Array.from(rng.sampleIndices(10, 10)).sort((x, y) => x - y);
    expect(dense).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('restores a saved state exactly', () => {
    const rng = new Rng(9);
    rng.random();
    const state = rng.getState();
    const next = [rng.random(), rng.random()];
    rng.setState(state);
    expect([rng.random(), rng.random()]).toEqual(next);
  });
  it('rejects a seed that is not a 32-bit unsigned integer', () => {
    expect(() => new Rng(-1)).toThrow('The "seed" argument of Rng must be an int in the range [0, 4294967295]. Got -1 instead.');
    expect(() => new Rng(1.5)).toThrow('Got 1.5 instead.');
  });
  it('derives distinct, stable seeds from parts', () => {
    expect(deriveSeed(1, 2)).toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
    expect(deriveSeed(0)).not.toBe(deriveSeed(1));
  });
});
