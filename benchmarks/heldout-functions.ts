/**
 * The held-out test functions of the TPE benchmark (`tpe-quality.ts --set
 * heldout`): standard functions of the optimization literature (Surjanovic &
 * Bingham's Virtual Library of Simulation Experiments), at small dimensions,
 * with mixed integer/categorical variants and a log-scaled one. They were
 * fixed before any tuning and are not used to tune: TPE is tuned on the
 * suite's five functions only, then checked here once. The same functions,
 * domains, budgets and optima are in `peers/optuna_tpe_heldout.py`.
 */
import type { Dimension } from '../lib/search/space/dimensions.js';
import { Categorical, Integer, Real } from '../lib/search/space/dimensions.js';

/** A minimization problem. */
export interface Problem {
  readonly dims: readonly Dimension[];
  readonly f: (x: readonly unknown[]) => number;
  /** The known minimum. */
  readonly opt: number;
  readonly budget: number;
}

const box = (d: number, low: number, high: number): Real[] => Array.from({ length: d }, () => new Real(low, high));

export function styblinskiTang(x: readonly number[]): number {
  return 0.5 * x.reduce((s, v) => s + v ** 4 - 16 * v ** 2 + 5 * v, 0);
}

export function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  const d = w.length;
  let s = Math.sin(Math.PI * w[0]!) ** 2;
  for (let i = 0; i < d - 1; i++) s += (w[i]! - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i]! + 1) ** 2);
  return s + (w[d - 1]! - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[d - 1]!) ** 2);
}

export function griewank(x: readonly number[]): number {
  let sum = 0;
  let prod = 1;
  x.forEach((v, i) => {
    sum += (v * v) / 4000;
    prod *= Math.cos(v / Math.sqrt(i + 1));
  });
  return 1 + sum - prod;
}

export function michalewicz(x: readonly number[], m = 10): number {
  return -x.reduce((s, v, i) => s + Math.sin(v) * Math.sin(((i + 1) * v * v) / Math.PI) ** (2 * m), 0);
}

export function sixHumpCamel(x: number, y: number): number {
  return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
}

export function goldsteinPrice(x: number, y: number): number {
  const a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
  const b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
  return a * b;
}

const H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]];
const H3_P = [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]].map((r) => r.map((v) => v * 1e-4));
const H_ALPHA = [1.0, 1.2, 3.0, 3.2];

export function hartmann3(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 3; j++) e += H3_A[i]![j]! * (x[j]! - H3_P[i]![j]!) ** 2;
    s -= H_ALPHA[i]! * Math.exp(-e);
  }
  return s;
}

const SHEKEL_BETA = [1, 2, 2, 4, 4, 6, 3, 7, 5, 5].map((v) => v / 10);
const SHEKEL_C = [
  [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
  [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
  [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
  [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
];

export function shekel10(x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < 10; i++) {
    let e = SHEKEL_BETA[i]!;
    for (let j = 0; j < 4; j++) e += (x[j]! - SHEKEL_C[j]![i]!) ** 2;
    s -= 1 / e;
  }
  return s;
}

export function rastrigin(x: readonly number[]): number {
  return 10 * x.length + x.reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 0);
}

const LEVY_OFFSET: Readonly<Record<string, number>> = { a: 0, b: 1, c: 3 };
const STYB_OFFSET: Readonly<Record<string, number>> = { p: 0, q: 5 };

/** The held-out problems. */
export const HELDOUT: Readonly<Record<string, Problem>> = {
  styblinski_tang4: { dims: box(4, -5, 5), f: (x) => styblinskiTang(x as number[]), opt: -39.16616570377142 * 4, budget: 100 },
  levy4: { dims: box(4, -10, 10), f: (x) => levy(x as number[]), opt: 0, budget: 100 },
  griewank4: { dims: box(4, -600, 600), f: (x) => griewank(x as number[]), opt: 0, budget: 100 },
  michalewicz2: { dims: box(2, 0, Math.PI), f: (x) => michalewicz(x as number[]), opt: -1.8013034100985537, budget: 50 },
  six_hump_camel: { dims: [new Real(-3, 3), new Real(-2, 2)], f: (x) => sixHumpCamel(x[0] as number, x[1] as number), opt: -1.031628453489877, budget: 50 },
  goldstein_price: { dims: box(2, -2, 2), f: (x) => goldsteinPrice(x[0] as number, x[1] as number), opt: 3, budget: 50 },
  hartmann3: { dims: box(3, 0, 1), f: (x) => hartmann3(x as number[]), opt: -3.86278214782076, budget: 50 },
  shekel10: { dims: box(4, 0, 10), f: (x) => shekel10(x as number[]), opt: -10.536409816692046, budget: 100 },
  rastrigin3: { dims: box(3, -5.12, 5.12), f: (x) => rastrigin(x as number[]), opt: 0, budget: 100 },
  mixed_levy: {
    dims: [new Real(-10, 10), new Real(-10, 10), new Integer(-10, 10), new Categorical(['a', 'b', 'c'])],
    f: (x) => levy([x[0] as number, x[1] as number, x[2] as number]) + (LEVY_OFFSET[x[3] as string] as number),
    opt: 0,
    budget: 100,
  },
  mixed_stybtang: {
    dims: [new Real(-5, 5), new Integer(-5, 5), new Integer(-5, 5), new Categorical(['p', 'q'])],
    f: (x) => styblinskiTang([x[0] as number, x[1] as number, x[2] as number]) + (STYB_OFFSET[x[3] as string] as number),
    opt: -39.16616570377142 - 2 * 39,
    budget: 50,
  },
  log_tuning: {
    dims: [new Real(1e-5, 1, { prior: 'log-uniform' }), new Real(1e-6, 10, { prior: 'log-uniform' }), new Integer(1, 8)],
    f: (x) => {
      const a = Math.log10(x[0] as number) + 2.5;
      const b = Math.log10(x[1] as number) + 3;
      return a * a + 0.5 * b * b + 0.2 * a * b + 0.3 * ((x[2] as number) - 3) ** 2;
    },
    opt: 0,
    budget: 50,
  },
};
