/**
 * Replays spec/fixtures/datasets/seeded.py (scikit-learn 1.2.1's
 * make_classification, make_regression and make_blobs for given seeds).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { makeBlobs, makeClassification, makeRegression } from '../../lib/datasets/generators.js';

export interface GeneratedCase {
  generator: 'makeClassification' | 'makeRegression' | 'makeBlobs';
  options: Record<string, unknown>;
  seed: number;
  X: number[][];
  y: number[];
  coef?: number[];
  centers?: number[][];
}

export function loadGeneratedCases(file: string): GeneratedCase[] {
  return (JSON.parse(readFileSync(new URL(`../fixtures/datasets/${file}`, import.meta.url), 'utf8')) as { cases: GeneratedCase[] }).cases;
}

export function caseTitle(c: GeneratedCase): string {
  return `${c.generator}(${JSON.stringify(c.options)}), seed ${c.seed}`;
}

/**
 * Features agree to 1e-12 relative (scikit-learn's matrix products go through
 * BLAS, which sums in another order; a Gaussian draw may be one bit off);
 * everything else — labels, coefficients, centres, which row is where — exactly.
 */
function expectCloseMatrix(actual: number[][], expected: number[][], what: string): void {
  expect(actual.length, `${what} rows`).toBe(expected.length);
  expected.forEach((row, i) => {
    expect(actual[i]!.length, `${what} row ${i} length`).toBe(row.length);
    row.forEach((e, j) => {
      const a = actual[i]![j]!;
      if (!(Math.abs(a - e) <= 1e-12 * (1 + Math.abs(e)))) expect.fail(`${what}[${i}][${j}]: ${a} vs scikit-learn's ${e}`);
    });
  });
}

export function expectGeneratedCase(c: GeneratedCase): void {
  const options = { ...c.options, randomState: c.seed };
  switch (c.generator) {
    case 'makeClassification': {
      const { X, y } = makeClassification(options);
      expect(y).toEqual(c.y);
      expectCloseMatrix(X, c.X, 'X');
      break;
    }
    case 'makeRegression': {
      const { X, y, coef } = makeRegression(options);
      expect(coef).toEqual(c.coef);
      expectCloseMatrix(X, c.X, 'X');
      expectCloseMatrix([y], [c.y], 'y');
      break;
    }
    case 'makeBlobs': {
      const { X, y, centers } = makeBlobs(options as never);
      expect(y).toEqual(c.y);
      expect(centers).toEqual(c.centers);
      expectCloseMatrix(X, c.X, 'X');
      break;
    }
  }
}
