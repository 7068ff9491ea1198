import { describe, it } from 'vitest';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import type { SamplerCase } from './sampler-cases.js';
import { caseTitle, expectSamplerCase, loadSpaceFixture } from './sampler-cases.js';

// Held-out: records, distributions, nIter and seeds drawn at random by spec/fixtures/space/generate.py
const fixture = loadSpaceFixture<{ cases: SamplerCase[] }>('sampler_heldout.json');

describe("ParameterSampler equals scikit-learn's on held-out cases (spec/fixtures/space/sampler_heldout.json)", () => {
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', (_, c) => {
    captureWarningsSync(() => expectSamplerCase(c));
  });
});
