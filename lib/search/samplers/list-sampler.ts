/**
 * Samplers over a fixed, ordered list of candidates: the grid and the random
 * search. Each proposes candidate number `trials.length`, so it keeps no state
 * of its own and a study can resume from its stored trials.
 */
import type { Sampler, Suggestion } from '../sampler.js';
import type { DistributionSpec, ParameterSamplerOptions } from '../space/parameter-sampler.js';
import { ParameterSampler } from '../space/parameter-sampler.js';
import type { GridSpec, ParamSet } from '../space/parameter-grid.js';
import { ParameterGrid } from '../space/parameter-grid.js';
import type { Trial } from '../trial.js';

/** Proposes the candidates of a list in order, then stops. */
export class ListSampler implements Sampler {
  readonly candidates: readonly ParamSet[];
  /** The candidates are fixed: a shared study enqueues them all. */
  readonly queueAhead = true;

  constructor(candidates: readonly ParamSet[]) {
    this.candidates = candidates;
  }

  get plannedTrials(): number {
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

/**
 * `nIter` candidates drawn from distributions and lists (see {@link ParameterSampler}).
 * @example
 * ```ts
 * const sampler = new RandomSampler({ alpha: logUniform(1e-3, 1e3) }, 20, { randomState: 0 });
 * ```
 */
export class RandomSampler extends ListSampler {
  constructor(
    distributions: DistributionSpec | readonly DistributionSpec[],
    nIter: number,
    options: ParameterSamplerOptions = {},
    owner = 'RandomSampler',
  ) {
    super(new ParameterSampler(distributions, nIter, options, owner).candidates());
  }
}
