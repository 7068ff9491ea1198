/** `hp.boolean`. */
import { invalidParameter } from '../../core/validate.js';
import type { Conditions, HyperParameterConfig } from './base.js';
import { HyperParameter } from './base.js';

/**
 * `true` or `false` (`hp.boolean`).
 * @example
 * ```ts
 * new BooleanHyperParameter('dropout').gridValues(); // [false, true]
 * ```
 */
export class BooleanHyperParameter extends HyperParameter<boolean> {
  readonly type = 'boolean' as const;
  private readonly def: boolean;

  constructor(name: string, options: { readonly default?: boolean | undefined } = {}, conditions?: Conditions) {
    super(name, conditions);
    const def = options.default ?? false;
    if (typeof def !== 'boolean') throw invalidParameter(`hp.boolean("${name}")`, 'default', 'a boolean', def, { kind: 'option' });
    this.def = def;
  }

  get default(): boolean {
    return this.def;
  }

  probToValue(p: number): boolean {
    return p >= 0.5;
  }

  valueToProb(value: boolean): number {
    return value ? 0.75 : 0.25;
  }

  contains(value: unknown): boolean {
    return typeof value === 'boolean';
  }

  gridValues(): readonly boolean[] {
    return [false, true];
  }

  toConfig(): HyperParameterConfig {
    return { type: 'boolean', name: this.name, default: this.def, conditions: this.conditions };
  }

  withConditions(conditions: Conditions): BooleanHyperParameter {
    return new BooleanHyperParameter(this.name, { default: this.def }, conditions);
  }

  describe(): string {
    return `Boolean {default: ${this.def}}`;
  }
}
