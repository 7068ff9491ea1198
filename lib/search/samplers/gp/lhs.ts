/**
 * Latin hypercube designs on [0, 1)^d: each of the `n` strata of every axis holds
 * exactly one point. With `iterations > 1`, the design with the largest smallest
 * pairwise distance is kept (the "maximin" criterion).
 */
import type { Rng } from '../../../core/rng.js';
import { checkInteger } from '../../../core/validate.js';

/** Options of {@link latinHypercube}. */
export interface LatinHypercubeOptions {
  /** Random designs to draw; the maximin one is returned. @default 20 */
  readonly iterations?: number | undefined;
  /** Put points at the centre of their strata instead of uniformly inside them. @default false */
  readonly centered?: boolean | undefined;
}

function draw(n: number, d: number, rng: Rng, centered: boolean): Float64Array[] {
  const points = Array.from({ length: n }, () => new Float64Array(d));
  for (let j = 0; j < d; j++) {
    const perm = rng.permutation(n);
    for (let i = 0; i < n; i++) (points[i] as Float64Array)[j] = ((perm[i] as number) + (centered ? 0.5 : rng.random())) / n;
  }
  return points;
}

function minDistance(points: readonly Float64Array[]): number {
  let best = Infinity;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Float64Array;
    for (let k = i + 1; k < points.length; k++) {
      const b = points[k] as Float64Array;
      let s = 0;
      for (let j = 0; j < a.length; j++) s += ((a[j] as number) - (b[j] as number)) ** 2;
      if (s < best) best = s;
    }
  }
  return best;
}

/**
 * `n` points of a Latin hypercube in `d` dimensions.
 * @example
 * ```ts
 * const design = latinHypercube(10, 3, new Rng(0)); // 10 points, one per stratum on each axis
 * ```
 */
export function latinHypercube(n: number, d: number, rng: Rng, options: LatinHypercubeOptions = {}): Float64Array[] {
  checkInteger('latinHypercube', 'n', n, { min: 0 }, 'argument');
  checkInteger('latinHypercube', 'd', d, { min: 1 }, 'argument');
  const iterations = checkInteger('latinHypercube', 'iterations', options.iterations ?? 20, { min: 1 });
  let best = draw(n, d, rng, options.centered ?? false);
  if (n < 3) return best;
  let bestScore = minDistance(best);
  for (let it = 1; it < iterations; it++) {
    const cand = draw(n, d, rng, options.centered ?? false);
    const score = minDistance(cand);
    if (score > bestScore) {
      best = cand;
      bestScore = score;
    }
  }
  return best;
}
