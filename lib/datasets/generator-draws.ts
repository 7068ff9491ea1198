/**
 * The draws and array steps the dataset generators share, each as scikit-learn's
 * generators make it with numpy's legacy `RandomState`. Internal to `datasets`.
 */
import { checkRandomStateOption, resolveRandomState } from '../core/check-random-state.js';
import type { RandomState } from '../core/random-state.js';
import { sampleWithoutReplacement } from '../core/sample-without-replacement.js';
import type { Constraint } from '../core/validate.js';
import { satisfies } from '../core/validate.js';

/** An array (of at least `minLength` items) whose items pass `test`, described in words. */
export function listOf(description: string, test: (v: unknown) => boolean, minLength = 0): Constraint {
  return satisfies(description, (v) => Array.isArray(v) && v.length >= minLength && v.every(test));
}

export const isFiniteNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** `rng.standard_normal(size=(rows, columns))`, row after row. */
export function standardNormalMatrix(rng: RandomState, rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, () => Array.from(rng.standardNormal(columns)));
}

/** `rng.uniform(size=(rows, columns))`, row after row. */
export function uniformMatrix(rng: RandomState, rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, () => Array.from(rng.uniform(0, 1, columns)));
}

/** Shuffles rows (X and y together), as scikit-learn's `utils.shuffle` (a numpy shuffle of 0..n-1). */
export function shuffleRows(rng: RandomState, X: number[][], y: number[]): { X: number[][]; y: number[] } {
  const order = rng.permutation(X.length);
  return { X: Array.from(order, (i) => X[i] as number[]), y: Array.from(order, (i) => y[i] as number) };
}

/** A random column order (a numpy shuffle of 0..columns-1), applied to every row. */
export function shuffleColumns(rng: RandomState, X: number[][], columns: number): Int32Array {
  const order = rng.permutation(columns);
  for (let i = 0; i < X.length; i++) {
    const row = X[i] as number[];
    X[i] = Array.from(order, (j) => row[j] as number);
  }
  return order;
}

/** The `randomState` option of the generators. */
export function generatorRandomState(owner: string, value: unknown): RandomState {
  return resolveRandomState(checkRandomStateOption(owner, value));
}

/**
 * `count` distinct binary vectors of length `dimensions` (scikit-learn's
 * `_generate_hypercube`): past 30 dimensions, random leading bits (drawn first),
 * then distinct vertices of the 30-dimensional cube, most significant bit first.
 */
export function hypercubeVertices(rng: RandomState, count: number, dimensions: number): number[][] {
  if (dimensions > 30) {
    const lead = rng.randint(0, 2, count * (dimensions - 30));
    const tail = hypercubeVertices(rng, count, 30);
    return tail.map((bits, i) => [...lead.slice(i * (dimensions - 30), (i + 1) * (dimensions - 30)), ...bits]);
  }
  const picks = sampleWithoutReplacement(2 ** dimensions, count, rng);
  return picks.map((v) => Array.from({ length: dimensions }, (_, c) => Math.floor(v / 2 ** (dimensions - 1 - c)) % 2));
}

/** The sum of `row[j] * weights[j]` over the first `n` entries, in order. */
export function dot(row: readonly number[], weights: readonly number[], n: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += (row[j] as number) * (weights[j] as number);
  return s;
}
