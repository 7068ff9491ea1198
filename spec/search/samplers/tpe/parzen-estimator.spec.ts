import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import type { ParzenDimension } from '../../../../lib/search/samplers/tpe/parzen-estimator.js';
import { ParzenEstimator, truncatedNormalDraw } from '../../../../lib/search/samplers/tpe/parzen-estimator.js';
import { defaultWeights, optunaGamma } from '../../../../lib/search/samplers/tpe/tpe-sampler.js';

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
interface Multivariate {
  observations: Record<'x' | 'n' | 'c', number[]>;
  sigmas: Record<'x' | 'n', number[]>;
  mus: Record<'x' | 'n', number[]>;
  low: Record<'x' | 'n', number>;
  high: Record<'x' | 'n', number>;
  categorical: number[][];
  weights: number[];
  x: Record<'x' | 'n' | 'c', number[]>;
  logPdf: number[];
}
const ref = JSON.parse(readFileSync(new URL('../../../fixtures/tpe/parzen_reference.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  categorical: { observations: number[]; size: number; probs: number[] };
  gamma: Record<string, number>;
  weights30: number[];
  multivariate: Multivariate;
};

describe('ParzenEstimator, one parameter (univariate TPE)', () => {
  for (const c of ref.cases) {
    it(`matches Optuna's kernels and scipy's log density (${c.name})`, () => {
      const log = c.name === 'log';
      const obs = Float64Array.from(c.observations, (v) => (log ? Math.log(v) : v));
      const dim: ParzenDimension = { kind: 'numeric', low: c.low, high: c.high, step: c.step ?? undefined };
      const pe = new ParzenEstimator([obs], defaultWeights(obs.length), [dim]);
      const k = pe.kernels[0] as { mus: Float64Array; sigmas: Float64Array };
      c.mus.forEach((m, i) => expect(k.mus[i]).toBeCloseTo(m, 12));
      c.sigmas.forEach((s, i) => expect(k.sigmas[i]).toBeCloseTo(s, 12));
      c.weights.forEach((w, i) => expect(pe.weights[i]).toBeCloseTo(w, 12));
      const lp = pe.logPdf([Float64Array.from(c.x, (x) => (log ? Math.log(x) : x))]);
      c.logPdf.forEach((v, i) => expect(lp[i]).toBeCloseTo(v, 10));
    });
  }

  it('samples inside its bounds, more often near its observations', () => {
    const pe = new ParzenEstimator([Float64Array.of(0.2, 0.21, 0.22)], defaultWeights(3), [{ kind: 'numeric', low: 0, high: 1, step: undefined }]);
    const xs = pe.sample(new Rng(0), 2000)[0]!;
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    expect(xs.filter((x) => x < 0.4).length).toBeGreaterThan(1000);
  });

  it("matches Optuna's smoothed category probabilities", () => {
    const { observations, size, probs } = ref.categorical;
    const pe = new ParzenEstimator([Float64Array.from(observations)], defaultWeights(observations.length), [{ kind: 'categorical', size }]);
    const lp = pe.logPdf([Float64Array.from({ length: size }, (_, i) => i)]);
    probs.forEach((p, i) => expect(Math.exp(lp[i]!)).toBeCloseTo(p, 12));
  });
});

describe('ParzenEstimator, several parameters (multivariate TPE)', () => {
  const m = ref.multivariate;
  const dims: ParzenDimension[] = [
    { kind: 'numeric', low: m.low.x, high: m.high.x, step: undefined },
    { kind: 'numeric', low: m.low.n, high: m.high.n, step: 1 },
    { kind: 'categorical', size: 3 },
  ];
  const pe = new ParzenEstimator([Float64Array.from(m.observations.x), Float64Array.from(m.observations.n), Float64Array.from(m.observations.c)], defaultWeights(4), dims, { multivariate: true });

  it("has Optuna's Scott's-rule bandwidths, weights and category rows", () => {
    for (const [j, name] of [[0, 'x'], [1, 'n']] as const) {
      const k = pe.kernels[j] as { mus: Float64Array; sigmas: Float64Array };
      m.mus[name].forEach((v, i) => expect(k.mus[i]).toBeCloseTo(v, 12));
      m.sigmas[name].forEach((v, i) => expect(k.sigmas[i]).toBeCloseTo(v, 12));
    }
    m.weights.forEach((w, i) => expect(pe.weights[i]).toBeCloseTo(w, 12));
    const rows = pe.kernels[2] as Float64Array;
    m.categorical.flat().forEach((p, i) => expect(rows[i]).toBeCloseTo(p, 12));
  });

  it('scores points with the joint (product-kernel) density', () => {
    const lp = pe.logPdf([Float64Array.from(m.x.x), Float64Array.from(m.x.n), Float64Array.from(m.x.c)]);
    m.logPdf.forEach((v, i) => expect(lp[i]).toBeCloseTo(v, 10));
  });

  it('draws each sample’s parameters from one component', () => {
    const tight = new ParzenEstimator(
      [Float64Array.of(0.1, 0.9), Float64Array.of(0.1, 0.9)],
      [1, 1],
      [{ kind: 'numeric', low: 0, high: 1, step: undefined }, { kind: 'numeric', low: 0, high: 1, step: undefined }],
      { multivariate: true, priorWeight: 1e-9, magicClip: false, bandwidthFactor: 0.05 },
    );
    const [xs, ys] = tight.sample(new Rng(3), 400) as [Float64Array, Float64Array];
    // the components sit on the diagonal: x and y come from the same one, never one low and one high
    for (let i = 0; i < xs.length; i++) expect(Math.abs(xs[i]! - ys[i]!)).toBeLessThan(0.3);
  });
});

describe('truncatedNormalDraw', () => {
  it('stays in [a, b] and follows the inverse CDF in both tails', () => {
    expect(truncatedNormalDraw(-1, 1, 0.5)).toBeCloseTo(0, 12);
    expect(truncatedNormalDraw(8, 9, 0)).toBeCloseTo(8, 6);
    expect(truncatedNormalDraw(8, 9, 0.999)).toBeLessThanOrEqual(9);
    expect(truncatedNormalDraw(-9, -8, 1)).toBeCloseTo(-8, 6);
  });
});

describe('TPE defaults', () => {
  it("are Optuna's γ and weights", () => {
    for (const [n, g] of Object.entries(ref.gamma)) expect(optunaGamma(Number(n))).toBe(g);
    defaultWeights(30).forEach((w, i) => expect(w).toBeCloseTo(ref.weights30[i]!, 14));
  });
});
