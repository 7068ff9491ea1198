/**
 * Distributions to sample parameter values from, for randomized search.
 *
 * Each factory validates its arguments and returns a frozen object with a `kind`
 * (a discriminated union) and `sample(rng)`. Any object with a `sample(rng)` method
 * is accepted as a distribution too (scipy's "has `rvs`" rule).
 *
 * The built-in distributions draw what their scipy.stats counterparts draw from
 * `rvs(random_state=rng)`: given the numpy `RandomState` ParameterSampler passes
 * (as scikit-learn does), `uniform(low, high)` gives scipy's
 * `uniform(loc=low, scale=high - low)` values, `logUniform` scipy's `loguniform`,
 * `randInt` scipy's `randint`, `normal` scipy's `norm`, `logNormal(mean, std)`
 * scipy's `lognorm(s=std, scale=exp(mean))` and `exponential` scipy's `expon`.
 */
import type { RandomSource } from '../../core/random-state.js';
import { formatValue, invalidParameter } from '../../core/validate.js';

/** What every distribution offers. */
export interface DistributionLike<T> {
  /**
   * Draws one value. ParameterSampler (and so RandomizedSearchCV) passes numpy's
   * legacy `RandomState` (see {@link RandomSource} for what any generator offers).
   */
  sample(rng: RandomSource): T;
}

interface Base<K extends string, T> extends DistributionLike<T> {
  readonly kind: K;
  /** A short description, e.g. `logUniform(0.001, 1000)`. */
  toString(): string;
}

/** Uniform on [low, high) (scipy's `uniform(loc=low, scale=high - low)`). */
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
/** Normal with the given mean and standard deviation (scipy's `norm(loc=mean, scale=std)`). */
export interface NormalDistribution extends Base<'normal', number> {
  readonly mean: number;
  readonly std: number;
}
/** Exponential with the given scale, i.e. mean (scipy's `expon(scale=scale)`). */
export interface ExponentialDistribution extends Base<'exponential', number> {
  readonly scale: number;
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
  | ExponentialDistribution
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

/** scipy's `loguniform(low, high)` draw: its inverse CDF `low * (high / low) ** U`. */
function logUniformDraw(rng: RandomSource, low: number, high: number): number {
  return low * Math.pow(high / low, rng.random());
}

function roundTo(value: number, q: number): number {
  const r = Math.round(value / q) * q;
  // keep the decimal representation tidy for q such as 0.1
  const decimals = Math.max(0, -Math.floor(Math.log10(q)) + 1);
  return decimals > 0 && decimals < 16 ? Number(r.toFixed(decimals)) : r;
}

/**
 * Uniform on [low, high): `U * (high - low) + low`, scipy's
 * `uniform(loc=low, scale=high - low).rvs()`.
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
    sample: (rng: RandomSource) => rng.random() * (high - low) + low,
    toString: () => `uniform(${low}, ${high})`,
  });
}

/**
 * Log-uniform on [low, high) (scipy's `loguniform(low, high)`, drawn as it does:
 * `low * (high / low) ** U`): for scale parameters such as `alpha` or `C`.
 * @example
 * ```ts
 * const space = { alpha: logUniform(1e-4, 1e4) };
 * ```
 */
export function logUniform(low: number, high: number): LogUniformDistribution {
  positive('logUniform', 'low', low);
  ordered('logUniform', low, high);
  return Object.freeze({
    kind: 'logUniform' as const,
    low,
    high,
    sample: (rng: RandomSource) => logUniformDraw(rng, low, high),
    toString: () => `logUniform(${low}, ${high})`,
  });
}

/**
 * Integers in [low, high): high is exclusive, like scipy's `randint(low, high)`
 * (numpy's `randint(low, high)` on the search's generator).
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
    sample: (rng: RandomSource) => rng.integer(low, high),
    toString: () => `randInt(${low}, ${high})`,
  });
}

/** Normal with mean and standard deviation `std` (> 0): `z * std + mean`, scipy's `norm(mean, std).rvs()`. */
export function normal(mean: number, std: number): NormalDistribution {
  finite('normal', 'mean', mean);
  positive('normal', 'std', std);
  return Object.freeze({
    kind: 'normal' as const,
    mean,
    std,
    sample: (rng: RandomSource) => rng.normal() * std + mean,
    toString: () => `normal(${mean}, ${std})`,
  });
}

/**
 * Exponential with mean `scale` (> 0): `-log(1 - U) * scale`, scipy's
 * `expon(scale=scale).rvs()` (scikit-learn's examples tune `C` and `gamma` with it).
 * @example
 * ```ts
 * const space = { C: exponential(100), gamma: exponential(0.1) };
 * ```
 */
export function exponential(scale: number): ExponentialDistribution {
  positive('exponential', 'scale', scale);
  return Object.freeze({
    kind: 'exponential' as const,
    scale,
    sample: (rng: RandomSource) => -Math.log(1 - rng.random()) * scale,
    toString: () => `exponential(${scale})`,
  });
}

/**
 * exp(normal(mean, std)): `mean` and `std` describe the logarithm of the value.
 * Drawn as scipy's `lognorm(s=std, scale=exp(mean)).rvs()`: `exp(std * z) * exp(mean)`.
 */
export function logNormal(mean: number, std: number): LogNormalDistribution {
  finite('logNormal', 'mean', mean);
  positive('logNormal', 'std', std);
  return Object.freeze({
    kind: 'logNormal' as const,
    mean,
    std,
    sample: (rng: RandomSource) => Math.exp(std * rng.normal()) * Math.exp(mean),
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
    sample: (rng: RandomSource) => roundTo(rng.random() * (high - low) + low, q),
    toString: () => `quniform(${low}, ${high}, ${q})`,
  });
}

/** round(logUniform(low, high) / q) * q. */
export function qlogUniform(low: number, high: number, q: number): QLogUniformDistribution {
  positive('qlogUniform', 'low', low);
  ordered('qlogUniform', low, high);
  positive('qlogUniform', 'q', q);
  return Object.freeze({
    kind: 'qlogUniform' as const,
    low,
    high,
    q,
    sample: (rng: RandomSource) => roundTo(logUniformDraw(rng, low, high), q),
    toString: () => `qlogUniform(${low}, ${high}, ${q})`,
  });
}

/**
 * One of `values`, uniformly (`values[randint(values.length)]`, what scikit-learn
 * does with a list).
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
    sample: (rng: RandomSource) => copy[rng.integer(0, copy.length)] as T,
    toString: () => `choice(${formatValue(copy)})`,
  });
}

/** True for anything with a `sample(rng)` method. */
export function isDistribution(value: unknown): value is DistributionLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { sample?: unknown }).sample === 'function';
}
