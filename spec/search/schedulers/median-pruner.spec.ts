import { describe, expect, it } from 'vitest';
import { TrialPruned } from '../../../lib/core/errors.js';
import { RandomSampler } from '../../../lib/search/samplers/list-sampler.js';
import { MedianPruner, PercentilePruner, nanPercentile } from '../../../lib/search/schedulers/median-pruner.js';
import { uniform } from '../../../lib/search/space/distributions.js';
import { Study } from '../../../lib/search/study.js';
import type { CompleteTrial, RunningTrial } from '../../../lib/search/trial.js';

function complete(id: number, values: [number, number][], value = 0): CompleteTrial {
  return { id, state: 'complete', params: {}, budget: undefined, meta: {}, attrs: {}, startedAt: 0, finishedAt: 1, values: [value], intermediate: values.map(([step, v]) => ({ step, value: v })) };
}
function running(id: number, values: [number, number][]): RunningTrial {
  return { id, state: 'running', params: {}, budget: undefined, meta: {}, attrs: {}, startedAt: 0, intermediate: values.map(([step, v]) => ({ step, value: v })) };
}
const min = { direction: 'minimize' as const };
const max = { direction: 'maximize' as const };

describe('nanPercentile', () => {
  it('interpolates linearly like numpy and drops NaN', () => {
    expect(nanPercentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(nanPercentile([4, 1, 3, 2], 25)).toBe(1.75);
    expect(nanPercentile([1, 2, 3, 4], 75)).toBe(3.25);
    expect(nanPercentile([1, NaN, 3], 50)).toBe(2);
    expect(nanPercentile([NaN], 50)).toBeNaN();
  });
});

describe('MedianPruner', () => {
  it('prunes a trial worse than the median of complete trials at the same step (minimize)', () => {
    const pruner = new MedianPruner({ nStartupTrials: 1 });
    const others = [complete(0, [[1, 1]])];
    expect(pruner.shouldPrune(running(1, [[1, 2]]), others, min)).toBe(true);
    expect(pruner.shouldPrune(running(1, [[1, 1]]), others, min)).toBe(false);
    expect(pruner.shouldPrune(running(1, [[1, 0.5]]), others, min)).toBe(false);
  });

  it('compares the best value so far, and flips for maximize', () => {
    const pruner = new MedianPruner({ nStartupTrials: 2 });
    const others = [complete(0, [[0, 0.5], [1, 0.6]]), complete(1, [[0, 0.7], [1, 0.8]])];
    expect(pruner.shouldPrune(running(2, [[0, 0.4], [1, 0.65]]), others, max)).toBe(true); // best 0.65 < median 0.7
    expect(pruner.shouldPrune(running(2, [[0, 0.75], [1, 0.1]]), others, max)).toBe(false); // best 0.75 >= 0.7
  });

  it('does not prune before nStartupTrials complete, during warm-up, or off the interval', () => {
    const others = [complete(0, [[0, 1], [1, 1], [2, 1], [3, 1]])];
    expect(new MedianPruner({ nStartupTrials: 2 }).shouldPrune(running(1, [[0, 9]]), others, min)).toBe(false);
    expect(new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 2 }).shouldPrune(running(1, [[1, 9]]), others, min)).toBe(false);
    expect(new MedianPruner({ nStartupTrials: 1, nWarmupSteps: 2 }).shouldPrune(running(1, [[2, 9]]), others, min)).toBe(true);
    const interval = new MedianPruner({ nStartupTrials: 1, intervalSteps: 2 });
    expect(interval.shouldPrune(running(1, [[0, 9], [1, 9]]), others, min)).toBe(false); // step 1 shares [0, 2) with step 0
    expect(interval.shouldPrune(running(1, [[0, 9], [1, 9], [2, 9]]), others, min)).toBe(true);
  });

  it('needs nMinTrials values at the step, and prunes a trial whose values are all NaN', () => {
    const others = [complete(0, [[0, 1]]), complete(1, [[1, 1]])];
    expect(new MedianPruner({ nStartupTrials: 1, nMinTrials: 2 }).shouldPrune(running(2, [[0, 9]]), others, min)).toBe(false);
    expect(new MedianPruner({ nStartupTrials: 1 }).shouldPrune(running(2, [[0, NaN]]), others, min)).toBe(true);
    expect(new MedianPruner({ nStartupTrials: 1 }).shouldPrune(running(2, []), others, min)).toBe(false);
  });

  it('PercentilePruner(25) keeps only the best quarter', () => {
    const others = [0.1, 0.2, 0.3, 0.4, 0.5].map((v, i) => complete(i, [[0, v]]));
    const p = new PercentilePruner(25, { nStartupTrials: 1 });
    expect(p.shouldPrune(running(9, [[0, 0.35]]), others, max)).toBe(true); // 75th percentile = 0.4
    expect(p.shouldPrune(running(9, [[0, 0.45]]), others, max)).toBe(false);
  });

  it('rejects bad options with the standard message', () => {
    expect(() => new MedianPruner({ nWarmupSteps: -1 })).toThrow('The "nWarmupSteps" option of MedianPruner must be an int in the range [0, inf). Got -1 instead.');
    expect(() => new PercentilePruner(101)).toThrow('The "percentile" argument of PercentilePruner must be a number in the range [0, 100]. Got 101 instead.');
  });

  it('in a Study, records a pruned trial as pruned with its last value', async () => {
    const study = new Study({ sampler: new RandomSampler({ x: uniform(0, 1) }, 12, { randomState: 0 }), pruner: new MedianPruner({ nStartupTrials: 3 }), randomState: 0 });
    await study.optimize(async ({ x }, ctx) => {
      let v = 0;
      for (let step = 0; step < 5; step++) {
        v = (x as number) * (step + 1);
        await ctx.report(step, v);
        if (ctx.shouldPrune()) throw new TrialPruned(`pruned at step ${step}`);
      }
      return v;
    });
    const pruned = study.trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      expect(t.state === 'pruned' && t.lastValue).toBe(t.intermediate[t.intermediate.length - 1]?.value);
      expect(t.intermediate.length).toBeGreaterThan(0);
    }
    expect(study.trials.filter((t) => t.state === 'complete').length + pruned.length).toBe(12);
  });
});
