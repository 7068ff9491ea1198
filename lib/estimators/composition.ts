/**
 * Parameter plumbing shared by the composite estimators (Pipeline,
 * ColumnTransformer): item-name checks, `getParams` in scikit-learn's layout and
 * `setParams` routing (whole list, items by name, `name__param`). Internal.
 */
import { InvalidParameterError } from '../core/errors.js';
import type { AnyEstimator } from '../core/estimator.js';
import { isEstimator } from '../core/estimator.js';
import { invalidParameter, unknownNameMessage } from '../core/validate.js';

/** A named item of a composite: `[name, estimator, ...]` (a step or a transformer entry). @internal */
export type NamedItem = readonly [string, unknown, ...unknown[]];


/**
 * Checks the names of a composite's items (scikit-learn's `_validate_names`):
 * unique, free of `__`, and different from the composite's own parameter names.
 * @internal
 */
export function validateItemNames(
  owner: string,
  param: string,
  itemKind: string,
  items: readonly NamedItem[],
  ownKeys: readonly string[],
): void {
  const names = items.map((s) => s[0]);
  const duplicates = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  if (duplicates.length > 0) {
    throw invalidParameter(owner, param, `an array of ${itemKind} with unique names`, items, {
      hint: `Names provided are not unique: ${duplicates.map((d) => `"${d}"`).join(', ')}.`,
    });
  }
  const clashing = names.filter((n) => ownKeys.includes(n)).sort();
  if (clashing.length > 0) {
    throw invalidParameter(owner, param, `an array of ${itemKind} whose names differ from the parameters of ${owner}`, items, {
      hint: `Names conflict with parameters of ${owner}: ${clashing.map((d) => `"${d}"`).join(', ')}.`,
    });
  }
  const withSeparator = names.filter((n) => n.includes('__'));
  if (withSeparator.length > 0) {
    throw invalidParameter(owner, param, `an array of ${itemKind} whose names do not contain "__"`, items, {
      hint: `"__" separates a name from a parameter (name__param); rename ${withSeparator.map((d) => `"${d}"`).join(', ')}.`,
    });
  }
}

/**
 * `getParams` of a composite: its own params, then (deep) each item by name and
 * each item's params as `name__param`, in scikit-learn's order.
 * @internal
 */
export function compositeGetParams(own: Record<string, unknown>, items: readonly NamedItem[], deep: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...own };
  if (!deep) return out;
  for (const [name, est] of items) out[name] = est;
  for (const [name, est] of items) {
    if (!isEstimator(est)) continue;
    for (const [key, value] of Object.entries(est.getParams(true) as Record<string, unknown>)) out[`${name}__${key}`] = value;
  }
  return out;
}

/** What {@link compositeSetParams} needs to know. @internal */
export interface CompositeSetParamsContext<L extends readonly NamedItem[]> {
  readonly owner: string;
  /** The parameter holding the items (`steps`, `transformers`). */
  readonly listKey: string;
  readonly ownKeys: readonly string[];
  readonly current: L;
  readonly given: Record<string, unknown>;
  /** Every valid key, for the unknown-key message. */
  validNames(): string[];
  /** Validates a new item list (throws). */
  validate(items: unknown): void;
  /** Validates one own parameter (throws). */
  checkOwn(key: string, value: unknown): void;
}

/**
 * `setParams` of a composite, in scikit-learn's order: the whole list first, then
 * items replaced by name, then `name__param` routed to the items. Everything is
 * validated before any item is changed. Returns the own params to set and the
 * new item list (the current one when unchanged).
 * @internal
 */
export function compositeSetParams<L extends readonly NamedItem[]>(context: CompositeSetParamsContext<L>): { own: Record<string, unknown>; items: L } {
  const { owner, listKey, ownKeys, given } = context;
  let items: L = given[listKey] !== undefined ? (given[listKey] as L) : context.current;
  if (items !== context.current) context.validate(items);
  const names = Array.isArray(items) ? items.map((s) => s[0]) : [];
  const own: Record<string, unknown> = {};
  const replaced = new Map<string, unknown>();
  const nested = new Map<string, Record<string, unknown>>();
  const unknown = (key: string): InvalidParameterError => {
    const valid = context.validNames();
    return new InvalidParameterError(unknownNameMessage(owner, key, valid, 'parameter'), {
      owner,
      argument: key,
      value: given[key],
      expected: `one of ${valid.join(', ')}`,
    });
  };
  for (const [key, value] of Object.entries(given)) {
    if (key === listKey) continue;
    if (ownKeys.includes(key)) {
      context.checkOwn(key, value);
      own[key] = value;
    } else if (!key.includes('__')) {
      if (!names.includes(key)) throw unknown(key);
      replaced.set(key, value);
    } else {
      const head = key.slice(0, key.indexOf('__'));
      if (!names.includes(head)) throw unknown(key);
      const group = nested.get(head) ?? {};
      group[key.slice(head.length + 2)] = value;
      nested.set(head, group);
    }
  }
  if (replaced.size > 0) {
    items = items.map((item) => (replaced.has(item[0]) ? [item[0], replaced.get(item[0]), ...item.slice(2)] : item)) as unknown as L;
    context.validate(items);
  }
  for (const [head, group] of nested) {
    const target = (items.find((item) => item[0] === head) as NamedItem)[1];
    if (!isEstimator(target)) throw unknown(`${head}__${Object.keys(group)[0] as string}`);
  }
  for (const [head, group] of nested) {
    ((items.find((item) => item[0] === head) as NamedItem)[1] as AnyEstimator).setParams(group);
  }
  return { own, items };
}
