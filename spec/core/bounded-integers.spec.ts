import { describe, expect, it } from 'vitest';
import { boundedDraws, checkedBounds, randomInterval } from '../../lib/core/bounded-integers.js';
import { Mt19937 } from '../../lib/core/mt19937.js';

describe('bounded integers (numpy legacy masked rejection)', () => {
  it('masks 32-bit words to the smallest mask over the range and rejects what does not fit', () => {
    const a = new Mt19937(3);
    const b = new Mt19937(3);
    const expected: number[] = [];
    while (expected.length < 50) {
      const v = b.nextUint32() & 7;
      if (v <= 5) expected.push(v);
    }
    expect(boundedDraws(a, 5, 50, 64)).toEqual(expected);
  });

  it('shares one word between four 8-bit draws within a call', () => {
    const a = new Mt19937(4);
    const word = new Mt19937(4).nextUint32();
    expect(boundedDraws(a, 255, 4, 8)).toEqual([word & 255, (word >>> 8) & 255, (word >>> 16) & 255, word >>> 24]);
  });

  it('takes 64-bit words, high word first, past 2^32', () => {
    const a = new Mt19937(5);
    const b = new Mt19937(5);
    const [high, low] = [b.nextUint32(), b.nextUint32()];
    // the mask is the range itself, so the first word is accepted
    expect(randomInterval(a, 2 ** 40 - 1)).toBe((high & 0xff) * 2 ** 32 + low);
  });

  it('draws nothing for an empty range', () => {
    const a = new Mt19937(6);
    expect(boundedDraws(a, 0, 3, 64)).toEqual([0, 0, 0]);
    expect(a.nextUint32()).toBe(new Mt19937(6).nextUint32());
  });

  it('checks bounds against the dtype', () => {
    expect(checkedBounds('R', 10, undefined, 'int64')).toEqual({ low: 0, range: 9, width: 64 });
    expect(() => checkedBounds('R', -1, 5, 'uint8')).toThrow('The "low" argument of R must be an int >= 0 for dtype uint8. Got -1 instead.');
  });
});
