import { describe, expect, it } from 'vitest';
import { drawFitSeed, smallTrainingSubset, subsampleRows, validationSize, validationSplit } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/randomness.js';

describe('the random draws of a HistGradientBoosting fit', () => {
  it('draws the same fit seed for the same randomState', () => {
    expect(drawFitSeed(3)).toBe(drawFitSeed(3));
    expect(drawFitSeed(3)).not.toBe(drawFitSeed(4));
  });

  it('sizes the validation rows as train_test_split: a fraction rounded up, or a count', () => {
    expect(validationSize(1000, 0.1)).toBe(100);
    expect(validationSize(101, 0.1)).toBe(11);
    expect(validationSize(101, 7)).toBe(7);
  });

  it('splits every row into exactly one part', () => {
    const { train, validation } = validationSplit(5, 103, 0.2);
    expect(validation.length).toBe(21);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    expect(validationSplit(5, 103, 0.2)).toEqual({ train, validation });
  });

  it('keeps each class its share of the validation rows when stratified', () => {
    const classes = Int32Array.from({ length: 200 }, (_, i) => (i < 150 ? 0 : i < 190 ? 1 : 2));
    const { train, validation } = validationSplit(1, 200, 0.1, classes);
    const count = (rows: Int32Array, c: number) => Array.from(rows).filter((r) => classes[r] === c).length;
    expect([count(validation, 0), count(validation, 1), count(validation, 2)]).toEqual([15, 4, 1]);
    expect(train.length + validation.length).toBe(200);
  });

  it('draws distinct rows for the binning subsample and the small training set', () => {
    const rows = subsampleRows(2, 1000, 300);
    expect(new Set(rows).size).toBe(300);
    const classes = Int32Array.from({ length: 1000 }, (_, i) => i % 4);
    const small = smallTrainingSubset(2, 1000, 100, classes);
    expect(new Set(small).size).toBe(100);
    for (let c = 0; c < 4; c++) expect(Array.from(small).filter((r) => classes[r] === c).length).toBe(25);
  });
});
