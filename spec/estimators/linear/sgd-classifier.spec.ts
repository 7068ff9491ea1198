import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { RandomState } from '../../../lib/core/random-state.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { SGDClassifier } from '../../../lib/estimators/linear/index.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseName, maxAbsError } from './fixtures.js';
import { replay, sgdFixtures } from './sgd-fixtures.js';

const fixtures = sgdFixtures();

/** The same visiting order and the same arithmetic: scikit-learn's weights to the last bits. */
const WEIGHTS_TOLERANCE = 1e-12;

describe('SGDClassifier parity with scikit-learn 1.2 (same seed, same weights)', () => {
  for (const c of fixtures.classifier) {
    it(`${caseName(c)} ${c.steps.map((s) => s.call).join(', ')}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const classes = [...new Set(data.y)].sort((a, b) => a - b);
      const model = new SGDClassifier(c.params);
      await replay(c, data, model, classes, async (step, warnings) => {
        expect(maxAbsError(model.coef.flat(), step.coef.flat())).toBeLessThanOrEqual(WEIGHTS_TOLERANCE);
        expect(maxAbsError(model.intercept, step.intercept)).toBeLessThanOrEqual(WEIGHTS_TOLERANCE);
        expect(model.nIter).toBe(step.nIter);
        expect(model.tUpdates).toBe(step.t);
        expect(warnings.some((w) => w.category === 'ConvergenceWarning')).toBe(step.convergenceWarning);
        const rows = data.X.slice(0, step.predictions.length);
        expect(await model.predict(rows)).toEqual(step.predictions);
        const decision = await model.decisionFunction(rows);
        const flat = decision instanceof Float64Array ? Array.from(decision) : decision.flat();
        expect(maxAbsError(flat, step.decision!.flat())).toBeLessThanOrEqual(1e-10);
        if (step.proba !== undefined) expect(maxAbsError((await model.predictProba(rows)).flat(), step.proba.flat())).toBeLessThanOrEqual(1e-10);
      });
    });
  }

  for (const c of fixtures.randomStateObject.filter((r) => r.estimator === 'SGDClassifier')) {
    it(`advances a RandomState across fits as scikit-learn does: ${caseName(c)}`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const model = new SGDClassifier({ ...c.params, randomState: new RandomState(c.seed) });
      await replay(c, data, model, undefined, (step) => {
        expect(maxAbsError(model.coef.flat(), step.coef.flat())).toBeLessThanOrEqual(WEIGHTS_TOLERANCE);
        expect(maxAbsError(model.intercept, step.intercept)).toBeLessThanOrEqual(WEIGHTS_TOLERANCE);
      });
      expect(c.steps[0]!.coef).not.toEqual(c.steps[1]!.coef);
    });
  }
});

describe('SGDClassifier', () => {
  const binary = fixtures.datasets.binary!;
  const multiclass = fixtures.datasets.multiclass!;

  it('runs its TSDoc example', async () => {
    const X = [[-1, -1], [-2, -1], [1, 1], [2, 1]];
    const model = await new SGDClassifier({ randomState: 0 }).fit(X, [1, 1, 2, 2]);
    expect(await model.predict([[-0.8, -1]])).toEqual([1]);
    const online = new SGDClassifier({ loss: 'log_loss', randomState: 0 });
    await online.partialFit(X.slice(0, 2), [1, 1], { classes: [1, 2] });
    await online.partialFit(X.slice(2), [2, 2]);
    const proba = await online.predictProba([[0, 0]]);
    expect(proba[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('keeps string labels and predicts them', async () => {
    const labels = multiclass.y.map((v) => ['a', 'b', 'c'][v]!);
    const model = await new SGDClassifier({ randomState: 0 }).fit(multiclass.X, labels);
    expect(model.classes).toEqual(['a', 'b', 'c']);
    const numeric = await new SGDClassifier({ randomState: 0 }).fit(multiclass.X, multiclass.y);
    expect(model.coef).toEqual(numeric.coef);
    expect((await model.predict(multiclass.X.slice(0, 5))).every((l) => ['a', 'b', 'c'].includes(l as string))).toBe(true);
  });

  it('gives modified-Huber probabilities that sum to one, uniform where every class scores below -1', async () => {
    const model = await new SGDClassifier({ loss: 'modified_huber', randomState: 0 }).fit(multiclass.X, multiclass.y);
    const far = [multiclass.X[0]!.map(() => 0)];
    const proba = await model.predictProba([...multiclass.X.slice(0, 10), ...far]);
    for (const row of proba) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const logProba = await model.predictLogProba(multiclass.X.slice(0, 3));
    expect(logProba[0]![0]).toBeCloseTo(Math.log(proba[0]![0]!), 12);
  });

  it('refuses predictProba for losses without probabilities', async () => {
    const model = await new SGDClassifier({ randomState: 0 }).fit(binary.X, binary.y);
    await expect(model.predictProba(binary.X)).rejects.toThrow(
      'The "loss" parameter of SGDClassifier must be \'log_loss\' or \'modified_huber\' to use predictProba. Got "hinge" instead.',
    );
  });

  it('checks eta0, alpha and earlyStopping as scikit-learn does', async () => {
    await expect(new SGDClassifier({ learningRate: 'constant' }).fit(binary.X, binary.y)).rejects.toThrow(
      'The "eta0" parameter of SGDClassifier must be a number > 0 with learningRate \'constant\'. Got 0 instead.',
    );
    await expect(new SGDClassifier({ alpha: 0 }).fit(binary.X, binary.y)).rejects.toThrow(InvalidParameterError);
    await expect(new SGDClassifier({ earlyStopping: true }).partialFit(binary.X, binary.y, { classes: [0, 1] })).rejects.toThrow(
      /The "earlyStopping" parameter of SGDClassifier must be false with partialFit/,
    );
    await expect(new SGDClassifier({ classWeight: 'balanced' }).partialFit(binary.X, binary.y, { classes: [0, 1] })).rejects.toThrow(
      InvalidParameterError,
    );
    expect(() => new SGDClassifier({ loss: 'log' as never })).toThrow(InvalidParameterError);
    expect(() => new SGDClassifier({ average: -1 })).toThrow(InvalidParameterError);
  });

  it('needs the classes on the first partialFit and the same ones later', async () => {
    const model = new SGDClassifier({ randomState: 0 });
    await expect(model.partialFit(binary.X, binary.y)).rejects.toThrow(ValidationError);
    await model.partialFit(binary.X.slice(0, 10), binary.y.slice(0, 10), { classes: [0, 1] });
    await expect(model.partialFit(binary.X, binary.y, { classes: [0, 1, 2] })).rejects.toThrow(/the classes of the first call/);
    await expect(model.partialFit(binary.X, binary.y.map((v) => v + 5))).rejects.toThrow(/not among them/);
    await expect(model.partialFit(binary.X.map((r) => r.slice(1)), binary.y)).rejects.toThrow(/features/);
  });

  it('refuses one class and continuous targets', async () => {
    await expect(new SGDClassifier().fit(binary.X, binary.y.map(() => 1))).rejects.toThrow(
      'The number of classes has to be greater than one; got 1 class: 1',
    );
    await expect(new SGDClassifier().fit(binary.X, binary.y.map((v, i) => v + i / 1000))).rejects.toThrow(ValidationError);
  });

  it('is not fitted before fit', () => {
    expect(() => new SGDClassifier().coef).toThrow(NotFittedError);
  });

  it('reports each epoch and stops when the reporter says so', async () => {
    const steps: number[] = [];
    const model = await new SGDClassifier({ randomState: 0, tol: null, maxIter: 50 }).fit(binary.X, binary.y, {
      report: (step, values) => {
        steps.push(step);
        expect(values.loss).toBeGreaterThan(0);
        return step === 3;
      },
    });
    expect(steps).toEqual([1, 2, 3]);
    expect(model.nIter).toBe(3);
  });

  it('stops with an AbortError when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(new SGDClassifier().fit(binary.X, binary.y, { signal: controller.signal })).rejects.toThrow(/aborted/);
  });

  it('gives the same weights without the kernels (the plain JavaScript epochs)', async () => {
    const { SgdKernelRows } = await import('../../../lib/estimators/linear/sgd-kernel.js');
    const original = SgdKernelRows.tryFrom;
    const withKernel = await new SGDClassifier({ loss: 'log_loss', penalty: 'elasticnet', average: 7, randomState: 5 }).fit(multiclass.X, multiclass.y);
    SgdKernelRows.tryFrom = () => undefined;
    try {
      const plain = await new SGDClassifier({ loss: 'log_loss', penalty: 'elasticnet', average: 7, randomState: 5 }).fit(multiclass.X, multiclass.y);
      expect(plain.coef).toEqual(withKernel.coef);
      expect(plain.intercept).toEqual(withKernel.intercept);
    } finally {
      SgdKernelRows.tryFrom = original;
    }
  });

  it('warns when maxIter epochs run and is silent with tol null', async () => {
    const { warnings } = await captureWarnings(() => new SGDClassifier({ maxIter: 2, randomState: 0 }).fit(binary.X, binary.y));
    expect(warnings.map((w) => w.category)).toEqual(['ConvergenceWarning']);
    const quiet = await captureWarnings(() => new SGDClassifier({ maxIter: 2, tol: null, randomState: 0 }).fit(binary.X, binary.y));
    expect(quiet.warnings).toEqual([]);
  });
});

checkEstimator('SGDClassifier', () => new SGDClassifier({ randomState: 0 }), { kind: 'classifier', deterministicParams: { randomState: 3 } });
checkEstimator('SGDClassifier (log loss, averaged, early stopping)', () => new SGDClassifier({ loss: 'log_loss', average: true, earlyStopping: true, randomState: 0 }), {
  kind: 'classifier',
  deterministicParams: { randomState: 1 },
});
