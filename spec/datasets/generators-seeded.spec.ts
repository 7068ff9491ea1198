import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/core/random-state.js';
import { makeClassification, makeRegression } from '../../lib/datasets/generators.js';
import { caseTitle, expectGeneratedCase, loadGeneratedCases } from './generated-cases.js';

describe("the generators equal scikit-learn's for the same seed (spec/fixtures/datasets/seeded.json)", () => {
  it.each(loadGeneratedCases('seeded.json').map((c) => [caseTitle(c), c] as const))('%s', (_, c) => expectGeneratedCase(c));
});

describe('the generators with a RandomState', () => {
  it('advance it: two calls give the data of two consecutive scikit-learn calls', () => {
    const rs = new RandomState(11);
    const a = makeRegression({ nSamples: 5, nFeatures: 2, randomState: rs });
    const b = makeRegression({ nSamples: 5, nFeatures: 2, randomState: rs });
    expect(b.X).not.toEqual(a.X);
    const replay = new RandomState(11);
    expect(makeRegression({ nSamples: 5, nFeatures: 2, randomState: replay })).toEqual(a);
    expect(makeRegression({ nSamples: 5, nFeatures: 2, randomState: replay })).toEqual(b);
  });

  it('accept a seed as well as a RandomState seeded with it', () => {
    expect(makeClassification({ nSamples: 20, randomState: new RandomState(4) })).toEqual(makeClassification({ nSamples: 20, randomState: 4 }));
  });
});
