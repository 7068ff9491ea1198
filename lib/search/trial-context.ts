/**
 * The objective's side of a trial: what an objective receives besides the
 * parameters (its {@link TrialContext}), what it returns, and the pruner it may
 * ask. The study builds one context per trial ({@link trialContext}) and
 * waits for the context's writes before it finishes the trial.
 */
import { FatalError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { ParamSet } from './space/parameter-grid.js';
import type { Storage } from './storage/storage.js';
import type { Direction, RunningTrial, Trial } from './trial.js';

/** What a pruner knows of the study. */
export interface PrunerContext {
  readonly direction: Direction;
  /** The study's name (a named study of a storage), if any: Hyperband assigns brackets from it. @default undefined */
  readonly studyName?: string | undefined;
}

/** Decides whether a running trial should stop early, from its intermediate values. */
export interface Pruner {
  shouldPrune(trial: RunningTrial, trials: readonly Trial[], context: PrunerContext): boolean;
  /**
   * The trials a sampler should learn from when it draws a parameter of
   * `trial` on its own (Optuna's Hyperband pruner shows the sampler only the
   * trials of the trial's bracket). @default every trial
   */
  trialsForSampling?(trial: Pick<Trial, 'id'>, trials: readonly Trial[], context: PrunerContext): readonly Trial[];
}

/** What an objective receives besides the parameters. */
export interface TrialContext {
  /** The trial's id in the study. */
  readonly trialId: number;
  /** The resource allotted (multi-fidelity), if any. */
  readonly budget: number | undefined;
  /** Scheduler metadata of the trial. */
  readonly meta: Readonly<Record<string, unknown>>;
  /**
   * The attributes the trial already holds: empty for a new trial; for a trial
   * re-queued after its worker died, what that worker recorded (a CV objective
   * reuses the splits it finds there).
   */
  readonly attrs: Readonly<Record<string, unknown>>;
  /** Aborted when the study is stopped (timeout, caller's signal, fatal error elsewhere). */
  readonly signal: AbortSignal;
  /** A generator seeded from the study's seed and the trial id. */
  readonly rng: Rng;
  /** Records an intermediate value (an epoch, a split). */
  report(step: number, value: number): Promise<void>;
  /** True when the pruner says this trial should stop (call after `report`). */
  shouldPrune(): boolean;
  /** Merges attributes into the trial record. */
  setAttrs(attrs: Readonly<Record<string, unknown>>): Promise<void>;
}

/** What an objective returns: a value, several values, or values with attributes. */
export type ObjectiveResult =
  | number
  | readonly number[]
  | { readonly values: number | readonly number[]; readonly attrs?: Readonly<Record<string, unknown>> | undefined };

/** The function a study optimizes. Throw `TrialPruned` to end a trial as pruned. */
export type Objective = (params: ParamSet, context: TrialContext) => Promise<ObjectiveResult>;

/** The values and attributes of an objective's result. */
export function normalizeResult(result: ObjectiveResult): { values: number[]; attrs: Readonly<Record<string, unknown>> | undefined } {
  if (typeof result === 'number') return { values: [result], attrs: undefined };
  if (Array.isArray(result)) return { values: [...(result as readonly number[])], attrs: undefined };
  const r = result as { values: number | readonly number[]; attrs?: Readonly<Record<string, unknown>> };
  if (r === null || typeof r !== 'object' || !('values' in r)) {
    throw new FatalError(`An objective must return a number, an array of numbers or { values, attrs }. Got ${String(result)} instead.`);
  }
  return { values: typeof r.values === 'number' ? [r.values] : [...r.values], attrs: r.attrs };
}

/** What a trial's context is made from. */
export interface TrialContextSource {
  readonly storage: Storage;
  readonly signal: AbortSignal;
  readonly rng: Rng;
  /** The pruner's verdict for the trial with these intermediate values. */
  readonly shouldPrune: (trial: RunningTrial) => boolean;
}

/** A trial's context, and the writes it started (the study waits for them before finishing the trial). */
export interface OpenTrialContext {
  readonly context: TrialContext;
  /** Waits for every write; rejects with the first that failed. */
  flush(): Promise<void>;
  /** Waits for every write, failed or not. */
  settle(): Promise<void>;
}

/**
 * The context of one trial: its reports and attributes go to the storage, and
 * the pruner sees the values reported so far.
 */
export function trialContext(trial: RunningTrial, source: TrialContextSource): OpenTrialContext {
  const pending: Promise<void>[] = [];
  let intermediate = [...trial.intermediate];
  const write = async (p: Promise<void>): Promise<void> => {
    pending.push(p);
    await p;
  };
  const context: TrialContext = {
    trialId: trial.id,
    budget: trial.budget,
    meta: trial.meta,
    attrs: trial.attrs,
    signal: source.signal,
    rng: source.rng,
    report: (step, value) => {
      intermediate = [...intermediate, { step, value }];
      return write(source.storage.reportIntermediate(trial.id, step, value));
    },
    shouldPrune: () => source.shouldPrune({ ...trial, intermediate }),
    setAttrs: (attrs) => write(source.storage.setTrialAttrs(trial.id, attrs)),
  };
  return {
    context,
    flush: async () => {
      await Promise.all(pending);
    },
    settle: async () => {
      await Promise.allSettled(pending);
    },
  };
}
