/**
 * Shared input checks of the metric functions.
 */
import type { Label, Vector } from '../core/data.js';
import { ValidationError } from '../core/errors.js';
import { formatValue, invalidArgument } from '../core/validate.js';

/** Checks that yTrue and yPred are non-empty 1-D arrays of one length. */
export function checkConsistentPair(owner: string, yTrue: Vector, yPred: Vector): void {
  for (const [name, v] of [
    ['yTrue', yTrue],
    ['yPred', yPred],
  ] as const) {
    if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
      throw invalidArgument(owner, name, 'an array of numbers or strings', v);
    }
    if (v.length === 0) throw invalidArgument(owner, name, 'a non-empty array', v, { shown: 'an empty array' });
  }
  if (yTrue.length !== yPred.length) {
    throw new ValidationError(
      `Found input variables with inconsistent numbers of samples: yTrue has ${yTrue.length} entries and yPred has ${yPred.length} (in ${owner}).`,
      { owner, argument: 'yPred', value: yPred.length, expected: `an array of length ${yTrue.length}` },
    );
  }
}

/** Checks that every entry of a numeric vector is a finite number. */
export function checkFiniteNumbers(owner: string, name: string, v: Vector): void {
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw invalidArgument(owner, name, 'an array of finite numbers', v, { shown: `${formatValue(x)} at index ${i}` });
    }
  }
}

/** Checks that labels are all numbers or all strings. */
export function checkLabels(owner: string, name: string, v: Vector): void {
  if (v.length === 0) return;
  const kind = typeof v[0];
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as Label;
    if ((typeof x !== 'number' && typeof x !== 'string') || typeof x !== kind || (typeof x === 'number' && !Number.isFinite(x))) {
      throw invalidArgument(owner, name, `labels of one type (all ${kind}s)`, v, { shown: `${formatValue(x)} at index ${i}` });
    }
  }
}
