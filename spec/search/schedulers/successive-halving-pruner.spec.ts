import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { SuccessiveHalvingPruner } from '../../../lib/search/schedulers/successive-halving-pruner.js';
import type { CompleteTrial, RunningTrial } from '../../../lib/search/trial.js';

function trial(id: number, values: [number, number][], state: 'running' | 'complete' = 'complete'): CompleteTrial | RunningTrial {
  const base = { id, params: {}, budget: undefined, meta: {}, attrs: {}, startedAt: 0, intermediate: values.map(([step, value]) => ({ step, value })) };
  return state === 'running' ? { ...base, state } : { ...base, state, values: [0], finishedAt: 1 };
}
const current = (values: [number, number][]) => trial(99, values, 'running') as RunningTrial;
const max = { direction: 'maximize' as const };
const min = { direction: 'minimize' as const };

describe('SuccessiveHalvingPruner', () => {
  it('places rungs at minResource * η^(s + k)', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1 });
    expect([0, 1, 2].map((k) => p.promotionStep(k))).toEqual([6, 18, 54]);
  });

  it('promotes the first trial alone, then only the top 1/η of a rung', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 4 });
    expect(p.shouldPrune(current([[1, 0.3]]), [], max)).toBe(false);
    const others = [0.1, 0.2, 0.3, 0.4].map((v, i) => trial(i, [[1, v]]));
    // 5 competing values: index floor(5/4) - 1 = 0, so only a value >= the best goes on
    expect(p.shouldPrune(current([[1, 0.35]]), others, max)).toBe(true);
    expect(p.shouldPrune(current([[1, 0.5]]), others, max)).toBe(false);
    expect(p.shouldPrune(current([[1, 0.05]]), others, min)).toBe(false);
    expect(p.shouldPrune(current([[1, 0.15]]), others, min)).toBe(true);
  });

  it('reads rung values from the first report at or after the rung step, running trials included', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2 });
    const others = [trial(0, [[1, 0.9], [3, 0.2]], 'running'), trial(1, [[3, 0.1]])];
    // rung 0 (step 2): the others have 0.2 and 0.1; with 3 values only the best is promotable
    expect(p.shouldPrune(current([[2, 0.15]]), others, max)).toBe(true);
    expect(p.shouldPrune(current([[2, 0.25]]), others, max)).toBe(false);
  });

  it('checks only rungs reached since the previous report', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 4 });
    const others = [0.5, 0.6, 0.7, 0.8].map((v, i) => trial(i, [[1, v]]));
    // rung 0 was passed at step 1 (when the trial was still good); step 2 is before rung 1 (step 4)
    expect(p.shouldPrune(current([[1, 0.9], [2, 0.01]]), others, max)).toBe(false);
  });

  it("'auto' waits for a complete trial, then uses 1/100 of its last step", () => {
    const p = new SuccessiveHalvingPruner();
    expect(p.shouldPrune(current([[5, 0]]), [trial(0, [[5, 1]], 'running')], max)).toBe(false);
    p.shouldPrune(current([[1, 1]]), [trial(0, [[250, 1]])], max);
    expect(p.promotionStep(0)).toBe(2);
  });

  it('prunes NaN values and trials below the bootstrap count', () => {
    const p = new SuccessiveHalvingPruner({ minResource: 1, bootstrapCount: 2 });
    expect(p.shouldPrune(current([[1, NaN]]), [], max)).toBe(true);
    expect(p.shouldPrune(current([[1, 1]]), [trial(0, [[1, 0]])], max)).toBe(true);
    expect(p.shouldPrune(current([[1, 1]]), [trial(0, [[1, 0]]), trial(1, [[1, 0]])], max)).toBe(false);
  });

  it('rejects bad options, naming the value', () => {
    expect(() => new SuccessiveHalvingPruner({ reductionFactor: 1 })).toThrow('The "reductionFactor" option of SuccessiveHalvingPruner must be an int in the range [2, inf). Got 1 instead.');
    expect(() => new SuccessiveHalvingPruner({ minResource: 0 })).toThrow(InvalidParameterError);
    expect(() => new SuccessiveHalvingPruner({ bootstrapCount: 1 })).toThrow(
      "The \"bootstrapCount\" option of SuccessiveHalvingPruner needs a numeric \"minResource\": bootstrapCount > 0 and minResource 'auto' cannot be combined. Got bootstrapCount 1 instead.",
    );
  });
});
