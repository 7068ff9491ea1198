/**
 * SelectKBest (scikit-learn's): keeps the k features with the highest univariate
 * scores.
 */
import type { MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { requireTarget, validateMatrix, validateTarget } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { functionValue, integerIn, invalidArgument, oneOf, parameterMessage } from '../../core/validate.js';
import { BaseFeatureSelector } from './feature-selector.js';
import type { ScoreFunction, UnivariateScores } from './univariate-scores.js';
import { fClassif } from './univariate-scores.js';

/** Parameters of {@link SelectKBest}. */
export interface SelectKBestParams {
  /**
   * Scores each feature against y (higher is better): {@link fClassif},
   * {@link fRegression}, {@link chi2} or your own {@link ScoreFunction}.
   * @default fClassif
   */
  scoreFunc: ScoreFunction;
  /** How many features to keep, or 'all'. @default 10 */
  k: number | 'all';
}

const SCHEMA: ParamSchema<SelectKBestParams> = {
  scoreFunc: { default: fClassif, constraints: functionValue },
  k: { default: 10, constraints: [oneOf(['all']), integerIn({ min: 0 })] },
};

interface SelectionState {
  readonly scores: Float64Array;
  readonly pValues: Float64Array | null;
  readonly mask: readonly boolean[];
}

/** numpy's `argsort(kind='mergesort')[-k:]` on scores with NaN as the lowest value: the k best, later features winning ties. */
function bestMask(scores: Float64Array, k: number | 'all'): boolean[] {
  const p = scores.length;
  if (k === 'all') return new Array<boolean>(p).fill(true);
  const mask = new Array<boolean>(p).fill(false);
  if (k === 0) return mask;
  const clean = (v: number): number => (Number.isNaN(v) ? -Number.MAX_VALUE : v);
  const order = Array.from({ length: p }, (_, j) => j).sort((a, b) => clean(scores[a] as number) - clean(scores[b] as number) || a - b);
  for (const j of order.slice(p - k)) mask[j] = true;
  return mask;
}

/**
 * Keeps the `k` features with the highest scores from `scoreFunc` (ties go to
 * the later feature, as scikit-learn's stable sort does; NaN scores count as the
 * lowest).
 *
 * @example
 * ```ts
 * const { data, target } = await loadIris();
 * const selector = new SelectKBest({ scoreFunc: fClassif, k: 2 });
 * const X2 = await selector.fitTransform(data, target); // the 2 best columns
 * selector.getSupport(true); // [2, 3]
 * // in a search: new Pipeline([['select', new SelectKBest()], ['svc', new SVC()]]) with { select__k: [2, 3, 'all'] }
 * ```
 */
export class SelectKBest extends BaseFeatureSelector<SelectKBestParams> {
  private state: SelectionState | undefined;

  constructor(params: Partial<SelectKBestParams> = {}) {
    super('SelectKBest', SCHEMA, params);
  }

  /** The score of each feature. @throws {NotFittedError} before fit. */
  get scores(): number[] {
    return Array.from(this.requireFitted(this.state, 'scores').scores);
  }

  /** The p-value of each feature's score (null when the score function gives none). @throws {NotFittedError} before fit. */
  get pValues(): number[] | null {
    const p = this.requireFitted(this.state, 'pValues').pValues;
    return p === null ? null : Array.from(p);
  }

  protected supportMask(method: string): readonly boolean[] {
    return this.requireFitted(this.state, method).mask;
  }

  /**
   * Scores the features.
   *
   * @throws {ValidationError} when `k` exceeds the number of features (a search
   *   records the candidate as failed) or the score function returns a wrong shape.
   */
  async fit(X: MatrixLike, y?: TargetLike, _options?: FitOptions): Promise<this> {
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows });
    const { k, scoreFunc } = this.params;
    if (k !== 'all' && k > matrix.columns) {
      const expected = `at most the number of features (${matrix.columns})`;
      throw new ValidationError(parameterMessage(owner, 'k', 'parameter', expected, k, "Use k: 'all' to keep all features."), {
        owner,
        argument: 'k',
        value: k,
        expected,
      });
    }
    const result = scoreFunc(matrix, y as Vector);
    const { scores, pValues } = Array.isArray(result) ? { scores: result as readonly number[], pValues: null } : (result as UnivariateScores);
    if (scores.length !== matrix.columns || (pValues !== null && pValues.length !== matrix.columns)) {
      throw invalidArgument(owner, 'scoreFunc', `a function returning one score (and p-value) per feature (${matrix.columns})`, scoreFunc, {
        shown: `${scores.length} scores`,
      });
    }
    const scoreArray = Float64Array.from(scores);
    this.state = { scores: scoreArray, pValues: pValues === null ? null : Float64Array.from(pValues), mask: bestMask(scoreArray, k) };
    this.nFeaturesSeen = matrix.columns;
    return this;
  }
}

registerTransferable(SelectKBest, import.meta.url);
