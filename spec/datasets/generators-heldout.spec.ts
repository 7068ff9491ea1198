import { describe, it } from 'vitest';
import { caseTitle, expectGeneratedCase, loadGeneratedCases } from './generated-cases.js';

// Held-out: options and seeds drawn at random by spec/fixtures/datasets/seeded.py
describe("the generators equal scikit-learn's on held-out cases (spec/fixtures/datasets/seeded_heldout.json)", () => {
  it.each(loadGeneratedCases('seeded_heldout.json').map((c) => [caseTitle(c), c] as const))('%s', (_, c) => expectGeneratedCase(c));
});
