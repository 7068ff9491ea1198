import { describe, expect, it } from 'vitest';
import { fitRandomizedCase, loadRandomizedFixture, randomizedTitle, relativeError, scaleOf } from './randomized-cases.js';

// Held-out: data, parameters and seeds drawn at random by spec/fixtures/decomposition/randomized.py
describe("randomized PCA and TruncatedSVD on held-out data equal scikit-learn's (randomized_heldout.json)", () => {
  const fixture = loadRandomizedFixture('randomized_heldout.json');
  it.each(fixture.cases.map((c) => [randomizedTitle(c), c] as const))('%s', async (_, c) => {
    const { model, transform } = await fitRandomizedCase(fixture, c);
    const m = model as unknown as { components: number[][]; singularValues: number[] };
    expect(relativeError(m.components, c.components, 1)).toBeLessThan(1e-10);
    expect(relativeError(m.singularValues, c.singularValues, scaleOf(c.singularValues))).toBeLessThan(1e-10);
    expect(relativeError(transform, c.transform, scaleOf(c.transform))).toBeLessThan(1e-10);
  });
});
