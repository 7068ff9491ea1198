import { describe, it } from 'vitest';
import { caseTitle, expectTreeCase, loadTreeFixture } from './seeded-cases.js';

// Held-out: data, parameters and seeds drawn at random by spec/fixtures/tree/extra.py
describe("extra trees and their forests predict what scikit-learn's predict on held-out data (spec/fixtures/tree/extra_heldout.json)", () => {
  const fixture = loadTreeFixture('extra_heldout.json');
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', async (_, c) => expectTreeCase(fixture, c));
});
