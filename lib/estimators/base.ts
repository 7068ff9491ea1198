/**
 * Base classes of the built-in estimators: the scikit-learn mixins
 * (`ClassifierMixin`, `RegressorMixin`, `TransformerMixin`) on top of
 * {@link BaseEstimator}. They add the default `score`, the label encoding of
 * classifiers and `fitTransform`.
 */
import type { DenseMatrix, Label, MatrixLike, NumericVector, TargetLike, Vector } from '../core/data.js';
import { encodeLabels, requireTarget, validateMatrix, validateTarget } from '../core/data.js';
import type { FitOptions } from '../core/estimator.js';
import { BaseEstimator } from '../core/estimator.js';
import { accuracyScore } from '../metrics/classification.js';
import type { RegressionTarget } from '../metrics/regression.js';
import { r2Score } from '../metrics/regression.js';

/** A classifier: labels encoded in fit, `classes`, and accuracy as `score`. */
export abstract class BaseClassifier<P extends object> extends BaseEstimator<P> {
  override readonly estimatorType = 'classifier' as const;
  /** The sorted class labels seen in fit. */
  protected classesSeen: readonly Label[] | undefined;

  /** The class labels seen in fit, sorted. @throws {NotFittedError} before fit. */
  get classes(): readonly Label[] {
    return this.requireFitted(this.classesSeen, 'classes');
  }

  abstract predict(X: MatrixLike): Promise<Label[]>;

  /** Mean accuracy on the given data. */
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    return accuracyScore(y as Vector, await this.predict(X));
  }

  /**
   * Validates X and y for fit, records the feature count and the classes, and
   * returns the matrix and the integer codes of y.
   */
  protected prepareFit(X: MatrixLike, y: TargetLike | undefined, method = 'fit'): { X: DenseMatrix; codes: Int32Array; classes: readonly Label[] } {
    const owner = `${this.owner}.${method}`;
    const matrix = validateMatrix(X, { owner });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows });
    const { classes, codes } = encodeLabels(y as Vector);
    this.nFeaturesSeen = matrix.columns;
    this.classesSeen = classes;
    return { X: matrix, codes, classes };
  }

  /** Validates X at predict time (fitted, finite, right number of features). */
  protected preparePredict<S>(state: S | undefined, X: MatrixLike, method: string): { state: S; X: DenseMatrix } {
    const fitted = this.requireFitted(state, method);
    const matrix = validateMatrix(X, { owner: `${this.owner}.${method}` });
    this.checkFeatureCount(matrix, method);
    return { state: fitted, X: matrix };
  }

  /** Maps class indices back to the original labels. */
  protected decodeLabels(codes: ArrayLike<number>): Label[] {
    const classes = this.classes;
    const out = new Array<Label>(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = classes[codes[i] as number] as Label;
    return out;
  }
}

/** A regressor: R² as `score`. */
export abstract class BaseRegressor<P extends object> extends BaseEstimator<P> {
  override readonly estimatorType = 'regressor' as const;

  abstract predict(X: MatrixLike): Promise<Float64Array | number[][]>;

  /** R² on the given data (averaged uniformly over outputs for multi-output targets). */
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    return r2Score(y as RegressionTarget, await this.predict(X));
  }

  /** Validates X and a numeric y for fit and records the feature count. */
  protected prepareFit(X: MatrixLike, y: TargetLike | undefined, method = 'fit'): { X: DenseMatrix; y: Float64Array } {
    const owner = `${this.owner}.${method}`;
    const matrix = validateMatrix(X, { owner });
    validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows, allowStrings: false });
    this.nFeaturesSeen = matrix.columns;
    return { X: matrix, y: Float64Array.from(y as NumericVector) };
  }

  /** Validates X at predict time (fitted, finite, right number of features). */
  protected preparePredict<S>(state: S | undefined, X: MatrixLike, method: string): { state: S; X: DenseMatrix } {
    const fitted = this.requireFitted(state, method);
    const matrix = validateMatrix(X, { owner: `${this.owner}.${method}` });
    this.checkFeatureCount(matrix, method);
    return { state: fitted, X: matrix };
  }
}

/** A transformer: `fitTransform` as fit then transform. */
export abstract class BaseTransformer<P extends object> extends BaseEstimator<P> {
  override readonly estimatorType = 'transformer' as const;

  abstract transform(X: MatrixLike): Promise<DenseMatrix>;

  /** Fits, then transforms the same data. */
  async fitTransform(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<DenseMatrix> {
    await this.fit(X, y, options);
    return this.transform(X);
  }
}
