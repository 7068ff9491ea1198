/**
 * RandomizedSearchCV: candidates sampled from distributions, cross-validated.
 */
import type { AnyEstimator, ParamsOf } from '../core/estimator.js';
import type { RandomStateLike } from '../core/check-random-state.js';
import { checkRandomStateOption } from '../core/check-random-state.js';
import { checkInteger } from '../core/validate.js';
import type { Sampler } from '../search/sampler.js';
import { RandomSampler } from '../search/samplers/list-sampler.js';
import type { DistributionSpec, ParamDistributions } from '../search/space/parameter-sampler.js';
import { ParameterSampler } from '../search/space/parameter-sampler.js';
import type { SamplerSetup, SearchCVOptions } from './base-search-cv.js';
import { BaseSearchCV } from './base-search-cv.js';

/** Options of {@link RandomizedSearchCV}. */
export interface RandomizedSearchCVOptions extends SearchCVOptions {
  /** The number of candidates sampled. @default 10 */
  readonly nIter?: number | undefined;
  /**
   * Seed of the sampling (numpy's `RandomState(seed)`: scikit-learn's candidates for
   * the same seed), or a {@link RandomState} that each fit draws its candidates from,
   * so that it advances as scikit-learn's does. @default undefined (fresh seed)
   */
  readonly randomState?: RandomStateLike | undefined;
}

/** The default number of sampled candidates (scikit-learn's). */
export const DEFAULT_N_ITER = 10;

/**
 * Randomized search (scikit-learn's `RandomizedSearchCV`): `nIter` candidates drawn
 * from distributions or lists. When every entry is a list, candidates are drawn
 * without replacement.
 *
 * @example
 * ```ts
 * const search = await new RandomizedSearchCV(new SVC(), { C: logUniform(1e-2, 1e3), gamma: logUniform(1e-4, 1e-1) }, {
 *   nIter: 30,
 *   randomState: 0,
 * }).fit(X, y);
 * ```
 */
export class RandomizedSearchCV<E extends AnyEstimator> extends BaseSearchCV<E> {
  readonly paramDistributions: ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[];
  readonly nIter: number;
  readonly randomState: RandomStateLike | undefined;

  constructor(
    estimator: E,
    paramDistributions: ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[],
    options: RandomizedSearchCVOptions = {},
  ) {
    super('RandomizedSearchCV', estimator, options, ['nIter', 'randomState']);
    this.nIter = checkInteger('RandomizedSearchCV', 'nIter', options.nIter ?? DEFAULT_N_ITER, { min: 1 });
    this.randomState = checkRandomStateOption('RandomizedSearchCV', options.randomState);
    this.paramDistributions = paramDistributions;
    // validate the distributions' shape now
    new ParameterSampler(paramDistributions as DistributionSpec, this.nIter, { randomState: 0 }, 'RandomizedSearchCV');
  }

  protected describeSpace(): unknown {
    return this.paramDistributions;
  }

  protected createSampler(setup: SamplerSetup): Sampler {
    return new RandomSampler(
      this.paramDistributions as DistributionSpec | readonly DistributionSpec[],
      this.nIter,
      // without a randomState, a study in a storage keeps the seed, so that a resumed search draws the same candidates
      { randomState: this.randomState ?? setup.seed },
      'RandomizedSearchCV',
    );
  }
}
