import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { exactScan } from '../../../lib/estimators/neighbors/brute-force.js';
import { neighborsKernels } from '../../../lib/estimators/neighbors/euclidean-kernel.js';
import { exactNeighbors } from '../../../lib/estimators/neighbors/exact-kernel.js';
import { referenceOrder } from './fixtures.js';

function rows(rng: Rng, n: number, d: number, integers: boolean): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => (integers ? rng.integer(0, 3) : rng.normal())));
}

describe('exactNeighbors (wasm SIMD exact scan)', () => {
  for (const p of [1, 2, Infinity]) {
    // odd sizes: rows not a multiple of 4, 1 row, 1 feature, more than 16 features (early drops)
    for (const [n, d, integers] of [[1, 1, false], [3, 2, false], [7, 1, true], [57, 5, false], [203, 40, false], [300, 3, true], [250, 33, true]] as const) {
      it(`equals the JavaScript scan to the bit (p=${p}, ${n} x ${d}${integers ? ', many ties' : ''})`, () => {
        const rng = new Rng(n + d);
        const train = rows(rng, n, d, integers);
        const queries = rows(rng, 11, d, integers);
        const X = DenseMatrix.fromRows(train);
        const Q = DenseMatrix.fromRows(queries);
        for (const k of new Set([1, Math.min(n, 4), Math.min(n, 17), n])) {
          const found = exactNeighbors(X, Q, k, p)!;
          const expected = exactScan(X, Q, k, p);
          expect(Array.from(found.indices)).toEqual(Array.from(expected.indices));
          expect(Array.from(found.reduced)).toEqual(Array.from(expected.reduced));
          queries.forEach((q, i) => {
            expect(Array.from(found.indices.subarray(i * k, (i + 1) * k))).toEqual(referenceOrder(train, q, p).slice(0, k));
          });
        }
      });
    }
  }

  it('has no kernel for other orders', () => {
    const X = DenseMatrix.fromRows([[0], [1]]);
    expect(exactNeighbors(X, X, 1, 3)).toBeUndefined();
    expect(exactNeighbors(X, X, 1, 0.5)).toBeUndefined();
  });

  it('leaves no kernel memory in use', () => {
    const X = DenseMatrix.fromRows([[0, 1], [1, 1], [3, 2]]);
    const before = neighborsKernels.bytesInUse;
    exactNeighbors(X, X, 2, 1);
    expect(neighborsKernels.bytesInUse).toBe(before);
  });
});
