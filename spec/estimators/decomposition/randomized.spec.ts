import { describe, expect, it } from 'vitest';
import { fitRandomizedCase, loadRandomizedFixture, randomizedTitle, relativeError, scaleOf } from './randomized-cases.js';

/**
 * Measured against scikit-learn 1.2.1 on these cases: at most 2e-13 (components, with
 * their signs; values relative to the largest). The bar leaves room for other
 * machines' rounding; singular values whose gaps are small would need more.
 */
const TOLERANCE = 1e-10;
const fixture = loadRandomizedFixture('randomized.json');

describe("the randomized solvers give scikit-learn's components for the same seed (spec/fixtures/decomposition/randomized.json)", () => {
  it.each(fixture.cases.map((c) => [randomizedTitle(c), c] as const))('%s', async (_, c) => {
    const { model, fitTransform, transform } = await fitRandomizedCase(fixture, c);
    const m = model as unknown as { components: number[][]; singularValues: number[]; explainedVariance: number[]; explainedVarianceRatio: number[]; noiseVariance?: number; fitSvdSolver?: string };
    expect(relativeError(m.components, c.components, 1)).toBeLessThan(TOLERANCE);
    expect(relativeError(m.singularValues, c.singularValues, scaleOf(c.singularValues))).toBeLessThan(TOLERANCE);
    expect(relativeError(m.explainedVariance, c.explainedVariance, scaleOf(c.explainedVariance))).toBeLessThan(TOLERANCE);
    expect(relativeError(m.explainedVarianceRatio, c.explainedVarianceRatio, 1)).toBeLessThan(TOLERANCE);
    expect(relativeError(fitTransform, c.fitTransform, scaleOf(c.fitTransform))).toBeLessThan(TOLERANCE);
    expect(relativeError(transform, c.transform, scaleOf(c.transform))).toBeLessThan(TOLERANCE);
    if (c.estimator === 'PCA') {
      expect(m.fitSvdSolver).toBe(c.fitSvdSolver);
      expect(Math.abs(m.noiseVariance! - c.noiseVariance!)).toBeLessThan(TOLERANCE * Math.max(c.noiseVariance!, c.explainedVariance[0]! * 1e-6));
    }
  });

  it('covers cases where the randomized answer is far from the exact SVD (so agreement is not by convergence)', () => {
    const far = fixture.cases.filter((c) => c.singularValues.some((s, i) => Math.abs(s - c.exactSingularValues[i]!) > 1e-6 * c.exactSingularValues[0]!));
    expect(far.length).toBeGreaterThan(3);
  });
});
