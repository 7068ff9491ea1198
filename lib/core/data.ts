/**
 * Input data: the types users pass in and the internal, validated forms.
 *
 * Data enters once. {@link validateMatrix} turns `number[][]`, arrays of typed
 * arrays or an ml-matrix `Matrix` into a {@link DenseMatrix} (one contiguous,
 * row-major `Float64Array`, which may live in a `SharedArrayBuffer`), checking that
 * it is rectangular, finite and non-empty. Targets are checked by
 * {@link validateTarget}; class labels are encoded by {@link encodeLabels}.
 */
import { AbstractMatrix, Matrix as MlMatrix } from 'ml-matrix';
import { ValidationError } from './errors.js';
import { formatValue, invalidArgument } from './validate.js';

/** A class label: numbers or strings (booleans are not accepted). */
export type Label = number | string;

/** Any typed array of numbers. */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8Array;

/** A one-dimensional array of numbers. */
export type NumericVector = readonly number[] | NumericArray;

/** A one-dimensional array of numbers or strings: targets, labels, groups, predictions. */
export type Vector = NumericVector | readonly string[] | readonly Label[];

/** The feature matrix forms accepted everywhere an `X` is taken. */
export type MatrixLike = readonly (readonly number[])[] | readonly NumericArray[] | AbstractMatrix | DenseMatrix;

/** A target: one value per sample, or one row of outputs per sample (multi-output). */
export type TargetLike = Vector | readonly (readonly number[])[];

/** Options for {@link validateMatrix}. */
export interface ValidateMatrixOptions {
  /** Who checks (for messages), e.g. `Ridge.fit`. */
  readonly owner: string;
  /** The argument's name in messages. @default 'X' */
  readonly argument?: string;
  /** Accept NaN (missing values); Infinity is always rejected. @default false */
  readonly allowNaN?: boolean;
  /** The fewest rows accepted. @default 1 */
  readonly minRows?: number;
  /** The fewest columns accepted. @default 1 */
  readonly minColumns?: number;
}

/**
 * A dense, row-major matrix of float64 values: the internal form of every `X`.
 *
 * Cheap to subset by rows ({@link DenseMatrix.takeRows}) and to share with worker
 * threads ({@link DenseMatrix.toShared}).
 */
export class DenseMatrix {
  /** The values, row after row. */
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
  /** Set once the values are known to hold no NaN/Infinity. */
  private finiteChecked = false;

  constructor(values: Float64Array, rows: number, columns: number) {
    if (values.length !== rows * columns) {
      throw invalidArgument('DenseMatrix', 'values', `of length rows * columns = ${rows * columns}`, values, {
        shown: `length ${values.length}`,
      });
    }
    this.values = values;
    this.rows = rows;
    this.columns = columns;
  }

  /** A rows × columns matrix of zeros. */
  static zeros(rows: number, columns: number): DenseMatrix {
    return new DenseMatrix(new Float64Array(rows * columns), rows, columns);
  }

  /** Builds a matrix from rows without validation (use {@link validateMatrix} for user input). */
  static fromRows(rows: readonly ArrayLike<number>[], columns?: number): DenseMatrix {
    const nCols = columns ?? (rows[0]?.length ?? 0);
    const values = new Float64Array(rows.length * nCols);
    for (let i = 0; i < rows.length; i++) values.set(rows[i] as ArrayLike<number>, i * nCols);
    return new DenseMatrix(values, rows.length, nCols);
  }

  /** Builds a matrix from column vectors. */
  static fromColumns(columns: readonly ArrayLike<number>[]): DenseMatrix {
    const nRows = columns[0]?.length ?? 0;
    const out = DenseMatrix.zeros(nRows, columns.length);
    for (let j = 0; j < columns.length; j++) {
      const col = columns[j] as ArrayLike<number>;
      for (let i = 0; i < nRows; i++) out.values[i * columns.length + j] = col[i] as number;
    }
    return out;
  }

  /** The value at row `i`, column `j`. */
  get(i: number, j: number): number {
    return this.values[i * this.columns + j] as number;
  }

  /** Sets the value at row `i`, column `j`. */
  set(i: number, j: number, value: number): void {
    this.values[i * this.columns + j] = value;
  }

  /** Row `i` as a view (no copy): writing to it writes to the matrix. */
  row(i: number): Float64Array {
    return this.values.subarray(i * this.columns, (i + 1) * this.columns);
  }

  /** Column `j` as a new array. */
  column(j: number): Float64Array {
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.values[i * this.columns + j] as number;
    return out;
  }

  /** A new matrix holding the given rows, in the given order. */
  takeRows(indices: ArrayLike<number>): DenseMatrix {
    const c = this.columns;
    const src = this.values;
    const out = new Float64Array(indices.length * c);
    if (c < 64) {
      // a plain loop beats creating a subarray view per row for narrow matrices
      for (let k = 0, o = 0; k < indices.length; k++) {
        const start = (indices[k] as number) * c;
        for (let j = 0; j < c; j++) out[o++] = src[start + j] as number;
      }
    } else {
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k] as number;
        out.set(src.subarray(i * c, i * c + c), k * c);
      }
    }
    const result = new DenseMatrix(out, indices.length, c);
    result.finiteChecked = this.finiteChecked;
    return result;
  }

  /** A new matrix holding the given columns, in the given order. */
  takeColumns(indices: ArrayLike<number>): DenseMatrix {
    const out = DenseMatrix.zeros(this.rows, indices.length);
    for (let i = 0; i < this.rows; i++) {
      for (let k = 0; k < indices.length; k++) {
        out.values[i * indices.length + k] = this.values[i * this.columns + (indices[k] as number)] as number;
      }
    }
    out.finiteChecked = this.finiteChecked;
    return out;
  }

  /** The rows as plain arrays. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /** A copy as an ml-matrix `Matrix`, for linear algebra. */
  toMlMatrix(): MlMatrix {
    const m = new MlMatrix(this.rows, this.columns);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.columns; j++) m.set(i, j, this.values[i * this.columns + j] as number);
    }
    return m;
  }

  /** A copy of this matrix whose buffer is a `SharedArrayBuffer` (for worker threads). */
  toShared(): DenseMatrix {
    if (this.values.buffer instanceof SharedArrayBuffer) return this;
    const buffer = new SharedArrayBuffer(this.values.byteLength);
    const values = new Float64Array(buffer);
    values.set(this.values);
    const out = new DenseMatrix(values, this.rows, this.columns);
    out.finiteChecked = this.finiteChecked;
    return out;
  }

  /** A deep copy. */
  copy(): DenseMatrix {
    const out = new DenseMatrix(this.values.slice(), this.rows, this.columns);
    out.finiteChecked = this.finiteChecked;
    return out;
  }

  /** Marks the matrix as known to hold only finite values (internal use). */
  markFinite(): this {
    this.finiteChecked = true;
    return this;
  }

  /** True when every value is finite (cached once true). */
  isFinite(): boolean {
    if (this.finiteChecked) return true;
    const v = this.values;
    for (let k = 0; k < v.length; k++) if (!Number.isFinite(v[k] as number)) return false;
    this.finiteChecked = true;
    return true;
  }
}

function isNumericArray(value: unknown): value is NumericArray {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array);
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  return formatValue(value);
}

/** {@link copyRows} copied every value and all are finite. */
const COPIED_FINITE = -1;
/** {@link copyRows} copied every value; some are NaN or ±Infinity. */
const COPIED_NON_FINITE = -2;

/**
 * Copies rows of numbers into `values` (row-major) in one pass, checking as it goes that
 * each row is an array or typed array of `nCols` numbers, and noting whether every
 * value is finite. Returns {@link COPIED_FINITE}, {@link COPIED_NON_FINITE}, or the
 * index of the first row that is not a row of numbers of the right length.
 *
 * Kept small and monomorphic so V8 compiles its loop early: this is the one pass that
 * turns a user's `number[][]` into the internal matrix.
 */
function copyRows(rows: readonly unknown[], nCols: number, values: Float64Array): number {
  let allFinite = true;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const offset = i * nCols;
    if (Array.isArray(row)) {
      if (row.length !== nCols) return i;
      for (let j = 0; j < nCols; j++) {
        const v: unknown = row[j];
        if (typeof v !== 'number') return i;
        // v - v is 0 for finite numbers, NaN for NaN and ±Infinity
        if (v - v !== 0) allFinite = false;
        values[offset + j] = v;
      }
    } else if (isNumericArray(row)) {
      if (row.length !== nCols) return i;
      values.set(row, offset);
      for (let j = 0; j < nCols; j++) {
        const v = values[offset + j] as number;
        if (v - v !== 0) allFinite = false;
      }
    } else {
      return i;
    }
  }
  return allFinite ? COPIED_FINITE : COPIED_NON_FINITE;
}

/** Raises the error that describes what is wrong with row `i` (found by {@link copyRows}). */
function throwRowProblem(owner: string, arg: string, expected: string, X: readonly unknown[], nCols: number, i: number): never {
  const row = X[i];
  if (!Array.isArray(row) && !isNumericArray(row)) {
    throw invalidArgument(owner, arg, expected, X, { shown: `row ${i} = ${formatValue(row)}` });
  }
  const r = row as ArrayLike<unknown>;
  if (r.length !== nCols) {
    throw invalidArgument(owner, arg, 'a rectangular matrix (every row of the same length)', X, {
      shown: `row ${i} with ${r.length} columns where row 0 has ${nCols}`,
    });
  }
  for (let j = 0; j < nCols; j++) {
    const v = r[j];
    if (typeof v !== 'number') {
      throw invalidArgument(owner, arg, 'a matrix of numbers', X, {
        shown: `${formatValue(v)} at row ${i}, column ${j}`,
        hint: typeof v === 'string' ? 'Encode categorical columns first, e.g. with OneHotEncoder.' : undefined,
      });
    }
  }
  throw new Error(`copyRows reported row ${i}, which is a valid row`);
}

/**
 * Validates a feature matrix and returns it as a {@link DenseMatrix}.
 *
 * @throws {ValidationError} when X is not 2-D, is ragged, is empty, holds a
 *   non-number, NaN (unless `allowNaN`) or ±Infinity. The message names the row
 *   and column of the first offending value.
 */
export function validateMatrix(X: unknown, options: ValidateMatrixOptions): DenseMatrix {
  const owner = options.owner;
  const arg = options.argument ?? 'X';
  const allowNaN = options.allowNaN ?? false;
  const minRows = options.minRows ?? 1;
  const minColumns = options.minColumns ?? 1;
  const expected = 'a 2-D matrix of finite numbers (number[][], an array of typed arrays or an ml-matrix Matrix)';

  let matrix: DenseMatrix;
  if (X instanceof DenseMatrix) {
    matrix = X;
  } else if (X instanceof AbstractMatrix) {
    matrix = DenseMatrix.zeros(X.rows, X.columns);
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.columns; j++) matrix.set(i, j, X.get(i, j));
  } else if (Array.isArray(X)) {
    const rows = X as readonly unknown[];
    if (rows.length === 0) {
      throw invalidArgument(owner, arg, `${expected} with at least ${minRows} row${minRows > 1 ? 's' : ''}`, X, {
        shown: 'an empty array',
      });
    }
    const first = rows[0];
    if (!Array.isArray(first) && !isNumericArray(first)) {
      const oneD = typeof first === 'number' || typeof first === 'string';
      throw invalidArgument(owner, arg, expected, X, {
        shown: oneD ? `a 1-D array (${rows.length} ${typeof first}s)` : `an array whose row 0 is ${formatValue(first)}`,
        hint: oneD
          ? 'Pass one row per sample: for a single feature use X.map((v) => [v]); for a single sample use [x].'
          : undefined,
      });
    }
    const nCols = (first as ArrayLike<number>).length;
    const values = new Float64Array(rows.length * nCols);
    const copied = copyRows(rows, nCols, values);
    if (copied !== COPIED_FINITE && copied !== COPIED_NON_FINITE) throwRowProblem(owner, arg, expected, rows, nCols, copied);
    matrix = new DenseMatrix(values, rows.length, nCols);
    if (copied === COPIED_FINITE) matrix.markFinite();
  } else {
    throw invalidArgument(owner, arg, expected, X, { shown: describeKind(X) });
  }

  if (matrix.rows < minRows) {
    throw invalidArgument(owner, arg, `a matrix with at least ${minRows} row${minRows > 1 ? 's' : ''}`, X, {
      shown: `${matrix.rows} row${matrix.rows === 1 ? '' : 's'}`,
    });
  }
  if (matrix.columns < minColumns) {
    throw invalidArgument(owner, arg, `a matrix with at least ${minColumns} column${minColumns > 1 ? 's' : ''}`, X, {
      shown: `${matrix.columns} columns`,
    });
  }
  if (!matrix.isFinite()) {
    const v = matrix.values;
    for (let k = 0; k < v.length; k++) {
      const x = v[k] as number;
      if (Number.isNaN(x) && allowNaN) continue;
      if (!Number.isFinite(x)) {
        const i = Math.floor(k / matrix.columns);
        const j = k % matrix.columns;
        throw invalidArgument(owner, arg, allowNaN ? 'free of Infinity' : 'a matrix of finite numbers', X, {
          shown: `${formatValue(x)} at row ${i}, column ${j}`,
          hint: Number.isNaN(x) ? 'Fill missing values first, e.g. with SimpleImputer.' : undefined,
        });
      }
    }
  }
  return matrix;
}

/** What kind of values a target holds, after scikit-learn's `type_of_target`. */
export type TargetType =
  | 'binary'
  | 'multiclass'
  | 'continuous'
  | 'multiclass-multioutput'
  | 'continuous-multioutput';

/** Options for {@link validateTarget}. */
export interface ValidateTargetOptions {
  readonly owner: string;
  /** @default 'y' */
  readonly argument?: string;
  /** The number of rows it must have (the length of X). */
  readonly nSamples?: number;
  /** Accept a 2-D (multi-output) target. @default false */
  readonly allowMultiOutput?: boolean;
  /** Accept string labels. @default true */
  readonly allowStrings?: boolean;
}

/** True for a 2-D target (`number[][]`). */
export function isMultiOutput(y: TargetLike): y is readonly (readonly number[])[] {
  return Array.isArray(y) && y.length > 0 && (Array.isArray(y[0]) || isNumericArray(y[0]));
}

/**
 * Checks a target: non-empty, one kind of value (all numbers or all strings),
 * numbers finite, and as many entries as X has rows.
 *
 * @returns the target unchanged (validated).
 */
export function validateTarget<T extends TargetLike>(y: T, options: ValidateTargetOptions): T {
  const owner = options.owner;
  const arg = options.argument ?? 'y';
  const expected = 'a non-empty array of numbers or strings (one per sample)';
  if (!Array.isArray(y) && !isNumericArray(y)) {
    throw invalidArgument(owner, arg, expected, y, { shown: describeKind(y) });
  }
  if (y.length === 0) throw invalidArgument(owner, arg, expected, y, { shown: 'an empty array' });
  if (options.nSamples !== undefined && y.length !== options.nSamples) {
    throw new ValidationError(
      `Found input variables with inconsistent numbers of samples: X has ${options.nSamples} rows and ${arg} has ${y.length} entries (in ${owner}).`,
      { owner, argument: arg, value: y, expected: `an array of length ${options.nSamples}` },
    );
  }
  if (isNumericArray(y)) {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isFinite(y[i] as number)) {
        throw invalidArgument(owner, arg, 'finite numbers', y, { shown: `${formatValue(y[i])} at index ${i}` });
      }
    }
    return y;
  }
  const items = y as readonly unknown[];
  if (isMultiOutput(y as TargetLike)) {
    if (!options.allowMultiOutput) {
      throw invalidArgument(owner, arg, 'a 1-D array (one value per sample)', y, {
        shown: `a 2-D array with rows of ${(items[0] as ArrayLike<number>).length}`,
      });
    }
    const width = (items[0] as ArrayLike<number>).length;
    for (let i = 0; i < items.length; i++) {
      const row = items[i] as ArrayLike<unknown>;
      if ((!Array.isArray(row) && !isNumericArray(row)) || row.length !== width) {
        throw invalidArgument(owner, arg, 'a rectangular 2-D array of outputs', y, { shown: `row ${i} = ${formatValue(row)}` });
      }
      for (let j = 0; j < width; j++) {
        const v = row[j];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw invalidArgument(owner, arg, 'finite numbers', y, { shown: `${formatValue(v)} at row ${i}, column ${j}` });
        }
      }
    }
    return y;
  }
  const firstType = typeof items[0];
  if (firstType !== 'number' && firstType !== 'string') {
    throw invalidArgument(owner, arg, expected, y, { shown: `${formatValue(items[0])} at index 0` });
  }
  if (firstType === 'string' && options.allowStrings === false) {
    throw invalidArgument(owner, arg, 'numbers (this estimator is a regressor)', y, { shown: `${formatValue(items[0])} at index 0` });
  }
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== firstType) {
      throw invalidArgument(owner, arg, `labels of one type (all ${firstType}s)`, y, {
        shown: `${formatValue(v)} (a ${typeof v}) at index ${i}`,
      });
    }
    if (firstType === 'number' && !Number.isFinite(v as number)) {
      throw invalidArgument(owner, arg, 'finite numbers', y, { shown: `${formatValue(v)} at index ${i}` });
    }
  }
  return y;
}

/** Checks that a target was given (estimators that need y call it first). */
export function requireTarget<T extends TargetLike>(y: T | undefined, owner: string, argument = 'y'): T {
  if (y === undefined || y === null) {
    throw invalidArgument(owner, argument, 'an array of targets (this estimator is supervised)', y);
  }
  return y;
}

/** The number of samples (rows) of a target. */
export function targetLength(y: TargetLike): number {
  return y.length;
}

/** The entries of `y` at `indices`, in the same container kind (array or typed array). */
export function takeTarget<T extends TargetLike>(y: T, indices: ArrayLike<number>): T {
  if (isNumericArray(y)) {
    const Ctor = y.constructor as new (n: number) => NumericArray;
    const out = new Ctor(indices.length);
    for (let k = 0; k < indices.length; k++) out[k] = y[indices[k] as number] as number;
    return out as unknown as T;
  }
  const src = y as readonly unknown[];
  const out = new Array<unknown>(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = src[indices[k] as number];
  return out as unknown as T;
}

/** Compares labels the way numpy sorts them: numbers numerically, strings by code point. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Labels encoded as integers 0..nClasses-1 in sorted class order. */
export interface EncodedLabels {
  /** The distinct labels, sorted (numpy's `np.unique` order). */
  readonly classes: readonly Label[];
  /** For each sample, the index of its label in `classes`. */
  readonly codes: Int32Array;
}

/** Sorted distinct labels of `y` (numpy's `np.unique`). */
export function uniqueLabels(y: Vector): Label[] {
  const seen = new Set<Label>();
  for (let i = 0; i < y.length; i++) seen.add(y[i] as Label);
  return Array.from(seen).sort(compareLabels);
}

/** Encodes labels as integer codes into the sorted class list. */
export function encodeLabels(y: Vector, classes: readonly Label[] = uniqueLabels(y)): EncodedLabels {
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const code = index.get(y[i] as Label);
    if (code === undefined) {
      throw new ValidationError(`y contains a label not seen in fit: ${formatValue(y[i])}. Known labels: ${formatValue(classes)}.`, {
        owner: 'encodeLabels',
        argument: 'y',
        value: y[i],
        expected: `one of ${formatValue(classes)}`,
      });
    }
    codes[i] = code;
  }
  return { classes, codes };
}

/**
 * Classifies a target like scikit-learn's `type_of_target`: strings or integral
 * numbers with at most two values are 'binary', more are 'multiclass', any
 * fractional number makes it 'continuous'.
 */
export function typeOfTarget(y: TargetLike): TargetType {
  if (isMultiOutput(y)) {
    const rows = y as readonly ArrayLike<number>[];
    for (const row of rows) for (let j = 0; j < row.length; j++) if (!Number.isInteger(row[j])) return 'continuous-multioutput';
    return 'multiclass-multioutput';
  }
  const v = y as Vector;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x === 'number' && !Number.isInteger(x)) return 'continuous';
  }
  return uniqueLabels(v).length <= 2 ? 'binary' : 'multiclass';
}

/** An ml-matrix `Matrix` from any accepted X form, validated. */
export function toMlMatrix(X: MatrixLike, owner: string): MlMatrix {
  return validateMatrix(X, { owner }).toMlMatrix();
}
