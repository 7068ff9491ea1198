/**
 * The sampler contract: a strategy proposes, the engine runs.
 *
 * A sampler looks at the study's trials (running ones included) and returns a
 * {@link Suggestion}: a parameter set to run (with an optional budget and
 * scheduler metadata), `wait` until a running trial finishes, or `stop`. It never
 * runs an objective, fits or scores.
 */
import type { ParamSet } from './space/parameter-grid.js';
import type { Direction, Trial } from './trial.js';

/** What a sampler proposes next. */
export type Suggestion =
  | {
      readonly kind: 'run';
      readonly params: ParamSet;
      /** The resource to spend (multi-fidelity schedulers). */
      readonly budget?: number | undefined;
      /** Scheduler data kept with the trial (bracket, rung...). */
      readonly meta?: Readonly<Record<string, unknown>> | undefined;
    }
  | { readonly kind: 'wait' }
  | { readonly kind: 'stop' };

/** What a sampler knows about the study it serves. */
export interface SamplerContext {
  readonly direction: Direction;
}

/** A search strategy. */
export interface Sampler {
  /** Proposes the next trial from the history (which includes running trials). */
  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion;
  /** The number of trials the sampler will propose in all, when known (grid size, nIter). */
  readonly plannedTrials?: number | undefined;
  /**
   * Every parameter set the sampler will propose, when it proposes from a fixed
   * list (a grid, a random draw, the candidates of successive halving): a
   * search applies each to a clone of its estimator before any fit, so that an
   * unknown or invalid param fails at once.
   * @default undefined (proposed on demand)
   */
  readonly candidates?: readonly ParamSet[] | undefined;
  /**
   * True when the proposals do not depend on the values of unfinished trials (a
   * fixed list, successive halving): a study on a shared storage then enqueues
   * every proposal up to the first `wait` or `stop` at once, and workers claim
   * them from the queue. Model-based samplers propose on demand.
   * @default undefined (on demand)
   */
  readonly queueAhead?: boolean | undefined;
}
