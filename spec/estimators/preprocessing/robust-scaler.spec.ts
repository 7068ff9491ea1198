import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { RobustScaler } from '../../../lib/estimators/preprocessing/robust-scaler.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

type Cell = number | null;
interface Case {
  name: string;
  params: { withCentering: boolean; withScaling: boolean; quantileRange: [number, number]; unitVariance: boolean };
  fit: string;
  test: string | null;
  rows: number[];
  attributes: Record<string, Cell[] | null>;
  fitTransform: Cell[][];
  transform?: Cell[][];
  inverse?: Cell[][];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/preprocessing/preprocessing.json', import.meta.url), 'utf8')) as {
  data: Record<string, Cell[][]>;
  cases: Case[];
};
const matrix = (rows: Cell[][]): number[][] => rows.map((r) => r.map((v) => (v === null ? NaN : v)));

function expectClose(actual: ArrayLike<number> | null, expected: Cell[] | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual!.length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs((actual![i] as number) - (e as number))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e as number))));
}
function expectRowsClose(actual: number[][], expected: Cell[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => expectClose(row, expected[i]!));
}

checkEstimator('RobustScaler', () => new RobustScaler(), { kind: 'transformer' });
checkEstimator('RobustScaler (unitVariance)', () => new RobustScaler({ quantileRange: [10, 90], unitVariance: true }), { kind: 'transformer' });

describe('RobustScaler parity with scikit-learn 1.2', () => {
  for (const c of fixture.cases.filter((x) => x.name.startsWith('RobustScaler '))) {
    it(c.name, async () => {
      const X = matrix(fixture.data[c.fit]!);
      const scaler = await new RobustScaler(c.params).fit(X);
      expectClose(scaler.center, c.attributes.center_!);
      expectClose(scaler.scale, c.attributes.scale_!);
      const out = (await scaler.transform(X)).toArray();
      expectRowsClose(c.rows.map((i) => out[i]!), c.fitTransform);
      const source = c.test !== null ? matrix(fixture.data[c.test]!) : c.rows.map((i) => X[i]!);
      if (c.test !== null) expectRowsClose((await scaler.transform(source)).toArray(), c.transform!);
      expectRowsClose((await scaler.inverseTransform(source)).toArray(), c.inverse!);
    });
  }
});

describe('RobustScaler', () => {
  it('runs its TSDoc example', async () => {
    expect((await new RobustScaler().fitTransform([[1], [2], [3], [4], [100]])).toArray()).toEqual([[-1], [-0.5], [0], [0.5], [48.5]]);
  });

  it('rejects a bad quantileRange', () => {
    expect(() => new RobustScaler({ quantileRange: [75, 25] })).toThrow(
      'The "quantileRange" parameter of RobustScaler must be an array [qMin, qMax] of numbers with 0 <= qMin <= qMax <= 100. Got [75, 25] instead.',
    );
    expect(() => new RobustScaler({ quantileRange: [-1, 50] })).toThrow(InvalidParameterError);
    expect(() => new RobustScaler({ quantileRange: [50, 101] })).toThrow(InvalidParameterError);
  });
});
