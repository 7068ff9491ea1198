import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random-state.js';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import { ParameterSampler } from '../../../lib/search/space/parameter-sampler.js';
import type { DistSpec, SamplerCase } from './sampler-cases.js';
import { caseTitle, expectSameValue, expectSamplerCase, loadSpaceFixture, scaleOf, toDistribution } from './sampler-cases.js';

const fixture = loadSpaceFixture<{
  cases: SamplerCase[];
  rvs: { dist: DistSpec; seed: number; values: number[] }[];
}>('sampler.json');

describe("ParameterSampler equals scikit-learn's for the same seed (spec/fixtures/space/sampler.json)", () => {
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', (_, c) => {
    captureWarningsSync(() => expectSamplerCase(c));
  });
});

describe("the distributions draw what scipy.stats draws from a RandomState", () => {
  it.each(fixture.rvs.map((r) => [`${r.dist.dist}(${r.dist.args.join(', ')})`, r] as const))('%s: 1000 draws', (_, r) => {
    const d = toDistribution(r.dist);
    const rs = new RandomState(r.seed);
    r.values.forEach((v, i) => expectSameValue(d.sample(rs), v, `draw ${i}`, scaleOf(r.dist)));
  });
});

describe('ParameterSampler with a RandomState', () => {
  it('advances it at every candidates() call, as scikit-learn iterates', () => {
    const rs = new RandomState(5);
    const sampler = new ParameterSampler({ a: [1, 2, 3, 4, 5, 6], b: ['x', 'y'] }, 4, { randomState: rs });
    const first = sampler.candidates();
    const second = sampler.candidates();
    expect(second).not.toEqual(first);
    const again = new RandomState(5);
    const replay = new ParameterSampler({ a: [1, 2, 3, 4, 5, 6], b: ['x', 'y'] }, 4, { randomState: again });
    expect([replay.candidates(), replay.candidates()]).toEqual([first, second]);
  });
});
