import { describe, expect, it } from 'vitest';
import { Optimizer } from '../../../../lib/search/samplers/gp/optimizer.js';
import { Categorical, Integer, Real } from '../../../../lib/search/space/dimensions.js';
import { logUniform } from '../../../../lib/search/space/distributions.js';

const quad = (x: readonly unknown[]): number => ((x[0] as number) - 0.3) ** 2 + ((x[1] as number) + 0.2) ** 2;
const box = () => [new Real(-1, 1), new Real(-1, 1)];

describe('Optimizer', () => {
  it('asks the initial design first, then model-based points that approach the minimum', () => {
    const opt = new Optimizer(box(), { nInitialPoints: 5, randomState: 0 });
    for (let i = 0; i < 20; i++) {
      const x = opt.ask();
      opt.tell(x, quad(x));
    }
    expect(opt.result.fun).toBeLessThan(1e-3);
    expect(opt.model).toBeDefined();
    expect(opt.result.funcVals).toHaveLength(20);
    expect(opt.result.xIters).toHaveLength(20);
  });

  it('gives the same points for the same seed and others for another seed', () => {
    const run = (seed: number) => {
      const opt = new Optimizer(box(), { nInitialPoints: 3, randomState: seed });
      for (let i = 0; i < 6; i++) {
        const x = opt.ask();
        opt.tell(x, quad(x));
      }
      return opt.result.xIters;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it.each(['random', 'sobol', 'lhs'] as const)('builds a %s initial design inside the space', (gen) => {
    const opt = new Optimizer(box(), { nInitialPoints: 8, initialPointGenerator: gen, randomState: 1 });
    const xs = opt.ask(8) as number[][];
    expect(new Set(xs.map((x) => x.join())).size).toBe(8);
    for (const x of xs) for (const v of x) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    if (gen !== 'random') for (let j = 0; j < 2; j++) expect(new Set(xs.map((x) => Math.floor(((x[j]! + 1) / 2) * 8))).size).toBe(8);
  });

  it('proposes distinct points in a batch (constant liar) and for successive asks without tells', () => {
    const opt = new Optimizer(box(), { nInitialPoints: 4, randomState: 2 });
    for (const x of opt.ask(4)) opt.tell(x, quad(x));
    const batch = opt.ask(4) as number[][];
    expect(new Set(batch.map((x) => x.join())).size).toBe(4);
    expect(opt.nPending).toBe(4);
    const again = opt.ask() as number[];
    expect(batch.map((x) => x.join())).not.toContain(again.join());
  });

  it('spreads a batch out: its points keep minPendingDistance from each other (the constant liar alone does not)', () => {
    const branin = (x: number[]) => (x[1]! - (5.1 / (4 * Math.PI ** 2)) * x[0]! ** 2 + (5 / Math.PI) * x[0]! - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x[0]!) + 10;
    const dims = [new Real(-5, 10), new Real(0, 15)];
    const closest = (minPendingDistance: number): number => {
      let d = Infinity;
      for (let seed = 0; seed < 3; seed++) {
        const opt = new Optimizer(dims, { randomState: seed, minPendingDistance });
        for (let i = 0; i < 10; i++) {
          const x = opt.ask() as number[];
          opt.tell(x, branin(x));
        }
        for (let b = 0; b < 3; b++) {
          const xs = opt.ask(5) as number[][];
          const us = xs.map((x) => [(x[0]! + 5) / 15, x[1]! / 15]);
          for (let i = 0; i < us.length; i++) for (let j = i + 1; j < us.length; j++) d = Math.min(d, Math.hypot(us[i]![0]! - us[j]![0]!, us[i]![1]! - us[j]![1]!));
          opt.tell(xs, xs.map(branin));
        }
      }
      return d;
    };
    expect(closest(0)).toBeLessThan(0.08);
    expect(closest(0.08)).toBeGreaterThanOrEqual(0.08);
  });

  it('never proposes an invalid integer or category', () => {
    const opt = new Optimizer([new Integer(0, 6), new Categorical(['a', 'b', 'c']), new Real(1e-3, 1, { prior: 'log-uniform' })], { nInitialPoints: 4, randomState: 3 });
    for (let i = 0; i < 18; i++) {
      const x = opt.ask();
      expect(Number.isInteger(x[0]) && (x[0] as number) >= 0 && (x[0] as number) <= 6).toBe(true);
      expect(['a', 'b', 'c']).toContain(x[1]);
      expect(x[2] as number).toBeGreaterThanOrEqual(1e-3);
      opt.tell(x, ((x[0] as number) - 4) ** 2 + (x[1] === 'c' ? 0 : 3) + Math.log(x[2] as number) ** 2);
    }
    expect(opt.result.x).toEqual([4, 'c', expect.any(Number)]);
  });

  it('records failures as failures and keeps proposing valid points when every evaluation fails', () => {
    const opt = new Optimizer(box(), { nInitialPoints: 3, randomState: 4 });
    for (let i = 0; i < 8; i++) {
      const x = opt.ask() as number[];
      expect(x.every(Number.isFinite)).toBe(true);
      opt.tell(x, i % 2 === 0 ? NaN : null);
    }
    expect(opt.result.x).toBeUndefined();
    expect(Number.isNaN(opt.result.fun)).toBe(true);
    expect(opt.result.funcVals.every(Number.isNaN)).toBe(true);
  });

  it('steers away from failed points and never reports one as the best', () => {
    const opt = new Optimizer(box(), { nInitialPoints: 4, randomState: 5 });
    for (let i = 0; i < 14; i++) {
      const x = opt.ask() as number[];
      opt.tell(x, x[0]! > 0.5 ? undefined : quad(x));
    }
    expect((opt.result.x as number[])[0]).toBeLessThanOrEqual(0.5);
  });

  it('handles an objective that always returns the same value', () => {
    const opt = new Optimizer(box(), { nInitialPoints: 3, randomState: 6 });
    for (let i = 0; i < 10; i++) {
      const x = opt.ask() as number[];
      expect(x.every(Number.isFinite)).toBe(true);
      opt.tell(x, 1);
    }
    expect(new Set(opt.result.xIters.map((x) => x.join())).size).toBe(10);
  });

  it('works with named spaces and gp_hedge', () => {
    const opt = new Optimizer({ alpha: logUniform(1e-4, 1), kind: ['x', 'y'] }, { acqFunc: 'gp_hedge', nInitialPoints: 3, randomState: 7 });
    for (let i = 0; i < 8; i++) {
      const p = opt.ask();
      opt.tell(p, Math.abs(Math.log10(p.alpha as number) + 2) + (p.kind === 'x' ? 0 : 1));
    }
    expect(Object.keys(opt.result.x!).sort()).toEqual(['alpha', 'kind']);
  });

  it('copes with more dimensions than the Sobol table covers (random candidates)', () => {
    const opt = new Optimizer(Array.from({ length: 70 }, () => new Real(0, 1)), { nInitialPoints: 3, randomState: 8 });
    for (let i = 0; i < 5; i++) {
      const x = opt.ask() as number[];
      expect(x).toHaveLength(70);
      opt.tell(x, x.reduce((a, v) => a + (v - 0.5) ** 2, 0));
    }
  });

  it('warns once when a finite space is exhausted and repeats points', async () => {
    const { captureWarnings } = await import('../../../../lib/core/warnings.js');
    const { warnings } = await captureWarnings(async () => {
      const opt = new Optimizer([new Categorical(['a', 'b']), new Integer(0, 1)], { nInitialPoints: 2, randomState: 0 });
      for (let i = 0; i < 7; i++) {
        const x = opt.ask();
        opt.tell(x, (x[0] === 'a' ? 0 : 1) + (x[1] as number));
      }
      expect(new Set(opt.result.xIters.map((x) => x.join())).size).toBe(4);
    });
    expect(warnings.filter((w) => w.message.includes('the space is finite and exhausted'))).toHaveLength(1);
  });

  it('rejects points outside the space and bad options', () => {
    const opt = new Optimizer(box(), { randomState: 0 });
    expect(() => opt.tell([2, 0], 1)).toThrow('Optimizer.tell: the point [2, 0] is outside the space Space(x0: Real(-1, 1), x1: Real(-1, 1)).');
    expect(() => opt.tell([0], 1)).toThrow('Optimizer: a point must be an array of 2 values. Got [0] instead.');
    expect(() => new Optimizer(box(), { acqFunc: 'UCB' as never })).toThrow('The "acqFunc" option of Optimizer must be one of "EI", "PI", "LCB", "gp_hedge". Got "UCB" instead.');
  });
});
