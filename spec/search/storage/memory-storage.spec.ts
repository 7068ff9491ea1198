import { describe, expect, it } from 'vitest';
import { MemoryStorage, UpdateFinishedTrialError } from '../../../lib/search/storage/memory-storage.js';
import { checkStorage } from '../../contracts/storage.contract.js';

describe('MemoryStorage', () => {
  it('assigns ids in order and records the life cycle', async () => {
    const s = new MemoryStorage();
    const a = await s.createTrial({ params: { x: 1 } });
    const b = await s.createTrial({ params: { x: 2 }, budget: 3, meta: { rung: 0 } });
    expect([a.id, b.id]).toEqual([0, 1]);
    await s.reportIntermediate(0, 0, 0.5);
    await s.setTrialAttrs(0, { note: 'hi' });
    const done = await s.finishTrial(0, { state: 'complete', values: [0.7] });
    expect(done).toMatchObject({ state: 'complete', values: [0.7], intermediate: [{ step: 0, value: 0.5 }], attrs: { note: 'hi' } });
    const trials = await s.getTrials();
    expect(trials.map((t) => t.state)).toEqual(['complete', 'running']);
    expect(trials[1]).toMatchObject({ budget: 3, meta: { rung: 0 } });
  });
  it('refuses to change a finished trial', async () => {
    const s = new MemoryStorage();
    await s.createTrial({ params: {} });
    await s.finishTrial(0, { state: 'failed', error: 'x' });
    await expect(s.finishTrial(0, { state: 'complete', values: [1] })).rejects.toThrow(
      new UpdateFinishedTrialError('Cannot mark the trial complete: trial 0 is already failed.'),
    );
    await expect(s.reportIntermediate(0, 1, 1)).rejects.toBeInstanceOf(UpdateFinishedTrialError);
  });
  it('gives snapshots that later writes do not change', async () => {
    const s = new MemoryStorage();
    await s.createTrial({ params: {} });
    const before = await s.getTrials();
    await s.finishTrial(0, { state: 'complete', values: [1] });
    expect(before[0]!.state).toBe('running');
    expect((await s.getTrials())[0]!.state).toBe('complete');
  });
});

checkStorage('MemoryStorage', {
  open: (() => {
    const shared = new MemoryStorage();
    return () => shared;
  })(),
  location: () => 'memory',
});
