/**
 * The random numbers of scikit-learn's liblinear (`sklearn/svm/src/newrand/newrand.h`): a
 * `std::mt19937` seeded with `set_seed(seed)` at every fit, and `bounded_rand_int(range)`
 * (a "tweaked Lemire" reduction of its 32-bit outputs). liblinear's solvers draw their
 * random visiting orders from it, so the same seed visits the coordinates in
 * scikit-learn's order.
 */
import { Mt19937 } from '../../core/mt19937.js';

const TWO_16 = 65536;
const TWO_32 = 4294967296;

/** liblinear's generator: `std::mt19937` and `bounded_rand_int`. */
export class LiblinearRandom {
  private readonly mt: Mt19937;

  /** `set_seed(seed)`: seed in [0, 2^32). */
  constructor(seed: number) {
    this.mt = new Mt19937(seed >>> 0);
  }

  /** `bounded_rand_int(range)`: an integer in [0, range), range in [1, 2^31). */
  boundedRandInt(range: number): number {
    let x = this.mt.nextUint32();
    let low = Math.imul(x, range) >>> 0;
    if (low < range) {
      let t = (TWO_32 - range) % TWO_32;
      if (t >= range) {
        t -= range;
        if (t >= range) t %= range;
      }
      while (low < t) {
        x = this.mt.nextUint32();
        low = Math.imul(x, range) >>> 0;
      }
    }
    return high32(x, range);
  }

  /** The 624 words and position of the Mersenne Twister (to hand the stream to a kernel). */
  state(): { key: readonly number[]; pos: number } {
    return this.mt.getState();
  }

  /** Continues from a state handed back by a kernel. */
  setState(state: { key: readonly number[]; pos: number }): void {
    this.mt.setState(state);
  }
}

/** ⌊x · r / 2^32⌋ for 32-bit x and r < 2^31, without overflowing the 53-bit mantissa. */
function high32(x: number, r: number): number {
  const low = (x & 0xffff) * r;
  const high = (x >>> 16) * r;
  return Math.floor((high + Math.floor(low / TWO_16)) / TWO_16);
}
