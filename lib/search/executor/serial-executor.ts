/**
 * The serial executor: one task at a time, in this thread, in submission order.
 *
 * Before each task it returns to the event loop, so that a Ctrl-C, a timer (a
 * search's timeout) or a caller's `abort()` is seen between tasks even when
 * every task is synchronous work. A task whose signal aborts is abandoned: the
 * next one does not wait for it, nor does `close()` (it may still run in the
 * background unless it honours the signal).
 */
import { isStopped, raceAbort, yieldToEventLoop } from '../../core/checkpoint.js';
import { AbortError } from '../../core/errors.js';
import type { Executor, TaskHandler } from './executor.js';

/**
 * Runs tasks one after another with an in-process handler.
 * @example
 * ```ts
 * const executor = new SerialExecutor(async (n: number) => n * 2);
 * await executor.run(21); // 42
 * ```
 */
export class SerialExecutor<T, R> implements Executor<T, R> {
  readonly concurrency = 1;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly handler: TaskHandler<T, R>) {}

  run(task: T, signal?: AbortSignal): Promise<R> {
    if (this.closed) return Promise.reject(new AbortError('The executor is closed.'));
    const result = this.tail.then(async () => {
      await yieldToEventLoop();
      if (this.closed) throw new AbortError('The executor is closed.');
      if (isStopped(signal)) throw new AbortError('The task was aborted before it started.');
      return this.handler(task, signal);
    });
    // the next task starts when this one settles, or as soon as its signal abandons it
    this.tail = raceAbort(result, signal).catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}
