/**
 * Baselines that ignore the features: scikit-learn's `DummyClassifier` and
 * `DummyRegressor`. A model that does not beat them has learned nothing.
 *
 * Unlike scikit-learn's (which skip input validation), these check X like every
 * tunekit estimator: finite values in fit, the same number of features at predict.
 */
import type { Label, MatrixLike, NumericVector, TargetLike } from '../core/data.js';
import { isMultiOutput, requireTarget, validateMatrix, validateTarget } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import type { FitOptions, ParamSchema } from '../core/estimator.js';
import type { RandomStateLike } from '../core/check-random-state.js';
import { randomStateObject, resolveRandomState, seedValue } from '../core/check-random-state.js';
import {
  formatValue,
  invalidParameter,
  nullValue,
  oneOf,
  parameterMessage,
  realIn,
  satisfies,
  undefinedValue,
} from '../core/validate.js';
import { BaseClassifier, BaseRegressor } from './base.js';
import { registerTransferable } from '../core/transfer.js';

// ---------------------------------------------------------------------------
// DummyClassifier
// ---------------------------------------------------------------------------

/** How a {@link DummyClassifier} predicts. */
export type DummyClassifierStrategy = 'prior' | 'most_frequent' | 'stratified' | 'uniform' | 'constant';

/** The parameters of {@link DummyClassifier}. */
export interface DummyClassifierParams {
  /**
   * - `'prior'`: predicts the most frequent class; `predictProba` gives the class priors.
   * - `'most_frequent'`: predicts the most frequent class (the smallest on ties); `predictProba` is one-hot.
   * - `'stratified'`: draws each prediction from the class priors (one-hot `predictProba`).
   * - `'uniform'`: draws each prediction uniformly from the classes.
   * - `'constant'`: always predicts `constant`.
   * @default 'prior'
   */
  strategy: DummyClassifierStrategy;
  /** The label predicted by the `'constant'` strategy; must be one of the training labels. @default null */
  constant: Label | null;
  /**
   * Seeds the `'stratified'` and `'uniform'` draws as scikit-learn's `random_state`
   * does (numpy's `RandomState(seed)`: the same predictions as scikit-learn). Each
   * call to `predict` or `predictProba` starts from this seed, so a seeded baseline
   * gives the same predictions every call; a `RandomState` advances at every call;
   * `undefined` draws a fresh seed each call.
   * @default undefined
   */
  randomState: RandomStateLike | undefined;
}

const CLASSIFIER_SCHEMA: ParamSchema<DummyClassifierParams> = {
  strategy: { default: 'prior', constraints: oneOf(['most_frequent', 'prior', 'stratified', 'uniform', 'constant']) },
  constant: { default: null, constraints: [nullValue, realIn(), satisfies('a string', (v) => typeof v === 'string')] },
  randomState: { default: undefined, constraints: [undefinedValue, seedValue, randomStateObject] },
};

interface ClassifierState {
  readonly prior: Float64Array;
  /** Index of the most frequent class (first on ties, i.e. the smallest label). */
  readonly mode: number;
  /** Index of the constant label (strategy 'constant'). */
  readonly constantIndex: number;
}

/**
 * A classifier that ignores X: predicts from the class distribution of y seen
 * in fit, following the chosen strategy (scikit-learn's `DummyClassifier`).
 *
 * @example
 * ```ts
 * const baseline = await new DummyClassifier({ strategy: 'most_frequent' }).fit(X, [0, 1, 1, 1]);
 * await baseline.predict(X); // [1, 1, 1, 1]
 * ```
 */
export class DummyClassifier extends BaseClassifier<DummyClassifierParams> {
  private state: ClassifierState | undefined;

  constructor(params: Partial<DummyClassifierParams> = {}) {
    super('DummyClassifier', CLASSIFIER_SCHEMA, params);
  }

  /**
   * Records the classes and their frequencies in y.
   *
   * @throws {InvalidParameterError} for strategy `'constant'` without a `constant`.
   * @throws {ValidationError} when `constant` is not one of the training labels.
   */
  async fit(X: MatrixLike, y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.state = undefined;
    const { codes, classes } = this.prepareFit(X, y);
    const { strategy, constant } = this.params;
    const counts = new Float64Array(classes.length);
    for (let i = 0; i < codes.length; i++) counts[codes[i] as number] += 1;
    const prior = counts.map((c) => c / codes.length);
    let mode = 0;
    for (let k = 1; k < prior.length; k++) if ((prior[k] as number) > (prior[mode] as number)) mode = k;
    let constantIndex = -1;
    if (strategy === 'constant') {
      if (constant === null) {
        throw invalidParameter(this.owner, 'constant', 'a class label (a number or a string) when strategy is "constant"', constant, {
          hint: 'Set the label to predict, e.g. { strategy: "constant", constant: 1 }.',
        });
      }
      constantIndex = classes.indexOf(constant);
      if (constantIndex < 0) {
        const expected = `one of the labels present in the training data (${formatValue(classes)})`;
        throw new ValidationError(parameterMessage(this.owner, 'constant', 'parameter', expected, constant), {
          owner: this.owner,
          argument: 'constant',
          value: constant,
          expected,
        });
      }
    }
    this.state = { prior, mode, constantIndex };
    return this;
  }

  /** One label per row of X (X itself is only checked, never used). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { state, X: matrix } = this.preparePredict(this.state, X, 'predict');
    const n = matrix.rows;
    const classes = this.classes;
    switch (this.params.strategy) {
      case 'prior':
      case 'most_frequent':
        return new Array<Label>(n).fill(classes[state.mode] as Label);
      case 'constant':
        return new Array<Label>(n).fill(classes[state.constantIndex] as Label);
      case 'uniform':
        // scikit-learn: classes_[rs.randint(n_classes, size=n_samples)]
        return resolveRandomState(this.params.randomState)
          .randint(0, classes.length, n)
          .map((k) => classes[k] as Label);
      case 'stratified':
        return this.sampleStratified(state, n).map((k) => classes[k] as Label);
    }
  }

  /** Class probabilities, one row per row of X, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { state, X: matrix } = this.preparePredict(this.state, X, 'predictProba');
    const n = matrix.rows;
    const k = this.classes.length;
    const oneHot = (index: number): number[] => Array.from({ length: k }, (_, j) => (j === index ? 1 : 0));
    switch (this.params.strategy) {
      case 'prior':
        return Array.from({ length: n }, () => Array.from(state.prior));
      case 'most_frequent':
        return Array.from({ length: n }, () => oneHot(state.mode));
      case 'constant':
        return Array.from({ length: n }, () => oneHot(state.constantIndex));
      case 'uniform':
        return Array.from({ length: n }, () => new Array<number>(k).fill(1 / k));
      case 'stratified':
        return this.sampleStratified(state, n).map(oneHot);
    }
  }

  /**
   * `n` class indices drawn from the priors as scikit-learn draws them: one-hot
   * rows of `rs.multinomial(1, class_prior_, size=n)` (predict takes each row's argmax).
   */
  private sampleStratified(state: ClassifierState, n: number): number[] {
    const rows = resolveRandomState(this.params.randomState).multinomial(1, Array.from(state.prior), n);
    return rows.map((row) => row.indexOf(1));
  }
}

// ---------------------------------------------------------------------------
// DummyRegressor
// ---------------------------------------------------------------------------

/** How a {@link DummyRegressor} predicts. */
export type DummyRegressorStrategy = 'mean' | 'median' | 'quantile' | 'constant';

/** The parameters of {@link DummyRegressor}. */
export interface DummyRegressorParams {
  /**
   * - `'mean'`: the mean of the training targets.
   * - `'median'`: their median.
   * - `'quantile'`: their `quantile` (linear interpolation, numpy's default).
   * - `'constant'`: `constant`.
   * @default 'mean'
   */
  strategy: DummyRegressorStrategy;
  /** The value predicted by `'constant'`: a number, or one per output for a multi-output y. @default null */
  constant: number | readonly number[] | null;
  /** The quantile predicted by `'quantile'`, in [0, 1] (0.5 is the median). @default null */
  quantile: number | null;
}

const REGRESSOR_SCHEMA: ParamSchema<DummyRegressorParams> = {
  strategy: { default: 'mean', constraints: oneOf(['mean', 'median', 'quantile', 'constant']) },
  constant: { default: null, constraints: [nullValue, realIn(), satisfies('a non-empty array of finite numbers', (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)))] },
  quantile: { default: null, constraints: [nullValue, realIn({ min: 0, max: 1 })] },
};

/**
 * The `q`-quantile of sorted values with numpy's default (`'linear'`) method,
 * computed the way numpy does so that results agree to the last bit.
 */
function linearQuantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  const lo = Math.max(0, Math.min(n - 1, Math.floor(virtual)));
  const hi = Math.min(n - 1, lo + 1);
  const t = virtual - Math.floor(virtual);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * A regressor that ignores X: predicts a constant computed from the training
 * targets (scikit-learn's `DummyRegressor`). Supports multi-output targets
 * (`number[][]`), one constant per output.
 *
 * @example
 * ```ts
 * const baseline = await new DummyRegressor({ strategy: 'median' }).fit(X, [2, 3, 5, 10]);
 * await baseline.predict(X); // Float64Array [4, 4, 4, 4]
 * ```
 */
export class DummyRegressor extends BaseRegressor<DummyRegressorParams> {
  private constants: Float64Array | undefined;
  private multiOutput = false;

  constructor(params: Partial<DummyRegressorParams> = {}) {
    super('DummyRegressor', REGRESSOR_SCHEMA, params);
  }

  /**
   * Computes the constant(s) to predict from y.
   *
   * @throws {InvalidParameterError} for `'quantile'` without `quantile`, or
   *   `'constant'` without a `constant` of one value per output.
   */
  async fit(X: MatrixLike, y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.constants = undefined;
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner });
    const target = validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows, allowMultiOutput: true, allowStrings: false });
    const columns = toColumns(target);
    const { strategy, constant, quantile } = this.params;
    const out = new Float64Array(columns.length);
    if (strategy === 'constant') {
      const values = typeof constant === 'number' ? [constant] : constant;
      if (values === null || values.length !== columns.length) {
        const expected = columns.length === 1 ? 'a number' : `an array of ${columns.length} numbers (one per output)`;
        throw invalidParameter(this.owner, 'constant', `${expected} when strategy is "constant"`, constant);
      }
      out.set(values);
    } else if (strategy === 'quantile' && quantile === null) {
      throw invalidParameter(this.owner, 'quantile', 'a number in the range [0, 1] when strategy is "quantile"', quantile);
    } else {
      columns.forEach((col, j) => {
        if (strategy === 'mean') {
          let sum = 0;
          for (let i = 0; i < col.length; i++) sum += col[i] as number;
          out[j] = sum / col.length;
          return;
        }
        const sorted = Float64Array.from(col).sort();
        if (strategy === 'median') {
          const mid = sorted.length >> 1;
          out[j] = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
        } else {
          // numpy goes through percentiles: q * 100 / 100 may differ from q in the last bit
          out[j] = linearQuantile(sorted, ((quantile as number) * 100) / 100);
        }
      });
    }
    this.nFeaturesSeen = matrix.columns;
    this.multiOutput = isMultiOutput(target);
    this.constants = out;
    return this;
  }

  /** The constant for every row of X: a `Float64Array`, or one row per sample for a multi-output fit. */
  async predict(X: MatrixLike): Promise<Float64Array | number[][]> {
    const { state, X: matrix } = this.preparePredict(this.constants, X, 'predict');
    if (this.multiOutput) return Array.from({ length: matrix.rows }, () => Array.from(state));
    return new Float64Array(matrix.rows).fill(state[0] as number);
  }
}

function toColumns(target: TargetLike): Float64Array[] {
  if (isMultiOutput(target)) {
    const rows = target as readonly ArrayLike<number>[];
    const width = (rows[0] as ArrayLike<number>).length;
    return Array.from({ length: width }, (_, j) => Float64Array.from(rows, (r) => r[j] as number));
  }
  return [Float64Array.from(target as NumericVector)];
}

registerTransferable(DummyClassifier, import.meta.url);
registerTransferable(DummyRegressor, import.meta.url);
