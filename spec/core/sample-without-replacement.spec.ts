import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/core/random-state.js';
import { sampleWithoutReplacement } from '../../lib/core/sample-without-replacement.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/random-state/draws.json', import.meta.url), 'utf8')) as {
  sklearn: { sampleWithoutReplacement: { nPopulation: number; nSamples: number; seed: number; out: number[] }[] };
};

describe("sampleWithoutReplacement equals scikit-learn's sample_without_replacement", () => {
  it.each(fixture.sklearn.sampleWithoutReplacement.map((c) => [c.nPopulation, c.nSamples, c.seed, c] as const))(
    '%i choose %i, seed %i',
    (_, __, ___, c) => {
      expect(sampleWithoutReplacement(c.nPopulation, c.nSamples, new RandomState(c.seed))).toEqual(c.out);
    },
  );

  it('rejects more samples than the population', () => {
    expect(() => sampleWithoutReplacement(3, 4, new RandomState(0))).toThrow(
      'The "nSamples" argument of sampleWithoutReplacement must be an int in the range [0, 3] (nPopulation). Got 4 instead.',
    );
  });
});
