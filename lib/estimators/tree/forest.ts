/**
 * The forest loop shared by the random forests and the extra trees (scikit-learn's `BaseForest.fit`
 * and `_parallel_build_trees`), drawing what scikit-learn draws: one seed per
 * tree, `randint(2^31 - 1)` from the forest's numpy `RandomState`; with
 * `bootstrap`, the tree's rows `RandomState(seed).randint(0, n, n)`, given to the
 * tree as sample weights (the count of each row); the tree's feature order from
 * scikit-learn's tree generator seeded by a fresh `RandomState(seed)`. Every tree
 * is grown on the same prepared data.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import { Checkpoint } from '../../core/checkpoint.js';
import { RandomState } from '../../core/random-state.js';
import type { GrowSettings, SplitterKind, TreeColumns, TreeTarget } from './cart-builder.js';
import { TREE_CHECK_STRIDE, TreeGrower } from './cart-builder.js';
import { RandR } from './rand-r.js';
import type { TreeStructure } from './tree-structure.js';
import { treeFeatureImportances } from './tree-structure.js';

/** What {@link growForest} needs besides the data. */
export interface ForestSettings {
  readonly owner: string;
  /** The trees' splitter (`'best'` when left out); `data` must be prepared for it. */
  readonly splitter?: SplitterKind;
  readonly nEstimators: number;
  readonly bootstrap: boolean;
  readonly randomState: RandomStateLike | null;
  readonly tree: Omit<GrowSettings, 'rng' | 'sampleWeight'>;
  readonly signal?: AbortSignal | undefined;
  /** Trees already grown (a warm start): the forest's generator skips their seeds and grows the rest up to `nEstimators`. @default none */
  readonly grown?: readonly TreeStructure[] | undefined;
}

/** scikit-learn's `np.iinfo(np.int32).max`: tree seeds are drawn in [0, 2^31 - 1). */
const MAX_INT = 2147483647;

/**
 * Grows `nEstimators` trees (after the `grown` ones of a warm start). Tree `t` is seeded by the `t`-th draw of the forest's
 * generator, so a forest's first trees do not depend on how many follow. With a
 * signal, a {@link Checkpoint} stops the growth (between nodes, by the signal's
 * deadline; between trees, returning to the event loop now and then so that an
 * abort can land) with an {@link AbortError}.
 */
export async function growForest(data: TreeColumns, target: TreeTarget, settings: ForestSettings): Promise<TreeStructure[]> {
  const forestState = resolveRandomState(settings.randomState);
  const grown = settings.grown ?? [];
  // a warm start draws the seeds of the trees it keeps, as scikit-learn does, to grow the trees a single fit would
  if (grown.length > 0) forestState.randint(0, MAX_INT, grown.length);
  const seeds = forestState.randint(0, MAX_INT, settings.nEstimators - grown.length);
  const grower = new TreeGrower(data, target, settings.splitter ?? 'best');
  const n = data.nSamples;
  const weights = settings.bootstrap ? new Float64Array(n) : undefined;
  const trees: TreeStructure[] = [...grown];
  let t = grown.length;
  const checkpoint = Checkpoint.of(settings.signal, `${settings.owner}.fit`, { stride: TREE_CHECK_STRIDE, progress: () => `after ${t} of ${settings.nEstimators} trees` });
  // one generator reseeded per tree (as scikit-learn's fresh RandomState(seed)s, without the allocations)
  const treeState = new RandomState(0);
  try {
    for (; t < settings.nEstimators; t++) {
      await checkpoint.checkAndYield();
      const seed = seeds[t - grown.length] as number;
      if (weights !== undefined) {
        weights.fill(0);
        for (const i of treeState.seed(seed).randint(0, n, n)) weights[i] = (weights[i] as number) + 1;
      }
      const rng = RandR.fromRandomState(treeState.seed(seed));
      trees.push(grower.grow({ ...settings.tree, rng, sampleWeight: weights, checkpoint }));
    }
  } finally {
    grower.dispose();
  }
  return trees;
}

/**
 * The forest's importances: the mean of the trees' normalized importances (trees
 * that are a single leaf left out), normalized again; zeros when every tree is a
 * single leaf.
 */
export function forestFeatureImportances(trees: readonly TreeStructure[], nFeatures: number): Float64Array {
  const sum = new Float64Array(nFeatures);
  let used = 0;
  for (const tree of trees) {
    if (tree.nodeCount <= 1) continue;
    const imp = treeFeatureImportances(tree, nFeatures);
    for (let f = 0; f < nFeatures; f++) sum[f] = (sum[f] as number) + (imp[f] as number);
    used++;
  }
  if (used === 0) return sum;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    sum[f] = (sum[f] as number) / used;
    total += sum[f] as number;
  }
  for (let f = 0; f < nFeatures; f++) sum[f] = (sum[f] as number) / total;
  return sum;
}
