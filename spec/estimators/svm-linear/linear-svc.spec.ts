import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { LinearSVC } from '../../../lib/estimators/svm-linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxAbsError } from '../linear/fixtures.js';
import { liblinearFixtures } from './liblinear-fixtures.js';

const fixtures = liblinearFixtures();

describe('LinearSVC parity with scikit-learn 1.2 (same seed, same liblinear steps)', () => {
  for (const c of fixtures.linearSVC) {
    // scikit-learn 1.2 reads n_iter_ of a multi-class Crammer-Singer model past the end of
    // liblinear's one-element array (a garbage value): only the weights are compared there
    const garbageIterations = c.params.multiClass === 'crammer_singer' && c.coef.length > 2;
    it(`${caseName(c)}: the weights to 1e-10${garbageIterations ? '' : ', the passes and the warning'}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const { result: model, warnings } = await captureWarnings(() => new LinearSVC(c.params).fit(data.X, data.y));
      expect(maxAbsError(model.coef.flat(), (c.coef as number[][]).flat())).toBeLessThan(1e-10);
      expect(maxAbsError(model.intercept, c.intercept)).toBeLessThan(1e-10);
      if (!garbageIterations) {
        expect(model.nIter).toBe(c.nIter);
        expect(warnings.some((w) => w.category === 'ConvergenceWarning')).toBe(c.convergenceWarning);
      }
      const rows = data.X.slice(0, c.predictions.length);
      expect(await model.predict(rows)).toEqual(c.predictions);
      const decision = await model.decisionFunction(rows);
      const flat = decision instanceof Float64Array ? Array.from(decision) : decision.flat();
      expect(maxAbsError(flat, c.decision!.flat())).toBeLessThan(1e-9);
    });
  }
});

describe('LinearSVC', () => {
  const binary = fixtures.datasets.binary!;

  it('runs its TSDoc example', async () => {
    const X = [[0, 0], [1, 1], [2, 0], [3, 1], [4, 0], [5, 1]];
    const model = await new LinearSVC({ randomState: 0 }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
    expect(await model.predict([[0.5, 0], [4.5, 1]])).toEqual(['a', 'b']);
    const [d] = (await model.decisionFunction([[2.5, 0.5]])) as Float64Array;
    expect(Math.abs(d!)).toBeLessThan(0.2);
  });

  it("refuses the combinations liblinear does not offer, as scikit-learn does", async () => {
    await expect(new LinearSVC({ penalty: 'l1', loss: 'hinge' }).fit(binary.X, binary.y)).rejects.toThrow(
      /The "penalty" parameter of LinearSVC must be 'l2' with loss 'hinge'\. Got "l1" instead\./,
    );
    await expect(new LinearSVC({ penalty: 'l1' }).fit(binary.X, binary.y)).rejects.toThrow(
      /The "dual" parameter of LinearSVC must be false with penalty 'l1' and loss 'squared_hinge'\. Got true instead\./,
    );
    await expect(new LinearSVC({ loss: 'hinge', dual: false }).fit(binary.X, binary.y)).rejects.toThrow(InvalidParameterError);
    expect(() => new LinearSVC({ C: 0 })).toThrow(InvalidParameterError);
    expect(() => new LinearSVC({ interceptScaling: 0 })).toThrow(InvalidParameterError);
  });

  it('needs two classes of labels', async () => {
    await expect(new LinearSVC().fit(binary.X, binary.y.map(() => 3))).rejects.toThrow(
      'This solver needs samples of at least 2 classes in the data, but the data contains only one class: 3',
    );
    await expect(new LinearSVC().fit(binary.X, binary.y.map((v, i) => v + i / 100))).rejects.toThrow(ValidationError);
  });

  it('is not fitted before fit', () => {
    expect(() => new LinearSVC().coef).toThrow(NotFittedError);
  });

  it('stops with an AbortError when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new LinearSVC().fit(binary.X, binary.y, { signal: controller.signal })).rejects.toThrow(/aborted/);
  });
});

checkEstimator('LinearSVC', () => new LinearSVC({ randomState: 0 }), { kind: 'classifier', deterministicParams: { randomState: 3 } });
checkEstimator('LinearSVC (L1, primal)', () => new LinearSVC({ penalty: 'l1', dual: false, randomState: 0 }), { kind: 'classifier' });
checkEstimator('LinearSVC (Crammer-Singer)', () => new LinearSVC({ multiClass: 'crammer_singer', randomState: 0, maxIter: 2000 }), { kind: 'classifier' });
