/**
 * scikit-learn's `sample_without_replacement` (`sklearn/utils/_random.pyx`), draw
 * for draw: which of its three algorithms runs depends on the share of the
 * population drawn, and each consumes a {@link RandomState} differently.
 * ParameterSampler (over lists) and makeClassification (hypercube vertices) use it.
 */
import type { RandomState } from './random-state.js';
import { invalidParameter } from './validate.js';

/**
 * `nSamples` distinct integers from [0, nPopulation), as scikit-learn's
 * `sample_without_replacement(n_population, n_samples, random_state=rng)` with the
 * default method `"auto"`: a prefix of `rng.permutation(nPopulation)` when the
 * ratio is in (0.01, 0.99); below 0.2 (so below 0.01), tracking selection (redraw
 * `rng.randint(nPopulation)` until unseen); otherwise reservoir sampling (in
 * increasing order, then replaced at random).
 *
 * @example
 * ```ts
 * sampleWithoutReplacement(10, 5, new RandomState(42)); // [8, 1, 5, 0, 7], as scikit-learn
 * ```
 */
export function sampleWithoutReplacement(nPopulation: number, nSamples: number, rng: RandomState): number[] {
  const owner = 'sampleWithoutReplacement';
  if (!Number.isSafeInteger(nPopulation) || nPopulation < 0) {
    throw invalidParameter(owner, 'nPopulation', 'an int >= 0', nPopulation, { kind: 'argument' });
  }
  if (!Number.isSafeInteger(nSamples) || nSamples < 0 || nSamples > nPopulation) {
    throw invalidParameter(owner, 'nSamples', `an int in the range [0, ${nPopulation}] (nPopulation)`, nSamples, { kind: 'argument' });
  }
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99) return Array.from(rng.permutation(nPopulation).subarray(0, nSamples));
  if (ratio < 0.2) {
    const selected = new Set<number>();
    const out = new Array<number>(nSamples);
    for (let i = 0; i < nSamples; i++) {
      let j = rng.randint(nPopulation);
      while (selected.has(j)) j = rng.randint(nPopulation);
      selected.add(j);
      out[i] = j;
    }
    return out;
  }
  const out = Array.from({ length: nSamples }, (_, i) => i);
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}
