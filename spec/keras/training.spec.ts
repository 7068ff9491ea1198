import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/core/errors.js';
import { Rng } from '../../lib/core/rng.js';
import { carveValidation } from '../../lib/keras/training.js';

describe('carveValidation', () => {
  it('holds out round(n * fraction) rows, disjoint from the training rows and sorted', () => {
    const { train, validation } = carveValidation('T.fit', 50, 0.2, new Rng(0));
    expect(validation!.length).toBe(10);
    expect(train.length).toBe(40);
    expect(new Set([...train, ...validation!]).size).toBe(50);
    expect([...validation!]).toEqual([...validation!].sort((a, b) => a - b));
  });

  it('keeps every class share when stratified (largest remainders get the extra rows)', () => {
    const strata = Int32Array.from({ length: 40 }, (_, i) => (i < 14 ? 0 : i < 27 ? 1 : 2));
    const { validation } = carveValidation('T.fit', 40, 0.2, new Rng(1), strata);
    expect(validation!.length).toBe(8);
    const counts = [0, 1, 2].map((c) => [...validation!].filter((i) => strata[i] === c).length);
    expect(counts).toEqual([3, 3, 2]);
  });

  it('is reproducible for a seed and keeps every row for training without a split', () => {
    expect(carveValidation('T.fit', 30, 0.3, new Rng(5))).toEqual(carveValidation('T.fit', 30, 0.3, new Rng(5)));
    const none = carveValidation('T.fit', 5, 0, new Rng(0));
    expect(none.validation).toBeUndefined();
    expect([...none.train]).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a split that leaves either side empty', () => {
    expect(() => carveValidation('KerasClassifier.fit', 4, 0.1, new Rng(0))).toThrow(
      new ValidationError('The "validationSplit" parameter of KerasClassifier.fit must leave rows on both sides: 0.1 of 4 rows gives 0 validation rows. Use a larger validationSplit or more rows.', {
        owner: 'KerasClassifier.fit',
        argument: 'validationSplit',
        value: 0.1,
        expected: 'a fraction leaving training and validation rows',
      }),
    );
  });
});
