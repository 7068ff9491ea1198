/**
 * What a worker process keeps while it runs: the record of the trials it ended
 * (built from the study loop's hooks) and its stop state (a timeout or a signal
 * drains the study: the running trials end, no new one starts).
 */
import type { StudyHooks } from '../study.js';
import type { RunningTrial, Trial } from '../trial.js';
import type { WorkerTrialEvent } from './worker-options.js';

/** The trials a worker ended, in the order they ended, told to `onTrial` as they end. */
export class WorkerTrialLog {
  readonly events: WorkerTrialEvent[] = [];
  private readonly since = new Map<number, number>();

  constructor(private readonly onTrial: ((event: WorkerTrialEvent) => void) | undefined) {}

  /** The study loop's hooks that fill the log. */
  readonly hooks: StudyHooks = {
    onTrialStart: (trial) => {
      this.since.set(trial.id, performance.now());
    },
    onTrialEnd: (trial) => this.end(trial, trial.state, trial.state === 'complete' ? { value: trial.values[0] } : trial.state === 'failed' ? { error: trial.error } : {}),
    onTrialLost: (trial: RunningTrial) => this.end(trial, 'lost'),
  };

  /** Counts of the trials by how they ended. */
  counts(): Record<WorkerTrialEvent['state'], number> {
    const counts = { complete: 0, pruned: 0, failed: 0, lost: 0 };
    for (const e of this.events) counts[e.state]++;
    return counts;
  }

  private end(trial: Trial, state: WorkerTrialEvent['state'], extra: Partial<WorkerTrialEvent> = {}): void {
    const since = this.since.get(trial.id) ?? performance.now();
    this.since.delete(trial.id);
    const event: WorkerTrialEvent = { trialId: trial.id, state, params: trial.params, seconds: (performance.now() - since) / 1000, ...extra };
    this.events.push(event);
    this.onTrial?.(event);
  }
}

/** Why a worker is stopping, and the drain signal its study loop watches. */
export class WorkerStop {
  private readonly controller = new AbortController();
  private why: 'timeout' | 'signal' | undefined;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = (): void => this.request('signal');

  constructor(
    private readonly signal: AbortSignal | undefined,
    timeout: number | undefined,
  ) {
    this.timer = timeout === undefined ? undefined : setTimeout(() => this.request('timeout'), timeout * 1000);
    if (signal?.aborted === true) this.request('signal');
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Aborted once the worker is told to stop. */
  get drain(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the worker was told to stop, if it was. */
  get cause(): 'timeout' | 'signal' | undefined {
    return this.why;
  }

  /** Tells the worker to stop taking trials (the first cause wins). */
  request(cause: 'timeout' | 'signal'): void {
    this.why ??= cause;
    this.controller.abort();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
