/**
 * The pool workers' side of parallel cross-validation (`nJobs > 1`): the module
 * each pool worker (a thread, or a child process) imports. It rebuilds the
 * search context once from its payload (the estimator by module,
 * X from a SharedArrayBuffer, the scorers by name) and runs (candidate, split)
 * fits with {@link fitAndScore}. Its default export is the task handler.
 */
import type { TargetLike, Vector } from '../core/data.js';
import { DenseMatrix } from '../core/data.js';
import type { AnyEstimator } from '../core/estimator.js';
import { FatalError, TunekitError, isFatal } from '../core/errors.js';
import type { Transferable } from '../core/transfer.js';
import { fromTransferable } from '../core/transfer.js';
import type { Scoring } from '../metrics/scorer.js';
import { checkScoring } from '../metrics/scorer.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { FitAndScoreContext, SplitResult } from './fit-and-score.js';
import { SplitFitError, fitAndScore } from './fit-and-score.js';
import { askParent } from '../search/executor/process-pool-executor.js';
import { reporterOver, reporterOverParent } from './report-channel.js';
import type { MessagePort } from 'node:worker_threads';

/** What every pool worker receives once. */
export interface FitPoolPayload {
  readonly owner: string;
  readonly estimator: Transferable;
  /** X's values (a SharedArrayBuffer-backed array for threads, a copy for processes). */
  readonly X: { readonly values: Float64Array; readonly rows: number; readonly columns: number };
  readonly y: TargetLike | undefined;
  readonly groups: Vector | undefined;
  readonly scoring: Transferable;
  readonly errorScore: number | 'raise';
  readonly returnTrainScore: boolean;
}

/** One task as sent to a pool worker (params in transferable form). */
export interface FitPoolTask {
  readonly candidate: number;
  readonly split: number;
  readonly params: Transferable;
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** For pruning inside the fit (worker threads): the port its reports go through ({@link reporterOver}). */
  readonly reportPort?: MessagePort | undefined;
  /** For pruning inside the fit (child processes): its reports go to the search as questions ({@link reporterOverParent}). */
  readonly reportToParent?: boolean | undefined;
}

let context: Promise<FitAndScoreContext> | undefined;
let payloadSource: (() => Promise<FitPoolPayload>) | undefined;

/** Sets where the payload comes from (the thread or process runner calls it once). */
export function setPayloadSource(source: () => Promise<FitPoolPayload>): void {
  payloadSource = source;
  context = undefined;
}

async function defaultPayload(): Promise<FitPoolPayload> {
  const { workerPayload } = await import('../search/executor/thread-pool-executor.js');
  return workerPayload<FitPoolPayload>();
}

/** Rebuilds the fit context from a payload. */
export async function contextFromPayload(payload: FitPoolPayload): Promise<FitAndScoreContext> {
  const estimator = (await fromTransferable(payload.estimator)) as AnyEstimator;
  const scoring = (await fromTransferable(payload.scoring)) as Scoring;
  const { scorers } = checkScoring(scoring, { owner: payload.owner, estimator });
  const X = new DenseMatrix(payload.X.values, payload.X.rows, payload.X.columns).markFinite();
  return {
    estimator,
    X,
    y: payload.y,
    groups: payload.groups,
    scorers,
    errorScore: payload.errorScore,
    returnTrainScore: payload.returnTrainScore,
  };
}

/** What a worker sends back of an error that escaped its work. */
export interface PoolErrorReply {
  readonly ok: false;
  readonly name: string;
  readonly message: string;
  /** True when the error ends the search (the main thread raises a `FatalError`). */
  readonly fatal: boolean;
  /** The candidate and split of a `SplitFitError` (`errorScore: 'raise'`), which the main thread raises again with its params. */
  readonly splitFit?: { readonly candidate: number; readonly split: number } | undefined;
}

/** What a worker sends back: the split's result, or the error that escaped fitAndScore. */
export type FitPoolReply = { readonly ok: true; readonly result: SplitResult } | PoolErrorReply;

/**
 * The reply of an error that escaped a worker's {@link fitAndScore} (or its
 * group fit): fitAndScore already recorded what fails only its split (the rule
 * of `endsSearch`), so what escapes is what would escape in the main thread, and
 * it is fatal as the study there judges it (`isFatal`): a `FatalError` (a
 * `SplitFitError` under `errorScore: 'raise'` included), or an
 * `InvalidParameterError` raised outside a fit (a candidate's `setParams`, the
 * worker's payload).
 */
export function poolErrorReply(error: unknown): PoolErrorReply {
  const e = error instanceof Error ? error : new Error(String(error));
  const splitFit = error instanceof SplitFitError ? { candidate: error.candidate, split: error.split } : undefined;
  return { ok: false, name: e.name, message: e.message, fatal: isFatal(error), splitFit };
}

/** Runs one (candidate, split) fit inside a worker; errors come back as data. */
export default async function runFitTask(task: FitPoolTask): Promise<FitPoolReply> {
  try {
    context ??= (payloadSource ?? defaultPayload)().then(contextFromPayload);
    const ctx = await context;
    const params = (await fromTransferable(task.params)) as ParamSet;
    const channel = task.reportPort === undefined ? undefined : reporterOver(task.reportPort);
    const ask = task.reportToParent === true ? askParent() : undefined;
    const report = channel?.report ?? (ask === undefined ? undefined : reporterOverParent(ask));
    try {
      const result = await fitAndScore(ctx, { candidate: task.candidate, split: task.split, params, train: task.train, test: task.test, report });
      return { ok: true, result };
    } finally {
      channel?.close();
    }
  } catch (error) {
    return poolErrorReply(error);
  }
}

/**
 * The error of a worker's reply, raised in the main thread: a `SplitFitError` again
 * (with the params of its candidate, found by `paramsOf`), else a `FatalError` or a
 * plain error as the worker judged it.
 */
export function replyError(reply: PoolErrorReply, paramsOf: (candidate: number) => ParamSet | undefined): Error {
  const message = `${reply.name}: ${reply.message}`;
  if (reply.splitFit !== undefined) {
    const { candidate, split } = reply.splitFit;
    return new SplitFitError(reply.message, { candidate, split, params: paramsOf(candidate) ?? {} }, new TunekitError(reply.message));
  }
  return reply.fatal ? new FatalError(message) : new TunekitError(message);
}
