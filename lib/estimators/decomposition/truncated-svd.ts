/**
 * Truncated SVD (scikit-learn's `TruncatedSVD`, also known as LSA): a projection
 * on the leading right singular vectors of X, without centring.
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import type { Constraint } from '../../core/validate.js';
import { integerIn, invalidArgument, nullValue, oneOf, realIn, satisfies, undefinedValue } from '../../core/validate.js';
import { BaseTransformer } from '../base.js';
import { componentsError, gramSvd, multiplyTransposed } from './gram-svd.js';

/**
 * The algorithm: 'arpack', the leading singular triplets computed exactly (what
 * ARPACK converges to with `tol: 0`). scikit-learn's default, 'randomized', draws
 * from numpy's seeded generator, which tunekit does not have yet.
 */
export type TruncatedSvdAlgorithm = 'arpack';

/** Parameters of {@link TruncatedSVD}. */
export interface TruncatedSVDParams {
  /** How many components to keep: at least 1, fewer than min(samples, features). @default 2 */
  nComponents: number;
  /**
   * 'arpack' (see {@link TruncatedSvdAlgorithm}). scikit-learn's default is
   * 'randomized', whose result approximates this one.
   * @default 'arpack'
   */
  algorithm: TruncatedSvdAlgorithm;
  /** Power iterations of the randomized algorithm (accepted for compatibility; unused). @default 5 */
  nIter: number;
  /** Oversampling of the randomized algorithm (accepted for compatibility; unused). @default 10 */
  nOversamples: number;
  /** Normalizer of the randomized algorithm (accepted for compatibility; unused). @default 'auto' */
  powerIterationNormalizer: 'auto' | 'QR' | 'LU' | 'none';
  /** Seed of the randomized algorithm and of ARPACK's start vector (accepted; nothing is drawn). @default null */
  randomState: number | null;
  /** ARPACK's tolerance (accepted; the triplets are computed exactly). @default 0 */
  tol: number;
}

const ALGORITHM_CONSTRAINT: Constraint = satisfies(
  '"arpack" ("randomized" needs numpy\'s seeded draws, which tunekit does not have yet; "arpack" computes what it approximates)',
  (v) => v === 'arpack',
);

const SCHEMA: ParamSchema<TruncatedSVDParams> = {
  nComponents: { default: 2, constraints: integerIn({ min: 1 }) },
  algorithm: { default: 'arpack', constraints: ALGORITHM_CONSTRAINT },
  nIter: { default: 5, constraints: integerIn({ min: 0 }) },
  nOversamples: { default: 10, constraints: integerIn({ min: 1 }) },
  powerIterationNormalizer: { default: 'auto', constraints: oneOf(['auto', 'QR', 'LU', 'none']) },
  randomState: { default: null, constraints: [nullValue, undefinedValue, integerIn({ min: 0, max: 2 ** 32 - 1 })] },
  tol: { default: 0, constraints: realIn({ min: 0 }) },
};

interface TruncatedSvdState {
  /** `k × p` row-major. */
  readonly components: Float64Array;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly singularValues: Float64Array;
  readonly k: number;
  readonly p: number;
}

/** Column variances (ddof 0) of a row-major `n × width` array. */
function columnVariances(values: Float64Array, n: number, width: number): Float64Array {
  const mean = new Float64Array(width);
  for (let t = 0; t < values.length; t++) mean[t % width] += values[t];
  for (let j = 0; j < width; j++) mean[j] /= n;
  const out = new Float64Array(width);
  for (let t = 0; t < values.length; t++) {
    const d = values[t] - mean[t % width];
    out[t % width] += d * d;
  }
  for (let j = 0; j < width; j++) out[j] /= n;
  return out;
}

/**
 * Truncated SVD: projects X (not centred, so sparse-like count data keeps its
 * meaning) on its leading right singular vectors; with tf-idf data this is latent
 * semantic analysis. Signs follow scikit-learn 1.2 (`svd_flip`).
 *
 * @example
 * ```ts
 * const svd = new TruncatedSVD({ nComponents: 2 });
 * const reduced = await svd.fitTransform(X); // n × 2
 * svd.explainedVarianceRatio; // the share of each component
 * ```
 */
export class TruncatedSVD extends BaseTransformer<TruncatedSVDParams> {
  private state: TruncatedSvdState | undefined;

  constructor(params: Partial<TruncatedSVDParams> = {}) {
    super('TruncatedSVD', SCHEMA, params);
  }

  /** The right singular vectors kept, `nComponents × features`. @throws {NotFittedError} before fit. */
  get components(): number[][] {
    const s = this.requireFitted(this.state, 'components');
    return Array.from({ length: s.k }, (_, c) => Array.from(s.components.subarray(c * s.p, (c + 1) * s.p)));
  }

  /** The variance of the training projections along each component. @throws {NotFittedError} before fit. */
  get explainedVariance(): number[] {
    return Array.from(this.requireFitted(this.state, 'explainedVariance').explainedVariance);
  }

  /** {@link explainedVariance} over the total variance of the training X. @throws {NotFittedError} before fit. */
  get explainedVarianceRatio(): number[] {
    return Array.from(this.requireFitted(this.state, 'explainedVarianceRatio').explainedVarianceRatio);
  }

  /** The singular values of the kept components. @throws {NotFittedError} before fit. */
  get singularValues(): number[] {
    return Array.from(this.requireFitted(this.state, 'singularValues').singularValues);
  }

  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    await this.fitTransform(X, y, options);
    return this;
  }

  /** Fits on X and returns its projection U·Σ. */
  override async fitTransform(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<DenseMatrix> {
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner, minColumns: 2 });
    const n = matrix.rows;
    const p = matrix.columns;
    const k = this.params.nComponents;
    const r = Math.min(n, p);
    if (k >= r) {
      throw componentsError(owner, `an int in the range [1, ${r - 1}] (fewer than min(n_samples, n_features) = ${r})`, k);
    }
    const svd = gramSvd(matrix, { center: false, keep: () => k });
    const explainedVariance = columnVariances(svd.projected, n, k);
    let total = 0;
    for (const v of columnVariances(matrix.values, n, p)) total += v;
    this.state = {
      components: svd.components,
      explainedVariance,
      explainedVarianceRatio: explainedVariance.map((v) => v / total),
      singularValues: svd.singularValues.slice(0, k),
      k,
      p,
    };
    this.nFeaturesSeen = p;
    return new DenseMatrix(svd.projected, n, k);
  }

  /** X projected on the components (X · componentsᵀ). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const s = this.requireFitted(this.state, 'transform');
    const matrix = validateMatrix(X, { owner: `${this.owner}.transform` });
    this.checkFeatureCount(matrix, 'transform');
    return new DenseMatrix(multiplyTransposed(matrix.values, matrix.rows, s.p, s.components, s.k), matrix.rows, s.k);
  }

  /** Maps projections back to the feature space (X · components). */
  async inverseTransform(X: MatrixLike): Promise<DenseMatrix> {
    const s = this.requireFitted(this.state, 'inverseTransform');
    const owner = `${this.owner}.inverseTransform`;
    const matrix = validateMatrix(X, { owner });
    if (matrix.columns !== s.k) {
      throw invalidArgument(owner, 'X', `a matrix with ${s.k} columns (one per component)`, X, { shown: `${matrix.columns} columns` });
    }
    const n = matrix.rows;
    const out = new Float64Array(n * s.p);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < s.k; c++) {
        const a = matrix.values[i * s.k + c];
        for (let j = 0; j < s.p; j++) out[i * s.p + j] += a * s.components[c * s.p + j];
      }
    }
    return new DenseMatrix(out, n, s.p);
  }
}

registerTransferable(TruncatedSVD, import.meta.url);
