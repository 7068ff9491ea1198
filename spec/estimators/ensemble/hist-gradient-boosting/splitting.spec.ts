import { describe, expect, it } from 'vitest';
import type { FeatureHistogram, FeatureSplits, NodeQuery } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/workspace.js';
import { computeNodeValue, findCategoricalSplit, inBitset, splitGain } from '../../../../lib/estimators/ensemble/hist-gradient-boosting/splitting.js';

function outputs(p = 1): FeatureSplits {
  return {
    gain: new Float64Array(p),
    bin: new Int32Array(p),
    missingGoToLeft: new Uint8Array(p),
    sumGradientLeft: new Float64Array(p),
    sumHessianLeft: new Float64Array(p),
    nSamplesLeft: new Int32Array(p),
  };
}

/** A constant-hessian histogram: per bin (gradient sum, count). */
function histogram(bins: [number, number][], nBins = 256): FeatureHistogram {
  const sums = new Float64Array(2 * nBins);
  bins.forEach(([g, c], b) => {
    sums[2 * b] = g;
    sums[2 * b + 1] = c;
  });
  return { sums, counts: null, count: (b) => sums[2 * b + 1]! };
}

const SETTINGS = { l2Regularization: 0, minSamplesLeaf: 1, minHessianToSplit: 1e-3, minGainToSplit: 0 };

function node(bins: [number, number][]): NodeQuery {
  const n = bins.reduce((s, [, c]) => s + c, 0);
  const g = bins.reduce((s, [v]) => s + v, 0);
  return { nSamples: n, sumGradients: g, sumHessians: n, value: 0, lowerBound: -Infinity, upperBound: Infinity };
}

describe('split math', () => {
  it('computes -G / (H + l2) clipped to the bounds', () => {
    expect(computeNodeValue(-4, 2, -Infinity, Infinity, 0)).toBeCloseTo(2, 12);
    expect(computeNodeValue(-4, 2, -Infinity, Infinity, 2)).toBeCloseTo(1, 12);
    expect(computeNodeValue(-4, 2, -Infinity, 0.5, 0)).toBe(0.5);
    expect(computeNodeValue(4, 2, -1, Infinity, 0)).toBe(-1);
  });

  it('gives -1 to a split that breaks its monotonic constraint', () => {
    // the left child's value (2) is above the right one's (-2)
    expect(splitGain(-4, 2, 4, 2, 0, 1, -Infinity, Infinity, 0)).toBe(-1);
    expect(splitGain(-4, 2, 4, 2, 0, -1, -Infinity, Infinity, 0)).toBeCloseTo(16, 10);
    expect(splitGain(-4, 2, 4, 2, 0, 0, -Infinity, Infinity, 0)).toBeCloseTo(16, 10);
  });
});

describe('findCategoricalSplit', () => {
  it('sorts categories by gradient ratio and sends the low side left', () => {
    // categories 0..3 with ratios 1, -3, 2, -2 (per row): -3 and -2 go together
    const bins: [number, number][] = [[20, 20], [-60, 20], [40, 20], [-40, 20]];
    const out = outputs();
    const bitset = findCategoricalSplit(histogram(bins), 0, 4, false, 255, true, node(bins), SETTINGS, out)!;
    expect([0, 1, 2, 3].filter((b) => inBitset(bitset, b))).toEqual([1, 3]);
    expect(out.nSamplesLeft[0]).toBe(40);
    expect(out.sumGradientLeft[0]).toBe(-100);
  });

  it('leaves categories with less than 10 rows (scaled hessian) out of the scan: they go right', () => {
    const bins: [number, number][] = [[20, 20], [-60, 20], [-9, 9], [40, 20]];
    const bitset = findCategoricalSplit(histogram(bins), 0, 4, false, 255, true, node(bins), SETTINGS, outputs())!;
    expect(inBitset(bitset, 2)).toBe(false);
  });

  it('treats missing values as a category of their own', () => {
    const bins: [number, number][] = [[20, 20], [40, 20]];
    const hist = histogram(bins);
    hist.sums[2 * 255] = -80;
    hist.sums[2 * 255 + 1] = 20;
    const q = { ...node(bins), nSamples: 60, sumGradients: -20, sumHessians: 60 };
    const out = outputs();
    const bitset = findCategoricalSplit(hist, 0, 2, true, 255, true, q, SETTINGS, out)!;
    expect(inBitset(bitset, 255)).toBe(true);
    expect(out.missingGoToLeft[0]).toBe(1);
  });

  it('finds no split with fewer than two usable categories', () => {
    const bins: [number, number][] = [[20, 20], [-1, 1]];
    const out = outputs();
    expect(findCategoricalSplit(histogram(bins), 0, 2, false, 255, true, node(bins), SETTINGS, out)).toBeNull();
    expect(out.gain[0]).toBe(-1);
  });
});
