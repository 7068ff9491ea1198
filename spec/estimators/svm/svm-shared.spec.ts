/**
 * The pieces of the SVMs' shared work: the kernel matrix held whole (computed at
 * once, one triangle mirrored) or as a row cache, the test rows' kernel block,
 * and warm starts of the one-vs-one problems.
 */
import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import type { Kernel } from '../../../lib/estimators/svm/kernels.js';
import { groupByClass, oneVsOneDecisions, trainOneVsOne, trainingRows } from '../../../lib/estimators/svm/one-vs-one.js';
import { QueryKernel } from '../../../lib/estimators/svm/query-kernel.js';
import { SharedKernel } from '../../../lib/estimators/svm/training-kernel.js';
import type { ProblemKernel } from '../../../lib/estimators/svm/training-kernel.js';
import { decisionValues, heapViews, svmKernels } from '../../../lib/estimators/svm/wasm-kernels.js';
import { randomMatrix } from './reference.js';

function rowOf(kernel: ProblemKernel, i: number): number[] {
  const out = svmKernels.alloc(kernel.size * 4 + 16);
  try {
    kernel.row(i, 0, kernel.size, out);
    return Array.from(heapViews().f32.subarray(out >> 2, (out >> 2) + kernel.size));
  } finally {
    svmKernels.release(out);
  }
}

const kernels: Kernel[] = [
  { kernel: 'linear', gamma: 1, degree: 3, coef0: 0 },
  { kernel: 'poly', gamma: 0.2, degree: 3, coef0: 1 },
  { kernel: 'rbf', gamma: 0.3, degree: 3, coef0: 0 },
  { kernel: 'sigmoid', gamma: 0.1, degree: 3, coef0: -0.5 },
];

describe('SharedKernel', () => {
  for (const kernel of kernels) {
    it(`gives the same rows whole and lazy, computed at once, or through a row cache (${kernel.kernel})`, () => {
      const X = randomMatrix(23, 5, 7);
      // sparse rows too: the kernels skip zero features
      for (let f = 0; f < 5; f += 2) X.values[3 * 5 + f] = 0;
      const codes = Int32Array.from({ length: 23 }, (_, i) => (i * 5) % 3);
      const rowsOf = groupByClass(codes, 3);
      const lazy = new SharedKernel(X, rowsOf, kernel);
      const whole = new SharedKernel(X, rowsOf, kernel);
      whole.fillAll();
      const cached = new SharedKernel(X, rowsOf, kernel, 4);
      expect(lazy.holdsAll && whole.holdsAll).toBe(true);
      expect(cached.holdsAll).toBe(false);
      expect(cached.bytes).toBeLessThan(whole.bytes);
      try {
        const rows = Int32Array.from([0, 4, 5, 9, 11, 17, 22, 3]);
        const signs = Int8Array.from(rows, (_, j) => (j % 3 === 0 ? -1 : 1));
        const problems = [lazy, whole, cached].map((k) => k.problem(rows, signs));
        // twice round, so that the row cache replaces rows
        for (const i of [0, 7, 3, 5, 1, 6, 2, 4, 0, 7, 3]) {
          const want = rowOf(problems[0]!, i);
          expect(rowOf(problems[1]!, i)).toEqual(want);
          expect(rowOf(problems[2]!, i)).toEqual(want);
        }
        problems.forEach((p) => p.dispose());
      } finally {
        lazy.dispose();
        whole.dispose();
        cached.dispose();
      }
    });
  }
});

describe('QueryKernel', () => {
  for (const kernel of kernels) {
    for (const [n, nq, d] of [[1, 1, 1], [9, 5, 3], [30, 17, 8]] as const) {
      it(`gives decisionValues' decision values, bit for bit (${kernel.kernel}, ${n} rows, ${nq} queries, ${d} features)`, () => {
        const X = randomMatrix(n, d, n + nq);
        const Q = randomMatrix(nq, d, 99 + d);
        const qk = QueryKernel.build(kernel, X, Q);
        expect(qk).toBeDefined();
        try {
          // two machines on subsets of the rows, summed in a chosen order
          const support = Int32Array.from({ length: Math.max(1, n >> 1) }, (_, s) => (s * 3) % n);
          const machines = [
            { rows: Int32Array.from(support.keys()).reverse(), coef: Float64Array.from(support, (_, s) => s - 1.5), rho: 0.25 },
            { rows: Int32Array.from(support.keys()), coef: Float64Array.from(support, (_, s) => 1 / (s + 1)), rho: -1 },
          ];
          const want = decisionValues(kernel, X.takeRows(support), machines, Q);
          const got = qk!.decisions(machines.map((m) => ({ ...m, rows: trainingRows(support, m.rows) })));
          expect(got).toEqual(want);
        } finally {
          qk?.dispose();
        }
      });
    }
  }

  it('is not built where decision values take the rbf distances by differences, and answers nothing once disposed', () => {
    const X = randomMatrix(5, 2, 1, 100);
    expect(QueryKernel.build({ kernel: 'rbf', gamma: 1, degree: 3, coef0: 0 }, X, X)).toBeUndefined();
    const qk = QueryKernel.build(kernels[0]!, X, X)!;
    qk.dispose();
    expect(qk.decisions([{ rows: Int32Array.from([0]), coef: Float64Array.from([1]), rho: 0 }])).toBeUndefined();
  });
});

describe('trainOneVsOne from a shared kernel', () => {
  const X = randomMatrix(60, 4, 3);
  const codes = Int32Array.from({ length: 60 }, (_, i) => (X.values[i * 4]! > 0.3 ? 2 : X.values[i * 4 + 1]! > 0 ? 1 : 0));
  const kernel: Kernel = { kernel: 'rbf', gamma: 0.5, degree: 3, coef0: 0 };
  const options = (C: number) => ({ kernel, classC: Float64Array.from([C, C, C]), tol: 1e-3, shrinking: true, cacheSize: 100, probabilitySeed: undefined, owner: 'test' });
  const Q = randomMatrix(15, 4, 8);

  it('gives the plain fit\'s model from a cold start, and reports each pair\'s α', () => {
    const shared = new SharedKernel(X, groupByClass(codes, 3), kernel);
    try {
      const solved: Float64Array[] = [];
      const fromShared = trainOneVsOne(X, codes, 3, options(1), { shared, alphas: undefined, solved });
      const plain = trainOneVsOne(X, codes, 3, options(1));
      expect(oneVsOneDecisions(fromShared, Q)).toEqual(oneVsOneDecisions(plain, Q));
      expect(Array.from(fromShared.support)).toEqual(Array.from(plain.support));
      expect(solved.length).toBe(3);
      solved.forEach((alpha) => expect(alpha.every((a) => a >= 0 && a <= 1)).toBe(true));
    } finally {
      shared.dispose();
    }
  });

  it('starts warm from a smaller C\'s α, to a solution within the solver\'s tolerance', () => {
    const shared = new SharedKernel(X, groupByClass(codes, 3), kernel);
    try {
      const first: Float64Array[] = [];
      const ones = Float64Array.from([1, 1, 1]);
      trainOneVsOne(X, codes, 3, options(1), { shared, alphas: undefined, solved: first });
      const warm = trainOneVsOne(X, codes, 3, options(10), { shared, alphas: first, previousC: ones, solved: [] });
      const cold = trainOneVsOne(X, codes, 3, options(10));
      const a = oneVsOneDecisions(warm, Q);
      const b = oneVsOneDecisions(cold, Q);
      a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-2));
      expect(a).not.toEqual(b); // it did start warm: another path to the optimum
      // an α that is not feasible for the new C (a larger C's) is not used: a cold start
      const infeasible = trainOneVsOne(X, codes, 3, options(0.5), { shared, alphas: first.map((al) => al.map((v) => v * 4)), previousC: ones, solved: [] });
      expect(oneVsOneDecisions(infeasible, Q)).toEqual(oneVsOneDecisions(trainOneVsOne(X, codes, 3, options(0.5)), Q));
      // nor one whose support vectors sit at their old bound, half of them or more
      const bounded = first.map((al) => al.map((v) => (v > 0 ? 1 : 0)));
      const fromBound = trainOneVsOne(X, codes, 3, options(10), { shared, alphas: bounded, previousC: ones, solved: [] });
      expect(oneVsOneDecisions(fromBound, Q)).toEqual(oneVsOneDecisions(cold, Q));
      // without the C it was solved with, no warm start either
      expect(oneVsOneDecisions(trainOneVsOne(X, codes, 3, options(10), { shared, alphas: first, solved: [] }), Q)).toEqual(oneVsOneDecisions(cold, Q));
    } finally {
      shared.dispose();
    }
  });

  it('predicts the search\'s test rows from the shared test kernel, bit for bit', () => {
    const shared = new SharedKernel(X, groupByClass(codes, 3), kernel);
    const test = QueryKernel.build(kernel, X, Q)!;
    try {
      const model = trainOneVsOne(X, codes, 3, options(3), { shared, alphas: undefined, solved: [] });
      expect(oneVsOneDecisions({ ...model, queryKernel: test }, Q)).toEqual(oneVsOneDecisions(model, Q));
      // other rows (a copy of the test rows is another matrix) go through the plain path
      const copy = new DenseMatrix(Q.values.slice(), Q.rows, Q.columns);
      expect(oneVsOneDecisions({ ...model, queryKernel: test }, copy)).toEqual(oneVsOneDecisions(model, copy));
    } finally {
      test.dispose();
      shared.dispose();
    }
  });
});
