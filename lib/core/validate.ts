/**
 * The one place where parameter and argument messages are built.
 *
 * Every message has the same shape, after scikit-learn's parameter validation:
 *
 *     The "nSplits" option of KFold must be an int in the range [2, inf). Got 1 instead.
 *
 * Constraints are data ({@link Constraint}); {@link checkParam} tests a value against
 * one or several of them and raises an {@link InvalidParameterError} naming the owner,
 * the parameter, what was expected and what was received.
 */
import { InvalidParameterError, ValidationError } from './errors.js';

/** How a checked name is called in a message. */
export type ParameterKind = 'parameter' | 'option' | 'argument';

const MAX_ITEMS_SHOWN = 8;
const MAX_STRING_SHOWN = 60;

/** A short, readable rendering of any value for an error message. */
export function formatValue(value: unknown, depth = 0): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (value === Infinity) return 'Infinity';
      if (value === -Infinity) return '-Infinity';
      return String(value);
    case 'string': {
      const shown = value.length > MAX_STRING_SHOWN ? `${value.slice(0, MAX_STRING_SHOWN)}…` : value;
      return JSON.stringify(shown);
    }
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      return `a function${value.name ? ` (${value.name})` : ''}`;
    case 'symbol':
      return value.toString();
    default:
      break;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const typed = value as unknown as ArrayLike<number>;
    return `${value.constructor.name}(${typed.length}) ${formatList(Array.from(typed), depth)}`;
  }
  if (Array.isArray(value)) return formatList(value, depth);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto !== Object.prototype) {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name ? `an instance of ${name}` : 'an object';
  }
  if (depth > 1) return '{…}';
  const entries = Object.entries(value as Record<string, unknown>);
  const shown = entries
    .slice(0, MAX_ITEMS_SHOWN)
    .map(([k, v]) => `${k}: ${formatValue(v, depth + 1)}`);
  if (entries.length > MAX_ITEMS_SHOWN) shown.push(`… ${entries.length - MAX_ITEMS_SHOWN} more`);
  return shown.length === 0 ? '{}' : `{ ${shown.join(', ')} }`;
}

function formatList(items: readonly unknown[], depth: number): string {
  if (depth > 1) return `[…${items.length} items]`;
  const shown = items.slice(0, MAX_ITEMS_SHOWN).map((v) => formatValue(v, depth + 1));
  if (items.length > MAX_ITEMS_SHOWN) shown.push(`… ${items.length - MAX_ITEMS_SHOWN} more (${items.length} items)`);
  return `[${shown.join(', ')}]`;
}

/** The standard message: `The "name" option of Owner must be <expected>. Got <value> instead.` */
export function parameterMessage(
  owner: string,
  name: string,
  kind: ParameterKind,
  expected: string,
  value: unknown,
  hint?: string | undefined,
): string {
  const base = `The "${name}" ${kind} of ${owner} must be ${expected}. Got ${formatValue(value)} instead.`;
  return hint ? `${base} ${hint}` : base;
}

/** An {@link InvalidParameterError} with the standard message. */
export function invalidParameter(
  owner: string,
  name: string,
  expected: string,
  value: unknown,
  options: { kind?: ParameterKind | undefined; hint?: string | undefined } = {},
): InvalidParameterError {
  const kind = options.kind ?? 'parameter';
  return new InvalidParameterError(parameterMessage(owner, name, kind, expected, value, options.hint), {
    owner,
    argument: name,
    value,
    expected,
  });
}

/**
 * A {@link ValidationError} about input data. `value` is what is shown after "Got";
 * pass a summary (`'row 3 with 4 columns'`) through `shown` when the value itself
 * is too large to print.
 */
export function invalidArgument(
  owner: string,
  name: string,
  expected: string,
  value: unknown,
  options: { hint?: string | undefined; shown?: string | undefined } = {},
): ValidationError {
  const got = options.shown ?? formatValue(value);
  const base = `The "${name}" argument of ${owner} must be ${expected}. Got ${got} instead.`;
  return new ValidationError(options.hint ? `${base} ${options.hint}` : base, {
    owner,
    argument: name,
    value,
    expected,
  });
}

// ---------------------------------------------------------------------------
// Constraints
// ---------------------------------------------------------------------------

/** A predicate with a description, used to validate a parameter's value. */
export interface Constraint {
  /** Fills the blank in "must be ___" (`an int in the range [1, inf)`). */
  readonly description: string;
  test(value: unknown): boolean;
}

function interval(min: number, max: number, minInclusive: boolean, maxInclusive: boolean): string {
  const lo = min === -Infinity ? '(-inf' : `${minInclusive ? '[' : '('}${min}`;
  const hi = max === Infinity ? 'inf)' : `${max}${maxInclusive ? ']' : ')'}`;
  return `${lo}, ${hi}`;
}

/** Bounds for the numeric constraints; bounds are inclusive unless said otherwise. */
export interface RangeOptions {
  readonly min?: number;
  readonly max?: number;
  /** @default true */
  readonly minInclusive?: boolean;
  /** @default true */
  readonly maxInclusive?: boolean;
}

function inRange(v: number, o: RangeOptions): boolean {
  const min = o.min ?? -Infinity;
  const max = o.max ?? Infinity;
  const lowOk = (o.minInclusive ?? true) ? v >= min : v > min;
  const highOk = (o.maxInclusive ?? true) ? v <= max : v < max;
  return lowOk && highOk;
}

/** An integer (a JS number with no fraction) within the given bounds. */
export function integerIn(o: RangeOptions = {}): Constraint {
  const range = interval(o.min ?? -Infinity, o.max ?? Infinity, o.minInclusive ?? true, o.maxInclusive ?? true);
  return {
    description: o.min === undefined && o.max === undefined ? 'an int' : `an int in the range ${range}`,
    test: (v) => typeof v === 'number' && Number.isInteger(v) && inRange(v, o),
  };
}

/** A finite number (or ±Infinity when a bound allows it) within the given bounds. */
export function realIn(o: RangeOptions = {}): Constraint {
  const range = interval(o.min ?? -Infinity, o.max ?? Infinity, o.minInclusive ?? true, o.maxInclusive ?? true);
  return {
    description: o.min === undefined && o.max === undefined ? 'a finite number' : `a number in the range ${range}`,
    test: (v) =>
      typeof v === 'number' &&
      !Number.isNaN(v) &&
      (Number.isFinite(v) || (o.max === Infinity && v === Infinity)) &&
      inRange(v, o),
  };
}

/** One of the listed literal values (compared with `===`). */
export function oneOf<T extends string | number | boolean | null>(values: readonly T[]): Constraint {
  const shown = values.map((v) => formatValue(v));
  return {
    description: values.length === 1 ? `${shown[0]}` : `one of ${shown.join(', ')}`,
    test: (v) => values.includes(v as T),
  };
}

/** A boolean. */
export const booleanValue: Constraint = { description: 'a boolean', test: (v) => typeof v === 'boolean' };

/** A function. */
export const functionValue: Constraint = { description: 'a function', test: (v) => typeof v === 'function' };

/** Exactly `undefined` (an option left at its default). */
export const undefinedValue: Constraint = { description: 'undefined', test: (v) => v === undefined };

/** Exactly `null`. */
export const nullValue: Constraint = { description: 'null', test: (v) => v === null };

/** Any value (no check). */
export const anyValue: Constraint = { description: 'any value', test: () => true };

/** A constraint with a custom test and description. */
export function satisfies(description: string, test: (value: unknown) => boolean): Constraint {
  return { description, test };
}

/** An array whose every item meets `item`. */
export function arrayOf(item: Constraint, o: { minLength?: number } = {}): Constraint {
  const min = o.minLength ?? 0;
  return {
    description: `an array${min > 0 ? ` of at least ${min} item${min > 1 ? 's' : ''}` : ''} whose every item is ${item.description}`,
    test: (v) => Array.isArray(v) && v.length >= min && v.every((x) => item.test(x)),
  };
}

/**
 * Checks `value` against one or several constraints (any may match) and throws an
 * {@link InvalidParameterError} with the standard message when none does.
 *
 * @returns the value, typed as the caller says it is.
 */
export function checkParam<T>(
  owner: string,
  name: string,
  value: unknown,
  constraints: Constraint | readonly Constraint[],
  options: { kind?: ParameterKind | undefined; hint?: string | undefined } = {},
): T {
  const list = Array.isArray(constraints) ? (constraints as readonly Constraint[]) : [constraints as Constraint];
  if (list.some((c) => c.test(value))) return value as T;
  throw invalidParameter(owner, name, joinDescriptions(list.map((c) => c.description)), value, options);
}

/** Joins constraint descriptions: "a, b or c". */
export function joinDescriptions(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Checks an integer option: shorthand for {@link checkParam} with {@link integerIn}. */
export function checkInteger(
  owner: string,
  name: string,
  value: unknown,
  range: RangeOptions = {},
  kind: ParameterKind = 'option',
): number {
  return checkParam<number>(owner, name, value, integerIn(range), { kind });
}

/** Checks a numeric option: shorthand for {@link checkParam} with {@link realIn}. */
export function checkReal(
  owner: string,
  name: string,
  value: unknown,
  range: RangeOptions = {},
  kind: ParameterKind = 'option',
): number {
  return checkParam<number>(owner, name, value, realIn(range), { kind });
}

/** Checks a boolean option. */
export function checkBoolean(owner: string, name: string, value: unknown, kind: ParameterKind = 'option'): boolean {
  return checkParam<boolean>(owner, name, value, booleanValue, { kind });
}

/** Checks that a value is one of the listed literals. */
export function checkOneOf<T extends string | number | boolean | null>(
  owner: string,
  name: string,
  value: unknown,
  values: readonly T[],
  kind: ParameterKind = 'option',
): T {
  return checkParam<T>(owner, name, value, oneOf(values), { kind });
}

/** Checks a `randomState` option: undefined or an integer in [0, 2^32). */
export function checkRandomState(owner: string, value: unknown): number | undefined {
  return checkParam<number | undefined>(
    owner,
    'randomState',
    value,
    [undefinedValue, integerIn({ min: 0, max: 2 ** 32 - 1 })],
    { kind: 'option' },
  );
}

// ---------------------------------------------------------------------------
// Unknown keys
// ---------------------------------------------------------------------------

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The valid name closest to `name`, when it is close enough to be a likely typo. */
export function closestName(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of valid) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** The message for an unknown parameter or option name. */
export function unknownNameMessage(owner: string, name: string, valid: readonly string[], kind: ParameterKind): string {
  const suggestion = closestName(name, valid);
  const list = valid.length > 0 ? valid.map((v) => `"${v}"`).join(', ') : '(none)';
  return (
    `Unknown ${kind} "${name}" for ${owner}. Valid ${kind}s are: ${list}.` +
    (suggestion ? ` Did you mean "${suggestion}"?` : '')
  );
}

/** Throws an {@link InvalidParameterError} for the first key of `given` not in `valid`. */
export function checkKnownKeys(
  owner: string,
  given: object,
  valid: readonly string[],
  kind: ParameterKind = 'parameter',
): void {
  for (const key of Object.keys(given)) {
    if (!valid.includes(key)) {
      throw new InvalidParameterError(unknownNameMessage(owner, key, valid, kind), {
        owner,
        argument: key,
        value: (given as Record<string, unknown>)[key],
        expected: `one of ${valid.join(', ')}`,
      });
    }
  }
}
