import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { geomspace, linspace, logspace } from '../../lib/core/spacing.js';

interface SpacingCase {
  readonly function: 'linspace' | 'logspace' | 'geomspace';
  readonly start: number;
  readonly stop: number;
  readonly num: number;
  readonly endpoint: boolean;
  readonly base: number | null;
  readonly values: number[];
}

const cases = (JSON.parse(readFileSync(new URL('../fixtures/spacing/spacing.json', import.meta.url), 'utf8')) as { cases: SpacingCase[] }).cases;

function run(c: SpacingCase): number[] {
  if (c.function === 'linspace') return linspace(c.start, c.stop, c.num, { endpoint: c.endpoint });
  if (c.function === 'logspace') return logspace(c.start, c.stop, c.num, { endpoint: c.endpoint, base: c.base ?? 10 });
  return geomspace(c.start, c.stop, c.num, { endpoint: c.endpoint });
}

describe('spacing parity with numpy 1.24', () => {
  for (const c of cases) {
    it(`${c.function}(${c.start}, ${c.stop}, ${c.num}, endpoint ${c.endpoint}${c.base === null ? '' : `, base ${c.base}`})`, () => {
      const got = run(c);
      expect(got).toHaveLength(c.values.length);
      if (c.function === 'linspace') {
        // the same arithmetic as numpy: equal to the bit
        expect(got).toEqual(c.values);
        return;
      }
      // powers: JavaScript's and the C library's may differ in the last bit or two
      got.forEach((v, i) => expect(Math.abs(v - c.values[i]!)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(c.values[i]!)));
      // geomspace's endpoints are exactly start and stop
      if (c.function === 'geomspace' && c.num > 0) {
        expect(got[0]).toBe(c.values[0]);
        if (c.endpoint && c.num > 1) expect(got[c.num - 1]).toBe(c.stop);
      }
    });
  }
});

describe('spacing', () => {
  it('runs the documented examples', () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(logspace(-2, 2, 5)).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(geomspace(1, 1000, 4)).toEqual([1, 10, 100, 1000]);
    expect(linspace(0, 1)).toHaveLength(50);
  });

  it('rejects bad arguments with the standard messages', () => {
    expect(() => linspace(0, 1, -1)).toThrow('The "num" argument of linspace must be an int in the range [0, inf). Got -1 instead.');
    expect(() => linspace(0, NaN, 3)).toThrow(InvalidParameterError);
    expect(() => logspace(0, 1, 3, { base: Infinity })).toThrow(InvalidParameterError);
    expect(() => geomspace(0, 1, 3)).toThrow('The "start" argument of geomspace must be a non-zero number (a geometric sequence cannot include zero). Got 0 instead.');
    expect(() => geomspace(-1, 1, 3)).toThrow(/cannot cross zero/);
    expect(() => linspace(0, 1, 3, { endPoint: false } as never)).toThrow(/Unknown option "endPoint"/);
  });
});
