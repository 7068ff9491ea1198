/**
 * Gaussian-process regression with a {@link Matern52Kernel}: targets
 * standardized, kernel hyperparameters fitted by maximizing the log marginal
 * likelihood (analytic gradient, bounded quasi-Newton, several starts, warm
 * starts), Cholesky with jitter escalation. Inputs are `ml-matrix` matrices or
 * arrays of rows; the numerical core works on flat row-major arrays.
 */
import { Rng } from '../../../core/rng.js';
import { invalidParameter } from '../../../core/validate.js';
import type { KernelGroup, KernelHyperparameters } from './kernel.js';
import { Matern52Kernel } from './kernel.js';
import type { MatrixInput } from './linalg.js';
import { choleskyAppend, choleskyJitter, choleskySolve, solveLower, solveLowerBlock, solveUpperT, toFlat } from './linalg.js';

export type { MatrixInput } from './linalg.js';
import type { HyperparameterPriors } from './marginal-likelihood.js';
import { LOG_2PI, fitHyperparameters, negLogMarginalLikelihood, subsetIndices } from './marginal-likelihood.js';


/** Box bounds (natural units) of the kernel hyperparameters. */
export interface KernelBounds {
  /** @default [0.01, 100] */
  readonly amplitude?: readonly [number, number] | undefined;
  /** @default [0.01, 100] */
  readonly lengthScale?: readonly [number, number] | undefined;
  /** @default [1e-9, 1] */
  readonly noise?: readonly [number, number] | undefined;
}

export type { HyperparameterPriors, LogNormalPrior } from './marginal-likelihood.js';

/** Options of {@link GaussianProcess}. */
export interface GaussianProcessOptions {
  /** Feature groups sharing a length scale. @default one group per input column */
  readonly groups?: readonly KernelGroup[] | undefined;
  /** Hyperparameters to start from (and to keep when `optimize` is false). @default amplitude 1, length scales 0.5, noise 1e-4 */
  readonly initial?: KernelHyperparameters | undefined;
  /** Fit the hyperparameters by maximizing the log marginal likelihood. @default true */
  readonly optimize?: boolean | undefined;
  /** Extra random starts of the fit. @default 2 */
  readonly nRestarts?: number | undefined;
  /** Bounds of the fitted hyperparameters (targets are standardized, inputs in [0, 1]). */
  readonly bounds?: KernelBounds | undefined;
  /** Standardize the targets (zero mean, unit variance) before fitting. @default true */
  readonly normalizeY?: boolean | undefined;
  /**
   * Log-normal priors on the hyperparameters (a MAP fit instead of maximum
   * likelihood). They keep few-point fits away from degenerate solutions: one
   * tiny length scale with the others at the bound, or "everything is noise".
   * @default {} (maximum likelihood)
   */
  readonly priors?: HyperparameterPriors | undefined;
  /** Seed of the random restarts. @default 0 */
  readonly randomState?: number | undefined;
}

/** Options of {@link GaussianProcess.fit}. */
export interface GaussianProcessFitOptions {
  /** Start the fit from these hyperparameters (`theta`, log space), e.g. the previous fit's. */
  readonly warmStart?: ArrayLike<number> | undefined;
  /** Random restarts for this fit. @default the constructor's nRestarts */
  readonly nRestarts?: number | undefined;
  /** Likelihood evaluations per start. @default 80 */
  readonly maxEval?: number | undefined;
  /** Fit hyperparameters (false keeps the current ones). @default the constructor's optimize */
  readonly optimize?: boolean | undefined;
  /**
   * With more points than this, fit the hyperparameters on a subset (the best
   * quarter of the targets and an even spread of the rest); the posterior still
   * conditions on every point. @default Infinity
   */
  readonly maxFitPoints?: number | undefined;
}

/** A posterior prediction. */
export interface Prediction {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}


/**
 * A Gaussian-process regressor.
 * @example
 * ```ts
 * const gp = new GaussianProcess({ randomState: 0 }).fit([[0], [0.3], [0.7], [1]], [1, 0.2, 0.4, 1.1]);
 * const prediction = gp.predict([[0.5]]); // { mean, std }
 * gp.hyperparameters; // { amplitude, lengthScales: [ℓ], noise }
 * ```
 */
export class GaussianProcess {
  private readonly options: GaussianProcessOptions;
  private kernelValue: Matern52Kernel | undefined;
  private lower: Float64Array = new Float64Array(0);
  private upper: Float64Array = new Float64Array(0);
  private thetaValue: Float64Array = new Float64Array(0);
  private X: Float64Array = new Float64Array(0);
  private n = 0;
  private yNorm: Float64Array = new Float64Array(0);
  private yMean = 0;
  private yStd = 1;
  private L: Float64Array = new Float64Array(0);
  private alpha: Float64Array = new Float64Array(0);
  private lmlValue = NaN;
  private rng: Rng;

  constructor(options: GaussianProcessOptions = {}) {
    this.options = options;
    this.rng = new Rng(options.randomState ?? 0);
    if (options.groups !== undefined) this.setup(new Matern52Kernel(options.groups));
  }

  private setup(kernel: Matern52Kernel): void {
    this.kernelValue = kernel;
    const b = this.options.bounds ?? {};
    const [al, ah] = b.amplitude ?? [0.01, 100];
    const [ll, lh] = b.lengthScale ?? [0.01, 100];
    const [nl, nh] = b.noise ?? [1e-9, 1];
    const G = kernel.groups.length;
    this.lower = Float64Array.from([Math.log(al), ...Array<number>(G).fill(Math.log(ll)), Math.log(nl)]);
    this.upper = Float64Array.from([Math.log(ah), ...Array<number>(G).fill(Math.log(lh)), Math.log(nh)]);
    const init = this.options.initial ?? { amplitude: 1, lengthScales: Array<number>(G).fill(0.5), noise: 1e-4 };
    if (init.lengthScales.length !== G) {
      throw invalidParameter('GaussianProcess', 'initial', `hyperparameters with ${G} length scales`, init.lengthScales.length, { kind: 'option' });
    }
    this.thetaValue = this.clip(kernel.theta(init));
  }

  /** The kernel (defined once the feature groups are known: from the options or the first fit). */
  get kernel(): Matern52Kernel {
    if (this.kernelValue === undefined) this.setup(new Matern52Kernel(0));
    return this.kernelValue as Matern52Kernel;
  }

  private clip(theta: Float64Array): Float64Array {
    for (let i = 0; i < theta.length; i++) theta[i] = Math.min(this.upper[i] as number, Math.max(this.lower[i] as number, theta[i] as number));
    return theta;
  }

  /** The fitted hyperparameters in log space: [log amplitude, log length scales..., log noise]. */
  get theta(): Float64Array {
    return this.thetaValue.slice();
  }

  /** The fitted hyperparameters. */
  get hyperparameters(): KernelHyperparameters {
    return this.kernel.hyperparameters(this.thetaValue);
  }

  /** The log marginal likelihood of the fitted model (on standardized targets). */
  get logMarginalLikelihoodValue(): number {
    return this.lmlValue;
  }

  /** The number of training points. */
  get nTrain(): number {
    return this.n;
  }

  /** The training inputs (row-major n×p, read only). */
  get trainInputs(): Float64Array {
    return this.X;
  }

  /** The mean and standard deviation used to standardize targets. */
  get targetScale(): { readonly mean: number; readonly std: number } {
    return { mean: this.yMean, std: this.yStd };
  }

  /**
   * Fits the model to rows `X` and targets `y`.
   * @throws {InvalidParameterError} on mismatched or non-finite inputs.
   */
  fit(Xin: MatrixInput, y: ArrayLike<number>, options: GaussianProcessFitOptions = {}): this {
    const { data, rows, cols } = toFlat(Xin, 'GaussianProcess.fit');
    if (this.kernelValue === undefined || this.kernelValue.nFeatures === 0) this.setup(new Matern52Kernel(cols));
    if (cols !== this.kernel.nFeatures) throw invalidParameter('GaussianProcess.fit', 'X', `rows of ${this.kernel.nFeatures} features`, cols, { kind: 'argument' });
    if (y.length !== rows) throw invalidParameter('GaussianProcess.fit', 'y', `${rows} targets`, y.length, { kind: 'argument' });
    for (let i = 0; i < rows; i++) if (!Number.isFinite(y[i])) throw invalidParameter('GaussianProcess.fit', 'y', 'finite numbers', y[i], { kind: 'argument' });
    if (rows === 0) throw invalidParameter('GaussianProcess.fit', 'X', 'at least one row', rows, { kind: 'argument' });
    this.X = data;
    this.n = rows;
    this.setTargets(y);
    const D = this.kernel.pairDistances(this.X, rows);
    if ((options.optimize ?? this.options.optimize ?? true) && rows >= 2) {
      const max = options.maxFitPoints ?? Infinity;
      if (rows > max) {
        const idx = subsetIndices(this.yNorm, Math.max(2, Math.floor(max)));
        const sub = new GaussianProcess({ ...this.options, groups: this.kernel.groups });
        sub.thetaValue = this.thetaValue.slice();
        sub.rng = this.rng;
        const p = this.kernel.nFeatures;
        const Xs = new Float64Array(idx.length * p);
        idx.forEach((r, i) => Xs.set(this.X.subarray(r * p, (r + 1) * p), i * p));
        sub.X = Xs;
        sub.n = idx.length;
        sub.setTargets(Array.from(idx, (r) => y[r] as number));
        sub.optimizeTheta(this.kernel.pairDistances(Xs, idx.length), options);
        this.thetaValue = sub.thetaValue;
      } else {
        this.optimizeTheta(D, options);
      }
    }
    this.factor(D);
    return this;
  }

  /** Standardizes and stores the targets. */
  private setTargets(y: ArrayLike<number>): void {
    const rows = y.length;
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += y[i] as number;
    mean /= rows;
    let v = 0;
    for (let i = 0; i < rows; i++) v += ((y[i] as number) - mean) ** 2;
    let std = Math.sqrt(v / rows);
    if (!(std > 1e-12 * Math.max(1, Math.abs(mean)))) std = 1;
    if (this.options.normalizeY === false) {
      mean = 0;
      std = 1;
    }
    this.yMean = mean;
    this.yStd = std;
    this.yNorm = Float64Array.from({ length: rows }, (_, i) => ((y[i] as number) - mean) / std);
  }

  /**
   * Adds the rows of `Xall` past the current ones and replaces every target by
   * `y` (all of them: their scaling may change), keeping the hyperparameters:
   * O(n²) per new row instead of a new factorization.
   */
  extend(Xall: Float64Array, rows: number, y: ArrayLike<number>): this {
    const p = this.kernel.nFeatures;
    const ok = this.appendRows(Xall.subarray(this.n * p, rows * p), rows - this.n);
    this.setTargets(y);
    if (!ok) this.factor(this.kernel.pairDistances(this.X, rows));
    else this.alpha = choleskySolve(this.L, rows, this.yNorm);
    this.lmlValue = NaN;
    return this;
  }

  /** Appends m feature rows to X and their rows to the factor (O(n²) each); false when a pivot fails (a near-duplicate). */
  private appendRows(Z: Float64Array, m: number): boolean {
    const p = this.kernel.nFeatures;
    const hp = this.kernel.hyperparameters(this.thetaValue);
    const X = new Float64Array((this.n + m) * p);
    X.set(this.X.subarray(0, this.n * p));
    X.set(Z.subarray(0, m * p), this.n * p);
    let ok = true;
    for (let a = 0; a < m; a++) {
      const n = this.n + a;
      const row = this.kernel.cross(X.subarray(n * p, (n + 1) * p), 1, X, n, this.thetaValue);
      const next = ok ? choleskyAppend(this.L, n, row, hp.amplitude + hp.noise) : undefined;
      if (next === undefined) ok = false;
      else this.L = next;
    }
    this.X = X;
    this.n += m;
    return ok;
  }


  private optimizeTheta(D: Float64Array, options: GaussianProcessFitOptions): void {
    const G = this.kernel.groups.length;
    const starts: Float64Array[] = [this.clip(Float64Array.from(options.warmStart ?? this.thetaValue))];
    const restarts = options.nRestarts ?? this.options.nRestarts ?? 2;
    for (let r = 0; r < restarts; r++) {
      const t = new Float64Array(G + 2);
      t[0] = this.rng.uniform(Math.log(0.1), Math.log(10));
      for (let g = 1; g <= G; g++) t[g] = this.rng.uniform(Math.log(0.05), Math.log(2));
      t[G + 1] = this.rng.uniform(Math.log(1e-8), Math.log(1e-1));
      starts.push(this.clip(t));
    }
    const best = fitHyperparameters(this.kernel, D, this.yNorm, starts, this.lower, this.upper, { priors: this.options.priors, maxEval: options.maxEval ?? 80 });
    if (best !== undefined) this.thetaValue = best;
  }

  private factor(D: Float64Array): void {
    const n = this.n;
    const K = this.kernel.matrixFromDistances(D, n, this.thetaValue);
    const chol = choleskyJitter(K, n);
    if (chol === undefined) {
      // give up on the fitted values: a very noisy model is always factorable
      this.thetaValue[this.thetaValue.length - 1] = this.upper[this.upper.length - 1] as number;
      return this.factor(D);
    }
    this.L = chol.L;
    this.alpha = choleskySolve(this.L, n, this.yNorm);
    let lml = -0.5 * n * LOG_2PI;
    for (let i = 0; i < n; i++) lml -= 0.5 * (this.yNorm[i] as number) * (this.alpha[i] as number) + Math.log(this.L[i * n + i] as number);
    this.lmlValue = lml;
  }

  /**
   * The log marginal likelihood (standardized targets) at `theta` (default: the
   * fitted one), with its gradient written to `grad` when given.
   */
  logMarginalLikelihood(theta: ArrayLike<number> = this.thetaValue, grad?: Float64Array): number {
    const fg = negLogMarginalLikelihood(this.kernel, this.kernel.pairDistances(this.X, this.n), this.yNorm, this.options.priors);
    const g = new Float64Array(this.kernel.nParams);
    const value = -fg(Float64Array.from(theta), g);
    if (grad !== undefined) for (let k = 0; k < g.length; k++) grad[k] = -(g[k] as number);
    return value;
  }

  /** Posterior mean and standard deviation (of the latent function, original units) at rows Z. */
  predict(Zin: MatrixInput): Prediction {
    const { data, rows } = toFlat(Zin, 'GaussianProcess.predict');
    const out = this.predictNormalized(data, rows);
    for (let i = 0; i < rows; i++) {
      out.mean[i] = (out.mean[i] as number) * this.yStd + this.yMean;
      out.std[i] = (out.std[i] as number) * this.yStd;
    }
    return out;
  }

  /** Posterior mean and std in standardized units for m feature rows (flat). */
  predictNormalized(Z: Float64Array, m: number): Prediction {
    const { Kc, mean } = this.crossMean(Z, m);
    const all = new Int32Array(m);
    for (let j = 0; j < m; j++) all[j] = j;
    return { mean, std: this.stdForColumns(Kc, m, all) };
  }

  /** The prior variance (amplitude) and noise variance of the fitted kernel. */
  get variances(): { readonly amplitude: number; readonly noise: number } {
    const t = this.thetaValue;
    return { amplitude: Math.exp(t[0] as number), noise: Math.exp(t[t.length - 1] as number) };
  }

  /** The cross-covariance k(X_train, Z) (n×m, row-major) and the posterior mean (standardized) at m feature rows. */
  crossMean(Z: Float64Array, m: number): { Kc: Float64Array; mean: Float64Array } {
    const n = this.n;
    const Kc = this.kernel.cross(this.X, n, Z, m, this.thetaValue);
    const mean = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      const a = this.alpha[i] as number;
      const ri = i * m;
      for (let j = 0; j < m; j++) mean[j] = (mean[j] as number) + a * (Kc[ri + j] as number);
    }
    return { Kc, mean };
  }

  /** Posterior std (standardized) of the columns `cols` of a block from {@link crossMean}. */
  stdForColumns(Kc: Float64Array, m: number, cols: ArrayLike<number>): Float64Array {
    const n = this.n;
    const c = cols.length;
    const B = new Float64Array(n * c);
    for (let i = 0; i < n; i++) {
      const ri = i * m;
      const bi = i * c;
      for (let j = 0; j < c; j++) B[bi + j] = Kc[ri + (cols[j] as number)] as number;
    }
    solveLowerBlock(this.L, n, B, c);
    const amp = Math.exp(this.thetaValue[0] as number);
    const v = new Float64Array(c).fill(amp);
    for (let i = 0; i < n; i++) {
      const bi = i * c;
      for (let j = 0; j < c; j++) v[j] = (v[j] as number) - (B[bi + j] as number) ** 2;
    }
    return v.map((x) => Math.sqrt(Math.max(x, 1e-18 * amp)));
  }

  /**
   * Posterior mean and std (standardized units) at one feature vector z, with
   * their gradients with respect to z.
   */
  predictWithGradient(z: Float64Array): { mean: number; std: number; dMean: Float64Array; dStd: Float64Array } {
    const n = this.n;
    const p = this.kernel.nFeatures;
    const k = new Float64Array(n);
    const dk = new Float64Array(n * p);
    this.kernel.crossWithGradient(z, this.X, n, this.thetaValue, k, dk);
    let mean = 0;
    const dMean = new Float64Array(p);
    for (let b = 0; b < n; b++) {
      const a = this.alpha[b] as number;
      mean += a * (k[b] as number);
      for (let c = 0; c < p; c++) dMean[c] = (dMean[c] as number) + a * (dk[b * p + c] as number);
    }
    const v = solveLower(this.L, n, k);
    const amp = Math.exp(this.thetaValue[0] as number);
    let variance = amp;
    for (let b = 0; b < n; b++) variance -= (v[b] as number) ** 2;
    variance = Math.max(variance, 1e-18 * amp);
    const std = Math.sqrt(variance);
    const w = solveUpperT(this.L, n, v);
    const dStd = new Float64Array(p);
    for (let b = 0; b < n; b++) {
      const wb = w[b] as number;
      for (let c = 0; c < p; c++) dStd[c] = (dStd[c] as number) - (wb * (dk[b * p + c] as number)) / std;
    }
    return { mean, std, dMean, dStd };
  }

  /**
   * A copy of the model conditioned on extra points (features, standardized
   * targets) with the same hyperparameters and scaling: O(n²) per point. The
   * constant-liar batch uses it for pending evaluations.
   */
  condition(Z: Float64Array, m: number, yNormalized: ArrayLike<number>): GaussianProcess {
    const copy = Object.assign(Object.create(GaussianProcess.prototype) as GaussianProcess, this);
    const ok = copy.appendRows(Z, m);
    copy.yNorm = Float64Array.from([...this.yNorm, ...Array.from({ length: m }, (_, a) => yNormalized[a] as number)]);
    if (!ok) copy.factor(copy.kernel.pairDistances(copy.X, copy.n));
    else copy.alpha = choleskySolve(copy.L, copy.n, copy.yNorm);
    return copy;
  }

}
