import { describe, expect, it } from 'vitest';
import { ParameterGrid } from '../../../lib/search/space/parameter-grid.js';
import type { ParamSet } from '../../../lib/search/space/parameter-grid.js';
import { SuccessiveHalvingSampler, halvingSchedule, stableScoreOrder } from '../../../lib/search/schedulers/successive-halving.js';
import { pyFloorDiv, pyLog } from '../../../lib/search/schedulers/py-float.js';
import { Study } from '../../../lib/search/study.js';
import type { Trial } from '../../../lib/search/trial.js';

describe('Python float helpers', () => {
  it('pyLog reproduces math.log(x, base), last bits included', () => {
    expect(pyLog(243, 3)).toBe(4.999999999999999);
    expect(pyLog(1000, 10)).toBe(2.9999999999999996);
    expect(pyLog(81, 3)).toBe(4);
    expect(pyLog(8, 2)).toBe(3);
  });

  it('pyFloorDiv follows Python’s // for ints and floats', () => {
    expect(pyFloorDiv(7, 2)).toBe(3);
    expect(pyFloorDiv(-7, 2)).toBe(-4);
    expect(pyFloorDiv(100, 6.25)).toBe(16);
    expect(pyFloorDiv(1, 0.1)).toBe(9); // Python: 1 // 0.1 == 9.0
    expect(pyFloorDiv(500, 2.5 ** 3)).toBe(32);
  });
});

describe('halvingSchedule', () => {
  it('halves candidates and multiplies resources by the factor', () => {
    const s = halvingSchedule({ nCandidates: 20, factor: 3, minResources: 10, maxResources: 500 });
    expect([s.nResources, s.nCandidates, s.nRemainingCandidates, s.nIterations]).toEqual([[10, 30, 90], [20, 7, 3], 1, 3]);
  });

  it("'exhaust' raises the first resource so the last iteration uses about all of it", () => {
    const s = halvingSchedule({ nCandidates: 20, factor: 3, minResources: 10, maxResources: 500, exhaust: true });
    expect([s.minResources, s.nResources]).toEqual([55, [55, 165, 495]]);
  });

  it('aggressive elimination repeats the first resource while candidates are too many', () => {
    const s = halvingSchedule({ nCandidates: 81, factor: 3, minResources: 10, maxResources: 100, aggressiveElimination: true });
    expect([s.nRequiredIterations, s.nPossibleIterations, s.nResources, s.nCandidates]).toEqual([5, 3, [10, 10, 10, 30, 90], [81, 27, 9, 3, 1]]);
  });
});

describe('SuccessiveHalvingSampler', () => {
  const candidates: ParamSet[] = [...new ParameterGrid({ x: [0.1, 0.9, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6] })];
  const schedule = halvingSchedule({ nCandidates: 9, factor: 3, minResources: 1, maxResources: 9 });
  const objective = async (p: ParamSet, ctx: { budget: number | undefined }) => (p.x as number) * (ctx.budget ?? 1);

  it('runs 9 candidates at 1, the best 3 at 3 (ascending: the best last) and the best at 9', async () => {
    const study = new Study({ sampler: new SuccessiveHalvingSampler(candidates, schedule, { budgetParam: 'epochs' }), randomState: 0 });
    expect(await study.optimize(objective)).toBe('exhausted');
    const rows = study.trials.map((t) => [t.meta.iter, t.budget, t.params.x, t.params.epochs]);
    expect(rows.slice(9)).toEqual([
      [1, 3, 0.7, 3],
      [1, 3, 0.8, 3],
      [1, 3, 0.9, 3],
      [2, 9, 0.9, 9],
    ]);
    expect(rows.slice(0, 9).every((r) => r[0] === 0 && r[1] === 1)).toBe(true);
  });

  it("runs them best first with promotionOrder 'best-first' (the same promotions); resultOrder lists them as 'ascending' runs them", async () => {
    const ascending = new Study({ sampler: new SuccessiveHalvingSampler(candidates, schedule, { budgetParam: 'epochs' }), randomState: 0 });
    await ascending.optimize(objective);
    const sampler = new SuccessiveHalvingSampler(candidates, schedule, { budgetParam: 'epochs', promotionOrder: 'best-first' });
    const bestFirst = new Study({ sampler, randomState: 0 });
    await bestFirst.optimize(objective);
    expect(bestFirst.trials.slice(9).map((t) => [t.meta.iter, t.params.x])).toEqual([
      [1, 0.9],
      [1, 0.8],
      [1, 0.7],
      [2, 0.9],
    ]);
    const rows = (trials: readonly Trial[]) => trials.map((t) => [t.meta.iter, t.budget, t.params, t.state === 'complete' ? t.values : undefined]);
    expect(rows(sampler.resultOrder(bestFirst.trials, 'maximize'))).toEqual(rows(ascending.trials));
    expect(rows(new SuccessiveHalvingSampler(candidates, schedule).resultOrder(ascending.trials, 'maximize'))).toEqual(rows(ascending.trials));
  });

  it('breaks ties as the ascending order does, whatever order the previous iteration ran in', async () => {
    // 0.9 three times: which one reaches the last iteration depends on the rows' order of ties
    const tied: ParamSet[] = [0.9, 0.1, 0.9, 0.2, 0.9, 0.3, 0.4, 0.5, 0.6].map((x, i) => ({ x, i }));
    const run = async (promotionOrder: 'ascending' | 'best-first') => {
      const sampler = new SuccessiveHalvingSampler(tied, schedule, { budgetParam: 'epochs', promotionOrder });
      const study = new Study({ sampler, randomState: 0 });
      await study.optimize(objective);
      return sampler.resultOrder(study.trials, 'maximize').map((t) => [t.meta.iter, t.params.i]);
    };
    expect(await run('best-first')).toEqual(await run('ascending'));
  });

  it("resumes a 'best-first' study from stored trials with a fresh sampler", async () => {
    const make = () => new SuccessiveHalvingSampler(candidates, schedule, { promotionOrder: 'best-first' });
    const full = new Study({ sampler: make(), randomState: 0 });
    await full.optimize(objective);
    const partial = new Study({ sampler: make(), randomState: 0 });
    await partial.optimize(objective, { nTrials: 10 });
    const resumed = new Study({ sampler: make(), storage: partial.storage, randomState: 0 });
    await resumed.optimize(objective);
    expect(resumed.trials.map((t) => [t.params, t.budget, t.meta])).toEqual(full.trials.map((t) => [t.params, t.budget, t.meta]));
  });

  it('rejects an unknown promotionOrder', () => {
    expect(() => new SuccessiveHalvingSampler(candidates, schedule, { promotionOrder: 'worst-first' as never })).toThrow(
      `The "promotionOrder" option of SuccessiveHalvingSampler must be 'ascending' or 'best-first'. Got "worst-first" instead.`,
    );
  });

  it('asks to wait while an iteration runs, and stops after the last one', () => {
    const sampler = new SuccessiveHalvingSampler(candidates.slice(0, 3), halvingSchedule({ nCandidates: 3, factor: 3, minResources: 1, maxResources: 3 }));
    const running = [0, 1, 2].map((i) => ({ id: i, state: 'running' as const, params: candidates[i] as ParamSet, budget: 1, meta: { iter: 0, candidate: i }, intermediate: [], attrs: {}, startedAt: 0 }));
    expect(sampler.suggest(running, { direction: 'maximize' })).toEqual({ kind: 'wait' });
    const done = running.map((t) => ({ ...t, state: 'complete' as const, values: [t.params.x as number], finishedAt: 1 }));
    expect(sampler.suggest(done, { direction: 'maximize' })).toEqual({ kind: 'run', params: { x: 0.9 }, budget: 3, meta: { iter: 1, candidate: 1, parent: 1 } });
    const last = [...done, { ...(done[1] as (typeof done)[number]), id: 3, budget: 3, meta: { iter: 1, candidate: 1 } }];
    expect(sampler.suggest(last, { direction: 'maximize' })).toEqual({ kind: 'stop' });
  });

  it('ranks NaN (failed, pruned) candidates last and honours the direction', () => {
    expect(stableScoreOrder([0.5, NaN, 0.1, 0.5])).toEqual([1, 2, 0, 3]);
    const sampler = new SuccessiveHalvingSampler(candidates.slice(0, 3), halvingSchedule({ nCandidates: 3, factor: 3, minResources: 1, maxResources: 3 }));
    const done = [0, 1, 2].map((i) => ({
      id: i, state: 'complete' as const, params: candidates[i] as ParamSet, budget: 1, meta: { iter: 0, candidate: i }, intermediate: [], attrs: {}, startedAt: 0, finishedAt: 1,
      values: [[0.2, 0.1, 0.3][i] as number],
    }));
    expect(sampler.suggest(done, { direction: 'minimize' })).toMatchObject({ kind: 'run', meta: { iter: 1, candidate: 1 } });
  });

  it('needs a schedule for as many candidates as it is given', () => {
    expect(() => new SuccessiveHalvingSampler(candidates, halvingSchedule({ nCandidates: 3, factor: 3, minResources: 1, maxResources: 3 }))).toThrow(
      'The "schedule" argument of SuccessiveHalvingSampler must be a schedule for 9 candidates. Got 3 instead.',
    );
  });

  it('resumes from stored trials with a fresh sampler', async () => {
    const make = () => new SuccessiveHalvingSampler(candidates, schedule);
    const full = new Study({ sampler: make(), randomState: 0 });
    await full.optimize(objective);
    const partial = new Study({ sampler: make(), randomState: 0 });
    await partial.optimize(objective, { nTrials: 10 });
    const resumed = new Study({ sampler: make(), storage: partial.storage, randomState: 0 });
    await resumed.optimize(objective);
    expect(resumed.trials.map((t) => [t.params, t.budget, t.meta])).toEqual(full.trials.map((t) => [t.params, t.budget, t.meta]));
  });
});
