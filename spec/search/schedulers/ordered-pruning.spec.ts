import { describe, expect, it } from 'vitest';
import { TrialPruned } from '../../../lib/core/errors.js';
import { RandomSampler } from '../../../lib/search/samplers/list-sampler.js';
import { MedianPruner } from '../../../lib/search/schedulers/median-pruner.js';
import { OrderedPruning } from '../../../lib/search/schedulers/ordered-pruning.js';
import { SuccessiveHalvingPruner } from '../../../lib/search/schedulers/successive-halving-pruner.js';
import { uniform } from '../../../lib/search/space/distributions.js';
import type { Pruner } from '../../../lib/search/study.js';
import { Study } from '../../../lib/search/study.js';

async function run(pruner: () => Pruner, concurrency: number): Promise<string[]> {
  const ordered = new OrderedPruning({ pruner: pruner(), direction: 'maximize' });
  const study = new Study({ sampler: new RandomSampler({ x: uniform(0, 1) }, 24, { randomState: 5 }), randomState: 0 });
  await study.optimize(
    async ({ x }, ctx) => {
      const id = ctx.trialId;
      ordered.begin({ id, state: 'running', params: { x }, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0 });
      let state: 'complete' | 'pruned' = 'complete';
      try {
        for (let step = 1; step <= 8; step++) {
          // later trials often finish their steps first
          await new Promise((r) => setTimeout(r, ((id * 7) % 5) + Math.random() * 2));
          const v = (x as number) + 0.05 * Math.sin(step + id);
          await ctx.report(step, v);
          if (await ordered.report(id, step, v)) {
            state = 'pruned';
            throw new TrialPruned();
          }
        }
        return x as number;
      } finally {
        ordered.end(id, state);
      }
    },
    { concurrency },
  );
  return study.trials.map((t) => `${t.id}:${t.state}:${t.intermediate.length}`);
}

describe('OrderedPruning', () => {
  it('makes the same median-pruning decisions with 6 trials at once as one at a time', async () => {
    const pruner = () => new MedianPruner({ nStartupTrials: 3 });
    const serial = await run(pruner, 1);
    expect(serial.some((s) => s.includes('pruned'))).toBe(true);
    expect(await run(pruner, 6)).toEqual(serial);
  });

  it('and the same ASHA decisions', async () => {
    const pruner = () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    const serial = await run(pruner, 1);
    expect(serial.some((s) => s.includes('pruned'))).toBe(true);
    expect(await run(pruner, 6)).toEqual(serial);
  });

  it('shows the pruner only earlier trials of the same budget, cut at the step', async () => {
    const seen: number[][] = [];
    const spy: Pruner = {
      shouldPrune: (_t, trials) => {
        seen.push(trials.map((x) => x.intermediate.length));
        return false;
      },
    };
    const ordered = new OrderedPruning({ pruner: spy, direction: 'maximize', aggregate: 'mean' });
    const base = { state: 'running' as const, params: {}, meta: {}, intermediate: [], attrs: {}, startedAt: 0 };
    ordered.begin({ ...base, id: 0, budget: 1 });
    ordered.begin({ ...base, id: 1, budget: 2 });
    ordered.begin({ ...base, id: 2, budget: 1 });
    ordered.record(0, 0, 0.5);
    ordered.record(0, 1, 0.7);
    ordered.end(1, 'complete');
    await ordered.report(2, 0, 0.1);
    expect(seen).toEqual([[1]]);
  });
});
