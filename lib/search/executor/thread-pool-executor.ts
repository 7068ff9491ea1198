/**
 * The thread-pool executor: tasks run on a pool of `nWorkers` worker threads
 * (piscina), started once and reused until `close()`. Its threads are *pool
 * workers*: they run the (candidate, split) fits of one search process (not
 * the study workers that share a study, nor `tunekit worker` processes).
 *
 * Each worker imports `handlerModule`, whose default export runs one task:
 * `export default async function (task) { ... }`. What every task needs (the data,
 * the estimator) goes in `workerData` once per worker; `SharedArrayBuffer`s in it
 * are shared, not copied. A task that throws rejects its promise; a worker that
 * dies (exit, out-of-memory) rejects the task it was running with a
 * {@link WorkerCrashError} and is replaced, so the pool goes on.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import type { TransferListItem } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { AbortError, TunekitError } from '../../core/errors.js';
import { checkParam, integerIn, oneOf } from '../../core/validate.js';
import type { Executor } from './executor.js';
import { writeOnce } from './temp-file.js';

/** A pool worker (a thread or a child process of an executor) died while running a task: it exited, ran out of memory or was killed. */
export class WorkerCrashError extends TunekitError {
  override name = 'WorkerCrashError';
}

/** Per-worker memory limits (Node's `resourceLimits`; they bound the JavaScript heap, not wasm memory). */
export interface WorkerResourceLimits {
  readonly maxOldGenerationSizeMb?: number | undefined;
  readonly maxYoungGenerationSizeMb?: number | undefined;
  readonly stackSizeMb?: number | undefined;
}

/** Options of {@link ThreadPoolExecutor}. */
export interface ThreadPoolExecutorOptions {
  /** The module each worker imports; its default export runs one task. */
  readonly handlerModule: string | URL;
  /** The number of worker threads. */
  readonly nWorkers: number;
  /** Data every worker receives once (structured-cloned; SharedArrayBuffers shared). @default undefined */
  readonly workerData?: unknown;
  /** Heap limits per worker. @default undefined */
  readonly resourceLimits?: WorkerResourceLimits | undefined;
  /** Load TypeScript modules in the workers (through tsx): 'auto' when the handler is a .ts file. @default 'auto' */
  readonly typescript?: 'auto' | boolean | undefined;
}

/** Resolves `nJobs` (-1: every core) to a number of workers. */
export function resolveJobs(owner: string, nJobs: number | undefined): number {
  const n = checkParam<number>(owner, 'nJobs', nJobs ?? 1, [integerIn({ min: 1 }), oneOf([-1])], { kind: 'option' });
  return n === -1 ? availableParallelism() : n;
}

const BOOTSTRAP = `// tunekit worker bootstrap (generated)
import { workerData } from 'node:worker_threads';
const boot = workerData && workerData.__tunekit;
if (boot && boot.tsx) { const api = await import(boot.tsx); api.register(); }
const mod = await import(boot.handler);
export default mod.default;
`;

let bootstrapPath: string | undefined;

/**
 * A plain-JavaScript entry for the workers in the temp dir, named by the hash of its
 * text: one file per version of tunekit, shared by every process (so none is left
 * behind per process).
 */
function bootstrapFile(): string {
  if (bootstrapPath !== undefined && existsSync(bootstrapPath)) return bootstrapPath;
  bootstrapPath = writeOnce(`tunekit-worker-${createHash('sha1').update(BOOTSTRAP).digest('hex').slice(0, 12)}.mjs`, BOOTSTRAP);
  return bootstrapPath;
}


/** The file URL of tsx's ESM registration API, when tsx can be found. */
export function tsxRegisterUrl(): string | undefined {
  try {
    // the ESM entry (the CommonJS one cannot register ESM hooks in a worker)
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    const esm = cjs.replace(/\.cjs$/, '.mjs');
    return pathToFileURL(existsSync(esm) ? esm : cjs).href;
  } catch {
    return undefined;
  }
}

function crashed(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /worker.*(exit|terminat|memory)|ERR_WORKER|out of memory/i.test(message) || (error as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * Runs tasks on a pool of worker threads.
 * @example
 * ```ts
 * const pool = new ThreadPoolExecutor<FitTask, SplitResult>({ handlerModule: new URL('./fit-pool-task.js', import.meta.url), nWorkers: 4, workerData: context });
 * const result = await pool.run(task);
 * await pool.close();
 * ```
 */
export class ThreadPoolExecutor<T, R> implements Executor<T, R> {
  readonly concurrency: number;
  private readonly pool: Piscina;
  private closed = false;
  /** The first error a worker raised while starting (a module that cannot load). */
  private startError: unknown;

  constructor(options: ThreadPoolExecutorOptions) {
    this.concurrency = checkParam<number>('ThreadPoolExecutor', 'nWorkers', options.nWorkers, integerIn({ min: 1 }), { kind: 'option' });
    const handler = String(options.handlerModule);
    const wantTs = options.typescript ?? 'auto';
    const tsx = wantTs === true || (wantTs === 'auto' && handler.endsWith('.ts')) ? tsxRegisterUrl() : undefined;
    const data = { __tunekit: { handler, tsx }, payload: options.workerData };
    this.pool = new Piscina({
      filename: pathToFileURL(bootstrapFile()).href,
      minThreads: this.concurrency,
      maxThreads: this.concurrency,
      maxQueue: 'auto',
      idleTimeout: 60_000,
      workerData: data,
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    // a worker that fails to start must not crash the process: its tasks reject instead
    this.pool.on('error', (error: unknown) => {
      this.startError ??= error;
    });
  }

  /**
   * Runs `task` on a worker; `transferList` moves objects to it (a `MessagePort`
   * the task carries) instead of copying them.
   */
  async run(task: T, signal?: AbortSignal, transferList?: readonly TransferListItem[]): Promise<R> {
    if (this.closed) throw new AbortError('The executor is closed.');
    if (signal?.aborted) throw new AbortError('The task was aborted before it started.');
    if (this.startError !== undefined) throw this.startFailure();
    try {
      return (await this.pool.run(task, { ...(signal ? { signal } : {}), ...(transferList ? { transferList: [...transferList] } : {}) })) as R;
    } catch (error) {
      if (signal?.aborted || (error as { name?: string })?.name === 'AbortError') throw new AbortError('The task was aborted.');
      if (crashed(error)) {
        throw new WorkerCrashError(`A worker died while running the task: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      throw error;
    }
  }

  private startFailure(): Error {
    const cause = this.startError;
    return new TunekitError(
      `The worker threads could not start: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'A TypeScript module needs tsx in the workers (npm install -D tsx), or build to JavaScript first.',
      { cause },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}

/**
 * The payload given to a pool executor as `workerData`, read inside a worker
 * (a thread of {@link ThreadPoolExecutor} or a process of `ProcessPoolExecutor`).
 */
export async function workerPayload<P>(): Promise<P> {
  const fromProcess = (globalThis as { __tunekitWorkerPayload?: P }).__tunekitWorkerPayload;
  if (fromProcess !== undefined) return fromProcess;
  const { workerData } = await import('node:worker_threads');
  return (workerData as { payload: P }).payload;
}

/** @deprecated The former name of {@link ThreadPoolExecutor}. */
export const WorkerPoolExecutor = ThreadPoolExecutor;
/** @deprecated The former name of {@link ThreadPoolExecutorOptions}. */
export type WorkerPoolExecutorOptions = ThreadPoolExecutorOptions;
