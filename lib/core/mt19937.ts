/**
 * The Mersenne Twister MT19937 as numpy's legacy `RandomState` runs it: seeded
 * from one 32-bit integer by Knuth's recurrence (`mt19937_seed` in numpy's
 * `random/src/mt19937/mt19937.c`, the reference `init_genrand`), 32-bit outputs
 * tempered as in the reference code, and doubles built from two outputs with 53
 * random bits (`mt19937_next_double`).
 *
 * This is the bit generator under {@link RandomState}; it knows nothing of
 * distributions. Internal to `core`.
 */

/** The number of 32-bit words of state. */
export const MT_STATE_WORDS = 624;
const M = 397;
// the constants as int32 bit patterns
const MATRIX_A = 0x9908b0df | 0;
const UPPER_MASK = 0x80000000 | 0;
const LOWER_MASK = 0x7fffffff;
const TEMPER_B = 0x9d2c5680 | 0;
const TEMPER_C = 0xefc60000 | 0;

/** A saved MT19937 state: the 624 key words and the position of the next word. */
export interface Mt19937State {
  readonly key: readonly number[];
  readonly pos: number;
}

/**
 * The bit generator: 32-bit words and 53-bit doubles. The key is kept as int32
 * (the same bits) so that every read stays a small integer for the JIT.
 */
export class Mt19937 {
  private readonly key = new Int32Array(MT_STATE_WORDS);
  private pos = MT_STATE_WORDS;

  /** @param seed an integer in [0, 2^32) (checked by the caller) */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Reseeds from one 32-bit integer, exactly as numpy's `RandomState(seed)`. */
  seed(seed: number): void {
    const key = this.key;
    let s = seed | 0;
    for (let i = 0; i < MT_STATE_WORDS; i++) {
      key[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) | 0;
    }
    this.pos = MT_STATE_WORDS;
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    if (this.pos >= MT_STATE_WORDS) this.regenerate();
    let y = this.key[this.pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & TEMPER_B;
    y ^= (y << 15) & TEMPER_C;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from two outputs: `(a >> 5) * 2^26 + (b >> 6)` over 2^53. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A copy of the state. */
  getState(): Mt19937State {
    return { key: Array.from(this.key, (w) => w >>> 0), pos: this.pos };
  }

  /** Restores a state from {@link Mt19937.getState} (checked by the caller). */
  setState(state: Mt19937State): void {
    for (let i = 0; i < MT_STATE_WORDS; i++) this.key[i] = (state.key[i] as number) | 0;
    this.pos = state.pos;
  }

  /** The next 624 words of the sequence (`mt19937_gen`). */
  private regenerate(): void {
    const key = this.key;
    let i = 0;
    for (; i < MT_STATE_WORDS - M; i++) {
      const y = ((key[i] as number) & UPPER_MASK) | ((key[i + 1] as number) & LOWER_MASK);
      key[i] = (key[i + M] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < MT_STATE_WORDS - 1; i++) {
      const y = ((key[i] as number) & UPPER_MASK) | ((key[i + 1] as number) & LOWER_MASK);
      key[i] = (key[i + M - MT_STATE_WORDS] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = ((key[MT_STATE_WORDS - 1] as number) & UPPER_MASK) | ((key[0] as number) & LOWER_MASK);
    key[MT_STATE_WORDS - 1] = (key[M - 1] as number) ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }
}
