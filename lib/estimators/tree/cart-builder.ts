/**
 * CART tree growing after scikit-learn's `DepthFirstTreeBuilder`
 * (`sklearn/tree/_tree.pyx`), on top of {@link BestSplitter} or, for extremely
 * randomized trees, a {@link RandomSplitter}.
 *
 * Nodes are built depth first, left child first, and numbered in that order (as
 * in scikit-learn, so the arrays of an unambiguous tree are scikit-learn's). A
 * node is a leaf at `maxDepth`, below `minSamplesSplit` samples, below
 * `2 * minSamplesLeaf` samples, at zero impurity, or when no split is valid.
 *
 * With exact ties between equally good splits (two features giving the same
 * partition), the split kept depends on the random feature order, as in
 * scikit-learn; only the `randomState` makes it reproducible.
 */
import type { DenseMatrix } from '../../core/data.js';
import { Checkpoint } from '../../core/checkpoint.js';
import { BestSplitter } from './best-splitter.js';
import type { NodeSplitter, SplitterSettings } from './node-splitter.js';
import { RandomClassificationSplitter } from './random-class-splitter.js';
import { RandomRegressionSplitter } from './random-regression-splitter.js';
import type { TreeColumns, TreeData, TreeTarget } from './tree-data.js';
import { prepareTreeColumns, prepareTreeData } from './tree-data.js';
import type { TreeStructure } from './tree-structure.js';
import { TREE_LEAF, TREE_UNDEFINED } from './tree-structure.js';

export type { SplitCriterion } from './node-splitter.js';
export type { TreeColumns, TreeData, TreeTarget } from './tree-data.js';
export { prepareTreeColumns, prepareTreeData } from './tree-data.js';

/**
 * scikit-learn's `splitter`: `'best'` tries every threshold of each drawn feature,
 * `'random'` one threshold drawn at random (extremely randomized trees).
 */
export type SplitterKind = 'best' | 'random';

/**
 * X prepared for the splitter: ranked columns for `'best'` and for the random
 * splitter of classification trees, the columns alone for the random splitter of
 * regression trees.
 */
export function prepareSplitterData(kind: SplitterKind, target: TreeTarget['kind'], X: DenseMatrix, owner: string): TreeColumns {
  return kind === 'best' || target === 'classification' ? prepareTreeData(X, owner) : prepareTreeColumns(X, owner);
}

function isRanked(data: TreeColumns): data is TreeData {
  return (data as Partial<TreeData>).ranks !== undefined;
}

/** scikit-learn's `EPSILON` (float64 machine epsilon) for the impurity checks. */
const EPSILON = 2.220446049250313e-16;

/** The resolved settings of one tree. */
export interface GrowSettings extends SplitterSettings {
  /** The deepest a node may be (Infinity: unlimited). */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  /** Asked once per node whether to stop (a search's timeout or signal). @default none */
  readonly checkpoint?: Checkpoint | undefined;
}

/** The node arrays of a tree being grown (up to `capacity` nodes) and its build stack. */
class GrowBuffers {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly impurityOf: Float64Array;
  readonly nNode: Int32Array;
  readonly wNode: Float64Array;
  readonly value: Float64Array;
  /** The nodes still to build: start, end, depth, parent, isLeft, known constants; and their impurity. */
  readonly stack: Int32Array;
  readonly stackImpurity: Float64Array;

  constructor(
    readonly capacity: number,
    nValues: number,
  ) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.feature = new Int32Array(capacity);
    this.threshold = new Float64Array(capacity);
    this.impurityOf = new Float64Array(capacity);
    this.nNode = new Int32Array(capacity);
    this.wNode = new Float64Array(capacity);
    this.value = new Float64Array(capacity * nValues);
    this.stack = new Int32Array(capacity * 6 + 6);
    this.stackImpurity = new Float64Array(capacity + 1);
  }
}

/** One clock read per this many nodes. */
export const TREE_CHECK_STRIDE = 16;

/**
 * Grows trees on one dataset; its work buffers are reused from tree to tree, so a
 * forest creates one grower and calls {@link TreeGrower.grow} per tree.
 */
export class TreeGrower {
  private readonly splitter: NodeSplitter;
  private readonly nValues: number;
  /** Node arrays and the build stack, sized for the largest tree and reused from tree to tree. */
  private buffers: GrowBuffers | undefined;

  /**
   * @param data X prepared by {@link prepareSplitterData} for the same `kind` and
   *   target (the ranked columns of {@link prepareTreeData} but for random
   *   regression trees)
   * @param kind the splitter, `'best'` by default
   */
  constructor(data: TreeColumns, target: TreeTarget, kind: SplitterKind = 'best') {
    if (kind === 'random' && target.kind === 'regression') {
      this.splitter = new RandomRegressionSplitter(data, target);
    } else if (!isRanked(data)) {
      throw new Error(`TreeGrower: the ${kind} splitter of ${target.kind} trees needs the ranked columns of prepareTreeData.`);
    } else if (kind === 'best') {
      this.splitter = new BestSplitter(data, target);
    } else {
      this.splitter = new RandomClassificationSplitter(data, target as Extract<TreeTarget, { kind: 'classification' }>);
    }
    this.nValues = target.kind === 'classification' ? target.nClasses : 1;
  }

  /** Releases the splitter's arrays outside the JavaScript heap (WebAssembly memory); the grower is not used after. */
  dispose(): void {
    this.splitter.dispose();
  }

  /** Grows one tree. */
  grow(settings: GrowSettings): TreeStructure {
    const splitter = this.splitter;
    const m = splitter.reset(settings);
    const capacity = Math.max(1, 2 * m - 1);
    const nv = this.nValues;
    if (this.buffers === undefined || this.buffers.capacity < capacity) this.buffers = new GrowBuffers(capacity, nv);
    // every entry read below is written first, so the buffers of the previous tree need no clearing
    const { left, right, feature, threshold, impurityOf, nNode, wNode, value, stack, stackImpurity } = this.buffers;
    let top = 0;
    const push = (start: number, end: number, depth: number, parent: number, isLeft: number, impurity: number, constants: number): void => {
      const at = top * 6;
      stack[at] = start;
      stack[at + 1] = end;
      stack[at + 2] = depth;
      stack[at + 3] = parent;
      stack[at + 4] = isLeft;
      stack[at + 5] = constants;
      stackImpurity[top] = impurity;
      top++;
    };
    push(0, m, 0, -1, 0, Infinity, 0);

    let nodeCount = 0;
    let maxDepthSeen = 0;
    let first = true;
    const { maxDepth, minSamplesSplit, minSamplesLeaf } = settings;
    const checkpoint = settings.checkpoint ?? Checkpoint.NONE;
    while (top > 0) {
      checkpoint.check();
      top--;
      const at = top * 6;
      const start = stack[at] as number;
      const end = stack[at + 1] as number;
      const depth = stack[at + 2] as number;
      const parent = stack[at + 3] as number;
      const isLeft = stack[at + 4] as number;
      let nConstants = stack[at + 5] as number;
      let impurity = stackImpurity[top] as number;
      const nNodeSamples = end - start;

      splitter.initNode(start, end);
      let isLeaf = depth >= maxDepth || nNodeSamples < minSamplesSplit || nNodeSamples < 2 * minSamplesLeaf;
      if (first) {
        impurity = splitter.nodeImpurity();
        first = false;
      }
      isLeaf = isLeaf || impurity <= EPSILON;
      if (!isLeaf) {
        splitter.splitNode(start, end, impurity, nConstants);
        nConstants = splitter.nConstants;
        isLeaf = splitter.pos >= end || splitter.improvement + EPSILON < 0;
      }

      const node = nodeCount++;
      if (parent >= 0) {
        if (isLeft === 1) left[parent] = node;
        else right[parent] = node;
      }
      impurityOf[node] = impurity;
      nNode[node] = nNodeSamples;
      wNode[node] = splitter.weightedNNode;
      splitter.nodeValue(value, node * nv);
      if (isLeaf) {
        left[node] = TREE_LEAF;
        right[node] = TREE_LEAF;
        feature[node] = TREE_UNDEFINED;
        threshold[node] = TREE_UNDEFINED;
      } else {
        feature[node] = splitter.feature;
        threshold[node] = splitter.threshold;
        const pos = splitter.pos;
        push(pos, end, depth + 1, node, 0, splitter.impurityRight, nConstants);
        push(start, pos, depth + 1, node, 1, splitter.impurityLeft, nConstants);
      }
      if (depth > maxDepthSeen) maxDepthSeen = depth;
    }

    return {
      nodeCount,
      childrenLeft: left.slice(0, nodeCount),
      childrenRight: right.slice(0, nodeCount),
      feature: feature.slice(0, nodeCount),
      threshold: threshold.slice(0, nodeCount),
      impurity: impurityOf.slice(0, nodeCount),
      nNodeSamples: nNode.slice(0, nodeCount),
      weightedNNodeSamples: wNode.slice(0, nodeCount),
      value: value.slice(0, nodeCount * nv),
      nValues: nv,
      maxDepth: maxDepthSeen,
    };
  }
}
