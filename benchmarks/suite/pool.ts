/**
 * Runs the suite's jobs on `jobs` slots: runs of our strategies in worker
 * processes (each job single-threaded, so one per core keeps timings honest), or
 * in this process with one slot; peer jobs as Python processes, each taking a slot.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SuiteRun } from '../../lib/report/suite-types.js';
import { kerasBackend } from './keras-task.js';
import type { PeerOutput } from './peers.js';
import { runOne } from './runner.js';
import { pickStrategies } from './strategies.js';
import { pickTasks } from './tasks.js';

/** One run of one of our strategies. */
export interface RunJob {
  readonly kind: 'run';
  readonly task: string;
  readonly strategy: string;
  readonly seed: number;
  readonly budget: number;
  /** Expected relative cost, to start the longest jobs first. */
  readonly weight: number;
}

/** A peer script run (several runs at once). */
export interface PeerJob {
  readonly kind: 'peer';
  readonly label: string;
  readonly weight: number;
  run(): Promise<PeerOutput>;
}

/** What finished. */
export type JobResult = { readonly job: RunJob; readonly run: SuiteRun; readonly backend: string | undefined } | { readonly job: PeerJob; readonly output: PeerOutput | Error };

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function startWorker(): ChildProcess {
  return fork(WORKER, [], { execArgv: ['--import', 'tsx'], cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function runInWorker(worker: ChildProcess, job: RunJob): Promise<{ run: SuiteRun; backend: string | undefined }> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { run: SuiteRun; backend: string | undefined }) => {
      worker.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => {
      worker.off('message', onMessage);
      reject(new Error(`a suite worker exited with ${code} while running ${job.strategy} on ${job.task} (seed ${job.seed})`));
    };
    worker.once('message', onMessage);
    worker.once('exit', onExit);
    worker.send(job);
  });
}

/**
 * Runs every job, the heaviest first, `slots` at a time; calls `onResult` as each ends.
 * With one slot, runs of our strategies run in this process.
 */
export async function runJobs(jobs: readonly (RunJob | PeerJob)[], slots: number, onResult: (r: JobResult) => void): Promise<void> {
  const queue = [...jobs].sort((a, b) => b.weight - a.weight);
  const workers: ChildProcess[] = [];
  const inProcess = slots <= 1;
  const lane = async (): Promise<void> => {
    let worker: ChildProcess | undefined;
    for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
      if (job.kind === 'peer') {
        const output = await job.run().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
        onResult({ job, output });
        continue;
      }
      if (inProcess) {
        const run = await runOne(pickTasks([job.task])[0]!, pickStrategies([job.strategy])[0]!, job.seed, job.budget);
        onResult({ job, run, backend: kerasBackend() });
        continue;
      }
      if (worker === undefined) {
        worker = startWorker();
        workers.push(worker);
      }
      try {
        const { run, backend } = await runInWorker(worker, job);
        onResult({ job, run, backend });
      } catch (error) {
        // the worker died (out of memory, a crash): record the run as failed, start a new worker
        worker = undefined;
        const message = error instanceof Error ? error.message : String(error);
        onResult({ job, run: { task: job.task, strategy: job.strategy, seed: job.seed, evaluations: [], seconds: 0, error: message }, backend: undefined });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, slots) }, lane));
  } finally {
    for (const w of workers) if (w.connected) w.disconnect();
  }
}
