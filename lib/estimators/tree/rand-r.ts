/**
 * scikit-learn's internal generator for its trees (`our_rand_r` in
 * `sklearn/utils/_random.pxd`, `rand_int` in `sklearn/tree/_utils.pyx`): a 32-bit
 * xorshift whose outputs are reduced to [0, 2^31). The splitter draws the order in
 * which it visits features (and the random splitter its thresholds) from it, so
 * the same seed gives the same trees as scikit-learn, ties between equally good
 * splits included.
 */
import type { RandomState } from '../../core/random-state.js';

/** scikit-learn's `RAND_R_MAX`: 2^31 - 1. */
export const RAND_R_MAX = 0x7fffffff;

/** The xorshift state of one tree's splitter. */
export class RandR {
  private state: number;

  /** @param seed the 32-bit state (0 is replaced by 1 at the first draw, as in scikit-learn) */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * The splitter's generator for a fit, seeded as scikit-learn's `Splitter.init`
   * seeds it: `random_state.randint(0, RAND_R_MAX)`.
   */
  static fromRandomState(randomState: RandomState): RandR {
    return new RandR(randomState.randint(0, RAND_R_MAX));
  }

  /** `our_rand_r`: the next value in [0, 2^31). */
  next(): number {
    let s = this.state === 0 ? 1 : this.state;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return s & RAND_R_MAX;
  }

  /**
   * `rand_uniform(low, high)`: `(high - low) * our_rand_r() / RAND_R_MAX + low`, a
   * double in [low, high] (the random splitter's thresholds).
   */
  uniform(low: number, high: number): number {
    return ((high - low) * this.next()) / RAND_R_MAX + low;
  }

  /** `rand_int(low, high)`: `low + our_rand_r() % (high - low)`. */
  randInt(low: number, high: number): number {
    return low + (this.next() % (high - low));
  }
}
