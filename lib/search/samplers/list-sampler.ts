/**
 * Samplers over a fixed, ordered list of candidates: the grid and the random
 * search. Each proposes candidate number `trials.length`, so it keeps no state
 * of its own and a study can resume from its stored trials.
 */
import { freshSeed } from '../../core/rng.js';
import { checkRandomState } from '../../core/validate.js';
import type { DynamicSampler, DynamicSamplingContext } from '../define-by-run/dynamic-sampler.js';
import { drawRng } from '../define-by-run/dynamic-sampler.js';
import type { Sampler, Suggestion } from '../sampler.js';
import type { Dimension } from '../space/dimensions.js';
import { isDimension } from '../space/dimensions.js';
import { isDistribution } from '../space/distributions.js';
import type { DistributionSpec, ParameterSamplerOptions } from '../space/parameter-sampler.js';
import { ParameterSampler } from '../space/parameter-sampler.js';
import type { GridSpec, ParamSet } from '../space/parameter-grid.js';
import { ParameterGrid } from '../space/parameter-grid.js';
import type { Trial } from '../trial.js';

/** Proposes the candidates of a list in order, then stops. */
export class ListSampler implements Sampler {
  readonly candidates: readonly ParamSet[];
  /** The candidates are fixed: a shared study enqueues them all. */
  readonly queueAhead: boolean = true;

  constructor(candidates: readonly ParamSet[]) {
    this.candidates = candidates;
  }

  get plannedTrials(): number | undefined {
    return this.candidates.length;
  }

  suggest(trials: readonly Trial[]): Suggestion {
    const next = this.candidates[trials.length];
    return next === undefined ? { kind: 'stop' } : { kind: 'run', params: next, meta: { candidate: trials.length } };
  }
}

/**
 * Every combination of a parameter grid, in scikit-learn's order.
 * @example
 * ```ts
 * const sampler = new GridSampler({ alpha: [0.1, 1, 10] });
 * ```
 */
export class GridSampler extends ListSampler {
  constructor(grid: GridSpec | readonly GridSpec[], owner = 'GridSampler') {
    super([...new ParameterGrid(grid, owner)]);
  }
}

/** Options of a define-by-run {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Seed of every draw (each trial's and parameter's draw is derived from it). @default undefined (fresh seed) */
  readonly randomState?: number | undefined;
}

function isRandomOptions(arg: unknown): arg is RandomSamplerOptions | undefined {
  if (arg === undefined) return true;
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return false;
  return Object.entries(arg).every(([k, v]) => k === 'randomState' && !isDimension(v) && !isDistribution(v) && !Array.isArray(v));
}

/**
 * Random search. With distributions and `nIter`, the `nIter` candidates drawn
 * from them (see {@link ParameterSampler}: scikit-learn's `ParameterSampler`);
 * with options only, define-by-run (Optuna's `RandomSampler`): each parameter
 * is drawn from its distribution as the objective asks for it.
 * @example
 * ```ts
 * const sampler = new RandomSampler({ alpha: logUniform(1e-3, 1e3) }, 20, { randomState: 0 });
 * const study = createStudy({ sampler: new RandomSampler({ randomState: 0 }) });
 * ```
 */
export class RandomSampler extends ListSampler implements DynamicSampler {
  /** The seed of the define-by-run draws. */
  readonly randomState: number;
  override readonly queueAhead: boolean;
  private readonly dynamic: boolean;

  constructor(options?: RandomSamplerOptions);
  constructor(distributions: DistributionSpec | readonly DistributionSpec[], nIter: number, options?: ParameterSamplerOptions, owner?: string);
  constructor(
    distributions?: DistributionSpec | readonly DistributionSpec[] | RandomSamplerOptions,
    nIter?: number,
    options: ParameterSamplerOptions = {},
    owner = 'RandomSampler',
  ) {
    const dynamic = nIter === undefined && isRandomOptions(distributions);
    super(dynamic ? [] : new ParameterSampler(distributions as DistributionSpec, nIter as number, options, owner).candidates());
    this.dynamic = dynamic;
    this.queueAhead = !dynamic;
    const seed = dynamic ? (distributions as RandomSamplerOptions | undefined)?.randomState : typeof options.randomState === 'number' ? options.randomState : undefined;
    this.randomState = checkRandomState(owner, seed) ?? freshSeed();
  }

  override get plannedTrials(): number | undefined {
    return this.dynamic ? undefined : this.candidates.length;
  }

  /** The next candidate; a define-by-run sampler proposes empty parameters (the objective asks for them). */
  override suggest(trials: readonly Trial[]): Suggestion {
    return this.dynamic ? { kind: 'run', params: {} } : super.suggest(trials);
  }

  /** A draw from the parameter's distribution, seeded by the trial and the name. */
  sampleIndependent(_trials: readonly Trial[], name: string, dimension: Dimension, context: DynamicSamplingContext): unknown {
    return dimension.sample(drawRng(this.randomState, context.trial.id, name));
  }
}
