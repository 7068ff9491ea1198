/**
 * Pruning inside fits on worker threads: a fit's `FitOptions.report` calls,
 * carried over a `MessageChannel`. The search keeps the reporter (a function,
 * which cannot cross to a thread) and listens on one port; the worker's fit
 * gets a reporter that posts each `(step, values)` on the other port and waits
 * for the answer (stop or go on), so a pruner decides as it does in-process.
 */
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { IntermediateReporter } from '../core/estimator.js';
import { FatalError, errorMessage } from '../core/errors.js';

interface ReportRequest {
  readonly id: number;
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
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
    Promise.resolve()
      .then(() => report(request.step, request.values))
      .then(
        (stop) => port1.postMessage({ id: request.id, stop } satisfies ReportAnswer),
        (error: unknown) => port1.postMessage({ id: request.id, stop: true, error: errorMessage(error) } satisfies ReportAnswer),
      );
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
    if (answer.error !== undefined) w.reject(new FatalError(answer.error));
    else w.resolve(answer.stop);
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
