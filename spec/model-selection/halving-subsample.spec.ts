import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/core/random-state.js';
import { HalvingSubsampler, resampleWithoutReplacement, subsampleSplit } from '../../lib/model-selection/halving-subsample.js';
import type { SplitPair } from '../../lib/model-selection/split/base.js';
import { KFold } from '../../lib/model-selection/split/k-fold.js';

const nSamples = 60;
const splits: SplitPair[] = [...new KFold({ nSplits: 3 }).split({ length: nSamples })];
const budgets = [10, 30, 60];

/** What scikit-learn draws from one RandomState: per split, the train rows' permutation, then the test rows'. */
function expectedCut(rng: RandomState, budget: number): SplitPair[] {
  const fraction = budget / nSamples;
  const take = (rows: Int32Array) => {
    const order = rng.permutation(rows.length);
    return Int32Array.from(order.subarray(0, Math.trunc(fraction * rows.length)), (p) => rows[p]!);
  };
  return splits.map(([train, test]) => {
    const cutTrain = take(train);
    return [cutTrain, take(test)];
  });
}

describe('resampleWithoutReplacement', () => {
  it('takes the first rows of a numpy permutation of the positions, from a seed or a RandomState', () => {
    const indices = Int32Array.from({ length: 20 }, (_, i) => 100 + i);
    const order = new RandomState(4).permutation(20);
    const expected = Array.from(order.subarray(0, 7), (p) => 100 + p);
    expect(Array.from(resampleWithoutReplacement(indices, 7, 4))).toEqual(expected);
    expect(Array.from(resampleWithoutReplacement(indices, 7, new RandomState(4)))).toEqual(expected);
  });
});

describe('HalvingSubsampler', () => {
  it('cuts each budget from a fresh RandomState(seed) for a seed, whatever the order', () => {
    const subsampler = new HalvingSubsampler(8, budgets);
    const late = subsampler.cut(splits, 30, nSamples);
    expect(late).toEqual(splits.map(([train, test]) => subsampleSplit(train, test, 30, nSamples, 8)));
    // every resample call starts a fresh RandomState(8): each split's train and test rows alike
    const fresh = (rows: Int32Array, n: number) => Int32Array.from(new RandomState(8).permutation(rows.length).subarray(0, n), (p) => rows[p]!);
    expect(subsampler.cut(splits, 10, nSamples)).toEqual(splits.map(([train, test]) => [fresh(train, 6), fresh(test, 3)]));
  });

  it("draws a shared RandomState's cuts in iteration order, split by split, train before test", () => {
    const shared = new RandomState(5);
    const subsampler = new HalvingSubsampler(shared, budgets);
    const reference = new RandomState(5);
    for (const budget of budgets) expect(subsampler.cut(splits, budget, nSamples), `budget ${budget}`).toEqual(expectedCut(reference, budget));
    expect(shared.getState()).toEqual(reference.getState());
  });

  it('gives a later budget the same rows when it is asked for first (a resumed study), drawing the earlier ones before it', () => {
    const inOrder = new HalvingSubsampler(new RandomState(5), budgets);
    const expected = budgets.map((b) => inOrder.cut(splits, b, nSamples));
    const resumed = new HalvingSubsampler(new RandomState(5), budgets);
    expect(resumed.cut(splits, 60, nSamples)).toEqual(expected[2]);
    expect(resumed.cut(splits, 10, nSamples)).toEqual(expected[0]);
    expect(resumed.cut(splits, 30, nSamples)).toEqual(expected[1]);
  });
});
