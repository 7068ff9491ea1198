/** `hp.choice`: one of a list of values. */
import { formatValue, invalidParameter } from '../../core/validate.js';
import type { Conditions, HpValue, HyperParameterConfig } from './base.js';
import { HyperParameter } from './base.js';

/** What `hp.choice` accepts besides the values. */
export interface ChoiceOptions<T extends HpValue = HpValue> {
  /** The value used before any search. @default the first value */
  readonly default?: T | undefined;
  /** Whether the values have an order the model-based oracles may use. @default true for numbers, false otherwise */
  readonly ordered?: boolean | undefined;
}

/**
 * One of a list of values (`hp.choice`): numbers, strings or booleans, all of one type.
 * @example
 * ```ts
 * new ChoiceHyperParameter('optimizer', ['adam', 'sgd', 'rmsprop']).default; // 'adam'
 * ```
 */
export class ChoiceHyperParameter<T extends HpValue = HpValue> extends HyperParameter<T> {
  readonly type = 'choice' as const;
  readonly values: readonly T[];
  readonly ordered: boolean;
  private readonly def: T;

  constructor(name: string, values: readonly T[], options: ChoiceOptions<T> = {}, conditions?: Conditions) {
    super(name, conditions);
    const owner = `hp.choice("${name}")`;
    const kind = Array.isArray(values) && values.length > 0 ? typeof values[0] : undefined;
    const valid =
      Array.isArray(values) &&
      values.length > 0 &&
      (kind === 'number' || kind === 'string' || kind === 'boolean') &&
      values.every((v) => typeof v === kind && (kind !== 'number' || Number.isFinite(v)));
    if (!valid) throw invalidParameter(owner, 'values', 'a non-empty array of numbers, strings or booleans, all of one type', values, { kind: 'argument' });
    if (new Set(values).size !== values.length) throw invalidParameter(owner, 'values', 'an array without repeated values', values, { kind: 'argument' });
    this.values = Object.freeze([...values]);
    const ordered = options.ordered ?? kind === 'number';
    if (ordered && kind !== 'number') throw invalidParameter(owner, 'ordered', 'false for values that are not numbers', ordered, { kind: 'option' });
    this.ordered = ordered;
    const def = options.default ?? (values[0] as T);
    if (!this.values.includes(def)) throw invalidParameter(owner, 'default', `one of its values (${formatValue(this.values)})`, def, { kind: 'option' });
    this.def = def;
  }

  get default(): T {
    return this.def;
  }

  probToValue(p: number): T {
    const q = Math.min(Math.max(p, 0), 1 - 1e-12);
    return this.values[Math.floor(q * this.values.length)] as T;
  }

  valueToProb(value: T): number {
    return (Math.max(0, this.values.indexOf(value)) + 0.5) / this.values.length;
  }

  contains(value: unknown): boolean {
    return this.values.includes(value as T);
  }

  gridValues(): readonly T[] {
    return this.values;
  }

  toConfig(): HyperParameterConfig {
    return { type: 'choice', name: this.name, values: this.values, ordered: this.ordered, default: this.def, conditions: this.conditions };
  }

  withConditions(conditions: Conditions): ChoiceHyperParameter<T> {
    return new ChoiceHyperParameter(this.name, this.values, { default: this.def, ordered: this.ordered }, conditions);
  }

  describe(): string {
    return `Choice {values: ${formatValue(this.values)}, ordered: ${this.ordered}, default: ${formatValue(this.def)}}`;
  }
}
