/**
 * Pruning inside fits on pool workers: a fit's `FitOptions.report` calls,
 * carried to the search, which keeps the reporter (a function, which cannot
 * cross to a worker). On worker threads they go over a `MessageChannel`: the
 * search listens on one port, and the worker's fit gets a reporter that posts
 * each `(step, values)` on the other port and waits for the answer (stop or go
 * on). In child processes they go over the process's IPC channel, as questions
 * the process pool answers ({@link answerReports}, {@link reporterOverParent}).
 * Either way a pruner decides as it does in-process.
 */
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { IntermediateReporter } from '../core/estimator.js';
import { FatalError, errorMessage } from '../core/errors.js';

/** A report's question (over IPC, without an id: the pool pairs questions and answers). */
interface ReportQuestion {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
}

/** A report's question over a message channel, numbered to pair it with its answer. */
interface ReportRequest extends ReportQuestion {
  readonly id: number;
}

interface ReportAnswer {
  readonly id: number;
  readonly stop: boolean;
  /** The reporter threw (a `pruneOn` naming a value the estimator does not report): the fit must fail with it. */
  readonly error?: string | undefined;
}

/**
 * The search's end of a report channel: answers the worker's reports with
 * `report`; `port` goes to the worker (in the task's transfer list); `close()`
 * when the task has ended.
 */
export function serveReports(report: IntermediateReporter): { readonly port: MessagePort; close(): void } {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (request: ReportRequest) => {
    void answerOne(report, request).then((answer) => port1.postMessage({ id: request.id, ...answer } satisfies ReportAnswer));
  });
  return {
    port: port2,
    close: () => port1.close(),
  };
}

/**
 * The worker's reporter over `port`: posts each report and resolves with the
 * search's answer. Throws a {@link FatalError} with the search's message when
 * the search's reporter threw. `close()` when the fit has ended.
 */
export function reporterOver(port: MessagePort): { readonly report: IntermediateReporter; close(): void } {
  let next = 0;
  const waiting = new Map<number, { resolve: (stop: boolean) => void; reject: (error: Error) => void }>();
  port.on('message', (answer: ReportAnswer) => {
    const w = waiting.get(answer.id);
    if (w === undefined) return;
    waiting.delete(answer.id);
    try {
      w.resolve(decision(answer));
    } catch (error) {
      w.reject(error as Error);
    }
  });
  const report: IntermediateReporter = (step, values) =>
    new Promise<boolean>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ id, step, values: { ...values } } satisfies ReportRequest);
    });
  return {
    report,
    close: () => port.close(),
  };
}

/** The search's answers to a child process's reports (the pool's `answer` for the task). */
export function answerReports(report: IntermediateReporter): (question: unknown) => Promise<unknown> {
  return (question) => answerOne(report, question as ReportQuestion);
}

/**
 * A child process's reporter: asks the search (`ask`, the pool process's
 * `askParent`) and resolves with its answer; a {@link FatalError} with the
 * search's message when the search's reporter threw.
 */
export function reporterOverParent(ask: (question: unknown) => Promise<unknown>): IntermediateReporter {
  return async (step, values) => {
    return decision((await ask({ step, values: { ...values } } satisfies ReportQuestion)) as Omit<ReportAnswer, 'id'>);
  };
}

/** The search's answer to one report: stop or go on, or what its reporter threw. */
async function answerOne(report: IntermediateReporter, { step, values }: ReportQuestion): Promise<Omit<ReportAnswer, 'id'>> {
  try {
    return { stop: await report(step, values) };
  } catch (error) {
    return { stop: true, error: errorMessage(error) };
  }
}

/** What a fit does with an answer: stops when told; a {@link FatalError} with the search's message when its reporter threw. */
function decision(answer: Omit<ReportAnswer, 'id'>): boolean {
  if (answer.error !== undefined) throw new FatalError(answer.error);
  return answer.stop;
}
