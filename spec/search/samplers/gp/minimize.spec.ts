import { describe, expect, it } from 'vitest';
import { FatalError } from '../../../../lib/core/errors.js';
import { captureWarnings } from '../../../../lib/core/warnings.js';
import { DeadlineStopper, DeltaYStopper, EarlyStopper } from '../../../../lib/search/samplers/gp/callbacks.js';
import type { StopperResult } from '../../../../lib/search/samplers/gp/callbacks.js';
import { dummyMinimize, gpMinimize, minimize } from '../../../../lib/search/samplers/gp/minimize.js';
import { Integer, Real } from '../../../../lib/search/space/dimensions.js';

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
    const { result: res, warnings } = await captureWarnings(() =>
      gpMinimize(
        (x) => {
          if (++i % 4 === 0) throw new Error('diverged');
          return f(x);
        },
        [new Real(-2, 2)],
        { nCalls: 12, nInitialPoints: 3, randomState: 1 },
      ),
    );
    expect(res.funcVals.filter(Number.isNaN)).toHaveLength(3);
    expect(warnings[0]?.message).toMatch(/^gpMinimize: the evaluation at \[-?[\d.]+\] failed and is recorded as a failure: diverged$/);
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

describe('scikit-optimize conventions', () => {
  it('reads a space of lists as scikit-optimize does (the README example: f over (-2.0, 2.0))', async () => {
    const res = await gpMinimize(([x]) => Math.sin(5 * (x as number)) * (1 - Math.tanh((x as number) ** 2)), [[-2.0, 2.0]], { nCalls: 15, randomState: 0 });
    expect(String(res.space.dimensions[0])).toBe('Real(-2, 2)');
    expect(res.xIters.some(([x]) => !Number.isInteger(x))).toBe(true);
    const mixed = await gpMinimize(([n, c, lr]) => (n as number) + (c === 'a' ? 0 : 1) + Math.abs(Math.log10(lr as number) + 2), [[1n, 4n], ['a', 'b', 'c'], [1e-4, 1, 'log-uniform']], { nCalls: 12, randomState: 0 });
    expect(mixed.space.dimensions.map(String)).toEqual(['Integer(1, 4)', 'Categorical(["a", "b", "c"])', 'Real(0.0001, 1, prior="log-uniform")']);
    expect(mixed.xIters.every(([n]) => Number.isInteger(n))).toBe(true);
  });

  it('takes nRandomStarts as the old name of nInitialPoints, and a fixed noise', async () => {
    let model = 0;
    await gpMinimize(f, [new Real(-2, 2)], { nCalls: 6, nRandomStarts: 5, noise: 1e-10, randomState: 0, verbose: true, progressSink: { isTTY: false, write: (t) => { if (t.includes('Searching for the next optimal point')) model++; } } });
    expect(model).toBe(1);
    await expect(gpMinimize(f, [new Real(-2, 2)], { nCalls: 2, noise: -1 })).rejects.toThrow('The "noise" option of Optimizer must be "gaussian" or a number in the range (0, inf). Got -1 instead.');
  });

  it('prints scikit-optimize’s verbose lines', async () => {
    const lines: string[] = [];
    await dummyMinimize(f, [new Real(-2, 2)], { nCalls: 2, randomState: 0, verbose: true, progressSink: { isTTY: false, write: (t) => lines.push(...t.trimEnd().split('\n')) } });
    expect(lines.map((l) => l.replace(/: [-\d.e]+$/, ': N'))).toEqual([
      'Iteration No: 1 started. Evaluating function at random point.',
      'Iteration No: 1 ended. Evaluation done at random point.',
      'Time taken: N',
      'Function value obtained: N',
      'Current minimum: N',
      'Iteration No: 2 started. Evaluating function at random point.',
      'Iteration No: 2 ended. Evaluation done at random point.',
      'Time taken: N',
      'Function value obtained: N',
      'Current minimum: N',
    ]);
  });
});

describe('dummyMinimize', () => {
  it('samples every point from the priors, reproducibly', async () => {
    const a = await dummyMinimize(([x, n]) => (x as number) + (n as number), [new Real(1e-3, 1, { prior: 'log-uniform' }), new Integer(0, 9)], { nCalls: 40, randomState: 3 });
    const b = await dummyMinimize(([x, n]) => (x as number) + (n as number), [new Real(1e-3, 1, { prior: 'log-uniform' }), new Integer(0, 9)], { nCalls: 40, randomState: 3 });
    expect(a.xIters).toEqual(b.xIters);
    // log-uniform: about as many points below 0.03 as above
    expect(a.xIters.filter(([x]) => (x as number) < 0.0316).length).toBeGreaterThan(10);
  });
});

describe('the stoppers', () => {
  it('DeltaYStopper stops once the nBest best values are within delta (hand-computed)', () => {
    const s = new DeltaYStopper(0.1, { nBest: 3 });
    expect(s.call({ funcVals: [5, 1, 1.05] })).toBe(false); // fewer than... 3 values: 1, 1.05, 5 → 5 − 1 ≥ 0.1
    expect(s.call({ funcVals: [5, 1, 1.05, 1.08] })).toBe(true); // best three 1, 1.05, 1.08 → 0.08 < 0.1
    expect(s.call({ funcVals: [1, NaN] })).toBe(false);
  });

  it('DeadlineStopper stops when the time left is shorter than the longest evaluation (a scripted clock)', () => {
    let t = 0;
    const s = new DeadlineStopper(10, () => t);
    t = 2;
    expect(s.call({ funcVals: [1] })).toBe(false); // spent 2, longest 2, left 8
    t = 5;
    expect(s.call({ funcVals: [1, 2] })).toBe(false); // spent 5, longest 3, left 5
    t = 7.5;
    expect(s.call({ funcVals: [1, 2, 3] })).toBe(true); // spent 7.5, longest 3, left 2.5
  });

  it('an EarlyStopper subclass says when to stop, and stops gpMinimize', async () => {
    class AfterFour extends EarlyStopper {
      criterion(result: StopperResult): boolean {
        return result.funcVals.length >= 4;
      }
    }
    const res = await dummyMinimize(f, [new Real(-2, 2)], { nCalls: 20, randomState: 0, callback: [new AfterFour(), () => false] });
    expect(res.funcVals).toHaveLength(4);
  });
});
