/**
 * Trial records: one evaluation of one parameter set, as a discriminated union on
 * `state`. A finished trial (complete, pruned or failed) is frozen: later work
 * never changes what a caller already holds.
 */
import type { ParamSet } from './space/parameter-grid.js';

/**
 * The life cycle of a trial: `waiting` in a shared study's queue until a
 * worker claims it, `running`, then one of the finished states.
 */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';

/** Whether larger or smaller objective values are better. */
export type Direction = 'maximize' | 'minimize';

/** One intermediate value reported during a trial (an epoch, a split, a rung). */
export interface IntermediateValue {
  readonly step: number;
  readonly value: number;
}

interface TrialBase {
  /** The trial's number in its study, from 0, in creation order. */
  readonly id: number;
  /** The parameter set evaluated. */
  readonly params: ParamSet;
  /** The resource allotted (epochs, samples, trees) in multi-fidelity searches. */
  readonly budget: number | undefined;
  /** Scheduler information that is not a parameter (bracket, rung, parent trial). */
  readonly meta: Readonly<Record<string, unknown>>;
  /** Values reported while running, in report order. */
  readonly intermediate: readonly IntermediateValue[];
  /** Extra data recorded by the objective (per-split results of a CV search...). */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Start time (ms since the epoch). */
  readonly startedAt: number;
}

/**
 * A trial in a shared study's queue: enqueued (a grid's candidate, a
 * re-queued trial of a dead worker), not yet claimed by a worker. To samplers,
 * schedulers and pruners it is unfinished, as a running one is
 * ({@link isUnfinished}).
 */
export interface WaitingTrial extends TrialBase {
  readonly state: 'waiting';
}

/** A trial whose objective runs (in this process, or in a study worker of a shared study). */
export interface RunningTrial extends TrialBase {
  readonly state: 'running';
  /** The worker running it (shared storages). @default undefined */
  readonly worker?: string | undefined;
}

interface FinishedBase extends TrialBase {
  /** End time (ms since the epoch). */
  readonly finishedAt: number;
}

/** A trial whose objective returned a value. */
export interface CompleteTrial extends FinishedBase {
  readonly state: 'complete';
  /** The objective value(s); `values[0]` is the value of single-objective studies. NaN is allowed and ranks last. */
  readonly values: readonly number[];
}

/** A trial stopped early by a pruner or scheduler. */
export interface PrunedTrial extends FinishedBase {
  readonly state: 'pruned';
  /** The last intermediate value reported, if any. */
  readonly lastValue: number | undefined;
}

/** A trial whose objective threw. */
export interface FailedTrial extends FinishedBase {
  readonly state: 'failed';
  /** The error's message (with its class name). */
  readonly error: string;
}

/** Any trial. */
export type Trial = WaitingTrial | RunningTrial | CompleteTrial | PrunedTrial | FailedTrial;

/** A trial that has not finished: waiting in the queue, or running. */
export type UnfinishedTrial = WaitingTrial | RunningTrial;

/** A trial that is no longer running. */
export type FinishedTrial = CompleteTrial | PrunedTrial | FailedTrial;

/** True for a trial (or any record with a trial's state) that waits in the queue or runs. */
export function isUnfinished<T extends { readonly state: TrialState }>(trial: T): trial is T & { readonly state: 'waiting' | 'running' } {
  return trial.state === 'waiting' || trial.state === 'running';
}

/** How a trial ended, as told to a storage. */
export type TrialOutcome =
  | { readonly state: 'complete'; readonly values: readonly number[]; readonly attrs?: Readonly<Record<string, unknown>> | undefined }
  | { readonly state: 'pruned'; readonly attrs?: Readonly<Record<string, unknown>> | undefined }
  | { readonly state: 'failed'; readonly error: string; readonly attrs?: Readonly<Record<string, unknown>> | undefined };

/** The main value of a trial: values[0] when complete, NaN otherwise. */
export function trialValue(trial: Trial): number {
  return trial.state === 'complete' ? (trial.values[0] ?? NaN) : NaN;
}

/**
 * Compares two objective values for a direction, NaN last: negative when `a` is
 * better than `b`.
 */
export function compareValues(a: number, b: number, direction: Direction): number {
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return direction === 'maximize' ? b - a : a - b;
}

/** The best complete trial (first of equals), or undefined when none has a value. */
export function bestTrial(trials: readonly Trial[], direction: Direction): CompleteTrial | undefined {
  let best: CompleteTrial | undefined;
  for (const t of trials) {
    if (t.state !== 'complete' || Number.isNaN(t.values[0])) continue;
    if (best === undefined || compareValues(t.values[0] as number, best.values[0] as number, direction) < 0) best = t;
  }
  return best;
}

/** Deep-freezes a trial record (arrays and plain objects inside it). */
export function freezeTrial<T extends Trial>(trial: T): T {
  const freeze = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
    if (ArrayBuffer.isView(value)) return;
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  };
  freeze(trial);
  return trial;
}
