/**
 * numpy's legacy `RandomState`: the Mersenne Twister seeded as
 * `numpy.random.RandomState(seed)` seeds it, and numpy's own algorithms on top
 * (53-bit doubles, bounded integers by masked rejection, Fisher–Yates shuffles,
 * `choice`, the polar-method Gaussian with its cached second value, ...).
 *
 * scikit-learn draws every seeded random choice from one of these
 * (`check_random_state`), so tunekit does too wherever it mirrors scikit-learn:
 * the same seed gives the same folds, candidates, generated data, trees and
 * forests. Where scikit-learn has no counterpart (TPE, Gaussian processes, Keras,
 * the tuners) tunekit keeps its own {@link Rng}.
 *
 * Integer draws (`randint`, `shuffle`, `permutation`, `choice`) equal numpy's bit
 * for bit. Draws that go through `log`, `exp` or `pow` (Gaussians, exponentials,
 * log-uniform values) use JavaScript's `Math`, which rounds differently from the
 * C library numpy calls in about one case in ten; those values then differ from
 * numpy's in the last bit or two (a relative 1e-15), never in the choices made
 * from them.
 */
import type { IntegerDtype } from './bounded-integers.js';
import { boundedDraws, checkedBounds, randomInterval } from './bounded-integers.js';
import * as legacy from './legacy-distributions.js';
import type { Mt19937State } from './mt19937.js';
import { Mt19937, MT_STATE_WORDS } from './mt19937.js';
import { registerTransferable } from './transfer.js';
import { formatValue, invalidParameter } from './validate.js';

/**
 * What the seeded samplers need from a generator: tunekit's {@link Rng} and
 * numpy's {@link RandomState} both offer it (with numpy's semantics on the
 * latter: `integer` is `randint`, `normal` the legacy Gaussian, ...).
 */
export interface RandomSource {
  /** A float in [0, 1). */
  random(): number;
  /** A float in [low, high). */
  uniform(low: number, high: number): number;
  /** An integer in [low, high). */
  integer(low: number, high: number): number;
  /** A normal draw with the given mean and standard deviation. */
  normal(mean?: number, std?: number): number;
  /** One item of a non-empty array, uniformly. */
  choice<T>(items: readonly T[]): T;
}

export type { IntegerDtype } from './bounded-integers.js';

/** A saved generator state: numpy's `get_state()` fields. */
export interface RandomStateState {
  /** The 624 words of the Mersenne Twister's key. */
  readonly key: readonly number[];
  /** The position of the next word in the key (0..624). */
  readonly pos: number;
  /** Whether a second Gaussian is cached. */
  readonly hasGauss: boolean;
  /** The cached Gaussian (0 when none). */
  readonly cachedGaussian: number;
}

/** Options of {@link RandomState.choice}. */
export interface RandomChoiceOptions {
  /** The number of draws; undefined draws one value (not an array). @default undefined */
  readonly size?: number | undefined;
  /** Draw with replacement. @default true */
  readonly replace?: boolean | undefined;
  /** The probability of each item (summing to 1); undefined is uniform. @default undefined */
  readonly p?: readonly number[] | undefined;
}

const TWO_32 = 4294967296;

/** A fresh 32-bit seed from the platform's cryptographic generator (Web Crypto: Node 20 and browsers alike). */
function osSeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] as number;
}

function isSavedState(value: unknown): value is RandomStateState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<RandomStateState>;
  return (
    Array.isArray(s.key) &&
    s.key.length === MT_STATE_WORDS &&
    s.key.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_32) &&
    Number.isInteger(s.pos) &&
    (s.pos as number) >= 0 &&
    (s.pos as number) <= MT_STATE_WORDS &&
    typeof s.hasGauss === 'boolean' &&
    typeof s.cachedGaussian === 'number'
  );
}

/**
 * numpy's legacy random generator (`numpy.random.RandomState`), draw for draw.
 *
 * Pass one as `randomState` to share a stream across calls, as scikit-learn code
 * passes one `rng` to several functions: each call advances it. An integer
 * `randomState` starts a fresh `RandomState(seed)` at every call instead.
 *
 * @example
 * ```ts
 * const rng = new RandomState(0);
 * rng.randomSample();       // 0.5488135039273248, as numpy's RandomState(0).random_sample()
 * rng.randint(0, 10, 3);    // [5, 0, 3]
 * rng.permutation(5);       // Int32Array [0, 2, 1, 4, 3]
 * const folds = new KFold({ nSplits: 5, shuffle: true, randomState: rng });
 * ```
 */
export class RandomState implements RandomSource {
  private readonly bits: Mt19937;
  private hasGauss = false;
  private cachedGaussian = 0;
  /** What the legacy algorithms draw from. */
  private readonly source: legacy.LegacySource = { nextDouble: () => this.bits.nextDouble(), gauss: () => this.gauss() };

  /**
   * @param seed an integer in [0, 2^32) (numpy's `RandomState(seed)`), a state
   *   saved with {@link RandomState.getState}, or undefined for a fresh seed from
   *   the operating system.
   */
  constructor(seed?: number | RandomStateState) {
    if (seed !== undefined && !isSavedState(seed) && !(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) < TWO_32)) {
      throw invalidParameter('RandomState', 'seed', 'undefined, an int in the range [0, 4294967295] or a state from getState()', seed, { kind: 'argument' });
    }
    this.bits = new Mt19937(typeof seed === 'number' ? seed : osSeed());
    if (typeof seed === 'object') this.setState(seed);
  }

  /** Reseeds in place (numpy's `seed`); undefined takes a fresh seed from the operating system. */
  seed(seed?: number): this {
    if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < TWO_32)) {
      throw invalidParameter('RandomState.seed', 'seed', 'undefined or an int in the range [0, 4294967295]', seed, { kind: 'argument' });
    }
    this.bits.seed(seed ?? osSeed());
    this.hasGauss = false;
    this.cachedGaussian = 0;
    return this;
  }

  /** The full state (numpy's `get_state()`), to save and restore a stream exactly. */
  getState(): RandomStateState {
    const { key, pos } = this.bits.getState();
    return { key, pos, hasGauss: this.hasGauss, cachedGaussian: this.cachedGaussian };
  }

  /** Restores a state from {@link RandomState.getState} (numpy's `set_state`). */
  setState(state: RandomStateState): this {
    if (!isSavedState(state)) {
      throw invalidParameter('RandomState.setState', 'state', 'a state from getState() (624 key words, pos in [0, 624], hasGauss, cachedGaussian)', state, { kind: 'argument' });
    }
    this.bits.setState(state as Mt19937State);
    this.hasGauss = state.hasGauss;
    this.cachedGaussian = state.cachedGaussian;
    return this;
  }

  /** The state, for sending the generator to a worker (rebuilt with `new RandomState(config)`). */
  getConfig(): RandomStateState {
    return this.getState();
  }

  /** An independent copy at the same point of the stream (what `copy.deepcopy` gives in Python). */
  copy(): RandomState {
    return new RandomState(this.getState());
  }

  // -------------------------------------------------------------------------
  // Floats
  // -------------------------------------------------------------------------

  /** A double in [0, 1) (`random_sample`), or `size` of them. */
  randomSample(): number;
  randomSample(size: number): Float64Array;
  randomSample(size?: number): number | Float64Array {
    if (size === undefined) return this.bits.nextDouble();
    return this.fill('randomSample', size, () => this.bits.nextDouble());
  }

  /** A double in [0, 1) (`random_sample`). */
  random(): number {
    return this.bits.nextDouble();
  }

  /** `low + (high - low) * U` (numpy's `uniform`), or `size` of them. */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, size: number): Float64Array;
  uniform(low = 0, high = 1, size?: number): number | Float64Array {
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw invalidParameter('RandomState.uniform', 'high', `a finite number with a finite high - low (low is ${formatValue(low)})`, high, { kind: 'argument' });
    }
    const draw = (): number => low + range * this.bits.nextDouble();
    return size === undefined ? draw() : this.fill('uniform', size, draw);
  }

  /** The legacy Gaussian (polar method; each pair of uniforms gives two values, the second cached). */
  gauss(): number {
    if (this.hasGauss) {
      const value = this.cachedGaussian;
      this.hasGauss = false;
      this.cachedGaussian = 0;
      return value;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.bits.nextDouble() - 1;
      x2 = 2 * this.bits.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.cachedGaussian = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** A standard normal draw (`standard_normal`), or `size` of them. */
  standardNormal(): number;
  standardNormal(size: number): Float64Array;
  standardNormal(size?: number): number | Float64Array {
    return size === undefined ? this.gauss() : this.fill('standardNormal', size, () => this.gauss());
  }

  /** `loc + scale * gauss()` (numpy's `normal`), or `size` of them. */
  normal(loc?: number, scale?: number): number;
  normal(loc: number, scale: number, size: number): Float64Array;
  normal(loc = 0, scale = 1, size?: number): number | Float64Array {
    this.checkNonNegative('normal', 'scale', scale);
    const draw = (): number => loc + scale * this.gauss();
    return size === undefined ? draw() : this.fill('normal', size, draw);
  }

  /** `exp(normal(mean, sigma))` (numpy's `lognormal`), or `size` of them. */
  lognormal(mean?: number, sigma?: number): number;
  lognormal(mean: number, sigma: number, size: number): Float64Array;
  lognormal(mean = 0, sigma = 1, size?: number): number | Float64Array {
    this.checkNonNegative('lognormal', 'sigma', sigma);
    const draw = (): number => Math.exp(mean + sigma * this.gauss());
    return size === undefined ? draw() : this.fill('lognormal', size, draw);
  }

  /** `-log(1 - U)` (numpy's `standard_exponential`), or `size` of them. */
  standardExponential(): number;
  standardExponential(size: number): Float64Array;
  standardExponential(size?: number): number | Float64Array {
    const draw = (): number => legacy.standardExponential(this.source);
    return size === undefined ? draw() : this.fill('standardExponential', size, draw);
  }

  /** `scale * standardExponential()` (numpy's `exponential`), or `size` of them. */
  exponential(scale?: number): number;
  exponential(scale: number, size: number): Float64Array;
  exponential(scale = 1, size?: number): number | Float64Array {
    this.checkNonNegative('exponential', 'scale', scale);
    const draw = (): number => scale * legacy.standardExponential(this.source);
    return size === undefined ? draw() : this.fill('exponential', size, draw);
  }

  /** A gamma draw of the given shape and unit scale (numpy's legacy `standard_gamma`), or `size` of them. */
  standardGamma(shape: number): number;
  standardGamma(shape: number, size: number): Float64Array;
  standardGamma(shape: number, size?: number): number | Float64Array {
    this.checkNonNegative('standardGamma', 'shape', shape);
    const draw = (): number => legacy.standardGamma(this.source, shape);
    return size === undefined ? draw() : this.fill('standardGamma', size, draw);
  }

  /** `scale * standardGamma(shape)` (numpy's `gamma`), or `size` of them. */
  gamma(shape: number, scale?: number): number;
  gamma(shape: number, scale: number, size: number): Float64Array;
  gamma(shape: number, scale = 1, size?: number): number | Float64Array {
    this.checkNonNegative('gamma', 'shape', shape);
    this.checkNonNegative('gamma', 'scale', scale);
    const draw = (): number => scale * legacy.standardGamma(this.source, shape);
    return size === undefined ? draw() : this.fill('gamma', size, draw);
  }

  // -------------------------------------------------------------------------
  // Integers
  // -------------------------------------------------------------------------

  /**
   * Integers in [low, high) (numpy's `randint`; with one bound, [0, bound)). The
   * legacy masked rejection: draws of the dtype's width (32 bits for ranges
   * below 2^32, 64 bits above; 8 and 16-bit dtypes share buffered 32-bit words)
   * are masked to the smallest all-ones mask over the range and rejected until
   * one fits. Bounds must be safe integers (|x| < 2^53).
   */
  randint(high: number): number;
  randint(low: number, high: number | undefined): number;
  randint(low: number, high: number | undefined, size: number, dtype?: IntegerDtype): number[];
  randint(low: number, high?: number, size?: number, dtype: IntegerDtype = 'int64'): number | number[] {
    const { low: lo, range, width } = checkedBounds('RandomState.randint', low, high, dtype);
    if (size === undefined) return lo + (boundedDraws(this.bits, range, 1, width)[0] as number);
    this.checkSize('randint', size);
    const out = boundedDraws(this.bits, range, size, width);
    if (lo !== 0) for (let i = 0; i < size; i++) out[i] = (out[i] as number) + lo;
    return out;
  }

  /** An integer in [low, high): `randint(low, high)`. */
  integer(low: number, high: number): number {
    return this.randint(low, high);
  }

  /** numpy's `random_interval(max)`: a uniform integer in [0, max] by masked rejection (the shuffles' draw). */
  interval(max: number): number {
    return randomInterval(this.bits, max);
  }

  /** A binomial draw of `n` trials with success probability `p` (numpy's legacy `binomial`), or `size` of them. */
  binomial(n: number, p: number): number;
  binomial(n: number, p: number, size: number): number[];
  binomial(n: number, p: number, size?: number): number | number[] {
    if (!Number.isSafeInteger(n) || n < 0) throw invalidParameter('RandomState.binomial', 'n', 'an int >= 0', n, { kind: 'argument' });
    if (!(p >= 0 && p <= 1)) throw invalidParameter('RandomState.binomial', 'p', 'a number in the range [0, 1]', p, { kind: 'argument' });
    if (size === undefined) return legacy.binomial(this.source, n, p, true);
    this.checkSize('binomial', size);
    return Array.from({ length: size }, () => legacy.binomial(this.source, n, p, true));
  }

  /**
   * Counts of `n` trials over categories with probabilities `pvals` (numpy's
   * `multinomial`; the last probability takes whatever the others leave), or
   * `size` such draws.
   */
  multinomial(n: number, pvals: readonly number[]): number[];
  multinomial(n: number, pvals: readonly number[], size: number): number[][];
  multinomial(n: number, pvals: readonly number[], size?: number): number[] | number[][] {
    const owner = 'RandomState.multinomial';
    if (!Number.isSafeInteger(n) || n < 0) throw invalidParameter(owner, 'n', 'an int >= 0', n, { kind: 'argument' });
    if (!Array.isArray(pvals) || pvals.length === 0 || !pvals.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) {
      throw invalidParameter(owner, 'pvals', 'a non-empty array of probabilities in [0, 1]', pvals, { kind: 'argument' });
    }
    if (legacy.kahanSum(pvals, pvals.length - 1) > 1 + 1e-12) {
      throw invalidParameter(owner, 'pvals', 'probabilities whose sum without the last one is at most 1', pvals, { kind: 'argument' });
    }
    const row = (): number[] => {
      const out = new Array<number>(pvals.length);
      legacy.multinomialRow(this.source, n, pvals, out);
      return out;
    };
    if (size === undefined) return row();
    this.checkSize('multinomial', size);
    return Array.from({ length: size }, row);
  }

  // -------------------------------------------------------------------------
  // Sequences
  // -------------------------------------------------------------------------

  /** Shuffles `items` in place (numpy's legacy `shuffle`: Fisher–Yates from the end) and returns it. */
  shuffle<A extends { length: number; [i: number]: unknown }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A shuffled `0..n-1` (numpy's `permutation(n)`), or a shuffled copy of an array. */
  permutation(n: number): Int32Array;
  permutation<A extends ArrayLike<unknown> & { slice(): A }>(items: A): A;
  permutation(x: number | (ArrayLike<unknown> & { slice(): unknown })): unknown {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0 || x > 2 ** 31 - 1) {
        throw invalidParameter('RandomState.permutation', 'n', 'an int in the range [0, 2147483647] or an array', x, { kind: 'argument' });
      }
      const out = new Int32Array(x);
      for (let i = 0; i < x; i++) out[i] = i;
      return this.shuffle(out);
    }
    return this.shuffle(x.slice() as { length: number; [i: number]: unknown });
  }

  /**
   * numpy's `choice`: draws from `a` (an array, or the integers 0..a-1) with or
   * without replacement, uniformly or with probabilities `p`.
   */
  choice<T>(items: readonly T[]): T;
  choice(n: number): number;
  choice<T>(items: readonly T[], options: RandomChoiceOptions & { size: number }): T[];
  choice(n: number, options: RandomChoiceOptions & { size: number }): number[];
  choice<T>(items: readonly T[] | number, options?: RandomChoiceOptions): T | number;
  choice<T>(a: readonly T[] | number, options: RandomChoiceOptions = {}): T | number | (T | number)[] {
    const owner = 'RandomState.choice';
    const pool = typeof a === 'number' ? a : Array.isArray(a) ? a.length : NaN;
    const { size, replace = true, p } = options;
    if (!Number.isInteger(pool) || (pool <= 0 && size !== 0)) {
      throw invalidParameter(owner, 'a', 'a non-empty array or an int > 0', a, { kind: 'argument' });
    }
    if (size !== undefined) this.checkSize('choice', size);
    const n = size ?? 1;
    if (p !== undefined) legacy.checkProbabilities('RandomState.choice', p, pool);
    let idx: number[];
    if (replace) {
      if (p !== undefined) {
        const cdf = legacy.cumulative(p);
        idx = Array.from(this.randomSample(n), (u) => legacy.searchRight(cdf, u));
      } else {
        idx = this.randint(0, pool, n);
      }
    } else {
      if (n > pool) throw invalidParameter(owner, 'size', `an int <= the population (${pool}) without replacement`, size, { kind: 'argument' });
      if (p !== undefined) {
        if (p.filter((v) => v > 0).length < n) {
          throw invalidParameter(owner, 'p', `probabilities with at least ${n} non-zero entries (size, without replacement)`, p, { kind: 'argument' });
        }
        idx = legacy.weightedWithoutReplacement((k) => this.randomSample(k), p, n);
      } else {
        idx = Array.from(this.permutation(pool).subarray(0, n));
      }
    }
    const pick = (i: number): T | number => (typeof a === 'number' ? i : (a[i] as T));
    return size === undefined ? pick(idx[0] as number) : idx.map(pick);
  }

  // -------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------

  private fill(method: string, size: number, draw: () => number): Float64Array {
    this.checkSize(method, size);
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = draw();
    return out;
  }

  private checkSize(method: string, size: number): void {
    if (!Number.isInteger(size) || size < 0) {
      throw invalidParameter(`RandomState.${method}`, 'size', 'an int >= 0', size, { kind: 'argument' });
    }
  }

  private checkNonNegative(method: string, name: string, value: number): void {
    if (!(typeof value === 'number' && value >= 0)) {
      throw invalidParameter(`RandomState.${method}`, name, 'a number >= 0', value, { kind: 'argument' });
    }
  }

}

registerTransferable(RandomState, import.meta.url);
