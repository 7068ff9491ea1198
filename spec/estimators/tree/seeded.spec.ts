import { describe, it } from 'vitest';
import { caseTitle, expectTreeCase, loadTreeFixture } from './seeded-cases.js';

describe("seeded trees and forests equal scikit-learn's, tree for tree (spec/fixtures/tree/seeded.json)", () => {
  const fixture = loadTreeFixture('seeded.json');
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', async (_, c) => expectTreeCase(fixture, c));
});
