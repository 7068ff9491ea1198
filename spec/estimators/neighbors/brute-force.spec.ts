import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { kNearestNeighbors } from '../../../lib/estimators/neighbors/brute-force.js';
import { referenceOrder } from './fixtures.js';

function randomRows(rng: Rng, n: number, d: number, integers: boolean): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => (integers ? rng.integer(0, 3) : rng.normal())));
}

describe('kNearestNeighbors', () => {
  it('runs its TSDoc example', () => {
    const train = DenseMatrix.fromRows([[0], [1], [3]]);
    const { indices, distances } = kNearestNeighbors(train, DenseMatrix.fromRows([[0.9]]), 2, 2);
    expect(Array.from(indices)).toEqual([1, 0]);
    expect(distances[0]).toBeCloseTo(0.1, 15);
    expect(distances[1]).toBeCloseTo(0.9, 15);
  });

  for (const p of [1, 2, 3, Infinity]) {
    for (const integers of [false, true]) {
      it(`selects what a full sort by (distance, index) gives (p=${p}, ${integers ? 'many ties' : 'no ties'})`, () => {
        const rng = new Rng(7);
        const train = randomRows(rng, 200, 3, integers);
        const queries = randomRows(rng, 30, 3, integers);
        for (const k of [1, 4, 17, 200]) {
          const { indices } = kNearestNeighbors(DenseMatrix.fromRows(train), DenseMatrix.fromRows(queries), k, p);
          queries.forEach((q, i) => {
            expect(Array.from(indices.subarray(i * k, (i + 1) * k))).toEqual(referenceOrder(train, q, p).slice(0, k));
          });
        }
      });
    }
  }

  it('returns distances, not the reduced ones', () => {
    const train = DenseMatrix.fromRows([[3, 4]]);
    const query = DenseMatrix.fromRows([[0, 0]]);
    expect(kNearestNeighbors(train, query, 1, 2).distances[0]).toBe(5);
    expect(kNearestNeighbors(train, query, 1, 1).distances[0]).toBe(7);
    expect(kNearestNeighbors(train, query, 1, Infinity).distances[0]).toBe(4);
    expect(kNearestNeighbors(train, query, 1, 3).distances[0]).toBeCloseTo(91 ** (1 / 3), 14);
  });

  it('leaves each query\'s own row out with excludeSelf', () => {
    const X = DenseMatrix.fromRows([[0], [1], [3], [6]]);
    const { indices, distances } = kNearestNeighbors(X, X, 2, 1, { excludeSelf: true });
    expect(Array.from(indices)).toEqual([1, 2, 0, 2, 1, 0, 2, 1]);
    expect(Array.from(distances)).toEqual([1, 3, 1, 2, 2, 3, 3, 5]);
  });

  it('with excludeSelf, drops the nearest duplicate when the row itself is not among the k + 1', () => {
    // rows 0, 1, 2 coincide: for row 2 the k + 1 = 2 nearest are rows 0 and 1
    const X = DenseMatrix.fromRows([[0], [0], [0], [5]]);
    const { indices } = kNearestNeighbors(X, X, 1, 2, { excludeSelf: true });
    expect(Array.from(indices)).toEqual([1, 0, 1, 0]);
  });
});
