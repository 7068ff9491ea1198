/**
 * Shared input checks of the metric functions.
 *
 * Every check throws a {@link ValidationError} built with `core/validate.ts` (bad
 * data) or an {@link InvalidParameterError} (bad option), naming the metric.
 */
import type { Label, NumericArray, NumericVector, Vector } from '../core/data.js';
import { isMultiOutput, uniqueLabels } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import type { Constraint } from '../core/validate.js';
import { checkParam, formatValue, invalidArgument } from '../core/validate.js';

/** Sample weights as accepted by every metric: one finite number per sample. */
export type SampleWeight = NumericVector;

/**
 * Scores or probabilities: one value per sample (binary problems), or one row per
 * sample with one column per class, columns in sorted class order.
 */
export type ScoresLike = NumericVector | readonly (readonly number[])[] | readonly NumericArray[];

function isArrayLike(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Checks an option that may be left out: undefined is returned as is (the caller
 * applies the default), anything else must meet one of the constraints.
 */
export function checkOption<T>(
  owner: string,
  name: string,
  value: unknown,
  constraints: Constraint | readonly Constraint[],
  options: { hint?: string | undefined } = {},
): T | undefined {
  if (value === undefined) return undefined;
  return checkParam<T>(owner, name, value, constraints, { kind: 'option', hint: options.hint });
}

/** The standard "inconsistent numbers of samples" error. */
export function inconsistentLengths(owner: string, first: string, n1: number, second: string, n2: number): ValidationError {
  return new ValidationError(
    `Found input variables with inconsistent numbers of samples: ${first} has ${n1} entries and ${second} has ${n2} (in ${owner}).`,
    { owner, argument: second, value: n2, expected: `an array of length ${n1}` },
  );
}

/** Checks that yTrue and yPred are non-empty arrays of one length. */
export function checkConsistentPair(owner: string, yTrue: unknown, yPred: unknown, predName = 'yPred'): void {
  for (const [name, v] of [
    ['yTrue', yTrue],
    [predName, yPred],
  ] as const) {
    if (!isArrayLike(v)) throw invalidArgument(owner, name, 'an array of numbers or strings', v);
    if (v.length === 0) throw invalidArgument(owner, name, 'a non-empty array', v, { shown: 'an empty array' });
  }
  const a = (yTrue as ArrayLike<unknown>).length;
  const b = (yPred as ArrayLike<unknown>).length;
  if (a !== b) throw inconsistentLengths(owner, 'yTrue', a, predName, b);
}

/** Checks that every entry of a numeric vector is a finite number. */
export function checkFiniteNumbers(owner: string, name: string, v: ArrayLike<unknown>): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw invalidArgument(owner, name, 'an array of finite numbers', v, { shown: `${formatValue(x)} at index ${i}` });
    }
  }
}

/** Checks that labels are all numbers or all strings (numbers finite). */
export function checkLabels(owner: string, name: string, v: ArrayLike<unknown>): void {
  if (v.length === 0) return;
  const kind = typeof v[0];
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if ((typeof x !== 'number' && typeof x !== 'string') || typeof x !== kind || (typeof x === 'number' && !Number.isFinite(x))) {
      const expected = kind === 'number' || kind === 'string' ? `labels of one type (all ${kind}s)` : 'class labels (numbers or strings)';
      throw invalidArgument(owner, name, expected, v, { shown: `${formatValue(x)} at index ${i}` });
    }
  }
}

/**
 * Checks `sampleWeight` (undefined and null mean unweighted): `n` finite numbers.
 *
 * @returns the weights as a Float64Array, or undefined.
 */
export function checkSampleWeight(owner: string, sampleWeight: unknown, n: number): Float64Array | undefined {
  if (sampleWeight === undefined || sampleWeight === null) return undefined;
  if (!isArrayLike(sampleWeight)) {
    throw invalidArgument(owner, 'sampleWeight', 'an array of finite numbers (one per sample)', sampleWeight);
  }
  if (sampleWeight.length !== n) throw inconsistentLengths(owner, 'yTrue', n, 'sampleWeight', sampleWeight.length);
  checkFiniteNumbers(owner, 'sampleWeight', sampleWeight);
  return Float64Array.from(sampleWeight as ArrayLike<number>);
}

/** Throws when weights sum to zero (numpy: "Weights sum to zero, can't be normalized"). */
export function checkWeightSum(owner: string, weights: Float64Array | undefined, total: number): void {
  if (weights !== undefined && total === 0) {
    throw invalidArgument(owner, 'sampleWeight', 'weights that do not sum to zero', weights, {
      hint: "Weights sum to zero, so the weighted average can't be normalized.",
    });
  }
}

// ---------------------------------------------------------------------------
// Regression targets
// ---------------------------------------------------------------------------

/** A target of a regression metric as columns: one Float64Array per output. */
export function toOutputColumns(owner: string, name: string, y: unknown): Float64Array[] {
  if (!isArrayLike(y)) throw invalidArgument(owner, name, 'an array of finite numbers or an array of rows (multi-output)', y);
  if (y.length === 0) throw invalidArgument(owner, name, 'a non-empty array', y, { shown: 'an empty array' });
  if (!isMultiOutput(y as never)) {
    checkFiniteNumbers(owner, name, y);
    return [Float64Array.from(y as ArrayLike<number>)];
  }
  const rows = y as readonly ArrayLike<unknown>[];
  const width = rows[0]!.length;
  if (width === 0) throw invalidArgument(owner, name, 'rows with at least one output', y, { shown: 'row 0 = []' });
  const columns = Array.from({ length: width }, () => new Float64Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!isArrayLike(row) || row.length !== width) {
      throw invalidArgument(owner, name, 'a rectangular 2-D array (every row of the same length)', y, {
        shown: `row ${i} = ${formatValue(row)} where row 0 has ${width} outputs`,
      });
    }
    for (let j = 0; j < width; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw invalidArgument(owner, name, 'an array of finite numbers', y, { shown: `${formatValue(v)} at row ${i}, column ${j}` });
      }
      columns[j]![i] = v;
    }
  }
  return columns;
}

/** yTrue and yPred of a regression metric, validated and as columns. */
export interface RegressionTargets {
  readonly yTrue: Float64Array[];
  readonly yPred: Float64Array[];
  readonly nSamples: number;
  readonly nOutputs: number;
}

/** scikit-learn's `_check_reg_targets`: same length, finite, same number of outputs. */
export function checkRegressionTargets(owner: string, yTrue: unknown, yPred: unknown): RegressionTargets {
  const t = toOutputColumns(owner, 'yTrue', yTrue);
  const p = toOutputColumns(owner, 'yPred', yPred);
  const n = t[0]!.length;
  if (p[0]!.length !== n) throw inconsistentLengths(owner, 'yTrue', n, 'yPred', p[0]!.length);
  if (t.length !== p.length) {
    throw invalidArgument(owner, 'yPred', `an array with as many outputs as yTrue (${t.length})`, yPred, {
      shown: `${p.length} output${p.length === 1 ? '' : 's'}`,
    });
  }
  return { yTrue: t, yPred: p, nSamples: n, nOutputs: t.length };
}

// ---------------------------------------------------------------------------
// Classification targets
// ---------------------------------------------------------------------------

/** What kind of labels a classification target holds. */
export type ClassificationType = 'binary' | 'multiclass';

/** yTrue and yPred of a classification metric, validated. */
export interface ClassificationTargets {
  /** 'binary' when the two together hold at most two labels. */
  readonly type: ClassificationType;
  /** The labels found in yTrue or yPred, sorted. */
  readonly present: Label[];
}

function describeLabels(v: ArrayLike<unknown>): string {
  return typeof v[0] === 'string' ? 'strings' : 'numbers';
}

/** Checks a 1-D vector of class labels (not 2-D, one type, numbers finite). */
export function checkLabelVector(owner: string, name: string, y: unknown): void {
  if (!isArrayLike(y)) throw invalidArgument(owner, name, 'an array of class labels (numbers or strings)', y);
  if (y.length === 0) throw invalidArgument(owner, name, 'a non-empty array', y, { shown: 'an empty array' });
  if (isMultiOutput(y as never)) {
    throw invalidArgument(owner, name, 'a 1-D array of class labels', y, {
      shown: `a 2-D array with rows of ${(y[0] as ArrayLike<unknown>).length}`,
      hint: 'Multilabel and multi-output targets are not supported.',
    });
  }
  checkLabels(owner, name, y);
}

/** The index of the first non-integer number, or -1. */
function firstContinuous(y: ArrayLike<unknown>): number {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v === 'number' && !Number.isInteger(v)) return i;
  }
  return -1;
}

/** Throws unless `a` and `b` hold labels of one type. */
export function checkSameLabelType(owner: string, a: ArrayLike<unknown>, aName: string, b: ArrayLike<unknown>, bName: string): void {
  if (a.length > 0 && b.length > 0 && typeof a[0] !== typeof b[0]) {
    throw new ValidationError(
      `Labels in ${aName} and ${bName} should be of the same type. Got ${aName} holding ${describeLabels(a)} and ${bName} holding ${describeLabels(b)} (in ${owner}). ` +
        `Make sure that the predictions provided by the classifier use the same labels as ${aName}.`,
      { owner, argument: bName, value: b, expected: `labels of the same type as ${aName}` },
    );
  }
}

/**
 * scikit-learn's `_check_targets` for 1-D class labels: same length, one label
 * type, no continuous values; 'binary' when at most two labels occur in the two.
 */
export function checkClassificationTargets(owner: string, yTrue: Vector, yPred: Vector): ClassificationTargets {
  checkConsistentPair(owner, yTrue, yPred);
  checkLabelVector(owner, 'yTrue', yTrue);
  checkLabelVector(owner, 'yPred', yPred);
  checkSameLabelType(owner, yTrue, 'yTrue', yPred, 'yPred');
  const ct = firstContinuous(yTrue);
  const cp = firstContinuous(yPred);
  if (ct >= 0 || cp >= 0) {
    const typeOf = (v: Vector, c: number): string => (c >= 0 ? 'continuous' : uniqueLabels(v).length <= 2 ? 'binary' : 'multiclass');
    const tt = typeOf(yTrue, ct);
    const tp = typeOf(yPred, cp);
    const [name, v, at] = cp >= 0 ? (['yPred', yPred, cp] as const) : (['yTrue', yTrue, ct] as const);
    const head = tt === tp ? `${tt} is not supported` : `Classification metrics can't handle a mix of ${tt} and ${tp} targets`;
    throw new ValidationError(
      `${head} (in ${owner}): ${name} holds non-integer numbers such as ${formatValue(v[at])} at index ${at}. ` +
        'Pass class labels (the output of predict), not probabilities or scores.',
      { owner, argument: name, value: v[at], expected: 'class labels (strings or integers)' },
    );
  }
  const present = uniqueLabels([...(yTrue as readonly Label[]), ...(yPred as readonly Label[])]);
  return { type: present.length <= 2 ? 'binary' : 'multiclass', present };
}

/** Checks a `labels` option: an array of labels of the same type as yTrue. */
export function checkLabelsOption(owner: string, labels: unknown, yTrue: Vector): readonly Label[] {
  if (!Array.isArray(labels)) throw invalidArgument(owner, 'labels', 'an array of class labels or null', labels);
  checkLabels(owner, 'labels', labels);
  checkSameLabelType(owner, yTrue, 'yTrue', labels, 'labels');
  return labels as readonly Label[];
}

/** Renders labels for a message: `[0, 1]`, `["a", "b"]`. */
export function formatLabels(labels: readonly Label[]): string {
  return `[${labels.map((l) => formatValue(l)).join(', ')}]`;
}

// ---------------------------------------------------------------------------
// Scores and probabilities
// ---------------------------------------------------------------------------

/** Scores of a ranking or probabilistic metric: one per sample, or one row per sample. */
export type CheckedScores =
  | { readonly kind: 'vector'; readonly values: Float64Array }
  | { readonly kind: 'matrix'; readonly rows: Float64Array[]; readonly columns: number };

/** Checks `yScore`-like input: finite numbers, 1-D or rectangular 2-D, `n` rows. */
export function checkScores(owner: string, name: string, scores: unknown, n: number): CheckedScores {
  if (!isArrayLike(scores)) throw invalidArgument(owner, name, 'an array of scores or an array of rows of scores', scores);
  if (scores.length !== n) throw inconsistentLengths(owner, 'yTrue', n, name, scores.length);
  if (!isMultiOutput(scores as never)) {
    checkFiniteNumbers(owner, name, scores);
    return { kind: 'vector', values: Float64Array.from(scores as ArrayLike<number>) };
  }
  const rows = (scores as readonly ArrayLike<unknown>[]).map((row, i) => {
    if (!isArrayLike(row) || row.length !== (scores[0] as ArrayLike<unknown>).length) {
      throw invalidArgument(owner, name, 'a rectangular 2-D array (every row of the same length)', scores, {
        shown: `row ${i} = ${formatValue(row)}`,
      });
    }
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw invalidArgument(owner, name, 'an array of finite numbers', scores, { shown: `${formatValue(v)} at row ${i}, column ${j}` });
      }
    }
    return Float64Array.from(row as ArrayLike<number>);
  });
  return { kind: 'matrix', rows, columns: rows[0]!.length };
}
