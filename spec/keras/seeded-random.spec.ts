import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/core/rng.js';
import { withSeededRandom, withSeededRandomSync } from '../../lib/keras/seeded-random.js';

describe('withSeededRandom', () => {
  it('makes Math.random draw from the generator inside, and restores it after', async () => {
    const original = Math.random;
    const draws = withSeededRandomSync(new Rng(3), () => [Math.random(), Math.random()]);
    expect(draws).toEqual(((r) => [r.random(), r.random()])(new Rng(3)));
    expect(Math.random).toBe(original);
    const later = await withSeededRandom(new Rng(3), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return Math.random();
    });
    expect(later).toBe(draws[0]);
    expect(Math.random).toBe(original);
  });

  it('keeps concurrent fits on their own streams and leaves other code alone', async () => {
    const seen: Record<string, number[]> = { a: [], b: [] };
    const task = (name: 'a' | 'b', seed: number) =>
      withSeededRandom(new Rng(seed), async () => {
        for (let i = 0; i < 3; i++) {
          seen[name]!.push(Math.random());
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
    const outside: number[] = [];
    const running = Promise.all([task('a', 1), task('b', 2)]);
    outside.push(Math.random(), Math.random());
    await running;
    const expected = (seed: number): number[] => {
      const r = new Rng(seed);
      return [r.random(), r.random(), r.random()];
    };
    expect(seen.a).toEqual(expected(1));
    expect(seen.b).toEqual(expected(2));
    expect(outside).not.toEqual(expected(1).slice(0, 2));
    expect(outside).not.toEqual(expected(2).slice(0, 2));
  });

  it('restores Math.random when the function throws', async () => {
    const original = Math.random;
    await expect(withSeededRandom(new Rng(0), async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(() => withSeededRandomSync(new Rng(0), () => { throw new Error('sync'); })).toThrow('sync');
    expect(Math.random).toBe(original);
  });
});
