/**
 * RandomForestClassifier: scikit-learn's random forest of CART classifiers
 * (`sklearn.ensemble.RandomForestClassifier`).
 */
import type { Label, MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { booleanValue, integerIn, oneOf } from '../../core/validate.js';
import { BaseClassifier } from '../base.js';
import { prepareTreeData } from './cart-builder.js';
import type { ClassificationCriterion } from './decision-tree-classifier.js';
import { forestFeatureImportances, growForest } from './forest.js';
import type { MaxFeatures } from './tree-params.js';
import { MAX_DEPTH, MAX_FEATURES, MIN_SAMPLES_LEAF, MIN_SAMPLES_SPLIT, RANDOM_STATE, resolveTreeSettings } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { addTreeProba, argmax, toFloat32 } from './tree-structure.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link RandomForestClassifier}. */
export interface RandomForestClassifierParams {
  /** The number of trees. @default 100 */
  nEstimators: number;
  /** How a split is scored: Gini impurity or Shannon entropy (`'log_loss'` is the same as `'entropy'`). @default 'gini' */
  criterion: ClassificationCriterion;
  /** The deepest a node may be (the root is depth 0); null grows until the leaves are pure or too small. @default null */
  maxDepth: number | null;
  /** The fewest samples a node needs to be split: an int >= 2, or a fraction in (0, 1) of the samples (rounded up). @default 2 */
  minSamplesSplit: number;
  /** The fewest samples each child of a split must keep: an int >= 1, or a fraction in (0, 1) of the samples (rounded up). @default 1 */
  minSamplesLeaf: number;
  /**
   * How many features each split considers, drawn at random: null (all), `'sqrt'`,
   * `'log2'`, a count (an int >= 1) or a fraction in (0, 1) of the features. @default 'sqrt'
   */
  maxFeatures: MaxFeatures;
  /** Grow each tree on a bootstrap sample (n draws with replacement); false uses every sample. @default true */
  bootstrap: boolean;
  /** Seeds the bootstrap samples and the feature draws; null draws a fresh seed. @default null */
  randomState: number | null;
}

interface FittedForest {
  readonly trees: readonly TreeStructure[];
  readonly nFeatures: number;
}

/**
 * A random forest classifier, after scikit-learn's `RandomForestClassifier`: trees
 * grown on bootstrap samples with a random subset of features tried at each split;
 * the class probabilities are the mean of the trees' probabilities.
 *
 * The trees are grown exactly like {@link DecisionTreeClassifier}'s; the random
 * draws come from tunekit's generator, so a forest matches scikit-learn's in
 * accuracy, not tree for tree. The same `randomState` gives the same forest.
 *
 * @example
 * ```ts
 * const forest = new RandomForestClassifier({ nEstimators: 20, randomState: 0 });
 * await forest.fit([[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]], [0, 0, 0, 0, 1, 1, 1, 1]);
 * await forest.predict([[0.5, 0.5], [5.5, 5.5]]); // [0, 1]
 * await forest.predictProba([[5.5, 5.5]]); // [[p0, p1]], columns in forest.classes order
 * ```
 */
export class RandomForestClassifier extends BaseClassifier<RandomForestClassifierParams> {
  private fitted: FittedForest | undefined;

  constructor(params: Partial<RandomForestClassifierParams> = {}) {
    super(
      'RandomForestClassifier',
      {
        nEstimators: { default: 100, constraints: integerIn({ min: 1 }) },
        criterion: { default: 'gini', constraints: oneOf(['gini', 'entropy', 'log_loss']) },
        maxDepth: { default: null, constraints: MAX_DEPTH },
        minSamplesSplit: { default: 2, constraints: MIN_SAMPLES_SPLIT },
        minSamplesLeaf: { default: 1, constraints: MIN_SAMPLES_LEAF },
        maxFeatures: { default: 'sqrt', constraints: MAX_FEATURES },
        bootstrap: { default: true, constraints: booleanValue },
        randomState: { default: null, constraints: RANDOM_STATE },
      },
      params,
    );
  }

  /**
   * Grows the forest on X and the class labels y. With `options.signal`, the fit
   * stops between two trees when the signal aborts (throwing an `AbortError`).
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    const p = this.params;
    const tree = resolveTreeSettings(
      this.owner,
      { ...p, criterion: p.criterion === 'gini' ? 'gini' : 'entropy' },
      matrix.rows,
      matrix.columns,
    );
    const trees = await growForest(
      prepareTreeData(matrix, `${this.owner}.fit`),
      { kind: 'classification', codes, nClasses: classes.length },
      { owner: this.owner, nEstimators: p.nEstimators, bootstrap: p.bootstrap, randomState: p.randomState, tree, signal: options?.signal },
    );
    this.fitted = { trees, nFeatures: matrix.columns };
    return this;
  }

  /** Class probabilities: the mean of the trees' leaf class fractions, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predictProba');
    const k = this.classes.length;
    const out = new Float64Array(matrix.rows * k);
    const x32 = toFloat32(matrix, `${this.owner}.predictProba`);
    for (const tree of state.trees) addTreeProba(tree, x32, matrix.rows, matrix.columns, out);
    const nTrees = state.trees.length;
    const rows: number[][] = [];
    for (let i = 0; i < matrix.rows; i++) {
      const row = new Array<number>(k);
      for (let c = 0; c < k; c++) row[c] = (out[i * k + c] as number) / nTrees;
      rows.push(row);
    }
    return rows;
  }

  /** The class with the highest mean probability (the first in `classes` order on ties). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const proba = await this.predictProba(X);
    return this.decodeLabels(proba.map(argmax));
  }

  /** Impurity-based feature importances: the mean over the trees, normalized to sum to one. */
  get featureImportances(): Float64Array {
    const state = this.requireFitted(this.fitted, 'featureImportances');
    return forestFeatureImportances(state.trees, state.nFeatures);
  }
}

registerTransferable(RandomForestClassifier, import.meta.url);
