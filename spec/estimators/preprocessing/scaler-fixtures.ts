/**
 * The scikit-learn parity fixtures of the scalers
 * (spec/fixtures/preprocessing/generate.py), typed, the comparisons they are
 * checked with, and the parity suite the three scalers share.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DenseMatrix } from '../../../lib/core/data.js';

/** A fixture value: null stands for NaN (JSON has none). */
export type Cell = number | null;

/** One fitted scaler of the fixture: its params, data, attributes and outputs. */
export interface ScalerCase<P> {
  name: string;
  params: P;
  fit: string;
  test: string | null;
  rows: number[];
  attributes: Record<string, Cell[] | null>;
  fitTransform: Cell[][];
  transform?: Cell[][];
  inverse?: Cell[][];
}

/** What the parity suite calls on a scaler. */
export interface Scaler {
  fit(X: number[][]): Promise<this>;
  transform(X: number[][]): Promise<DenseMatrix>;
  inverseTransform(X: number[][]): Promise<DenseMatrix>;
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/preprocessing/preprocessing.json', import.meta.url), 'utf8')) as {
  data: Record<string, Cell[][]>;
  cases: ScalerCase<unknown>[];
};

const num = (v: Cell): number => (v === null ? NaN : v);
/** Fixture rows as numbers, null as NaN. */
export const matrix = (rows: Cell[][]): number[][] => rows.map((r) => r.map(num));

/** Equal within 1e-12, relative to the magnitude for values beyond 1 (a null expected cell: NaN). */
export function expectClose(actual: ArrayLike<number> | null, expected: Cell[] | null): void {
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

/** {@link expectClose} row by row. */
export function expectRowsClose(actual: number[][], expected: Cell[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => expectClose(row, expected[i]!));
}

/**
 * `<name> parity with scikit-learn 1.2`: for each fixture case of the scaler, fits
 * it, compares the fitted attributes (in the order given: scikit-learn's name ->
 * our getter), then `transform` on the training rows, on the test data when the
 * case has some, and `inverseTransform`.
 */
export function describeScalerParity<P, S extends Scaler>(
  name: string,
  create: (params: P) => S,
  attributes: Record<string, (scaler: S) => ArrayLike<number> | null>,
): void {
  describe(`${name} parity with scikit-learn 1.2`, () => {
    for (const c of fixture.cases.filter((x) => x.name.startsWith(`${name} `)) as ScalerCase<P>[]) {
      it(c.name, async () => {
        const X = matrix(fixture.data[c.fit]!);
        const scaler = await create(c.params).fit(X);
        for (const [key, get] of Object.entries(attributes)) expectClose(get(scaler), c.attributes[key]!);
        const out = (await scaler.transform(X)).toArray();
        expectRowsClose(c.rows.map((i) => out[i]!), c.fitTransform);
        const source = c.test !== null ? matrix(fixture.data[c.test]!) : c.rows.map((i) => X[i]!);
        if (c.test !== null) expectRowsClose((await scaler.transform(source)).toArray(), c.transform!);
        expectRowsClose((await scaler.inverseTransform(source)).toArray(), c.inverse!);
      });
    }
  });
}
