import { describe, expect, it } from 'vitest';
import { splitObservations, tpeObservations } from '../../../../lib/search/samplers/tpe/observations.js';
import type { Trial } from '../../../../lib/search/trial.js';

const base = { params: {}, budget: undefined, meta: {}, attrs: {}, startedAt: 0 };
const trials: Trial[] = [
  { ...base, id: 0, state: 'complete', values: [3], intermediate: [], finishedAt: 1 },
  { ...base, id: 1, state: 'pruned', lastValue: 9, intermediate: [{ step: 0, value: 8 }, { step: 4, value: 9 }], finishedAt: 1 },
  { ...base, id: 2, state: 'complete', values: [NaN], intermediate: [], finishedAt: 1 },
  { ...base, id: 3, state: 'running', intermediate: [] },
  { ...base, id: 4, state: 'pruned', lastValue: 1, intermediate: [{ step: 1, value: 1 }], finishedAt: 1 },
  { ...base, id: 5, state: 'failed', error: 'x', intermediate: [], finishedAt: 1 },
  { ...base, id: 6, state: 'complete', values: [5], intermediate: [], finishedAt: 1 },
  { ...base, id: 7, state: 'pruned', lastValue: undefined, intermediate: [], finishedAt: 1 },
];

describe('TPE observations (Optuna’s _get_observation_pairs and split, hand-computed)', () => {
  it('ranks complete trials first by value, then pruned ones by how far they got, running ones last with a liar', () => {
    const obs = tpeObservations(trials, 'minimize', true);
    expect(obs.all.map((o) => [o.id, o.stepKey, o.loss])).toEqual([
      [0, -Infinity, 3],
      [1, -4, 9],
      [3, Infinity, Infinity],
      [4, -1, 1],
      [6, -Infinity, 5],
      [7, 1, 0],
    ]);
    // NaN complete and failed trials are left out; running ones do not count as finished
    expect(obs.nFinished).toBe(5);
    // order: 0 (complete 3), 6 (complete 5), 1 (pruned at step 4), 4 (pruned at step 1), 7 (pruned, nothing reported), 3 (running)
    const { below, above } = splitObservations(obs.all, 3);
    expect(below.map((i) => obs.all[i]!.id)).toEqual([0, 1, 6]);
    expect(above.map((i) => obs.all[i]!.id)).toEqual([3, 4, 7]);
  });

  it('negates values when maximizing and leaves running trials out without a liar', () => {
    const obs = tpeObservations(trials, 'maximize', false);
    expect(obs.all.map((o) => o.loss)).toEqual([-3, -9, -1, -5, 0]);
    expect(obs.all.some((o) => o.id === 3)).toBe(false);
  });
});
