/**
 * The candidate evaluator: what a cross-validated search does with one
 * candidate (scikit-learn's `evaluate_candidates`, for one candidate at a time
 * as the study proposes them). It owns the executor of the (candidate, split)
 * fits, the splits of each budget (`splitsFor`), the reuse of splits a trial
 * already recorded, the pruning between splits, and the search's events.
 *
 * Its `objective` is what the study runs for each trial: it runs the
 * candidate's splits, records each split's result as it finishes (through the
 * CV trial codec), and returns the mean test score of the primary metric.
 */
import { TrialPruned } from '../core/errors.js';
import type { IntermediateReporter } from '../core/estimator.js';
import type { Executor } from '../search/executor/executor.js';
import { SerialExecutor } from '../search/executor/serial-executor.js';
import { resolveJobs } from '../search/executor/thread-pool-executor.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { InterruptedTrials, Objective, ObjectiveResult, Pruner, TrialContext } from '../search/study.js';
import { TrialInterrupted } from '../search/study.js';
import type { ContinuationSpec } from './continued-training.js';
import { ContinuedTraining } from './continued-training.js';
import type { SplitRef } from './cv-trial.js';
import { encodeCvTrial, encodeSplit, isKeptStatus, recordedSplit, splitHashes, splitKey, storedSplit } from './cv-trial.js';
import type { FitAndScoreContext, FitAndScoreTask, SplitResult } from './fit-and-score.js';
import type { FitExecutorOptions } from './fit-executor.js';
import { createFitExecutor, runSplit } from './fit-executor.js';
import { HalvingSubsampler } from './halving-subsample.js';
import { mean } from './results.js';
import type { SearchEvent } from './search-events.js';
import type { SharedWorkSummary } from './shared-state/shared-work-runner.js';
import { SharedWorkRunner } from './shared-state/shared-work-runner.js';
import type { PruneOn } from './split-pruning.js';
import { SplitPruning } from './split-pruning.js';
import type { SplitPair } from './split/index.js';
import type { WarningCategory } from '../core/warnings.js';
import { warn } from '../core/warnings.js';

/**
 * How a search's trial budgets are applied (multi-fidelity searches): resource
 * `'nSamples'` cuts every split to `budget` of the `nSamples` rows, reproducibly
 * (scikit-learn's `_SubsampleMetaSplitter`, train and test alike): by
 * `subsampler`, or from `seed` without one; any other resource is an integer
 * param set to the budget.
 */
export interface BudgetSpec {
  readonly resource: string;
  readonly seed: number;
  /** Cuts the splits for resource `'nSamples'` (from a seed or a shared RandomState). @default one from `seed` */
  readonly subsampler?: HalvingSubsampler | undefined;
  /**
   * Continue training on promotion (a param resource that the estimator
   * continues along, `nJobs: 1`): see `continued-training.ts`. @default undefined (every fit starts fresh)
   */
  readonly continuation?: ContinuationSpec | undefined;
}

/** What a candidate evaluator is built from. */
export interface CandidateEvaluatorSetup {
  /** The search's class name, for messages. */
  readonly owner: string;
  /** What every fit shares: the estimator template, the data, the scorers, errorScore, train scores, fit options. */
  readonly context: FitAndScoreContext;
  /** Where the fits run: `nJobs`, the parallel backend, the memory cap, the scoring (sent to pool workers by name). */
  readonly execution: Omit<FitExecutorOptions, 'owner'>;
  /** The CV splits at full budget. */
  readonly splits: readonly SplitPair[];
  readonly metrics: readonly string[];
  /** The metric a trial's value is (the refit metric, else the first). */
  readonly primary: string;
  /** How trial budgets are applied; undefined ignores budgets. */
  readonly budget: BudgetSpec | undefined;
  /** The study's pruner, applied between splits or inside fits (`pruneOn`). */
  readonly pruner: Pruner | undefined;
  readonly pruneOn: PruneOn;
  /**
   * What becomes of a candidate the search stopped before its splits finished:
   * `'fail'` keeps it as it is (its unfinished splits `timeout`); `'requeue'`
   * leaves its trial unfinished, to resume from its recorded splits.
   */
  readonly interruptedTrials: InterruptedTrials;
  /** Receives the search's events. */
  readonly emit: (event: SearchEvent) => void;
  /**
   * Share work across candidates (`shareWork`): the state cache budget and the
   * sampler's fixed candidates (when it has them); undefined fits every
   * (candidate, split) on its own.
   */
  readonly sharing?: { readonly cacheMemoryMb: number; readonly candidates: readonly ParamSet[] | undefined } | undefined;
}

/** The warnings of a search's fits: how many fits warned, of how many run, and the count of each category. */
export interface FitWarnings {
  readonly fits: number;
  readonly of: number;
  readonly byCategory: Readonly<Partial<Record<WarningCategory, number>>>;
}

/** One candidate's work. */
interface CandidatePlan {
  readonly candidate: number;
  /** The candidate's params, as proposed. */
  readonly params: ParamSet;
  /** The params of its fits (with a param resource set to the trial's budget). */
  readonly fitParams: ParamSet;
  /** Its splits (cut to the budget for resource `'nSamples'`). */
  readonly splits: readonly SplitPair[];
  /** The key each split's result is stored under. */
  readonly keys: readonly string[];
  /** How the finished trial refers to each split. */
  readonly refs: SplitRef[];
  readonly ctx: TrialContext;
  readonly started: number;
}

/** Evaluates the candidates of one search run; `close` it when the run ends. */
export class CandidateEvaluator {
  /** The study's objective: one candidate, cross-validated. */
  readonly objective: Objective = (params, ctx) => this.evaluate(params, ctx);
  private readonly executor: Executor<FitAndScoreTask, SplitResult> | undefined;
  private readonly sharing: SharedWorkRunner | undefined;
  private readonly continuation: ContinuedTraining | undefined;
  private readonly pruning: SplitPruning | undefined;
  private readonly subsampled = new Map<number, SplitPair[]>();
  private readonly hashes = new WeakMap<readonly SplitPair[], string[]>();
  private bestValue = -Infinity;
  private readonly warned: { fits: number; of: number; byCategory: Partial<Record<WarningCategory, number>> } = { fits: 0, of: 0, byCategory: {} };

  constructor(private readonly setup: CandidateEvaluatorSetup) {
    const parallel = resolveJobs(setup.owner, setup.execution.nJobs) > 1;
    this.pruning = setup.pruner === undefined ? undefined : new SplitPruning(setup.pruner, setup.pruneOn);
    const insideFits = setup.pruner !== undefined && setup.pruneOn !== 'splits';
    const { owner, context, execution, sharing, metrics } = setup;
    this.continuation = ContinuedTraining.create(context, setup.budget?.resource, setup.budget?.continuation, parallel);
    // fits that continue run one by one in this process, each from the model its parent trial left;
    // fits pruned from the inside on worker threads run on the fit executor, which carries their reports
    this.sharing =
      sharing === undefined || this.continuation !== undefined || (insideFits && parallel)
        ? undefined
        : new SharedWorkRunner({ owner, context, execution, metrics, cacheMemoryMb: sharing.cacheMemoryMb, candidates: sharing.candidates, groupAhead: setup.pruner === undefined });
    this.executor =
      this.continuation !== undefined
        ? new SerialExecutor(this.continuation.run)
        : this.sharing === undefined
          ? createFitExecutor(context, { owner, ...execution })
          : undefined;
  }

  /** How many candidates may run at once: the executor's. */
  get concurrency(): number {
    return this.sharing?.concurrency ?? (this.executor as Executor<FitAndScoreTask, SplitResult>).concurrency;
  }

  /** How many of this run's fits emitted warnings, and how many of each category. */
  fitWarnings(): FitWarnings {
    return { fits: this.warned.fits, of: this.warned.of, byCategory: { ...this.warned.byCategory } };
  }

  /** What shared work did (memory, reuse), when the search shares work. */
  sharedWorkSummary(): SharedWorkSummary | undefined {
    return this.sharing?.summary();
  }

  /** The splits of a budget: the CV splits, cut to `budget` rows for resource `'nSamples'` (made once per budget). */
  splitsFor(budget: number | undefined): readonly SplitPair[] {
    const spec = this.setup.budget;
    if (budget === undefined || spec?.resource !== 'nSamples') return this.setup.splits;
    let cut = this.subsampled.get(budget);
    if (cut === undefined) {
      const nSamples = this.setup.context.X.rows;
      const subsampler = spec.subsampler ?? new HalvingSubsampler(spec.seed);
      this.subsampled.set(budget, (cut = subsampler.cut(this.setup.splits, budget, nSamples)));
    }
    return cut;
  }

  /** Stops the executor's pool workers and disposes the models kept for continued training. */
  async close(): Promise<void> {
    await this.executor?.close();
    await this.sharing?.close();
    this.continuation?.close();
  }

  private async evaluate(params: ParamSet, ctx: TrialContext): Promise<ObjectiveResult> {
    const plan = this.plan(params, ctx);
    this.setup.emit({ type: 'candidate-start', candidate: plan.candidate, params, budget: ctx.budget });
    const continued = this.continuation !== undefined && ctx.budget !== undefined ? this.continuation : undefined;
    continued?.startTrial({ id: ctx.trialId, budget: ctx.budget as number, meta: ctx.meta });
    let splits: { results: SplitResult[]; prunedAfter: number | undefined };
    try {
      splits = await this.runSplits(plan);
    } finally {
      continued?.endTrial(ctx.trialId);
    }
    const { results, prunedAfter } = splits;
    // the budget every split continued from: a column of cvResults
    const continuedFrom = continued === undefined ? {} : { continued_from: ContinuedTraining.continuedFrom(results) };
    results.forEach((r, k) => (plan.refs[k] ??= storedSplit(r))); // the splits a pruned candidate did not run
    const meanScores = Object.fromEntries(this.setup.metrics.map((m) => [m, mean(results.map((r) => r.testScores[m] ?? NaN))]));
    if (prunedAfter !== undefined) {
      await ctx.setAttrs({ ...encodeCvTrial(plan.refs, meanScores), ...continuedFrom });
      this.candidateEnd(plan, Object.fromEntries(this.setup.metrics.map((m) => [m, NaN])));
      throw new TrialPruned(`Candidate ${plan.candidate} was pruned after split ${prunedAfter}.`);
    }
    // a candidate cut off by a timeout or an abort, in a study that resumes it: left unfinished with its finished
    // splits recorded; the next run (or a worker) re-runs only the splits that did not finish
    if (this.setup.interruptedTrials === 'requeue' && results.some((r) => r.status === 'timeout')) {
      throw new TrialInterrupted(`${this.setup.owner}: the search was stopped before candidate ${plan.candidate} finished; it resumes from its recorded splits.`);
    }
    const value = meanScores[this.setup.primary] ?? NaN;
    this.candidateEnd(plan, meanScores);
    if (!Number.isNaN(value) && value > this.bestValue) {
      this.bestValue = value;
      this.setup.emit({ type: 'new-best', candidate: plan.candidate, params, score: value, metric: this.setup.primary });
    }
    return { values: [value], attrs: { ...encodeCvTrial(plan.refs, meanScores), ...continuedFrom } };
  }

  /** One candidate's work: its fit params (with its budget), its splits, and the key of each split's result. */
  private plan(params: ParamSet, ctx: TrialContext): CandidatePlan {
    const budget = this.setup.budget;
    // a param resource is set to the trial's budget; 'nSamples' cuts the splits instead
    const fitParams = ctx.budget !== undefined && budget !== undefined && budget.resource !== 'nSamples' ? { ...params, [budget.resource]: ctx.budget } : params;
    const splits = this.splitsFor(ctx.budget);
    let hashes = this.hashes.get(splits);
    if (hashes === undefined) this.hashes.set(splits, (hashes = splitHashes(splits)));
    const keys = splits.map((_, k) => splitKey(fitParams, ctx.budget, k, (hashes as string[])[k] as string, budget?.seed ?? 0));
    return { candidate: ctx.trialId, params, fitParams, splits, keys, refs: [], ctx, started: performance.now() };
  }

  /**
   * The candidate's (candidate, split) fits, in the order they start: the one
   * place where a candidate's tasks are grouped and ordered. Across candidates,
   * a search that shares work groups them further by (split, state key), in
   * `SharedWorkRunner`.
   */
  private tasksOf(plan: CandidatePlan): FitAndScoreTask[] {
    return plan.splits.map(([train, test], split) => ({ candidate: plan.candidate, split, params: plan.fitParams, train, test }));
  }

  /** Runs the candidate's splits: all at once, or one after another with pruning. */
  private async runSplits(plan: CandidatePlan): Promise<{ results: SplitResult[]; prunedAfter: number | undefined }> {
    const tasks = this.tasksOf(plan);
    const runOne = (k: number, report?: IntermediateReporter): Promise<SplitResult> => this.splitResult(plan, tasks[k] as FitAndScoreTask, report);
    const keep = (k: number, result: SplitResult): Promise<void> => this.keep(plan, k, result);
    if (this.pruning === undefined) {
      const runAndKeep = async (k: number): Promise<SplitResult> => {
        const result = await runOne(k);
        await keep(k, result);
        return result;
      };
      // with one fit at a time, each split is recorded before the next starts: a kill loses at most the split that was running
      if (this.concurrency === 1) {
        const results: SplitResult[] = [];
        for (let k = 0; k < tasks.length; k++) results.push(await runAndKeep(k));
        return { results, prunedAfter: undefined };
      }
      return { results: await Promise.all(tasks.map((_, k) => runAndKeep(k))), prunedAfter: undefined };
    }
    const { metrics, primary } = this.setup;
    const testSizes = plan.splits.map(([, test]) => test.length);
    return this.pruning.run({ ctx: plan.ctx, params: plan.params, nSplits: tasks.length, testSizes, metrics, primary, returnTrainScore: this.setup.context.returnTrainScore, runOne, keep });
  }

  /** A split's result: the one its trial recorded before (a trial run again), else a fit. */
  private async splitResult(plan: CandidatePlan, task: FitAndScoreTask, report: IntermediateReporter | undefined): Promise<SplitResult> {
    const prior = recordedSplit(plan.ctx.attrs, plan.keys[task.split] as string);
    const run = report === undefined ? task : { ...task, report };
    const result = prior !== undefined ? { ...prior, candidate: plan.candidate } : this.sharing !== undefined ? await this.runShared(plan, run) : await this.runTask(run, plan.ctx.signal);
    if (prior === undefined) this.countWarnings(result);
    this.setup.emit({ type: 'split-end', candidate: plan.candidate, params: plan.params, result });
    if (result.status === 'failed') this.setup.emit({ type: 'failure', candidate: plan.candidate, split: task.split, params: plan.params, error: result.error ?? '' });
    return result;
  }

  private countWarnings(result: SplitResult): void {
    this.warned.of++;
    if (result.warnings === undefined) return;
    this.warned.fits++;
    for (const [category, n] of Object.entries(result.warnings) as [WarningCategory, number][]) {
      this.warned.byCategory[category] = (this.warned.byCategory[category] ?? 0) + n;
    }
  }

  /**
   * One (candidate, split) fit on the executor: the per-split run. An abort
   * gives the status `timeout`, a pool worker that died the status `failed`.
   */
  private runTask(task: FitAndScoreTask, signal: AbortSignal): Promise<SplitResult> {
    const { metrics, context } = this.setup;
    return runSplit(this.executor as Executor<FitAndScoreTask, SplitResult>, task, metrics, context.returnTrainScore, context.errorScore, signal);
  }

  /**
   * One (candidate, split) fit of a search that shares work: with the other
   * candidates of its state's group, or on its own with the cached states. The
   * split's rows are named by the budget that cut them (`nSamples`) and the index.
   */
  private runShared(plan: CandidatePlan, task: FitAndScoreTask): Promise<SplitResult> {
    const cut = plan.ctx.budget !== undefined && this.setup.budget?.resource === 'nSamples';
    const splitId = cut ? `n${plan.ctx.budget}:${task.split}` : `${task.split}`;
    return (this.sharing as SharedWorkRunner).run(task, splitId, plan.ctx.budget, plan.ctx.signal);
  }

  /** Records a split's final result: under its key when it ran to an end (once), else inline in the trial's result. */
  private async keep(plan: CandidatePlan, split: number, result: SplitResult): Promise<void> {
    const key = plan.keys[split] as string;
    if (!isKeptStatus(result.status)) {
      plan.refs[split] = storedSplit(result);
      return;
    }
    if (recordedSplit(plan.ctx.attrs, key) === undefined) await plan.ctx.setAttrs(encodeSplit(key, result));
    plan.refs[split] = key;
  }

  private candidateEnd(plan: CandidatePlan, meanScores: Readonly<Record<string, number>>): void {
    this.setup.emit({ type: 'candidate-end', candidate: plan.candidate, params: plan.params, meanScores, seconds: (performance.now() - plan.started) / 1000 });
  }
}

/**
 * One line after a search whose fits warned more than once: how many fits, of
 * how many, and which categories (each warning itself is shown once per place,
 * as Python shows it, so a search of 200 fits does not print 200).
 */
export function summarizeFitWarnings(owner: string, warnings: FitWarnings | undefined): void {
  if (warnings === undefined || warnings.fits < 2) return;
  const categories = Object.entries(warnings.byCategory).map(([c, n]) => `${c} ${n}`).join(', ');
  warn(
    `${owner}: ${warnings.fits} of ${warnings.of} fits emitted warnings (${categories}); each is shown once per place. ` +
      `filterWarnings('always', category) shows every one, filterWarnings('ignore', category) none (or TUNEKIT_WARNINGS=ignore:Category).`,
    'UserWarning',
  );
}
