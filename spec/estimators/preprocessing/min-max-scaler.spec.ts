import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { MinMaxScaler } from '../../../lib/estimators/preprocessing/min-max-scaler.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

type Cell = number | null;
interface Case {
  name: string;
  params: { featureRange: [number, number]; clip: boolean };
  fit: string;
  test: string | null;
  rows: number[];
  attributes: Record<string, Cell[]>;
  fitTransform: Cell[][];
  transform?: Cell[][];
  inverse?: Cell[][];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/preprocessing/preprocessing.json', import.meta.url), 'utf8')) as {
  data: Record<string, Cell[][]>;
  cases: Case[];
};
const matrix = (rows: Cell[][]): number[][] => rows.map((r) => r.map((v) => (v === null ? NaN : v)));

function expectClose(actual: ArrayLike<number>, expected: Cell[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs((actual[i] as number) - (e as number))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e as number))));
}
function expectRowsClose(actual: number[][], expected: Cell[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => expectClose(row, expected[i]!));
}

checkEstimator('MinMaxScaler', () => new MinMaxScaler(), { kind: 'transformer' });
checkEstimator('MinMaxScaler (featureRange [-1, 1], clip)', () => new MinMaxScaler({ featureRange: [-1, 1], clip: true }), { kind: 'transformer' });

describe('MinMaxScaler parity with scikit-learn 1.2', () => {
  for (const c of fixture.cases.filter((x) => x.name.startsWith('MinMaxScaler '))) {
    it(c.name, async () => {
      const X = matrix(fixture.data[c.fit]!);
      const scaler = await new MinMaxScaler(c.params).fit(X);
      expectClose(scaler.dataMin, c.attributes.data_min_!);
      expectClose(scaler.dataMax, c.attributes.data_max_!);
      expectClose(scaler.dataRange, c.attributes.data_range_!);
      expectClose(scaler.scale, c.attributes.scale_!);
      expectClose(scaler.min, c.attributes.min_!);
      const out = (await scaler.transform(X)).toArray();
      expectRowsClose(c.rows.map((i) => out[i]!), c.fitTransform);
      const source = c.test !== null ? matrix(fixture.data[c.test]!) : c.rows.map((i) => X[i]!);
      if (c.test !== null) expectRowsClose((await scaler.transform(source)).toArray(), c.transform!);
      expectRowsClose((await scaler.inverseTransform(source)).toArray(), c.inverse!);
    });
  }
});

describe('MinMaxScaler', () => {
  it('runs its TSDoc example', async () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] });
    expect((await scaler.fitTransform([[0], [5], [10]])).toArray()).toEqual([[-1], [0], [1]]);
  });

  it('maps a constant feature to the range minimum', async () => {
    const scaler = await new MinMaxScaler({ featureRange: [2, 4] }).fit([[7], [7]]);
    expect(Array.from(scaler.scale)).toEqual([2]);
    expect((await scaler.transform([[7], [8]])).toArray()).toEqual([[2], [4]]);
  });

  it('clips values outside the training range only when asked', async () => {
    const X = [[0], [10]];
    expect((await (await new MinMaxScaler().fit(X)).transform([[-5], [20]])).toArray()).toEqual([[-0.5], [2]]);
    expect((await (await new MinMaxScaler({ clip: true }).fit(X)).transform([[-5], [20]])).toArray()).toEqual([[0], [1]]);
  });

  it('rejects a reversed or malformed featureRange', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(InvalidParameterError);
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(
      'The "featureRange" parameter of MinMaxScaler must be an array [min, max] of two finite numbers with min < max. Got [1, 0] instead.',
    );
    expect(() => new MinMaxScaler({ featureRange: [0, 1, 2] as unknown as [number, number] })).toThrow(InvalidParameterError);
    expect(() => new MinMaxScaler({ featureRange: [0, Infinity] })).toThrow(InvalidParameterError);
  });
});
