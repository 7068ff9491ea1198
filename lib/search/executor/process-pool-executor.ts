/**
 * The child-process executor: hard isolation. Each worker is a Node process
 * (`child_process.fork`), so a crash, an abort or a runaway allocation (also inside
 * wasm memory, which worker-thread limits do not bound) ends only that process; it
 * is replaced and its task rejected with a {@link WorkerCrashError}. With
 * `maxMemoryMb`, a process whose resident memory passes the cap is killed.
 *
 * Same contract as {@link ThreadPoolExecutor}: `handlerModule`'s default export runs
 * one task; `workerData` is sent once per process (copied: processes share no memory).
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { AbortError, FatalError, TunekitError } from '../../core/errors.js';
import { checkParam, integerIn, realIn } from '../../core/validate.js';
import type { Executor } from './executor.js';
import { writeOnce } from './temp-file.js';
import { WorkerCrashError, tsxRegisterUrl } from './thread-pool-executor.js';

/** Options of {@link ProcessPoolExecutor}. */
export interface ProcessPoolExecutorOptions {
  /** The module each process imports; its default export runs one task. */
  readonly handlerModule: string | URL;
  /** The number of processes. */
  readonly nWorkers: number;
  /** Data every process receives once. @default undefined */
  readonly workerData?: unknown;
  /** Kill a process whose resident memory exceeds this many MB. @default undefined (no cap) */
  readonly maxMemoryMb?: number | undefined;
  /** Load TypeScript modules in the processes (through tsx): 'auto' when the handler is a .ts file. @default 'auto' */
  readonly typescript?: 'auto' | boolean | undefined;
}

const RUNNER = `// tunekit process worker (generated)
let handler;
let current;
let nextRequest = 0;
const pending = new Map();
// a task asks the search a question (a fit's report: stop or go on?) and waits for the answer
globalThis.__tunekitAskParent = (data) => new Promise((resolve, reject) => {
  const rid = nextRequest++;
  pending.set(rid, { resolve, reject });
  process.send({ type: 'request', id: current, rid, data });
});
process.on('message', async (msg) => {
  if (msg.type === 'init') {
    globalThis.__tunekitWorkerPayload = msg.payload;
    if (msg.tsx) { const api = await import(msg.tsx); api.register(); }
    handler = (await import(msg.handler)).default;
    process.send({ type: 'ready' });
  } else if (msg.type === 'reply') {
    const waiting = pending.get(msg.rid);
    pending.delete(msg.rid);
    if (waiting !== undefined) { if (msg.error !== undefined) waiting.reject(new Error(msg.error)); else waiting.resolve(msg.data); }
  } else if (msg.type === 'task') {
    current = msg.id;
    try {
      const result = await handler(msg.task);
      process.send({ type: 'result', id: msg.id, result });
    } catch (e) {
      process.send({ type: 'error', id: msg.id, name: (e && e.name) || 'Error', message: (e && e.message) || String(e), fatal: !!(e && (e.name === 'FatalError' || e.name === 'InvalidParameterError' || e.name === 'SplitFitError')) });
    }
  }
});
process.on('disconnect', () => process.exit(0));
`;

let runnerPath: string | undefined;
function runnerFile(): string {
  if (runnerPath !== undefined && existsSync(runnerPath)) return runnerPath;
  runnerPath = writeOnce(`tunekit-process-worker-${createHash('sha1').update(RUNNER).digest('hex').slice(0, 12)}.mjs`, RUNNER);
  return runnerPath;
}

function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Answers the questions a task asks while it runs (`askParent` in the process). */
export type ParentAnswerer = (question: unknown) => Promise<unknown>;

/**
 * In a pool process, inside a task: asks the search's process a question and resolves
 * with its answer (see the `answer` argument of {@link ProcessPoolExecutor.run}).
 * Undefined outside a pool process.
 */
export function askParent(): ParentAnswerer | undefined {
  return (globalThis as { __tunekitAskParent?: ParentAnswerer }).__tunekitAskParent;
}

interface Job<T, R> {
  readonly id: number;
  readonly task: T;
  readonly signal: AbortSignal | undefined;
  readonly answer: ParentAnswerer | undefined;
  resolve(value: R): void;
  reject(error: unknown): void;
}

interface Slot<T, R> {
  child: ChildProcess;
  ready: boolean;
  job: Job<T, R> | undefined;
  /** Why the child is being killed, when we kill it. */
  killReason: Error | undefined;
}

/**
 * Runs tasks on a pool of child processes.
 * @example
 * ```ts
 * const pool = new ProcessPoolExecutor({ handlerModule: new URL('./fit-pool-task.js', import.meta.url), nWorkers: 2, maxMemoryMb: 2048 });
 * ```
 */
export class ProcessPoolExecutor<T, R> implements Executor<T, R> {
  readonly concurrency: number;
  private readonly options: ProcessPoolExecutorOptions;
  private readonly slots: Slot<T, R>[] = [];
  private readonly queue: Job<T, R>[] = [];
  private nextId = 0;
  private closed = false;
  private readonly monitor: NodeJS.Timeout | undefined;
  private readonly tsx: string | undefined;

  constructor(options: ProcessPoolExecutorOptions) {
    this.concurrency = checkParam<number>('ProcessPoolExecutor', 'nWorkers', options.nWorkers, integerIn({ min: 1 }), { kind: 'option' });
    if (options.maxMemoryMb !== undefined) checkParam('ProcessPoolExecutor', 'maxMemoryMb', options.maxMemoryMb, realIn({ min: 0, minInclusive: false }), { kind: 'option' });
    this.options = options;
    const handler = String(options.handlerModule);
    const wantTs = options.typescript ?? 'auto';
    this.tsx = wantTs === true || (wantTs === 'auto' && handler.endsWith('.ts')) ? tsxRegisterUrl() : undefined;
    for (let i = 0; i < this.concurrency; i++) this.slots.push(this.spawn());
    if (options.maxMemoryMb !== undefined) {
      this.monitor = setInterval(() => this.checkMemory(), 200);
      this.monitor.unref();
    }
  }

  private spawn(): Slot<T, R> {
    const child = fork(runnerFile(), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    const slot: Slot<T, R> = { child, ready: false, job: undefined, killReason: undefined };
    child.on('message', (msg: { type: string; id?: number; rid?: number; data?: unknown; result?: R; name?: string; message?: string; fatal?: boolean }) => {
      if (msg.type === 'ready') {
        slot.ready = true;
        this.dispatch();
        return;
      }
      if (msg.type === 'request') {
        this.answerRequest(slot, msg.id, msg.rid, msg.data);
        return;
      }
      const job = slot.job;
      if (job === undefined || job.id !== msg.id) return;
      slot.job = undefined;
      if (msg.type === 'result') job.resolve(msg.result as R);
      else {
        const error = msg.fatal ? new FatalError(`${msg.name}: ${msg.message}`) : new TunekitError(`${msg.name}: ${msg.message}`);
        job.reject(error);
      }
      this.dispatch();
    });
    child.on('exit', (code, signal) => {
      const index = this.slots.indexOf(slot);
      const job = slot.job;
      slot.job = undefined;
      if (job !== undefined) {
        const reason = slot.killReason ?? new Error(`the process exited (${signal ? `signal ${signal}` : `code ${code}`})`);
        if (reason instanceof AbortError) job.reject(reason);
        else job.reject(new WorkerCrashError(`A worker process died while running the task: ${reason.message}`, { cause: reason }));
      }
      if (!this.closed && index >= 0) {
        this.slots[index] = this.spawn();
        this.dispatch();
      }
    });
    child.send({ type: 'init', handler: String(this.options.handlerModule), tsx: this.tsx, payload: this.options.workerData });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job !== undefined) continue;
      let job = this.queue.shift();
      while (job !== undefined && job.signal?.aborted) {
        job.reject(new AbortError('The task was aborted before it started.'));
        job = this.queue.shift();
      }
      if (job === undefined) return;
      slot.job = job;
      const current = job;
      job.signal?.addEventListener(
        'abort',
        () => {
          if (slot.job === current) this.kill(slot, new AbortError('The task was aborted.'));
        },
        { once: true },
      );
      slot.child.send({ type: 'task', id: job.id, task: job.task });
    }
  }

  /** Answers a running task's question with its job's answerer; the answer (or the error) goes back to the process. */
  private answerRequest(slot: Slot<T, R>, id: number | undefined, rid: number | undefined, question: unknown): void {
    const job = slot.job;
    const reply = (body: { data?: unknown; error?: string }): void => {
      if (slot.child.connected) slot.child.send({ type: 'reply', rid, ...body });
    };
    if (job === undefined || job.id !== id || job.answer === undefined) {
      reply({ error: 'nothing in the search answers questions from this task' });
      return;
    }
    job.answer(question).then(
      (data) => reply({ data }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private kill(slot: Slot<T, R>, reason: Error): void {
    slot.killReason = reason;
    slot.child.kill('SIGKILL');
  }

  private checkMemory(): void {
    const cap = this.options.maxMemoryMb;
    if (cap === undefined) return;
    for (const slot of this.slots) {
      if (slot.job === undefined) continue;
      const rss = residentMb(slot.child.pid);
      if (rss !== undefined && rss > cap) {
        this.kill(slot, new Error(`its resident memory (${rss.toFixed(0)} MB) exceeded maxMemoryMb=${cap}`));
      }
    }
  }

  /**
   * Queues a task. `answer` answers the questions the task asks while it runs
   * ({@link askParent} in the process: a fit's reports, for pruning inside it).
   */
  run(task: T, signal?: AbortSignal, answer?: ParentAnswerer): Promise<R> {
    if (this.closed) return Promise.reject(new AbortError('The executor is closed.'));
    if (signal?.aborted) return Promise.reject(new AbortError('The task was aborted before it started.'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, signal, answer, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.monitor !== undefined) clearInterval(this.monitor);
    for (const job of this.queue.splice(0)) job.reject(new AbortError('The executor is closed.'));
    await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
            slot.child.once('exit', () => resolve());
            slot.child.kill('SIGTERM');
          }),
      ),
    );
  }
}
