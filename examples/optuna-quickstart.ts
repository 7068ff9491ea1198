/**
 * Optuna's quick start (optuna.org), line for line: a define-by-run objective
 * that picks a regressor and then that regressor's own hyperparameter (a
 * conditional space), on a train/validation split.
 *
 *     npx tsx examples/optuna-quickstart.ts
 *
 * The Python original fits scikit-learn's SVR or RandomForestRegressor on the
 * California housing data; the diabetes data ships with tunekit (no download),
 * so it is used here. The Python line each line ports is in the comment beside it.
 */
import { pathToFileURL } from 'node:url';
import type { ActiveTrial } from '../lib/index.js';
import { RandomForestRegressor, SVR, createStudy, loadDiabetes, meanSquaredError, trainTestSplit } from '../lib/index.js';

/** The study of the quick start; `nTrials` 100 as in the original (the test runs fewer). */
export async function main(nTrials = 100): Promise<{ bestParams: Readonly<Record<string, unknown>>; bestValue: number }> {
  const { data, target } = await loadDiabetes();

  async function objective(trial: ActiveTrial): Promise<number> {
    const regressorName = trial.suggestCategorical('regressor', ['SVR', 'RandomForest']); // regressor_name = trial.suggest_categorical('regressor', ['SVR', 'RandomForest'])
    let regressorObj: SVR | RandomForestRegressor;
    if (regressorName === 'SVR') { // if regressor_name == 'SVR':
      const svrC = trial.suggestFloat('svr_c', 1e-10, 1e10, { log: true }); // svr_c = trial.suggest_float('svr_c', 1e-10, 1e10, log=True)
      regressorObj = new SVR({ C: svrC }); // regressor_obj = sklearn.svm.SVR(C=svr_c)
    } else { // else:
      const rfMaxDepth = trial.suggestInt('rf_max_depth', 2, 32); // rf_max_depth = trial.suggest_int('rf_max_depth', 2, 32)
      regressorObj = new RandomForestRegressor({ maxDepth: rfMaxDepth }); // regressor_obj = sklearn.ensemble.RandomForestRegressor(max_depth=rf_max_depth)
    }

    const [XTrain, XVal, yTrain, yVal] = splitOf(data, target); // X_train, X_val, y_train, y_val = sklearn.model_selection.train_test_split(X, y, random_state=0)

    await regressorObj.fit(XTrain, yTrain); // regressor_obj.fit(X_train, y_train)
    const yPred = await regressorObj.predict(XVal); // y_pred = regressor_obj.predict(X_val)

    const error = meanSquaredError(yVal, yPred); // error = sklearn.metrics.mean_squared_error(y_val, y_pred)

    return error; // return error  # An objective value linked with the Trial object.
  }

  const study = createStudy(); // study = optuna.create_study()  # Create a new study.
  await study.optimize(objective, { nTrials }); // study.optimize(objective, n_trials=100)  # Invoke optimization of the objective function.

  console.log(study.bestParams); // e.g. { regressor: 'SVR', svr_c: 2.1… }
  return { bestParams: study.bestParams, bestValue: study.bestValue };
}

/** `train_test_split(X, y, random_state=0)`: 75 % / 25 %. */
function splitOf(X: number[][], y: number[]): [number[][], number[][], number[], number[]] {
  const s = trainTestSplit(X, y, { randomState: 0 });
  return [s.XTrain, s.XTest, s.yTrain, s.yTest];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
