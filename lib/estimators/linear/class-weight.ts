/**
 * Class weights: scikit-learn's `compute_class_weight`, for classifiers that take a
 * `classWeight` option.
 */
import type { Label } from '../../core/data.js';
import { ValidationError } from '../../core/errors.js';
import { satisfies } from '../../core/validate.js';

/**
 * Per-class sample weights: `null` (all 1), `'balanced'` (`n / (nClasses ·
 * count(class))`, so that every class weighs the same in total) or an object from
 * label (as a string key: `{ '0': 1, '1': 5 }`) to weight, classes left out
 * weighing 1.
 */
export type ClassWeight = 'balanced' | Readonly<Record<string, number>> | null;

/** True for a plain object whose values are finite, non-negative numbers. */
export function isClassWeightObject(value: unknown): value is Readonly<Record<string, number>> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0);
}

/** The constraint for a class-weight object (with `null` and `oneOf(['balanced'])` beside it). */
export const classWeightObject = satisfies('an object mapping class labels to non-negative weights', isClassWeightObject);

/** Python's `repr` of a label, as scikit-learn's messages print it. */
export function pythonRepr(label: Label): string {
  return typeof label === 'string' ? `'${label.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : String(label);
}

/**
 * The weight of each class (in `classes` order) for samples coded `codes`
 * (indices into `classes`).
 *
 * @throws {ValidationError} when an object leaves out some classes and names
 *   labels that are not classes (scikit-learn's check).
 */
export function computeClassWeight(classWeight: ClassWeight, classes: readonly Label[], codes: Int32Array, owner: string): Float64Array {
  const k = classes.length;
  const weights = new Float64Array(k).fill(1);
  if (classWeight === null) return weights;
  if (classWeight === 'balanced') {
    const counts = new Float64Array(k);
    for (let i = 0; i < codes.length; i++) counts[codes[i]] += 1;
    for (let c = 0; c < k; c++) weights[c] = codes.length / (k * counts[c]);
    return weights;
  }
  const unweighted: Label[] = [];
  classes.forEach((label, c) => {
    const key = String(label);
    if (Object.prototype.hasOwnProperty.call(classWeight, key)) weights[c] = classWeight[key] as number;
    else unweighted.push(label);
  });
  if (unweighted.length > 0 && k - unweighted.length !== Object.keys(classWeight).length) {
    throw new ValidationError(`The classes, [${unweighted.map(pythonRepr).join(', ')}], are not in class_weight`, {
      owner,
      argument: 'classWeight',
      value: classWeight,
      expected: `weights for the classes ${classes.map(pythonRepr).join(', ')}`,
    });
  }
  return weights;
}
