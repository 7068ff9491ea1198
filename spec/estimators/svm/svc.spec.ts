import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { AbortError, InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { readResourceProbes } from '../../../lib/core/estimator.js';
import { SVC } from '../../../lib/estimators/svm/index.js';
import type { SvmGamma } from '../../../lib/estimators/svm/kernels.js';
import { resolveGamma } from '../../../lib/estimators/svm/kernels.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxScaledError, svmFixtures } from './fixtures.js';

const fixtures = svmFixtures();

describe('SVC parity with scikit-learn 1.2', () => {
  for (const c of fixtures.svc) {
    describe(caseName(c), () => {
      const data = fixtures.datasets[c.dataset]!;
      const fitted = new SVC(c.params).fit(data.Xtrain, data.ytrain);

      it('resolves gamma like scikit-learn (to 1e-12: X.var() is summed in another order)', () => {
        const gamma = resolveGamma((c.params.gamma ?? 'scale') as SvmGamma, DenseMatrix.fromRows(data.Xtrain));
        expect(Math.abs(gamma - c.gamma) / c.gamma).toBeLessThan(1e-12);
      });

      it('predicts the same labels on at least 99% of the test rows', async () => {
        const model = await fitted;
        expect(model.classes).toEqual(c.classes);
        const pred = await model.predict(data.Xtest);
        const agreement = pred.filter((p, i) => p === c.predictions[i]).length / pred.length;
        expect(agreement).toBeGreaterThanOrEqual(0.99);
      });

      it('gives the same decision values to 1e-6 (the bar is 1e-3)', async () => {
        const decision = await (await fitted).decisionFunction(data.Xtest.slice(0, c.decision.length));
        if (c.classes.length === 2) expect(decision).toBeInstanceOf(Float64Array);
        const flat = decision instanceof Float64Array ? Array.from(decision) : decision.flat();
        expect(maxScaledError(flat, c.decision.flat())).toBeLessThan(1e-6);
      });

      it('selects the same support vectors, with the same coefficients and intercepts', async () => {
        const model = await fitted;
        expect(model.support).toEqual(c.support);
        expect(model.nSupport).toEqual(c.nSupport);
        expect(model.supportVectors).toEqual(c.support.map((i) => data.Xtrain[i]));
        expect(maxScaledError(model.intercept, c.intercept)).toBeLessThan(1e-6);
        if (c.dualCoef) expect(maxScaledError(model.dualCoef.flat(), c.dualCoef.flat())).toBeLessThan(1e-6);
      });

      if (c.proba) {
        it('gives the same probabilities to 1e-6 (same random_state, same calibration folds)', async () => {
          const model = await fitted;
          expect(maxScaledError((await model.predictProba(data.Xtest)).flat(), c.proba!.flat())).toBeLessThan(1e-6);
          expect(maxScaledError(model.probA, c.probA!)).toBeLessThan(1e-6);
          expect(maxScaledError(model.probB, c.probB!)).toBeLessThan(1e-6);
        });
      }
    });
  }
});

describe('SVC', () => {
  const X = [[0, 0], [0, 1], [1, 0], [3, 3], [3, 4], [4, 3]];
  const y = ['a', 'a', 'a', 'b', 'b', 'b'];
  // three clusters on a triangle
  const triangle = { X: [[0, 0], [0.2, 0], [4, 0], [4.2, 0], [2, 3.5], [2, 3.7]], y: [0, 0, 1, 1, 2, 2] };

  it('runs its TSDoc example', async () => {
    const svc = await new SVC({ kernel: 'linear' }).fit(X, y);
    expect(await svc.predict([[0.5, 0.5], [3.5, 3.5]])).toEqual(['a', 'b']);
    const decision = (await svc.decisionFunction([[2, 2]])) as Float64Array;
    expect(decision[0]).toBeCloseTo(0.19996966, 6);
  });

  it('maps labels whatever order they first appear in', async () => {
    const labels = ['z', 'm', 'a', 'z', 'm', 'a'];
    const rows = [[5, 5], [0, 5], [0, 0], [5.2, 5], [0, 5.2], [0.2, 0]];
    const svc = await new SVC({ kernel: 'linear', C: 10 }).fit(rows, labels);
    expect(svc.classes).toEqual(['a', 'm', 'z']);
    expect(await svc.predict([[0.1, 0.1], [0.1, 5.1], [5.1, 5.1]])).toEqual(['a', 'm', 'z']);
    const [ovr] = (await svc.decisionFunction([[0.1, 0.1]])) as number[][];
    expect(ovr!.indexOf(Math.max(...ovr!))).toBe(0);
  });

  it('gives one decision column per class (ovr) or per pair (ovo)', async () => {
    const ovr = await new SVC().fit(triangle.X, triangle.y);
    expect(((await ovr.decisionFunction([[0, 0]])) as number[][])[0]!.length).toBe(3);
    const ovo = await new SVC({ decisionFunctionShape: 'ovo' }).fit(triangle.X, triangle.y);
    const [row] = (await ovo.decisionFunction([[0, 0]])) as number[][];
    expect(row!.length).toBe(3);
    // pairs (0,1), (0,2): positive for class 0; (1,2): class 1 vs 2
    expect(row![0]).toBeGreaterThan(0);
    expect(row![1]).toBeGreaterThan(0);
  });

  it('breaks a vote tie by libsvm\'s rule (first class), or by the ovr argmax with breakTies', async () => {
    // numpy.random.RandomState(0).randn(30, 2) rounded to 0.1, classes 0, 1, 2 in turn
    const rows = [
      [1.8, 0.4], [1.0, 2.2], [1.9, -1.0], [1.0, -0.2], [-0.1, 0.4], [0.1, 1.5], [0.8, 0.1], [0.4, 0.3], [1.5, -0.2], [0.3, -0.9],
      [-2.6, 0.7], [0.9, -0.7], [2.3, -1.5], [0.0, -0.2], [1.5, 1.5], [0.2, 0.4], [-0.9, -2.0], [-0.3, 0.2], [1.2, 1.2], [-0.4, -0.3],
      [-1.0, -1.4], [-1.7, 2.0], [-0.5, -0.4], [-1.3, 0.8], [-1.6, -0.2], [-0.9, 0.4], [-0.5, -1.2], [-0.0, 0.4], [0.1, 0.3], [-0.6, -0.4],
    ];
    const labels = rows.map((_, i) => i % 3);
    const params = { kernel: 'rbf', gamma: 2, C: 10 } as const;
    const point = [[-2, 0.5]];
    const plain = await new SVC(params).fit(rows, labels);
    const [ovr] = (await plain.decisionFunction(point)) as number[][];
    // scikit-learn: [0.96958075, 0.99291775, 1.03627922]: one win each
    expect(maxScaledError(ovr!, [0.9695807517967706, 0.9929177541426122, 1.0362792173325068])).toBeLessThan(1e-6);
    expect(await plain.predict(point)).toEqual([0]);
    expect(await new SVC({ ...params, breakTies: true }).fit(rows, labels).then((m) => m.predict(point))).toEqual([2]);
  });

  it('gives reproducible probabilities for a fixed randomState', async () => {
    const a = await new SVC({ probability: true, randomState: 3 }).fit(triangle.X, triangle.y);
    const b = await new SVC({ probability: true, randomState: 3 }).fit(triangle.X, triangle.y);
    expect(await a.predictProba([[1, 1]])).toEqual(await b.predictProba([[1, 1]]));
    expect(a.probA).toEqual(b.probA);
    const [row] = await a.predictProba([[1, 1]]);
    expect(row!.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('calibrates with a fresh seed when randomState is null', async () => {
    const svc = await new SVC({ probability: true }).fit(triangle.X, triangle.y);
    expect((await svc.predictProba([[0, 0]]))[0]!.length).toBe(3);
  });

  it('refuses predictProba without probability: true', async () => {
    const svc = await new SVC().fit(X, y);
    await expect(svc.predictProba(X)).rejects.toThrow(InvalidParameterError);
    await expect(svc.predictProba(X)).rejects.toThrow(
      'The "probability" parameter of SVC must be true when fit is called, to use predictProba. Got false instead. Set probability: true and fit again: the probabilities are calibrated during fit.',
    );
  });

  it('refuses breakTies with decisionFunctionShape "ovo"', async () => {
    await expect(new SVC({ breakTies: true, decisionFunctionShape: 'ovo' }).fit(X, y)).rejects.toThrow(
      'The "breakTies" parameter of SVC must be false when decisionFunctionShape is "ovo". Got true instead.',
    );
  });

  it('needs two classes', async () => {
    await expect(new SVC().fit([[0], [1]], ['a', 'a'])).rejects.toThrow(
      "The number of classes has to be greater than one; got 1 class ('a').",
    );
  });

  it('rejects a continuous target', async () => {
    await expect(new SVC().fit([[0], [1]], [0.5, 1.5])).rejects.toThrow(
      'The "y" argument of SVC.fit must be class labels (integers or strings). Got continuous values instead. Use SVR for a continuous target.',
    );
  });

  it('rejects class weights for labels that are not classes', async () => {
    const fit = new SVC({ classWeight: { a: 1, c: 2 } }).fit(X, y);
    await expect(fit).rejects.toThrow(ValidationError);
    await expect(fit).rejects.toThrow("The classes, ['b'], are not in class_weight");
  });

  it('weights C per class', async () => {
    const light = await new SVC({ kernel: 'linear', classWeight: { a: 0.01, b: 1 } }).fit(X, y);
    const plain = await new SVC({ kernel: 'linear' }).fit(X, y);
    expect(light.intercept).not.toEqual(plain.intercept);
  });

  it('stops before training when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new SVC().fit(X, y, { signal: controller.signal })).rejects.toThrow(AbortError);
  });

  it('keeps nothing in wasm memory between fits', async () => {
    for (let i = 0; i < 20; i++) await new SVC({ C: 1 + i }).fit(triangle.X, triangle.y);
    await new SVC({ probability: true, randomState: 0 }).fit(triangle.X, triangle.y);
    expect(readResourceProbes().svmKernelBytes).toBe(0);
  });

  it('replaces its model on refit', async () => {
    const svc = await new SVC().fit(X, y);
    await svc.fit(triangle.X, triangle.y);
    expect(svc.classes).toEqual([0, 1, 2]);
    expect(svc.nSupport.length).toBe(3);
  });

  it('needs fit first', async () => {
    await expect(new SVC().decisionFunction(X)).rejects.toThrow(NotFittedError);
    expect(() => new SVC().support).toThrow(NotFittedError);
  });

  describe('rejects bad parameters', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ C: 0 }, 'The "C" parameter of SVC must be a number in the range (0, inf). Got 0 instead.'],
      [{ C: -1 }, 'The "C" parameter of SVC must be a number in the range (0, inf). Got -1 instead.'],
      [{ gamma: -0.5 }, 'The "gamma" parameter of SVC must be one of "scale", "auto" or a number in the range (0, inf). Got -0.5 instead.'],
      [{ gamma: 0 }, 'The "gamma" parameter of SVC must be one of "scale", "auto" or a number in the range (0, inf). Got 0 instead.'],
      [{ gamma: 'fast' }, 'The "gamma" parameter of SVC must be one of "scale", "auto" or a number in the range (0, inf). Got "fast" instead.'],
      [{ kernel: 'precomputed' }, 'The "kernel" parameter of SVC must be one of "linear", "poly", "rbf", "sigmoid". Got "precomputed" instead.'],
      [{ degree: -1 }, 'The "degree" parameter of SVC must be an int in the range [0, inf). Got -1 instead.'],
      [{ tol: 0 }, 'The "tol" parameter of SVC must be a number in the range (0, inf). Got 0 instead.'],
      [{ probability: 'yes' }, 'The "probability" parameter of SVC must be a boolean. Got "yes" instead.'],
      [{ decisionFunctionShape: 'ovx' }, 'The "decisionFunctionShape" parameter of SVC must be one of "ovr", "ovo". Got "ovx" instead.'],
      [
        { classWeight: 'auto' },
        'The "classWeight" parameter of SVC must be null, "balanced" or an object mapping class labels to non-negative weights. Got "auto" instead.',
      ],
      [{ randomState: -1 }, 'The "randomState" parameter of SVC must be null, an int in the range [0, 4294967295] or a RandomState. Got -1 instead.'],
    ];
    for (const [params, message] of cases) {
      it(JSON.stringify(params), () => {
        expect(() => new SVC(params as never)).toThrow(InvalidParameterError);
        expect(() => new SVC(params as never)).toThrow(message);
        expect(() => new SVC().setParams(params as never)).toThrow(message);
      });
    }
  });
});

checkEstimator('SVC', () => new SVC(), { kind: 'classifier' });
checkEstimator('SVC (linear, probability)', () => new SVC({ kernel: 'linear', probability: true, randomState: 0 }), { kind: 'classifier' });
