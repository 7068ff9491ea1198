/**
 * GridSearchCV: every combination of a parameter grid, cross-validated.
 */
import type { AnyEstimator, ParamsOf } from '../core/estimator.js';
import type { Sampler } from '../search/sampler.js';
import { GridSampler } from '../search/samplers/list-sampler.js';
import type { GridSpec, ParamGrid } from '../search/space/parameter-grid.js';
import type { SearchCVOptions } from './base-search-cv.js';
import { BaseSearchCV } from './base-search-cv.js';

/** Options of {@link GridSearchCV}: the shared search options. */
export type GridSearchCVOptions = SearchCVOptions;

/**
 * Exhaustive search over a grid (scikit-learn's `GridSearchCV`).
 *
 * The grid's keys and value types are checked against the estimator's params
 * interface at compile time; unknown names also fail at run time, before any fit.
 *
 * @example
 * ```ts
 * const { data, target } = await loadDiabetes();
 * const search = await new GridSearchCV(new Ridge(), { alpha: [0.01, 0.1, 1, 10] }, {
 *   cv: 5,
 *   scoring: 'neg_mean_squared_error',
 * }).fit(data, target);
 * search.bestParams; // { alpha: 0.01 }
 * search.cvResults.mean_test_score;
 * ```
 */
export class GridSearchCV<E extends AnyEstimator> extends BaseSearchCV<E> {
  /** The grid (or list of grids) searched. */
  readonly paramGrid: ParamGrid<ParamsOf<E>> | readonly ParamGrid<ParamsOf<E>>[];

  constructor(
    estimator: E,
    paramGrid: ParamGrid<ParamsOf<E>> | readonly ParamGrid<ParamsOf<E>>[],
    options: GridSearchCVOptions = {},
  ) {
    super('GridSearchCV', estimator, options, []);
    this.paramGrid = paramGrid;
    // validate the grid's shape now (values are checked against the estimator at fit)
    new GridSampler(paramGrid as GridSpec | readonly GridSpec[], 'GridSearchCV');
  }

  protected describeSpace(): unknown {
    return this.paramGrid;
  }

  protected createSampler(): Sampler {
    return new GridSampler(this.paramGrid as GridSpec | readonly GridSpec[], 'GridSearchCV');
  }
}
