/**
 * Optuna's pruning example (the "Efficient Optimization Algorithms" tutorial),
 * line for line: an SGDClassifier trained with `partialFit` reports its
 * validation error after each epoch, and a median pruner stops the trials
 * that trail.
 *
 *     npx tsx examples/optuna-pruning.ts
 *
 * The Python line each line ports is in the comment beside it. Optuna's
 * logging handler on stdout becomes `verbose: 2` (a line per trial).
 */
import { pathToFileURL } from 'node:url';
import type { ActiveTrial } from '../lib/index.js';
import { MedianPruner, SGDClassifier, TrialPruned, createStudy, loadIris, trainTestSplit } from '../lib/index.js';

/** The study of the example; `nTrials` 20 as in the original, `steps` its 100 epochs. */
export async function main(nTrials = 20, steps = 100): Promise<{ pruned: number; complete: number; bestValue: number }> {
  async function objective(trial: ActiveTrial): Promise<number> { // def objective(trial):
    const iris = await loadIris(); // iris = sklearn.datasets.load_iris()
    const classes = [...new Set(iris.target)]; // classes = list(set(iris.target))
    const { XTrain: trainX, XTest: validX, yTrain: trainY, yTest: validY } = trainTestSplit(iris.data, iris.target, { testSize: 0.25, randomState: 0 }); // train_x, valid_x, train_y, valid_y = sklearn.model_selection.train_test_split(iris.data, iris.target, test_size=0.25, random_state=0)

    const alpha = trial.suggestFloat('alpha', 1e-5, 1e-1, { log: true }); // alpha = trial.suggest_float("alpha", 1e-5, 1e-1, log=True)
    const clf = new SGDClassifier({ alpha }); // clf = sklearn.linear_model.SGDClassifier(alpha=alpha)

    for (let step = 0; step < steps; step++) { // for step in range(100):
      await clf.partialFit(trainX, trainY, { classes }); // clf.partial_fit(train_x, train_y, classes=classes)

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

  // Add stream handler of stdout to show the messages
  const study = createStudy({ pruner: new MedianPruner() }); // study = optuna.create_study(pruner=optuna.pruners.MedianPruner())
  await study.optimize(objective, { nTrials, verbose: 2 }); // study.optimize(objective, n_trials=20)

  const pruned = study.trials.filter((t) => t.state === 'pruned').length;
  const complete = study.trials.filter((t) => t.state === 'complete').length;
  console.log(`${complete} complete, ${pruned} pruned; best value ${study.bestValue}`);
  return { pruned, complete, bestValue: study.bestValue };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
