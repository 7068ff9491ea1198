/**
 * VarianceThreshold (scikit-learn's): drops the features whose variance on the
 * training data is at most a threshold (by default, the constant ones).
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { validateMatrix } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { realIn } from '../../core/validate.js';
import { BaseFeatureSelector } from './feature-selector.js';

/** Parameters of {@link VarianceThreshold}. */
export interface VarianceThresholdParams {
  /** Features with a training variance at most this are dropped. @default 0 */
  threshold: number;
}

const SCHEMA: ParamSchema<VarianceThresholdParams> = {
  threshold: { default: 0, constraints: realIn({ min: 0 }) },
};

/** Per column: the variance of the non-NaN values (numpy's `nanvar`) and, with `range`, max − min. */
function columnStatistics(X: Float64Array, n: number, p: number): { variances: Float64Array; ranges: Float64Array } {
  const counts = new Float64Array(p);
  const sums = new Float64Array(p);
  const min = new Float64Array(p).fill(Infinity);
  const max = new Float64Array(p).fill(-Infinity);
  let anyNaN = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = X[i * p + j];
      if (Number.isNaN(v)) {
        anyNaN = true;
        continue;
      }
      counts[j] += 1;
      sums[j] += v;
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  const variances = new Float64Array(p);
  for (let j = 0; j < p; j++) sums[j] /= counts[j];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const v = X[i * p + j];
      if (Number.isNaN(v)) continue;
      const d = v - sums[j];
      variances[j] += d * d;
    }
  }
  // np.ptp is NaN for a column holding NaN; nanvar is NaN for an all-NaN column
  const ranges = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    variances[j] = counts[j] === 0 ? NaN : variances[j] / counts[j];
    ranges[j] = max[j] - min[j];
  }
  if (anyNaN) {
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) if (Number.isNaN(X[i * p + j])) ranges[j] = NaN;
  }
  return { variances, ranges };
}

/**
 * Drops low-variance features. X may hold NaN (ignored in the variances). With
 * threshold 0, a feature's variance is taken as min(variance, max − min), so a
 * constant feature is dropped even when rounding makes its variance tiny but
 * positive.
 *
 * @example
 * ```ts
 * const selector = new VarianceThreshold();
 * await selector.fitTransform([[0, 2, 0, 3], [0, 1, 4, 3], [0, 1, 1, 3]]); // [[2, 0], [1, 4], [1, 1]]
 * ```
 */
export class VarianceThreshold extends BaseFeatureSelector<VarianceThresholdParams> {
  private variancesSeen: Float64Array | undefined;

  constructor(params: Partial<VarianceThresholdParams> = {}) {
    super('VarianceThreshold', SCHEMA, params);
  }

  protected override allowNaN(): boolean {
    return true;
  }

  /** The variance of each feature on the training data. @throws {NotFittedError} before fit. */
  get variances(): number[] {
    return Array.from(this.requireFitted(this.variancesSeen, 'variances'));
  }

  protected supportMask(method: string): readonly boolean[] {
    const threshold = this.params.threshold;
    return Array.from(this.requireFitted(this.variancesSeen, method), (v) => v > threshold);
  }

  /**
   * Computes the feature variances.
   *
   * @throws {ValidationError} when no feature passes the threshold.
   */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner, allowNaN: true });
    const threshold = this.params.threshold;
    const { variances, ranges } = columnStatistics(matrix.values, matrix.rows, matrix.columns);
    if (threshold === 0) {
      // numpy's nanmin of the two: NaN only when both are
      for (let j = 0; j < variances.length; j++) {
        const a = variances[j];
        const b = ranges[j];
        variances[j] = Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
      }
    }
    if (variances.every((v) => !Number.isFinite(v) || v <= threshold)) {
      const single = matrix.rows === 1 ? ' (X contains only one sample)' : '';
      throw new ValidationError(`No feature in X meets the variance threshold ${threshold.toFixed(5)}${single}.`, {
        owner,
        argument: 'X',
        value: threshold,
        expected: 'at least one feature whose variance exceeds the threshold',
      });
    }
    this.variancesSeen = variances;
    this.nFeaturesSeen = matrix.columns;
    return this;
  }
}

registerTransferable(VarianceThreshold, import.meta.url);
