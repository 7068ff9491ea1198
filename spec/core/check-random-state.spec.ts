import { describe, expect, it } from 'vitest';
import { checkRandomStateOption, resolveRandomState, seedFromRandomState } from '../../lib/core/check-random-state.js';
import { RandomState } from '../../lib/core/random-state.js';

describe('checkRandomStateOption and resolveRandomState (check_random_state)', () => {
  it('accepts undefined, a seed or a RandomState, and names the option otherwise', () => {
    const rs = new RandomState(0);
    expect(checkRandomStateOption('KFold', undefined)).toBeUndefined();
    expect(checkRandomStateOption('KFold', 3)).toBe(3);
    expect(checkRandomStateOption('KFold', rs)).toBe(rs);
    expect(() => checkRandomStateOption('KFold', 1.5)).toThrow(
      'The "randomState" option of KFold must be undefined, an int in the range [0, 4294967295] or a RandomState. Got 1.5 instead.',
    );
    expect(() => checkRandomStateOption('Tree', 'x', { kind: 'parameter', allowNull: true })).toThrow(
      'The "randomState" parameter of Tree must be null, an int in the range [0, 4294967295] or a RandomState. Got "x" instead.',
    );
  });

  it('gives a fresh RandomState(seed) for a seed and the same object for a RandomState', () => {
    const rs = new RandomState(0);
    expect(resolveRandomState(rs)).toBe(rs);
    expect(resolveRandomState(5).randomSample()).toBe(new RandomState(5).randomSample());
    expect(resolveRandomState(undefined)).toBeInstanceOf(RandomState);
  });

  it('gives a step of its own a seed: the seed itself, or one drawn from a RandomState, which advances', () => {
    expect(seedFromRandomState(7)).toBe(7);
    expect(seedFromRandomState(undefined)).toBeUndefined();
    const rs = new RandomState(0);
    // numpy: RandomState(0).randint(np.iinfo(np.uint32).max, dtype="u8") (HistGradientBoosting's _random_seed for random_state=0)
    expect(seedFromRandomState(rs)).toBe(2357136044);
    expect(seedFromRandomState(rs)).not.toBe(2357136044);
  });
});
