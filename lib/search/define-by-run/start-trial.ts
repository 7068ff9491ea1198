/**
 * Starting a define-by-run trial: the sampler's relative sample is drawn (its
 * relative search space from the other trials), then the objective gets an
 * {@link ActiveTrial}; and what the objective returned, as an outcome.
 */
import type { Sampler } from '../sampler.js';
import type { TrialContext } from '../trial-context.js';
import type { Direction, RunningTrial, Trial, TrialOutcome } from '../trial.js';
import { ActiveTrial } from './active-trial.js';
import type { DynamicSampler } from './dynamic-sampler.js';
import { isDynamicSampler } from './dynamic-sampler.js';

/** A define-by-run objective (Optuna's): it asks the trial for its parameters and returns the value. */
export type TrialObjective = (trial: ActiveTrial) => number | readonly number[] | Promise<number | readonly number[]>;

/** What a define-by-run trial starts from. */
export interface StartTrialOptions {
  readonly record: RunningTrial;
  readonly context: TrialContext;
  readonly sampler: Sampler | DynamicSampler;
  readonly direction: Direction;
  /** The study's trials as last read (the trial being started among them or not). */
  readonly trials: () => readonly Trial[];
}

/**
 * The active trial of a new define-by-run trial, with its relative sample
 * drawn (samplers see the other trials only).
 * @example
 * ```ts
 * const trial = startActiveTrial({ record, context, sampler, direction: 'minimize', trials: () => study.trials });
 * trial.suggestFloat('x', 0, 1);
 * ```
 */
export function startActiveTrial(options: StartTrialOptions): ActiveTrial {
  const { record, sampler, direction } = options;
  const history = (): readonly Trial[] => options.trials().filter((t) => t.id !== record.id);
  let relative: { space: Readonly<Record<string, never>>; params: Readonly<Record<string, unknown>> } | undefined;
  if (isDynamicSampler(sampler) && sampler.inferRelativeSearchSpace !== undefined && sampler.sampleRelative !== undefined) {
    const context = { direction, trial: record };
    const trials = history();
    const space = sampler.inferRelativeSearchSpace(trials, context);
    if (Object.keys(space).length > 0) relative = { space: space as never, params: sampler.sampleRelative(trials, space, context) };
  }
  return new ActiveTrial({ record, context: options.context, sampler, direction, history, relative });
}

/**
 * The outcome of what a define-by-run objective returned: a finite number (or
 * numbers) completes the trial; NaN, infinities and anything else fail it
 * (Optuna's rule), with the reason.
 * @example
 * ```ts
 * returnedOutcome(0.3); // { state: 'complete', values: [0.3] }
 * returnedOutcome(NaN); // { state: 'failed', error: 'The objective returned NaN, ...' }
 * ```
 */
export function returnedOutcome(result: unknown): TrialOutcome {
  const values = typeof result === 'number' ? [result] : Array.isArray(result) && result.every((v) => typeof v === 'number') ? (result as number[]) : undefined;
  if (values === undefined || values.length === 0) {
    return { state: 'failed', error: `TypeError: The objective returned ${describe(result)}; a define-by-run objective returns a number (or an array of numbers).` };
  }
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) return { state: 'failed', error: `The objective returned ${String(bad)}, which is not a finite number.` };
  return { state: 'complete', values };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined (did it forget to return?)';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
