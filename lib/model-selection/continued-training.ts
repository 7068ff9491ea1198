/**
 * Continued training in the multi-fidelity searches: a candidate promoted from
 * a budget of an iteration param (`epochs`, `nEstimators`, `maxIter`) to a
 * larger one trains on, on each split, from the model it fitted at the lower
 * budget, instead of a fresh clone (the contract is `core/continuation.ts`).
 *
 * {@link ContinuedTraining} keeps the fitted models of the round that is being
 * promoted from, per (trial, split), within a memory budget: when a model does
 * not fit, the kept models least likely to be promoted (earlier rounds, then the
 * worst scored) are dropped (disposed), and a promotion that finds no
 * model restarts with a note in its split's `continue_note`. Models live in
 * this process only: a search with `nJobs` > 1 restarts every fit, and a
 * resumed search restarts the promotions of the round it resumes in.
 */
import { takeTarget } from '../core/data.js';
import type { ContinuesTraining } from '../core/continuation.js';
import { continuationOf, estimateFittedBytes } from '../core/continuation.js';
import type { AnyEstimator } from '../core/estimator.js';
import type { SplitRows } from '../core/shared-state.js';
import { checkBoolean, checkReal } from '../core/validate.js';
import type { FitAndScoreContext, FitAndScoreTask, SplitResult } from './fit-and-score.js';
import { fitAndScore } from './fit-and-score.js';

/** How a multi-fidelity search continues training (part of its `BudgetSpec`). */
export interface ContinuationSpec {
  /** The memory budget of the kept models, in MB. */
  readonly memoryMb: number;
  /** The largest budget a trial gets: models fitted with it are never continued, so never kept. */
  readonly finalBudget: number;
  /**
   * The round of a trial, from its scheduler metadata: its `group` (a Hyperband
   * bracket; one group for successive halving) and its number. A trial's parent
   * is in the previous round of its group.
   */
  readonly roundOf: (meta: Readonly<Record<string, unknown>>) => { readonly group: string; readonly round: number };
}

/** The trial a split belongs to, as the continuation sees it. */
export interface ContinuedTrial {
  readonly id: number;
  readonly budget: number;
  readonly meta: Readonly<Record<string, unknown>>;
}

interface KeptModel {
  readonly estimator: AnyEstimator;
  readonly budget: number;
  readonly bytes: number;
  readonly group: string;
  readonly round: number;
  /** The split's test score (the first metric), NaN when it has none: the worst kept models are dropped first. */
  readonly score: number;
}

/** The split extra that says from which budget a split continued. */
export const CONTINUED_FROM = 'continued_from';
/** The split extra that says why a promoted split restarted. */
export const CONTINUE_NOTE = 'continue_note';

/** Keeps the fitted models between rounds and runs the (trial, split) fits that continue from them. */
export class ContinuedTraining {
  private readonly models = new Map<string, KeptModel>();
  /** Why a kept model was dropped before its promotion could use it, by `trial:split`. */
  private readonly dropped = new Map<string, { readonly reason: string; readonly group: string; readonly round: number }>();
  /** The trials running, by id (a task's `candidate`). */
  private readonly trials = new Map<number, ContinuedTrial>();
  private bytes = 0;
  private readonly budgetBytes: number;

  private constructor(
    private readonly context: FitAndScoreContext,
    private readonly resource: string,
    private readonly spec: ContinuationSpec,
  ) {
    this.budgetBytes = spec.memoryMb * 1024 * 1024;
  }

  /**
   * The continuation of a run, or undefined when it cannot continue: no
   * continuation asked, resource `'nSamples'`, fits on pool workers (a model
   * cannot stay in a worker between trials), fitted estimators returned to the
   * caller, or an estimator that does not continue along the resource.
   */
  static create(context: FitAndScoreContext, resource: string | undefined, spec: ContinuationSpec | undefined, parallel: boolean): ContinuedTraining | undefined {
    if (spec === undefined || resource === undefined || resource === 'nSamples' || parallel || context.returnEstimator === true) return undefined;
    if (continuationOf(context.estimator, resource) === undefined) return undefined;
    return new ContinuedTraining(context, resource, spec);
  }

  /**
   * A trial with a budget starts: its splits' tasks (whose `candidate` is the
   * trial's id) will run through {@link ContinuedTraining.run}. The models of rounds before its
   * parent's (or of other groups) are no longer needed: they are dropped.
   */
  startTrial(trial: ContinuedTrial): void {
    this.trials.set(trial.id, trial);
    const { group, round } = this.spec.roundOf(trial.meta);
    const stale = (kept: { readonly group: string; readonly round: number }): boolean => kept.group !== group || kept.round < round - 1;
    for (const [key, model] of this.models) if (stale(model)) this.drop(key, undefined);
    for (const [key, note] of this.dropped) if (stale(note)) this.dropped.delete(key);
  }

  /** A trial ended. */
  endTrial(id: number): void {
    this.trials.delete(id);
  }

  /**
   * One (trial, split) fit: from its parent's model on this split when one was
   * kept, else a fresh fit; the fitted model is kept for the trial's promotion
   * (unless the trial has the final budget).
   */
  readonly run = async (task: FitAndScoreTask, signal: AbortSignal | undefined): Promise<SplitResult> => {
    const trial = this.trials.get(task.candidate);
    // a trial without a budget neither continues nor is continued: a plain fit
    if (trial === undefined) return fitAndScore(this.context, task, signal);
    const parent = typeof trial.meta.parent === 'number' ? trial.meta.parent : undefined;
    const parentKey = parent === undefined ? undefined : `${parent}:${task.split}`;
    let from = parentKey === undefined ? undefined : this.take(parentKey);
    let note: string | undefined;
    if (from !== undefined && from.budget > trial.budget) {
      from.estimator.dispose?.();
      note = `the model of trial ${parent} had more ${this.resource} (${from.budget}) than this trial (${trial.budget}); restarted`;
      from = undefined;
    } else if (parentKey !== undefined && from === undefined) {
      note = this.dropped.get(parentKey)?.reason ?? `no model of trial ${parent} on this split was kept (its fit failed, its result was read from the storage, or the search resumed); restarted`;
    }
    const rows = this.rowsOf(task);
    const continuation = from === undefined ? undefined : (continuationOf(from.estimator, this.resource) as ContinuesTraining);
    // a model of the final budget is never promoted: fitAndScore disposes it (and checks the resource probes)
    const promotable = trial.budget < this.spec.finalBudget;
    const result = await fitAndScore(this.context, task, signal, {
      rows,
      keep: promotable,
      estimator: from?.estimator,
      fit: continuation === undefined ? undefined : (_estimator, options) => continuation.continueFit(rows.XTrain, rows.yTrain, this.resource, trial.budget, options),
    });
    const fitted = result.estimator;
    if (fitted !== undefined) {
      if (result.status === 'ok' && promotable) this.keep(`${trial.id}:${task.split}`, fitted, trial, Object.values(result.testScores)[0] ?? NaN);
      else fitted.dispose?.();
    }
    const extras: Record<string, number | string | undefined> = { ...(result.extras ?? {}) };
    if (from !== undefined) extras[CONTINUED_FROM] = from.budget;
    if (note !== undefined) extras[CONTINUE_NOTE] = note;
    return { ...result, estimator: undefined, extras: Object.keys(extras).length > 0 ? extras : undefined };
  };

  /** Disposes every kept model. */
  close(): void {
    for (const key of [...this.models.keys()]) this.drop(key, undefined);
    this.dropped.clear();
  }

  /** The budget every split of a trial continued from, or null when one did not. */
  static continuedFrom(results: readonly SplitResult[]): number | null {
    const budgets = results.map((r) => r.extras?.[CONTINUED_FROM]);
    const first = budgets[0];
    return typeof first === 'number' && budgets.every((b) => b === first) ? first : null;
  }

  private rowsOf(task: FitAndScoreTask): SplitRows {
    const { X, y, groups } = this.context;
    return {
      XTrain: X.takeRows(task.train),
      yTrain: y === undefined ? undefined : takeTarget(y, task.train),
      XTest: X.takeRows(task.test),
      yTest: y === undefined ? undefined : takeTarget(y, task.test),
      groupsTrain: groups === undefined ? undefined : takeTarget(groups, task.train),
    };
  }

  private take(key: string): KeptModel | undefined {
    const model = this.models.get(key);
    if (model === undefined) return undefined;
    this.models.delete(key);
    this.bytes -= model.bytes;
    return model;
  }

  private drop(key: string, reason: string | undefined): void {
    const model = this.take(key);
    model?.estimator.dispose?.();
    if (reason !== undefined && model !== undefined) this.dropped.set(key, { reason, group: model.group, round: model.round });
  }

  /**
   * Keeps a fitted model for the trial's promotion, dropping kept models while
   * over the memory budget: those of earlier rounds first, then the worst scored
   * (the least likely to be promoted; NaN first), then the oldest.
   */
  private keep(key: string, estimator: AnyEstimator, trial: ContinuedTrial, score: number): void {
    const bytes = estimateFittedBytes(estimator);
    const mb = (bytes / 1024 / 1024).toFixed(1);
    const { group, round } = this.spec.roundOf(trial.meta);
    if (bytes > this.budgetBytes) {
      estimator.dispose?.();
      this.dropped.set(key, { group, round, reason: `its model at ${trial.budget} ${this.resource} (about ${mb} MB) did not fit in continueMemoryMb (${this.spec.memoryMb}); restarted` });
      return;
    }
    const rank = (m: KeptModel): number => (Number.isNaN(m.score) ? -Infinity : m.score);
    // a stable sort of the insertion order: the oldest first among equals
    const dropOrder = [...this.models].sort(([, a], [, b]) => a.round - b.round || (rank(a) === rank(b) ? 0 : rank(a) < rank(b) ? -1 : 1));
    for (const [oldKey] of dropOrder) {
      if (this.bytes + bytes <= this.budgetBytes) break;
      this.drop(oldKey, `its model was dropped to keep the kept models within continueMemoryMb (${this.spec.memoryMb}); restarted`);
    }
    this.models.set(key, { estimator, budget: trial.budget, bytes, group, round, score });
    this.bytes += bytes;
  }
}

/** The options of the multi-fidelity searches about continued training. */
export interface ContinuationOptions {
  /**
   * A candidate promoted to a larger budget of an iteration param (`epochs`,
   * `nEstimators`, `maxIter`) trains on, on each split, from the model it
   * fitted at the lower budget, when the estimator continues along that param
   * (`ContinuesTraining`) and the fits run in this process (`nJobs: 1`).
   * `cvResults` then has a `continued_from` column. `false` fits every trial from
   * scratch.
   * @default true
   */
  readonly continueTraining?: boolean | undefined;
  /**
   * The memory budget of the models kept between rounds, in MB (sizes are
   * estimates); a promotion whose model was dropped restarts, with a note in its
   * split's `continue_note`.
   * @default 512
   */
  readonly continueMemoryMb?: number | undefined;
}

/** The option names of {@link ContinuationOptions}. */
export const CONTINUATION_OPTION_NAMES = ['continueTraining', 'continueMemoryMb'] as const;

/** The default `continueMemoryMb`. */
export const DEFAULT_CONTINUE_MEMORY_MB = 512;

/** The checked continuation options of a search: undefined when it does not continue (not asked, or a resource it cannot continue along). */
export function checkContinuationOptions(owner: string, options: ContinuationOptions, estimator: AnyEstimator, resource: string): { readonly memoryMb: number } | undefined {
  const continueTraining = checkBoolean(owner, 'continueTraining', options.continueTraining ?? true);
  const memoryMb = checkReal(owner, 'continueMemoryMb', options.continueMemoryMb ?? DEFAULT_CONTINUE_MEMORY_MB, { min: 0, minInclusive: false });
  if (!continueTraining || resource === 'nSamples' || continuationOf(estimator, resource) === undefined) return undefined;
  return { memoryMb };
}
