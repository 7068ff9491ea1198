/**
 * Optuna's pruning example (the "Efficient Optimization Algorithms" tutorial),
 * line for line: an iterative learner reports its validation error after each
 * step, and a median pruner stops the trials that trail.
 *
 *     npx tsx examples/optuna-pruning.ts
 *
 * The original trains scikit-learn's SGDClassifier with `partial_fit` for 100
 * epochs, tuning its `alpha`. tunekit's SGDClassifier is being added on
 * another branch, so this port trains a GaussianNB with `partialFit`, one
 * mini-batch of the training rows per step (a stream), tuning its
 * `varSmoothing` on a log range (on iris it matters: 1e-5 classifies the
 * validation rows perfectly, 1 misses one in eight); every line of the
 * trial loop is Optuna's.
 */
import { pathToFileURL } from 'node:url';
import type { ActiveTrial } from '../lib/index.js';
import { GaussianNB, MedianPruner, TrialPruned, createStudy, loadIris, trainTestSplit } from '../lib/index.js';

const STEPS = 100;

/** The study of the example; `nTrials` 20 as in the original. */
export async function main(nTrials = 20): Promise<{ pruned: number; complete: number; bestValue: number }> {
  const iris = await loadIris(); // iris = sklearn.datasets.load_iris()
  const classes = [...new Set(iris.target)]; // classes = list(set(iris.target))
  const { XTrain: trainX, XTest: validX, yTrain: trainY, yTest: validY } = trainTestSplit(iris.data, iris.target, { testSize: 0.25, randomState: 0 }); // train_x, valid_x, train_y, valid_y = train_test_split(iris.data, iris.target, test_size=0.25, random_state=0)
  const batch = Math.ceil(trainX.length / STEPS);

  async function objective(trial: ActiveTrial): Promise<number> {
    const varSmoothing = trial.suggestFloat('var_smoothing', 1e-5, 1e1, { log: true }); // alpha = trial.suggest_float("alpha", 1e-5, 1e-1, log=True)
    const clf = new GaussianNB({ varSmoothing }); // clf = sklearn.linear_model.SGDClassifier(alpha=alpha)

    for (let step = 0; step < STEPS; step++) { // for step in range(100):
      const rows = Array.from({ length: batch }, (_, k) => (step * batch + k) % trainX.length);
      await clf.partialFit(rows.map((r) => trainX[r]!), rows.map((r) => trainY[r]!), { classes }); // clf.partial_fit(train_x, train_y, classes=classes)

      // Report intermediate objective value.
      const intermediateValue = 1.0 - (await clf.score(validX, validY)); // intermediate_value = 1.0 - clf.score(valid_x, valid_y)
      await trial.report(intermediateValue, step); // trial.report(intermediate_value, step)

      // Handle pruning based on the intermediate value.
      if (trial.shouldPrune()) { // if trial.should_prune():
        throw new TrialPruned(); // raise optuna.TrialPruned()
      }
    }

    return 1.0 - (await clf.score(validX, validY)); // return 1.0 - clf.score(valid_x, valid_y)
  }

  // Show a line per trial (Optuna's log stream handler on stdout)
  const study = createStudy({ pruner: new MedianPruner() }); // study = optuna.create_study(pruner=optuna.pruners.MedianPruner())
  await study.optimize(objective, { nTrials, verbose: 2 }); // study.optimize(objective, n_trials=20)

  const pruned = study.trials.filter((t) => t.state === 'pruned').length;
  const complete = study.trials.filter((t) => t.state === 'complete').length;
  console.log(`${complete} complete, ${pruned} pruned; best value ${study.bestValue}`);
  return { pruned, complete, bestValue: study.bestValue };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
