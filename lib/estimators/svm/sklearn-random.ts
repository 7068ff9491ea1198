/**
 * The random streams scikit-learn's SVC uses for its probability estimates, so that
 * `randomState` gives the same Platt-scaling folds as scikit-learn's `random_state`.
 *
 * scikit-learn's `fit` draws a libsvm seed from numpy's legacy `RandomState`
 * (`check_random_state(random_state).randint(np.iinfo("i").max)`: tunekit's
 * {@link RandomState}), seeds its libsvm fork's `std::mt19937` with it and shuffles
 * each pair of classes with a "tweaked Lemire" bounded draw
 * (`sklearn/svm/src/newrand/newrand.h`). The last two are libsvm's own generator,
 * reproduced here.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';

const N = 624;
const M = 397;

/** The Mersenne Twister MT19937 (`std::mt19937`, numpy's legacy `RandomState`). */
export class Mt19937 {
  private readonly state = new Uint32Array(N);
  private index = N;

  /** @param seed - an integer in [0, 2^32); 5489 is `std::mt19937`'s default. */
  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** Reseeds (`init_genrand`). */
  seed(seed: number): void {
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.index = N;
  }

  /** The next 32-bit output. */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.state;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}

/**
 * The seed scikit-learn's `fit` hands to libsvm:
 * `check_random_state(random_state).randint(np.iinfo("i").max)`. A seed starts a
 * fresh `RandomState(seed)`; a {@link RandomState} is drawn from (one draw per fit,
 * so it advances as numpy's does); null draws from a freshly seeded one.
 */
export function libsvmSeedFromRandomState(randomState: RandomStateLike | null): number {
  return resolveRandomState(randomState).randint(2 ** 31 - 1);
}

/** scikit-learn's `bounded_rand_int(range)`: a draw in [0, range) (range ≥ 1). */
export function boundedRandInt(mt: Mt19937, range: number): number {
  const r = BigInt(range >>> 0);
  let m = BigInt(mt.nextUint32()) * r;
  let low = Number(m & 0xffffffffn);
  if (low < range) {
    let t = (2 ** 32 - range) % 2 ** 32; // -range as a uint32
    if (t >= range) {
      t -= range;
      if (t >= range) t %= range;
    }
    while (low < t) {
      m = BigInt(mt.nextUint32()) * r;
      low = Number(m & 0xffffffffn);
    }
  }
  return Number(m >> 32n);
}
