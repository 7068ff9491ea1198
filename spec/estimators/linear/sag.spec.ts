import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { SagConfig } from '../../../lib/estimators/linear/sag-epoch.js';
import { sagEpoch, sagState } from '../../../lib/estimators/linear/sag-epoch.js';
import { SagKernelRows } from '../../../lib/estimators/linear/sag-kernel.js';
import { sagSolver, sagStepSize } from '../../../lib/estimators/linear/sag.js';
import { sgdKernels } from '../../../lib/estimators/linear/sgd-kernel.js';

function data(n: number, p: number, k: number, seed: number) {
  const rng = new Rng(seed);
  const X = new Float64Array(n * p).map(() => rng.normal());
  const y = Float64Array.from({ length: n }, () => (k > 1 ? rng.integer(0, k) : rng.random() < 0.5 ? -1 : 1));
  const sampleWeight = Float64Array.from({ length: n }, () => 0.5 + rng.random());
  return { X, n, p, y, sampleWeight };
}

describe('the SAG/SAGA epoch kernel against the plain JavaScript epoch', () => {
  for (const [n, p] of [[1, 1], [1, 3], [5, 1], [30, 4], [80, 7], [64, 10]] as const) {
    for (const k of [1, 3]) {
      for (const [saga, beta] of [[true, 0.05], [true, 0], [false, 0]] as const) {
        it(`gives the same weights to the bit: ${n} × ${p}, ${k === 1 ? 'binary' : `${k} classes`}, ${saga ? 'SAGA' : 'SAG'}${beta > 0 ? ' with L1' : ''}`, () => {
          const d = data(n, p, k, n * 7 + p + k);
          const stepSize = sagStepSize(5, 0.01 / n, true, n, saga);
          const config: SagConfig = { nClasses: k, multinomial: k > 1, stepSize, alpha: 0.01 / n, beta: beta / n, fitIntercept: true, saga };
          const reference = sagState(n, p, k, 1234);
          const kernelState = sagState(n, p, k, 1234);
          const rows = SagKernelRows.tryFrom(new DenseMatrix(d.X, n, p))!;
          const runner = rows.epochRunner(d, kernelState, config);
          try {
            for (let epoch = 0; epoch < 5; epoch++) {
              expect(runner.run(kernelState)).toBe(sagEpoch(d, reference, config));
              expect(Array.from(kernelState.weights)).toEqual(Array.from(reference.weights));
              expect(Array.from(kernelState.intercept)).toEqual(Array.from(reference.intercept));
              expect(kernelState.seed).toBe(reference.seed);
              expect(kernelState.numSeen).toBe(reference.numSeen);
            }
          } finally {
            runner.dispose();
            rows.dispose();
          }
        });
      }
    }
  }

  it('frees what it allocates and stops on the weights, as scikit-learn does', async () => {
    const before = sgdKernels.bytesInUse;
    const d = data(60, 3, 1, 5);
    const X = new DenseMatrix(d.X, 60, 3);
    const rows = SagKernelRows.tryFrom(X);
    const options = { multinomial: false, nClasses: 1, alpha: 0, beta: 1, maxIter: 3, tol: 1e-4, fitIntercept: true, saga: true, seed: 9, maxSquaredSum: 10, owner: 'test' };
    const withKernel = await captureWarnings(() => sagSolver(X, d.y, d.sampleWeight, rows, options));
    rows!.dispose();
    const plain = await captureWarnings(() => sagSolver(X, d.y, d.sampleWeight, undefined, options));
    expect(Array.from(withKernel.result.coef)).toEqual(Array.from(plain.result.coef));
    expect(withKernel.result.nIter).toBe(3);
    expect(withKernel.warnings.map((w) => w.message)).toEqual(['The max_iter was reached which means the coef_ did not converge']);
    expect(sgdKernels.bytesInUse).toBe(before);
  });
});
