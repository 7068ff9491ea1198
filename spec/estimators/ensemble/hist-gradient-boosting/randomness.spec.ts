import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../lib/core/errors.js';
import { RandomState } from '../../../../lib/core/random-state.js';
import { DenseMatrix } from '../../../../lib/core/data.js';
import { fitBinMapper } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/binning.js';
import { drawFitSeed, smallTrainingSubset, subsampleRows, validationSize, validationSplit } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/randomness.js';
import type { DataRecipe } from './_fixtures.js';
import { readFixture, recipeData } from './_fixtures.js';

interface SeededDraws {
  fitSeeds: {
    single: { randomState: number; seed: number }[];
    shared: { randomState: number; seeds: number[]; next: number[] };
  };
  splits: { n: number; validationFraction: number; classes: number[] | null; seed: number; train: number[]; validation: number[] }[];
  resamples: { n: number; size: number; classes: number[] | null; seed: number; rows: number[] }[];
  binSubsamples: {
    draws: { n: number; size: number; seed: number; rows: number[] }[];
    recipe: DataRecipe;
    mappers: { seed: number; subsample: number; thresholds: number[][] }[];
  };
}

const fixture = readFixture<SeededDraws>('seeded');
const codes = (classes: number[] | null) => (classes === null ? undefined : Int32Array.from(classes));

describe('the random draws of a HistGradientBoosting fit, against scikit-learn 1.2', () => {
  it('draws the fit seed (_random_seed) as scikit-learn does from an integer randomState', () => {
    for (const c of fixture.fitSeeds.single) expect(drawFitSeed(c.randomState), `randomState ${c.randomState}`).toBe(c.seed);
  });

  it('draws successive fit seeds from a shared RandomState, which advances', () => {
    const { randomState, seeds, next } = fixture.fitSeeds.shared;
    const rng = new RandomState(randomState);
    expect(seeds.map(() => drawFitSeed(rng))).toEqual(seeds);
    expect(rng.randint(0, 1000, 3)).toEqual(next);
  });

  it('splits off the validation rows as train_test_split does (fractions, counts, stratified)', () => {
    for (const c of fixture.splits) {
      const { train, validation } = validationSplit('HistGradientBoostingClassifier', c.seed, c.n, c.validationFraction, codes(c.classes));
      const label = `n=${c.n} validationFraction=${c.validationFraction} seed=${c.seed} ${c.classes === null ? 'plain' : 'stratified'}`;
      expect(Array.from(train), label).toEqual(c.train);
      expect(Array.from(validation), label).toEqual(c.validation);
    }
  });

  it('draws the rows a scorer sees as resample(replace=False) does (plain and stratified, with a gap in the class codes)', () => {
    for (const c of fixture.resamples) {
      const rows = smallTrainingSubset(c.seed, c.n, c.size, codes(c.classes));
      expect(Array.from(rows), `n=${c.n} size=${c.size} seed=${c.seed}`).toEqual(c.rows);
    }
  });

  it("draws the binning subsample as _BinMapper's rng.choice(n, size, replace=False)", () => {
    for (const c of fixture.binSubsamples.draws) expect(Array.from(subsampleRows(c.seed, c.n, c.size)), `seed ${c.seed}`).toEqual(c.rows);
  });

  it("bins on the subsample's rows: the thresholds of a _BinMapper with a subsample and a seed", () => {
    const { X } = recipeData(fixture.binSubsamples.recipe);
    const matrix = DenseMatrix.fromRows(X);
    for (const c of fixture.binSubsamples.mappers) {
      const mapper = fitBinMapper(matrix, { maxBins: 255, isCategorical: null, knownCategories: null, subsample: c.subsample, seed: c.seed });
      expect(mapper.thresholds.map((t) => Array.from(t)), `seed ${c.seed}`).toEqual(c.thresholds);
    }
  });
});

describe('the early-stopping split', () => {
  it('sizes the validation rows as train_test_split: a fraction rounded up, or a count', () => {
    expect(validationSize(1000, 0.1)).toBe(100);
    expect(validationSize(101, 0.1)).toBe(11);
    expect(validationSize(101, 7)).toBe(7);
  });

  it('splits every row into exactly one part, the same for the same seed', () => {
    const { train, validation } = validationSplit('HistGradientBoostingRegressor', 5, 103, 0.2);
    expect(validation.length).toBe(21);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(validationSplit('HistGradientBoostingRegressor', 5, 103, 0.2)).toEqual({ train, validation });
  });

  it('refuses to stratify a class with a single row, as scikit-learn does', () => {
    const classes = Int32Array.from({ length: 30 }, (_, i) => (i === 0 ? 2 : i % 2));
    expect(() => validationSplit('HistGradientBoostingClassifier', 0, 30, 0.2, classes)).toThrow(ValidationError);
    expect(() => validationSplit('HistGradientBoostingClassifier', 0, 30, 0.2, classes)).toThrow(
      'The early-stopping validation split of HistGradientBoostingClassifier is stratified, and the least populated class in y has only 1 member, which is too few: ' +
        'every class needs at least 2. Set earlyStopping: false or validationFraction: null, or provide more rows of that class.',
    );
  });

  it('refuses a validation part with fewer rows than classes', () => {
    const classes = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    expect(() => validationSplit('HistGradientBoostingClassifier', 0, 40, 3, classes)).toThrow(
      'The early-stopping split of HistGradientBoostingClassifier would hold 3 validation rows, fewer than the 4 classes: every class needs a row in it (validationFraction is 3). Increase validationFraction.',
    );
  });
});
