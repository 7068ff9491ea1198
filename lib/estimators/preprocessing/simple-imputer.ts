/**
 * SimpleImputer: scikit-learn's `sklearn.impute.SimpleImputer` for numeric data.
 */
import { modeSorted } from 'simple-statistics';
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { booleanValue, nullValue, oneOf, realIn, satisfies } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseTransformer } from '../base.js';
import { medianSorted } from './column-statistics.js';
import { registerTransferable } from '../../core/transfer.js';

/** How {@link SimpleImputer} fills a missing value. */
export type ImputeStrategy = 'mean' | 'median' | 'most_frequent' | 'constant';

/** Parameters of {@link SimpleImputer}. */
export interface SimpleImputerParams {
  /**
   * The value that marks a missing entry: NaN, or a number (then NaN in X is an
   * error, as in scikit-learn). @default NaN
   */
  missingValues: number;
  /**
   * The fill value of each feature: the mean, the median or the most frequent
   * value (the smallest on ties) of its observed values, or `fillValue`. @default 'mean'
   */
  strategy: ImputeStrategy;
  /** The fill value of the `'constant'` strategy; null means 0. @default null */
  fillValue: number | null;
  /**
   * Keep features with no observed value in fit (filled with 0, or `fillValue`),
   * instead of dropping them from the output. @default false
   */
  keepEmptyFeatures: boolean;
}

interface FittedImputer {
  readonly statistics: Float64Array;
}

const MISSING_VALUES = satisfies('NaN or a finite number', (v) => typeof v === 'number' && (Number.isNaN(v) || Number.isFinite(v)));

/**
 * Fills missing values column by column, after scikit-learn's `SimpleImputer`.
 * The one transformer whose input may hold NaN (when `missingValues` is NaN).
 *
 * A feature with no observed value in fit has no statistic: unless the strategy
 * is `'constant'` or `keepEmptyFeatures` is set, it is dropped from the output of
 * `transform`, with a warning (scikit-learn 1.2 drops it too, and warns from 1.3).
 *
 * @example
 * ```ts
 * const imputer = new SimpleImputer({ strategy: 'median' });
 * (await imputer.fitTransform([[1, NaN], [3, 4], [NaN, 6], [7, 5]])).toArray(); // [[1, 5], [3, 4], [3, 6], [7, 5]]
 * imputer.statistics; // Float64Array [3, 5]
 * ```
 */
export class SimpleImputer extends BaseTransformer<SimpleImputerParams> {
  private fitted: FittedImputer | undefined;

  constructor(params: Partial<SimpleImputerParams> = {}) {
    super(
      'SimpleImputer',
      {
        missingValues: { default: NaN, constraints: MISSING_VALUES },
        strategy: { default: 'mean', constraints: oneOf(['mean', 'median', 'most_frequent', 'constant']) },
        fillValue: { default: null, constraints: [nullValue, realIn()] },
        keepEmptyFeatures: { default: false, constraints: booleanValue },
      },
      params,
    );
  }

  /** Computes the fill value of each feature from its observed (non-missing) values. */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const matrix = this.validate(X, 'fit');
    const { strategy, fillValue, keepEmptyFeatures } = this.params;
    const d = matrix.columns;
    const statistics = new Float64Array(d);
    const empty = keepEmptyFeatures ? 0 : NaN;
    for (let j = 0; j < d; j++) {
      if (strategy === 'constant') {
        statistics[j] = fillValue ?? 0;
        continue;
      }
      const observed = this.observed(matrix, j);
      if (observed.length === 0) {
        statistics[j] = empty;
      } else if (strategy === 'mean') {
        let sum = 0;
        for (let k = 0; k < observed.length; k++) sum += observed[k] as number;
        statistics[j] = sum / observed.length;
      } else {
        observed.sort();
        statistics[j] = strategy === 'median' ? medianSorted(observed) : modeSorted(Array.from(observed));
      }
    }
    this.nFeaturesSeen = d;
    this.fitted = { statistics };
    return this;
  }

  /** Replaces the missing values of X by the fitted statistics (dropping features that have none). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const state = this.requireFitted(this.fitted, 'transform');
    const matrix = this.validate(X, 'transform');
    this.checkFeatureCount(matrix, 'transform');
    const statistics = state.statistics;
    const kept: number[] = [];
    const skipped: number[] = [];
    for (let j = 0; j < statistics.length; j++) {
      if (Number.isNaN(statistics[j] as number)) skipped.push(j);
      else kept.push(j);
    }
    if (skipped.length > 0) {
      warn(
        `Skipping features without any observed values: [${skipped.join(' ')}]. ` +
          `At least one non-missing value is needed for imputation with strategy='${this.params.strategy}'.`,
        'UserWarning',
      );
    }
    const out = DenseMatrix.zeros(matrix.rows, kept.length);
    const missing = this.missingTest();
    for (let i = 0; i < matrix.rows; i++) {
      for (let k = 0; k < kept.length; k++) {
        const j = kept[k] as number;
        const x = matrix.get(i, j);
        out.set(i, k, missing(x) ? (statistics[j] as number) : x);
      }
    }
    return out;
  }

  /** The fill value of each feature (NaN for a feature with no observed value). */
  get statistics(): Float64Array {
    return this.requireFitted(this.fitted, 'statistics').statistics.slice();
  }

  private validate(X: MatrixLike, method: string): DenseMatrix {
    return validateMatrix(X, { owner: `${this.owner}.${method}`, allowNaN: Number.isNaN(this.params.missingValues) });
  }

  private missingTest(): (x: number) => boolean {
    const marker = this.params.missingValues;
    return Number.isNaN(marker) ? (x) => Number.isNaN(x) : (x) => x === marker;
  }

  private observed(matrix: DenseMatrix, j: number): Float64Array {
    const missing = this.missingTest();
    const values: number[] = [];
    for (let i = 0; i < matrix.rows; i++) {
      const x = matrix.get(i, j);
      if (!missing(x)) values.push(x);
    }
    return Float64Array.from(values);
  }
}

registerTransferable(SimpleImputer, import.meta.url);
