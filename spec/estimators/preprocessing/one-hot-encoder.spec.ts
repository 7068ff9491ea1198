import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { OneHotEncoderParams } from '../../../lib/estimators/preprocessing/one-hot-encoder.js';
import { OneHotEncoder } from '../../../lib/estimators/preprocessing/one-hot-encoder.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

type Cell = number | null;
interface Case {
  name: string;
  params: Partial<OneHotEncoderParams>;
  fit: string;
  test: string | null;
  attributes: { categories_: number[][]; drop_idx_?: (number | null)[] | null };
  fitTransform: number[][];
  transform?: number[][];
  featureNamesOut: string[];
  warnings: string[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/preprocessing/preprocessing.json', import.meta.url), 'utf8')) as {
  data: Record<string, number[][]>;
  cases: Case[];
  oneHotInverse: { params: Partial<OneHotEncoderParams>; encoded: number[][]; decoded: Cell[][] }[];
};

// integer-coded categories, as a classifier's data would not be: 3 values per column
const categorical = Array.from({ length: 30 }, (_, i) => [i % 3, (i * 7) % 4, i % 2]);
checkEstimator('OneHotEncoder', () => new OneHotEncoder(), { kind: 'transformer', data: { X: categorical } });
checkEstimator('OneHotEncoder (ignore, drop first)', () => new OneHotEncoder({ handleUnknown: 'ignore', drop: 'first' }), {
  kind: 'transformer',
  data: { X: categorical },
});

describe('OneHotEncoder parity with scikit-learn 1.2', () => {
  for (const c of fixture.cases.filter((x) => x.name.startsWith('OneHotEncoder '))) {
    it(c.name, async () => {
      const encoder = await new OneHotEncoder(c.params).fit(fixture.data[c.fit]!);
      expect(encoder.categories.map((x) => Array.from(x))).toEqual(c.attributes.categories_);
      if (c.attributes.drop_idx_ !== undefined) expect(encoder.dropIdx).toEqual(c.attributes.drop_idx_);
      expect((await encoder.transform(fixture.data[c.fit]!)).toArray()).toEqual(c.fitTransform);
      expect(encoder.getFeatureNamesOut()).toEqual(c.featureNamesOut);
      if (c.test !== null) {
        const { result, warnings } = await captureWarnings(() => encoder.transform(fixture.data[c.test!]!));
        expect(result.toArray()).toEqual(c.transform);
        expect(warnings.map((w) => w.message)).toEqual(c.warnings);
      }
    });
  }

  for (const c of fixture.oneHotInverse) {
    it(`inverseTransform ${JSON.stringify(c.params)}`, async () => {
      const encoder = await new OneHotEncoder(c.params).fit(fixture.data.categories!);
      const decoded = (await encoder.inverseTransform(c.encoded)).toArray();
      expect(decoded).toEqual(c.decoded.map((r) => r.map((v) => (v === null ? NaN : v))));
    });
  }
});

describe('OneHotEncoder', () => {
  it('runs its TSDoc example', async () => {
    const encoder = new OneHotEncoder({ handleUnknown: 'ignore' });
    await encoder.fit([[0, 1], [1, 1], [2, 0]]);
    expect((await encoder.transform([[2, 0], [9, 1]])).toArray()).toEqual([
      [0, 0, 1, 1, 0],
      [0, 0, 0, 0, 1],
    ]);
    expect(encoder.getFeatureNamesOut()).toEqual(['x0_0.0', 'x0_1.0', 'x0_2.0', 'x1_0.0', 'x1_1.0']);
    expect(encoder.getFeatureNamesOut(['a', 'b'])[3]).toBe('b_0.0');
  });

  it("rejects an unknown category at transform with scikit-learn's message", async () => {
    const encoder = await new OneHotEncoder().fit([[0], [1], [2]]);
    await expect(encoder.transform([[1], [5], [7.5], [5]])).rejects.toBeInstanceOf(ValidationError);
    await expect(encoder.transform([[1], [5], [7.5], [5]])).rejects.toThrow('Found unknown categories [5.0, 7.5] in column 0 during transform');
  });

  it('rejects values outside given categories at fit', async () => {
    await expect(new OneHotEncoder({ categories: [[0, 1]] }).fit([[0], [2]])).rejects.toThrow(
      'Found unknown categories [2.0] in column 0 during fit',
    );
    await expect(new OneHotEncoder({ categories: [[0, 1]] }).fit([[0, 1]])).rejects.toThrow(
      'The "X" argument of OneHotEncoder.fit must be a matrix with one column per entry of "categories" (1). Got 2 columns instead.',
    );
  });

  it('rejects an all-zero block it cannot invert', async () => {
    const encoder = await new OneHotEncoder().fit([[0], [1]]);
    await expect(encoder.inverseTransform([[1, 0], [0, 0]])).rejects.toThrow(
      "Samples [1] can not be inverted when drop=null and handleUnknown='error' because they contain all zeros",
    );
  });

  it('rejects bad params', () => {
    expect(() => new OneHotEncoder({ handleUnknown: 'infrequent_if_exist' as 'ignore' })).toThrow(
      'The "handleUnknown" parameter of OneHotEncoder must be one of "error", "ignore". Got "infrequent_if_exist" instead.',
    );
    expect(() => new OneHotEncoder({ drop: 'last' as 'first' })).toThrow(InvalidParameterError);
    expect(() => new OneHotEncoder({ categories: [[2, 1]] })).toThrow(
      'The "categories" parameter of OneHotEncoder must be "auto" or an array with one sorted array of distinct finite numbers per feature. Got [[2, 1]] instead.',
    );
  });
});
