/**
 * The executor contract: runs tasks, serially or on workers.
 *
 * A task is plain data; the executor knows how to run it (an in-process handler
 * for the serial executor, a module loaded in each worker for the pool). The
 * engine submits tasks and awaits their results; an executor keeps at most
 * `concurrency` tasks running and queues the rest in submission order.
 */

/** Runs tasks of type T, producing results of type R. */
export interface Executor<T, R> {
  /** How many tasks run at once. */
  readonly concurrency: number;
  /** Queues a task; resolves with its result, rejects with its error. */
  run(task: T, signal?: AbortSignal): Promise<R>;
  /** Ends the executor (workers terminated); pending tasks reject. */
  close(): Promise<void>;
}

/** A function that runs one task in-process. */
export type TaskHandler<T, R> = (task: T, signal?: AbortSignal) => Promise<R>;
