import { describe, expect, it } from 'vitest';
import { LiblinearRandom } from '../../../lib/estimators/svm-linear/liblinear-random.js';
import { liblinearSeed } from '../../../lib/estimators/svm-linear/fit-liblinear.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { liblinearFixtures } from './liblinear-fixtures.js';

describe("liblinear's random numbers (scikit-learn's newrand.h)", () => {
  for (const c of liblinearFixtures().randomNumbers) {
    it(`draws scikit-learn's bounded_rand_int after set_seed(${c.seed})`, () => {
      const random = new LiblinearRandom(c.seed);
      expect(c.ranges.map((r) => random.boundedRandInt(r))).toEqual(c.draws);
    });
  }

  it("matches scikit-learn's own test values (test_newrand_set_seed)", () => {
    expect(new LiblinearRandom(0).boundedRandInt(100)).toBe(54);
    expect(new LiblinearRandom(4294967295).boundedRandInt(100)).toBe(9);
    expect(new LiblinearRandom(5489).boundedRandInt(100)).toBe(81);
  });

  it('seeds liblinear with RandomState(seed).randint(2^31 - 1), advancing a RandomState object', () => {
    expect(liblinearSeed(0)).toBe(new RandomState(0).randint(0, 2147483647));
    const shared = new RandomState(7);
    const first = liblinearSeed(shared);
    expect(liblinearSeed(shared)).not.toBe(first);
  });

  it('hands its state to a kernel and takes it back', () => {
    const a = new LiblinearRandom(11);
    const b = new LiblinearRandom(11);
    a.boundedRandInt(10);
    b.setState(a.state());
    expect(b.boundedRandInt(1000)).toBe(a.boundedRandInt(1000));
  });
});
