/**
 * Sobol' low-discrepancy sequence in base 2 (Gray-code order, as scipy's
 * `qmc.Sobol`), with Joe and Kuo's direction numbers ("new-joe-kuo-6.21201",
 * Joe & Kuo 2008) for the first {@link SOBOL_MAX_DIM} dimensions, and an optional
 * random digital shift (XOR scrambling) drawn from an {@link Rng}.
 */
import type { Rng } from '../../../core/rng.js';
import { invalidParameter } from '../../../core/validate.js';

/** The most dimensions the built-in direction numbers cover. */
export const SOBOL_MAX_DIM = 64;

const BITS = 30;
const SCALE = 2 ** -BITS;

// Joe–Kuo direction numbers, dimensions 2..64: [primitive polynomial (bits, both ends included), initial m_1..m_s].
// Dimension 1 is the van der Corput sequence.
const TABLE: readonly (readonly [number, readonly number[]])[] = [
  [3, [1]], [7, [1, 3]], [11, [1, 3, 1]], [13, [1, 1, 1]], [19, [1, 1, 3, 3]], [25, [1, 3, 5, 13]], [37, [1, 1, 5, 5, 17]], [41, [1, 1, 5, 5, 5]],
  [47, [1, 1, 7, 11, 19]], [55, [1, 1, 5, 1, 1]], [59, [1, 1, 1, 3, 11]], [61, [1, 3, 5, 5, 31]], [67, [1, 3, 3, 9, 7, 49]],
  [91, [1, 1, 1, 15, 21, 21]], [97, [1, 3, 1, 13, 27, 49]], [103, [1, 1, 1, 15, 7, 5]], [109, [1, 3, 1, 15, 13, 25]], [115, [1, 1, 5, 5, 19, 61]],
  [131, [1, 3, 7, 11, 23, 15, 103]], [137, [1, 3, 7, 13, 13, 15, 69]], [143, [1, 1, 3, 13, 7, 35, 63]], [145, [1, 3, 5, 9, 1, 25, 53]],
  [157, [1, 3, 1, 13, 9, 35, 107]], [167, [1, 3, 1, 5, 27, 61, 31]], [171, [1, 1, 5, 11, 19, 41, 61]], [185, [1, 3, 5, 3, 3, 13, 69]],
  [191, [1, 1, 7, 13, 1, 19, 1]], [193, [1, 3, 7, 5, 13, 19, 59]], [203, [1, 1, 3, 9, 25, 29, 41]], [211, [1, 3, 5, 13, 23, 1, 55]],
  [213, [1, 3, 7, 3, 13, 59, 17]], [229, [1, 3, 1, 3, 5, 53, 69]], [239, [1, 1, 5, 5, 23, 33, 13]], [241, [1, 1, 7, 7, 1, 61, 123]],
  [247, [1, 1, 7, 9, 13, 61, 49]], [253, [1, 3, 3, 5, 3, 55, 33]], [285, [1, 3, 1, 15, 31, 13, 49, 245]], [299, [1, 3, 5, 15, 31, 59, 63, 97]],
  [301, [1, 3, 1, 11, 11, 11, 77, 249]], [333, [1, 3, 1, 11, 27, 43, 71, 9]], [351, [1, 1, 7, 15, 21, 11, 81, 45]],
  [355, [1, 3, 7, 3, 25, 31, 65, 79]], [357, [1, 3, 1, 1, 19, 11, 3, 205]], [361, [1, 1, 5, 9, 19, 21, 29, 157]],
  [369, [1, 3, 7, 11, 1, 33, 89, 185]], [391, [1, 3, 3, 3, 15, 9, 79, 71]], [397, [1, 3, 7, 11, 15, 39, 119, 27]],
  [425, [1, 1, 3, 1, 11, 31, 97, 225]], [451, [1, 1, 1, 3, 23, 43, 57, 177]], [463, [1, 3, 7, 7, 17, 17, 37, 71]],
  [487, [1, 3, 1, 5, 27, 63, 123, 213]], [501, [1, 1, 3, 5, 11, 43, 53, 133]], [529, [1, 3, 5, 5, 29, 17, 47, 173, 479]],
  [539, [1, 3, 3, 11, 3, 1, 109, 9, 69]], [545, [1, 1, 1, 5, 17, 39, 23, 5, 343]], [557, [1, 3, 1, 5, 25, 15, 31, 103, 499]],
  [563, [1, 1, 1, 11, 11, 17, 63, 105, 183]], [601, [1, 1, 5, 11, 9, 29, 97, 231, 363]], [607, [1, 1, 5, 15, 19, 45, 41, 7, 383]],
  [617, [1, 3, 7, 7, 31, 19, 83, 137, 221]], [623, [1, 1, 1, 3, 23, 15, 111, 223, 83]], [631, [1, 1, 5, 13, 31, 15, 55, 25, 161]],
  [637, [1, 1, 3, 13, 25, 47, 39, 87, 257]],
];

function directions(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 1 << (BITS - 1 - k);
    return v;
  }
  const [poly, m] = TABLE[dim - 1] as readonly [number, readonly number[]];
  const s = Math.floor(Math.log2(poly));
  const a = (poly >> 1) & ((1 << (s - 1)) - 1);
  for (let k = 0; k < Math.min(s, BITS); k++) v[k] = ((m[k] as number) << (BITS - 1 - k)) >>> 0;
  for (let k = s; k < BITS; k++) {
    let x = (v[k - s] as number) ^ ((v[k - s] as number) >>> s);
    for (let i = 1; i < s; i++) if ((a >> (s - 1 - i)) & 1) x ^= v[k - i] as number;
    v[k] = x >>> 0;
  }
  return v;
}

/** Options of {@link Sobol}. */
export interface SobolOptions {
  /** XOR every coordinate with a random 30-bit shift drawn from this generator (randomized QMC). @default undefined (no scrambling) */
  readonly rng?: Rng | undefined;
}

/**
 * A Sobol' sequence generator on [0, 1)^d.
 * @example
 * ```ts
 * const sobol = new Sobol(2);
 * sobol.next(); // [0, 0]
 * sobol.next(); // [0.5, 0.5]
 * const shifted = new Sobol(6, { rng: new Rng(0) }).take(256);
 * ```
 */
export class Sobol {
  readonly dim: number;
  private readonly v: Uint32Array[];
  private readonly state: Uint32Array;
  private readonly shift: Uint32Array;
  private index = 0;

  constructor(dim: number, options: SobolOptions = {}) {
    if (!Number.isInteger(dim) || dim < 1 || dim > SOBOL_MAX_DIM) {
      throw invalidParameter('Sobol', 'dim', `an int in the range [1, ${SOBOL_MAX_DIM}]`, dim, { kind: 'argument' });
    }
    this.dim = dim;
    this.v = Array.from({ length: dim }, (_, j) => directions(j));
    this.state = new Uint32Array(dim);
    this.shift = new Uint32Array(dim);
    if (options.rng !== undefined) for (let j = 0; j < dim; j++) this.shift[j] = options.rng.uint32() >>> (32 - BITS);
  }

  /** The next point. */
  next(): Float64Array {
    const out = new Float64Array(this.dim);
    if (this.index > 0) {
      let c = 0;
      let n = this.index - 1;
      while (n & 1) {
        n >>>= 1;
        c++;
      }
      for (let j = 0; j < this.dim; j++) this.state[j] = ((this.state[j] as number) ^ ((this.v[j] as Uint32Array)[c] as number)) >>> 0;
    }
    for (let j = 0; j < this.dim; j++) out[j] = (((this.state[j] as number) ^ (this.shift[j] as number)) >>> 0) * SCALE;
    this.index++;
    return out;
  }

  /** The next `n` points. */
  take(n: number): Float64Array[] {
    return Array.from({ length: n }, () => this.next());
  }

  /** Skips `n` points. */
  skip(n: number): this {
    for (let i = 0; i < n; i++) this.next();
    return this;
  }
}
