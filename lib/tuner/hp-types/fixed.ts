/** `hp.fixed`: recorded, never searched. */
import { formatValue, invalidParameter } from '../../core/validate.js';
import type { Conditions, HpValue, HyperParameterConfig } from './base.js';
import { HyperParameter } from './base.js';

/**
 * A value that is recorded but never searched (`hp.fixed`).
 * @example
 * ```ts
 * new FixedHyperParameter('activation', 'relu').gridValues(); // ['relu']
 * ```
 */
export class FixedHyperParameter<T extends HpValue = HpValue> extends HyperParameter<T> {
  readonly type = 'fixed' as const;
  readonly value: T;

  constructor(name: string, value: T, conditions?: Conditions) {
    super(name, conditions);
    const ok = (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string' || typeof value === 'boolean';
    if (!ok) throw invalidParameter(`hp.fixed("${name}")`, 'value', 'a finite number, a string or a boolean', value, { kind: 'argument' });
    this.value = value;
  }

  override get tunable(): boolean {
    return false;
  }

  get default(): T {
    return this.value;
  }

  probToValue(): T {
    return this.value;
  }

  valueToProb(): number {
    return 0.5;
  }

  contains(value: unknown): boolean {
    return value === this.value;
  }

  gridValues(): readonly T[] {
    return [this.value];
  }

  toConfig(): HyperParameterConfig {
    return { type: 'fixed', name: this.name, value: this.value, conditions: this.conditions };
  }

  withConditions(conditions: Conditions): FixedHyperParameter<T> {
    return new FixedHyperParameter(this.name, this.value, conditions);
  }

  describe(): string {
    return `Fixed {value: ${formatValue(this.value)}}`;
  }
}
