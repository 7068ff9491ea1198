import { describe, expect, it } from 'vitest';
import { FatalError, InvalidParameterError, TrialPruned } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import type { Sampler, Suggestion } from '../../lib/search/sampler.js';
import { GridSampler, ListSampler, RandomSampler } from '../../lib/search/samplers/list-sampler.js';
import { uniform } from '../../lib/search/space/distributions.js';
import type { ParamSet } from '../../lib/search/space/parameter-grid.js';
import { MemoryStorage } from '../../lib/search/storage/memory-storage.js';
import type { Pruner } from '../../lib/search/study.js';
import { Study, TrialInterrupted } from '../../lib/search/study.js';
import type { Trial } from '../../lib/search/trial.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Study', () => {
  it('runs every candidate of a grid in order and finds the best', async () => {
    const study = new Study({ sampler: new GridSampler({ x: [1, 2, 3] }), direction: 'minimize' });
    const seen: unknown[] = [];
    const reason = await study.optimize(async (p) => {
      seen.push(p.x);
      return ((p.x as number) - 2) ** 2;
    });
    expect(reason).toBe('exhausted');
    expect(seen).toEqual([1, 2, 3]);
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
    expect(study.bestTrial?.params).toEqual({ x: 2 });
  });

  it('keeps trial ids in suggestion order when objectives finish out of order', async () => {
    const study = new Study({ sampler: new GridSampler({ d: [30, 1, 10] }) });
    await study.optimize(
      async (p) => {
        await sleep(p.d as number);
        return p.d as number;
      },
      { concurrency: 3 },
    );
    expect(study.trials.map((t) => [t.id, t.params.d])).toEqual([
      [0, 30],
      [1, 1],
      [2, 10],
    ]);
  });

  it('never runs more than `concurrency` objectives at once', async () => {
    let running = 0;
    let peak = 0;
    const study = new Study({ sampler: new GridSampler({ i: [1, 2, 3, 4, 5, 6] }) });
    await study.optimize(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        return 0;
      },
      { concurrency: 2 },
    );
    expect(peak).toBe(2);
  });

  it('records a throwing objective as failed and goes on when catch covers the error', async () => {
    const study = new Study({ sampler: new GridSampler({ x: [1, 2] }) });
    const { warnings } = await captureWarnings(() =>
      study.optimize(
        async (p) => {
          if (p.x === 1) throw new Error('boom');
          return 1;
        },
        { catch: [Error] },
      ),
    );
    const [first, second] = study.trials as [Trial, Trial];
    expect(first.state).toBe('failed');
    expect(first.state === 'failed' && first.error).toBe('Error: boom');
    expect(second.state).toBe('complete');
    expect(warnings.map((w) => w.message)).toEqual(['Trial 0 failed with parameters { x: 1 } because of the following error: Error: boom']);
  });

  it('re-raises an error catch does not cover, after logging it once and recording the trial (Optuna’s default)', async () => {
    const study = new Study({ sampler: new GridSampler({ x: [1, 2, 3] }) });
    let run = 0;
    const { warnings } = await captureWarnings(() =>
      expect(
        study.optimize(
          async (p) => {
            run++;
            if (p.x === 2) throw new TypeError('bad shape');
            return 1;
          },
          { catch: [RangeError] },
        ),
      ).rejects.toThrow('bad shape'),
    );
    expect(run).toBe(2);
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'failed']);
    expect(warnings.map((w) => w.message)).toEqual([
      'Trial 1 failed with parameters { x: 2 } because of the following error: TypeError: bad shape (re-raised: pass catch: [TypeError] to Study.optimize to record such errors as failed trials and go on)',
    ]);
  });

  it('lets fatal errors escape after recording the trial', async () => {
    const study = new Study({ sampler: new GridSampler({ x: [1, 2, 3] }) });
    await expect(
      study.optimize(async (p) => {
        if (p.x === 2) throw new FatalError('stop everything');
        return 1;
      }),
    ).rejects.toThrow('stop everything');
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'failed']);
    const s2 = new Study({ sampler: new GridSampler({ x: [1] }) });
    await expect(s2.optimize(async () => Promise.reject(new InvalidParameterError('bad', { owner: 'o', argument: 'a', value: 1, expected: 'e' })))).rejects.toThrow('bad');
  });

  it('records pruned trials with their last value', async () => {
    const study = new Study({ sampler: new GridSampler({ x: [1] }) });
    await study.optimize(async (_p, ctx) => {
      await ctx.report(0, 0.5);
      await ctx.report(1, 0.25);
      throw new TrialPruned();
    });
    const t = study.trials[0]!;
    expect(t.state).toBe('pruned');
    expect(t.state === 'pruned' && t.lastValue).toBe(0.25);
    expect(t.intermediate).toEqual([
      { step: 0, value: 0.5 },
      { step: 1, value: 0.25 },
    ]);
  });

  it('asks the pruner with the trial’s intermediate values', async () => {
    const pruner: Pruner = { shouldPrune: (trial) => (trial.intermediate.at(-1)?.value ?? 0) > 1 };
    const study = new Study({ sampler: new GridSampler({ x: [0.5, 2] }), pruner });
    await study.optimize(async (p, ctx) => {
      await ctx.report(0, p.x as number);
      if (ctx.shouldPrune()) throw new TrialPruned();
      return p.x as number;
    });
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'pruned']);
  });

  it('stops after nTrials, on a callback, and on maxConsecutiveFailures', async () => {
    const s1 = new Study({ sampler: new GridSampler({ x: [1, 2, 3, 4] }) });
    expect(await s1.optimize(async () => 1, { nTrials: 2 })).toBe('nTrials');
    expect(s1.trials).toHaveLength(2);
    // resuming continues where the sampler left off
    await s1.optimize(async () => 1);
    expect(s1.trials.map((t) => t.params.x)).toEqual([1, 2, 3, 4]);

    const s2 = new Study({ sampler: new GridSampler({ x: [1, 2, 3, 4] }) });
    expect(await s2.optimize(async () => 1, { onTrialEnd: (t) => (t.id === 1 ? 'stop' : undefined) })).toBe('callback');
    expect(s2.trials).toHaveLength(2);

    const s3 = new Study({ sampler: new GridSampler({ x: [1, 2, 3, 4] }) });
    await expect(s3.optimize(async () => Promise.reject(new Error('nope')), { maxConsecutiveFailures: 2, catch: 'all' })).rejects.toThrow(
      '2 trials failed in a row (maxConsecutiveFailures=2). The last error: Error: nope',
    );
    expect(s3.trials).toHaveLength(2);
  });

  it('ends on timeout with running trials signalled and finished ones kept', async () => {
    const study = new Study({ sampler: new GridSampler({ i: Array.from({ length: 100 }, (_, i) => i) }) });
    const reason = await study.optimize(
      async (_p, ctx) => {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 20);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve();
          });
        });
        return ctx.signal.aborted ? NaN : 1;
      },
      { timeout: 0.1 },
    );
    expect(reason).toBe('timeout');
    expect(study.trials.length).toBeGreaterThan(0);
    expect(study.trials.length).toBeLessThan(100);
    expect(study.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('returns to the event loop between trials, so a timeout stops synchronous objectives', async () => {
    const study = new Study({ sampler: new GridSampler({ i: Array.from({ length: 200 }, (_, i) => i) }) });
    const reason = await study.optimize(
      async () => {
        const until = Date.now() + 10;
        while (Date.now() < until); // work that never awaits
        return 1;
      },
      { timeout: 0.2 },
    );
    expect(reason).toBe('timeout');
    expect(study.trials.length).toBeGreaterThan(0);
    expect(study.trials.length).toBeLessThan(200);
  });

  it('ends when the caller aborts', async () => {
    const controller = new AbortController();
    const study = new Study({ sampler: new GridSampler({ i: [1, 2, 3, 4, 5] }) });
    const reason = await study.optimize(
      async (p) => {
        if (p.i === 2) controller.abort();
        return 1;
      },
      { signal: controller.signal },
    );
    expect(reason).toBe('aborted');
    expect(study.trials).toHaveLength(2);
  });

  it('supports samplers that wait for running trials', async () => {
    let phase = 0;
    const sampler: Sampler = {
      suggest(trials): Suggestion {
        if (trials.length < 2) return { kind: 'run', params: { x: trials.length } };
        if (trials.some((t) => t.state === 'running')) return { kind: 'wait' };
        phase++;
        return trials.length < 3 ? { kind: 'run', params: { x: 9 } } : { kind: 'stop' };
      },
    };
    const study = new Study({ sampler });
    await study.optimize(async () => {
      await sleep(2);
      return 1;
    }, { concurrency: 4 });
    expect(study.trials.map((t) => t.params.x)).toEqual([0, 1, 9]);
    expect(phase).toBeGreaterThan(0);
  });

  it('gives each trial a reproducible generator', async () => {
    const run = async () => {
      const s = new Study({ sampler: new ListSampler([{}, {}]), randomState: 7 });
      const out: number[] = [];
      await s.optimize(async (_p, ctx) => {
        out.push(ctx.rng.random());
        return 0;
      });
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a[0]).not.toBe(a[1]);
  });

  it('freezes finished trials', async () => {
    const study = new Study({ sampler: new RandomSampler({ x: uniform(0, 1) }, 2, { randomState: 0 }) });
    await study.optimize(async () => ({ values: 1, attrs: { splits: [1, 2] } }));
    const t = study.trials[0]!;
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.attrs.splits)).toBe(true);
  });

  it('validates its options', async () => {
    expect(() => new Study({ sampler: new ListSampler([]), direction: 'up' as 'maximize' })).toThrow(
      'The "direction" option of Study must be one of "maximize", "minimize". Got "up" instead.',
    );
    const s = new Study({ sampler: new ListSampler([]) });
    await expect(s.optimize(async () => 1, { concurrency: 0 })).rejects.toThrow(
      'The "concurrency" option of Study.optimize must be an int in the range [1, inf). Got 0 instead.',
    );
  });
});

describe('Study on a study storage', () => {
  it('runs a shared study through the storage’s queue as a registered study worker', async () => {
    const storage = await new MemoryStorage().createStudy({ name: 'shared' });
    const started: string[] = [];
    const study = new Study({ sampler: new GridSampler({ x: [1, 2, 3] }), storage, shared: true });
    expect(await study.optimize(async (p) => p.x as number, { onWorkerStart: (w, s) => started.push(`${w.id}@${s.study.name}`) })).toBe('exhausted');
    expect(study.trials.map((t) => [t.state, t.params.x])).toEqual([['complete', 1], ['complete', 2], ['complete', 3]]);
    const workers = await storage.getWorkers();
    expect(started).toEqual([`${workers[0]!.id}@shared`]);
    expect(workers[0]!.exitedAt).toBeDefined();
  });

  it('records a trial stopped mid-way as failed, or leaves it unfinished for re-queueing in a shared study', async () => {
    const objective = (controller: AbortController) => async (p: ParamSet) => {
      if (p.x === 2) {
        controller.abort();
        throw new TrialInterrupted('stopped mid-way');
      }
      return 1;
    };
    const local = new AbortController();
    const own = new Study({ sampler: new GridSampler({ x: [1, 2, 3] }) });
    expect(await own.optimize(objective(local), { signal: local.signal })).toBe('aborted');
    expect(own.trials.map((t) => t.state)).toEqual(['complete', 'failed']);
    expect(own.trials[1]!.state === 'failed' && own.trials[1]!.error).toBe('TrialInterrupted: stopped mid-way');

    const storage = await new MemoryStorage().createStudy({ name: 'requeue' });
    const remote = new AbortController();
    const shared = new Study({ sampler: new GridSampler({ x: [1, 2, 3] }), storage, shared: true });
    expect(await shared.optimize(objective(remote), { signal: remote.signal })).toBe('aborted');
    // this worker left: the trial it held goes back to the queue
    await storage.reapStaleTrials();
    expect((await storage.getTrials()).map((t) => t.state)).toEqual(['complete', 'waiting', 'waiting']);
  });

  it('refuses to re-queue interrupted trials of a study that is not shared', () => {
    expect(() => new Study({ sampler: new ListSampler([]), interruptedTrials: 'requeue' })).toThrow(
      'The "interruptedTrials" option of Study must be \'fail\' for a study that is not shared (a trial is re-queued when its study worker leaves). Got "requeue" instead.',
    );
  });

  it('drains: no trial starts after the drain signal, the running ones end normally', async () => {
    const drain = new AbortController();
    const study = new Study({ sampler: new GridSampler({ x: [1, 2, 3, 4] }) });
    const seen: boolean[] = [];
    const reason = await study.optimize(async (p, ctx) => {
      if (p.x === 2) drain.abort();
      await sleep(2);
      seen.push(ctx.signal.aborted);
      return 1;
    }, { drain: drain.signal });
    expect(reason).toBe('drained');
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(seen).toEqual([false, false]);
  });

  it('tells when a trial was taken from this worker before it finished', async () => {
    const storage = await new MemoryStorage().createStudy({ name: 'lost' });
    const drain = new AbortController();
    const lost: number[] = [];
    let worker = '';
    const study = new Study({ sampler: new GridSampler({ x: [1, 2] }), storage, shared: true });
    await study.optimize(async (_p, ctx) => {
      if (ctx.trialId === 0 && lost.length === 0) {
        // this worker is presumed gone: its trial is re-queued, and its late write refused
        await storage.unregisterWorker(worker);
        await storage.reapStaleTrials();
        await ctx.setAttrs({ late: true });
      }
      return 1;
    }, {
      drain: drain.signal,
      onWorkerStart: (w) => (worker = w.id),
      onTrialLost: (t) => {
        lost.push(t.id);
        drain.abort();
      },
    });
    expect(lost).toEqual([0]);
    expect(study.trials[0]).toMatchObject({ state: 'waiting', attrs: { requeued: 1 } });
  });
});
