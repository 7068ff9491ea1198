import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import { validateMatrix } from '../../../../lib/core/data.js';
import { binData } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/binning.js';
import type { GrowerSettings } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/grower.js';
import { makePredictor, TreeGrower } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/grower.js';
import { hgbKernels } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/kernels.js';
import { leafCount, maxDepth } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/predictor.js';
import { WasmTreeWorkspace } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/wasm-workspace.js';
import type { TreeWorkspace } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/workspace.js';
import { JsTreeWorkspace } from './reference-workspace.js';

const BASE: GrowerSettings = { maxLeafNodes: 31, maxDepth: null, minSamplesLeaf: 20, l2Regularization: 0, minHessianToSplit: 1e-3, minGainToSplit: 0, shrinkage: 1 };

function setup(n: number, p: number, seed: number, reference = false): { ws: TreeWorkspace; mapper: ReturnType<typeof binData>['mapper'] } {
  const rng = new Rng(seed);
  const X = validateMatrix(Array.from({ length: n }, () => Array.from({ length: p }, () => rng.normal())), { owner: 'spec' });
  const { mapper, binned } = binData(X);
  const layout = {
    nSamples: n,
    nFeatures: p,
    nBins: 256,
    missingBin: 255,
    nTreesPerIteration: 1,
    constantHessian: false,
    nBinsNonMissing: mapper.nBinsNonMissing,
    hasMissingValues: new Uint8Array(p),
    isCategorical: new Uint8Array(p),
    monotonicCst: new Int8Array(p),
  };
  const ws = reference ? new JsTreeWorkspace(layout, binned) : new WasmTreeWorkspace(layout, binned);
  const g = ws.gradients();
  const h = ws.hessians();
  for (let i = 0; i < n; i++) {
    g[i] = Math.fround(rng.normal() + (X.get(i, 0) > 0 ? 1 : -1));
    h[i] = Math.fround(rng.uniform(0.05, 0.25));
  }
  return { ws, mapper };
}

describe('TreeGrower', () => {
  it('grows the same tree on the WebAssembly and the plain-JS workspaces', () => {
    const a = setup(500, 4, 1);
    const b = setup(500, 4, 1, true);
    try {
      const ta = makePredictor(new TreeGrower(a.ws, BASE).grow(0), a.mapper);
      const tb = makePredictor(new TreeGrower(b.ws, BASE).grow(0), b.mapper);
      expect(ta).toEqual(tb);
    } finally {
      a.ws.dispose();
    }
  });

  it('respects maxLeafNodes, maxDepth and minSamplesLeaf', () => {
    for (const settings of [
      { ...BASE, maxLeafNodes: 7 },
      { ...BASE, maxLeafNodes: null, maxDepth: 3 },
      { ...BASE, maxLeafNodes: null, minSamplesLeaf: 60 },
    ]) {
      const { ws, mapper } = setup(800, 3, 2);
      try {
        const grown = new TreeGrower(ws, settings).grow(0);
        const tree = makePredictor(grown, mapper);
        if (settings.maxLeafNodes !== null) expect(leafCount(tree)).toBe(settings.maxLeafNodes);
        if (settings.maxDepth !== null) expect(maxDepth(tree)).toBeLessThanOrEqual(settings.maxDepth);
        for (let i = 0; i < tree.nodeCount; i++) if (tree.isLeaf[i]) expect(tree.count[i]).toBeGreaterThanOrEqual(settings.minSamplesLeaf);
        // the leaves partition the rows
        expect(grown.leaves.reduce((s, leaf) => s + leaf.count, 0)).toBe(800);
      } finally {
        ws.dispose();
      }
    }
  });

  it('applies the shrinkage to the leaf values only', () => {
    const a = setup(300, 2, 3);
    const b = setup(300, 2, 3);
    try {
      const full = makePredictor(new TreeGrower(a.ws, BASE).grow(0), a.mapper);
      const shrunk = makePredictor(new TreeGrower(b.ws, { ...BASE, shrinkage: 0.1 }).grow(0), b.mapper);
      for (let i = 0; i < full.nodeCount; i++) {
        if (full.isLeaf[i]) expect(shrunk.value[i]).toBeCloseTo(full.value[i]! * 0.1, 14);
        else expect(shrunk.value[i]).toBe(full.value[i]);
      }
    } finally {
      a.ws.dispose();
      b.ws.dispose();
    }
  });

  it('returns every histogram to the pool', () => {
    const { ws } = setup(400, 3, 4);
    try {
      const grower = new TreeGrower(ws, BASE);
      grower.grow(0);
      const used = hgbKernels.bytesInUse;
      grower.grow(0);
      grower.grow(0);
      expect(hgbKernels.bytesInUse).toBe(used);
    } finally {
      ws.dispose();
    }
  });
});
