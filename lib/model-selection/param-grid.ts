/**
 * Grids and distributions held in a variable, still checked against the
 * estimator: `paramGrid(estimator, { ... })` types the object as the search
 * will (a literal such as `'rbf'` stays a literal, a misspelt name does not
 * compile) and checks the names at run time too, before any fit.
 */
import type { AnyEstimator, ParamsOf } from '../core/estimator.js';
import { checkKnownKeys } from '../core/validate.js';
import type { ParamGrid } from '../search/space/parameter-grid.js';
import type { ParamDistributions } from '../search/space/parameter-sampler.js';

/** Throws when a key of `space` is not one of the estimator's params (nested `step__param` names included). */
function checkNames(helper: string, estimator: AnyEstimator, space: object): void {
  checkKnownKeys(`${estimator.constructor.name} (in ${helper})`, space, Object.keys(estimator.getParams(true)));
}

/**
 * A parameter grid for `estimator`, typed and checked as `GridSearchCV` checks
 * its grid, to keep in a variable (without it, `const grid = { kernel: ['rbf'] }`
 * widens to `string[]` and no longer fits `SVC`'s `kernel`).
 * @throws {InvalidParameterError} when a name is not one of the estimator's params.
 * @example
 * ```ts
 * const svc = new SVC();
 * const grid = paramGrid(svc, { kernel: ['rbf', 'linear'], C: [0.1, 1, 10] });
 * const search = await new GridSearchCV(svc, grid, { cv: 5 }).fit(X, y);
 * ```
 */
export function paramGrid<E extends AnyEstimator>(estimator: E, grid: ParamGrid<ParamsOf<E>>): ParamGrid<ParamsOf<E>>;
export function paramGrid<E extends AnyEstimator>(estimator: E, grid: readonly ParamGrid<ParamsOf<E>>[]): readonly ParamGrid<ParamsOf<E>>[];
export function paramGrid<E extends AnyEstimator>(estimator: E, grid: ParamGrid<ParamsOf<E>> | readonly ParamGrid<ParamsOf<E>>[]): ParamGrid<ParamsOf<E>> | readonly ParamGrid<ParamsOf<E>>[] {
  for (const one of Array.isArray(grid) ? grid : [grid]) checkNames('paramGrid', estimator, one as object);
  return grid;
}

/**
 * Parameter distributions for `estimator` (lists and distributions, as
 * `RandomizedSearchCV` takes them), typed and checked like {@link paramGrid}.
 * @throws {InvalidParameterError} when a name is not one of the estimator's params.
 * @example
 * ```ts
 * const ridge = new Ridge();
 * const space = paramDistributions(ridge, { alpha: logUniform(1e-4, 1e2), fitIntercept: [true, false] });
 * const search = await new RandomizedSearchCV(ridge, space, { nIter: 20, randomState: 0 }).fit(X, y);
 * ```
 */
export function paramDistributions<E extends AnyEstimator>(estimator: E, space: ParamDistributions<ParamsOf<E>>): ParamDistributions<ParamsOf<E>>;
export function paramDistributions<E extends AnyEstimator>(estimator: E, space: readonly ParamDistributions<ParamsOf<E>>[]): readonly ParamDistributions<ParamsOf<E>>[];
export function paramDistributions<E extends AnyEstimator>(
  estimator: E,
  space: ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[],
): ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[] {
  for (const one of Array.isArray(space) ? space : [space]) checkNames('paramDistributions', estimator, one as object);
  return space;
}
