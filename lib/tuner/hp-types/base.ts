/**
 * What every hyperparameter type shares: values, conditions, the serialized
 * form, and the base class with its map between values and probabilities.
 */
import type { Rng } from '../../core/rng.js';

/** A hyperparameter value: what `hp.*` returns and what trials record (JSON-safe). */
export type HpValue = number | string | boolean;

/** How a numeric range is sampled: uniformly, uniformly in log space, or densely near `max`. */
export type Sampling = 'linear' | 'log' | 'reverse_log';

/** One condition of a conditional hyperparameter: active when `name` takes one of `values`. */
export interface Condition {
  readonly name: string;
  readonly values: readonly HpValue[];
}

/**
 * When a hyperparameter is active: any of the alternatives, each a list of
 * conditions that must all hold. `[[]]` is "always".
 */
export type Conditions = readonly (readonly Condition[])[];

/** The serialized form of a hyperparameter (trial files, `oracle.json`). */
export type HyperParameterConfig =
  | { readonly type: 'int' | 'float'; readonly name: string; readonly min: number; readonly max: number; readonly step: number | null; readonly sampling: Sampling; readonly default: number; readonly conditions: Conditions }
  | { readonly type: 'choice'; readonly name: string; readonly values: readonly HpValue[]; readonly ordered: boolean; readonly default: HpValue; readonly conditions: Conditions }
  | { readonly type: 'boolean'; readonly name: string; readonly default: boolean; readonly conditions: Conditions }
  | { readonly type: 'fixed'; readonly name: string; readonly value: HpValue; readonly conditions: Conditions };

/** The type names, as `hp.<type>` calls them. */
export type HyperParameterType = HyperParameterConfig['type'];

const ALWAYS: Conditions = Object.freeze([Object.freeze([])]);

/** True when the conditions hold for the (active) values. */
export function conditionsHold(conditions: Conditions, values: Readonly<Record<string, HpValue>>): boolean {
  return conditions.some((all) => all.every((c) => c.name in values && c.values.includes(values[c.name] as HpValue)));
}

function conditionKey(list: readonly Condition[]): string {
  return JSON.stringify(list.map((c) => [c.name, c.values]));
}

/** The alternatives of `a` and `b` together ("always" absorbs the rest). */
export function mergeConditions(a: Conditions, b: Conditions): Conditions {
  if (a.some((l) => l.length === 0) || b.some((l) => l.length === 0)) return ALWAYS;
  const keys = new Set(a.map(conditionKey));
  const extra = b.filter((l) => !keys.has(conditionKey(l)));
  return extra.length === 0 ? a : Object.freeze([...a, ...extra]);
}

/**
 * The base of every hyperparameter type.
 * @example
 * ```ts
 * const lr: HyperParameter = new FloatHyperParameter('lr', { min: 1e-4, max: 1e-2, sampling: 'log' });
 * lr.probToValue(0.5); // 0.001
 * lr.isActive({}); // true: no condition
 * ```
 */
export abstract class HyperParameter<T extends HpValue = HpValue> {
  abstract readonly type: HyperParameterType;
  readonly name: string;
  readonly conditions: Conditions;

  protected constructor(name: string, conditions: Conditions | undefined) {
    this.name = name;
    this.conditions = conditions ?? ALWAYS;
  }

  /** The value used when none is proposed (and by `GridSearch` for new entries). */
  abstract get default(): T;
  /** The value at cumulative probability `p` in [0, 1). */
  abstract probToValue(p: number): T;
  /** The centre of the value's probability bin (the inverse of {@link probToValue}). */
  abstract valueToProb(value: T): number;
  /** True when `value` is one this hyperparameter can take. */
  abstract contains(value: unknown): boolean;
  /** Every value, in order, or `undefined` for a continuous range (no step). */
  abstract gridValues(): readonly T[] | undefined;
  abstract toConfig(): HyperParameterConfig;
  /** A copy with other conditions. */
  abstract withConditions(conditions: Conditions): HyperParameter<T>;
  /** A one-line description for `searchSpaceSummary()`. */
  abstract describe(): string;

  /** False for {@link FixedHyperParameter}: nothing to search. */
  get tunable(): boolean {
    return true;
  }

  /** True when the conditions hold for the active values. */
  isActive(values: Readonly<Record<string, HpValue>>): boolean {
    return conditionsHold(this.conditions, values);
  }

  /** One value drawn at random. */
  random(rng: Rng): T {
    return this.probToValue(rng.random());
  }
}
