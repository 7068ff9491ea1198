import { describe, expect, it } from 'vitest';
import { Rng } from '../../../lib/core/rng.js';
import { ClusterData } from '../../../lib/estimators/cluster/cluster-kernels.js';
import { BoundedLloyd, ElkanRun } from '../../../lib/estimators/cluster/cluster-runs.js';
import { rowSquaredNorms, squaredDistance } from '../../../lib/estimators/cluster/k-means-common.js';
import { elkanPass, problem, SHAPES } from './reference-kernels.js';

describe('BoundedLloyd', () => {
  it.each(SHAPES)('n %i, p %i, k %i: every step gives lloydStep’s labels and sums while centers move', (n, p, k) => {
    const { X, weights } = problem(n, p, k, 7 * n + p);
    const rng = new Rng(n * k);
    let centers = Float64Array.from({ length: k * p }, () => rng.normal() * 3);
    const data = new ClusterData(X, n, p, weights);
    const run = new BoundedLloyd(data, k);
    try {
      const drift = new Float64Array(k);
      for (let step = 0; step < 12; step++) {
        const norms = rowSquaredNorms(centers, k, p);
        const expected = { labels: new Int32Array(n), sums: new Float64Array(k * p), weights: new Float64Array(k) };
        data.lloydStep(centers, norms, expected, true);
        const actual = { labels: new Int32Array(n), sums: new Float64Array(k * p), weights: new Float64Array(k) };
        run.step(centers, norms, drift, actual, true);
        expect(Array.from(actual.labels), `step ${step}`).toEqual(Array.from(expected.labels));
        expect(Array.from(actual.sums)).toEqual(Array.from(expected.sums));
        // move the centers (small steps, the odd large jump) and record how far
        const next = centers.map((v) => v + (rng.random() < 0.05 ? rng.normal() * 4 : rng.normal() * 0.05));
        for (let c = 0; c < k; c++) {
          let sum = 0;
          for (let j = 0; j < p; j++) sum += (next[c * p + j]! - centers[c * p + j]!) ** 2;
          drift[c] = Math.sqrt(sum);
        }
        centers = next;
      }
    } finally {
      run.dispose();
      data.dispose();
    }
  });

  it('skips most samples once the centers settle', () => {
    const n = 400;
    const p = 3;
    const k = 4;
    const rng = new Rng(1);
    const X = Float64Array.from({ length: n * p }, (_, t) => rng.normal() + 10 * ((Math.floor(t / p) % k) - 1.5));
    const centers = Float64Array.from({ length: k * p }, (_, t) => 10 * (Math.floor(t / p) - 1.5));
    const data = new ClusterData(X, n, p, new Float64Array(n).fill(1));
    const run = new BoundedLloyd(data, k);
    try {
      const out = { labels: new Int32Array(n), sums: new Float64Array(k * p), weights: new Float64Array(k) };
      run.step(centers, rowSquaredNorms(centers, k, p), new Float64Array(k), out, true);
      expect(run.lastComputed).toBe(n);
      run.step(centers, rowSquaredNorms(centers, k, p), new Float64Array(k), out, true);
      expect(run.lastComputed).toBeLessThan(n / 10);
    } finally {
      run.dispose();
      data.dispose();
    }
  });
});

describe('ElkanRun', () => {
  it.each(SHAPES)("n %i, p %i, k %i: the reference pass, bounds and sums bit for bit", (n, p, k) => {
    const { X, centers, weights } = problem(n, p, k, 5 * n + k);
    const rng = new Rng(p);
    const half = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) half[a * k + b] = a === b ? 0 : rng.random() * 3;
    const next = Float64Array.from({ length: k }, () => rng.random() * 2);
    const labels = Int32Array.from({ length: n }, () => Math.floor(rng.random() * k));
    const upper = Float64Array.from({ length: n }, () => rng.random() * 6);
    const lower = Float64Array.from({ length: n * k }, () => rng.random() * 4);
    const expected = { labels: labels.slice(), sums: new Float64Array(k * p), weights: new Float64Array(k) };
    const expectedBounds = { upper: upper.slice(), lower: lower.slice() };
    elkanPass(X, n, p, weights, centers, k, half, next, expectedBounds.upper, expectedBounds.lower, expected, true);
    const data = new ClusterData(X, n, p, weights);
    const run = new ElkanRun(data, k);
    try {
      const actual = { labels: labels.slice(), sums: new Float64Array(k * p), weights: new Float64Array(k) };
      run.load(labels, upper, lower);
      run.step(centers, half, next, actual, true);
      const bounds = run.bounds();
      expect(Array.from(actual.labels)).toEqual(Array.from(expected.labels));
      expect(Array.from(bounds.upper)).toEqual(Array.from(expectedBounds.upper));
      expect(Array.from(bounds.lower)).toEqual(Array.from(expectedBounds.lower));
      expect(Array.from(actual.sums)).toEqual(Array.from(expected.sums));
      // and the bounds moved by the centers' shifts, clipped at 0
      const shift = Float64Array.from({ length: k }, () => rng.random());
      run.shiftBounds(shift);
      const moved = run.bounds();
      moved.upper.forEach((u, i) => expect(u).toBe(bounds.upper[i]! + shift[actual.labels[i]!]!));
      moved.lower.forEach((l, t) => expect(l).toBe(Math.max(bounds.lower[t]! - shift[t % k]!, 0)));
    } finally {
      run.dispose();
      data.dispose();
    }
  });

  it.each(SHAPES)('n %i, p %i, k %i: init_bounds_dense', (n, p, k) => {
    const { X, centers, weights } = problem(n, p, k, 9 * n + k);
    const half = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) half[a * k + b] = Math.sqrt(squaredDistance(centers, a * p, centers, b * p, p)) / 2;
    const data = new ClusterData(X, n, p, weights);
    const run = new ElkanRun(data, k);
    try {
      const labels = new Int32Array(n);
      run.init(centers, half, labels);
      const { upper } = run.bounds();
      for (let i = 0; i < n; i++) {
        // the label is the first closest center, and its distance the upper bound
        const distances = Array.from({ length: k }, (_, c) => Math.sqrt(squaredDistance(X, i * p, centers, c * p, p)));
        expect(upper[i]).toBe(distances[labels[i]!]);
        expect(distances[labels[i]!]).toBe(Math.min(...distances));
      }
    } finally {
      run.dispose();
      data.dispose();
    }
  });
});

