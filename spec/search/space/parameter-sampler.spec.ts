import { describe, expect, it } from 'vitest';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import { logUniform, randInt } from '../../../lib/search/space/distributions.js';
import { ParameterGrid } from '../../../lib/search/space/parameter-grid.js';
import { ParameterSampler } from '../../../lib/search/space/parameter-sampler.js';

describe('ParameterSampler', () => {
  it('samples from lists without replacement', () => {
    const s = new ParameterSampler({ a: [1, 2, 3], b: ['x', 'y'] }, 6, { randomState: 0 });
    const c = s.candidates();
    expect(c).toHaveLength(6);
    expect(new Set(c.map((p) => JSON.stringify(p))).size).toBe(6);
    const all = [...new ParameterGrid({ a: [1, 2, 3], b: ['x', 'y'] })].map((p) => JSON.stringify(p)).sort();
    expect(c.map((p) => JSON.stringify(p)).sort()).toEqual(all);
  });
  it('warns and caps nIter at the grid size like scikit-learn', () => {
    const { result, warnings } = captureWarningsSync(() => new ParameterSampler({ a: [1, 2] }, 5, { randomState: 0 }).candidates());
    expect(result).toHaveLength(2);
    expect(warnings).toEqual([
      {
        category: 'UserWarning',
        message: 'The total space of parameters 2 is smaller than nIter=5. Running 2 iterations. For exhaustive searches, use GridSearchCV.',
      },
    ]);
  });
  it('samples distributions with replacement, keys in sorted order', () => {
    const c = new ParameterSampler({ z: logUniform(1, 10), a: [true, false] }, 20, { randomState: 3 }).candidates();
    expect(c).toHaveLength(20);
    for (const p of c) {
      expect(Object.keys(p)).toEqual(['a', 'z']);
      expect(p.z as number).toBeGreaterThanOrEqual(1);
    }
  });
  it('gives the same candidates for the same randomState and others for another', () => {
    const make = (seed: number) => new ParameterSampler({ k: randInt(1, 100), alpha: logUniform(1e-3, 1) }, 10, { randomState: seed }).candidates();
    expect(make(1)).toEqual(make(1));
    expect(make(1)).not.toEqual(make(2));
  });
  it('picks among a list of records', () => {
    const c = new ParameterSampler([{ a: randInt(0, 5) }, { b: randInt(0, 5) }], 50, { randomState: 0 }).candidates();
    expect(c.some((p) => 'a' in p)).toBe(true);
    expect(c.some((p) => 'b' in p)).toBe(true);
  });
  it('rejects nIter < 1 and values that are neither arrays nor distributions', () => {
    expect(() => new ParameterSampler({ a: [1] }, 0)).toThrow('The "nIter" option of ParameterSampler must be an int in the range [1, inf). Got 0 instead.');
    expect(() => new ParameterSampler({ a: 3 } as never, 2)).toThrow(
      'The values for parameter "a" of ParameterSampler must be an array or a distribution (an object with a sample(rng) method). Got 3 instead.',
    );
    expect(() => new ParameterSampler({ a: [] }, 2)).toThrow('must be a non-empty array. Got [] instead.');
    expect(() => new ParameterSampler({ a: [1] }, 2, { randomState: -3 })).toThrow('The "randomState" option of ParameterSampler');
  });
});
