import { describe, expect, it } from 'vitest';
import { loadBreastCancer, loadDiabetes } from '../../lib/datasets/shipped.js';
import { LogisticRegression } from '../../lib/estimators/linear/logistic-regression.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/standard-scaler.js';
import { GridSearchOracle } from '../../lib/tuner/grid-search.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { KNeighborsRegressor } from '../../lib/estimators/neighbors/k-neighbors-regressor.js';
import { crossValidate } from '../../lib/model-selection/validation.js';
import { BayesianOptimizationOracle } from '../../lib/tuner/bayesian-optimization.js';
import type { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import { SklearnTuner } from '../../lib/tuner/sklearn-tuner.js';

const { data: X, target: y } = await loadDiabetes();

/** Ridge or k-nearest neighbours, each with its own conditional hyperparameter. */
function build(hp: HyperParameters): Ridge | KNeighborsRegressor {
  const model = hp.choice('model', ['ridge', 'knn']);
  return (
    hp.conditionalScope('model', ['ridge'], () => new Ridge({ alpha: hp.float('alpha', { min: 1e-3, max: 1e2, sampling: 'log' }) })) ??
    hp.conditionalScope('model', ['knn'], () => new KNeighborsRegressor({ nNeighbors: hp.int('k', { min: 1, max: 30 }) })) ??
    (() => {
      throw new Error(`unknown model ${model}`);
    })()
  );
}

describe('SklearnTuner', () => {
  it('cross-validates an estimator built from hp, up to maxTrials, and records the active values', async () => {
    const tuner = new SklearnTuner(build, { maxTrials: 8, cv: 3, seed: 0, verbose: 0 });
    await tuner.search(X, y);
    expect(tuner.oracle.trials).toHaveLength(8);
    expect(tuner.oracle.objective.toJSON()).toEqual({ name: 'score', direction: 'max' });
    for (const t of tuner.oracle.trials) {
      const v = t.hyperparameters.values;
      expect(Object.keys(v).sort()).toEqual(v.model === 'ridge' ? ['alpha', 'model'] : ['k', 'model']);
    }
    const best = tuner.oracle.getBestTrials(1)[0]!;
    const cv = await crossValidate(build(best.hyperparameters.copy()), X, y, { cv: 3 });
    expect(best.score).toBeCloseTo((cv.test_score as number[]).reduce((a, b) => a + b, 0) / 3, 12);
  });

  it('takes an oracle, scorers, and refits the best estimators on the search data', async () => {
    const tuner = new SklearnTuner(build, {
      oracle: new BayesianOptimizationOracle({ objective: { name: 'neg_mean_squared_error', direction: 'max' }, maxTrials: 6, numInitialPoints: 3, seed: 1 }),
      scoring: ['r2', 'neg_mean_squared_error'],
      cv: 3,
      verbose: 0,
    });
    await tuner.search(X, y);
    const [t] = tuner.oracle.getBestTrials(1);
    expect(Object.keys(t!.metrics).sort()).toEqual(['neg_mean_squared_error', 'r2']);
    const [model] = await tuner.getBestModels(1);
    expect((await model!.score(X, y))).toBeGreaterThan(0.3);
  });

  it('infers "max" for any scorer name and lists the scorers when the objective is not one', async () => {
    const tuner = new SklearnTuner(build, { objective: 'neg_mean_absolute_error', scoring: 'r2', maxTrials: 1, verbose: 0 });
    expect(tuner.oracle.objective.direction).toBe('max');
    await expect(tuner.search(X, y)).rejects.toThrow(
      'The objective "neg_mean_absolute_error" of SklearnTuner is not a metric the model reports. It reports: "score". Add the scorer to "scoring" (several scorers are reported by their names), or choose one of those.',
    );
  });

  it('refuses oracle options next to an oracle, and a build function that returns no estimator', async () => {
    expect(() => new SklearnTuner(build, { oracle: new BayesianOptimizationOracle(), maxTrials: 3 })).toThrow(
      'The "maxTrials" option of SklearnTuner belongs to the oracle when one is given: pass it to the oracle\'s constructor instead.',
    );
    await expect(new SklearnTuner(() => 3 as never, { verbose: 0 }).search(X, y)).rejects.toThrow('The build function of SklearnTuner must return a tunekit estimator (with getParams, setParams and fit). Got 3 instead.');
  });
});

describe('the documented example', () => {
  it('compiles and runs', async () => {
    const tuner = new SklearnTuner((hp) => {
      hp.choice('model', ['ridge', 'knn']);
      return (
        hp.conditionalScope('model', ['ridge'], () => new Ridge({ alpha: hp.float('alpha', { min: 1e-3, max: 1e2, sampling: 'log' }) })) ??
        hp.conditionalScope('model', ['knn'], () => new KNeighborsRegressor({ nNeighbors: hp.int('k', { min: 1, max: 30 }) }))!
      );
    }, { maxTrials: 4, cv: 3, scoring: 'r2', seed: 0, verbose: 0 });
    await tuner.search(X, y);
    expect(tuner.getBestHyperparameters()[0]!.values.model).toMatch(/ridge|knn/);
    expect(await tuner.searchSpaceSummary()).toContain('k: Int {min: 1, max: 30, step: 1, sampling: linear, default: 1} when model in ["knn"]');
  });
});

describe('SklearnTuner failures', () => {
  /** LogisticRegression refuses penalty 'l1' with the lbfgs solver when it fits. */
  const logistic = (hp: HyperParameters) =>
    new LogisticRegression({ penalty: hp.choice('penalty', ['l1', 'l2']), solver: hp.choice('solver', ['lbfgs', 'liblinear']), maxIter: 500 });
  it('records a trial whose fit fails as failed (after its retries) and goes on, whatever nJobs', async () => {
    const { data: Xc, target: yc } = await loadBreastCancer();
    const scaled = await new StandardScaler().fitTransform(Xc);
    for (const nJobs of [1, 2]) {
      const tuner = new SklearnTuner(logistic, { oracle: new GridSearchOracle({ objective: 'score' }), cv: 2, maxRetriesPerTrial: 1, maxConsecutiveFailedTrials: 3, nJobs, verbose: 0 });
      await tuner.search(scaled, yc);
      const byValues = Object.fromEntries(tuner.oracle.trials.map((t) => [`${t.hyperparameters.values.penalty}/${t.hyperparameters.values.solver}`, t]));
      expect(Object.keys(byValues).sort()).toEqual(['l1/lbfgs', 'l1/liblinear', 'l2/lbfgs', 'l2/liblinear']);
      expect(byValues['l1/lbfgs']!.status).toBe('failed');
      expect(byValues['l1/lbfgs']!.message).toMatch(/InvalidParameterError/);
      for (const ok of ['l1/liblinear', 'l2/lbfgs', 'l2/liblinear']) expect(byValues[ok]!.status, `${ok} with nJobs ${nJobs}`).toBe('complete');
    }
  }, 60_000);
});
