/**
 * Where the study loop gets its next trial.
 *
 * - {@link LocalTrialSource}: a study that no other process runs. The
 *   sampler's proposal is created here, at once, as a running trial.
 * - {@link SharedTrialSource}: a study that several study workers share (a
 *   named study in a journal, PostgreSQL or memory). It registers this worker
 *   and heart-beats; it takes the oldest waiting trial from the queue before
 *   asking the sampler; a proposal is enqueued only if no other worker added a
 *   trial since the history was read (so the workers never propose the same
 *   slot twice), and a sampler whose proposals do not depend on running trials
 *   (`queueAhead`) enqueues all it can at once; while trials run elsewhere the
 *   loop polls, and the trials of dead workers are reaped.
 *
 * Which one a study uses is its `shared` option, never the kind of storage.
 */
import { FatalError } from '../core/errors.js';
import type { Sampler, SamplerContext } from './sampler.js';
import type { Storage, StudyStorage, TrialInit, WorkerInfo } from './storage/storage.js';
import type { RunningTrial, Trial } from './trial.js';
import { isUnfinished } from './trial.js';

/** The most proposals enqueued at once by a `queueAhead` sampler. */
const MAX_AHEAD = 10_000;

/** A trial to run, or the sampler's `wait` or `stop`. */
export type NextTrial = RunningTrial | 'wait' | 'stop';

/** What the loop does when the source has no trial for it. */
export type IdleStep = 'idle' | 'poll' | 'exhausted';

/** The study's side of a trial source: its sampler and history. */
export interface TrialSourceContext {
  readonly sampler: Sampler;
  readonly samplerContext: SamplerContext;
  /** Reads the history (keeping the study's copy current). */
  readonly refresh: () => Promise<readonly Trial[]>;
  /** The history as last read. */
  readonly cached: () => readonly Trial[];
}

/** Where the study loop gets its next trial. */
export interface TrialSource {
  /** True when the loop, with nothing to run, waits for the trials others run before it ends. */
  readonly waitsForOthers: boolean;
  open(): Promise<void>;
  /** The next trial to run, or the sampler's `wait` or `stop`. */
  next(): Promise<NextTrial>;
  /** True when trials run elsewhere (other workers), as last read. */
  runningElsewhere(): boolean;
  /** Called while the loop waits on other workers: reaps the trials of dead ones. */
  poll(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What the loop does when the source answers `wait` or `stop` with `runningHere`
 * trials of its own running: ask again when one of them ends (`idle`), poll
 * while others run (`poll`), or end (`exhausted`).
 * @throws {FatalError} when the sampler waits and nothing runs anywhere.
 */
export function whenIdle(answer: 'wait' | 'stop', runningHere: number, source: TrialSource): IdleStep {
  if (runningHere > 0 && (answer === 'wait' || source.waitsForOthers)) return 'idle';
  const elsewhere = source.runningElsewhere();
  if (answer === 'stop' && !(elsewhere && source.waitsForOthers)) return 'exhausted';
  if (!elsewhere) throw new FatalError('The sampler asked to wait while no trial is running; it would wait forever.');
  return 'poll';
}

/** The trials of a study no other process runs: the sampler's proposal, created at once. */
export class LocalTrialSource implements TrialSource {
  readonly waitsForOthers = false;

  constructor(
    private readonly storage: Storage,
    private readonly study: TrialSourceContext,
  ) {}

  async open(): Promise<void> {}

  async next(): Promise<NextTrial> {
    const suggestion = this.study.sampler.suggest(await this.study.refresh(), this.study.samplerContext);
    if (suggestion.kind !== 'run') return suggestion.kind;
    return this.storage.createTrial({ params: suggestion.params, budget: suggestion.budget, meta: suggestion.meta });
  }

  runningElsewhere(): boolean {
    return false;
  }

  async poll(): Promise<void> {}

  async close(): Promise<void> {}
}

/** Options of {@link SharedTrialSource}. */
export interface SharedTrialSourceOptions {
  /** This study worker's identity. */
  readonly worker: WorkerInfo;
  /** Wait for the trials others run before the loop ends. */
  readonly waitForOthers: boolean;
  /** Called once this worker is registered with the study. */
  readonly onWorkerStart?: ((worker: WorkerInfo, storage: StudyStorage) => void) | undefined;
}

/**
 * One study worker's trials of a shared study: registration, heartbeats (on a
 * timer that does not keep the process alive), the queue, and reaping.
 */
export class SharedTrialSource implements TrialSource {
  readonly waitsForOthers: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastReap = 0;

  constructor(
    private readonly storage: StudyStorage,
    private readonly study: TrialSourceContext,
    private readonly options: SharedTrialSourceOptions,
  ) {
    this.waitsForOthers = options.waitForOthers;
  }

  async open(): Promise<void> {
    const { worker } = this.options;
    await this.storage.registerWorker(worker);
    let beating = false;
    this.timer = setInterval(() => {
      // one heartbeat at a time: during a storage outage one waits (the storage reconnects), the next ones skip
      if (beating) return;
      beating = true;
      this.storage.heartbeat(worker.id).then(
        () => (beating = false),
        () => (beating = false),
      );
    }, this.storage.stalePolicy.heartbeatMs);
    this.timer.unref();
    this.options.onWorkerStart?.(worker, this.storage);
    await this.reap(true);
  }

  /**
   * A waiting trial from the queue, else a new proposal (enqueued, then
   * claimed); `wait` or `stop` as the sampler says.
   */
  async next(): Promise<NextTrial> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const claimed = await this.storage.claimTrial(this.options.worker.id);
      if (claimed !== undefined) return claimed;
      const trials = await this.study.refresh();
      const inits = this.proposals(trials);
      if (!Array.isArray(inits)) return inits;
      // enqueued only if nobody else added a trial meanwhile; either way, claim next
      await this.storage.enqueueTrials(inits, { expectedCount: trials.length });
    }
    return 'wait';
  }

  /** The sampler's next proposal, and those after it for a `queueAhead` sampler; or its `wait`/`stop`. */
  private proposals(trials: readonly Trial[]): TrialInit[] | 'wait' | 'stop' {
    const { sampler, samplerContext } = this.study;
    const first = sampler.suggest(trials, samplerContext);
    if (first.kind !== 'run') return first.kind;
    const inits: TrialInit[] = [{ params: first.params, budget: first.budget, meta: first.meta }];
    if (sampler.queueAhead !== true) return inits;
    const virtual: Trial[] = [...trials];
    const now = Date.now();
    for (let s = first; s.kind === 'run' && inits.length < MAX_AHEAD; ) {
      virtual.push({ id: virtual.length, state: 'waiting', params: s.params, budget: s.budget, meta: s.meta ?? {}, intermediate: [], attrs: {}, startedAt: now });
      const ahead = sampler.suggest(virtual, samplerContext);
      if (ahead.kind !== 'run') break;
      inits.push({ params: ahead.params, budget: ahead.budget, meta: ahead.meta });
      s = ahead;
    }
    return inits;
  }

  runningElsewhere(): boolean {
    return this.study.cached().some(isUnfinished);
  }

  async poll(): Promise<void> {
    await this.reap();
  }

  /** Reaps the trials of dead workers, at most once per heartbeat interval unless forced. */
  private async reap(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastReap < this.storage.stalePolicy.heartbeatMs / 2) return;
    this.lastReap = now;
    await this.storage.reapStaleTrials();
  }

  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.storage.unregisterWorker(this.options.worker.id).catch(() => undefined);
  }
}
