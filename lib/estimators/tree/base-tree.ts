/**
 * What the single trees share (scikit-learn's `BaseDecisionTree` with its
 * classifier and regressor halves): fit with the params' splitter, predictions
 * from the leaves, the fitted arrays, depth, leaves and importances.
 * {@link DecisionTreeClassifier} and {@link ExtraTreeClassifier} (and their
 * regressor twins) differ only in their defaults.
 */
import type { Label, MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { BaseClassifier, BaseRegressor } from '../base.js';
import type { FittedTree } from './tree-estimator.js';
import { fitTree, meanTreeProba, meanTreeValues } from './tree-estimator.js';
import type { ClassificationCriterion, DecisionTreeParamValues, RegressionCriterion } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { argmax, copyTree, countLeaves, treeFeatureImportances } from './tree-structure.js';

/** A single classification tree: the params of {@link DecisionTreeClassifier} and {@link ExtraTreeClassifier}. */
export abstract class BaseTreeClassifier<P extends DecisionTreeParamValues & { criterion: ClassificationCriterion }> extends BaseClassifier<P> {
  private fitted: FittedTree | undefined;

  /** Grows the tree on X and the class labels y. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    this.fitted = fitTree(this.owner, this.params, matrix, { kind: 'classification', codes, nClasses: classes.length }, options?.signal);
    return this;
  }

  /** Class probabilities: the class fractions of each sample's leaf, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predictProba');
    return meanTreeProba(this.owner, [state.tree], matrix, state.tree.nValues);
  }

  /** The most probable class of each sample (the first in `classes` order on ties). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const proba = await this.predictProba(X);
    return this.decodeLabels(proba.map(argmax));
  }

  /** Impurity-based feature importances, summing to one (all zeros for a single-leaf tree). */
  get featureImportances(): Float64Array {
    const state = this.requireFitted(this.fitted, 'featureImportances');
    return treeFeatureImportances(state.tree, state.nFeatures);
  }

  /** A copy of the fitted tree's arrays (scikit-learn's `tree_`). */
  get tree(): TreeStructure {
    return copyTree(this.requireFitted(this.fitted, 'tree').tree);
  }

  /** The depth of the tree (0 for a single leaf). */
  getDepth(): number {
    return this.requireFitted(this.fitted, 'getDepth').tree.maxDepth;
  }

  /** The number of leaves. */
  getNLeaves(): number {
    return countLeaves(this.requireFitted(this.fitted, 'getNLeaves').tree);
  }
}

/** A single regression tree: the params of {@link DecisionTreeRegressor} and {@link ExtraTreeRegressor}. */
export abstract class BaseTreeRegressor<P extends DecisionTreeParamValues & { criterion: RegressionCriterion }> extends BaseRegressor<P> {
  private fitted: FittedTree | undefined;

  /** Grows the tree on X and the real targets y. */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    this.fitted = fitTree(this.owner, this.params, matrix, { kind: 'regression', y: target }, options?.signal);
    return this;
  }

  /** The mean target of each sample's leaf. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    return meanTreeValues(this.owner, [state.tree], matrix);
  }

  /** Impurity-based feature importances, summing to one (all zeros for a single-leaf tree). */
  get featureImportances(): Float64Array {
    const state = this.requireFitted(this.fitted, 'featureImportances');
    return treeFeatureImportances(state.tree, state.nFeatures);
  }

  /** A copy of the fitted tree's arrays (scikit-learn's `tree_`). */
  get tree(): TreeStructure {
    return copyTree(this.requireFitted(this.fitted, 'tree').tree);
  }

  /** The depth of the tree (0 for a single leaf). */
  getDepth(): number {
    return this.requireFitted(this.fitted, 'getDepth').tree.maxDepth;
  }

  /** The number of leaves. */
  getNLeaves(): number {
    return countLeaves(this.requireFitted(this.fitted, 'getNLeaves').tree);
  }
}
