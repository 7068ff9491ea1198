/**
 * HalvingGridSearchCV and HalvingRandomSearchCV: successive halving over a grid
 * or sampled candidates, cross-validated (scikit-learn's searches of the same
 * names, with the same schedule for the same inputs).
 */
import type { RandomStateLike } from '../core/check-random-state.js';
import type { AnyEstimator, ParamsOf } from '../core/estimator.js';
import { InvalidParameterError } from '../core/errors.js';
import { checkParam, integerIn, oneOf } from '../core/validate.js';
import type { GridSpec, ParamGrid, ParamSet } from '../search/space/parameter-grid.js';
import { ParameterGrid } from '../search/space/parameter-grid.js';
import type { DistributionSpec, ParamDistributions } from '../search/space/parameter-sampler.js';
import { ParameterSampler } from '../search/space/parameter-sampler.js';
import type { HalvingSearchCVOptions } from './halving-base.js';
import { BaseSuccessiveHalving } from './halving-base.js';

export type { HalvingSearchCVOptions } from './halving-base.js';
export { BaseSuccessiveHalving } from './halving-base.js';

function keysOf(spec: unknown): string[] {
  const list = Array.isArray(spec) ? (spec as object[]) : [spec as object];
  return list.flatMap((s) => (typeof s === 'object' && s !== null ? Object.keys(s) : []));
}

/**
 * Successive halving over a parameter grid (scikit-learn's
 * `HalvingGridSearchCV`): every combination is cross-validated with a small
 * resource, the best `1 / factor` go on with `factor` times more, until the
 * resources or the candidates run out. `cvResults` has a row per (iteration,
 * candidate) with scikit-learn's `iter` and `n_resources` columns; the best
 * candidate is the best of the last iteration. Each iteration's promoted
 * candidates train best first; `cvResults` lists them in scikit-learn's order.
 *
 * @example
 * ```ts
 * const { data, target } = await loadDiabetes();
 * const search = await new HalvingGridSearchCV(new Ridge(), { alpha: [0.001, 0.01, 0.1, 1, 10, 100] }, {
 *   factor: 2,
 *   cv: 5,
 *   randomState: 0,
 * }).fit(data, target);
 * search.nResources; // samples per iteration, e.g. [110, 220, 440]
 * search.cvResults.iter; // [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
 * search.bestParams;
 * ```
 */
export class HalvingGridSearchCV<E extends AnyEstimator> extends BaseSuccessiveHalving<E> {
  /** The grid (or list of grids) searched. */
  readonly paramGrid: ParamGrid<ParamsOf<E>> | readonly ParamGrid<ParamsOf<E>>[];

  constructor(estimator: E, paramGrid: ParamGrid<ParamsOf<E>> | readonly ParamGrid<ParamsOf<E>>[], options: HalvingSearchCVOptions = {}) {
    super('HalvingGridSearchCV', estimator, options, [], 'exhaust', keysOf(paramGrid));
    this.paramGrid = paramGrid;
    new ParameterGrid(paramGrid as GridSpec | readonly GridSpec[], 'HalvingGridSearchCV');
  }

  protected describeSpace(): unknown {
    return this.paramGrid;
  }

  protected candidateParams(): ParamSet[] {
    return [...new ParameterGrid(this.paramGrid as GridSpec | readonly GridSpec[], 'HalvingGridSearchCV')];
  }
}

/** Options of {@link HalvingRandomSearchCV}. */
export interface HalvingRandomSearchCVOptions extends HalvingSearchCVOptions {
  /**
   * Candidates sampled for the first iteration; `'exhaust'` samples
   * `maxResources // minResources`, so that the last iteration can use about all
   * the resources (not with `minResources: 'exhaust'`).
   * @default 'exhaust'
   */
  readonly nCandidates?: 'exhaust' | number | undefined;
}

/**
 * Successive halving over sampled candidates (scikit-learn's
 * `HalvingRandomSearchCV`); see {@link HalvingGridSearchCV}. Candidates are drawn
 * like RandomizedSearchCV's (the same `randomState` gives the same candidates).
 *
 * @example
 * ```ts
 * const mlp: BuildFunction<{ units: number }> = ({ units }, meta) => buildYourNetwork(units, meta.nFeaturesIn, meta.nClasses);
 * const search = await new HalvingRandomSearchCV(new KerasClassifier({ model: mlp, verbose: 0 }), {
 *   model__units: [16, 32, 64, 128],
 *   optimizer__learningRate: logUniform(1e-4, 1e-1),
 * }, { resource: 'epochs', maxResources: 27, factor: 3, nCandidates: 27, cv: 3, randomState: 0 }).fit(X, y);
 * search.nResources; // [1, 3, 9, 27] epochs
 * ```
 */
export class HalvingRandomSearchCV<E extends AnyEstimator> extends BaseSuccessiveHalving<E> {
  readonly paramDistributions: ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[];
  private readonly nCandidatesOption: 'exhaust' | number;

  constructor(
    estimator: E,
    paramDistributions: ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[],
    options: HalvingRandomSearchCVOptions = {},
  ) {
    super('HalvingRandomSearchCV', estimator, options, ['nCandidates'], 'smallest', keysOf(paramDistributions));
    this.nCandidatesOption = checkParam(
      'HalvingRandomSearchCV',
      'nCandidates',
      options.nCandidates ?? 'exhaust',
      [oneOf(['exhaust']), integerIn({ min: 1 })],
      { kind: 'option' },
    );
    if (this.nCandidatesOption === 'exhaust' && this.minResourcesOption === 'exhaust') {
      throw new InvalidParameterError(
        `The "nCandidates" and "minResources" options of HalvingRandomSearchCV cannot both be 'exhaust': each is derived from the other. Set one of them to a number (or minResources to 'smallest').`,
        { owner: 'HalvingRandomSearchCV', argument: 'nCandidates', value: 'exhaust', expected: "a number when minResources is 'exhaust'" },
      );
    }
    this.paramDistributions = paramDistributions;
    new ParameterSampler(paramDistributions as DistributionSpec, 1, { randomState: 0 }, 'HalvingRandomSearchCV');
  }

  protected describeSpace(): unknown {
    return this.paramDistributions;
  }

  protected candidateParams(minResources: number, maxResources: number, randomState: RandomStateLike): ParamSet[] {
    const n = this.nCandidatesOption === 'exhaust' ? Math.floor(maxResources / minResources) : this.nCandidatesOption;
    return new ParameterSampler(
      this.paramDistributions as DistributionSpec | readonly DistributionSpec[],
      n,
      { randomState },
      'HalvingRandomSearchCV',
    ).candidates();
  }
}
