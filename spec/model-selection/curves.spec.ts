import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureWarnings } from '../../lib/core/warnings.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { learningCurve, translateTrainSizes, validationCurve } from '../../lib/model-selection/curves.js';
import { KFold } from '../../lib/model-selection/split/index.js';

const f = JSON.parse(readFileSync(new URL('../fixtures/search/curves.json', import.meta.url), 'utf8')) as {
  X: number[][];
  y: number[];
  learning: { train_sizes: number[]; train_sizes_abs: number[]; train_scores: number[][]; test_scores: number[][] };
  learning_abs: { train_sizes: number[]; train_sizes_abs: number[] };
  validation: { param_range: number[]; train_scores: number[][]; test_scores: number[][] };
};

function close2d(a: number[][], b: number[][], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i]![j]!)).toBeLessThan(tol)));
}

describe('learningCurve', () => {
  it('equals scikit-learn’s learning_curve for Ridge on diabetes', async () => {
    const r = await learningCurve(new Ridge({ alpha: 0.1 }), f.X, f.y, { trainSizes: f.learning.train_sizes, cv: new KFold({ nSplits: 5 }) });
    expect(r.trainSizesAbs).toEqual(f.learning.train_sizes_abs);
    close2d(r.trainScores, f.learning.train_scores, 1e-8);
    close2d(r.testScores, f.learning.test_scores, 1e-8);
    expect(r.fitTimes).toHaveLength(5);
    expect(r.fitTimes[0]).toHaveLength(5);
  });
  it('reads integer sizes as counts', () => {
    expect(translateTrainSizes(f.learning_abs.train_sizes, 353)).toEqual(f.learning_abs.train_sizes_abs);
  });
  it('removes duplicate sizes with a warning', async () => {
    const { result, warnings } = await captureWarnings(() => translateTrainSizes([0.1, 0.1001, 1], 100));
    expect(result).toEqual([10, 100]);
    expect(warnings[0]!.message).toBe(
      'Removed duplicate entries from "trainSizes". Number of ticks will be less than the size of "trainSizes": 2 instead of 3.',
    );
  });
  it('rejects sizes out of range', () => {
    expect(() => translateTrainSizes([0, 0.5], 100)).toThrow(
      'The "trainSizes" option of learningCurve was read as fractions of the largest training split and must be within (0, 1]. Got values within [0, 0.5] instead.',
    );
    expect(() => translateTrainSizes([10, 500], 100)).toThrow(
      'The "trainSizes" option of learningCurve was read as absolute numbers of training samples and must be within (0, 100]. Got values within [10, 500] instead.',
    );
    expect(() => translateTrainSizes([], 100)).toThrow('The "trainSizes" option of learningCurve must be a non-empty array of numbers. Got [] instead.');
  });
  it('shuffles reproducibly with a randomState', async () => {
    const run = () => learningCurve(new Ridge(), f.X, f.y, { trainSizes: [0.2, 1], cv: 3, shuffle: true, randomState: 4 });
    expect((await run()).testScores).toEqual((await run()).testScores);
  });
});

describe('validationCurve', () => {
  it('equals scikit-learn’s validation_curve for Ridge alpha on diabetes', async () => {
    const r = await validationCurve(new Ridge(), f.X, f.y, { paramName: 'alpha', paramRange: f.validation.param_range, cv: new KFold({ nSplits: 5 }) });
    close2d(r.trainScores, f.validation.train_scores, 1e-8);
    close2d(r.testScores, f.validation.test_scores, 1e-8);
  });
  it('rejects an unknown parameter before any fit', async () => {
    await expect(validationCurve(new Ridge(), f.X, f.y, { paramName: 'alpah', paramRange: [1] })).rejects.toThrow('Unknown parameter "alpah" for Ridge.');
    await expect(validationCurve(new Ridge(), f.X, f.y, { paramName: 'alpha', paramRange: [] })).rejects.toThrow(
      'The "paramRange" option of validationCurve must be a non-empty array. Got [] instead.',
    );
  });
});
