/**
 * The WebAssembly kernels against the plain-JS reference workspace: the same
 * histograms, subtractions, split scans and partitions, to the last bit, on odd sizes,
 * one row, one feature, missing values, categorical features, monotonic constraints,
 * bounds, ties, and histograms whose hessian sums went negative.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import type { BinnedMatrix } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/binning.js';
import { hgbKernels } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/kernels.js';
import { BITSET_WORDS, setBitset } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/splitting.js';
import { WasmTreeWorkspace } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/wasm-workspace.js';
import type { NodeQuery, SplitSettings, TreeWorkspace, WorkspaceLayout } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/workspace.js';
import { JsTreeWorkspace } from './reference-workspace.js';

interface Problem {
  layout: WorkspaceLayout;
  binned: BinnedMatrix;
  gradients: Float32Array;
  hessians: Float32Array;
}

/** Random binned data: feature f has nbnm[f] bins, missing values in some features. */
function problem(rng: Rng, n: number, p: number, options: { maxBins?: number; constantHessian?: boolean; K?: number; categorical?: boolean; monotonic?: boolean } = {}): Problem {
  const maxBins = options.maxBins ?? 255;
  const K = options.K ?? 1;
  const nBinsNonMissing = Uint32Array.from({ length: p }, () => rng.integer(1, maxBins + 1));
  const hasMissingValues = new Uint8Array(p);
  const isCategorical = Uint8Array.from({ length: p }, () => (options.categorical && rng.random() < 0.4 ? 1 : 0));
  const monotonicCst = Int8Array.from({ length: p }, (_, f) => (options.monotonic && !isCategorical[f] ? rng.integer(-1, 2) : 0));
  const data = new Uint8Array(n * p);
  for (let f = 0; f < p; f++) {
    const missingRate = rng.random() < 0.4 ? 0.2 : 0;
    for (let i = 0; i < n; i++) {
      if (rng.random() < missingRate) {
        data[f * n + i] = maxBins;
        hasMissingValues[f] = 1;
      } else {
        // skewed towards low bins so that some bins are empty
        data[f * n + i] = Math.min(nBinsNonMissing[f]! - 1, Math.floor(rng.random() ** 2 * nBinsNonMissing[f]!));
      }
    }
  }
  const constantHessian = options.constantHessian ?? false;
  const gradients = Float32Array.from({ length: K * n }, () => (rng.random() < 0.1 ? Math.round(rng.normal()) : rng.normal()));
  const hessians = Float32Array.from({ length: K * n }, () => rng.random() * 0.25);
  const layout: WorkspaceLayout = {
    nSamples: n,
    nFeatures: p,
    nBins: maxBins + 1,
    missingBin: maxBins,
    nTreesPerIteration: K,
    constantHessian,
    nBinsNonMissing,
    hasMissingValues,
    isCategorical,
    monotonicCst,
  };
  return { layout, binned: { data, rows: n, features: p }, gradients, hessians };
}

function workspaces(pr: Problem): [TreeWorkspace, TreeWorkspace] {
  const js = new JsTreeWorkspace(pr.layout, pr.binned);
  const wasm = new WasmTreeWorkspace(pr.layout, pr.binned);
  for (const ws of [js, wasm]) {
    ws.gradients().set(pr.gradients);
    if (!pr.layout.constantHessian) ws.hessians().set(pr.hessians);
  }
  return [js, wasm];
}

/** The used slots of every feature histogram: sums and counts. */
function usedSlots(ws: TreeWorkspace, slot: number): number[] {
  const { nFeatures, nBinsNonMissing, missingBin } = ws.layout;
  const out: number[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const h = ws.featureHistogram(slot, f);
    const bins = [...Array.from({ length: nBinsNonMissing[f]! }, (_, b) => b), missingBin];
    for (const b of bins) out.push(h.sums[2 * b]!, h.sums[2 * b + 1]!, h.count(b));
  }
  return out;
}

function splits(ws: TreeWorkspace, slot: number, node: NodeQuery, settings: SplitSettings): unknown[] {
  const s = ws.findNumericalSplits(slot, node, settings);
  return Array.from(s.gain, (gain, f) =>
    gain === -1 ? [-1] : [gain, s.bin[f], s.missingGoToLeft[f], s.sumGradientLeft[f], s.sumHessianLeft[f], s.nSamplesLeft[f]],
  );
}

function nodeQuery(ws: TreeWorkspace, k: number, start: number, count: number, bounds: [number, number] = [-Infinity, Infinity]): NodeQuery {
  const { nSamples: n, constantHessian } = ws.layout;
  const rows = ws.partition();
  const g = ws.gradients();
  const h = ws.hessians();
  let sumGradients = 0;
  let sumHessians = 0;
  for (let r = start; r < start + count; r++) {
    sumGradients += g[k * n + rows[r]!]!;
    sumHessians += constantHessian ? 1 : h[k * n + rows[r]!]!;
  }
  return { nSamples: count, sumGradients, sumHessians, value: -sumGradients / (sumHessians + 1e-15), lowerBound: bounds[0], upperBound: bounds[1] };
}

const SETTINGS: SplitSettings[] = [
  { l2Regularization: 0, minSamplesLeaf: 20, minHessianToSplit: 1e-3, minGainToSplit: 0 },
  { l2Regularization: 1.5, minSamplesLeaf: 1, minHessianToSplit: 1e-3, minGainToSplit: 0 },
  { l2Regularization: 0.1, minSamplesLeaf: 5, minHessianToSplit: 0.5, minGainToSplit: 0.01 },
];

describe('WasmTreeWorkspace against the plain-JS reference', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 255],
    [2, 3, 255],
    [57, 1, 10],
    [300, 7, 255],
    [1001, 5, 31],
    [400, 9, 2],
  ];
  for (const [n, p, maxBins] of shapes) {
    for (const constantHessian of [false, true]) {
      it(`builds, subtracts, scans and partitions alike (${n} rows, ${p} features, maxBins ${maxBins}${constantHessian ? ', constant hessians' : ''})`, () => {
        const rng = new Rng(n * 31 + p * 7 + maxBins + (constantHessian ? 1 : 0));
        const pr = problem(rng, n, p, { maxBins, constantHessian, K: 2, monotonic: true });
        const [js, wasm] = workspaces(pr);
        try {
          for (const k of [0, 1]) {
            const rootJs = js.acquireHistogram();
            const rootWasm = wasm.acquireHistogram();
            js.buildHistogram(rootJs, k, 0, n);
            wasm.buildHistogram(rootWasm, k, 0, n);
            expect(usedSlots(wasm, rootWasm)).toEqual(usedSlots(js, rootJs));
            for (const settings of SETTINGS) {
              for (const bounds of [[-Infinity, Infinity], [-0.3, 0.2]] as [number, number][]) {
                const node = nodeQuery(js, k, 0, n, bounds);
                expect(splits(wasm, rootWasm, node, settings)).toEqual(splits(js, rootJs, node, settings));
              }
            }
            // split the root on a random feature, then build the smaller child and subtract
            const feature = rng.integer(0, p);
            const bin = rng.integer(0, pr.layout.nBinsNonMissing[feature]!);
            const leftBitset = rng.random() < 0.5 ? null : Uint32Array.from({ length: BITSET_WORDS }, () => rng.uint32());
            const split = { feature, bin, missingGoToLeft: rng.random() < 0.5, leftBitset };
            const nLeft = js.splitRows(0, n, split);
            expect(wasm.splitRows(0, n, split)).toBe(nLeft);
            expect(Array.from(wasm.partition())).toEqual(Array.from(js.partition()));
            const [start, count] = nLeft < n - nLeft ? [0, nLeft] : [nLeft, n - nLeft];
            const [childJs, siblingJs, childWasm, siblingWasm] = [js.acquireHistogram(), js.acquireHistogram(), wasm.acquireHistogram(), wasm.acquireHistogram()];
            js.buildHistogram(childJs, k, start, count);
            wasm.buildHistogram(childWasm, k, start, count);
            expect(usedSlots(wasm, childWasm)).toEqual(usedSlots(js, childJs));
            js.subtractHistograms(rootJs, childJs, siblingJs);
            wasm.subtractHistograms(rootWasm, childWasm, siblingWasm);
            expect(usedSlots(wasm, siblingWasm)).toEqual(usedSlots(js, siblingJs));
            const [sStart, sCount] = start === 0 ? [nLeft, n - nLeft] : [0, nLeft];
            for (const settings of SETTINGS) {
              const node = nodeQuery(js, k, sStart, sCount);
              expect(splits(wasm, siblingWasm, node, settings)).toEqual(splits(js, siblingJs, node, settings));
            }
            for (const slot of [rootJs, childJs, siblingJs]) js.releaseHistogram(slot);
            for (const slot of [rootWasm, childWasm, siblingWasm]) wasm.releaseHistogram(slot);
            js.resetPartition();
            wasm.resetPartition();
            expect(wasm.sumGradients(k, false)).toBe(js.sumGradients(k, false));
          }
        } finally {
          wasm.dispose();
        }
      });
    }
  }

  it('finds the same first split among exact ties (features, bins, both scan directions)', () => {
    const rng = new Rng(11);
    const pr = problem(rng, 64, 4, { maxBins: 20, constantHessian: true });
    pr.layout.nBinsNonMissing.fill(16);
    pr.layout.hasMissingValues.set([0, 0, 1, 1]);
    const [js, wasm] = workspaces(pr);
    try {
      const [a, b] = [js.acquireHistogram(), wasm.acquireHistogram()];
      for (const [ws, slot] of [[js, a], [wasm, b]] as [TreeWorkspace, number][]) {
        for (let f = 0; f < 4; f++) {
          const h = ws.featureHistogram(slot, f);
          for (let bin = 0; bin < 16; bin++) {
            h.sums[2 * bin] = bin % 2 === 0 ? 1 : -1; // alternating gradients: equal gains every other bin
            h.sums[2 * bin + 1] = 4;
          }
          h.sums[2 * 20] = 0;
          h.sums[2 * 20 + 1] = f >= 2 ? 4 : 0;
        }
      }
      const node: NodeQuery = { nSamples: 64, sumGradients: 0, sumHessians: 64, value: 0, lowerBound: -Infinity, upperBound: Infinity };
      const settings = { l2Regularization: 0, minSamplesLeaf: 1, minHessianToSplit: 1e-3, minGainToSplit: 0 };
      const expected = splits(js, a, { ...node, sumHessians: 64 }, settings);
      expect(splits(wasm, b, { ...node, sumHessians: 64 }, settings)).toEqual(expected);
    } finally {
      wasm.dispose();
    }
  });

  it('scans bin by bin, as scikit-learn, when a subtraction left a negative hessian sum', () => {
    // bin 2's hessian sum rounded below zero: the cumulative hessian dips under
    // minHessianToSplit there, so scikit-learn skips bin 2, the best split otherwise
    const pr = problem(new Rng(12), 240, 2, { maxBins: 10 });
    pr.layout.nBinsNonMissing.fill(6);
    pr.layout.hasMissingValues.fill(0);
    const [js, wasm] = workspaces(pr);
    try {
      const [a, b] = [js.acquireHistogram(), wasm.acquireHistogram()];
      const g = [-10, -10, -10, 10, 10, 10];
      const h = [0.6, 0.2, -0.5, 0.6, 0.6, 0.6];
      for (const [ws, slot] of [[js, a], [wasm, b]] as [TreeWorkspace, number][]) {
        for (let f = 0; f < 2; f++) {
          const hist = ws.featureHistogram(slot, f);
          for (let bin = 0; bin < 6; bin++) {
            hist.sums[2 * bin] = g[bin]!;
            hist.sums[2 * bin + 1] = f === 0 ? h[bin]! : Math.abs(h[bin]!);
            hist.counts![bin] = 40;
          }
        }
      }
      const node: NodeQuery = { nSamples: 240, sumGradients: 0, sumHessians: 2.1, value: 0, lowerBound: -Infinity, upperBound: Infinity };
      const settings = { l2Regularization: 0, minSamplesLeaf: 1, minHessianToSplit: 0.5, minGainToSplit: 0 };
      const expected = splits(js, a, node, settings) as number[][];
      expect(expected[0]![1]).not.toBe(2);
      expect(splits(wasm, b, node, settings)).toEqual(expected);
    } finally {
      wasm.dispose();
    }
  });

  it('partitions a categorical split by its bitset (missing values in the last bin)', () => {
    const rng = new Rng(13);
    const pr = problem(rng, 101, 2, { maxBins: 12 });
    const [js, wasm] = workspaces(pr);
    try {
      const bitset = new Uint32Array(BITSET_WORDS);
      for (const bin of [0, 3, 12]) setBitset(bitset, bin);
      const split = { feature: 1, bin: 0, missingGoToLeft: true, leftBitset: bitset };
      expect(wasm.splitRows(10, 80, split)).toBe(js.splitRows(10, 80, split));
      expect(Array.from(wasm.partition())).toEqual(Array.from(js.partition()));
    } finally {
      wasm.dispose();
    }
  });

  it('releases every block of the kernels memory on dispose', () => {
    const before = hgbKernels.bytesInUse;
    const pr = problem(new Rng(14), 50, 3);
    const ws = new WasmTreeWorkspace(pr.layout, pr.binned);
    ws.acquireHistogram();
    ws.acquireHistogram();
    expect(hgbKernels.bytesInUse).toBeGreaterThan(before);
    ws.dispose();
    expect(hgbKernels.bytesInUse).toBe(before);
  });
});
