import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { SimpleImputerParams } from '../../../lib/estimators/preprocessing/simple-imputer.js';
import { SimpleImputer } from '../../../lib/estimators/preprocessing/simple-imputer.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

type Cell = number | null;
interface Case {
  name: string;
  params: Partial<SimpleImputerParams>;
  fit: string;
  test: string | null;
  rows: number[];
  attributes: { statistics_: Cell[] };
  fitTransform: Cell[][];
  transform?: Cell[][];
  warnings: string[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/preprocessing/preprocessing.json', import.meta.url), 'utf8')) as {
  data: Record<string, Cell[][]>;
  cases: Case[];
};
const matrix = (rows: Cell[][]): number[][] => rows.map((r) => r.map((v) => (v === null ? NaN : v)));

function expectRowsClose(actual: number[][], expected: Cell[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.length).toBe(expected[i]!.length);
    row.forEach((v, j) => {
      const e = expected[i]![j]!;
      expect(Math.abs(v - e)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));
    });
  });
}

// The contract feeds NaN to fit and expects a rejection: with a numeric
// missingValues marker NaN is an error, as in scikit-learn.
checkEstimator('SimpleImputer (missingValues -1)', () => new SimpleImputer({ missingValues: -1 }), { kind: 'transformer' });
checkEstimator('SimpleImputer (median, missingValues 0)', () => new SimpleImputer({ strategy: 'median', missingValues: 0 }), { kind: 'transformer' });

describe('SimpleImputer parity with scikit-learn 1.2', () => {
  for (const c of fixture.cases.filter((x) => x.name.startsWith('SimpleImputer '))) {
    it(c.name, async () => {
      const X = matrix(fixture.data[c.fit]!);
      const imputer = await new SimpleImputer(c.params).fit(X);
      const stats = Array.from(imputer.statistics);
      c.attributes.statistics_.forEach((e, j) => {
        if (e === null) expect(stats[j]).toBeNaN();
        else expect(Math.abs(stats[j]! - e)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(e)));
      });
      const { result, warnings } = await captureWarnings(() => imputer.transform(X));
      const out = result.toArray();
      expectRowsClose(c.rows.map((i) => out[i]!), c.fitTransform);
      if (c.test !== null) expectRowsClose((await captureWarnings(() => imputer.transform(matrix(fixture.data[c.test!]!)))).result.toArray(), c.transform!);
      // scikit-learn 1.2 warns about dropped features only with verbose (set in the fixture)
      const skipped = c.warnings.filter((w) => w.startsWith('Skipping features'));
      expect(warnings.map((w) => w.message)).toEqual(skipped.slice(0, 1));
    });
  }
});

describe('SimpleImputer', () => {
  it('runs its TSDoc example', async () => {
    const imputer = new SimpleImputer({ strategy: 'median' });
    expect((await imputer.fitTransform([[1, NaN], [3, 4], [NaN, 6], [7, 5]])).toArray()).toEqual([
      [1, 5],
      [3, 4],
      [3, 6],
      [7, 5],
    ]);
    expect(Array.from(imputer.statistics)).toEqual([3, 5]);
  });

  it('breaks most_frequent ties toward the smallest value', async () => {
    const imputer = await new SimpleImputer({ strategy: 'most_frequent' }).fit([[3], [1], [3], [1], [NaN], [2]]);
    expect(Array.from(imputer.statistics)).toEqual([1]);
  });

  it('drops features with no observed value, with a warning', async () => {
    const imputer = await new SimpleImputer().fit([[1, NaN, 2], [3, NaN, NaN]]);
    const { result, warnings } = await captureWarnings(() => imputer.transform([[NaN, 5, NaN]]));
    expect(result.toArray()).toEqual([[2, 2]]);
    expect(warnings).toEqual([
      {
        category: 'UserWarning',
        message: "Skipping features without any observed values: [1]. At least one non-missing value is needed for imputation with strategy='mean'.",
      },
    ]);
  });

  it('keeps empty features with keepEmptyFeatures or the constant strategy', async () => {
    const keep = await new SimpleImputer({ keepEmptyFeatures: true }).fit([[1, NaN], [3, NaN]]);
    expect((await keep.transform([[NaN, NaN]])).toArray()).toEqual([[2, 0]]);
    const constant = await new SimpleImputer({ strategy: 'constant', fillValue: -1 }).fit([[1, NaN], [3, NaN]]);
    expect((await constant.transform([[NaN, NaN]])).toArray()).toEqual([[-1, -1]]);
    const zero = await new SimpleImputer({ strategy: 'constant' }).fit([[NaN]]);
    expect((await zero.transform([[NaN], [4]])).toArray()).toEqual([[0], [4]]);
  });

  it('accepts NaN only when NaN marks missing values', async () => {
    await expect(new SimpleImputer({ missingValues: -1 }).fit([[1], [NaN]])).rejects.toBeInstanceOf(ValidationError);
    await expect(new SimpleImputer().fit([[1], [Infinity]])).rejects.toThrow(
      'The "X" argument of SimpleImputer.fit must be free of Infinity. Got Infinity at row 1, column 0 instead.',
    );
    const imputer = await new SimpleImputer({ missingValues: -1 }).fit([[1], [-1], [5]]);
    expect((await imputer.transform([[-1], [2]])).toArray()).toEqual([[3], [2]]);
  });

  it('rejects bad params', () => {
    expect(() => new SimpleImputer({ strategy: 'mode' as 'mean' })).toThrow(InvalidParameterError);
    expect(() => new SimpleImputer({ strategy: 'mode' as 'mean' })).toThrow(
      'The "strategy" parameter of SimpleImputer must be one of "mean", "median", "most_frequent", "constant". Got "mode" instead.',
    );
    expect(() => new SimpleImputer({ missingValues: Infinity })).toThrow(
      'The "missingValues" parameter of SimpleImputer must be NaN or a finite number. Got Infinity instead.',
    );
    expect(() => new SimpleImputer({ fillValue: NaN })).toThrow(InvalidParameterError);
  });
});
