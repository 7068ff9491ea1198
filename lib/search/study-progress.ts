/**
 * `Study.optimize`'s `verbose` output on the shared progress display: with
 * `verbose: 1`, a bar with the best value on a terminal, else Optuna's log
 * line per finished trial ("Trial 3 finished with value: 0.41 and
 * parameters: {…}. Best is trial 1 with value: 0.22."); `verbose: 2` prints
 * the lines on a terminal too.
 */
import { formatValue } from '../core/validate.js';
import type { ProgressSink } from './progress-display.js';
import { formatProgressValue, progressDisplay, stderrSink } from './progress-display.js';
import type { AnyObjective, OptimizeOptions } from './study-options.js';
import type { Study } from './study.js';
import type { CompleteTrial, FinishedTrial } from './trial.js';

/** What `optimize` needs of its progress output. */
export interface StudyProgress {
  /** The `onTrialEnd` callback that also reports each trial. */
  wrap(onTrialEnd: OptimizeOptions['onTrialEnd'], study: Study<AnyObjective>): OptimizeOptions['onTrialEnd'];
  /** Ends the display. */
  stop(best: CompleteTrial | undefined): void;
}

/**
 * The line Optuna logs for a finished trial.
 * @example
 * ```ts
 * trialLine(trial, best); // 'Trial 3 finished with value: 0.41 and parameters: { x: 1.2 }. Best is trial 1 with value: 0.22.'
 * ```
 */
export function trialLine(trial: FinishedTrial, best: CompleteTrial | undefined): string {
  const bestPart = best === undefined ? '' : ` Best is trial ${best.id} with value: ${String(best.values[0])}.`;
  switch (trial.state) {
    case 'complete':
      return `Trial ${trial.id} finished with value: ${String(trial.values[0])} and parameters: ${formatValue(trial.params)}.${bestPart}`;
    case 'pruned':
      return `Trial ${trial.id} pruned${trial.lastValue === undefined ? '' : ` at value ${String(trial.lastValue)}`}.${bestPart}`;
    case 'failed':
      return `Trial ${trial.id} failed: ${trial.error}.${bestPart}`;
  }
}

/**
 * The progress of one `optimize` call.
 * @param verbose 0: nothing; 1: a bar on a terminal, lines otherwise; 2: lines
 * @param nTrials the planned number of trials (Infinity: unknown)
 */
export function studyProgress(verbose: number, nTrials: number, sink: ProgressSink = stderrSink): StudyProgress {
  if (verbose <= 0) return { wrap: (onTrialEnd) => onTrialEnd, stop: () => undefined };
  const total = Number.isFinite(nTrials) ? nTrials : undefined;
  const display = progressDisplay(sink, { total, unit: 'trials', owner: 'Study.optimize', bar: sink.isTTY && verbose === 1 });
  let done = 0;
  return {
    wrap: (onTrialEnd, study) => (trial, s) => {
      done++;
      const best = study.bestTrial;
      display.line(trialLine(trial, best));
      if (display.hasBar) display.update(done, best === undefined ? undefined : formatProgressValue(best.values[0] as number));
      return onTrialEnd?.(trial, s);
    },
    stop: () => display.stop(),
  };
}
