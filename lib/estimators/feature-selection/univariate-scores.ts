/**
 * Univariate feature scores for {@link SelectKBest}: the ANOVA F-test
 * (`fClassif`), the F-test of a linear correlation (`fRegression`, with
 * `rRegression` underneath) and the chi-squared test (`chi2`), with scikit-learn
 * 1.2's formulas and scipy's p-values.
 */
import type { DenseMatrix, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { encodeLabels, requireTarget, validateMatrix, validateTarget } from '../../core/data.js';
import { chi2Survival, fSurvival } from '../../core/special-functions.js';
import { registerTransferable } from '../../core/transfer.js';
import { booleanValue, checkKnownKeys, checkParam, invalidArgument } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';

/** A score per feature and, for statistical tests, its p-value. */
export interface UnivariateScores {
  readonly scores: number[];
  /** null for a score function that gives no p-values. */
  readonly pValues: number[] | null;
}

/**
 * Scores each feature of X against y (higher is better): returns the scores with
 * their p-values, or the scores alone.
 */
export type ScoreFunction = (X: DenseMatrix, y: Vector) => UnivariateScores | readonly number[];

/** The largest finite double (numpy's `np.finfo(np.float64).max`). */
const LARGEST = Number.MAX_VALUE;

function prepare(owner: string, X: MatrixLike, y: TargetLike | undefined, allowStrings: boolean): { X: DenseMatrix; y: Vector } {
  const matrix = validateMatrix(X, { owner });
  validateTarget(requireTarget(y, owner), { owner, nSamples: matrix.rows, allowStrings });
  return { X: matrix, y: y as Vector };
}

/**
 * The ANOVA F-value of each feature across the classes of y, and its p-value
 * (scikit-learn's `f_classif`, its `f_oneway` formula: between-class over
 * within-class mean squares). Warns when a feature is constant within every class.
 *
 * @example
 * ```ts
 * const { scores, pValues } = fClassif([[1, 5], [2, 5], [8, 4], [9, 6]], [0, 0, 1, 1]);
 * scores[0]; // 98: the first feature separates the classes
 * ```
 */
export function fClassif(X: MatrixLike, y: Vector): UnivariateScores {
  const data = prepare('fClassif', X, y, true);
  const n = data.X.rows;
  const p = data.X.columns;
  const v = data.X.values;
  const { classes, codes } = encodeLabels(data.y);
  const k = classes.length;
  const counts = new Float64Array(k);
  // per class, in row order (numpy sums along axis 0 row after row)
  const squares = new Float64Array(k * p);
  const sums = new Float64Array(k * p);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    counts[c] += 1;
    for (let j = 0; j < p; j++) {
      const x = v[i * p + j];
      squares[c * p + j] += x * x;
      sums[c * p + j] += x;
    }
  }
  const dfBetween = k - 1;
  const dfWithin = n - k;
  const scores = new Array<number>(p);
  const pValues = new Array<number>(p);
  const constant: number[] = [];
  let anyZeroBetween = false;
  for (let j = 0; j < p; j++) {
    let ssAll = 0;
    let sumAll = 0;
    for (let c = 0; c < k; c++) {
      ssAll += squares[c * p + j];
      sumAll += sums[c * p + j];
    }
    const squareOfSumsAll = sumAll ** 2;
    const ssTotal = ssAll - squareOfSumsAll / n;
    let ssBetween = 0;
    for (let c = 0; c < k; c++) ssBetween += sums[c * p + j] ** 2 / counts[c];
    ssBetween -= squareOfSumsAll / n;
    const ssWithin = ssTotal - ssBetween;
    const msBetween = ssBetween / dfBetween;
    const msWithin = ssWithin / dfWithin;
    if (msWithin === 0) constant.push(j);
    if (msBetween === 0) anyZeroBetween = true;
    scores[j] = msBetween / msWithin;
    pValues[j] = fSurvival(scores[j], dfBetween, dfWithin);
  }
  if (anyZeroBetween && constant.length > 0) warn(`Features ${numpyIntegerArray(constant)} are constant.`, 'UserWarning');
  return { scores, pValues };
}

/**
 * How numpy prints a 1-D integer array (`str(np.array([0, 32, 39]))` is
 * `[ 0 32 39]`): items right-aligned to one width, lines wrapped at 75 characters.
 */
export function numpyIntegerArray(values: readonly number[]): string {
  const width = Math.max(...values.map((v) => String(v).length));
  const words = values.map((v) => String(v).padStart(width));
  let text = '';
  let line = '[';
  words.forEach((word, i) => {
    const last = i === words.length - 1;
    if (line.length + word.length > (last ? 74 : 75) && line.length > 1) {
      text += `${line.trimEnd()}\n`;
      line = ' ';
    }
    line += last ? word : `${word} `;
  });
  return `${text}${line}]`;
}

/** Options of {@link rRegression} and {@link fRegression}. */
export interface RegressionScoreOptions {
  /** Centre X and y first (a correlation); false tests a line through the origin. @default true */
  readonly center?: boolean | undefined;
  /**
   * Replace non-finite results: a NaN correlation (a constant feature or target)
   * becomes 0 (F 0, p-value 1), an infinite F the largest double.
   * @default true
   */
  readonly forceFinite?: boolean | undefined;
}

function regressionOptions(owner: string, options: RegressionScoreOptions): { center: boolean; forceFinite: boolean } {
  checkKnownKeys(owner, options, ['center', 'forceFinite'], 'option');
  return {
    center: checkParam<boolean>(owner, 'center', options.center ?? true, booleanValue, { kind: 'option' }),
    forceFinite: checkParam<boolean>(owner, 'forceFinite', options.forceFinite ?? true, booleanValue, { kind: 'option' }),
  };
}

function correlations(X: DenseMatrix, target: Vector, center: boolean, forceFinite: boolean): Float64Array {
  const n = X.rows;
  const p = X.columns;
  const v = X.values;
  const y = Float64Array.from(target as ArrayLike<number>);
  if (center) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
    for (let i = 0; i < n; i++) y[i] -= mean;
  }
  const sums = new Float64Array(p);
  const squares = new Float64Array(p);
  const dots = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const x = v[i * p + j];
      sums[j] += x;
      squares[j] += x * x;
      dots[j] += y[i] * x;
    }
  }
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i] * y[i];
  const yNorm = Math.sqrt(yy);
  const out = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const mean = sums[j] / n;
    // as scikit-learn: the centred norm as √(Σx² − n·mean²)
    const norm = center ? Math.sqrt(squares[j] - n * mean ** 2) : Math.sqrt(squares[j]);
    let r = dots[j] / norm / yNorm;
    if (forceFinite && Number.isNaN(r)) r = 0;
    out[j] = r;
  }
  return out;
}

/**
 * Pearson's r between each feature and y (scikit-learn's `r_regression`); with
 * `center: false`, the cosine of the angle between them.
 *
 * @example
 * ```ts
 * rRegression([[1, 3], [2, 1], [3, 2]], [1, 2, 3]); // [≈1, ≈-0.5]
 * ```
 */
export function rRegression(X: MatrixLike, y: Vector, options: RegressionScoreOptions = {}): number[] {
  const owner = 'rRegression';
  const { center, forceFinite } = regressionOptions(owner, options);
  const data = prepare(owner, X, y, false);
  return Array.from(correlations(data.X, data.y, center, forceFinite));
}

/**
 * The F-statistic of a univariate linear regression of y on each feature, and its
 * p-value (scikit-learn's `f_regression`): F = r² / (1 − r²) · (n − 2), with
 * n − 1 degrees of freedom without centring.
 *
 * @example
 * ```ts
 * const { scores, pValues } = fRegression([[1, 3], [2, 1], [3, 2], [4, 4]], [1, 2, 3, 4.5]);
 * ```
 */
export function fRegression(X: MatrixLike, y: Vector, options: RegressionScoreOptions = {}): UnivariateScores {
  const owner = 'fRegression';
  const { center, forceFinite } = regressionOptions(owner, options);
  const data = prepare(owner, X, y, false);
  const r = correlations(data.X, data.y, center, forceFinite);
  const dof = data.X.rows - (center ? 2 : 1);
  const scores = new Array<number>(r.length);
  const pValues = new Array<number>(r.length);
  for (let j = 0; j < r.length; j++) {
    const r2 = r[j] ** 2;
    let f = (r2 / (1 - r2)) * dof;
    let pValue = fSurvival(f, 1, dof);
    if (forceFinite) {
      if (f === Infinity || f === -Infinity) f = LARGEST;
      else if (Number.isNaN(f)) {
        f = 0;
        pValue = 1;
      }
    }
    scores[j] = f;
    pValues[j] = pValue;
  }
  return { scores, pValues };
}

/**
 * The chi-squared statistic of each (non-negative) feature against the classes
 * of y, and its p-value (scikit-learn's `chi2`): observed per-class sums of the
 * feature against those expected from the class frequencies.
 *
 * @throws {ValidationError} when X holds a negative value.
 * @example
 * ```ts
 * const { scores, pValues } = chi2([[3, 0], [4, 1], [0, 3], [1, 4]], ['a', 'a', 'b', 'b']);
 * ```
 */
export function chi2(X: MatrixLike, y: Vector): UnivariateScores {
  const owner = 'chi2';
  const data = prepare(owner, X, y, true);
  const n = data.X.rows;
  const p = data.X.columns;
  const v = data.X.values;
  for (let t = 0; t < v.length; t++) {
    if (v[t] < 0) {
      throw invalidArgument(owner, 'X', 'a matrix of non-negative values', X, { shown: `${v[t]} at row ${Math.floor(t / p)}, column ${t % p}` });
    }
  }
  const { classes, codes } = encodeLabels(data.y);
  // scikit-learn's label binarizer: one column per class, and two for one class (the second empty)
  const k = Math.max(classes.length, 2);
  const observed = new Float64Array(k * p);
  const classCount = new Float64Array(k);
  const featureCount = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    classCount[c] += 1;
    for (let j = 0; j < p; j++) {
      observed[c * p + j] += v[i * p + j];
      featureCount[j] += v[i * p + j];
    }
  }
  const scores = new Array<number>(p);
  const pValues = new Array<number>(p);
  for (let j = 0; j < p; j++) {
    let statistic = 0;
    for (let c = 0; c < k; c++) {
      const expected = (classCount[c] / n) * featureCount[j];
      statistic += (observed[c * p + j] - expected) ** 2 / expected;
    }
    scores[j] = statistic;
    pValues[j] = chi2Survival(statistic, k - 1);
  }
  return { scores, pValues };
}

registerTransferable(fClassif, import.meta.url);
registerTransferable(fRegression, import.meta.url);
registerTransferable(rRegression, import.meta.url);
registerTransferable(chi2, import.meta.url);
