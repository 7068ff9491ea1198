/**
 * The ported examples (Optuna's quick start and pruning example,
 * scikit-optimize's gp_minimize and BayesSearchCV README examples) run here
 * on small data, so `npm test` keeps them working.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as optunaPruning } from '../../examples/optuna-pruning.js';
import { main as optunaQuickstart } from '../../examples/optuna-quickstart.js';
import { main as skoptBayesSearchCV } from '../../examples/skopt-bayes-search-cv.js';
import { main as skoptGpMinimize } from '../../examples/skopt-gp-minimize.js';

describe('ported examples', () => {
  beforeAll(() => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterAll(() => vi.restoreAllMocks());

  it('Optuna’s quick start: a conditional space of two regressors', async () => {
    const { bestParams, bestValue } = await optunaQuickstart(8);
    expect(['SVR', 'RandomForest']).toContain(bestParams.regressor);
    expect(Object.keys(bestParams).sort()).toEqual(bestParams.regressor === 'SVR' ? ['regressor', 'svr_c'] : ['regressor', 'rf_max_depth']);
    expect(bestValue).toBeLessThan(6000); // the variance of the diabetes target is about 6000
  });

  it('Optuna’s pruning example: a median pruner stops trailing SGD classifiers', async () => {
    const { pruned, complete, bestValue } = await optunaPruning(12);
    expect(pruned + complete).toBe(12);
    expect(complete).toBeGreaterThanOrEqual(5); // the median pruner's start-up trials run to the end
    expect(bestValue).toBeLessThan(0.5); // a third of the validation rows per class: chance is 0.67
  });

  it('scikit-optimize’s gp_minimize README example, with its convergence plot', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tk-example-')), 'gp.html');
    const res = await skoptGpMinimize({ nCalls: 30, reportPath: path });
    expect(res.funcVals).toHaveLength(30);
    expect(res.fun).toBeLessThan(-0.5); // the minimum of the noiseless function is about -0.85 near x = -0.3
    expect(readFileSync(path, 'utf8')).toContain('Convergence');
  });

  it('scikit-optimize’s BayesSearchCV README example, on 300 digits', async () => {
    const { valScore, testScore, bestParams } = await skoptBayesSearchCV({ nIter: 5, rows: 300 });
    expect(valScore).toBeGreaterThan(0.8);
    expect(testScore).toBeGreaterThan(0.8);
    expect(Number.isInteger(bestParams.degree)).toBe(true);
    expect(['linear', 'poly', 'rbf']).toContain(bestParams.kernel);
  });
});
