/**
 * Growing one tree (scikit-learn's `TreeGrower`, `grower.py`): leaf-wise, the node of
 * highest split gain first (a binary heap ordered as Python's `heapq` orders it, so ties
 * break as in scikit-learn), until `maxLeafNodes` leaves, `maxDepth` or no split gains.
 * Histograms are built for the smaller child of each split only; the sibling's are the
 * parent's minus the child's. Monotonic constraints bound the children's values by the
 * middle of their parent's children values.
 */
import type { BinMapper } from './binning.js';
import type { TreePredictor } from './predictor.js';
import type { SplitInfo } from './splitting.js';
import { BITSET_WORDS, findNodeSplit, inBitset, setBitset } from './splitting.js';
import type { SplitSettings, TreeWorkspace } from './workspace.js';

/** The tree settings of a fit. */
export interface GrowerSettings extends SplitSettings {
  readonly maxLeafNodes: number | null;
  readonly maxDepth: number | null;
  /** The learning rate, applied to the leaf values once the tree is grown. */
  readonly shrinkage: number;
}

/** A node while the tree grows. Its rows are `partition[start .. start + count)`. */
export interface GrowerNode {
  readonly depth: number;
  readonly start: number;
  readonly count: number;
  readonly sumGradients: number;
  readonly sumHessians: number;
  value: number;
  split: SplitInfo | undefined;
  isLeaf: boolean;
  left: GrowerNode | undefined;
  right: GrowerNode | undefined;
  /** The histogram slot, -1 when released. */
  histogram: number;
  lowerBound: number;
  upperBound: number;
}

/** A grown tree: its leaves (rows and values, for updating the raw predictions) and the number of nodes. */
export interface GrownTree {
  readonly root: GrowerNode;
  readonly leaves: GrowerNode[];
  readonly nodeCount: number;
  readonly categoricalSplits: number;
}

function newNode(depth: number, start: number, count: number, sumGradients: number, sumHessians: number, value: number): GrowerNode {
  return { depth, start, count, sumGradients, sumHessians, value, split: undefined, isLeaf: false, left: undefined, right: undefined, histogram: -1, lowerBound: -Infinity, upperBound: Infinity };
}

/** Python's `heapq` on nodes, "smaller" meaning a larger gain: the same pops on ties. */
class NodeHeap {
  readonly items: GrowerNode[] = [];

  private static before(a: GrowerNode, b: GrowerNode): boolean {
    return (a.split as SplitInfo).gain > (b.split as SplitInfo).gain;
  }

  push(node: GrowerNode): void {
    this.items.push(node);
    this.siftDown(0, this.items.length - 1);
  }

  pop(): GrowerNode {
    const items = this.items;
    const last = items.pop() as GrowerNode;
    if (items.length === 0) return last;
    const top = items[0] as GrowerNode;
    items[0] = last;
    this.siftUp(0);
    return top;
  }

  private siftDown(startPos: number, pos: number): void {
    const items = this.items;
    const item = items[pos] as GrowerNode;
    while (pos > startPos) {
      const parentPos = (pos - 1) >> 1;
      const parent = items[parentPos] as GrowerNode;
      if (!NodeHeap.before(item, parent)) break;
      items[pos] = parent;
      pos = parentPos;
    }
    items[pos] = item;
  }

  private siftUp(pos: number): void {
    const items = this.items;
    const end = items.length;
    const startPos = pos;
    const item = items[pos] as GrowerNode;
    let child = 2 * pos + 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !NodeHeap.before(items[child] as GrowerNode, items[right] as GrowerNode)) child = right;
      items[pos] = items[child] as GrowerNode;
      pos = child;
      child = 2 * pos + 1;
    }
    items[pos] = item;
    this.siftDown(startPos, pos);
  }
}

/** Grows the trees of a fit on one workspace. */
export class TreeGrower {
  private readonly withMonotonicCst: boolean;

  constructor(
    private readonly workspace: TreeWorkspace,
    private readonly settings: GrowerSettings,
  ) {
    this.withMonotonicCst = workspace.layout.monotonicCst.some((c) => c !== 0);
  }

  /** Grows the tree of iteration tree `k` on the workspace's current gradients. */
  grow(k: number): GrownTree {
    const ws = this.workspace;
    const { nSamples: n, constantHessian } = ws.layout;
    ws.resetPartition();
    const sumGradients = ws.sumGradients(k, false);
    const sumHessians = constantHessian ? n : ws.sumGradients(k, true);
    const root = newNode(0, 0, n, sumGradients, sumHessians, 0);
    const state = { leaves: [] as GrowerNode[], heap: new NodeHeap(), nodeCount: 1, categoricalSplits: 0, k };
    if (n < 2 * this.settings.minSamplesLeaf || sumHessians < this.settings.minHessianToSplit) {
      this.finalize(root, state.leaves);
    } else {
      root.histogram = ws.acquireHistogram();
      ws.buildHistogram(root.histogram, k, 0, n);
      this.computeBestSplitAndPush(root, state);
    }
    while (state.heap.items.length > 0) this.splitNext(state);
    for (const leaf of state.leaves) leaf.value *= this.settings.shrinkage;
    return { root, leaves: state.leaves, nodeCount: state.nodeCount, categoricalSplits: state.categoricalSplits };
  }

  private finalize(node: GrowerNode, leaves: GrowerNode[]): void {
    node.isLeaf = true;
    leaves.push(node);
    if (node.histogram >= 0) {
      this.workspace.releaseHistogram(node.histogram);
      node.histogram = -1;
    }
  }

  private computeBestSplitAndPush(node: GrowerNode, state: { leaves: GrowerNode[]; heap: NodeHeap }): void {
    node.split = findNodeSplit(
      this.workspace,
      node.histogram,
      {
        nSamples: node.count,
        sumGradients: node.sumGradients,
        sumHessians: node.sumHessians,
        value: node.value,
        lowerBound: node.lowerBound,
        upperBound: node.upperBound,
      },
      this.settings,
    );
    if (node.split.gain <= 0) this.finalize(node, state.leaves);
    else state.heap.push(node);
  }

  private splitNext(state: { leaves: GrowerNode[]; heap: NodeHeap; nodeCount: number; categoricalSplits: number; k: number }): void {
    const ws = this.workspace;
    const { settings } = this;
    const node = state.heap.pop();
    const split = node.split as SplitInfo;
    const nLeft = ws.splitRows(node.start, node.count, split);
    const depth = node.depth + 1;
    const nLeafNodes = state.leaves.length + state.heap.items.length + 2;
    const left = newNode(depth, node.start, nLeft, split.sumGradientLeft, split.sumHessianLeft, split.valueLeft);
    const right = newNode(depth, node.start + nLeft, node.count - nLeft, split.sumGradientRight, split.sumHessianRight, split.valueRight);
    node.left = left;
    node.right = right;
    if (!ws.layout.hasMissingValues[split.feature]) node.split = { ...split, missingGoToLeft: left.count > right.count };
    state.nodeCount += 2;
    if (split.isCategorical) state.categoricalSplits++;

    const release = (): void => {
      if (node.histogram >= 0) ws.releaseHistogram(node.histogram);
      node.histogram = -1;
    };
    if (settings.maxLeafNodes !== null && nLeafNodes === settings.maxLeafNodes) {
      this.finalize(left, state.leaves);
      this.finalize(right, state.leaves);
      while (state.heap.items.length > 0) this.finalize(state.heap.items.pop() as GrowerNode, state.leaves);
      release();
      return;
    }
    if (settings.maxDepth !== null && depth === settings.maxDepth) {
      this.finalize(left, state.leaves);
      this.finalize(right, state.leaves);
      release();
      return;
    }
    if (left.count < 2 * settings.minSamplesLeaf) this.finalize(left, state.leaves);
    if (right.count < 2 * settings.minSamplesLeaf) this.finalize(right, state.leaves);

    if (this.withMonotonicCst) {
      const cst = ws.layout.monotonicCst[split.feature] as number;
      if (cst === 0) {
        left.lowerBound = right.lowerBound = node.lowerBound;
        left.upperBound = right.upperBound = node.upperBound;
      } else {
        const mid = (left.value + right.value) / 2;
        if (cst === 1) {
          left.lowerBound = node.lowerBound;
          left.upperBound = mid;
          right.lowerBound = mid;
          right.upperBound = node.upperBound;
        } else {
          left.lowerBound = mid;
          left.upperBound = node.upperBound;
          right.lowerBound = node.lowerBound;
          right.upperBound = mid;
        }
      }
    }

    const splitLeft = !left.isLeaf;
    const splitRight = !right.isLeaf;
    if (splitLeft || splitRight) {
      const [smallest, largest] = left.count < right.count ? [left, right] : [right, left];
      smallest.histogram = ws.acquireHistogram();
      ws.buildHistogram(smallest.histogram, state.k, smallest.start, smallest.count);
      largest.histogram = ws.acquireHistogram();
      ws.subtractHistograms(node.histogram, smallest.histogram, largest.histogram);
      release();
      if (splitLeft) this.computeBestSplitAndPush(left, state);
      if (splitRight) this.computeBestSplitAndPush(right, state);
      for (const child of [left, right]) {
        if (child.isLeaf && child.histogram >= 0) {
          ws.releaseHistogram(child.histogram);
          child.histogram = -1;
        }
      }
    }
    release();
  }
}

/**
 * The tree in arrays (scikit-learn's `make_predictor`): nodes in depth-first pre-order,
 * numerical thresholds taken from the bin thresholds (+Infinity for a split that sends
 * every non-missing value left), categorical bitsets in bins and in raw categories.
 */
export function makePredictor(tree: GrownTree, mapper: BinMapper): TreePredictor {
  const m = tree.nodeCount;
  const c = tree.categoricalSplits;
  const p: TreePredictor = {
    nodeCount: m,
    value: new Float64Array(m),
    isLeaf: new Uint8Array(m),
    feature: new Int32Array(m),
    numThreshold: new Float64Array(m),
    binThreshold: new Int32Array(m),
    missingGoToLeft: new Uint8Array(m),
    isCategorical: new Uint8Array(m),
    left: new Int32Array(m),
    right: new Int32Array(m),
    count: new Int32Array(m),
    depth: new Int32Array(m),
    bitsetIndex: new Int32Array(m),
    binnedLeftBitsets: new Uint32Array(c * BITSET_WORDS),
    rawLeftBitsets: new Uint32Array(c * BITSET_WORDS),
  };
  let nextNode = 0;
  let nextBitset = 0;
  const fill = (node: GrowerNode): void => {
    const i = nextNode++;
    p.count[i] = node.count;
    p.depth[i] = node.depth;
    p.value[i] = node.value;
    if (node.isLeaf) {
      p.isLeaf[i] = 1;
      return;
    }
    const split = node.split as SplitInfo;
    p.feature[i] = split.feature;
    p.binThreshold[i] = split.bin;
    p.missingGoToLeft[i] = split.missingGoToLeft ? 1 : 0;
    if (split.isCategorical) {
      p.isCategorical[i] = 1;
      p.bitsetIndex[i] = nextBitset;
      const binned = split.leftBitset as Uint32Array;
      p.binnedLeftBitsets.set(binned, nextBitset * BITSET_WORDS);
      const raw = p.rawLeftBitsets.subarray(nextBitset * BITSET_WORDS, (nextBitset + 1) * BITSET_WORDS);
      const categories = mapper.thresholds[split.feature] as Float64Array;
      for (let b = 0; b < categories.length; b++) if (inBitset(binned, b)) setBitset(raw, categories[b] as number);
      nextBitset++;
    } else {
      const nbnm = mapper.nBinsNonMissing[split.feature] as number;
      p.numThreshold[i] = split.bin === nbnm - 1 ? Infinity : ((mapper.thresholds[split.feature] as Float64Array)[split.bin] as number);
    }
    p.left[i] = nextNode;
    fill(node.left as GrowerNode);
    p.right[i] = nextNode;
    fill(node.right as GrowerNode);
  };
  fill(tree.root);
  return p;
}
