/**
 * What the feature selectors share (scikit-learn's `SelectorMixin`): a boolean
 * mask over the features seen in fit, `transform` keeping the selected columns,
 * `inverseTransform` putting them back among zero columns.
 */
import type { MatrixLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import { invalidArgument } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseTransformer } from '../base.js';

/** A transformer that keeps a subset of the columns of X. */
export abstract class BaseFeatureSelector<P extends object> extends BaseTransformer<P> {
  /** One flag per feature seen in fit: true when the feature is kept. Throws before fit. */
  protected abstract supportMask(method: string): readonly boolean[];

  /** Accept NaN in X (VarianceThreshold does). */
  protected allowNaN(): boolean {
    return false;
  }

  /**
   * Which features are kept: one boolean per feature, or with `indices` the kept
   * column indices in increasing order.
   *
   * @throws {NotFittedError} before fit.
   */
  getSupport(indices?: false): boolean[];
  getSupport(indices: true): number[];
  getSupport(indices = false): boolean[] | number[] {
    const mask = this.supportMask('getSupport');
    if (!indices) return [...mask];
    const out: number[] = [];
    mask.forEach((kept, j) => {
      if (kept) out.push(j);
    });
    return out;
  }

  /** The kept columns of X, in order (a warning and zero columns when none is kept). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const mask = this.supportMask('transform');
    const matrix = validateMatrix(X, { owner: `${this.owner}.transform`, allowNaN: this.allowNaN() });
    this.checkFeatureCount(matrix, 'transform');
    const kept = this.getSupport(true);
    if (kept.length === 0) {
      warn('No features were selected: either the data is too noisy or the selection test too strict.', 'UserWarning');
      return DenseMatrix.zeros(matrix.rows, 0);
    }
    return kept.length === mask.length ? matrix.copy() : matrix.takeColumns(kept);
  }

  /** X with the dropped features put back as zero columns. */
  async inverseTransform(X: MatrixLike): Promise<DenseMatrix> {
    const owner = `${this.owner}.inverseTransform`;
    const mask = this.supportMask('inverseTransform');
    const kept = this.getSupport(true);
    const matrix = validateMatrix(X, { owner, allowNaN: this.allowNaN() });
    if (matrix.columns !== kept.length) {
      throw invalidArgument(owner, 'X', `a matrix with ${kept.length} columns (the selected features)`, X, {
        shown: `${matrix.columns} columns`,
      });
    }
    const out = DenseMatrix.zeros(matrix.rows, mask.length);
    for (let i = 0; i < matrix.rows; i++) {
      for (let c = 0; c < kept.length; c++) out.values[i * mask.length + (kept[c] as number)] = matrix.values[i * kept.length + c] as number;
    }
    return out;
  }
}
