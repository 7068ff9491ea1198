import { describe, expect, it, vi } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { LogisticRegression } from '../../../lib/estimators/linear/index.js';
import { KernelRows } from '../../../lib/estimators/linear/linear-kernels.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, classificationFixtures, iterationFixtures, maxAbsError, maxScaledError } from './fixtures.js';

const fixtures = classificationFixtures();

describe('LogisticRegression parity with scikit-learn 1.2', () => {
  for (const c of fixtures.logisticRegression) {
    describe(caseName(c), () => {
      const data = fixtures.datasets[c.dataset]!;
      const fitted = captureWarnings(() => new LogisticRegression(c.params).fit(data.X, data.y));

      it('converges without warnings', async () => {
        expect((await fitted).warnings).toEqual([]);
      });

      it('predicts probabilities within 1e-4', async () => {
        const { result: model } = await fitted;
        const proba = await model.predictProba(data.X);
        expect(proba.length).toBe(c.proba.length);
        expect(maxAbsError(proba.flat(), c.proba.flat())).toBeLessThan(1e-4);
      });

      if (c.params.solver !== 'newton-cg') {
        // L-BFGS's iteration count near convergence turns on the last bits of the loss and
        // gradient, whose summation order is BLAS's in scikit-learn and our kernel's here:
        // within 2 iterations, or 3% of scikit-learn's count on long runs (iris at C = 1: 121)
        it("takes scikit-learn's L-BFGS iterations, within 2 (or 3%)", async () => {
          const { result: model } = await fitted;
          model.nIter.forEach((n, k) => expect(Math.abs(n - c.nIter[k]!)).toBeLessThanOrEqual(Math.max(2, Math.ceil(0.03 * c.nIter[k]!))));
        });
      }

      it('predicts the same labels', async () => {
        const { result: model } = await fitted;
        expect(model.classes).toEqual(c.classes);
        expect(await model.predict(data.X)).toEqual(c.predictions);
      });

      it('has coef, intercept and decision values of scikit-learn\'s shape and close to its values', async () => {
        const { result: model } = await fitted;
        expect(model.coef.length).toBe(c.coef.length);
        expect(model.coef[0]!.length).toBe(c.coef[0]!.length);
        expect(model.intercept.length).toBe(c.intercept.length);
        expect(model.nIter.length).toBe(c.nIter.length);
        // both solutions are within tol of the optimum; the weights agree to a few 1e-3
        expect(maxScaledError(model.coef.flat(), c.coef.flat())).toBeLessThan(1e-2);
        expect(maxScaledError(model.intercept, c.intercept)).toBeLessThan(1e-2);
        const decision = await model.decisionFunction(data.X.slice(0, c.decision.length));
        if (c.coef.length === 1) expect(decision).toBeInstanceOf(Float64Array);
        else expect(Array.isArray(decision)).toBe(true);
        const flat = decision instanceof Float64Array ? Array.from(decision) : decision.flat();
        expect(maxScaledError(flat, c.decision.flat())).toBeLessThan(1e-2);
      });
    });
  }
});

describe("LogisticRegression's L-BFGS iterations against scikit-learn 1.2 on unscaled make_classification data", () => {
  const iterations = iterationFixtures();
  for (const c of iterations.cases) {
    it(`takes ${JSON.stringify(c.nIter)} iterations, within 2, and gives the same probabilities on ${caseName(c)}`, async () => {
      const data = iterations.datasets[c.dataset]!;
      const { result: model, warnings } = await captureWarnings(() => new LogisticRegression(c.params).fit(data.X, data.y));
      expect(warnings).toEqual([]);
      expect(model.nIter.length).toBe(c.nIter.length);
      model.nIter.forEach((n, k) => expect(Math.abs(n - c.nIter[k]!)).toBeLessThanOrEqual(2));
      const proba = await model.predictProba(data.X.slice(0, c.proba.length));
      expect(maxAbsError(proba.flat(), c.proba.flat())).toBeLessThan(1e-4);
    });
  }
});

describe('LogisticRegression', () => {
  const iris = fixtures.datasets.iris!;

  it('runs its TSDoc example', async () => {
    const X = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0], [5, 1]];
    const model = await new LogisticRegression({ C: 10 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(await model.predict([[0.5, 0], [4.5, 1]])).toEqual(['a', 'b']);
    const [proba] = await model.predictProba([[2.5, 0.5]]);
    expect(maxAbsError(proba!, [0.49999773, 0.50000227])).toBeLessThan(1e-4);
  });

  it('keeps string labels in binary problems', async () => {
    const labels = iris.y.slice(50).map((v) => (v === 1 ? 'versicolor' : 'virginica'));
    const model = await new LogisticRegression().fit(iris.X.slice(50), labels);
    expect(model.classes).toEqual(['versicolor', 'virginica']);
    const decision = (await model.decisionFunction(iris.X.slice(50))) as Float64Array;
    const predicted = await model.predict(iris.X.slice(50));
    predicted.forEach((label, i) => expect(label).toBe(decision[i]! > 0 ? 'virginica' : 'versicolor'));
  });

  it('gives the same optimum with both solvers', async () => {
    const a = await new LogisticRegression({ solver: 'lbfgs', tol: 1e-6, maxIter: 1000 }).fit(iris.X, iris.y);
    const b = await new LogisticRegression({ solver: 'newton-cg', tol: 1e-6 }).fit(iris.X, iris.y);
    // L-BFGS stops on scipy's relative reduction of f (2.2e-9) before max |g| <= 1e-6, as in
    // scikit-learn 1.2, whose two solvers' probabilities differ by 5.0e-5 on this problem
    expect(maxAbsError((await a.predictProba(iris.X)).flat(), (await b.predictProba(iris.X)).flat())).toBeLessThan(1e-4);
  });

  it('falls back to the plain loss loops when the kernel memory cannot hold the rows', async () => {
    const data = fixtures.datasets.wineStd!;
    const expected = await new LogisticRegression({ C: 0.5 }).fit(data.X, data.y);
    const from = vi.spyOn(KernelRows, 'from').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      const model = await new LogisticRegression({ C: 0.5 }).fit(data.X, data.y);
      expect(from).toHaveBeenCalled();
      expect(model.nIter).toEqual(expected.nIter);
      expect(maxScaledError(model.coef.flat(), expected.coef.flat())).toBeLessThan(1e-8);
    } finally {
      from.mockRestore();
    }
  });

  it('warns when lbfgs stops at maxIter', async () => {
    const { warnings } = await captureWarnings(() => new LogisticRegression({ maxIter: 2 }).fit(iris.X, iris.y));
    expect(warnings).toEqual([
      {
        category: 'ConvergenceWarning',
        message:
          'lbfgs failed to converge (status=1):\nSTOP: TOTAL NO. of ITERATIONS REACHED LIMIT.\n\n' +
          'Increase the number of iterations (maxIter) or scale the data as shown in:\n' +
          '    https://scikit-learn.org/stable/modules/preprocessing.html\n' +
          'Please also refer to the documentation for alternative solver options:\n' +
          '    https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression',
      },
    ]);
  });

  it('warns when newton-cg stops at maxIter', async () => {
    const { result, warnings } = await captureWarnings(() => new LogisticRegression({ solver: 'newton-cg', maxIter: 2 }).fit(iris.X, iris.y));
    expect(warnings).toEqual([{ category: 'ConvergenceWarning', message: 'newton-cg failed to converge. Increase the number of iterations.' }]);
    expect(result.nIter).toEqual([2]);
  });

  it('warns that C is ignored without a penalty', async () => {
    const data = fixtures.datasets.wineBinary2!;
    const { warnings } = await captureWarnings(() => new LogisticRegression({ penalty: null, C: 5 }).fit(data.X, data.y));
    expect(warnings).toEqual([{ category: 'UserWarning', message: 'Setting penalty=None will ignore the C and l1_ratio parameters' }]);
  });

  it('treats penalty null like "none"', async () => {
    const data = fixtures.datasets.wineBinary2!;
    const a = await new LogisticRegression({ penalty: null }).fit(data.X, data.y);
    const b = await new LogisticRegression({ penalty: 'none' }).fit(data.X, data.y);
    expect(a.coef).toEqual(b.coef);
  });

  it('fits one model per class with multiClass "ovr" and normalizes the probabilities', async () => {
    const model = await new LogisticRegression({ multiClass: 'ovr', maxIter: 1000 }).fit(iris.X, iris.y);
    expect(model.coef.length).toBe(3);
    expect(model.nIter.length).toBe(3);
    for (const row of await model.predictProba(iris.X.slice(0, 5))) expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  it('rejects one class with scikit-learn\'s message', async () => {
    const fit = new LogisticRegression().fit(iris.X.slice(0, 10), iris.y.slice(0, 10));
    await expect(fit).rejects.toBeInstanceOf(ValidationError);
    await expect(fit).rejects.toThrow(fixtures.oneClassMessage);
    await expect(new LogisticRegression().fit([[1], [2]], ['spam', 'spam'])).rejects.toThrow(
      "This solver needs samples of at least 2 classes in the data, but the data contains only one class: 'spam'",
    );
  });

  it('rejects a continuous target', async () => {
    await expect(new LogisticRegression().fit([[1], [2], [3]], [0.5, 1.5, 2])).rejects.toThrow(
      'The "y" argument of LogisticRegression.fit must be class labels (integers or strings). Got continuous values instead. Use a regressor for a continuous target.',
    );
  });

  it('rejects class weights that name labels it does not have', async () => {
    await expect(new LogisticRegression({ classWeight: { 0: 2, 5: 1 } }).fit(iris.X, iris.y)).rejects.toThrow(
      'The classes, [1, 2], are not in class_weight',
    );
  });

  it('rejects C <= 0', () => {
    expect(() => new LogisticRegression({ C: 0 })).toThrow(InvalidParameterError);
    expect(() => new LogisticRegression({ C: 0 })).toThrow('The "C" parameter of LogisticRegression must be a number in the range (0, inf). Got 0 instead.');
    expect(() => new LogisticRegression({ C: -1 })).toThrow('The "C" parameter of LogisticRegression must be a number in the range (0, inf). Got -1 instead.');
  });

  it('rejects an unknown solver', () => {
    expect(() => new LogisticRegression({ solver: 'sgd' as 'lbfgs' })).toThrow(
      'The "solver" parameter of LogisticRegression must be one of "lbfgs", "newton-cg", "liblinear", "sag", "saga". Got "sgd" instead.',
    );
  });

  it('rejects an unknown penalty, classWeight or multiClass', () => {
    expect(() => new LogisticRegression({ penalty: 'l3' as 'l2' })).toThrow(
      'The "penalty" parameter of LogisticRegression must be one of "l1", "l2", "elasticnet", "none", null. Got "l3" instead.',
    );
    expect(() => new LogisticRegression({ classWeight: 'auto' as 'balanced' })).toThrow(
      'The "classWeight" parameter of LogisticRegression must be null, "balanced" or an object mapping class labels to non-negative weights. Got "auto" instead.',
    );
    expect(() => new LogisticRegression({ classWeight: { a: -1 } })).toThrow(InvalidParameterError);
    expect(() => new LogisticRegression({ multiClass: 'crammer' as 'ovr' })).toThrow(
      'The "multiClass" parameter of LogisticRegression must be one of "auto", "ovr", "multinomial". Got "crammer" instead.',
    );
  });

  it('rejects maxIter below 1 and a negative tol', () => {
    expect(() => new LogisticRegression({ maxIter: 0 })).toThrow(
      'The "maxIter" parameter of LogisticRegression must be an int in the range [1, inf). Got 0 instead.',
    );
    expect(() => new LogisticRegression({ tol: -1e-4 })).toThrow(
      'The "tol" parameter of LogisticRegression must be a number in the range [0, inf). Got -0.0001 instead.',
    );
  });

  it('throws NotFittedError from every fitted getter and method before fit', async () => {
    const model = new LogisticRegression();
    expect(() => model.coef).toThrow(NotFittedError);
    expect(() => model.intercept).toThrow(NotFittedError);
    expect(() => model.nIter).toThrow(NotFittedError);
    expect(() => model.classes).toThrow(NotFittedError);
    await expect(model.predictProba([[1]])).rejects.toBeInstanceOf(NotFittedError);
    await expect(model.decisionFunction([[1]])).rejects.toThrow(
      'This LogisticRegression instance is not fitted yet. Call "fit" with appropriate arguments before using "decisionFunction".',
    );
  });
});

checkEstimator('LogisticRegression', () => new LogisticRegression(), { kind: 'classifier' });
checkEstimator('LogisticRegression (newton-cg, balanced)', () => new LogisticRegression({ solver: 'newton-cg', classWeight: 'balanced' }), {
  kind: 'classifier',
});
checkEstimator('LogisticRegression (binary)', () => new LogisticRegression({ C: 0.5 }), {
  kind: 'classifier',
  data: {
    X: [[0, 1], [1, 0], [2, 2], [3, 1], [4, 3], [5, 2], [6, 4], [1, 3]],
    y: [0, 0, 0, 1, 1, 1, 1, 0],
  },
});
