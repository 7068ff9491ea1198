/**
 * SVC's and SVR's shared work across the candidates of a search: the kernel
 * matrix of a split's training rows depends on the kernel and its coefficients
 * (gamma, degree, coef0) only, so it is computed once per split and kernel, and
 * every C (and class weight, epsilon...) solves from it. When the whole matrix
 * (n² float32) would take more than half the search's cache budget, the state
 * keeps a cache of kernel rows shared by the candidates instead.
 *
 * The candidates that differ only in C form a warm-start path, from the smallest
 * C: each solver starts from the previous dual solution, which stays feasible
 * when C grows (0 ≤ α ≤ C_old ≤ C, and Σ yα = 0 does not involve C), unless half
 * of its support vectors or more sit at the old bound (then it starts cold: see
 * `warmStart` in one-vs-one.ts, and `trainRegressor`). The solver still stops when
 * the maximal violation falls below `tol`, so a warm solution is within the same
 * tolerance of the optimum as a cold one, though not the same bits. Without the warm start (the first C of each path) a fit from the state
 * computes the same kernel values a plain fit does, and gives the same model.
 */
import type { DenseMatrix, Vector } from '../../core/data.js';
import { encodeLabels } from '../../core/data.js';
import type { BuiltState, SharedWork, SplitRows, StateBuildContext } from '../../core/shared-state.js';
import { stateKey } from '../../core/shared-state.js';
import type { Kernel, SvmGamma, SvmKernel } from './kernels.js';
import { resolveGamma } from './kernels.js';
import { groupByClass } from './one-vs-one.js';
import { QueryKernel } from './query-kernel.js';
import { SharedKernel } from './training-kernel.js';

/** One split's state: its training rows' kernel matrix (grouped by class for SVC). */
export interface SvmState {
  /** The training rows the matrix was built on. */
  readonly X: DenseMatrix;
  readonly kernel: Kernel;
  readonly shared: SharedKernel;
  /** The kernel values against the split's test rows (undefined where decision values would not use them). */
  readonly test: QueryKernel | undefined;
}

/** What the next fit starts from: the state and, on a warm-start path, the previous dual solutions. */
export interface SvmStart {
  readonly state: SvmState;
  readonly alphas: readonly Float64Array[] | undefined;
  /** The C those solutions were solved with. */
  readonly previousC: number | undefined;
}

/** What a fit hands to the next on its warm-start path: its C and its dual solutions. */
export interface WarmDual {
  readonly C: number;
  readonly alphas: readonly Float64Array[];
}

/** The kernel params of the libsvm estimators. */
interface KernelParams {
  readonly C: number;
  readonly kernel: SvmKernel;
  readonly gamma: SvmGamma;
  readonly degree: number;
  readonly coef0: number;
}

/** The params the kernel's values depend on. */
function kernelKey(p: KernelParams): string | undefined {
  switch (p.kernel) {
    case 'linear':
      return stateKey({ kernel: p.kernel });
    case 'rbf':
      return stateKey({ kernel: p.kernel, gamma: p.gamma });
    case 'sigmoid':
      return stateKey({ kernel: p.kernel, gamma: p.gamma, coef0: p.coef0 });
    default:
      return stateKey({ kernel: p.kernel, gamma: p.gamma, degree: p.degree, coef0: p.coef0 });
  }
}

/** The most rows of the kernel matrix a state holds: all of them when the matrix takes at most half the budget. */
function rowsWithin(n: number, context: StateBuildContext): number {
  const half = context.budgetBytes / 2;
  return n * n * 4 <= half ? n : Math.max(2, Math.floor(half / (4 * n)));
}

/**
 * The shared work of an SVC (`byClass`: the matrix grouped by class) or an SVR
 * with these params: the state's key is the kernel's, the warm-start chain holds
 * every other param but C.
 *
 * @param fitFrom - fits on the rows from the start; resolves to the dual solutions found.
 */
export function svmSharedWork(
  params: KernelParams & Record<string, unknown>,
  byClass: boolean,
  fitFrom: (start: SvmStart, rows: SplitRows) => Promise<Float64Array[]>,
): SharedWork<SvmState, WarmDual> | undefined {
  const key = kernelKey(params);
  const { C, ...rest } = params;
  const chain = stateKey(rest);
  if (key === undefined || chain === undefined) return undefined;
  return {
    key,
    warmStart: { chain, position: C },
    build: async (rows: SplitRows, _group, context): Promise<BuiltState<SvmState>> => {
      const X = rows.XTrain;
      const kernel: Kernel = { kernel: params.kernel, gamma: resolveGamma(params.gamma, X), degree: params.degree, coef0: params.coef0 };
      const rowsOf = byClass ? classRows(rows.yTrain as Vector) : [Int32Array.from({ length: X.rows }, (_, i) => i)];
      const shared = new SharedKernel(X, rowsOf, kernel, rowsWithin(X.rows, context));
      let test: QueryKernel | undefined;
      try {
        // every C of the group reads most of the matrix: computed at once, each value once for both triangles
        shared.fillAll();
        test = X.rows * rows.XTest.rows * 8 <= context.budgetBytes / 4 ? QueryKernel.build(kernel, X, rows.XTest) : undefined;
      } catch (error) {
        shared.dispose();
        throw error;
      }
      const dispose = (): void => {
        test?.dispose();
        shared.dispose();
      };
      return { value: { X, kernel, shared, test }, bytes: shared.bytes + (test?.bytes ?? 0), dispose };
    },
    fit: async (state, rows, warm) => {
      const solved = await fitFrom({ state, alphas: warm?.alphas, previousC: warm?.C }, rows);
      return { C, alphas: solved };
    },
  };
}

/** The training rows of each class, classes in sorted order (the codes the classifier's fit gives). */
function classRows(y: Vector): Int32Array[] {
  const { classes, codes } = encodeLabels(y);
  return groupByClass(codes, classes.length);
}
