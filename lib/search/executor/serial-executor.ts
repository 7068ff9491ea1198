/**
 * The serial executor: one task at a time, in this thread, in submission order.
 */
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
    const result = this.tail.then(() => {
      if (this.closed) throw new AbortError('The executor is closed.');
      if (signal?.aborted) throw new AbortError('The task was aborted before it started.');
      return this.handler(task, signal);
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}
