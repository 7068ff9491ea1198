import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { exactScan } from '../../../lib/estimators/neighbors/brute-force.js';
import { KDTree } from '../../../lib/estimators/neighbors/kd-tree.js';
import { referenceOrder } from './fixtures.js';

function randomRows(rng: Rng, n: number, d: number, integers: boolean): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => (integers ? rng.integer(0, 3) : rng.normal())));
}

describe('KDTree', () => {
  it('runs its TSDoc example', () => {
    const tree = KDTree.build(DenseMatrix.fromRows([[0, 0], [1, 1], [5, 5]]), 2, 1);
    expect(Array.from(tree.query(DenseMatrix.fromRows([[0.9, 0.9]]), 2).indices)).toEqual([1, 0]);
  });

  for (const p of [1, 2, 3, Infinity]) {
    for (const integers of [false, true]) {
      it(`equals the exact scan and a full sort by (distance, index) (p=${p}, ${integers ? 'many ties' : 'no ties'})`, () => {
        const rng = new Rng(17);
        const train = randomRows(rng, 300, 3, integers);
        const queries = randomRows(rng, 40, 3, integers);
        const X = DenseMatrix.fromRows(train);
        const Q = DenseMatrix.fromRows(queries);
        for (const leafSize of [1, 4, 30]) {
          const tree = KDTree.build(X, p, leafSize);
          for (const k of [1, 5, 31, 300]) {
            const found = tree.query(Q, k);
            const exact = exactScan(X, Q, k, p);
            expect(Array.from(found.indices)).toEqual(Array.from(exact.indices));
            expect(Array.from(found.reduced)).toEqual(Array.from(exact.reduced));
            queries.forEach((q, i) => {
              expect(Array.from(found.indices.subarray(i * k, (i + 1) * k))).toEqual(referenceOrder(train, q, p).slice(0, k));
            });
          }
        }
      });
    }
  }

  it('handles 1 row, 1 feature, duplicates and a leaf size larger than the data', () => {
    const one = DenseMatrix.fromRows([[2]]);
    expect(Array.from(KDTree.build(one, 2).query(DenseMatrix.fromRows([[0], [5]]), 1).indices)).toEqual([0, 0]);
    const dup = DenseMatrix.fromRows([[1], [1], [0], [1], [2], [1]]);
    for (const leafSize of [1, 2, 100]) {
      const found = KDTree.build(dup, 2, leafSize).query(DenseMatrix.fromRows([[1], [0.5]]), 4);
      expect(Array.from(found.indices)).toEqual([0, 1, 3, 5, 0, 1, 2, 3]);
    }
  });

  it('equals the exact scan on 15 features (the most scikit-learn\'s auto rule gives a tree)', () => {
    const rng = new Rng(4);
    const X = DenseMatrix.fromRows(randomRows(rng, 500, 15, false));
    const Q = DenseMatrix.fromRows(randomRows(rng, 30, 15, false));
    for (const k of [1, 10]) {
      const found = KDTree.build(X, 2).query(Q, k);
      const exact = exactScan(X, Q, k, 2);
      expect(Array.from(found.indices)).toEqual(Array.from(exact.indices));
      expect(Array.from(found.reduced)).toEqual(Array.from(exact.reduced));
    }
  });

  it('splits into a complete binary tree of nested ranges whose boxes hold their rows', () => {
    const rng = new Rng(2);
    const rows = randomRows(rng, 1000, 4, false);
    const tree = KDTree.build(DenseMatrix.fromRows(rows), 2, 30);
    // scikit-learn's depth for 1000 rows and leaf size 30: 1 + floor(log2(999 / 30)) = 6 levels
    expect(tree.nodes).toBe(63);
    expect(Array.from(tree.order).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    for (let node = 0; node < tree.nodes; node++) {
      if (node < tree.firstLeaf) {
        expect(tree.start[2 * node + 1]).toBe(tree.start[node]);
        expect(tree.end[2 * node + 1]).toBe(tree.start[2 * node + 2]);
        expect(tree.end[2 * node + 2]).toBe(tree.end[node]);
      } else {
        // scikit-learn's rule: between leafSize and 2 · leafSize rows per leaf
        expect(tree.end[node]! - tree.start[node]!).toBeGreaterThanOrEqual(30);
        expect(tree.end[node]! - tree.start[node]!).toBeLessThanOrEqual(60);
      }
      for (let i = tree.start[node]!; i < tree.end[node]!; i++) {
        rows[tree.order[i]!]!.forEach((v, f) => {
          expect(v).toBeGreaterThanOrEqual(tree.low[node * 4 + f]!);
          expect(v).toBeLessThanOrEqual(tree.high[node * 4 + f]!);
          expect(tree.data[i * 4 + f]).toBe(v);
        });
      }
    }
  });
});
