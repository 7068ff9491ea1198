/**
 * Truncated SVD (scikit-learn's `TruncatedSVD`, also known as LSA): a projection
 * on the leading right singular vectors of X, without centring.
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, resolveRandomState, seedValue } from '../../core/check-random-state.js';
import { integerIn, invalidArgument, nullValue, oneOf, realIn, undefinedValue } from '../../core/validate.js';
import { BaseTransformer } from '../base.js';
import { componentsError, gramSvd, multiplyTransposed } from './gram-svd.js';
import { KERNEL_PROJECTION_WORK, projectOnKernels } from './kernel-blocks.js';
import { randomizedSvd } from './randomized-svd.js';

/**
 * The algorithm: 'randomized' (scikit-learn's randomized SVD, seeded by
 * `randomState`) or 'arpack' (the leading singular triplets computed exactly, what
 * ARPACK converges to with `tol: 0`).
 */
export type TruncatedSvdAlgorithm = 'randomized' | 'arpack';

/** Parameters of {@link TruncatedSVD}. */
export interface TruncatedSVDParams {
  /** How many components to keep: at least 1, fewer than min(samples, features). @default 2 */
  nComponents: number;
  /**
   * 'randomized' (scikit-learn's default: the same seed gives its components) or
   * 'arpack' (see {@link TruncatedSvdAlgorithm}).
   * @default 'randomized'
   */
  algorithm: TruncatedSvdAlgorithm;
  /** Power iterations of the randomized algorithm. @default 5 */
  nIter: number;
  /** Extra random directions of the randomized algorithm. @default 10 */
  nOversamples: number;
  /**
   * Normalizer of the randomized algorithm's power iterations ('auto': 'none' up to
   * 2 iterations, else 'LU'; 'QR' and 'LU' give the same result).
   * @default 'auto'
   */
  powerIterationNormalizer: 'auto' | 'QR' | 'LU' | 'none';
  /**
   * Seeds the randomized algorithm's Gaussian test matrix as scikit-learn's
   * `random_state` does (a `RandomState` advances at every fit, as does ARPACK's
   * start vector draw); null draws a fresh seed.
   * @default null
   */
  randomState: RandomStateLike | null;
  /** ARPACK's tolerance (accepted; the triplets are computed exactly). @default 0 */
  tol: number;
}


const SCHEMA: ParamSchema<TruncatedSVDParams> = {
  nComponents: { default: 2, constraints: integerIn({ min: 1 }) },
  algorithm: { default: 'randomized', constraints: oneOf(['randomized', 'arpack']) },
  nIter: { default: 5, constraints: integerIn({ min: 0 }) },
  nOversamples: { default: 10, constraints: integerIn({ min: 1 }) },
  powerIterationNormalizer: { default: 'auto', constraints: oneOf(['auto', 'QR', 'LU', 'none']) },
  randomState: { default: null, constraints: [nullValue, undefinedValue, seedValue, randomStateObject] },
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
 * semantic analysis. Signs follow scikit-learn 1.2 (`svd_flip`). The default,
 * randomized algorithm draws its Gaussian test matrix from numpy's `RandomState` as
 * scikit-learn does, so the same `randomState` gives scikit-learn's components.
 *
 * @example
 * ```ts
 * const svd = new TruncatedSVD({ nComponents: 2, randomState: 0 });
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
    const { nComponents: k, algorithm } = this.params;
    const r = Math.min(n, p);
    let components: Float64Array;
    let singularValues: Float64Array;
    let projected: Float64Array;
    if (algorithm === 'arpack') {
      if (k >= r) {
        throw componentsError(owner, `an int in the range [1, ${r - 1}] (fewer than min(n_samples, n_features) = ${r})`, k);
      }
      // ARPACK's start vector: scikit-learn draws it (uniform(-1, 1)) from the generator
      if (this.params.randomState !== null) resolveRandomState(this.params.randomState).uniform(-1, 1, r);
      const svd = gramSvd(matrix, { center: false, keep: () => k });
      ({ components, projected } = svd);
      singularValues = svd.singularValues.slice(0, k);
    } else {
      if (k > r) {
        throw componentsError(owner, `an int in the range [1, ${r}] with algorithm "randomized" (at most min(n_samples, n_features) = ${r})`, k);
      }
      const { nIter, nOversamples, powerIterationNormalizer, randomState } = this.params;
      const svd = randomizedSvd(matrix.values, n, p, { nComponents: k, nOversamples, nIter, powerIterationNormalizer, random: resolveRandomState(randomState) });
      ({ components, singularValues } = svd);
      // scikit-learn's randomized path projects X on the components
      projected = n * p * k >= KERNEL_PROJECTION_WORK ? projectOnKernels(matrix.values, n, p, undefined, components, k) : multiplyTransposed(matrix.values, n, p, components, k);
    }
    const explainedVariance = columnVariances(projected, n, k);
    let total = 0;
    for (const v of columnVariances(matrix.values, n, p)) total += v;
    this.state = {
      components,
      explainedVariance,
      explainedVarianceRatio: explainedVariance.map((v) => v / total),
      singularValues,
      k,
      p,
    };
    this.nFeaturesSeen = p;
    return new DenseMatrix(projected, n, k);
  }

  /** X projected on the components (X · componentsᵀ). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const s = this.requireFitted(this.state, 'transform');
    const matrix = validateMatrix(X, { owner: `${this.owner}.transform` });
    this.checkFeatureCount(matrix, 'transform');
    const n = matrix.rows;
    const out = n * s.p * s.k >= KERNEL_PROJECTION_WORK ? projectOnKernels(matrix.values, n, s.p, undefined, s.components, s.k) : multiplyTransposed(matrix.values, n, s.p, s.components, s.k);
    return new DenseMatrix(out, n, s.k);
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
