/**
 * What the forests share (scikit-learn's `ForestClassifier` and `ForestRegressor`):
 * growing the trees with {@link growForest}, predicting with their mean, the
 * importances and the fitted arrays. The random forests grow their trees with the
 * best splitter, the extra trees with the random one.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike } from '../../core/data.js';
import type { ContinuesTraining } from '../../core/continuation.js';
import { continueWithWarmStart } from '../../core/continuation.js';
import { InvalidParameterError, ValidationError } from '../../core/errors.js';
import type { FitOptions } from '../../core/estimator.js';
import { invalidParameter } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import { BaseClassifier, BaseRegressor } from '../base.js';
import type { SplitterKind } from './cart-builder.js';
import { forestFeatureImportances } from './forest.js';
import type { FittedForest } from './tree-estimator.js';
import { fitForest, meanTreeProba, meanTreeValues } from './tree-estimator.js';
import type { ClassificationCriterion, ForestParamValues, RegressionCriterion } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { argmax, copyTree } from './tree-structure.js';

/**
 * The trees a warm-started fit keeps (scikit-learn's `warm_start`): none without
 * `warmStart` or a fitted forest; `'unchanged'` when `nEstimators` equals the
 * trees grown (scikit-learn's warning: nothing new is fitted).
 *
 * @throws {InvalidParameterError} when `nEstimators` is below the trees grown;
 *   {@link ValidationError} when X has another number of features.
 */
function warmTrees(owner: string, params: ForestParamValues, fitted: FittedForest | undefined, nFeatures: number): readonly TreeStructure[] | 'unchanged' {
  if (!params.warmStart || fitted === undefined) return [];
  const grown = fitted.trees.length;
  if (params.nEstimators < grown) {
    throw new InvalidParameterError(`The "nEstimators" parameter of ${owner} must be at least the ${grown} trees already grown when warmStart is true. Got ${params.nEstimators} instead.`, {
      owner, argument: 'nEstimators', value: params.nEstimators, expected: `an int >= ${grown} (warmStart)`,
    });
  }
  if (fitted.nFeatures !== nFeatures) {
    throw new ValidationError(`${owner}.fit with warmStart got X with ${nFeatures} features, but the forest's trees were grown on ${fitted.nFeatures}.`, {
      owner: `${owner}.fit`, argument: 'X', value: nFeatures, expected: `${fitted.nFeatures} features (warmStart)`,
    });
  }
  if (params.nEstimators === grown) {
    warn(`${owner}: warm-start fitting without increasing nEstimators does not fit new trees.`);
    return 'unchanged';
  }
  return fitted.trees;
}

/** `continueFit` of a forest: more trees up to `nEstimators` through the `warmStart` path. */
async function continueForest(estimator: BaseForestClassifier<never> | BaseForestRegressor<never>, X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options: FitOptions | undefined): Promise<void> {
  if (param !== 'nEstimators') throw invalidParameter(`${estimator.constructor.name}.continueFit`, 'param', "'nEstimators'", param);
  await continueWithWarmStart(estimator, X, y, param, value, options);
}

/** A forest of classification trees grown by the splitter {@link BaseForestClassifier.splitter}. */
export abstract class BaseForestClassifier<P extends ForestParamValues & { criterion: ClassificationCriterion }> extends BaseClassifier<P> implements ContinuesTraining {
  private fitted: FittedForest | undefined;
  /** The trees' splitter. */
  protected abstract readonly splitter: SplitterKind;

  /**
   * Grows the forest on X and the class labels y (with `warmStart`, adds trees to
   * the fitted ones up to `nEstimators`). With `options.signal`, the fit stops
   * between two trees when the signal aborts (throwing an `AbortError`).
   *
   * @throws {ValidationError} with `warmStart` when y has other classes than the fitted forest's.
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const previous = this.params.warmStart ? this.fitted : undefined;
    const previousClasses = previous === undefined ? undefined : JSON.stringify(this.classes);
    this.fitted = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    if (previousClasses !== undefined && previousClasses !== JSON.stringify(classes)) {
      throw new ValidationError(`${this.owner}.fit with warmStart got the classes ${JSON.stringify(classes)}, but the forest's trees were grown for ${previousClasses}.`, {
        owner: `${this.owner}.fit`, argument: 'y', value: classes, expected: `the classes ${previousClasses} (warmStart)`,
      });
    }
    const grown = warmTrees(this.owner, this.params, previous, matrix.columns);
    if (grown === 'unchanged') {
      this.fitted = previous;
      return this;
    }
    const target = { kind: 'classification', codes, nClasses: classes.length } as const;
    this.fitted = await fitForest(this.owner, this.params, matrix, target, options?.signal, this.splitter, grown);
    return this;
  }

  /** Searches continue a fitted forest along `nEstimators` (adding trees). */
  continuableParams(): readonly string[] {
    return ['nEstimators'];
  }

  /** Adds trees up to `nEstimators: value` through the `warmStart` path: the forest a single fit with `value` trees grows (int `randomState`). */
  continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options?: FitOptions): Promise<void> {
    return continueForest(this as never, X, y, param, value, options);
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
export abstract class BaseForestRegressor<P extends ForestParamValues & { criterion: RegressionCriterion }> extends BaseRegressor<P> implements ContinuesTraining {
  private fitted: FittedForest | undefined;
  /** The trees' splitter. */
  protected abstract readonly splitter: SplitterKind;

  /**
   * Grows the forest on X and the real targets y (with `warmStart`, adds trees to
   * the fitted ones up to `nEstimators`). With `options.signal`, the fit stops
   * between two trees when the signal aborts (throwing an `AbortError`).
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const previous = this.params.warmStart ? this.fitted : undefined;
    this.fitted = undefined;
    const { X: matrix, y: target } = this.prepareFit(X, y);
    const grown = warmTrees(this.owner, this.params, previous, matrix.columns);
    if (grown === 'unchanged') {
      this.fitted = previous;
      return this;
    }
    this.fitted = await fitForest(this.owner, this.params, matrix, { kind: 'regression', y: target }, options?.signal, this.splitter, grown);
    return this;
  }

  /** Searches continue a fitted forest along `nEstimators` (adding trees). */
  continuableParams(): readonly string[] {
    return ['nEstimators'];
  }

  /** Adds trees up to `nEstimators: value` through the `warmStart` path: the forest a single fit with `value` trees grows (int `randomState`). */
  continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options?: FitOptions): Promise<void> {
    return continueForest(this as never, X, y, param, value, options);
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
