/**
 * Subsampling for the `nSamples` resource, index for index as scikit-learn's
 * `_SubsampleMetaSplitter`: every split's train (and test) indices are cut to
 * `int(fraction * length)` by `resample(indices, replace=False,
 * random_state=seed)`, i.e. numpy's legacy `RandomState(seed).shuffle` of
 * `arange(length)` and the first rows taken.
 *
 * This is the one place tunekit draws from numpy's Mersenne Twister instead of
 * its own {@link Rng}: the halving searches' subsamples then equal scikit-learn's
 * for the same `randomState`, so their results can be compared row for row.
 * Internal: not exported from the package.
 */

const N = 624;
const M = 397;

/** MT19937 seeded like numpy's `RandomState(seed)` (`mt19937_seed`), drawing 32-bit words. */
export class NumpyMT19937 {
  private readonly key = new Uint32Array(N);
  private pos = N;

  constructor(seed: number) {
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
  }

  /** The next 32-bit word (`genrand_int32`). */
  nextUint32(): number {
    if (this.pos >= N) this.generate();
    let y = this.key[this.pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform integer in [0, max] by masked rejection (numpy's legacy `random_interval`, max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  private generate(): void {
    const k = this.key;
    const upper = 0x80000000;
    const lower = 0x7fffffff;
    const mag = (y: number): number => (y & 1 ? 0x9908b0df : 0);
    let i = 0;
    for (; i < N - M; i++) {
      const y = ((k[i] as number) & upper) | ((k[i + 1] as number) & lower);
      k[i] = ((k[i + M] as number) ^ (y >>> 1) ^ mag(y)) >>> 0;
    }
    for (; i < N - 1; i++) {
      const y = ((k[i] as number) & upper) | ((k[i + 1] as number) & lower);
      k[i] = ((k[i + (M - N)] as number) ^ (y >>> 1) ^ mag(y)) >>> 0;
    }
    const y = ((k[N - 1] as number) & upper) | ((k[0] as number) & lower);
    k[N - 1] = ((k[M - 1] as number) ^ (y >>> 1) ^ mag(y)) >>> 0;
    this.pos = 0;
  }
}

/**
 * `sklearn.utils.resample(indices, replace=False, n_samples=n, random_state=seed)`:
 * a numpy legacy shuffle of the positions, the first `n` kept, in that order.
 */
export function resampleWithoutReplacement(indices: Int32Array, n: number, seed: number): Int32Array {
  const positions = Int32Array.from({ length: indices.length }, (_, i) => i);
  const mt = new NumpyMT19937(seed);
  for (let i = indices.length - 1; i >= 1; i--) {
    const j = mt.interval(i);
    const tmp = positions[i] as number;
    positions[i] = positions[j] as number;
    positions[j] = tmp;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = indices[positions[i] as number] as number;
  return out;
}

/**
 * One split cut to `budget` of the data's `nSamples` rows, as
 * `_SubsampleMetaSplitter(fraction=budget / nSamples, subsample_test=True)` does.
 */
export function subsampleSplit(train: Int32Array, test: Int32Array, budget: number, nSamples: number, seed: number): [Int32Array, Int32Array] {
  const fraction = budget / nSamples;
  return [
    resampleWithoutReplacement(train, Math.trunc(fraction * train.length), seed),
    resampleWithoutReplacement(test, Math.trunc(fraction * test.length), seed),
  ];
}
