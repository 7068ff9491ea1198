/**
 * Lasso's and ElasticNet's shared work across the candidates of a search
 * (scikit-learn's `lasso_path`, for any grid): a split's Gram matrix (or, when
 * coordinate descent runs on the residuals, its centred column-major copy)
 * depends on `fitIntercept` only, and the candidates that differ only in alpha
 * form a warm-start path, fitted from the strongest penalty to the weakest, each
 * starting from the previous coefficients. Each fit still stops by the duality
 * gap below `tol · ‖y‖²`, so a warm fit is as close to the optimum as a cold one,
 * though not the same bits.
 */
import type { DenseMatrix } from '../../core/data.js';
import type { BuiltState, SharedWork, SplitRows } from '../../core/shared-state.js';
import { stateKey } from '../../core/shared-state.js';
import type { GramEquations } from './gram-kernel.js';
import { gramEquations } from './gram-kernel.js';

/** Centred training rows in column-major order, for coordinate descent on the residuals. */
export interface CenteredColumns {
  readonly columns: Float64Array;
  readonly y: Float64Array;
  readonly xMean: Float64Array;
  readonly yMean: number;
}

/** One split's state: the Gram form's equations, or the residual form's columns. */
export type CoordinateDescentState = { readonly kind: 'gram'; readonly eq: GramEquations } | { readonly kind: 'columns'; readonly data: CenteredColumns };

/** What the next fit starts from: a split's state and, on a warm-start path, the previous coefficients. */
export interface CoordinateDescentStart {
  readonly state: CoordinateDescentState;
  readonly coef: Float64Array | undefined;
}

/** How the estimator builds the state and fits from a start (its private parts, lent to this module). */
export interface CoordinateDescentHooks {
  /** Whether coordinate descent runs on the Gram matrix for `n` rows and `p` features. */
  readonly useGram: (n: number, p: number) => boolean;
  readonly centeredColumns: (X: DenseMatrix, y: Float64Array, center: boolean) => CenteredColumns;
  /** Fits on the rows from `start`; resolves to the coefficients found. */
  readonly fitFrom: (start: CoordinateDescentStart, rows: SplitRows) => Promise<Float64Array>;
}

/**
 * The shared work of a Lasso or ElasticNet with these params: the state's key
 * is `fitIntercept`; the warm-start chain holds every other param but alpha,
 * and alpha runs down it from the largest.
 */
export function coordinateDescentSharedWork(params: { readonly alpha: number; readonly fitIntercept: boolean } & Record<string, unknown>, hooks: CoordinateDescentHooks): SharedWork<CoordinateDescentState, Float64Array> | undefined {
  const { alpha, ...rest } = params;
  const chain = stateKey(rest);
  if (chain === undefined) return undefined;
  return {
    key: stateKey({ fitIntercept: params.fitIntercept }) as string,
    warmStart: { chain, position: -alpha },
    build: async (rows: SplitRows): Promise<BuiltState<CoordinateDescentState>> => {
      const X = rows.XTrain;
      const y = Float64Array.from(rows.yTrain as ArrayLike<number>);
      if (hooks.useGram(X.rows, X.columns)) {
        const eq = gramEquations(X, y, params.fitIntercept);
        return { value: { kind: 'gram', eq }, bytes: (eq.A.length + 2 * eq.b.length) * 8 };
      }
      const data = hooks.centeredColumns(X, y, params.fitIntercept);
      return { value: { kind: 'columns', data }, bytes: (data.columns.length + data.y.length) * 8 };
    },
    fit: (state, rows, warm) => hooks.fitFrom({ state, coef: warm }, rows),
  };
}
