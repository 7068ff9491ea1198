/**
 * The fit shared by {@link Lasso} and {@link ElasticNet}: centring, the choice between
 * coordinate descent on the residuals (a column-major copy of X) and on the Gram matrix
 * (XᵀX from the kernels, for many more samples than features), the intercept and the
 * fitted attributes.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { FitOptions } from '../../core/estimator.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import { RandomState } from '../../core/random-state.js';
import { RandR } from '../tree/rand-r.js';
import { warn } from '../../core/warnings.js';
import type { CoordinateDescentOptions, CoordinateDescentResult, CoordinateSelection, CoordinateSource } from './coordinate-descent.js';
import { enetCoordinateDescent } from './coordinate-descent.js';
import { enetCoordinateDescentGram } from './coordinate-descent-gram.js';
import { gramEquations } from './gram-kernel.js';
import { BaseLinearRegressor, interceptFor, throwIfAborted } from './linear-model.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { CoordinateDescentStart, CoordinateDescentState } from './coordinate-descent-shared.js';
import { coordinateDescentSharedWork } from './coordinate-descent-shared.js';

/** The params {@link BaseCoordinateDescentRegressor} reads. */
export interface CoordinateDescentParams {
  alpha: number;
  fitIntercept: boolean;
  maxIter: number;
  tol: number;
  randomState: number | undefined;
  selection: CoordinateSelection;
}

/**
 * Whether to run coordinate descent on the Gram matrix: it costs n·p²/2 products up
 * front (on the SIMD kernels) and O(p²) per sweep, against O(n·p) per sweep on the
 * residuals (plain loops); with many more samples than features and features few
 * enough for a p × p matrix, the Gram form wins after a handful of sweeps (measured
 * on 2000-4000 rows: the Gram form is faster up to 500 features at 5-10 sweeps, and at
 * 1000 features from about 10 sweeps).
 */
export function useGram(n: number, p: number): boolean {
  return n >= p && p <= GRAM_MAX_FEATURES;
}

/** The most features for the Gram form. */
const GRAM_MAX_FEATURES = 512;

/**
 * X centred (when `center`) into a column-major copy in one pass after the means
 * (coordinate descent reads whole columns), y centred, and the means.
 */
export function centeredColumns(X: DenseMatrix, y: Float64Array, center: boolean): { columns: Float64Array; y: Float64Array; xMean: Float64Array; yMean: number } {
  const n = X.rows;
  const p = X.columns;
  const values = X.values;
  const xMean = new Float64Array(p);
  let yMean = 0;
  if (center) {
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let j = 0; j < p; j++) xMean[j] += values[o + j];
    }
    for (let j = 0; j < p; j++) xMean[j] /= n;
    for (let i = 0; i < n; i++) yMean += y[i];
    yMean /= n;
  }
  const columns = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let j = 0; j < p; j++) columns[j * n + i] = values[o + j] - xMean[j];
  }
  return { columns, y: center ? y.map((v) => v - yMean) : y, xMean, yMean };
}

/**
 * The fit shared by {@link Lasso} and {@link ElasticNet} (scikit-learn's
 * `ElasticNet.fit`): the objective `1/(2n) ‖y - Xw - b‖² + alpha·l1Ratio‖w‖₁ +
 * ½ alpha (1 - l1Ratio) ‖w‖²`.
 */
export abstract class BaseCoordinateDescentRegressor<P extends CoordinateDescentParams> extends BaseLinearRegressor<P> {
  private iterations: number | undefined;
  private gapSeen: number | undefined;
  /** What the next fit starts from (shared work, see {@link BaseCoordinateDescentRegressor.sharedWork}). */
  private start: CoordinateDescentStart | undefined;

  /**
   * Shares a split's Gram matrix among the candidates of a search, and fits
   * the candidates that differ only in alpha along a warm-start path (see
   * `coordinate-descent-shared.ts`).
   */
  sharedWork(): SharedWork<CoordinateDescentState, Float64Array> | undefined {
    return coordinateDescentSharedWork(this.params as unknown as { alpha: number; fitIntercept: boolean } & Record<string, unknown>, {
      useGram,
      centeredColumns,
      fitFrom: async (start, rows) => {
        this.start = start;
        await this.fit(rows.XTrain, rows.yTrain);
        return this.requireFitted(this.fitted, 'coef').coef;
      },
    });
  }

  /** The L1 share of the penalty. */
  protected abstract l1RatioValue(): number;

  /** Sweeps run by coordinate descent (scikit-learn's `n_iter_`). @throws {NotFittedError} before fit. */
  get nIter(): number {
    return this.requireFitted(this.iterations, 'nIter');
  }

  /** The final duality gap divided by n (scikit-learn's `dual_gap_`). @throws {NotFittedError} before fit. */
  get dualGap(): number {
    return this.requireFitted(this.gapSeen, 'dualGap');
  }

  /** Fits by coordinate descent from zero; warns (`ConvergenceWarning`) when `maxIter` is reached first. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const start = this.start;
    this.start = undefined;
    const owner = `${this.owner}.fit`;
    throwIfAborted(options?.signal, owner);
    const { alpha, fitIntercept, maxIter, tol, selection, randomState } = this.params;
    const rng = selection === 'random' ? coordinateSource(randomState) : undefined;
    const prepared = this.prepareFit(X, y);
    if (alpha === 0) {
      warn('With alpha=0, this algorithm does not converge well. You are advised to use the LinearRegression estimator', 'UserWarning');
    }
    const n = prepared.X.rows;
    const p = prepared.X.columns;
    const l1Ratio = this.l1RatioValue();
    const solver: CoordinateDescentOptions = {
      l1: alpha * l1Ratio * n,
      l2: alpha * (1 - l1Ratio) * n,
      maxIter,
      tol,
      rng,
      signal: options?.signal,
      owner,
    };
    let result: CoordinateDescentResult;
    let intercept: number;
    if (useGram(n, p)) {
      const eq = start?.state.kind === 'gram' ? start.state.eq : gramEquations(prepared.X, prepared.y, fitIntercept);
      result = enetCoordinateDescentGram(eq.A, eq.b, eq.yy, p, solver, start?.coef);
      intercept = interceptFor(eq, result.coef);
    } else {
      const data = start?.state.kind === 'columns' ? start.state.data : centeredColumns(prepared.X, prepared.y, fitIntercept);
      result = enetCoordinateDescent(data.columns, data.y, n, p, solver, start?.coef);
      intercept = interceptFor(data, result.coef);
    }
    if (!Number.isFinite(intercept) || result.coef.some((v) => !Number.isFinite(v))) {
      throw nonFinite(owner, prepared.X);
    }
    this.fitted = { coef: result.coef, intercept };
    this.iterations = result.nIter;
    this.gapSeen = result.gap / n;
    return this;
  }
}

function nonFinite(owner: string, X: DenseMatrix): ValidationError {
  return new ValidationError(
    'Coordinate descent iterations resulted in non-finite parameter values. The input data may contain large values and need to be preprocessed.',
    { owner, argument: 'X', value: `${X.rows}×${X.columns} matrix`, expected: 'values small enough for finite coefficients' },
  );
}

/**
 * The random coordinates of scikit-learn's `enet_coordinate_descent`: `rand_int(p)` from
 * its `rand_r` generator, seeded with `check_random_state(random_state).randint(0,
 * RAND_R_MAX)` (a fresh seed when `randomState` is undefined).
 */
export function coordinateSource(randomState: number | undefined): CoordinateSource {
  const rand = RandR.fromRandomState(randomState === undefined ? new RandomState() : resolveRandomState(randomState));
  return { integer: (low, high) => rand.randInt(low, high) };
}
