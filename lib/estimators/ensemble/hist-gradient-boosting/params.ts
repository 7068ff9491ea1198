/**
 * The parameters HistGradientBoostingClassifier and HistGradientBoostingRegressor share
 * (after scikit-learn's `BaseHistGradientBoosting._parameter_constraints`), and the
 * resolution of the per-feature options (`categoricalFeatures`, `monotonicCst`) at fit
 * time, with scikit-learn's checks.
 */
import type { RandomStateLike } from '../../../core/check-random-state.js';
import { randomStateObject, seedValue } from '../../../core/check-random-state.js';
import type { DenseMatrix } from '../../../core/data.js';
import type { ParamSchema } from '../../../core/estimator.js';
import type { Constraint } from '../../../core/validate.js';
import { arrayOf, booleanValue, functionValue, integerIn, invalidArgument, invalidParameter, nullValue, oneOf, realIn, satisfies } from '../../../core/validate.js';
import type { Scorer, ScorerName } from '../../../metrics/scorer.js';
import { isScorerName } from '../../../metrics/scorer.js';

/** The parameters common to both estimators. */
export interface HistGradientBoostingParamValues {
  /** The shrinkage of each tree's leaf values. @default 0.1 */
  learningRate: number;
  /** The most boosting iterations (trees per class). @default 100 */
  maxIter: number;
  /** The most leaves per tree; null for no limit. @default 31 */
  maxLeafNodes: number | null;
  /** The deepest a leaf may be (edges from the root); null for no limit. @default null */
  maxDepth: number | null;
  /** The fewest training rows per leaf. @default 20 */
  minSamplesLeaf: number;
  /** L2 regularization of the leaf values (0: none). @default 0 */
  l2Regularization: number;
  /** The most bins per feature for non-missing values, in [2, 255]; missing values get one more. @default 255 */
  maxBins: number;
  /**
   * The categorical features: their indices or a boolean mask; null for none. Their
   * values must be integers in [0, maxBins) (NaN and negative values are missing).
   * @default null
   */
  categoricalFeatures: number[] | boolean[] | null;
  /**
   * Per feature, 1 (increasing), -1 (decreasing) or 0 (no constraint) on the
   * predictions; null for none. Not for multiclass problems or categorical features.
   * @default null
   */
  monotonicCst: number[] | null;
  /** Stop when the score stops improving: 'auto' does so with more than 10 000 rows. @default 'auto' */
  earlyStopping: 'auto' | boolean;
  /**
   * What early stopping watches: 'loss' (the training loss), a scorer name or scorer,
   * or null for the estimator's default score. @default 'loss'
   */
  scoring: 'loss' | ScorerName | Scorer | null;
  /**
   * The validation rows of early stopping: a fraction in (0, 1), a count (an int >= 1),
   * or null to score the training rows. @default 0.1
   */
  validationFraction: number | null;
  /** Iterations without an improvement of more than `tol` before early stopping. @default 10 */
  nIterNoChange: number;
  /** The improvement early stopping requires. @default 1e-7 */
  tol: number;
  /**
   * Seeds the early-stopping split, the binning subsample and the rows a scorer
   * sees: a seed (numpy's `RandomState(seed)`, scikit-learn's draws), a
   * {@link RandomState} (each fit draws from it, so it advances), or null for a
   * fresh seed. @default null
   */
  randomState: RandomStateLike | null;
  /**
   * Keep the fitted trees on the next fit and add iterations up to `maxIter`
   * (scikit-learn's `warm_start`: the seed, the baseline and, for early stopping,
   * the scores of the first fit are kept). With the same data, the model is the one
   * a single fit with `maxIter` boosts. @default false
   */
  warmStart: boolean;
}

const RANDOM_STATE: readonly Constraint[] = [nullValue, seedValue, randomStateObject];
const SCORING: readonly Constraint[] = [
  nullValue,
  oneOf(['loss']),
  satisfies('a scorer name (see getScorerNames())', isScorerName),
  functionValue,
];
const CATEGORICAL: readonly Constraint[] = [nullValue, arrayOf(integerIn({ min: 0 })), arrayOf(booleanValue)];
const MONOTONIC: readonly Constraint[] = [nullValue, arrayOf(oneOf([-1, 0, 1]))];

/** The declarations of the shared parameters, in scikit-learn's order. */
export function sharedParamsSchema(): ParamSchema<HistGradientBoostingParamValues> {
  return {
    learningRate: { default: 0.1, constraints: realIn({ min: 0, minInclusive: false }) },
    maxIter: { default: 100, constraints: integerIn({ min: 1 }) },
    maxLeafNodes: { default: 31, constraints: [nullValue, integerIn({ min: 2 })] },
    maxDepth: { default: null, constraints: [nullValue, integerIn({ min: 1 })] },
    minSamplesLeaf: { default: 20, constraints: integerIn({ min: 1 }) },
    l2Regularization: { default: 0, constraints: realIn({ min: 0 }) },
    maxBins: { default: 255, constraints: integerIn({ min: 2, max: 255 }) },
    categoricalFeatures: { default: null, constraints: CATEGORICAL },
    monotonicCst: { default: null, constraints: MONOTONIC },
    earlyStopping: { default: 'auto', constraints: [oneOf(['auto']), booleanValue] },
    scoring: { default: 'loss', constraints: SCORING },
    validationFraction: {
      default: 0.1,
      constraints: [nullValue, realIn({ min: 0, max: 1, minInclusive: false, maxInclusive: false }), integerIn({ min: 1 })],
    },
    nIterNoChange: { default: 10, constraints: integerIn({ min: 1 }) },
    tol: { default: 1e-7, constraints: realIn({ min: 0 }) },
    randomState: { default: null, constraints: RANDOM_STATE },
    warmStart: { default: false, constraints: booleanValue },
  };
}

/** The categorical features of a fit: a mask and each one's sorted categories. */
export interface CategoricalResolution {
  readonly isCategorical: Uint8Array;
  readonly knownCategories: (Float64Array | null)[];
}

/**
 * Resolves `categoricalFeatures` against X (scikit-learn's `_check_categories`): the
 * mask, and the categories seen in X (NaN and negative values are missing). Null when
 * no feature is categorical.
 *
 * @throws {InvalidParameterError} for indices out of range or a mask of the wrong length.
 * @throws {ValidationError} for a categorical feature with more than `maxBins`
 *   categories or with values that are not integers below `maxBins`.
 */
export function resolveCategoricalFeatures(owner: string, spec: number[] | boolean[] | null, X: DenseMatrix, maxBins: number): CategoricalResolution | null {
  if (spec === null || spec.length === 0) return null;
  const p = X.columns;
  const mask = new Uint8Array(p);
  if (typeof spec[0] === 'boolean') {
    if (spec.length !== p) {
      throw invalidParameter(owner, 'categoricalFeatures', `a boolean mask of length n_features = ${p}`, spec, { hint: `Got a mask of length ${spec.length}.` });
    }
    spec.forEach((v, f) => (mask[f] = v ? 1 : 0));
  } else {
    for (const f of spec as number[]) {
      if (f >= p) throw invalidParameter(owner, 'categoricalFeatures', `feature indices in [0, ${p - 1}]`, spec);
      mask[f] = 1;
    }
  }
  if (!mask.some((v) => v === 1)) return null;
  const knownCategories: (Float64Array | null)[] = [];
  for (let f = 0; f < p; f++) {
    if (!mask[f]) {
      knownCategories.push(null);
      continue;
    }
    const seen = new Set<number>();
    for (let i = 0; i < X.rows; i++) {
      const v = X.values[i * p + f] as number;
      if (Number.isNaN(v) || v < 0) continue;
      if (!Number.isInteger(v) || v >= maxBins) {
        throw invalidArgument(`${owner}.fit`, 'X', `integer category codes in [0, ${maxBins}) in categorical feature ${f} (maxBins = ${maxBins})`, v, {
          shown: `${v} at row ${i}`,
        });
      }
      seen.add(v);
    }
    knownCategories.push(Float64Array.from(seen).sort());
  }
  return { isCategorical: mask, knownCategories };
}

/**
 * Resolves `monotonicCst` (scikit-learn's `_check_monotonic_cst`): one constraint per
 * feature, none on categorical features, and only for one tree per iteration.
 */
export function resolveMonotonicCst(
  owner: string,
  spec: number[] | null,
  nFeatures: number,
  nTreesPerIteration: number,
  categorical: CategoricalResolution | null,
): Int8Array | null {
  if (spec === null) return null;
  if (nTreesPerIteration !== 1) {
    throw invalidParameter(owner, 'monotonicCst', 'null for multiclass classification (monotonic constraints are not supported there)', spec);
  }
  if (spec.length !== nFeatures) {
    throw invalidParameter(owner, 'monotonicCst', `an array of length n_features = ${nFeatures}`, spec, { hint: `Got ${spec.length} constraints.` });
  }
  const cst = Int8Array.from(spec);
  if (categorical !== null && cst.some((c, f) => c !== 0 && categorical.isCategorical[f] === 1)) {
    throw invalidParameter(owner, 'monotonicCst', '0 for every categorical feature (categorical features cannot have monotonic constraints)', spec);
  }
  return cst;
}
