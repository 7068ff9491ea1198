/**
 * The project's own seeded random number generator.
 *
 * Where scikit-learn has the same step (shuffled splits, sampled candidates,
 * generated data, trees, forests), tunekit draws from numpy's legacy
 * `RandomState` instead (`random-state.ts`), so that a seed gives scikit-learn's
 * numbers. Where scikit-learn has no counterpart (the engine's trial contexts, TPE,
 * the Gaussian-process optimizer, Keras weight seeds, the tuners) random choices draw
 * from an {@link Rng}, created from a `randomState` number. The generator is
 * xoshiro128** (Blackman and Vigna), seeded through
 * splitmix32: small, fast on 32-bit integer arithmetic, and with a 2^128 - 1 period.
 * It is written here rather than taken from a package because it is 40 lines and
 * its exact stream is part of our reproducibility contract.
 */
import { randomInt } from 'node:crypto';
import type { RandomSource } from './random-state.js';
import { checkRandomState, invalidParameter } from './validate.js';

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes several integers into one 32-bit seed (order matters). */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const next = splitmix32((h ^ (part >>> 0)) >>> 0);
    h = next() ^ Math.imul(h, 0x01000193);
    h >>>= 0;
    // fold in the high bits of large integers too
    const high = Math.floor(part / 2 ** 32) >>> 0;
    if (high !== 0) h = (splitmix32(h ^ high)() ^ h) >>> 0;
  }
  return h >>> 0;
}

/** A fresh seed from the operating system, for `randomState: undefined`. */
export function freshSeed(): number {
  return randomInt(0, 2 ** 32 - 1);
}

/** A seeded pseudo-random generator (xoshiro128**). */
export class Rng implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  /** @param seed an integer in [0, 2^32); omitted, a fresh seed from the OS. */
  constructor(seed: number = freshSeed()) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
      throw invalidParameter('Rng', 'seed', 'an int in the range [0, 4294967295]', seed, { kind: 'argument' });
    }
    const next = splitmix32(seed);
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** A float in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** A uniform integer in [low, high) (high exclusive), without modulo bias. */
  integer(low: number, high: number): number {
    const span = high - low;
    if (!Number.isInteger(low) || !Number.isInteger(high) || span <= 0) {
      throw invalidParameter('Rng.integer', 'high', `an int greater than low (${low})`, high, { kind: 'argument' });
    }
    if (span <= 2 ** 32) {
      const limit = 2 ** 32 - (2 ** 32 % span);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return low + (x % span);
    }
    // wide ranges: 53-bit float is uniform enough and cannot overflow
    return low + Math.floor(this.random() * span);
  }

  /** A standard normal draw (Box–Muller, polar form), scaled to mean and std. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.random() - 1;
      v = 2 * this.random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return mean + std * u * factor;
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T, A extends { length: number; [i: number]: T }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      const tmp = array[i] as T;
      array[i] = array[j] as T;
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** One item of a non-empty array, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw invalidParameter('Rng.choice', 'items', 'a non-empty array', items, { kind: 'argument' });
    }
    return items[this.integer(0, items.length)] as T;
  }

  /** `k` distinct integers from [0, n), in random order (partial Fisher–Yates). */
  sampleIndices(n: number, k: number): Int32Array {
    if (k > n) {
      throw invalidParameter('Rng.sampleIndices', 'k', `an int <= n (${n})`, k, { kind: 'argument' });
    }
    if (k * 4 < n) {
      // sparse: rejection with a set keeps memory at O(k)
      const seen = new Set<number>();
      const out = new Int32Array(k);
      let filled = 0;
      while (filled < k) {
        const x = this.integer(0, n);
        if (!seen.has(x)) {
          seen.add(x);
          out[filled++] = x;
        }
      }
      return out;
    }
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = this.integer(i, n);
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
    }
    return pool.slice(0, k);
  }

  /** A new independent generator whose seed is drawn from this one. */
  spawn(): Rng {
    return new Rng(this.uint32());
  }

  /** The generator's internal state, to save and restore a stream exactly. */
  getState(): readonly [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Restores a state returned by {@link getState}. */
  setState(state: readonly [number, number, number, number]): this {
    [this.s0, this.s1, this.s2, this.s3] = state;
    this.spareNormal = undefined;
    return this;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Turns a `randomState` option into a generator: a number seeds it, `undefined`
 * gives a fresh seed (not reproducible, like scikit-learn's `random_state=None`).
 */
export function checkRng(owner: string, randomState: unknown): Rng {
  const seed = checkRandomState(owner, randomState);
  return new Rng(seed ?? freshSeed());
}
