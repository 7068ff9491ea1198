import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError } from '../../../lib/core/errors.js';
import { StandardScaler } from '../../../lib/estimators/preprocessing/standard-scaler.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

type Cell = number | null;
interface Case {
  name: string;
  params: { withMean: boolean; withStd: boolean };
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
const num = (v: Cell): number => (v === null ? NaN : v);
const matrix = (rows: Cell[][]): number[][] => rows.map((r) => r.map(num));

/** Equal within 1e-12, relative to the magnitude for values beyond 1. */
function expectClose(actual: ArrayLike<number> | null, expected: Cell[] | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(actual!.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual![i] as number;
    if (e === null) expect(a).toBeNaN();
    else expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));
  });
}
function expectRowsClose(actual: number[][], expected: Cell[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => expectClose(row, expected[i]!));
}

checkEstimator('StandardScaler', () => new StandardScaler(), { kind: 'transformer' });
checkEstimator('StandardScaler (withMean false)', () => new StandardScaler({ withMean: false }), { kind: 'transformer' });

describe('StandardScaler parity with scikit-learn 1.2', () => {
  for (const c of fixture.cases.filter((x) => x.name.startsWith('StandardScaler '))) {
    it(c.name, async () => {
      const X = matrix(fixture.data[c.fit]!);
      const scaler = await new StandardScaler(c.params).fit(X);
      expectClose(scaler.mean, c.attributes.mean_!);
      expectClose(scaler.variance, c.attributes.var_!);
      expectClose(scaler.scale, c.attributes.scale_!);
      const out = (await scaler.transform(X)).toArray();
      expectRowsClose(c.rows.map((i) => out[i]!), c.fitTransform);
      const source = c.test !== null ? matrix(fixture.data[c.test]!) : c.rows.map((i) => X[i]!);
      if (c.test !== null) expectRowsClose((await scaler.transform(source)).toArray(), c.transform!);
      expectRowsClose((await scaler.inverseTransform(source)).toArray(), c.inverse!);
    });
  }
});

describe('StandardScaler', () => {
  it('runs its TSDoc example', async () => {
    const scaler = new StandardScaler();
    const Z = (await scaler.fitTransform([[0, 10], [2, 10], [4, 10]])).toArray();
    expect(Z[0]![0]).toBeCloseTo(-Math.sqrt(1.5), 15);
    expect(Z.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(Array.from(scaler.scale!)).toEqual([Math.sqrt(8 / 3), 1]);
  });

  it('uses the population standard deviation and scale 1 for constant features', async () => {
    const scaler = await new StandardScaler().fit([[1, 5], [3, 5]]);
    expect(Array.from(scaler.mean!)).toEqual([2, 5]);
    expect(Array.from(scaler.variance!)).toEqual([1, 0]);
    expect(Array.from(scaler.scale!)).toEqual([1, 1]);
    expect(scaler.nSamplesSeen).toBe(2);
  });

  it('has no statistics when both options are off (identity)', async () => {
    const scaler = await new StandardScaler({ withMean: false, withStd: false }).fit([[1, 2]]);
    expect(scaler.mean).toBeNull();
    expect(scaler.scale).toBeNull();
    expect((await scaler.transform([[3, 4]])).toArray()).toEqual([[3, 4]]);
  });

  it('round-trips through inverseTransform', async () => {
    const X = [[1, -2], [0.5, 7], [3, 3]];
    const scaler = await new StandardScaler().fit(X);
    const back = (await scaler.inverseTransform(await scaler.transform(X))).toArray();
    back.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(X[i]![j]!, 14)));
  });

  it('rejects NaN (impute first) and bad params', async () => {
    await expect(new StandardScaler().fit([[1], [NaN]])).rejects.toThrow(
      'The "X" argument of StandardScaler.fit must be a matrix of finite numbers. Got NaN at row 1, column 0 instead. Fill missing values first, e.g. with SimpleImputer.',
    );
    expect(() => new StandardScaler({ withMean: 'yes' as unknown as boolean })).toThrow(InvalidParameterError);
    expect(() => new StandardScaler().mean).toThrow(NotFittedError);
  });
});
