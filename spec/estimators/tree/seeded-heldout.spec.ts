import { describe, it } from 'vitest';
import { caseTitle, expectTreeCase, loadTreeFixture } from './seeded-cases.js';

// Held-out: make_classification data, parameters and seeds drawn at random by spec/fixtures/tree/seeded.py
describe("trees and forests predict what scikit-learn's predict on held-out data (spec/fixtures/tree/seeded_heldout.json)", () => {
  const fixture = loadTreeFixture('seeded_heldout.json');
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', async (_, c) => expectTreeCase(fixture, c));
});
