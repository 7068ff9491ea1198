import { describe, expect, it } from 'vitest';
import { FatalError } from '../../../../lib/core/errors.js';
import { gpMinimize, minimize } from '../../../../lib/search/samplers/gp/minimize.js';
import { Real } from '../../../../lib/search/space/dimensions.js';

const f = ([x]: unknown[]): number => Math.sin(3 * (x as number)) + 0.5 * (x as number) ** 2;

describe('gpMinimize', () => {
  it('minimizes a 1-D function within nCalls evaluations', async () => {
    const res = await gpMinimize(f, [new Real(-2, 2)], { nCalls: 15, nInitialPoints: 4, randomState: 0 });
    expect(res.funcVals).toHaveLength(15);
    expect(res.fun).toBeLessThan(-0.6); // the global minimum is about -0.644 near x = -0.46
    expect(minimize).toBe(gpMinimize);
  });

  it('stops when a callback says so', async () => {
    const res = await gpMinimize(f, [new Real(-2, 2)], { nCalls: 20, randomState: 0, callback: (r) => r.funcVals.length >= 5 });
    expect(res.funcVals).toHaveLength(5);
  });

  it('records a throwing evaluation as a failure and goes on', async () => {
    let i = 0;
    const res = await gpMinimize(
      (x) => {
        if (++i % 4 === 0) throw new Error('diverged');
        return f(x);
      },
      [new Real(-2, 2)],
      { nCalls: 12, nInitialPoints: 3, randomState: 1 },
    );
    expect(res.funcVals.filter(Number.isNaN)).toHaveLength(3);
    expect(Number.isFinite(res.fun)).toBe(true);
  });

  it('lets fatal errors escape', async () => {
    await expect(gpMinimize(() => Promise.reject(new FatalError('stop')), [new Real(0, 1)], { nCalls: 3 })).rejects.toThrow('stop');
  });

  it('tells x0/y0 first and evaluates nCalls more', async () => {
    const res = await gpMinimize(f, [new Real(-2, 2)], { nCalls: 4, x0: [[0], [1]], y0: [f([0]), f([1])], randomState: 2 });
    expect(res.xIters.slice(0, 2)).toEqual([[0], [1]]);
    expect(res.funcVals).toHaveLength(6);
  });
});
