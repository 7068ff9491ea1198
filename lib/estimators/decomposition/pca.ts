/**
 * Principal component analysis (scikit-learn's `PCA`): a linear projection on the
 * directions of largest variance, from the SVD of the centred data.
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, resolveRandomState, seedValue } from '../../core/check-random-state.js';
import { booleanValue, integerIn, invalidArgument, nullValue, oneOf, realIn, undefinedValue } from '../../core/validate.js';
import { BaseTransformer } from '../base.js';
import { componentsError, gramSvd, multiplyTransposed } from './gram-svd.js';
import { KERNEL_PROJECTION_WORK, projectOnKernels } from './kernel-blocks.js';
import { centre, columnVarianceSum, componentsForFraction, explained, explainedRatio } from './pca-spectrum.js';
import { randomizedSvd } from './randomized-svd.js';
import type { PcaModel } from './probabilistic-pca.js';
import { inferDimension, pcaCovariance, pcaLogLikelihood, pcaPrecision } from './probabilistic-pca.js';

/**
 * The SVD solver: 'full' (the exact decomposition), 'arpack' (the leading
 * components only; computed exactly, which is what ARPACK converges to),
 * 'randomized' (scikit-learn's randomized SVD, seeded by `randomState`) or 'auto'
 * (scikit-learn's choice; see {@link PCAParams.svdSolver}).
 */
export type PcaSvdSolver = 'auto' | 'full' | 'arpack' | 'randomized';

/** Parameters of {@link PCA}. */
export interface PCAParams {
  /**
   * How many components to keep: an int (0 to min(samples, features)), a fraction
   * in (0, 1) (the fewest components explaining more than that share of the
   * variance), 'mle' (Minka's estimate; needs samples ≥ features), or null (all:
   * min(samples, features), one less with 'arpack').
   * @default null
   */
  nComponents: number | 'mle' | null;
  /** Accepted for scikit-learn compatibility: tunekit never modifies X. @default true */
  copy: boolean;
  /**
   * Scale the projections to unit variance (divide by √explained variance).
   * @default false
   */
  whiten: boolean;
  /**
   * 'auto' follows scikit-learn 1.2's rule: 'full' for inputs of at most 500 rows
   * and columns or 'mle'; 'randomized' for an int nComponents below 80% of
   * min(samples, features); 'full' otherwise.
   * @default 'auto'
   */
  svdSolver: PcaSvdSolver;
  /** ARPACK's tolerance (accepted; the leading components are computed exactly). @default 0 */
  tol: number;
  /** Power iterations of the randomized solver; 'auto': 7 when nComponents < 10% of min(samples, features), else 4. @default 'auto' */
  iteratedPower: number | 'auto';
  /** Extra random directions of the randomized solver. @default 10 */
  nOversamples: number;
  /**
   * Normalizer of the randomized solver's power iterations ('auto': 'none' up to 2
   * iterations, else 'LU'). 'QR' and 'LU' give the same subspace, hence the same
   * result; 'none' leaves the iterates unnormalized, as scikit-learn does.
   * @default 'auto'
   */
  powerIterationNormalizer: 'auto' | 'QR' | 'LU' | 'none';
  /**
   * Seeds the randomized solver's Gaussian test matrix as scikit-learn's
   * `random_state` does (numpy's `RandomState`; a `RandomState` advances at every
   * fit, as does 'arpack''s start vector draw); null draws a fresh seed.
   * @default null
   */
  randomState: RandomStateLike | null;
}


const SCHEMA: ParamSchema<PCAParams> = {
  nComponents: {
    default: null,
    constraints: [nullValue, integerIn({ min: 0 }), realIn({ min: 0, max: 1, minInclusive: false, maxInclusive: false }), oneOf(['mle'])],
  },
  copy: { default: true, constraints: booleanValue },
  whiten: { default: false, constraints: booleanValue },
  svdSolver: { default: 'auto', constraints: oneOf(['auto', 'full', 'arpack', 'randomized']) },
  tol: { default: 0, constraints: realIn({ min: 0 }) },
  iteratedPower: { default: 'auto', constraints: [oneOf(['auto']), integerIn({ min: 0 })] },
  nOversamples: { default: 10, constraints: integerIn({ min: 1 }) },
  powerIterationNormalizer: { default: 'auto', constraints: oneOf(['auto', 'QR', 'LU', 'none']) },
  randomState: { default: null, constraints: [nullValue, undefinedValue, seedValue, randomStateObject] },
};

interface PcaState extends PcaModel {
  readonly mean: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly singularValues: Float64Array;
  readonly nComponents: number;
  readonly nSamples: number;
  readonly solver: 'full' | 'arpack' | 'randomized';
}

/**
 * Principal component analysis: centres X and projects it on the directions of
 * largest variance (the right singular vectors of the centred X), optionally
 * whitened. Signs follow scikit-learn 1.2 (`svd_flip`), so components equal
 * scikit-learn's up to rounding.
 *
 * The exact solvers work from the eigendecomposition of XᵀX (or XXᵀ when there
 * are more features than samples), which is much faster than an SVD of X for tall
 * data; see `gram-svd.ts` for its precision on tiny singular values. The randomized
 * solver (scikit-learn's choice for larger inputs and fewer components) draws its
 * Gaussian test matrix from numpy's `RandomState` as scikit-learn does, so the same
 * `randomState` gives scikit-learn's components (see `randomized-svd.ts`).
 *
 * @example
 * ```ts
 * const { data, target } = await loadDigits();
 * // 'auto' picks the randomized solver here, as scikit-learn does
 * const pipe = new Pipeline([['pca', new PCA({ nComponents: 20, randomState: 0 })], ['clf', new LogisticRegression({ maxIter: 2000 })]]);
 * await pipe.fit(data, target);
 *
 * const pca = await new PCA({ nComponents: 0.95 }).fit(data); // 95% of the variance
 * pca.nComponents; // 29
 * ```
 */
export class PCA extends BaseTransformer<PCAParams> {
  private state: PcaState | undefined;
  private lastProjection: DenseMatrix | undefined;

  constructor(params: Partial<PCAParams> = {}) {
    super('PCA', SCHEMA, params);
  }

  private fitted(method: string): PcaState {
    return this.requireFitted(this.state, method);
  }

  /** The principal axes, `nComponents × features`, by decreasing explained variance. @throws {NotFittedError} before fit. */
  get components(): number[][] {
    const s = this.fitted('components');
    return Array.from({ length: s.nComponents }, (_, c) => Array.from(s.components.subarray(c * s.nFeatures, (c + 1) * s.nFeatures)));
  }

  /** The variance along each component (σ² / (n − 1)). @throws {NotFittedError} before fit. */
  get explainedVariance(): number[] {
    return Array.from(this.fitted('explainedVariance').explainedVariance);
  }

  /** The share of the total variance along each component. @throws {NotFittedError} before fit. */
  get explainedVarianceRatio(): number[] {
    return Array.from(this.fitted('explainedVarianceRatio').explainedVarianceRatio);
  }

  /** The singular values of the centred X of the kept components. @throws {NotFittedError} before fit. */
  get singularValues(): number[] {
    return Array.from(this.fitted('singularValues').singularValues);
  }

  /** The column means of the training X. @throws {NotFittedError} before fit. */
  get mean(): number[] {
    return Array.from(this.fitted('mean').mean);
  }

  /** The probabilistic model's noise variance: the mean variance of the dropped components. @throws {NotFittedError} before fit. */
  get noiseVariance(): number {
    return this.fitted('noiseVariance').noiseVariance;
  }

  /** The number of components kept (resolved from a fraction, 'mle' or null). @throws {NotFittedError} before fit. */
  get nComponents(): number {
    return this.fitted('nComponents').nComponents;
  }

  /** The number of training samples. @throws {NotFittedError} before fit. */
  get nSamples(): number {
    return this.fitted('nSamples').nSamples;
  }

  /** The solver used ('auto' resolved). @throws {NotFittedError} before fit. */
  get fitSvdSolver(): 'full' | 'arpack' | 'randomized' {
    return this.fitted('fitSvdSolver').solver;
  }

  /** Fits the model on X (y is ignored). */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.fitInternal(X);
    this.lastProjection = undefined;
    return this;
  }

  /** Fits on X and returns its projection (computed once, not by a second pass). */
  override async fitTransform(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<DenseMatrix> {
    this.fitInternal(X);
    const out = this.lastProjection as DenseMatrix;
    this.lastProjection = undefined;
    return out;
  }

  private fitInternal(X: MatrixLike): void {
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner });
    const n = matrix.rows;
    const p = matrix.columns;
    const r = Math.min(n, p);
    const { nComponents } = this.params;
    const solver = this.resolveSolver(n, p);
    const requested = nComponents ?? (solver === 'arpack' ? r - 1 : r);
    if (solver === 'arpack') this.checkArpack(requested, r, owner);
    else if (solver === 'randomized') this.checkRandomized(requested, r, owner);
    else if (requested === 'mle' && n < p) {
      throw componentsError(owner, `an int or a fraction when there are fewer samples (${n}) than features (${p})`, 'mle', "nComponents 'mle' is only supported if samples >= features.");
    } else if (typeof requested === 'number' && requested > r) {
      throw componentsError(owner, `an int between 0 and min(n_samples, n_features) = ${r} with svdSolver "${solver}"`, requested);
    }
    if (solver === 'randomized') this.fitRandomized(matrix, requested as number);
    else this.fitExact(matrix, requested, solver);
    this.nFeaturesSeen = p;
  }

  /** scikit-learn 1.2's `_fit_svd_solver`. */
  private resolveSolver(n: number, p: number): 'full' | 'arpack' | 'randomized' {
    const { svdSolver, nComponents } = this.params;
    if (svdSolver !== 'auto') return svdSolver;
    const requested = nComponents ?? Math.min(n, p);
    if (Math.max(n, p) <= 500 || requested === 'mle') return 'full';
    if (requested >= 1 && requested < 0.8 * Math.min(n, p)) return 'randomized';
    return 'full';
  }

  /** The exact solvers ('full', 'arpack'): the SVD from the Gram matrix (see gram-svd.ts). */
  private fitExact(matrix: DenseMatrix, requested: number | 'mle', solver: 'full' | 'arpack'): void {
    const n = matrix.rows;
    const p = matrix.columns;
    const r = Math.min(n, p);
    // ARPACK's start vector: scikit-learn draws it (uniform(-1, 1)) from the generator
    if (solver === 'arpack' && this.params.randomState !== null) resolveRandomState(this.params.randomState).uniform(-1, 1, r);
    let resolved = 0;
    const svd = gramSvd(matrix, {
      center: true,
      checkRemainder: true,
      keep: (singularValues) => {
        const ratio = explainedRatio(singularValues);
        if (requested === 'mle') resolved = inferDimension(explained(singularValues, n), n);
        else if (requested > 0 && requested < 1) resolved = componentsForFraction(ratio, requested);
        else resolved = requested;
        return resolved;
      },
    });
    const k = svd.kept;
    const all = explained(svd.singularValues, n);
    const explainedVariance = all.slice(0, k);
    // as scikit-learn: the full solver sums the spectrum, ARPACK's path the column variances
    const total = solver === 'full' ? all.reduce((a, b) => a + b, 0) : columnVarianceSum(matrix, svd.mean);
    let noiseVariance = 0;
    if (k < r) {
      noiseVariance = solver === 'full' ? all.slice(k).reduce((a, b) => a + b, 0) / (r - k) : (total - explainedVariance.reduce((a, b) => a + b, 0)) / (r - k);
    }
    this.keepState(matrix, svd.mean, svd.components, svd.singularValues.slice(0, k), explainedVariance, total, noiseVariance, solver, svd.projected);
  }

  /** The randomized solver (scikit-learn's `randomized_svd`, see randomized-svd.ts). */
  private fitRandomized(matrix: DenseMatrix, k: number): void {
    const n = matrix.rows;
    const p = matrix.columns;
    const r = Math.min(n, p);
    const { iteratedPower, nOversamples, powerIterationNormalizer, randomState } = this.params;
    const svd = randomizedSvd(matrix.values, n, p, {
      nComponents: k,
      nOversamples,
      nIter: iteratedPower,
      powerIterationNormalizer,
      random: resolveRandomState(randomState),
      withProjections: true,
      center: true,
    });
    const explainedVariance = explained(svd.singularValues, n);
    // scikit-learn's total variance: the column sums of squares of the centred X over n − 1
    const total = svd.sumOfSquares / (n - 1);
    let noiseVariance = 0;
    if (k < r) noiseVariance = (total - explainedVariance.reduce((a, b) => a + b, 0)) / (r - k);
    this.keepState(matrix, svd.mean, svd.components, svd.singularValues, explainedVariance, total, noiseVariance, 'randomized', svd.projections as Float64Array);
  }

  private keepState(
    matrix: DenseMatrix,
    mean: Float64Array,
    components: Float64Array,
    singularValues: Float64Array,
    explainedVariance: Float64Array,
    total: number,
    noiseVariance: number,
    solver: 'full' | 'arpack' | 'randomized',
    projected: Float64Array,
  ): void {
    const n = matrix.rows;
    const p = matrix.columns;
    const k = singularValues.length;
    const whiten = this.params.whiten;
    this.state = {
      mean,
      components,
      explainedVariance,
      explainedVarianceRatio: explainedVariance.map((v) => v / total),
      singularValues,
      noiseVariance,
      nComponents: k,
      nSamples: n,
      nFeatures: p,
      whiten,
      solver,
    };
    if (whiten) {
      // scikit-learn's fit_transform: U · √(n − 1), i.e. the projection over σ / √(n − 1)
      for (let c = 0; c < k; c++) {
        const scale = Math.sqrt(n - 1) / singularValues[c];
        for (let i = 0; i < n; i++) projected[i * k + c] *= scale;
      }
    }
    this.lastProjection = new DenseMatrix(projected, n, k);
  }

  private checkRandomized(requested: number | 'mle', r: number, owner: string): void {
    if (requested === 'mle' || !Number.isInteger(requested) || requested < 1 || requested > r) {
      throw componentsError(owner, `an int in the range [1, ${r}] with svdSolver "randomized" (at most min(n_samples, n_features) = ${r})`, requested);
    }
  }

  private checkArpack(requested: number | 'mle', r: number, owner: string): void {
    if (requested === 'mle' || !Number.isInteger(requested) || requested < 1 || requested >= r) {
      throw componentsError(owner, `an int in the range [1, ${r - 1}] with svdSolver "arpack" (strictly less than min(n_samples, n_features) = ${r})`, requested);
    }
  }

  /** X centred on the training means and projected on the components (whitened if asked). */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const s = this.fitted('transform');
    const matrix = validateMatrix(X, { owner: `${this.owner}.transform` });
    this.checkFeatureCount(matrix, 'transform');
    const n = matrix.rows;
    const out =
      n * s.nFeatures * s.nComponents >= KERNEL_PROJECTION_WORK
        ? projectOnKernels(matrix.values, n, s.nFeatures, s.mean, s.components, s.nComponents)
        : multiplyTransposed(centre(matrix, s.mean), n, s.nFeatures, s.components, s.nComponents);
    if (s.whiten) {
      for (let c = 0; c < s.nComponents; c++) {
        const scale = Math.sqrt(s.explainedVariance[c]);
        for (let i = 0; i < n; i++) out[i * s.nComponents + c] /= scale;
      }
    }
    return new DenseMatrix(out, n, s.nComponents);
  }

  /** Maps projections back to the feature space (undoing the whitening). */
  async inverseTransform(X: MatrixLike): Promise<DenseMatrix> {
    const s = this.fitted('inverseTransform');
    const owner = `${this.owner}.inverseTransform`;
    const matrix = validateMatrix(X, { owner });
    const k = s.nComponents;
    const p = s.nFeatures;
    if (matrix.columns !== k) {
      throw invalidArgument(owner, 'X', `a matrix with ${k} columns (one per component)`, X, { shown: `${matrix.columns} columns` });
    }
    const n = matrix.rows;
    const out = new Float64Array(n * p);
    const v = matrix.values;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const weight = s.whiten ? Math.sqrt(s.explainedVariance[c]) * s.components[c * p + j] : s.components[c * p + j];
          sum += v[i * k + c] * weight;
        }
        out[i * p + j] = sum + s.mean[j];
      }
    }
    return new DenseMatrix(out, n, p);
  }

  /** The model's data covariance Wᵀ diag(λ − σ²) W + σ² I. @throws {NotFittedError} before fit. */
  getCovariance(): number[][] {
    return pcaCovariance(this.fitted('getCovariance')).to2DArray();
  }

  /** The inverse of {@link getCovariance}, by the matrix inversion lemma. @throws {NotFittedError} before fit. */
  getPrecision(): number[][] {
    return pcaPrecision(this.fitted('getPrecision')).to2DArray();
  }

  /** The log-likelihood of each sample under the probabilistic PCA model. */
  async scoreSamples(X: MatrixLike): Promise<Float64Array> {
    const s = this.fitted('scoreSamples');
    const matrix = validateMatrix(X, { owner: `${this.owner}.scoreSamples` });
    this.checkFeatureCount(matrix, 'scoreSamples');
    return pcaLogLikelihood(s, centre(matrix, s.mean), matrix.rows);
  }

  /** The mean log-likelihood of the samples under the probabilistic PCA model (higher is better). */
  async score(X: MatrixLike, _y?: TargetLike): Promise<number> {
    const ll = await this.scoreSamples(X);
    let sum = 0;
    for (let i = 0; i < ll.length; i++) sum += ll[i];
    return sum / ll.length;
  }
}

registerTransferable(PCA, import.meta.url);
