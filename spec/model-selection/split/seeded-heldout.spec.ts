import { describe, it } from 'vitest';
import { caseTitle, expectSeededCase, loadSeededCases } from './seeded-cases.js';

// Held-out: sizes, labels, groups, options and seeds drawn at random by spec/fixtures/splits/seeded.py
describe("seeded splitters equal scikit-learn's on held-out cases (spec/fixtures/splits/seeded_heldout.json)", () => {
  const cases = loadSeededCases('seeded_heldout.json');
  it.each(cases.map((c) => [caseTitle(c), c] as const))('%s', (_, c) => expectSeededCase(c));
});
