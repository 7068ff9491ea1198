import { describe, expect, it } from 'vitest';
import { Mt19937 } from '../../lib/core/mt19937.js';

describe('Mt19937', () => {
  it("gives the reference generator's outputs (std::mt19937's default seed 5489)", () => {
    const mt = new Mt19937(5489);
    expect([mt.nextUint32(), mt.nextUint32(), mt.nextUint32()]).toEqual([3499211612, 581869302, 3890346734]);
  });

  it("gives numpy's RandomState(0) words", () => {
    const mt = new Mt19937(0);
    expect([mt.nextUint32(), mt.nextUint32()]).toEqual([2357136044, 2546248239]);
  });

  it('builds doubles from two words with 53 random bits', () => {
    const a = new Mt19937(0);
    const b = new Mt19937(0);
    const d = a.nextDouble();
    expect(d).toBe(((b.nextUint32() >>> 5) * 67108864 + (b.nextUint32() >>> 6)) / 2 ** 53);
    expect(d).toBe(0.5488135039273248);
  });

  it('saves and restores its state as unsigned words', () => {
    const mt = new Mt19937(1);
    for (let i = 0; i < 700; i++) mt.nextUint32();
    const saved = mt.getState();
    expect(saved.key.every((w) => w >= 0 && w < 2 ** 32)).toBe(true);
    const next = mt.nextUint32();
    const other = new Mt19937(2);
    other.setState(saved);
    expect(other.nextUint32()).toBe(next);
  });
});
