/**
 * The pool of trials a study loop runs at once: at most `capacity`, each a
 * promise that settles when its trial is recorded. The loop waits on the pool
 * for one of them to end (or the study to stop, or a poll interval to pass).
 */

/** The trials a study loop is running. */
export class RunningTrials {
  private readonly running = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private startedCount = 0;
  private readonly onStop = (): void => this.wakeUp();

  /**
   * @param capacity the most trials at once
   * @param wakeOn signals that end a wait early (the study's stop, a drain)
   */
  constructor(
    readonly capacity: number,
    private readonly wakeOn: readonly (AbortSignal | undefined)[],
  ) {
    for (const s of wakeOn) s?.addEventListener('abort', this.onStop);
  }

  /** Trials running now. */
  get size(): number {
    return this.running.size;
  }

  /** True when another trial may start. */
  get hasRoom(): boolean {
    return this.running.size < this.capacity;
  }

  /** Trials started so far. */
  get started(): number {
    return this.startedCount;
  }

  /** Runs a trial's work; `onError` receives what it threw (its trial is then not recorded). */
  launch(work: () => Promise<void>, onError: (error: unknown) => void): void {
    this.startedCount++;
    const task: Promise<void> = work()
      .catch(onError)
      .finally(() => {
        this.running.delete(task);
        this.wakeUp();
      });
    this.running.add(task);
  }

  /** Resolves when a trial ends, a wake signal aborts, or after `pollMs` when given. */
  async wait(pollMs?: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (pollMs !== undefined) setTimeout(() => this.wakeUp(), pollMs);
    });
  }

  /** Waits for every running trial, and stops listening to the wake signals. */
  async settle(): Promise<void> {
    for (const s of this.wakeOn) s?.removeEventListener('abort', this.onStop);
    if (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
