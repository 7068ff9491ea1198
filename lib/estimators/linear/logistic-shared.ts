/**
 * LogisticRegression's shared work across the candidates of a search: the
 * candidates that differ only in C form a warm-start path, fitted from the
 * strongest penalty (smallest C) to the weakest, each solver starting from the
 * previous candidate's solution (scikit-learn's `_logistic_regression_path`
 * does the same inside `LogisticRegressionCV`). There is no state beyond the
 * split's rows, which the search takes once. Each fit still stops by its own
 * criteria (`tol` on the gradient, and L-BFGS's relative reduction), so a warm
 * fit is as converged as a cold one, though not the same bits.
 *
 * Only the 'lbfgs' and 'newton-cg' solvers with an 'l2' penalty or none start
 * warm; other settings have no shared work.
 */
import type { SharedWork, SplitRows } from '../../core/shared-state.js';
import { stateKey } from '../../core/shared-state.js';

/** The solutions of one fit, one per solver run (one per class for 'ovr' with more than two classes). */
export type LogisticSolutions = readonly Float64Array[];

/**
 * The shared work of a LogisticRegression with these params.
 *
 * @param fitFrom - fits on the rows, each solver run starting from the matching
 *   solution of `start` (cold when undefined); resolves to the solutions found.
 */
export function logisticSharedWork(
  params: { readonly C: number; readonly solver: unknown; readonly penalty: unknown } & Record<string, unknown>,
  fitFrom: (start: LogisticSolutions | undefined, rows: SplitRows) => Promise<LogisticSolutions>,
): SharedWork<null, LogisticSolutions> | undefined {
  if (params.solver !== 'lbfgs' && params.solver !== 'newton-cg') return undefined;
  if (params.penalty !== 'l2' && params.penalty !== 'none' && params.penalty !== null) return undefined;
  const { C, ...rest } = params;
  const chain = stateKey(rest);
  if (chain === undefined) return undefined;
  return {
    key: 'rows',
    warmStart: { chain, position: C },
    build: async () => ({ value: null, bytes: 0 }),
    fit: (_, rows, warm) => fitFrom(warm, rows),
  };
}

/** The starting point of solver run `k`: the warm solution when it has the right size, else zeros. */
export function startingPoint(start: LogisticSolutions | undefined, k: number, dim: number): Float64Array {
  const warm = start?.[k];
  return warm !== undefined && warm.length === dim ? Float64Array.from(warm) : new Float64Array(dim);
}
