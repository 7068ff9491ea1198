import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import type { MakeBlobsOptions, MakeClassificationOptions } from '../../lib/datasets/generators.js';
import { makeBlobs, makeClassification, makeRegression } from '../../lib/datasets/generators.js';

interface GeneratorsFixture {
  classification: { options: Record<string, unknown>; shape: [number, number]; class_counts: number[] }[];
  blobs: { options: Record<string, unknown>; shape: [number, number]; class_counts: number[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/datasets/generators.json', import.meta.url), 'utf8')) as GeneratorsFixture;

/** scikit-learn's snake_case option names as ours. */
function camel(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}

function counts(y: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of y) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function std(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

describe('makeRegression', () => {
  it('builds y = X·coef + bias with nInformative non-zero coefficients', () => {
    const { X, y, coef } = makeRegression({ nSamples: 50, nFeatures: 8, nInformative: 3, bias: 2.5, randomState: 0 });
    expect(X).toHaveLength(50);
    expect(X[0]).toHaveLength(8);
    expect(coef.filter((c) => c !== 0)).toHaveLength(3);
    for (const c of coef) expect(c >= 0 && c < 100).toBe(true);
    X.forEach((row, i) => expect(row.reduce((s, v, j) => s + v * coef[j]!, 2.5)).toBeCloseTo(y[i]!, 9));
  });

  it('keeps the informative features first without shuffling, and caps nInformative', () => {
    const { coef } = makeRegression({ nSamples: 5, nFeatures: 6, nInformative: 2, shuffle: false, randomState: 1 });
    expect(coef.map((c) => c !== 0)).toEqual([true, true, false, false, false, false]);
    expect(makeRegression({ nSamples: 5, nFeatures: 3, nInformative: 10, randomState: 1 }).coef.every((c) => c > 0)).toBe(true);
  });

  it('adds Gaussian noise of the given standard deviation', () => {
    const { X, y, coef } = makeRegression({ nSamples: 4000, nFeatures: 3, noise: 2, randomState: 3 });
    const residuals = X.map((row, i) => y[i]! - row.reduce((s, v, j) => s + v * coef[j]!, 0));
    expect(std(residuals)).toBeGreaterThan(1.9);
    expect(std(residuals)).toBeLessThan(2.1);
  });

  it('draws standard normal features', () => {
    const { X } = makeRegression({ nSamples: 5000, nFeatures: 2, randomState: 4 });
    const column = X.map((r) => r[0]!);
    expect(Math.abs(mean(column))).toBeLessThan(0.05);
    expect(Math.abs(std(column) - 1)).toBeLessThan(0.05);
  });

  it('is reproducible for a randomState', () => {
    expect(makeRegression({ nSamples: 10, nFeatures: 4, randomState: 7 })).toEqual(makeRegression({ nSamples: 10, nFeatures: 4, randomState: 7 }));
    expect(makeRegression({ nSamples: 10, nFeatures: 4, randomState: 7 }).y).not.toEqual(makeRegression({ nSamples: 10, nFeatures: 4, randomState: 8 }).y);
  });

  it('rejects nSamples < 1 and other bad options', () => {
    expect(() => makeRegression({ nSamples: 0 })).toThrow(InvalidParameterError);
    expect(() => makeRegression({ nSamples: 0 })).toThrow('The "nSamples" option of makeRegression must be an int in the range [1, inf). Got 0 instead.');
    expect(() => makeRegression({ noise: -1 })).toThrow('The "noise" option of makeRegression must be a number in the range [0, inf). Got -1 instead.');
    expect(() => makeRegression({ nTargets: 2 } as never)).toThrow(/^Unknown option "nTargets" for makeRegression\./);
  });
});

describe('makeClassification', () => {
  for (const { options, shape, class_counts } of fixture.classification) {
    it(`splits samples between classes as scikit-learn (${JSON.stringify(options)})`, () => {
      const { X, y } = makeClassification({ ...(camel(options) as MakeClassificationOptions), flipY: 0, randomState: 0 });
      expect([X.length, X[0]!.length]).toEqual(shape);
      expect(counts(y)).toEqual(class_counts);
    });
  }

  it('lays out informative, redundant, repeated and noise columns in order without shuffling', () => {
    const { X } = makeClassification({
      nSamples: 3000,
      nFeatures: 8,
      nInformative: 3,
      nRedundant: 2,
      nRepeated: 2,
      shuffle: false,
      randomState: 5,
    });
    // each repeated column copies one of the 5 useful ones
    for (const r of [5, 6]) {
      const copied = [0, 1, 2, 3, 4].filter((j) => X.every((row) => row[j] === row[r]));
      expect(copied).toHaveLength(1);
    }
    // the last column is noise: standard normal, independent of the class
    const noise = X.map((row) => row[7]!);
    expect(Math.abs(mean(noise))).toBeLessThan(0.08);
    expect(Math.abs(std(noise) - 1)).toBeLessThan(0.08);
  });

  it('separates the classes more with a larger classSep', () => {
    const accuracy = (classSep: number): number => {
      const { X, y } = makeClassification({ nSamples: 600, nFeatures: 2, nInformative: 2, nRedundant: 0, nClustersPerClass: 1, flipY: 0, classSep, randomState: 2 });
      const centroids = [0, 1].map((c) => [0, 1].map((j) => mean(X.filter((_, i) => y[i] === c).map((r) => r[j]!))));
      const predicted = X.map((row) => {
        const d = centroids.map((c) => (row[0]! - c[0]!) ** 2 + (row[1]! - c[1]!) ** 2);
        return d[0]! <= d[1]! ? 0 : 1;
      });
      return mean(predicted.map((p, i) => (p === y[i] ? 1 : 0)));
    };
    expect(accuracy(4)).toBeGreaterThan(0.95);
    expect(accuracy(4)).toBeGreaterThan(accuracy(0.2));
  });

  it('flips labels at the flipY rate', () => {
    const base = { nSamples: 4000, nClasses: 2, nClustersPerClass: 1, shuffle: false, randomState: 9 } as const;
    const clean = makeClassification({ ...base, flipY: 0 }).y;
    const noisy = makeClassification({ ...base, flipY: 0.5 }).y;
    // half the labels are redrawn, and a redrawn label keeps its value half the time
    const changed = mean(noisy.map((v, i) => (v !== clean[i] ? 1 : 0)));
    expect(changed).toBeGreaterThan(0.2);
    expect(changed).toBeLessThan(0.3);
  });

  it('applies shift and scale, random when null', () => {
    const base = { nSamples: 500, nFeatures: 3, nInformative: 2, nRedundant: 0, shuffle: false, flipY: 0, randomState: 11 } as const;
    const plain = makeClassification(base).X;
    const moved = makeClassification({ ...base, shift: [1, 2, 3], scale: 10 }).X;
    moved.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo((plain[i]![j]! + j + 1) * 10, 9)));
    const random = makeClassification({ ...base, shift: null, scale: null, hypercube: false }).X;
    expect(random).toHaveLength(500);
  });

  it('is reproducible for a randomState', () => {
    expect(makeClassification({ randomState: 3 })).toEqual(makeClassification({ randomState: 3 }));
  });

  it('rejects impossible configurations with scikit-learn\'s reasons', () => {
    expect(() => makeClassification({ nSamples: 0 })).toThrow('The "nSamples" option of makeClassification must be an int in the range [1, inf). Got 0 instead.');
    expect(() => makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 })).toThrow(
      'The "nFeatures" option of makeClassification must be an int >= nInformative + nRedundant + nRepeated (4). Got 3 instead. ' +
        'The informative, redundant and repeated features are part of the nFeatures features.',
    );
    expect(() => makeClassification({ nClasses: 3, nClustersPerClass: 2, nInformative: 2 })).toThrow(
      'The "nInformative" option of makeClassification must be an int with 2 ** nInformative >= nClasses * nClustersPerClass (6). Got 2 instead. ' +
        'The 6 clusters are placed on distinct vertices of a hypercube of dimension nInformative.',
    );
    expect(() => makeClassification({ nClasses: 3, nClustersPerClass: 1, weights: [0.5] })).toThrow(
      'The "weights" option of makeClassification must be null or an array of 3 or 2 shares (one per class). Got [0.5] instead.',
    );
    expect(() => makeClassification({ shift: [1, 2] })).toThrow(
      'The "shift" option of makeClassification must be a number, null or an array of 20 numbers (one per feature). Got [1, 2] instead.',
    );
  });
});

describe('makeBlobs', () => {
  for (const { options, shape, class_counts } of fixture.blobs) {
    it(`splits samples between centres as scikit-learn (${JSON.stringify(options)})`, () => {
      const { X, y, centers } = makeBlobs({ ...(camel(options) as MakeBlobsOptions), randomState: 0 });
      expect([X.length, X[0]!.length]).toEqual(shape);
      expect(counts(y)).toEqual(class_counts);
      expect(centers).toHaveLength(class_counts.length);
    });
  }

  it('draws each blob around its centre with its standard deviation', () => {
    const centers = [
      [0, 0],
      [10, -5],
    ];
    const { X, y } = makeBlobs({ nSamples: [3000, 3000], centers, clusterStd: [0.5, 2], randomState: 1 });
    centers.forEach((center, k) => {
      const rows = X.filter((_, i) => y[i] === k);
      center.forEach((c, j) => expect(Math.abs(mean(rows.map((r) => r[j]!)) - c)).toBeLessThan(0.1));
      expect(Math.abs(std(rows.map((r) => r[0]!)) / [0.5, 2][k]! - 1)).toBeLessThan(0.05);
    });
  });

  it('draws random centres in centerBox and takes nFeatures from given centres', () => {
    const { centers } = makeBlobs({ centers: 5, nFeatures: 4, centerBox: [2, 3], randomState: 2 });
    expect(centers).toHaveLength(5);
    for (const c of centers) for (const v of c) expect(v >= 2 && v < 3).toBe(true);
    expect(makeBlobs({ nSamples: 6, centers: [[1, 2, 3]], nFeatures: 2, randomState: 0 }).X[0]).toHaveLength(3);
  });

  it('keeps the order of the blobs without shuffling', () => {
    expect(makeBlobs({ nSamples: 7, centers: 3, shuffle: false, randomState: 0 }).y).toEqual([0, 0, 0, 1, 1, 2, 2]);
  });

  it('rejects nSamples < 1 and inconsistent lengths', () => {
    expect(() => makeBlobs({ nSamples: 0 })).toThrow(
      'The "nSamples" option of makeBlobs must be an int in the range [1, inf) or a non-empty array of sample counts (ints >= 0). Got 0 instead.',
    );
    expect(() => makeBlobs({ nSamples: [5, 5], centers: [[0, 0]] })).toThrow(
      'The "centers" option of makeBlobs must be an array of 2 centres (one per entry of nSamples). Got [[0, 0]] instead.',
    );
    expect(() => makeBlobs({ centers: 3, clusterStd: [1, 2] })).toThrow(
      'The "clusterStd" option of makeBlobs must be a number or an array of 3 numbers (one per centre). Got [1, 2] instead.',
    );
    expect(() => makeBlobs({ centerBox: [1, -1] })).toThrow(InvalidParameterError);
  });
});
