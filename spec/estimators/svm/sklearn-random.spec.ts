import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random-state.js';
import { boundedRandInt, libsvmSeedFromRandomState, Mt19937 } from '../../../lib/estimators/svm/sklearn-random.js';
import { svmFixtures } from './fixtures.js';

const seeds = svmFixtures().numpySeeds;
const shared = JSON.parse(readFileSync(new URL('../../fixtures/svm/random_state.json', import.meta.url), 'utf8')) as {
  cases: { randomState: number; probability: boolean; fits: number; seeds: number[]; next: number[] }[];
};

describe('Mt19937', () => {
  for (const [seed, outputs] of Object.entries(seeds.mt19937)) {
    it(`gives numpy's (and std::mt19937's) outputs for seed ${seed}`, () => {
      const mt = new Mt19937(Number(seed));
      expect(outputs.map(() => mt.nextUint32())).toEqual(outputs);
    });
  }

  it('restarts its stream when reseeded', () => {
    const mt = new Mt19937(42);
    const first = [mt.nextUint32(), mt.nextUint32()];
    for (let i = 0; i < 1000; i++) mt.nextUint32();
    mt.seed(42);
    expect([mt.nextUint32(), mt.nextUint32()]).toEqual(first);
  });
});

describe('libsvmSeedFromRandomState', () => {
  for (const [randomState, seed] of Object.entries(seeds.libsvmSeed)) {
    it(`is numpy's RandomState(${randomState}).randint(2**31 - 1)`, () => {
      expect(libsvmSeedFromRandomState(Number(randomState))).toBe(seed);
    });
  }

  for (const c of shared.cases) {
    it(`draws one seed per fit from a shared RandomState(${c.randomState}), as SVC.fit(probability=${c.probability}) does ${c.fits} times`, () => {
      const rng = new RandomState(c.randomState);
      expect(c.seeds.map(() => libsvmSeedFromRandomState(rng))).toEqual(c.seeds);
      expect(rng.randint(0, 1000, 3)).toEqual(c.next);
    });
  }

  it('draws from a fresh generator for null', () => {
    const seed = libsvmSeedFromRandomState(null);
    expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31 - 1).toBe(true);
  });
});

describe('boundedRandInt', () => {
  it('draws in [0, range)', () => {
    const mt = new Mt19937(1);
    for (const range of [1, 2, 3, 7, 100, 2 ** 31 - 1]) {
      for (let i = 0; i < 200; i++) {
        const v = boundedRandInt(mt, range);
        expect(Number.isInteger(v) && v >= 0 && v < range).toBe(true);
      }
    }
  });

  it('is the high word of x · range (Lemire) when no rejection happens', () => {
    const a = new Mt19937(5);
    const b = new Mt19937(5);
    const x = b.nextUint32();
    expect(boundedRandInt(a, 10)).toBe(Math.floor((x * 10) / 2 ** 32));
  });
});
