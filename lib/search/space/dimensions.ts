/**
 * Dimensions of a Bayesian-optimization search space (scikit-optimize's `Real`,
 * `Integer` and `Categorical`) and the {@link Space} that holds them.
 *
 * Every dimension maps its values to and from the unit interval: reals and
 * integers linearly (or in log space with `prior: 'log-uniform'`), a categorical
 * to the centre of its value's bin. A model sees a {@link Space}'s *features*:
 * the unit coordinate of each real or integer, and a one-hot block per
 * categorical (one length scale per block in the GP kernel, so the kernel only
 * knows "same" or "different" category).
 *
 * The distributions of `RandomizedSearchCV` are accepted in a space and mapped to
 * dimensions by {@link toDimension}. The {@link Space} that orders them is in
 * `search-space.ts`.
 */
import { InvalidParameterError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { formatValue, invalidParameter } from '../../core/validate.js';
import type { Distribution } from './distributions.js';
import { isDistribution } from './distributions.js';

/** How values are spread over a numeric dimension. */
export type Prior = 'uniform' | 'log-uniform';

/** Options of {@link Real}. */
export interface RealOptions {
  /** `'log-uniform'` for scale parameters (every order of magnitude alike). @default 'uniform' */
  readonly prior?: Prior | undefined;
  /** The logarithm's base for `'log-uniform'` (kept for scikit-optimize parity; the unit mapping does not depend on it). @default 10 */
  readonly base?: number | undefined;
  /** Round values to `low + k * step` (a quantized real, e.g. from `quniform`). @default undefined */
  readonly step?: number | undefined;
}

/** Options of {@link Integer}. */
export interface IntegerOptions {
  /** `'log-uniform'` needs `low >= 1`. @default 'uniform' */
  readonly prior?: Prior | undefined;
  /** The logarithm's base for `'log-uniform'`. @default 10 */
  readonly base?: number | undefined;
  /**
   * Only every `step`-th integer from `low` (Optuna's `suggest_int(..., step)`);
   * `high` is lowered onto the last value of the grid. Not with `'log-uniform'`.
   * @default 1
   */
  readonly step?: number | undefined;
}

function checkFinite(owner: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidParameter(owner, name, 'a finite number', value, { kind: 'argument' });
  return value;
}

function checkPrior(owner: string, prior: unknown, low: number): Prior {
  const p = prior ?? 'uniform';
  if (p !== 'uniform' && p !== 'log-uniform') throw invalidParameter(owner, 'prior', 'one of "uniform", "log-uniform"', p, { kind: 'option' });
  if (p === 'log-uniform' && !(low > 0)) {
    throw invalidParameter(owner, 'low', 'a number > 0 with prior "log-uniform"', low, { kind: 'argument' });
  }
  return p;
}

function checkBase(owner: string, base: unknown): number {
  const b = base ?? 10;
  if (typeof b !== 'number' || !(b > 0) || b === 1 || !Number.isFinite(b)) throw invalidParameter(owner, 'base', 'a finite number > 0 other than 1', b, { kind: 'option' });
  return b;
}

const clamp01 = (u: number): number => (u < 0 ? 0 : u > 1 ? 1 : u);

/**
 * A real interval [low, high].
 * @example
 * ```ts
 * const space = { alpha: new Real(1e-4, 1e2, { prior: 'log-uniform' }), l1Ratio: new Real(0, 1) };
 * ```
 */
export class Real {
  readonly kind = 'real' as const;
  readonly low: number;
  readonly high: number;
  readonly prior: Prior;
  readonly base: number;
  readonly step: number | undefined;
  private readonly a: number;
  private readonly b: number;

  constructor(low: number, high: number, options: RealOptions = {}) {
    checkFinite('Real', 'low', low);
    checkFinite('Real', 'high', high);
    if (!(high > low)) throw invalidParameter('Real', 'high', `a number > low (${low})`, high, { kind: 'argument' });
    this.low = low;
    this.high = high;
    this.prior = checkPrior('Real', options.prior, low);
    this.base = checkBase('Real', options.base);
    if (options.step !== undefined && !(typeof options.step === 'number' && options.step > 0 && Number.isFinite(options.step))) {
      throw invalidParameter('Real', 'step', 'a finite number > 0', options.step, { kind: 'option' });
    }
    this.step = options.step;
    this.a = this.prior === 'log-uniform' ? Math.log(low) : low;
    this.b = this.prior === 'log-uniform' ? Math.log(high) : high;
  }

  /** The value's coordinate in [0, 1]. */
  toUnit(value: number): number {
    const t = this.prior === 'log-uniform' ? Math.log(value) : value;
    return clamp01((t - this.a) / (this.b - this.a));
  }

  /** The value at a unit coordinate (clamped to [0, 1]; quantized when `step` is set). */
  fromUnit(u: number): number {
    const t = this.a + clamp01(u) * (this.b - this.a);
    let v = this.prior === 'log-uniform' ? Math.exp(t) : t;
    if (this.step !== undefined) v = this.low + Math.round((v - this.low) / this.step) * this.step;
    return v < this.low ? this.low : v > this.high ? this.high : v;
  }

  /** True when `value` is a number in [low, high]. */
  contains(value: unknown): boolean {
    return typeof value === 'number' && value >= this.low && value <= this.high;
  }

  /** One value drawn from the prior. */
  sample(rng: Rng): number {
    return this.fromUnit(rng.random());
  }

  toString(): string {
    return `Real(${this.low}, ${this.high}${this.prior === 'uniform' ? '' : `, prior="${this.prior}"`})`;
  }
}

/**
 * The integers low, low + 1, ..., high (both included).
 * @example
 * ```ts
 * const space = { nNeighbors: new Integer(1, 30), maxDepth: new Integer(1, 512, { prior: 'log-uniform' }) };
 * ```
 */
export class Integer {
  readonly kind = 'integer' as const;
  readonly low: number;
  readonly high: number;
  readonly prior: Prior;
  readonly base: number;
  /** The spacing of the values (1: every integer). */
  readonly step: number;

  constructor(low: number, high: number, options: IntegerOptions = {}) {
    for (const [name, v] of [['low', low], ['high', high]] as const) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalidParameter('Integer', name, 'an int', v, { kind: 'argument' });
    }
    if (!(high >= low)) throw invalidParameter('Integer', 'high', `an int >= low (${low})`, high, { kind: 'argument' });
    const step = options.step ?? 1;
    if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 1) throw invalidParameter('Integer', 'step', 'an int >= 1', step, { kind: 'option' });
    this.low = low;
    this.step = step;
    this.high = low + Math.floor((high - low) / step) * step;
    this.prior = checkPrior('Integer', options.prior, low);
    if (this.prior === 'log-uniform' && step !== 1) throw invalidParameter('Integer', 'step', '1 with prior "log-uniform"', step, { kind: 'option' });
    this.base = checkBase('Integer', options.base);
  }

  /** The number of values. */
  get size(): number {
    return (this.high - this.low) / this.step + 1;
  }

  /** Uniform: the centre of the value's bin; log-uniform: its position in log space. */
  toUnit(value: number): number {
    if (this.prior === 'log-uniform') {
      return this.high === this.low ? 0.5 : clamp01((Math.log(value) - Math.log(this.low)) / (Math.log(this.high) - Math.log(this.low)));
    }
    return clamp01(((value - this.low) / this.step + 0.5) / this.size);
  }

  /** The integer at a unit coordinate (every u maps to a valid value). */
  fromUnit(u: number): number {
    let v: number;
    if (this.prior === 'log-uniform') {
      v = Math.round(Math.exp(Math.log(this.low) + clamp01(u) * (Math.log(this.high) - Math.log(this.low))));
    } else {
      v = this.low + Math.min(this.size - 1, Math.floor(clamp01(u) * this.size)) * this.step;
    }
    return v < this.low ? this.low : v > this.high ? this.high : v;
  }

  /** True when `value` is one of the dimension's integers. */
  contains(value: unknown): boolean {
    return typeof value === 'number' && Number.isInteger(value) && value >= this.low && value <= this.high && (value - this.low) % this.step === 0;
  }

  /** One value drawn from the prior. */
  sample(rng: Rng): number {
    return this.prior === 'uniform' ? this.low + rng.integer(0, this.size) * this.step : this.fromUnit(rng.random());
  }

  toString(): string {
    const extra = `${this.prior === 'uniform' ? '' : `, prior="${this.prior}"`}${this.step === 1 ? '' : `, step=${this.step}`}`;
    return `Integer(${this.low}, ${this.high}${extra})`;
  }
}

/**
 * One of a list of values, with no order between them.
 * @example
 * ```ts
 * const space = { kernel: new Categorical(['linear', 'rbf', 'poly'] as const) };
 * ```
 */
export class Categorical<T = unknown> {
  readonly kind = 'categorical' as const;
  readonly categories: readonly T[];
  private readonly keys: readonly string[];

  constructor(categories: readonly T[]) {
    if (!Array.isArray(categories) || categories.length === 0) {
      throw invalidParameter('Categorical', 'categories', 'a non-empty array', categories, { kind: 'argument' });
    }
    this.categories = Object.freeze([...categories]);
    this.keys = this.categories.map(keyOf);
  }

  /** The number of categories. */
  get size(): number {
    return this.categories.length;
  }

  /** The position of `value` in the categories, or -1. */
  indexOf(value: unknown): number {
    const i = this.categories.indexOf(value as T);
    return i >= 0 ? i : this.keys.indexOf(keyOf(value));
  }

  /** The centre of the value's bin. */
  toUnit(value: unknown): number {
    return (Math.max(0, this.indexOf(value)) + 0.5) / this.size;
  }

  /** The category whose bin holds `u`. */
  fromUnit(u: number): T {
    return this.categories[Math.min(this.size - 1, Math.floor(clamp01(u) * this.size))] as T;
  }

  contains(value: unknown): boolean {
    return this.indexOf(value) >= 0;
  }

  sample(rng: Rng): T {
    return this.categories[rng.integer(0, this.size)] as T;
  }

  toString(): string {
    return `Categorical(${formatValue(this.categories)})`;
  }
}

function keyOf(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return `${typeof value}:${String(value)}`;
  try {
    return `${typeof value}:${JSON.stringify(value)}`;
  } catch {
    return `${typeof value}:${String(value)}`;
  }
}

/** Any dimension. */
export type Dimension = Real | Integer | Categorical<unknown>;

/** What a space accepts for one parameter: a dimension, a list of values, or a randomized-search distribution. */
export type DimensionSpec = Dimension | readonly unknown[] | Distribution;

/** A search space: named dimensions (a record) or positional ones (an array, scikit-optimize's form). */
export type SpaceSpec = Readonly<Record<string, DimensionSpec>> | readonly DimensionSpec[];

/**
 * True for a {@link Real}, {@link Integer} or {@link Categorical}.
 * @example
 * ```ts
 * isDimension(new Real(0, 1)); // true
 * isDimension([1, 2]); // false
 * ```
 */
export function isDimension(value: unknown): value is Dimension {
  return value instanceof Real || value instanceof Integer || value instanceof Categorical;
}

/**
 * How a list of values in a space is read: `'categorical'` (scikit-learn's and
 * Optuna's habit: the values to choose from) or `'skopt'` (scikit-optimize's
 * `check_dimension`: `[low, high]` is a range, see {@link skoptDimension}).
 */
export type ListReading = 'categorical' | 'skopt';

const PRIORS: readonly unknown[] = ['uniform', 'log-uniform'];

/**
 * A list read as scikit-optimize's `check_dimension` reads a tuple or list:
 *
 * - one value, or a list holding a string or a boolean: {@link Categorical};
 * - `[low, high]`: {@link Real}, or {@link Integer} when both bounds are
 *   BigInt literals (`[1n, 8n]`);
 * - `[low, high, prior]` and `[low, high, prior, base]` with `prior` one of
 *   `'uniform'`, `'log-uniform'`: the same, with that prior;
 * - any other list (three or more values): {@link Categorical}.
 *
 * JavaScript has one number type: `(-2.0, 2.0)` and `(1, 5)` in Python are
 * both a pair of numbers here. A pair of numbers is read as a real range (so
 * `[-2.0, 2.0]` keeps its meaning, and `[0, 1]` is the unit interval); an
 * integer range is written with BigInt literals, `[1n, 5n]`, the exact
 * counterpart of Python's ints, or as `new Integer(1, 5)`.
 * @example
 * ```ts
 * skoptDimension([1e-6, 1e-1, 'log-uniform']); // Real(0.000001, 0.1, prior="log-uniform")
 * skoptDimension([-2.0, 2.0]); // Real(-2, 2)
 * skoptDimension([1n, 8n]); // Integer(1, 8)
 * skoptDimension(['rbf', 'linear']); // Categorical(["rbf", "linear"])
 * ```
 */
export function skoptDimension(values: readonly unknown[], owner = 'Space', name = 'dimension'): Dimension {
  if (values.length === 0) throw invalidParameter(owner, name, 'a non-empty list or a dimension', values, { kind: 'parameter' });
  const [low, high, prior, base] = values;
  const numeric = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';
  const ranged = (values.length === 2 || (values.length <= 4 && PRIORS.includes(prior))) && numeric(low) && numeric(high);
  if (values.length === 1 || (values.some((v) => typeof v === 'string' || typeof v === 'boolean') && !ranged)) return new Categorical(values);
  if (!ranged) {
    if (values.length === 2) {
      throw invalidParameter(owner, name, 'a [low, high] range of numbers, a list of values or a dimension', values, { kind: 'parameter' });
    }
    return new Categorical(values);
  }
  const options = { prior: (prior ?? 'uniform') as Prior, base: base as number | undefined };
  if (typeof low === 'bigint' && typeof high === 'bigint') return new Integer(Number(low), Number(high), options);
  return new Real(Number(low), Number(high), options);
}

/**
 * Maps a parameter's spec to a dimension: a dimension as is, a list to a
 * {@link Categorical} (or, with `lists: 'skopt'`, as {@link skoptDimension}
 * reads it), `uniform`/`logUniform` to {@link Real}, `randInt(low, high)` to
 * `Integer(low, high - 1)`, `choice` to {@link Categorical}, `quniform`/
 * `qlogUniform` to a stepped {@link Real}. Unbounded distributions (normal,
 * logNormal) have no box to search and are refused.
 * @example
 * ```ts
 * toDimension(logUniform(1e-3, 1e3)); // Real(0.001, 1000, prior="log-uniform")
 * toDimension([0.1, 1]); // Categorical([0.1, 1])
 * toDimension([0.1, 1], 'gpMinimize', 'x0', 'skopt'); // Real(0.1, 1)
 * toDimension([1n, 8n], 'gpMinimize', 'x0', 'skopt'); // Integer(1, 8)
 * ```
 */
export function toDimension(spec: unknown, owner = 'Space', name = 'dimension', lists: ListReading = 'categorical'): Dimension {
  if (isDimension(spec)) return spec;
  if (Array.isArray(spec)) {
    if (lists === 'skopt') return skoptDimension(spec, owner, name);
    if (spec.length === 0) throw invalidParameter(owner, name, 'a non-empty array of values or a dimension', spec, { kind: 'parameter' });
    return new Categorical(spec);
  }
  if (isDistribution(spec) && typeof (spec as { kind?: unknown }).kind === 'string') {
    const d = spec as Distribution;
    switch (d.kind) {
      case 'uniform':
        return new Real(d.low, d.high);
      case 'logUniform':
        return new Real(d.low, d.high, { prior: 'log-uniform' });
      case 'randInt':
        return new Integer(d.low, d.high - 1);
      case 'choice':
        return new Categorical(d.values);
      case 'quniform':
        return new Real(d.low, d.high, { step: d.q });
      case 'qlogUniform':
        return new Real(d.low, d.high, { prior: 'log-uniform', step: d.q });
      default:
        break;
    }
  }
  const lists_ = lists === 'skopt' ? 'a [low, high(, prior)] range, a list of values' : 'a non-empty array of values';
  throw new InvalidParameterError(
    `The search space of ${owner} must give parameter "${name}" a dimension (Real, Integer, Categorical), ${lists_}, ` +
      `or a bounded distribution (uniform, logUniform, randInt, choice, quniform, qlogUniform). Got ${formatValue(spec)} instead.`,
    { owner, argument: name, value: spec, expected: 'a dimension, an array or a bounded distribution' },
  );
}
