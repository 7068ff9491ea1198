import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/core/random-state.js';
import { hypercubeVertices, shuffleColumns, shuffleRows } from '../../lib/datasets/generator-draws.js';

describe('generator draws', () => {
  it('gives distinct hypercube vertices, most significant bit first', () => {
    const vertices = hypercubeVertices(new RandomState(0), 8, 3);
    expect(new Set(vertices.map((v) => v.join(''))).size).toBe(8);
    expect(vertices.every((v) => v.length === 3 && v.every((b) => b === 0 || b === 1))).toBe(true);
  });

  it('draws the leading bits first past 30 dimensions', () => {
    const vertices = hypercubeVertices(new RandomState(1), 4, 32);
    const lead = new RandomState(1).randint(0, 2, 8);
    expect(vertices.map((v) => v.slice(0, 2))).toEqual([lead.slice(0, 2), lead.slice(2, 4), lead.slice(4, 6), lead.slice(6, 8)]);
  });

  it('shuffles rows and columns by numpy permutations', () => {
    const X = [[1, 2], [3, 4], [5, 6]];
    const order = Array.from(new RandomState(2).permutation(3));
    expect(shuffleRows(new RandomState(2), X, [0, 1, 2])).toEqual({ X: order.map((i) => X[i]), y: order });
    const rows = [[1, 2, 3]];
    const cols = shuffleColumns(new RandomState(3), rows, 3);
    expect(rows[0]).toEqual(Array.from(cols, (j) => [1, 2, 3][j]));
  });
});
