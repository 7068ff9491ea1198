import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/core/errors.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { approximateMode, StratifiedShuffleSplit } from '../../../lib/model-selection/split/stratified-shuffle-split.js';
import { toLists } from '../../contracts/splitter.contract.js';
import { countClasses, expectThrows, opt, shuffled } from './fixtures.js';

describe('approximateMode', () => {
  it.each(shuffled.approximate_mode.map((c) => [JSON.stringify(c.class_counts), c.n_draws, c] as const))(
    "matches scikit-learn's _approximate_mode (counts=%s, draws=%i)",
    (_, draws, c) => {
      const seen = new Set<string>();
      for (let seed = 0; seed < 50; seed++) {
        const result = approximateMode(c.class_counts, draws, new RandomState(seed));
        expect(result.reduce((a, b) => a + b, 0)).toBe(draws);
        expect(c.outcomes).toContainEqual(result);
        seen.add(JSON.stringify(result));
      }
      // deterministic cases give one answer; tie-breaks reach every scikit-learn outcome
      expect(seen.size).toBe(c.deterministic ? 1 : c.outcomes.length);
    },
  );
});

describe('StratifiedShuffleSplit', () => {
  it('defaults to 10 splits of 10% test samples', () => {
    const cv = new StratifiedShuffleSplit({ randomState: 0 });
    expect(cv.getNSplits()).toBe(10);
    const y = Array.from({ length: 40 }, (_, i) => i % 2);
    expect(toLists(cv.split(y, y)).every((s) => s.test.length === 4 && s.train.length === 36)).toBe(true);
  });

  it.each(shuffled.StratifiedShuffleSplit.map((c, i) => [i, c.deterministic ? 'exact' : 'tie-broken', c] as const))(
    'draws scikit-learn class counts (case %i, %s)',
    (_, __, c) => {
      for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
        const cv = new StratifiedShuffleSplit({
          nSplits: 2,
          testSize: opt(c.test_size),
          trainSize: opt(c.train_size),
          randomState: seed,
        });
        for (const [train, test] of cv.split({ length: c.y.length }, c.y)) {
          const counts = { train: countClasses(c.y, train, c.labels), test: countClasses(c.y, test, c.labels) };
          expect(c.outcomes).toContainEqual(counts);
        }
      }
    },
  );

  it('stratifies a 2-D target on its distinct rows', () => {
    const y = [[0, 1], [0, 1], [1, 0], [1, 0], [0, 1], [1, 0]];
    for (const [, test] of new StratifiedShuffleSplit({ nSplits: 3, testSize: 2, randomState: 0 }).split(y, y)) {
      expect(new Set(Array.from(test, (i) => y[i]!.join()))).toEqual(new Set(['0,1', '1,0']));
    }
  });

  it('draws reproducibly for a seed', () => {
    const y = Array.from({ length: 30 }, (_, i) => i % 3);
    const run = (seed: number) => toLists(new StratifiedShuffleSplit({ nSplits: 3, testSize: 0.2, randomState: seed }).split(y, y));
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });

  describe('rejects bad input', () => {
    it('a class with a single member', () => {
      expectThrows(
        () => new StratifiedShuffleSplit({ testSize: 0.5 }).split({ length: 5 }, [0, 0, 1, 1, 2]),
        ValidationError,
        'The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.',
      );
    });

    it('a test set smaller than the number of classes', () => {
      expectThrows(
        () => new StratifiedShuffleSplit({ testSize: 2 }).split({ length: 6 }, [0, 0, 1, 1, 2, 2]),
        ValidationError,
        'The test set of StratifiedShuffleSplit would hold 2 samples, fewer than the 3 classes: every class needs a member in it. Increase testSize.',
      );
    });

    it('a missing y', () => {
      expectThrows(
        () => new StratifiedShuffleSplit().split({ length: 6 }),
        ValidationError,
        'The "y" argument of StratifiedShuffleSplit.split must be an array of class labels (one per sample). Got undefined instead.',
      );
    });
  });
});
