/**
 * Where the study loop gets its next trial: made here (local), or from a
 * shared study's queue; and what the loop does when there is none.
 */
import { describe, expect, it } from 'vitest';
import { FatalError } from '../../lib/core/errors.js';
import { GridSampler } from '../../lib/search/samplers/list-sampler.js';
import { MemoryStorage } from '../../lib/search/storage/memory-storage.js';
import type { TrialSource, TrialSourceContext } from '../../lib/search/trial-source.js';
import { LocalTrialSource, SharedTrialSource, whenIdle } from '../../lib/search/trial-source.js';
import type { Trial } from '../../lib/search/trial.js';

function context(storage: { getTrials(): Promise<readonly Trial[]> }, grid: number[]): TrialSourceContext {
  let cache: readonly Trial[] = [];
  return {
    sampler: new GridSampler({ x: grid }),
    samplerContext: { direction: 'maximize' },
    refresh: async () => (cache = await storage.getTrials()),
    cached: () => cache,
  };
}

const source = (waitsForOthers: boolean, elsewhere: boolean): TrialSource =>
  ({ waitsForOthers, runningElsewhere: () => elsewhere }) as unknown as TrialSource;

describe('whenIdle', () => {
  it('asks again when one of its own trials ends', () => {
    expect(whenIdle('wait', 2, source(false, false))).toBe('idle');
    expect(whenIdle('stop', 1, source(true, false))).toBe('idle');
  });

  it('ends when the sampler stops, unless it waits for trials running elsewhere', () => {
    expect(whenIdle('stop', 1, source(false, true))).toBe('exhausted');
    expect(whenIdle('stop', 0, source(true, false))).toBe('exhausted');
    expect(whenIdle('stop', 0, source(true, true))).toBe('poll');
    expect(whenIdle('wait', 0, source(false, true))).toBe('poll');
  });

  it('refuses to wait when nothing runs anywhere', () => {
    expect(() => whenIdle('wait', 0, source(true, false))).toThrow(new FatalError('The sampler asked to wait while no trial is running; it would wait forever.'));
  });
});

describe('LocalTrialSource', () => {
  it('creates the sampler’s proposal at once, then passes its stop on', async () => {
    const storage = new MemoryStorage();
    const local = new LocalTrialSource(storage, context(storage, [1]));
    expect(await local.next()).toMatchObject({ id: 0, state: 'running', params: { x: 1 } });
    expect((await storage.getTrials()).map((t) => t.state)).toEqual(['running']);
    await storage.finishTrial(0, { state: 'complete', values: [1] });
    expect(await local.next()).toBe('stop');
  });
});

describe('SharedTrialSource', () => {
  it('enqueues every proposal of a queue-ahead sampler at once and claims them in order', async () => {
    const storage = await new MemoryStorage().createStudy({ name: 'q' });
    const shared = new SharedTrialSource(storage, context(storage, [1, 2, 3]), { worker: { id: 'w', host: 'h', pid: 1 }, waitForOthers: true });
    await shared.open();
    expect(await shared.next()).toMatchObject({ id: 0, worker: 'w', params: { x: 1 } });
    expect((await storage.getTrials()).map((t) => t.state)).toEqual(['running', 'waiting', 'waiting']);
    expect(await shared.next()).toMatchObject({ id: 1, worker: 'w' });
    await shared.close();
    expect((await storage.getWorkers())[0]!.exitedAt).toBeDefined();
  });
});
