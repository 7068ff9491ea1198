import { describe, it } from 'vitest';
import { caseTitle, expectSeededCase, loadSeededCases } from './seeded-cases.js';

describe("seeded splitters equal scikit-learn's index for index (spec/fixtures/splits/seeded.json)", () => {
  const cases = loadSeededCases('seeded.json');
  it.each(cases.map((c) => [caseTitle(c), c] as const))('%s', (_, c) => expectSeededCase(c));
});
