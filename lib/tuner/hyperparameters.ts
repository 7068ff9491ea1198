/**
 * `HyperParameters`: the define-by-run search space and the values of one trial
 * (Keras Tuner's `HyperParameters`).
 *
 * A build function asks `hp` for values as it builds the model: `hp.int(...)`
 * registers the hyperparameter the first time and returns the trial's value (its
 * default outside a search). Conditional scopes make a hyperparameter exist only
 * when a parent takes some values; such a hyperparameter is *inactive* otherwise:
 * absent from `hp.values`, from the trial's record and from what the oracle sees.
 */
import { InvalidParameterError } from '../core/errors.js';
import { closestName, formatValue, invalidParameter } from '../core/validate.js';
import type {
  AnyHyperParameter,
  ChoiceOptions,
  Condition,
  Conditions,
  HpValue,
  HyperParameterConfig,
  NumericOptions,
} from './hp-types.js';
import {
  BooleanHyperParameter,
  ChoiceHyperParameter,
  FixedHyperParameter,
  FloatHyperParameter,
  IntHyperParameter,
  hyperParameterFromConfig,
  mergeConditions,
} from './hp-types.js';

/** The prefix of the values a tuner sets on a trial (`tuner/epochs`, `tuner/initial_epoch`, `tuner/trial_id`...). */
export const RESERVED_PREFIX = 'tuner/';

/** The `parentName`/`parentValues` options: the hyperparameter is active only when the parent takes one of the values. */
export interface ParentOptions {
  /** The name of a hyperparameter defined before this one. */
  readonly parentName: string;
  /** The parent's values for which this hyperparameter is active. */
  readonly parentValues: HpValue | readonly HpValue[];
}

/** Decides the value of a hyperparameter met for the first time during a trial (define-by-run growth). */
export type NewEntryHook = (hp: AnyHyperParameter) => HpValue;

/** The serialized space and values (trial files, `oracle.json`). */
export interface HyperParametersConfig {
  readonly space: readonly HyperParameterConfig[];
  readonly values: Readonly<Record<string, HpValue>>;
}

const OWNER = 'HyperParameters';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function describeConditions(conditions: Conditions): string {
  if (conditions.some((l) => l.length === 0)) return '';
  return conditions.map((l) => l.map((c) => `${c.name} in ${formatValue(c.values)}`).join(' and ')).join(' or ');
}

/**
 * The search space and the current values.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 *
 * function buildModel(hp: HyperParameters): tf.LayersModel {
 *   const model = tf.sequential();
 *   model.add(tf.layers.inputLayer({ inputShape: [64] }));
 *   const layers = hp.int('num_layers', { min: 1, max: 3 });
 *   for (let i = 0; i < 3; i++) {
 *     hp.conditionalScope('num_layers', [1, 2, 3].filter((n) => n > i), () => {
 *       model.add(tf.layers.dense({ units: hp.int(`units_${i}`, { min: 32, max: 512, step: 32 }), activation: 'relu' }));
 *     });
 *   }
 *   model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
 *   model.compile({ optimizer: tf.train.adam(hp.float('lr', { min: 1e-4, max: 1e-2, sampling: 'log' })), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 *   return model;
 * }
 * ```
 */
export class HyperParameters {
  private readonly defs = new Map<string, AnyHyperParameter>();
  private readonly current = new Map<string, HpValue>();
  private readonly reserved = new Map<string, HpValue>();
  private readonly scope: Condition[] = [];
  private readonly inactive: (readonly Condition[])[] = [];
  private newEntry: NewEntryHook | undefined;
  private allowNew = true;

  /** Registers an integer range and returns its value. */
  int(name: string, options: NumericOptions): number;
  int(name: string, options: NumericOptions & ParentOptions): number | undefined;
  int(name: string, options: NumericOptions & Partial<ParentOptions>): number | undefined {
    return this.define('int', name, options, (conditions) => new IntHyperParameter(name, options, conditions));
  }

  /** Registers a real range and returns its value. */
  float(name: string, options: NumericOptions): number;
  float(name: string, options: NumericOptions & ParentOptions): number | undefined;
  float(name: string, options: NumericOptions & Partial<ParentOptions>): number | undefined {
    return this.define('float', name, options, (conditions) => new FloatHyperParameter(name, options, conditions));
  }

  /** Registers a choice among values and returns the chosen one. */
  choice<const T extends HpValue>(name: string, values: readonly T[], options?: ChoiceOptions<T>): T;
  choice<const T extends HpValue>(name: string, values: readonly T[], options: ChoiceOptions<T> & ParentOptions): T | undefined;
  choice<const T extends HpValue>(name: string, values: readonly T[], options: ChoiceOptions<T> & Partial<ParentOptions> = {}): T | undefined {
    return this.define('choice', name, options, (conditions) => new ChoiceHyperParameter<T>(name, values, options, conditions) as never) as T | undefined;
  }

  /** Registers a boolean and returns its value. */
  boolean(name: string, options?: { readonly default?: boolean | undefined }): boolean;
  boolean(name: string, options: { readonly default?: boolean | undefined } & ParentOptions): boolean | undefined;
  boolean(name: string, options: { readonly default?: boolean | undefined } & Partial<ParentOptions> = {}): boolean | undefined {
    return this.define('boolean', name, options, (conditions) => new BooleanHyperParameter(name, options, conditions)) as boolean | undefined;
  }

  /** Registers a value that is recorded but not searched, and returns it. */
  fixed<const T extends HpValue>(name: string, value: T): T;
  fixed<const T extends HpValue>(name: string, value: T, options: ParentOptions): T | undefined;
  fixed<const T extends HpValue>(name: string, value: T, options: Partial<ParentOptions> = {}): T | undefined {
    return this.define('fixed', name, options, (conditions) => new FixedHyperParameter<T>(name, value, conditions) as never) as T | undefined;
  }

  /**
   * Runs `fn` with every hyperparameter it registers conditional on `parentName`
   * taking one of `parentValues`. When the condition does not hold, `fn` is not
   * run and `undefined` is returned. Scopes nest; `fn` may be async.
   *
   * @throws {InvalidParameterError} when `parentName` is not defined yet.
   */
  conditionalScope<T>(parentName: string, parentValues: HpValue | readonly HpValue[], fn: () => T): T | undefined {
    const condition = this.checkCondition(`${OWNER}.conditionalScope`, parentName, parentValues);
    if (typeof fn !== 'function') throw invalidParameter(`${OWNER}.conditionalScope`, 'fn', 'a function', fn, { kind: 'argument' });
    if (!this.holds(condition)) {
      this.inactive.push([...this.scope, condition]);
      return undefined;
    }
    this.scope.push(condition);
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.scope.pop();
      throw error;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).finally(() => this.scope.pop()) as T;
    }
    this.scope.pop();
    return result;
  }

  /**
   * The value of an active hyperparameter or of a tuner value (`tuner/epochs`).
   * @throws {InvalidParameterError} when it is unknown or inactive.
   */
  get(name: string): HpValue {
    const reserved = this.reserved.get(name);
    if (reserved !== undefined) return reserved;
    const value = this.current.get(name);
    if (value !== undefined) return value;
    const def = this.defs.get(name);
    if (def !== undefined) {
      throw new InvalidParameterError(`The hyperparameter "${name}" is inactive for these values: it exists only when ${describeConditions(def.conditions)}.`, {
        owner: OWNER, argument: name, value: undefined, expected: 'an active hyperparameter',
      });
    }
    const known = [...this.current.keys(), ...this.reserved.keys()];
    const guess = closestName(name, known);
    throw new InvalidParameterError(
      `There is no hyperparameter named "${name}". Known: ${known.length === 0 ? '(none)' : known.map((k) => `"${k}"`).join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
      { owner: OWNER, argument: name, value: undefined, expected: `one of ${known.join(', ')}` },
    );
  }

  /** True when `name` is a known hyperparameter active for the current values (or a tuner value). */
  isActive(name: string): boolean {
    return this.current.has(name) || this.reserved.has(name);
  }

  /** The active values (conditional hyperparameters whose condition fails are absent), then the tuner's values. */
  get values(): Readonly<Record<string, HpValue>> {
    return Object.freeze(Object.fromEntries([...this.current, ...this.reserved]));
  }

  /** The hyperparameters defined so far, in definition order (parents before children). */
  get space(): readonly AnyHyperParameter[] {
    return [...this.defs.values()];
  }

  /** The hyperparameter called `name`, if defined. */
  getHyperParameter(name: string): AnyHyperParameter | undefined {
    return this.defs.get(name);
  }

  /** The number of hyperparameters defined. */
  get size(): number {
    return this.defs.size;
  }

  /** The search space, one line per hyperparameter. */
  searchSpaceSummary(): string {
    const lines = ['Search space summary', `Default search space size: ${this.defs.size}`];
    for (const def of this.defs.values()) {
      const when = describeConditions(def.conditions);
      lines.push(`${def.name}: ${def.describe()}${when ? ` when ${when}` : ''}`);
    }
    return lines.join('\n');
  }

  /** A copy: the same space and values, no open scopes. */
  copy(): HyperParameters {
    const out = new HyperParameters();
    for (const [k, v] of this.defs) out.defs.set(k, v);
    for (const [k, v] of this.current) out.current.set(k, v);
    for (const [k, v] of this.reserved) out.reserved.set(k, v);
    out.allowNew = this.allowNew;
    return out;
  }

  /**
   * Adds the hyperparameters of `other` that this space lacks (and the new
   * conditions of shared ones). Returns the names added.
   * @throws {InvalidParameterError} when a name has another type in `other`.
   */
  merge(other: HyperParameters | readonly AnyHyperParameter[]): string[] {
    const added: string[] = [];
    for (const def of other instanceof HyperParameters ? other.space : other) {
      const mine = this.defs.get(def.name);
      if (mine === undefined) {
        this.defs.set(def.name, def);
        added.push(def.name);
      } else {
        if (mine.type !== def.type) throw reusedName(def.name, def.type, mine.type);
        const merged = mergeConditions(mine.conditions, def.conditions);
        if (merged !== mine.conditions) this.defs.set(def.name, mine.withConditions(merged) as AnyHyperParameter);
      }
    }
    return added;
  }

  /** The space and values as JSON-safe data. */
  getConfig(): HyperParametersConfig {
    return { space: this.space.map((d) => d.toConfig()), values: this.values };
  }

  /** Rebuilds a `HyperParameters` from {@link getConfig}'s output. */
  static fromConfig(config: HyperParametersConfig): HyperParameters {
    const hp = new HyperParameters();
    for (const c of config.space) hp.defs.set(c.name, hyperParameterFromConfig(c));
    for (const [k, v] of Object.entries(config.values)) {
      if (k.startsWith(RESERVED_PREFIX)) hp.reserved.set(k, v);
      else hp.current.set(k, v);
    }
    return hp;
  }

  // --- used by oracles and tuners -------------------------------------------------

  /**
   * A trial's hyperparameters: this space with `values` (active ones) and the
   * tuner's reserved values; `onNewEntry` decides the value of a hyperparameter
   * first met during the trial.
   * @internal
   */
  forTrial(values: Readonly<Record<string, unknown>>, reserved: Readonly<Record<string, HpValue>>, onNewEntry?: NewEntryHook, allowNewEntries = true): HyperParameters {
    const hp = this.copy();
    hp.current.clear();
    for (const [k, v] of Object.entries(values)) if (!k.startsWith(RESERVED_PREFIX)) hp.current.set(k, v as HpValue);
    for (const [k, v] of Object.entries(reserved)) hp.reserved.set(k, v);
    hp.newEntry = onNewEntry;
    hp.allowNew = allowNewEntries;
    return hp;
  }

  /** The values of the defined hyperparameters only (no tuner values). @internal */
  get activeValues(): Readonly<Record<string, HpValue>> {
    return Object.freeze(Object.fromEntries(this.current));
  }

  /** The condition stacks of the scopes that were skipped because their condition failed. @internal */
  get inactiveScopes(): readonly (readonly Condition[])[] {
    return this.inactive;
  }

  /** Sets a value directly (space discovery). @internal */
  setValue(name: string, value: HpValue): void {
    this.current.set(name, value);
  }

  // --- internals ---------------------------------------------------------------------

  private checkName(name: unknown, type: string): string {
    if (typeof name !== 'string' || name.length === 0 || name.startsWith(RESERVED_PREFIX)) {
      throw invalidParameter(`hp.${type}`, 'name', `a non-empty string not starting with "${RESERVED_PREFIX}" (kept for the tuner's values)`, name, { kind: 'argument' });
    }
    return name;
  }

  private checkCondition(owner: string, parentName: unknown, parentValues: unknown): Condition {
    if (typeof parentName !== 'string' || !this.defs.has(parentName)) {
      const known = [...this.defs.keys()];
      const guess = typeof parentName === 'string' ? closestName(parentName, known) : undefined;
      throw invalidParameter(owner, 'parentName', `the name of a hyperparameter defined before it (${known.length === 0 ? 'none is defined yet' : known.map((k) => `"${k}"`).join(', ')})`, parentName, {
        kind: 'argument',
        hint: guess ? `Did you mean "${guess}"?` : undefined,
      });
    }
    const values = Array.isArray(parentValues) ? parentValues : [parentValues];
    if (values.length === 0 || !values.every((v) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) {
      throw invalidParameter(owner, 'parentValues', 'a value or a non-empty array of numbers, strings or booleans', parentValues, { kind: 'argument' });
    }
    return Object.freeze({ name: parentName, values: Object.freeze([...values] as HpValue[]) });
  }

  private holds(condition: Condition): boolean {
    const v = this.current.get(condition.name);
    return v !== undefined && condition.values.includes(v);
  }

  private define<T extends HpValue>(type: string, name: string, options: Partial<ParentOptions>, make: (conditions: Conditions) => AnyHyperParameter): T | undefined {
    this.checkName(name, type);
    const hasParent = options !== null && typeof options === 'object' && options.parentName !== undefined;
    const stack = hasParent ? [...this.scope, this.checkCondition(`hp.${type}("${name}")`, options.parentName, options.parentValues)] : [...this.scope];
    const candidate = make(Object.freeze([Object.freeze(stack)]));
    const active = stack.every((c) => this.holds(c));
    let def = this.defs.get(candidate.name);
    if (def === undefined) {
      if (!this.allowNew) {
        throw new InvalidParameterError(
          `The hyperparameter "${candidate.name}" is not in the search space, and the tuner was created with allowNewEntries: false. Add it to the "hyperparameters" option, or set allowNewEntries: true.`,
          { owner: OWNER, argument: candidate.name, value: undefined, expected: 'a hyperparameter of the search space' },
        );
      }
      def = candidate;
      this.defs.set(def.name, def);
    } else {
      if (def.type !== candidate.type) throw reusedName(candidate.name, candidate.type, def.type);
      const merged = mergeConditions(def.conditions, candidate.conditions);
      if (merged !== def.conditions) {
        def = def.withConditions(merged) as AnyHyperParameter;
        this.defs.set(def.name, def);
      }
    }
    if (!active) {
      if (hasParent) this.inactive.push(stack);
      return undefined;
    }
    if (def.type === 'fixed') {
      this.current.set(def.name, def.value);
      return def.value as T;
    }
    const proposed = this.current.get(def.name);
    if (proposed !== undefined && def.contains(proposed)) return proposed as T;
    const value = this.newEntry?.(def) ?? def.default;
    this.current.set(def.name, value);
    return value as T;
  }
}

function reusedName(name: string, type: string, existing: string): InvalidParameterError {
  return invalidParameter(`hp.${type}`, 'name', `a name not used by another type of hyperparameter`, name, {
    kind: 'argument',
    hint: `"${name}" is already ${existing === 'int' ? 'an' : 'a'} ${existing} hyperparameter (hp.${existing}): choose another name, or ask for it with hp.${existing}.`,
  });
}
