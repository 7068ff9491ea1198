import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { ParameterGrid } from '../../../lib/search/space/parameter-grid.js';

interface Case {
  param_grid: Record<string, unknown[]> | Record<string, unknown[]>[];
  candidates: Record<string, unknown>[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/search/parameter_grid.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

describe('ParameterGrid', () => {
  fixture.cases.forEach((c, i) => {
    it(`enumerates case ${i} in scikit-learn's order`, () => {
      const grid = new ParameterGrid(c.param_grid);
      expect(grid.length).toBe(c.candidates.length);
      expect([...grid]).toEqual(c.candidates);
      c.candidates.forEach((cand, k) => expect(grid.at(k)).toEqual(cand));
    });
  });
  it('treats an empty record as one candidate with no params', () => {
    expect([...new ParameterGrid({})]).toEqual([{}]);
  });
  it('returns frozen candidates', () => {
    expect(Object.isFrozen(new ParameterGrid({ a: [1] }).at(0))).toBe(true);
  });
  it('does not mutate the grid it is given', () => {
    const spec = { b: [2, 1], a: [1] };
    expect([...new ParameterGrid(spec)]).toHaveLength(2);
    expect(spec).toEqual({ b: [2, 1], a: [1] });
    expect(Object.keys(spec)).toEqual(['b', 'a']);
  });
  it('rejects a value that is not an array, with the fix', () => {
    expect(() => new ParameterGrid({ C: 1 } as unknown as Record<string, unknown[]>)).toThrow(
      'The grid value for parameter "C" of ParameterGrid must be an array of candidate values. Got 1 instead. Single values need to be wrapped in an array with one element.',
    );
  });
  it('rejects empty value arrays, empty grid lists and non-records', () => {
    expect(() => new ParameterGrid({ C: [] })).toThrow('The grid value for parameter "C" of ParameterGrid must be a non-empty array. Got [] instead.');
    expect(() => new ParameterGrid([])).toThrow('The parameter grid of ParameterGrid must hold at least one grid. Got [] instead.');
    expect(() => new ParameterGrid([{ a: [1] }, 3] as unknown as Record<string, unknown[]>[])).toThrow(
      'The parameter grid of ParameterGrid must be a record of arrays or an array of such records (grid 1). Got 3 instead.',
    );
  });
  it('rejects an index out of range', () => {
    expect(() => new ParameterGrid({ a: [1, 2] }).at(2)).toThrow(InvalidParameterError);
  });
});
