/**
 * Distributions to sample parameter values from, for randomized search.
 *
 * Each factory validates its arguments and returns a frozen object with a `kind`
 * (a discriminated union) and `sample(rng)`. Any object with a `sample(rng)` method
 * is accepted as a distribution too (scipy's "has `rvs`" rule).
 */
import type { Rng } from '../../core/rng.js';
import { formatValue, invalidParameter } from '../../core/validate.js';

/** What every distribution offers. */
export interface DistributionLike<T> {
  /** Draws one value. */
  sample(rng: Rng): T;
}

interface Base<K extends string, T> extends DistributionLike<T> {
  readonly kind: K;
  /** A short description, e.g. `logUniform(0.001, 1000)`. */
  toString(): string;
}

/** Uniform on [low, high). */
export interface UniformDistribution extends Base<'uniform', number> {
  readonly low: number;
  readonly high: number;
}
/** exp(uniform(log low, log high)): every order of magnitude equally likely (scipy's `loguniform`). */
export interface LogUniformDistribution extends Base<'logUniform', number> {
  readonly low: number;
  readonly high: number;
}
/** Integers in [low, high), high exclusive like scipy's `randint`. */
export interface RandIntDistribution extends Base<'randInt', number> {
  readonly low: number;
  readonly high: number;
}
/** Normal with the given mean and standard deviation. */
export interface NormalDistribution extends Base<'normal', number> {
  readonly mean: number;
  readonly std: number;
}
/** exp(normal(mean, std)): `mean` and `std` are those of the logarithm. */
export interface LogNormalDistribution extends Base<'logNormal', number> {
  readonly mean: number;
  readonly std: number;
}
/** round(uniform(low, high) / q) * q (hyperopt's `quniform`). */
export interface QUniformDistribution extends Base<'quniform', number> {
  readonly low: number;
  readonly high: number;
  readonly q: number;
}
/** round(logUniform(low, high) / q) * q (hyperopt's `qloguniform`). */
export interface QLogUniformDistribution extends Base<'qlogUniform', number> {
  readonly low: number;
  readonly high: number;
  readonly q: number;
}
/** One of the listed values, uniformly. */
export interface ChoiceDistribution<T> extends Base<'choice', T> {
  readonly values: readonly T[];
}

/** The numeric distributions. */
export type NumericDistribution =
  | UniformDistribution
  | LogUniformDistribution
  | RandIntDistribution
  | NormalDistribution
  | LogNormalDistribution
  | QUniformDistribution
  | QLogUniformDistribution;

/** Every built-in distribution. */
export type Distribution = NumericDistribution | ChoiceDistribution<unknown>;

function finite(owner: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidParameter(owner, name, 'a finite number', value, { kind: 'argument' });
  }
}

function ordered(owner: string, low: number, high: number): void {
  finite(owner, 'low', low);
  finite(owner, 'high', high);
  if (!(high > low)) throw invalidParameter(owner, 'high', `a number > low (${low})`, high, { kind: 'argument' });
}

function positive(owner: string, name: string, value: number): void {
  finite(owner, name, value);
  if (!(value > 0)) throw invalidParameter(owner, name, 'a number > 0', value, { kind: 'argument' });
}

function roundTo(value: number, q: number): number {
  const r = Math.round(value / q) * q;
  // keep the decimal representation tidy for q such as 0.1
  const decimals = Math.max(0, -Math.floor(Math.log10(q)) + 1);
  return decimals > 0 && decimals < 16 ? Number(r.toFixed(decimals)) : r;
}

/**
 * Uniform on [low, high).
 * @example
 * ```ts
 * const search = new RandomizedSearchCV(new ElasticNet(), { l1Ratio: uniform(0, 1) }, { nIter: 20 });
 * ```
 */
export function uniform(low: number, high: number): UniformDistribution {
  ordered('uniform', low, high);
  return Object.freeze({
    kind: 'uniform' as const,
    low,
    high,
    sample: (rng: Rng) => rng.uniform(low, high),
    toString: () => `uniform(${low}, ${high})`,
  });
}

/**
 * Log-uniform on [low, high) (scipy's `loguniform`): for scale parameters such as
 * `alpha` or `C`.
 * @example
 * ```ts
 * const space = { alpha: logUniform(1e-4, 1e4) };
 * ```
 */
export function logUniform(low: number, high: number): LogUniformDistribution {
  positive('logUniform', 'low', low);
  ordered('logUniform', low, high);
  const a = Math.log(low);
  const b = Math.log(high);
  return Object.freeze({
    kind: 'logUniform' as const,
    low,
    high,
    sample: (rng: Rng) => Math.exp(rng.uniform(a, b)),
    toString: () => `logUniform(${low}, ${high})`,
  });
}

/**
 * Integers in [low, high): high is exclusive, like scipy's `randint`.
 * @example
 * ```ts
 * const space = { nNeighbors: randInt(1, 31) }; // 1..30
 * ```
 */
export function randInt(low: number, high: number): RandIntDistribution {
  for (const [name, v] of [
    ['low', low],
    ['high', high],
  ] as const) {
    if (!Number.isInteger(v)) throw invalidParameter('randInt', name, 'an int', v, { kind: 'argument' });
  }
  if (!(high > low)) throw invalidParameter('randInt', 'high', `an int > low (${low})`, high, { kind: 'argument' });
  return Object.freeze({
    kind: 'randInt' as const,
    low,
    high,
    sample: (rng: Rng) => rng.integer(low, high),
    toString: () => `randInt(${low}, ${high})`,
  });
}

/** Normal with mean and standard deviation `std` (> 0). */
export function normal(mean: number, std: number): NormalDistribution {
  finite('normal', 'mean', mean);
  positive('normal', 'std', std);
  return Object.freeze({
    kind: 'normal' as const,
    mean,
    std,
    sample: (rng: Rng) => rng.normal(mean, std),
    toString: () => `normal(${mean}, ${std})`,
  });
}

/** exp(normal(mean, std)): `mean` and `std` describe the logarithm of the value. */
export function logNormal(mean: number, std: number): LogNormalDistribution {
  finite('logNormal', 'mean', mean);
  positive('logNormal', 'std', std);
  return Object.freeze({
    kind: 'logNormal' as const,
    mean,
    std,
    sample: (rng: Rng) => Math.exp(rng.normal(mean, std)),
    toString: () => `logNormal(${mean}, ${std})`,
  });
}

/** round(uniform(low, high) / q) * q: a uniform value on a grid of step q. */
export function quniform(low: number, high: number, q: number): QUniformDistribution {
  ordered('quniform', low, high);
  positive('quniform', 'q', q);
  return Object.freeze({
    kind: 'quniform' as const,
    low,
    high,
    q,
    sample: (rng: Rng) => roundTo(rng.uniform(low, high), q),
    toString: () => `quniform(${low}, ${high}, ${q})`,
  });
}

/** round(logUniform(low, high) / q) * q. */
export function qlogUniform(low: number, high: number, q: number): QLogUniformDistribution {
  positive('qlogUniform', 'low', low);
  ordered('qlogUniform', low, high);
  positive('qlogUniform', 'q', q);
  const a = Math.log(low);
  const b = Math.log(high);
  return Object.freeze({
    kind: 'qlogUniform' as const,
    low,
    high,
    q,
    sample: (rng: Rng) => roundTo(Math.exp(rng.uniform(a, b)), q),
    toString: () => `qlogUniform(${low}, ${high}, ${q})`,
  });
}

/**
 * One of `values`, uniformly.
 * @example
 * ```ts
 * const space = { kernel: choice(['rbf', 'linear'] as const) };
 * ```
 */
export function choice<const T>(values: readonly T[]): ChoiceDistribution<T> {
  if (!Array.isArray(values) || values.length === 0) {
    throw invalidParameter('choice', 'values', 'a non-empty array', values, { kind: 'argument' });
  }
  const copy = Object.freeze([...values]);
  return Object.freeze({
    kind: 'choice' as const,
    values: copy,
    sample: (rng: Rng) => rng.choice(copy),
    toString: () => `choice(${formatValue(copy)})`,
  });
}

/** True for anything with a `sample(rng)` method. */
export function isDistribution(value: unknown): value is DistributionLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { sample?: unknown }).sample === 'function';
}
