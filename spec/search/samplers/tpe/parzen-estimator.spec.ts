import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import { CategoricalParzen, NumericParzen } from '../../../../lib/search/samplers/tpe/parzen-estimator.js';
import { defaultGamma, defaultWeights } from '../../../../lib/search/samplers/tpe/tpe-sampler.js';

interface Case {
  name: string;
  observations: number[];
  low: number;
  high: number;
  step: number | null;
  mus: number[];
  sigmas: number[];
  weights: number[];
  x: number[];
  logPdf: number[];
}
const ref = JSON.parse(readFileSync(new URL('../../../fixtures/tpe/parzen_reference.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  categorical: { observations: number[]; size: number; probs: number[] };
  gamma: Record<string, number>;
  weights30: number[];
};

describe('NumericParzen', () => {
  for (const c of ref.cases) {
    it(`matches Optuna's kernels and scipy's log density (${c.name})`, () => {
      const log = c.name === 'log';
      const obs = c.observations.map((v) => (log ? Math.log(v) : v));
      const pe = new NumericParzen(obs, defaultWeights(obs.length), c.low, c.high, c.step ?? undefined);
      c.mus.forEach((m, i) => expect(pe.mus[i]).toBeCloseTo(m, 12));
      c.sigmas.forEach((s, i) => expect(pe.sigmas[i]).toBeCloseTo(s, 12));
      c.weights.forEach((w, i) => expect(Math.exp(pe.logWeights[i]!)).toBeCloseTo(w, 12));
      c.x.forEach((x, i) => expect(pe.logPdf(log ? Math.log(x) : x)).toBeCloseTo(c.logPdf[i]!, 10));
    });
  }

  it('samples inside its bounds, more often near its observations', () => {
    const pe = new NumericParzen([0.2, 0.21, 0.22], defaultWeights(3), 0, 1);
    const xs = pe.sample(new Rng(0), 2000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    expect(xs.filter((x) => x < 0.4).length).toBeGreaterThan(1000);
  });
});

describe('CategoricalParzen', () => {
  it("matches Optuna's smoothed category probabilities", () => {
    const { observations, size, probs } = ref.categorical;
    const pe = new CategoricalParzen(observations, defaultWeights(observations.length), size);
    probs.forEach((p, i) => expect(Math.exp(pe.logPmf(i))).toBeCloseTo(p, 12));
  });
});

describe('TPE defaults', () => {
  it("are Optuna's γ and weights", () => {
    for (const [n, g] of Object.entries(ref.gamma)) expect(defaultGamma(Number(n))).toBe(g);
    defaultWeights(30).forEach((w, i) => expect(w).toBeCloseTo(ref.weights30[i]!, 14));
  });
});
