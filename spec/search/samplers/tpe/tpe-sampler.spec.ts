import { describe, expect, it } from 'vitest';
import { TPESampler } from '../../../../lib/search/samplers/tpe/tpe-sampler.js';
import { Categorical, Integer, Real } from '../../../../lib/search/space/dimensions.js';
import { Study } from '../../../../lib/search/study.js';

describe('TPESampler', () => {
  it('samples at random for nStartupTrials, then concentrates near the optimum', () => {
    const tpe = new TPESampler({ x: new Real(-10, 10) }, { randomState: 0, nStartupTrials: 10 });
    const xs: number[] = [];
    for (let i = 0; i < 60; i++) {
      const p = tpe.ask();
      xs.push(p.x as number);
      tpe.tell(p, ((p.x as number) - 3) ** 2);
    }
    const meanDistance = (v: number[]) => v.reduce((a, x) => a + Math.abs(x - 3), 0) / v.length;
    expect(meanDistance(xs.slice(40))).toBeLessThan(0.5 * meanDistance(xs.slice(0, 10)));
  });

  it('returns arrays for an array space and valid integers and categories', () => {
    const tpe = new TPESampler([new Integer(1, 9), new Categorical(['a', 'b', 'c']), new Real(1e-3, 10, { prior: 'log-uniform' })], { randomState: 1, nStartupTrials: 5 });
    for (let i = 0; i < 40; i++) {
      const x = tpe.ask();
      expect(Number.isInteger(x[0]) && (x[0] as number) >= 1 && (x[0] as number) <= 9).toBe(true);
      expect(['a', 'b', 'c']).toContain(x[1]);
      expect(x[2] as number).toBeGreaterThanOrEqual(1e-3);
      expect(x[2] as number).toBeLessThanOrEqual(10);
      tpe.tell(x, Math.abs((x[0] as number) - 7) + (x[1] === 'b' ? 0 : 2));
    }
  });

  it('searches conditional branches, learning which branch is better', async () => {
    const sampler = new TPESampler(
      [{ kernel: ['rbf'], gamma: new Real(1e-3, 1, { prior: 'log-uniform' }) }, { kernel: ['linear'], c: new Integer(1, 5) }],
      { nIter: 50, nStartupTrials: 10, randomState: 2 },
    );
    const study = new Study({ sampler, direction: 'minimize' });
    await study.optimize(async (p) => (p.kernel === 'rbf' ? Math.abs(Math.log10(p.gamma as number) + 2) : 3 + (p.c as number)));
    for (const t of study.trials) expect(Object.keys(t.params).sort()).toEqual(t.params.kernel === 'rbf' ? ['gamma', 'kernel'] : ['c', 'kernel']);
    const late = study.trials.slice(30).filter((t) => t.params.kernel === 'rbf').length;
    expect(late).toBeGreaterThan(12);
    expect(study.trials.every((t) => t.meta.branch === (t.params.kernel === 'rbf' ? 0 : 1))).toBe(true);
  });

  it('samples one parameter define-by-run from the trials that have it', async () => {
    const sampler = new TPESampler({ x: new Real(0, 1) }, { nIter: 20, nStartupTrials: 5, randomState: 3 });
    const study = new Study({ sampler, direction: 'maximize' });
    await study.optimize(async ({ x }) => x as number);
    const trial = { id: 20, state: 'running', params: {}, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0 } as const;
    const v = sampler.sampleIndependent(study.trials, 'x', new Real(0, 1), { direction: 'maximize', trial });
    expect(v as number).toBeGreaterThan(0.5);
    expect(sampler.sampleIndependent([], 'unseen', new Integer(0, 3), { direction: 'maximize', trial })).toBeLessThanOrEqual(3);
  });

  it('rejects a weights function of the wrong length', () => {
    const tpe = new TPESampler({ x: new Real(0, 1) }, { randomState: 0, nStartupTrials: 1, weights: () => [1] });
    tpe.tell({ x: 0.1 }, 1);
    tpe.tell({ x: 0.2 }, 2);
    tpe.tell({ x: 0.3 }, 3);
    expect(() => tpe.ask()).toThrow('The "weights" option of TPESampler must return 2 weights for n=2. Got [1] instead.');
  });
});
