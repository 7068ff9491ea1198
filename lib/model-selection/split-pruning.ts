/**
 * The `pruner` option of the cross-validated searches: stop a candidate early.
 *
 * - `pruneOn: 'splits'` (the default): the candidate's splits run one after
 *   another; after split k its running mean test score (refit metric) is
 *   reported as step k, and when the pruner says so the remaining splits are
 *   not run: they are recorded with the status `pruned` and NaN scores, and the
 *   trial ends `pruned` (its mean test score is NaN, so it ranks last).
 * - `pruneOn: '<value name>'` (`'val_accuracy'`, `'val_loss'`): the first
 *   split's fit reports that value after each iteration (an epoch of a Keras
 *   wrapper, through `FitOptions.report`) as the trial's steps; when the pruner
 *   says so the fit stops, that split is recorded `pruned` (with
 *   `pruned_at_step`) and the other splits do not run. Values named like a loss
 *   or an error are minimized, others maximized (Keras Tuner's rule). With
 *   `nJobs > 1` the fits run on worker threads, whose reports come back over a
 *   message channel, or in child processes (`parallelBackend: 'processes'`),
 *   whose reports come back over the process's IPC channel (`report-channel.ts`).
 *
 * Decisions go through {@link OrderedPruning}, so they do not depend on how many
 * candidates run at once: results with `nJobs: 4` equal those with `nJobs: 1`.
 */
import { InvalidParameterError } from '../core/errors.js';
import type { IntermediateReporter } from '../core/estimator.js';
import { formatValue } from '../core/validate.js';
import { OrderedPruning } from '../search/schedulers/ordered-pruning.js';
import type { Pruner, TrialContext } from '../search/study.js';
import type { Direction, RunningTrial } from '../search/trial.js';
import type { SplitResult } from './fit-and-score.js';
import { mean } from './results.js';

/** What the pruner watches: the splits, or a value an iterative estimator reports. */
export type PruneOn = 'splits' | (string & {});

/** Whether a reported value is better when smaller (its name ends like a loss or an error). */
export function minimizedValue(name: string): boolean {
  return /(loss|error|mse|mae|mape|msle|crossentropy|hinge)$/i.test(name);
}

/** Checks the pruner options of a search (at construction). */
export function checkPrunerOptions(owner: string, pruner: unknown, pruneOn: unknown): void {
  if (pruner !== undefined && (typeof pruner !== 'object' || pruner === null || typeof (pruner as { shouldPrune?: unknown }).shouldPrune !== 'function')) {
    throw new InvalidParameterError(`The "pruner" option of ${owner} must be a pruner (an object with a shouldPrune method, such as MedianPruner). Got ${formatValue(pruner)} instead.`, {
      owner, argument: 'pruner', value: pruner, expected: 'a pruner',
    });
  }
  if (pruneOn !== undefined && (typeof pruneOn !== 'string' || pruneOn.length === 0)) {
    throw new InvalidParameterError(`The "pruneOn" option of ${owner} must be 'splits' or the name of a value the estimator reports (such as 'val_accuracy'). Got ${formatValue(pruneOn)} instead.`, {
      owner, argument: 'pruneOn', value: pruneOn, expected: "'splits' or a reported value's name",
    });
  }
}

/** Runs one split; `report` is set for the split whose fit is watched. */
export type RunOneSplit = (split: number, report: IntermediateReporter | undefined) => Promise<SplitResult>;

/** A split that was not run because its candidate was pruned. */
function prunedBlank(candidate: number, split: number, nTest: number, metrics: readonly string[], train: boolean): SplitResult {
  const nan = Object.fromEntries(metrics.map((m) => [m, NaN]));
  return { candidate, split, status: 'pruned', testScores: nan, trainScores: train ? nan : undefined, fitTime: NaN, scoreTime: NaN, error: undefined, nTestSamples: nTest };
}

/** The pruning of one search run (one `fit`). */
export class SplitPruning {
  private readonly ordered: OrderedPruning;
  readonly pruneOn: PruneOn;
  readonly direction: Direction;

  constructor(pruner: Pruner, pruneOn: PruneOn) {
    this.pruneOn = pruneOn;
    this.direction = pruneOn !== 'splits' && minimizedValue(pruneOn) ? 'minimize' : 'maximize';
    this.ordered = new OrderedPruning({ pruner, direction: this.direction, aggregate: 'last' });
  }

  /**
   * Runs a candidate's splits in order with pruning. Each split's final result
   * (marked `pruned` when the pruner stopped its fit) goes to `keep` as it
   * finishes; when the candidate is pruned, the splits it did not run are
   * blanks with the status `pruned`, and `prunedAfter` is the last split run.
   */
  async run(options: {
    readonly ctx: TrialContext;
    readonly params: RunningTrial['params'];
    readonly nSplits: number;
    readonly testSizes: readonly number[];
    readonly metrics: readonly string[];
    readonly primary: string;
    readonly returnTrainScore: boolean;
    readonly runOne: RunOneSplit;
    readonly keep: (split: number, result: SplitResult) => Promise<void>;
  }): Promise<{ results: SplitResult[]; prunedAfter: number | undefined }> {
    const { ctx, nSplits } = options;
    const id = ctx.trialId;
    this.ordered.begin({ id, state: 'running', params: options.params, budget: ctx.budget, meta: ctx.meta, intermediate: [], attrs: {}, startedAt: Date.now() });
    let state: 'complete' | 'pruned' | 'failed' = 'failed';
    try {
      const results: SplitResult[] = [];
      let prunedAt: number | undefined;
      for (let k = 0; k < nSplits && prunedAt === undefined; k++) {
        const watched = k === 0 && this.pruneOn !== 'splits' ? this.watch(ctx) : undefined;
        const r = await options.runOne(k, watched?.report);
        const stopStep = watched?.stopStep();
        const final = stopStep === undefined ? r : prunedAtStep(r, stopStep, options.metrics);
        await options.keep(k, final);
        results.push(final);
        if (stopStep !== undefined) prunedAt = k;
        else if (this.pruneOn === 'splits') prunedAt = await this.afterSplit(ctx, k, nSplits, results, options.primary);
      }
      for (let k = results.length; k < nSplits; k++) results.push(prunedBlank(id, k, options.testSizes[k] ?? 0, options.metrics, options.returnTrainScore));
      state = prunedAt === undefined ? 'complete' : 'pruned';
      return { results, prunedAfter: prunedAt };
    } finally {
      this.ordered.end(id, state);
    }
  }

  /** The reporter of the watched fit: each value it reports is a step of the trial; the step the pruner stopped it at. */
  private watch(ctx: TrialContext): { report: IntermediateReporter; stopStep: () => number | undefined } {
    let stopStep: number | undefined;
    const report: IntermediateReporter = async (step, values) => {
      const v = values[this.pruneOn];
      if (typeof v !== 'number') {
        throw new InvalidParameterError(
          `The "pruneOn" option names ${formatValue(this.pruneOn)}, which the estimator does not report; it reports ${Object.keys(values).map((n) => `"${n}"`).join(', ') || 'nothing'}.`,
          { owner: 'pruneOn', argument: 'pruneOn', value: this.pruneOn, expected: 'a reported value' },
        );
      }
      await ctx.report(step, v);
      if (await this.ordered.report(ctx.trialId, step, v)) stopStep ??= step;
      return stopStep !== undefined;
    };
    return { report, stopStep: () => stopStep };
  }

  /** Reports the running mean after split k; the split after which the candidate is pruned, if it is. */
  private async afterSplit(ctx: TrialContext, k: number, nSplits: number, results: readonly SplitResult[], primary: string): Promise<number | undefined> {
    const running = mean(results.map((x) => x.testScores[primary] ?? NaN));
    await ctx.report(k, running);
    if (k < nSplits - 1) return (await this.ordered.report(ctx.trialId, k, running)) ? k : undefined;
    this.ordered.record(ctx.trialId, k, running);
    return undefined;
  }
}

/** A split whose fit the pruner stopped: NaN scores, and the step it stopped at. */
function prunedAtStep(r: SplitResult, step: number, metrics: readonly string[]): SplitResult {
  const nan = Object.fromEntries(metrics.map((m) => [m, NaN]));
  return { ...r, status: 'pruned', testScores: nan, trainScores: r.trainScores === undefined ? undefined : nan, extras: { ...(r.extras ?? {}), pruned_at_step: step } };
}
