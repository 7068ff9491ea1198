import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../../lib/core/random-state.js';
import { RAND_R_MAX, RandR } from '../../../lib/estimators/tree/rand-r.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/random-state/draws.json', import.meta.url), 'utf8')) as {
  sklearn: { ourRandR: [number, number][] };
};

describe('RandR (scikit-learn’s our_rand_r)', () => {
  it.each(fixture.sklearn.ourRandR.slice(0, 12))('one step from seed %i gives %i, as scikit-learn', (seed, out) => {
    expect(new RandR(seed).next()).toBe(out);
  });

  it('agrees with scikit-learn on 200 more seeds', () => {
    for (const [seed, out] of fixture.sklearn.ourRandR) expect(new RandR(seed).next()).toBe(out);
  });

  it('draws rand_int(low, high) as low + our_rand_r() % (high - low)', () => {
    const a = new RandR(7);
    const b = new RandR(7);
    for (let i = 0; i < 100; i++) expect(a.randInt(3, 10)).toBe(3 + (b.next() % 7));
  });

  it('is seeded from a RandomState as the splitter seeds it: randint(0, RAND_R_MAX)', () => {
    const seed = new RandomState(5).randint(0, RAND_R_MAX);
    expect(RandR.fromRandomState(new RandomState(5)).next()).toBe(new RandR(seed).next());
  });
});
