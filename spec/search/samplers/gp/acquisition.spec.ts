import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import type { AcquisitionKind } from '../../../../lib/search/samplers/gp/acquisition.js';
import {
  GpHedge,
  acquisitionScore,
  expectedImprovement,
  logH,
  lowerConfidenceBound,
  probabilityOfImprovement,
} from '../../../../lib/search/samplers/gp/acquisition.js';

const ref = JSON.parse(readFileSync(new URL('../../../fixtures/gp/gp_reference.json', import.meta.url), 'utf8')) as {
  acquisition: { mean: number; std: number; best: number; xi: number; ei: number; pi: number; lcb: number }[];
};

describe('acquisition functions', () => {
  it('match the closed forms of EI, PI and LCB (scipy values)', () => {
    for (const c of ref.acquisition) {
      expect(expectedImprovement(c.mean, c.std, c.best, c.xi)).toBeCloseTo(c.ei, 14);
      expect(probabilityOfImprovement(c.mean, c.std, c.best, c.xi)).toBeCloseTo(c.pi, 14);
      expect(lowerConfidenceBound(c.mean, c.std, 1.96)).toBeCloseTo(c.lcb, 14);
    }
  });

  it('give EI = φ(0) σ at the incumbent and the improvement when σ = 0', () => {
    expect(expectedImprovement(0, 2, 0)).toBeCloseTo(2 / Math.sqrt(2 * Math.PI), 14);
    expect(expectedImprovement(-1, 0, 0)).toBe(1);
    expect(probabilityOfImprovement(1, 0, 0)).toBe(0);
  });

  it('keep log EI finite and ordered far below the incumbent', () => {
    const direct = (z: number) => Math.log(expectedImprovement(-z, 1, 0));
    for (const z of [-1.5, -1, 0, 1, 3]) expect(logH(z)).toBeCloseTo(direct(z), 12);
    const far = [-5, -10, -30, -100, -1000].map(logH);
    for (const v of far) expect(Number.isFinite(v)).toBe(true);
    for (let i = 1; i < far.length; i++) expect(far[i]).toBeLessThan(far[i - 1]!);
    expect(logH(-1000)).toBeCloseTo(-0.5 * 1e6 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(1000), 3);
  });

  it('give score gradients in μ and σ equal to finite differences', () => {
    const params = { best: 0.2, xi: 0.01, kappa: 2 };
    for (const kind of ['EI', 'PI', 'LCB'] as AcquisitionKind[]) {
      for (const [m, s] of [[0.5, 0.3], [-0.4, 1.2], [4, 0.5]] as const) {
        const a = acquisitionScore(kind, m, s, params);
        const h = 1e-6;
        const dm = (acquisitionScore(kind, m + h, s, params).value - acquisitionScore(kind, m - h, s, params).value) / (2 * h);
        const ds = (acquisitionScore(kind, m, s + h, params).value - acquisitionScore(kind, m, s - h, params).value) / (2 * h);
        expect(a.dMean).toBeCloseTo(dm, 5);
        expect(a.dStd).toBeCloseTo(ds, 5);
      }
    }
  });
});

describe('GpHedge', () => {
  it('starts uniform, draws every acquisition, and favours the one with the largest gain', () => {
    const hedge = new GpHedge();
    expect(Array.from(hedge.probabilities())).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const rng = new Rng(0);
    const seen = new Set(Array.from({ length: 60 }, () => hedge.choose(rng)));
    expect([...seen].sort()).toEqual(['EI', 'LCB', 'PI']);
    hedge.update([-3, 0, 1]); // EI's proposal had the lowest predicted mean
    const p = hedge.probabilities();
    expect(p[0]).toBeGreaterThan(p[1]!);
    expect(p[1]).toBeGreaterThan(p[2]!);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });
});
