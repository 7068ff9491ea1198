import { describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarningsSync } from '../../../lib/core/warnings.js';
import { RepeatedKFold, RepeatedStratifiedKFold } from '../../../lib/model-selection/split/repeated.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { countClasses, expectThrows, shuffled } from './fixtures.js';

describe('RepeatedKFold', () => {
  it('defaults to 5 folds repeated 10 times', () => {
    const cv = new RepeatedKFold();
    expect([cv.nSplits, cv.nRepeats, cv.randomState, cv.getNSplits()]).toEqual([5, 10, undefined, 50]);
  });

  it.each(shuffled.RepeatedKFold.map((c) => [c.n_samples, c.n_splits, c.n_repeats, c] as const))(
    'keeps scikit-learn fold sizes (n=%i, k=%i, repeats=%i)',
    (n, k, r, c) => {
      const cv = new RepeatedKFold({ nSplits: k, nRepeats: r, randomState: 0 });
      expect(toLists(cv.split({ length: n })).map((s) => s.test.length)).toEqual(c.test_sizes);
      expect(cv.getNSplits()).toBe(c.n);
    },
  );

  it('shuffles each repetition differently', () => {
    const splits = toLists(new RepeatedKFold({ nSplits: 2, nRepeats: 3, randomState: 0 }).split({ length: 30 }));
    const firstFolds = [0, 2, 4].map((r) => JSON.stringify(splits[r]!.test));
    expect(new Set(firstFolds).size).toBe(3);
  });

  it('checks its input when split is called', () => {
    expectThrows(
      () => new RepeatedKFold({ nSplits: 4, randomState: 0 }).split({ length: 3 }),
      ValidationError,
      'Cannot have number of splits nSplits=4 greater than the number of samples: nSamples=3.',
    );
  });

  it('rejects nRepeats below 1', () => {
    expectThrows(
      () => new RepeatedKFold({ nRepeats: 0 }),
      InvalidParameterError,
      'The "nRepeats" option of RepeatedKFold must be an int in the range [1, inf). Got 0 instead.',
    );
  });

  it('rejects a shuffle option (it always shuffles)', () => {
    expectThrows(
      () => new RepeatedKFold({ shuffle: false } as unknown as { nSplits: number }),
      InvalidParameterError,
      'Unknown option "shuffle" for RepeatedKFold. Valid options are: "nSplits", "nRepeats", "randomState".',
    );
  });
});

describe('RepeatedStratifiedKFold', () => {
  it.each(shuffled.RepeatedStratifiedKFold.map((c, i) => [i, c] as const))(
    'keeps scikit-learn per-class fold counts (case %i)',
    (_, c) => {
      for (const seed of [0, 9]) {
        const cv = new RepeatedStratifiedKFold({ nSplits: c.n_splits, nRepeats: c.n_repeats, randomState: seed });
        const { result } = captureWarningsSync(() => Array.from(cv.split(c.y, c.y)));
        const counts = result.map(([train, test]) => ({
          train: countClasses(c.y, train, c.labels),
          test: countClasses(c.y, test, c.labels),
        }));
        expect(counts).toEqual(c.counts);
      }
    },
  );

  it('warns once per split call, not once per repetition', () => {
    const y = [0, 0, 0, 0, 0, 1];
    const { warnings } = captureWarningsSync(() =>
      Array.from(new RepeatedStratifiedKFold({ nSplits: 2, nRepeats: 4, randomState: 0 }).split(y, y)),
    );
    expect(warnings.map((w) => w.message)).toEqual([
      'The least populated class in y has only 1 members, which is less than nSplits=2.',
    ]);
  });
});
