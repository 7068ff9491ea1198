/**
 * The real tuning tasks of the suite, on the datasets shipped in `data/`:
 * Ridge (with polynomial features) on diabetes, an RBF SVC on digits, a scaled
 * LogisticRegression on breast cancer (3-fold CV, shuffled by the run's seed, so
 * every strategy sees the same splits on a seed), and a Keras MLP on digits
 * (`keras-task.ts`).
 *
 * Their fidelity for successive halving and Hyperband is the number of training
 * rows (scikit-learn's `HalvingRandomSearchCV` default): at resource r of R = 27,
 * each split trains on the first ⌈n r / 27⌉ rows of a seeded permutation of its
 * training rows and is scored on its whole test fold.
 */
import type { MatrixLike } from '../../lib/core/data.js';
import { Rng, deriveSeed } from '../../lib/core/rng.js';
import type { AnyEstimator } from '../../lib/core/estimator.js';
import { clone } from '../../lib/core/estimator.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import type { ScorerName } from '../../lib/metrics/scorer.js';
import type { Dataset } from '../../lib/datasets/shipped.js';
import { loadBreastCancer, loadDiabetes, loadDigits } from '../../lib/datasets/shipped.js';
import { LogisticRegression } from '../../lib/estimators/linear/logistic-regression.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { Pipeline } from '../../lib/estimators/pipeline.js';
import { PolynomialFeatures } from '../../lib/estimators/preprocessing/polynomial-features.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/standard-scaler.js';
import { SVC } from '../../lib/estimators/svm/svc.js';
import { KFold } from '../../lib/model-selection/split/k-fold.js';
import { StratifiedKFold } from '../../lib/model-selection/split/stratified-k-fold.js';
import { crossValScore } from '../../lib/model-selection/validation.js';
import { choice, logUniform } from '../../lib/search/space/distributions.js';
import type { ParamSet } from '../../lib/search/space/parameter-grid.js';
import { kerasMlpTask } from './keras-task.js';
import type { Fidelity, TaskDef, TaskRunner } from './tasks.js';

const ROWS: Fidelity = { resource: 'training rows: ⌈n_train · r / 27⌉ per split', maxResource: 27, minResource: 3 };
const N_SPLITS = 3;

const datasets = new Map<string, Promise<Dataset>>();
function load(name: string, loader: () => Promise<Dataset>): Promise<Dataset> {
  let d = datasets.get(name);
  if (d === undefined) {
    d = loader();
    datasets.set(name, d);
  }
  return d;
}

/** The CV evaluator of an estimator on a dataset: splits fixed by the seed, rows subsampled by the resource. */
async function cvRunner(data: Dataset, make: () => AnyEstimator, scoring: ScorerName, classifier: boolean, seed: number): Promise<TaskRunner> {
  const X = data.data as MatrixLike;
  const y = data.target;
  const splitter = classifier ? new StratifiedKFold({ nSplits: N_SPLITS, shuffle: true, randomState: seed }) : new KFold({ nSplits: N_SPLITS, shuffle: true, randomState: seed });
  const splits = [...splitter.split(X, y)] as [Int32Array, Int32Array][];
  const orders = splits.map(([train], k) => new Rng(deriveSeed(seed, 17, k)).shuffle(Int32Array.from(train)));
  const template = make();
  return {
    evaluate: async (params: ParamSet, resource: number | undefined) => {
      const cv =
        resource === undefined
          ? splits
          : splits.map(([, test], k) => {
              const order = orders[k] as Int32Array;
              const n = Math.max(2, Math.ceil((order.length * resource) / ROWS.maxResource));
              return [Int32Array.from(order.subarray(0, Math.min(n, order.length))).sort(), test] as [Int32Array, Int32Array];
            });
      const estimator = clone(template).setParams(params as never);
      const { result } = await captureWarnings(() => crossValScore(estimator, X, y, { cv, scoring }));
      const value = result.reduce((s, v) => s + v, 0) / result.length;
      return { value };
    },
  };
}

/** The tuning tasks. */
export const ML_TASKS: readonly TaskDef[] = [
  {
    name: 'ridge_diabetes',
    label: 'Ridge on diabetes',
    kind: 'ml',
    direction: 'maximize',
    metric: 'CV R²',
    description:
      'Pipeline(PolynomialFeatures, StandardScaler, Ridge) on diabetes (442 rows, 10 features): poly__degree in {1, 2}, ridge__alpha log-uniform in [1e-3, 1e4]; 3-fold CV R², folds shuffled by the seed.',
    budgets: { quick: 20, full: 40 },
    space: { poly__degree: choice([1, 2]), ridge__alpha: logUniform(1e-3, 1e4) },
    fidelity: ROWS,
    prepare: async (seed) =>
      cvRunner(
        await load('diabetes', () => loadDiabetes()),
        () =>
          new Pipeline([
            ['poly', new PolynomialFeatures({ includeBias: false })],
            ['scaler', new StandardScaler()],
            ['ridge', new Ridge()],
          ]),
        'r2',
        false,
        seed,
      ),
  },
  {
    name: 'logreg_breast_cancer',
    label: 'LogisticRegression on breast cancer',
    kind: 'ml',
    direction: 'maximize',
    metric: 'CV accuracy',
    description:
      'Pipeline(StandardScaler, LogisticRegression) on breast cancer (569 rows, 30 features): clf__C log-uniform in [1e-4, 1e4], clf__classWeight in {null, balanced}; 3-fold stratified CV accuracy, folds shuffled by the seed.',
    budgets: { quick: 0, full: 40 },
    space: { clf__C: logUniform(1e-4, 1e4), clf__classWeight: choice([null, 'balanced']) },
    fidelity: ROWS,
    prepare: async (seed) =>
      cvRunner(
        await load('breast_cancer', () => loadBreastCancer()),
        () =>
          new Pipeline([
            ['scaler', new StandardScaler()],
            ['clf', new LogisticRegression({ maxIter: 1000 })],
          ]),
        'accuracy',
        true,
        seed,
      ),
  },
  {
    name: 'svc_digits',
    label: 'SVC on digits',
    kind: 'ml',
    direction: 'maximize',
    metric: 'CV accuracy',
    description:
      'SVC (RBF kernel) on digits (1,797 rows, 64 pixel features, 0-16): C log-uniform in [1e-2, 1e3], gamma log-uniform in [1e-5, 1e-1]; 3-fold stratified CV accuracy, folds shuffled by the seed.',
    budgets: { quick: 0, full: 30 },
    maxSeeds: { full: 5 },
    space: { C: logUniform(1e-2, 1e3), gamma: logUniform(1e-5, 1e-1) },
    fidelity: ROWS,
    prepare: async (seed) => cvRunner(await load('digits', () => loadDigits()), () => new SVC(), 'accuracy', true, seed),
  },
  kerasMlpTask,
];
