import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { chi2, fClassif, fRegression, rRegression } from '../../../lib/estimators/feature-selection/index.js';
import { numpyIntegerArray } from '../../../lib/estimators/feature-selection/univariate-scores.js';
import { dataset, featureSelectionFixtures, maxRelativeError, withNaN } from './fixtures.js';

const fixtures = featureSelectionFixtures();
const FUNCTIONS = { fClassif, chi2, fRegression };

describe('univariate scores: parity with scikit-learn 1.2', () => {
  for (const c of fixtures.scores) {
    it(`${c.function} on ${c.dataset} ${JSON.stringify(c.options)}: same scores (1e-10) and p-values (1e-9)`, async () => {
      const { X, y } = await dataset(c.dataset);
      const { result, warnings } = await captureWarnings(() =>
        c.function === 'fRegression' ? fRegression(X, y, c.options) : FUNCTIONS[c.function](X, y),
      );
      expect(maxRelativeError(result.scores, withNaN(c.scores))).toBeLessThan(1e-10);
      // scipy's fdtrc is itself off by up to ~2e-11 for thousands of degrees of freedom
      expect(maxRelativeError(result.pValues!, withNaN(c.pValues))).toBeLessThan(1e-9);
      expect(warnings.map((w) => w.message)).toEqual(c.warnings);
    });
  }

  for (const c of fixtures.regressionEdges) {
    it(`fRegression and rRegression on constant, exact and zero features ${JSON.stringify(c.options)}`, () => {
      const X = [[1, 0.5, 0, 2], [1, 1.5, 0, 1], [1, 2.5, 0, 4], [1, 3.5, 0, 3], [1, 4.5, 0, 0]];
      const y = [0.5, 1.5, 2.5, 3.5, 4.5];
      const { scores, pValues } = fRegression(X, y, c.options);
      // r of the exact feature is 1 − 1e-16 on scikit-learn's side: F ~ 1e16 depends on the last bit
      const finite = (v: readonly number[]) => v.map((x, j) => (j === 1 && c.options.center !== false ? 0 : x));
      expect(maxRelativeError(finite(scores), finite(withNaN(c.scores)))).toBeLessThan(1e-12);
      expect(maxRelativeError(finite(pValues!), finite(withNaN(c.pValues)))).toBeLessThan(1e-12);
      expect(maxRelativeError(rRegression(X, y, c.options), withNaN(c.r))).toBeLessThan(1e-12);
    });
  }
});

describe('univariate scores', () => {
  it('fClassif runs the documented example', () => {
    expect(fClassif([[1, 5], [2, 5], [8, 4], [9, 6]], [0, 0, 1, 1]).scores[0]).toBeCloseTo(98, 10);
  });

  it('chi2 refuses negative values', () => {
    expect(() => chi2([[1, -1], [0, 2]], [0, 1])).toThrow(
      'The "X" argument of chi2 must be a matrix of non-negative values. Got -1 at row 0, column 1 instead.',
    );
  });

  it('fRegression refuses string targets and unknown options', () => {
    expect(() => fRegression([[1], [2]], ['a', 'b'])).toThrow(ValidationError);
    expect(() => fRegression([[1], [2]], [1, 2], { centre: true } as never)).toThrow(/Unknown option "centre"/);
  });

  it('prints constant features as numpy prints an integer array', () => {
    expect(numpyIntegerArray([0, 32, 39])).toBe('[ 0 32 39]');
    expect(numpyIntegerArray([5])).toBe('[5]');
    const long = Array.from({ length: 43 }, (_, i) => i * 7);
    expect(numpyIntegerArray(long)).toBe(
      '[  0   7  14  21  28  35  42  49  56  63  70  77  84  91  98 105 112 119\n 126 133 140 147 154 161 168 175 182 189 196 203 210 217 224 231 238 245\n 252 259 266 273 280 287 294]',
    );
  });
});
