/**
 * OneHotEncoder: scikit-learn's `sklearn.preprocessing.OneHotEncoder` for numeric
 * category codes, with a dense output.
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import type { FitOptions } from '../../core/estimator.js';
import { invalidArgument, nullValue, oneOf, satisfies } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseTransformer } from '../base.js';
import { formatNumber } from './column-statistics.js';
import { registerTransferable } from '../../core/transfer.js';

/** Which category of each feature gets no column. */
export type OneHotDrop = null | 'first' | 'if_binary';

/** Parameters of {@link OneHotEncoder}. */
export interface OneHotEncoderParams {
  /**
   * The categories of each feature: `'auto'` takes the sorted distinct values seen
   * in fit; otherwise one sorted array of values per feature. @default 'auto'
   */
  categories: 'auto' | readonly (readonly number[])[];
  /** A category not seen in fit: `'error'` throws, `'ignore'` encodes it as all zeros. @default 'error' */
  handleUnknown: 'error' | 'ignore';
  /**
   * Drop one column per feature: null keeps all, `'first'` drops each feature's
   * first category, `'if_binary'` only that of two-category features. @default null
   */
  drop: OneHotDrop;
}

interface FittedEncoder {
  readonly categories: readonly Float64Array[];
  /** Per feature, the index of the dropped category, or -1. */
  readonly dropIdx: Int32Array;
  /** Per feature, where its block of columns starts in the output. */
  readonly offsets: Int32Array;
  readonly nOutputs: number;
}

function isSortedDistinct(values: unknown): boolean {
  if (!Array.isArray(values) || values.length === 0) return false;
  for (let k = 0; k < values.length; k++) {
    const x: unknown = values[k];
    if (typeof x !== 'number' || !Number.isFinite(x)) return false;
    if (k > 0 && !((values[k - 1] as number) < x)) return false;
  }
  return true;
}

const CATEGORIES = satisfies(
  '"auto" or an array with one sorted array of distinct finite numbers per feature',
  (v) => v === 'auto' || (Array.isArray(v) && v.every(isSortedDistinct)),
);

/** Python's rendering of a list of floats, e.g. `[5.0, 7.5]`. */
function formatList(values: readonly number[]): string {
  return `[${values.map(formatNumber).join(', ')}]`;
}

/** Python's rendering of a list of ints, e.g. `[0, 2]`. */
function formatIndices(values: readonly number[]): string {
  return `[${values.join(', ')}]`;
}

/** The index of `value` in sorted `categories`, or -1. */
function searchSorted(categories: Float64Array, value: number): number {
  let lo = 0;
  let hi = categories.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = categories[mid] as number;
    if (c === value) return mid;
    if (c < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Encodes numeric categorical features as one-hot columns, after scikit-learn's
 * `OneHotEncoder` (dense output). Each feature becomes one 0/1 column per category,
 * in sorted category order, minus the dropped category if any.
 *
 * @example
 * ```ts
 * const encoder = new OneHotEncoder({ handleUnknown: 'ignore' });
 * await encoder.fit([[0, 1], [1, 1], [2, 0]]);
 * (await encoder.transform([[2, 0], [9, 1]])).toArray(); // [[0, 0, 1, 1, 0], [0, 0, 0, 0, 1]]
 * encoder.getFeatureNamesOut(); // ['x0_0.0', 'x0_1.0', 'x0_2.0', 'x1_0.0', 'x1_1.0']
 * ```
 */
export class OneHotEncoder extends BaseTransformer<OneHotEncoderParams> {
  private fitted: FittedEncoder | undefined;

  constructor(params: Partial<OneHotEncoderParams> = {}) {
    super(
      'OneHotEncoder',
      {
        categories: { default: 'auto', constraints: CATEGORIES },
        handleUnknown: { default: 'error', constraints: oneOf(['error', 'ignore']) },
        drop: { default: null, constraints: [nullValue, oneOf(['first', 'if_binary'])] },
      },
      params,
    );
  }

  /** Records the categories of each feature. */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const owner = `${this.owner}.fit`;
    const matrix = validateMatrix(X, { owner });
    const d = matrix.columns;
    const given = this.params.categories;
    if (given !== 'auto' && given.length !== d) {
      throw invalidArgument(owner, 'X', `a matrix with one column per entry of "categories" (${given.length})`, X, {
        shown: `${d} columns`,
        hint: 'Shape mismatch: if categories is an array, it has to be of shape (n_features,).',
      });
    }
    const categories: Float64Array[] = [];
    for (let j = 0; j < d; j++) {
      const seen = Array.from(new Set(matrix.column(j))).sort((a, b) => a - b);
      if (given === 'auto') {
        categories.push(Float64Array.from(seen));
        continue;
      }
      const cats = Float64Array.from(given[j] as readonly number[]);
      if (this.params.handleUnknown === 'error') {
        const unknown = seen.filter((v) => searchSorted(cats, v) < 0);
        if (unknown.length > 0) {
          throw new ValidationError(`Found unknown categories ${formatList(unknown)} in column ${j} during fit`, {
            owner,
            argument: 'X',
            value: unknown,
            expected: `values among the categories of feature ${j}`,
          });
        }
      }
      categories.push(cats);
    }
    const drop = this.params.drop;
    const dropIdx = new Int32Array(d).fill(-1);
    const offsets = new Int32Array(d + 1);
    for (let j = 0; j < d; j++) {
      const n = (categories[j] as Float64Array).length;
      if (drop === 'first' || (drop === 'if_binary' && n === 2)) dropIdx[j] = 0;
      offsets[j + 1] = (offsets[j] as number) + n - ((dropIdx[j] as number) >= 0 ? 1 : 0);
    }
    this.nFeaturesSeen = d;
    this.fitted = { categories, dropIdx, offsets, nOutputs: offsets[d] as number };
    return this;
  }

  /**
   * One-hot encodes X. A value outside a feature's categories throws with
   * `handleUnknown: 'error'`, and is encoded as all zeros with `'ignore'` (with a
   * warning when a category is dropped, as the row then reads as the dropped one).
   */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const state = this.requireFitted(this.fitted, 'transform');
    const owner = `${this.owner}.transform`;
    const matrix = validateMatrix(X, { owner });
    this.checkFeatureCount(matrix, 'transform');
    const d = matrix.columns;
    const out = DenseMatrix.zeros(matrix.rows, state.nOutputs);
    const unknownColumns: number[] = [];
    for (let j = 0; j < d; j++) {
      const cats = state.categories[j] as Float64Array;
      const drop = state.dropIdx[j] as number;
      const offset = state.offsets[j] as number;
      const unknown = new Set<number>();
      for (let i = 0; i < matrix.rows; i++) {
        const v = matrix.get(i, j);
        const k = searchSorted(cats, v);
        if (k < 0) {
          unknown.add(v);
          continue;
        }
        if (k === drop) continue;
        out.set(i, offset + (drop >= 0 && k > drop ? k - 1 : k), 1);
      }
      if (unknown.size > 0) {
        if (this.params.handleUnknown === 'error') {
          const values = Array.from(unknown).sort((a, b) => a - b);
          throw new ValidationError(`Found unknown categories ${formatList(values)} in column ${j} during transform`, {
            owner,
            argument: 'X',
            value: values,
            expected: `values among the categories of feature ${j}`,
          });
        }
        unknownColumns.push(j);
      }
    }
    if (unknownColumns.length > 0 && this.params.drop !== null) {
      warn(
        `Found unknown categories in columns ${formatIndices(unknownColumns)} during transform. These unknown categories will be encoded as all zeros`,
        'UserWarning',
      );
    }
    return out;
  }

  /**
   * Decodes one-hot rows back to category values. An all-zero block decodes to
   * the dropped category when there is one, and to NaN (scikit-learn's `None`)
   * for an unknown category with `handleUnknown: 'ignore'`.
   *
   * @throws {ValidationError} for an all-zero block with no dropped category and
   *   `handleUnknown: 'error'`.
   */
  async inverseTransform(X: MatrixLike): Promise<DenseMatrix> {
    const state = this.requireFitted(this.fitted, 'inverseTransform');
    const owner = `${this.owner}.inverseTransform`;
    const matrix = validateMatrix(X, { owner });
    if (matrix.columns !== state.nOutputs) {
      throw invalidArgument(owner, 'X', `a matrix with ${state.nOutputs} columns (the encoded features)`, X, {
        shown: `${matrix.columns} columns`,
      });
    }
    const d = state.categories.length;
    const out = DenseMatrix.zeros(matrix.rows, d);
    for (let j = 0; j < d; j++) {
      const cats = state.categories[j] as Float64Array;
      const drop = state.dropIdx[j] as number;
      const offset = state.offsets[j] as number;
      const width = (state.offsets[j + 1] as number) - offset;
      const allZero: number[] = [];
      for (let i = 0; i < matrix.rows; i++) {
        let best = -1;
        let bestValue = -Infinity;
        let total = 0;
        for (let c = 0; c < width; c++) {
          const x = matrix.get(i, offset + c);
          total += x;
          if (x > bestValue) {
            bestValue = x;
            best = c;
          }
        }
        if (width === 0 || total === 0) {
          if (drop >= 0) out.set(i, j, cats[drop] as number);
          else if (this.params.handleUnknown === 'ignore') out.set(i, j, NaN);
          else allZero.push(i);
          continue;
        }
        const k = drop >= 0 && best >= drop ? best + 1 : best;
        out.set(i, j, cats[k] as number);
      }
      if (allZero.length > 0) {
        throw new ValidationError(
          `Samples ${formatIndices(allZero)} can not be inverted when drop=null and handleUnknown='error' because they contain all zeros`,
          { owner, argument: 'X', value: allZero, expected: 'one non-zero entry per feature block' },
        );
      }
    }
    return out;
  }

  /** The categories of each feature, in column order. */
  get categories(): Float64Array[] {
    return this.requireFitted(this.fitted, 'categories').categories.map((c) => c.slice());
  }

  /** Per feature, the index of the dropped category in `categories`, or null when none is dropped. */
  get dropIdx(): (number | null)[] | null {
    const state = this.requireFitted(this.fitted, 'dropIdx');
    if (this.params.drop === null) return null;
    return Array.from(state.dropIdx, (k) => (k >= 0 ? k : null));
  }

  /**
   * The output column names, `<feature>_<category>` with the category printed as
   * scikit-learn prints a float (`x0_1.0`, `x1_2.25`); features are named
   * `x0, x1, …` unless `inputFeatures` is given.
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const state = this.requireFitted(this.fitted, 'getFeatureNamesOut');
    const d = state.categories.length;
    if (inputFeatures !== undefined && inputFeatures.length !== d) {
      throw invalidArgument(`${this.owner}.getFeatureNamesOut`, 'inputFeatures', `an array of ${d} names`, inputFeatures);
    }
    const names: string[] = [];
    for (let j = 0; j < d; j++) {
      const prefix = inputFeatures?.[j] ?? `x${j}`;
      const cats = state.categories[j] as Float64Array;
      cats.forEach((c, k) => {
        if (k !== state.dropIdx[j]) names.push(`${prefix}_${formatNumber(c)}`);
      });
    }
    return names;
  }
}

registerTransferable(OneHotEncoder, import.meta.url);
