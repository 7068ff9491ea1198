import { describe, it } from 'vitest';
import { caseTitle, expectTreeCase, loadTreeFixture } from './seeded-cases.js';

const fixture = loadTreeFixture('extra.json');

describe("extremely randomized trees and forests equal scikit-learn's, tree for tree (spec/fixtures/tree/extra.json)", () => {
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', async (_, c) => expectTreeCase(fixture, c));
});
