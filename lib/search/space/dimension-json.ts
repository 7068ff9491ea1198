/**
 * Dimensions as plain data, so a define-by-run trial can keep the distribution
 * each of its parameters was drawn from (Optuna's `FrozenTrial.distributions`)
 * in any storage, and two trials' distributions can be compared.
 */
import { invalidParameter } from '../../core/validate.js';
import type { Dimension, Prior } from './dimensions.js';
import { Categorical, Integer, Real } from './dimensions.js';

/** A dimension as JSON. */
export type DimensionJSON =
  | { readonly kind: 'real'; readonly low: number; readonly high: number; readonly prior: Prior; readonly step: number | null }
  | { readonly kind: 'integer'; readonly low: number; readonly high: number; readonly prior: Prior; readonly step: number }
  | { readonly kind: 'categorical'; readonly categories: readonly unknown[] };

/**
 * The JSON form of a dimension.
 * @example
 * ```ts
 * dimensionToJSON(new Integer(1, 9, { step: 2 })); // { kind: 'integer', low: 1, high: 9, prior: 'uniform', step: 2 }
 * ```
 */
export function dimensionToJSON(d: Dimension): DimensionJSON {
  switch (d.kind) {
    case 'real':
      return { kind: 'real', low: d.low, high: d.high, prior: d.prior, step: d.step ?? null };
    case 'integer':
      return { kind: 'integer', low: d.low, high: d.high, prior: d.prior, step: d.step };
    case 'categorical':
      return { kind: 'categorical', categories: [...d.categories] };
  }
}

/**
 * The dimension of a JSON form.
 * @throws {InvalidParameterError} for anything that is not a {@link DimensionJSON}.
 * @example
 * ```ts
 * dimensionFromJSON({ kind: 'real', low: 0, high: 1, prior: 'uniform', step: null }); // Real(0, 1)
 * ```
 */
export function dimensionFromJSON(json: unknown): Dimension {
  const j = json as Partial<Record<string, unknown>> | null;
  if (typeof j === 'object' && j !== null) {
    if (j.kind === 'real') return new Real(j.low as number, j.high as number, { prior: j.prior as Prior, step: (j.step as number | null) ?? undefined });
    if (j.kind === 'integer') return new Integer(j.low as number, j.high as number, { prior: j.prior as Prior, step: j.step as number });
    if (j.kind === 'categorical' && Array.isArray(j.categories)) return new Categorical(j.categories);
  }
  throw invalidParameter('dimensionFromJSON', 'json', 'a dimension as JSON ({ kind: "real" | "integer" | "categorical", ... })', json, { kind: 'argument' });
}

/**
 * True when two dimensions draw from the same set the same way (the same
 * kind, bounds, prior and step, or the same categories in the same order).
 * @example
 * ```ts
 * sameDimension(new Real(0, 1), new Real(0, 1)); // true
 * sameDimension(new Real(0, 1), new Real(0, 2)); // false
 * ```
 */
export function sameDimension(a: Dimension, b: Dimension): boolean {
  if (a === b) return true;
  return JSON.stringify(dimensionToJSON(a)) === JSON.stringify(dimensionToJSON(b));
}

/**
 * True when a dimension has one value only (Optuna's `single()`): nothing to
 * sample, so samplers leave it out of their relative search spaces.
 * @example
 * ```ts
 * isSingleValued(new Integer(3, 3)); // true
 * ```
 */
export function isSingleValued(d: Dimension): boolean {
  if (d.kind === 'categorical') return d.size === 1;
  if (d.kind === 'integer') return d.size === 1;
  return d.low === d.high;
}
