/**
 * The synthetic test functions of the suite, as defined by the peer record
 * (`../shared/peers/bo_quality.py`): Branin, Hartmann-6, Rosenbrock-2, Ackley-5
 * and mixed Branin, minimized, with their known optima.
 *
 * Multi-fidelity strategies need a cheap, biased version of each function: the
 * "augmented" functions of BoTorch's `test_functions/multi_fidelity.py`, with a
 * fidelity s in (0, 1] that equals the function itself at s = 1:
 *   Branin     b(s) = 5.1 / (4π²) − 0.1 (1 − s)
 *   Hartmann-6 α₁(s) = 1 − 0.1 (1 − s)
 *   Rosenbrock 100 (x₂ − x₁² + 0.1 (1 − s))² + (x₁ − 1 + 0.1 (1 − s)²)²
 * Ackley has no standard multi-fidelity variant, so the multi-fidelity
 * strategies skip it.
 */

/**
 * Branin on [-5, 10] × [0, 15] (minimum 0.397887), with BoTorch's fidelity term.
 * @example
 * ```ts
 * branin(Math.PI, 2.275); // 0.397887...
 * ```
 */
export function branin(x1: number, x2: number, s = 1): number {
  const b = 5.1 / (4 * Math.PI ** 2) - 0.1 * (1 - s);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));
const H_ALPHA = [1.0, 1.2, 3.0, 3.2];

/**
 * Hartmann-6 on [0, 1]^6 (minimum −3.32237), with BoTorch's fidelity term on α₁.
 * @example
 * ```ts
 * hartmann6([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]); // -3.32237
 * ```
 */
export function hartmann6(x: readonly number[], s = 1): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 6; j++) e += (H_A[i] as number[])[j]! * (x[j]! - (H_P[i] as number[])[j]!) ** 2;
    const alpha = i === 0 ? (H_ALPHA[0] as number) - 0.1 * (1 - s) : (H_ALPHA[i] as number);
    sum -= alpha * Math.exp(-e);
  }
  return sum;
}

/**
 * Rosenbrock in any dimension (minimum 0 at (1, ..., 1)), with BoTorch's fidelity terms.
 * @example
 * ```ts
 * rosenbrock([1, 1]); // 0
 * ```
 */
export function rosenbrock(x: readonly number[], s = 1): number {
  let sum = 0;
  for (let i = 0; i < x.length - 1; i++) {
    sum += 100 * (x[i + 1]! - x[i]! ** 2 + 0.1 * (1 - s)) ** 2 + (x[i]! - 1 + 0.1 * (1 - s) ** 2) ** 2;
  }
  return sum;
}

/**
 * Ackley in any dimension (minimum 0 at the origin).
 * @example
 * ```ts
 * ackley([0, 0, 0, 0, 0]); // 0 (to rounding)
 * ```
 */
export function ackley(x: readonly number[]): number {
  const d = x.length;
  const sq = x.reduce((a, v) => a + v * v, 0);
  const cs = x.reduce((a, v) => a + Math.cos(2 * Math.PI * v), 0);
  return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cs / d) + 20 + Math.E;
}

/** The offset each category of mixed Branin adds. */
export const MIXED_OFFSET: Readonly<Record<string, number>> = { a: 1, b: 0, c: 2 };

/**
 * Mixed Branin: x1 real in [-5, 10], x2 integer in 0..15, c in {a, b, c} adding 1 / 0 / 2.
 * @example
 * ```ts
 * mixedBranin(Math.PI, 2, 'b'); // 0.4323...
 * ```
 */
export function mixedBranin(x1: number, x2: number, c: string, s = 1): number {
  return branin(x1, x2, s) + (MIXED_OFFSET[c] ?? NaN);
}

/**
 * The minimum of mixed Branin: the minimum over integer x2 of the minimum over x1
 * of Branin (category b), by a grid and a golden-section refinement (0.432336).
 * @example
 * ```ts
 * mixedBraninOptimum(); // 0.43233...
 * ```
 */
export function mixedBraninOptimum(): number {
  let best = Infinity;
  for (let x2 = 0; x2 <= 15; x2++) {
    let bi = 0;
    let bv = Infinity;
    for (let i = 0; i <= 3000; i++) {
      const v = branin(-5 + (15 * i) / 3000, x2);
      if (v < bv) [bv, bi] = [v, i];
    }
    let a = -5 + (15 * Math.max(bi - 1, 0)) / 3000;
    let b = -5 + (15 * Math.min(bi + 1, 3000)) / 3000;
    const g = (Math.sqrt(5) - 1) / 2;
    for (let it = 0; it < 100; it++) {
      const c = b - g * (b - a);
      const d = a + g * (b - a);
      if (branin(c, x2) < branin(d, x2)) b = d;
      else a = c;
    }
    best = Math.min(best, bv, branin((a + b) / 2, x2));
  }
  return best;
}
