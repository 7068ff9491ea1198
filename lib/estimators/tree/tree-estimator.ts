/**
 * The fit and predict steps the decision trees and the random forests share:
 * resolving the params and preparing X once, growing one tree (seeded by
 * `randomState`) or a forest, and predicting with the mean of the trees.
 */
import { resolveRandomState } from '../../core/check-random-state.js';
import type { DenseMatrix } from '../../core/data.js';
import type { SplitterKind, TreeTarget } from './cart-builder.js';
import { prepareSplitterData, TREE_CHECK_STRIDE, TreeGrower } from './cart-builder.js';
import { Checkpoint } from '../../core/checkpoint.js';
import { growForest } from './forest.js';
import { RandR } from './rand-r.js';
import type { DecisionTreeParamValues, ForestParamValues, TreeCriterion } from './tree-params.js';
import { resolveTreeSettings } from './tree-params.js';
import type { TreeStructure } from './tree-structure.js';
import { addTreeProba, addTreeValues, toFloat32 } from './tree-structure.js';

/** The fitted state of a decision tree. */
export interface FittedTree {
  readonly tree: TreeStructure;
  readonly nFeatures: number;
}

/** The fitted state of a random forest. */
export interface FittedForest {
  readonly trees: readonly TreeStructure[];
  readonly nFeatures: number;
}

/**
 * Grows one tree on X (`owner` is the estimator's name, for messages) with the
 * params' splitter. Its feature order (and random thresholds) come from
 * scikit-learn's tree generator seeded by `RandomState(randomState).randint(0,
 * 2^31 - 1)`, as scikit-learn seeds it.
 */
export function fitTree(
  owner: string,
  params: DecisionTreeParamValues & { criterion: TreeCriterion },
  X: DenseMatrix,
  target: TreeTarget,
  signal?: AbortSignal,
): FittedTree {
  const settings = resolveTreeSettings(owner, params, X.rows, X.columns);
  const grower = new TreeGrower(prepareSplitterData(params.splitter, target.kind, X, `${owner}.fit`), target, params.splitter);
  const checkpoint = Checkpoint.of(signal, `${owner}.fit`, { stride: TREE_CHECK_STRIDE });
  try {
    const tree = grower.grow({ ...settings, rng: RandR.fromRandomState(resolveRandomState(params.randomState)), checkpoint });
    return { tree, nFeatures: X.columns };
  } finally {
    grower.dispose();
  }
}

/**
 * Grows a forest on X with {@link growForest}, its trees built by `splitter`
 * (`'best'`: random forests, `'random'`: extra trees); `signal` stops it between
 * two trees.
 */
export async function fitForest(
  owner: string,
  params: Omit<ForestParamValues, 'warmStart'> & { criterion: TreeCriterion },
  X: DenseMatrix,
  target: TreeTarget,
  signal: AbortSignal | undefined,
  splitter: SplitterKind = 'best',
  grown: readonly TreeStructure[] = [],
): Promise<FittedForest> {
  const tree = resolveTreeSettings(owner, params, X.rows, X.columns);
  const trees = await growForest(prepareSplitterData(splitter, target.kind, X, `${owner}.fit`), target, {
    owner,
    splitter,
    nEstimators: params.nEstimators,
    bootstrap: params.bootstrap,
    randomState: params.randomState,
    tree,
    signal,
    grown,
  });
  return { trees, nFeatures: X.columns };
}

/**
 * The mean of the trees' class probabilities for each row of X (a single tree's
 * are its leaf class fractions), `nClasses` columns per row.
 */
export function meanTreeProba(owner: string, trees: readonly TreeStructure[], X: DenseMatrix, nClasses: number): number[][] {
  const k = nClasses;
  const out = new Float64Array(X.rows * k);
  const x32 = toFloat32(X, `${owner}.predictProba`);
  for (const tree of trees) addTreeProba(tree, x32, X.rows, X.columns, out);
  const nTrees = trees.length;
  const rows: number[][] = [];
  for (let i = 0; i < X.rows; i++) {
    const row = new Array<number>(k);
    for (let c = 0; c < k; c++) row[c] = (out[i * k + c] as number) / nTrees;
    rows.push(row);
  }
  return rows;
}

/** The mean of the trees' predicted values for each row of X (a single tree's are its leaf means). */
export function meanTreeValues(owner: string, trees: readonly TreeStructure[], X: DenseMatrix): Float64Array {
  const out = new Float64Array(X.rows);
  const x32 = toFloat32(X, `${owner}.predict`);
  for (const tree of trees) addTreeValues(tree, x32, X.rows, X.columns, out);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / trees.length;
  return out;
}
