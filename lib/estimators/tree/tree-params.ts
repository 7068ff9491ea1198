/**
 * The parameters shared by the trees and the forests: their constraints (after
 * scikit-learn's `BaseDecisionTree._parameter_constraints`) and their resolution
 * at fit time (`BaseDecisionTree.fit`).
 *
 * JavaScript has one number type, so scikit-learn's int/float overloads are told
 * apart by value: an integer is a count, a number strictly between 0 and 1 a
 * fraction. scikit-learn's `max_features=1.0` (all features) is `null` here,
 * since `1` means one feature.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, seedValue } from '../../core/check-random-state.js';
import type { ParamDeclaration, ParamSchema } from '../../core/estimator.js';
import type { Constraint } from '../../core/validate.js';
import { booleanValue, integerIn, invalidParameter, nullValue, oneOf, realIn } from '../../core/validate.js';
import type { GrowSettings, SplitterKind } from './cart-builder.js';

/** The split criteria of a classification tree (`'log_loss'` is `'entropy'`). */
export type ClassificationCriterion = 'gini' | 'entropy' | 'log_loss';

/** The split criteria of a regression tree. */
export type RegressionCriterion = 'squared_error';

/** The `criterion` of any tree or forest. */
export type TreeCriterion = ClassificationCriterion | RegressionCriterion;

/**
 * How many features a split considers: all (`null`), `'sqrt'` or `'log2'` of the
 * feature count, a count (an integer >= 1) or a fraction in (0, 1).
 */
export type MaxFeatures = null | 'sqrt' | 'log2' | number;

/** The tree parameters every tree and forest takes. */
export interface TreeParamValues {
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  randomState: RandomStateLike | null;
}

/** The parameters of a single tree: the tree parameters and its `splitter`. */
export interface DecisionTreeParamValues extends TreeParamValues {
  splitter: SplitterKind;
}

/** The parameters every forest takes besides the tree parameters. */
export interface ForestParamValues extends TreeParamValues {
  nEstimators: number;
  bootstrap: boolean;
  warmStart: boolean;
}

const fraction = realIn({ min: 0, max: 1, minInclusive: false, maxInclusive: false });

/** `maxDepth`: null or an int >= 1. */
const MAX_DEPTH: readonly Constraint[] = [nullValue, integerIn({ min: 1 })];
/** `minSamplesSplit`: an int >= 2 or a fraction of the samples. */
const MIN_SAMPLES_SPLIT: readonly Constraint[] = [integerIn({ min: 2 }), fraction];
/** `minSamplesLeaf`: an int >= 1 or a fraction of the samples. */
const MIN_SAMPLES_LEAF: readonly Constraint[] = [integerIn({ min: 1 }), fraction];
/** `maxFeatures`: null, 'sqrt', 'log2', an int >= 1 or a fraction. */
const MAX_FEATURES: readonly Constraint[] = [nullValue, oneOf(['sqrt', 'log2']), integerIn({ min: 1 }), fraction];
/** `randomState`: null, a seed in [0, 2^32) or a numpy `RandomState`. */
const RANDOM_STATE: readonly Constraint[] = [nullValue, seedValue, randomStateObject];

/** The `criterion` of the classifiers: `'gini'` by default. */
export const CLASSIFICATION_CRITERION: ParamDeclaration<ClassificationCriterion> = {
  default: 'gini',
  constraints: oneOf(['gini', 'entropy', 'log_loss']),
};
/** The `criterion` of the regressors: `'squared_error'`, the only one. */
export const REGRESSION_CRITERION: ParamDeclaration<RegressionCriterion> = {
  default: 'squared_error',
  constraints: oneOf(['squared_error']),
};

/**
 * The declarations of a tree's params, in the order `getParams` lists them:
 * `criterion`, the growth limits, `maxFeatures` (null by default) and `randomState`.
 */
export function treeParamsSchema<C extends TreeCriterion>(
  criterion: ParamDeclaration<C>,
  maxFeatures: MaxFeatures = null,
): ParamSchema<TreeParamValues & { criterion: C }> {
  return {
    criterion,
    maxDepth: { default: null, constraints: MAX_DEPTH },
    minSamplesSplit: { default: 2, constraints: MIN_SAMPLES_SPLIT },
    minSamplesLeaf: { default: 1, constraints: MIN_SAMPLES_LEAF },
    maxFeatures: { default: maxFeatures, constraints: MAX_FEATURES },
    randomState: { default: null, constraints: RANDOM_STATE },
  };
}

/**
 * The declarations of a single tree's params, in scikit-learn's order: `criterion`,
 * `splitter` (`'best'` for the decision trees, `'random'` for the extra trees),
 * then the other tree params.
 */
export function decisionTreeParamsSchema<C extends TreeCriterion>(
  criterion: ParamDeclaration<C>,
  splitter: SplitterKind,
  maxFeatures: MaxFeatures = null,
): ParamSchema<DecisionTreeParamValues & { criterion: C }> {
  const { criterion: criterionDeclaration, ...rest } = treeParamsSchema(criterion, maxFeatures);
  return {
    criterion: criterionDeclaration,
    splitter: { default: splitter, constraints: oneOf(['best', 'random']) },
    ...rest,
  };
}

/**
 * The declarations of a forest's params, in the order `getParams` lists them:
 * `nEstimators` (100 by default), the tree params, then `bootstrap` (true by
 * default: false for the extra trees) before `randomState`, and `warmStart` last.
 */
export function forestParamsSchema<C extends TreeCriterion>(
  criterion: ParamDeclaration<C>,
  maxFeatures: MaxFeatures,
  bootstrap = true,
): ParamSchema<ForestParamValues & { criterion: C }> {
  const { randomState, ...tree } = treeParamsSchema(criterion, maxFeatures);
  return {
    nEstimators: { default: 100, constraints: integerIn({ min: 1 }) },
    ...tree,
    bootstrap: { default: bootstrap, constraints: booleanValue },
    randomState,
    warmStart: { default: false, constraints: booleanValue },
  };
}

/** The number of features a split draws, as scikit-learn resolves `max_features`. */
export function resolveMaxFeatures(owner: string, value: MaxFeatures, nFeatures: number): number {
  let count: number;
  if (value === null) count = nFeatures;
  else if (value === 'sqrt') count = Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  else if (value === 'log2') count = Math.max(1, Math.floor(Math.log2(nFeatures)));
  else if (Number.isInteger(value)) count = value;
  else count = Math.max(1, Math.floor(value * nFeatures));
  if (!(count > 0 && count <= nFeatures)) {
    throw invalidParameter(owner, 'maxFeatures', `at most the number of features of X (${nFeatures})`, value);
  }
  return count;
}

/** Resolves the params of one tree for `nSamples` training rows (`'log_loss'` is `'entropy'`). */
export function resolveTreeSettings(
  owner: string,
  params: TreeParamValues & { criterion: TreeCriterion },
  nSamples: number,
  nFeatures: number,
): Omit<GrowSettings, 'rng' | 'sampleWeight'> {
  const minSamplesLeaf = Number.isInteger(params.minSamplesLeaf)
    ? params.minSamplesLeaf
    : Math.ceil(params.minSamplesLeaf * nSamples);
  let minSamplesSplit = Number.isInteger(params.minSamplesSplit)
    ? params.minSamplesSplit
    : Math.max(2, Math.ceil(params.minSamplesSplit * nSamples));
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  return {
    criterion: params.criterion === 'log_loss' ? 'entropy' : params.criterion,
    maxDepth: params.maxDepth ?? Infinity,
    minSamplesSplit,
    minSamplesLeaf,
    maxFeatures: resolveMaxFeatures(owner, params.maxFeatures, nFeatures),
  };
}
