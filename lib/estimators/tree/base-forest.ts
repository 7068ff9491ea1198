/**
 * What the forests share (scikit-learn's `ForestClassifier` and `ForestRegressor`):
 * growing the trees with {@link growForest}, predicting with their mean, the
 * importances and the fitted arrays. The random forests grow their trees with the
 * best splitter, the extra trees with the random one.
 */
import type { Label, MatrixLike, TargetLike } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { BaseClassifier, BaseRegressor } from '../base.js';
import type { SplitterKind } from './cart-builder.js';
import { forestFeatureImportances } from './forest.js';
import type { FittedForest } from './tree-estimator.js';
import { fitForest, meanTreeProba, meanTreeValues } from './tree-estimator.js';
import type { ClassificationCriterion, ForestParamValues, RegressionCriterion } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { argmax, copyTree } from './tree-structure.js';

/** A forest of classification trees grown by the splitter {@link BaseForestClassifier.splitter}. */
export abstract class BaseForestClassifier<P extends ForestParamValues & { criterion: ClassificationCriterion }> extends BaseClassifier<P> {
  private fitted: FittedForest | undefined;
  /** The trees' splitter. */
  protected abstract readonly splitter: SplitterKind;

  /**
   * Grows the forest on X and the class labels y. With `options.signal`, the fit
   * stops between two trees when the signal aborts (throwing an `AbortError`).
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    const target = { kind: 'classification', codes, nClasses: classes.length } as const;
    this.fitted = await fitForest(this.owner, this.params, matrix, target, options?.signal, this.splitter);
    return this;
  }

  /** Class probabilities: the mean of the trees' leaf class fractions, columns in `classes` order. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predictProba');
    return meanTreeProba(this.owner, state.trees, matrix, this.classes.length);
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

  /** A copy of each fitted tree's arrays, in order (scikit-learn's `estimators_[i].tree_`). */
  get trees(): TreeStructure[] {
    return this.requireFitted(this.fitted, 'trees').trees.map(copyTree);
  }
}

/** A forest of regression trees grown by the splitter {@link BaseForestRegressor.splitter}. */
export abstract class BaseForestRegressor<P extends ForestParamValues & { criterion: RegressionCriterion }> extends BaseRegressor<P> {
  private fitted: FittedForest | undefined;
  /** The trees' splitter. */
  protected abstract readonly splitter: SplitterKind;

  /**
   * Grows the forest on X and the real targets y. With `options.signal`, the fit
   * stops between two trees when the signal aborts (throwing an `AbortError`).
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    this.fitted = await fitForest(this.owner, this.params, matrix, { kind: 'regression', y: target }, options?.signal, this.splitter);
    return this;
  }

  /** The mean of the trees' predictions. */
  async predict(X: MatrixLike): Promise<Float64Array> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    return meanTreeValues(this.owner, state.trees, matrix);
  }

  /** Impurity-based feature importances: the mean over the trees, normalized to sum to one. */
  get featureImportances(): Float64Array {
    const state = this.requireFitted(this.fitted, 'featureImportances');
    return forestFeatureImportances(state.trees, state.nFeatures);
  }

  /** A copy of each fitted tree's arrays, in order (scikit-learn's `estimators_[i].tree_`). */
  get trees(): TreeStructure[] {
    return this.requireFitted(this.fitted, 'trees').trees.map(copyTree);
  }
}
