/**
 * What a study loop does on a shared storage (journal, PostgreSQL, a named
 * memory study): it registers as a worker and heart-beats; it takes the oldest
 * waiting trial from the queue before asking the sampler; a proposal is
 * enqueued only if no other worker added a trial since the history was read
 * (so the workers never propose the same slot twice), and a sampler whose
 * proposals do not depend on running trials (`queueAhead`) enqueues all it can
 * at once; while trials run elsewhere it polls, and reaps the trials of dead
 * workers.
 */
import type { Sampler, SamplerContext } from './sampler.js';
import type { StudyStorage, TrialInit, WorkerInfo } from './storage/storage.js';
import type { RunningTrial, Trial } from './trial.js';

/** The most proposals enqueued at once by a `queueAhead` sampler. */
const MAX_AHEAD = 10_000;

/** What the loop does next. */
export type NextStep = { readonly kind: 'trial'; readonly trial: RunningTrial } | { readonly kind: 'wait' } | { readonly kind: 'stop' };

/**
 * One worker's session on a shared study: registration, heartbeats and reaping.
 * The heartbeat runs on a timer that does not keep the process alive.
 */
export class WorkerSession {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastReap = 0;

  constructor(
    readonly storage: StudyStorage,
    readonly worker: WorkerInfo,
  ) {}

  async start(): Promise<void> {
    await this.storage.registerWorker(this.worker);
    this.timer = setInterval(() => {
      this.storage.heartbeat(this.worker.id).catch(() => undefined);
    }, this.storage.stalePolicy.heartbeatMs);
    this.timer.unref();
    await this.reap(true);
  }

  /** Reaps the trials of dead workers, at most once per heartbeat interval unless forced. */
  async reap(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastReap < this.storage.stalePolicy.heartbeatMs / 2) return;
    this.lastReap = now;
    await this.storage.reapStaleTrials();
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.storage.unregisterWorker(this.worker.id).catch(() => undefined);
  }

  /**
   * The next trial for this worker: a waiting one from the queue, else a new
   * proposal (enqueued, then claimed); `wait` or `stop` as the sampler says.
   * `refresh` reads the history (and keeps the study's copy current).
   */
  async next(sampler: Sampler, context: SamplerContext, refresh: () => Promise<readonly Trial[]>): Promise<NextStep> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const claimed = await this.storage.claimTrial(this.worker.id);
      if (claimed !== undefined) return { kind: 'trial', trial: claimed };
      const trials = await refresh();
      const suggestion = sampler.suggest(trials, context);
      if (suggestion.kind !== 'run') return suggestion;
      const inits: TrialInit[] = [{ params: suggestion.params, budget: suggestion.budget, meta: suggestion.meta }];
      if (sampler.queueAhead === true) {
        const virtual: Trial[] = [...trials];
        const now = Date.now();
        for (let s = suggestion; s.kind === 'run' && inits.length < MAX_AHEAD; ) {
          virtual.push({ id: virtual.length, state: 'running', waiting: true, params: s.params, budget: s.budget, meta: s.meta ?? {}, intermediate: [], attrs: {}, startedAt: now });
          const ahead = sampler.suggest(virtual, context);
          if (ahead.kind !== 'run') break;
          inits.push({ params: ahead.params, budget: ahead.budget, meta: ahead.meta });
          s = ahead;
        }
      }
      // enqueued only if nobody else added a trial meanwhile; either way, claim next
      await this.storage.enqueueTrials(inits, { expectedCount: trials.length });
    }
    return { kind: 'wait' };
  }
}
