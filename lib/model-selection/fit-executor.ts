/**
 * Choosing and building the executor of a search's (candidate, split) fits:
 * in-process and serial for `nJobs: 1`, a worker-thread pool (or a pool of child
 * processes) otherwise, with the data sent to each worker once.
 */
import { isStopped, raceAbort } from '../core/checkpoint.js';
import { AbortError, errorMessage } from '../core/errors.js';
import { toTransferable } from '../core/transfer.js';
import type { Scoring } from '../metrics/scorer.js';
import type { Executor } from '../search/executor/executor.js';
import { ProcessPoolExecutor } from '../search/executor/process-pool-executor.js';
import { SerialExecutor } from '../search/executor/serial-executor.js';
import { WorkerCrashError, ThreadPoolExecutor, resolveJobs } from '../search/executor/thread-pool-executor.js';
import type { FitAndScoreContext, FitAndScoreTask, SplitResult } from './fit-and-score.js';
import { STOPPED_SPLIT_MESSAGE, fitAndScore, unfinishedSplit } from './fit-and-score.js';
import type { FitPoolPayload, FitPoolReply, FitPoolTask } from './fit-pool-task.js';
import { replyError } from './fit-pool-task.js';
import { answerReports, serveReports } from './report-channel.js';

/** Where parallel fits run. */
export type ParallelBackend = 'threads' | 'processes';

/** Options of {@link createFitExecutor}. */
export interface FitExecutorOptions {
  readonly owner: string;
  /** 1: serial in this thread; n: n workers; -1: one per core. */
  readonly nJobs: number | undefined;
  /** The user's `scoring` option (sent to workers by name). */
  readonly scoring: Scoring | undefined;
  /** Threads share X through a SharedArrayBuffer; processes isolate crashes and memory. @default 'threads' */
  readonly backend?: ParallelBackend | undefined;
  /** Per-worker memory cap in MB (heap for threads; resident memory for processes). @default undefined */
  readonly maxMemoryMb?: number | undefined;
}

function moduleUrl(name: string): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, import.meta.url);
}

/**
 * The executor for a search's fits. With more than one job, the estimator, its
 * params and the scorers must be transferable (see `registerTransferable`); the
 * error says so before any fit.
 */
export function createFitExecutor(context: FitAndScoreContext, options: FitExecutorOptions): Executor<FitAndScoreTask, SplitResult> {
  const nJobs = resolveJobs(options.owner, options.nJobs);
  if (nJobs === 1 || context.returnEstimator) {
    return new SerialExecutor((task, signal) => fitAndScore(context, task, signal));
  }
  const inner = poolExecutor<FitPoolTask, FitPoolReply>(moduleUrl('fit-pool-task'), nJobs, poolPayload(context, options), options);
  return {
    concurrency: inner.concurrency,
    run: async (task, signal) => {
      const poolTask: FitPoolTask = { candidate: task.candidate, split: task.split, params: toTransferable(task.params, 'params'), train: task.train, test: task.test };
      let reply: FitPoolReply;
      if (task.report !== undefined && inner instanceof ThreadPoolExecutor) {
        // pruning inside the fit: its reports come back over a channel, answered by the search's reporter
        const channel = serveReports(task.report);
        try {
          reply = await inner.run({ ...poolTask, reportPort: channel.port }, signal, [channel.port]);
        } finally {
          channel.close();
        }
      } else if (task.report !== undefined && inner instanceof ProcessPoolExecutor) {
        // a child process's fit asks the search over IPC
        reply = await inner.run({ ...poolTask, reportToParent: true }, signal, answerReports(task.report));
      } else {
        reply = await inner.run(poolTask, signal);
      }
      if (reply.ok) return reply.result;
      throw replyError(reply, () => task.params);
    },
    close: () => inner.close(),
  };
}

/** What every pool worker receives once: the estimator and scoring by reference, X shared (threads) or copied (processes). */
export function poolPayload(context: FitAndScoreContext, options: FitExecutorOptions): FitPoolPayload {
  const X = context.X.toShared();
  return {
    owner: options.owner,
    estimator: toTransferable(context.estimator, 'estimator'),
    X: { values: X.values, rows: X.rows, columns: X.columns },
    y: context.y,
    groups: context.groups,
    scoring: toTransferable(options.scoring, 'scoring'),
    errorScore: context.errorScore,
    returnTrainScore: context.returnTrainScore,
  };
}

/** A pool of `nJobs` worker threads, or child processes with `backend: 'processes'`, running `handlerModule`'s tasks. */
export function poolExecutor<T, R>(handlerModule: URL, nJobs: number, workerData: unknown, options: FitExecutorOptions): ProcessPoolExecutor<T, R> | ThreadPoolExecutor<T, R> {
  return (options.backend ?? 'threads') === 'processes'
    ? new ProcessPoolExecutor<T, R>({ handlerModule, nWorkers: nJobs, workerData, maxMemoryMb: options.maxMemoryMb })
    : new ThreadPoolExecutor<T, R>({
        handlerModule,
        nWorkers: nJobs,
        workerData,
        resourceLimits: options.maxMemoryMb === undefined ? undefined : { maxOldGenerationSizeMb: options.maxMemoryMb },
      });
}

/**
 * Runs one split on an executor and turns the ways it can end without a result
 * into split results: a search stopped (timeout, signal) before the split
 * finished gives status `timeout`, at once, even when the fit does not settle
 * (it is abandoned, and may still run in the background unless it honours the
 * signal); a worker that died gives status `failed` with the cause.
 */
export async function runSplit(
  executor: Executor<FitAndScoreTask, SplitResult>,
  task: FitAndScoreTask,
  metrics: readonly string[],
  returnTrainScore: boolean,
  errorScore: number | 'raise',
  signal?: AbortSignal,
): Promise<SplitResult> {
  try {
    return await raceAbort(executor.run(task, signal), signal);
  } catch (error) {
    return splitThatEnded(error, task, metrics, returnTrainScore, errorScore, signal);
  }
}

/**
 * The result of a split whose run threw: `timeout` when the search stopped (an
 * abort, or its signal), `failed` with the cause when its worker died (unless
 * `errorScore` is `'raise'`); any other error is thrown again.
 */
export function splitThatEnded(
  error: unknown,
  task: Pick<FitAndScoreTask, 'candidate' | 'split' | 'test'>,
  metrics: readonly string[],
  returnTrainScore: boolean,
  errorScore: number | 'raise',
  signal: AbortSignal | undefined,
): SplitResult {
  if (error instanceof AbortError || isStopped(signal)) return unfinishedSplit(task, metrics, returnTrainScore, 'timeout', NaN, STOPPED_SPLIT_MESSAGE);
  if (error instanceof WorkerCrashError && errorScore !== 'raise') {
    return unfinishedSplit(task, metrics, returnTrainScore, 'failed', errorScore, errorMessage(error));
  }
  throw error;
}
