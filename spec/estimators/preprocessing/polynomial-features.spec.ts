import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import type { PolynomialFeaturesParams } from '../../../lib/estimators/preprocessing/polynomial-features.js';
import { PolynomialFeatures } from '../../../lib/estimators/preprocessing/polynomial-features.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';

interface Case {
  name: string;
  params: PolynomialFeaturesParams;
  fit: string;
  rows: number[];
  attributes: { powers_: number[][]; n_output_features_: number };
  fitTransform: number[][];
  featureNamesOut: string[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/preprocessing/preprocessing.json', import.meta.url), 'utf8')) as {
  data: Record<string, number[][]>;
  cases: Case[];
};

checkEstimator('PolynomialFeatures', () => new PolynomialFeatures(), { kind: 'transformer' });
checkEstimator('PolynomialFeatures (degree [2, 3], interactions)', () => new PolynomialFeatures({ degree: [2, 3], interactionOnly: true }), {
  kind: 'transformer',
});

describe('PolynomialFeatures parity with scikit-learn 1.2', () => {
  for (const c of fixture.cases.filter((x) => x.name.startsWith('PolynomialFeatures '))) {
    it(c.name, async () => {
      const X = fixture.data[c.fit]!;
      const poly = await new PolynomialFeatures(c.params).fit(X);
      expect(poly.powers).toEqual(c.attributes.powers_);
      expect(poly.nOutputFeatures).toBe(c.attributes.n_output_features_);
      expect(poly.getFeatureNamesOut()).toEqual(c.featureNamesOut);
      const out = (await poly.transform(X)).toArray();
      // same products in the same order: equal to the last bit
      expect(c.rows.map((i) => out[i])).toEqual(c.fitTransform);
    });
  }
});

describe('PolynomialFeatures', () => {
  it('runs its TSDoc example', async () => {
    const poly = new PolynomialFeatures({ degree: 2 });
    expect((await poly.fitTransform([[2, 3]])).toArray()).toEqual([[1, 2, 3, 4, 6, 9]]);
    expect(poly.getFeatureNamesOut()).toEqual(['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']);
    expect(poly.getFeatureNamesOut(['a', 'b'])[4]).toBe('a b');
  });

  it('rejects a negative degree and an empty output', async () => {
    expect(() => new PolynomialFeatures({ degree: -1 })).toThrow(InvalidParameterError);
    expect(() => new PolynomialFeatures({ degree: -1 })).toThrow(
      'The "degree" parameter of PolynomialFeatures must be an int in the range [0, inf) or an array [minDegree, maxDegree] of ints with 0 <= minDegree <= maxDegree. Got -1 instead.',
    );
    expect(() => new PolynomialFeatures({ degree: [3, 2] })).toThrow(InvalidParameterError);
    expect(() => new PolynomialFeatures({ degree: 1.5 })).toThrow(InvalidParameterError);
    await expect(new PolynomialFeatures({ degree: 0, includeBias: false }).fit([[1]])).rejects.toThrow(
      'The "degree" parameter of PolynomialFeatures must be at least 1 when "includeBias" is false (the output would have no columns). Got 0 instead.',
    );
  });
});
