import { readFileSync } from 'node:fs';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import { GaussianProcess } from '../../../../lib/search/samplers/gp/gaussian-process.js';
import { Matern52Kernel } from '../../../../lib/search/samplers/gp/kernel.js';
import { choleskyJitter } from '../../../../lib/search/samplers/gp/linalg.js';

interface Fixed {
  X: number[][];
  y: number[];
  Xtest: number[][];
  amplitude: number;
  lengthScales: number[];
  noise: number;
  mean: number[];
  std: number[];
  lml: number;
  lmlGradient: number[];
}
const ref = JSON.parse(readFileSync(new URL('../../../fixtures/gp/gp_reference.json', import.meta.url), 'utf8')) as {
  fixed: Fixed;
  fitted: { X: number[][]; y: number[]; lml: number };
};
const f = ref.fixed;
const fixedGp = (): GaussianProcess =>
  new GaussianProcess({ optimize: false, initial: { amplitude: f.amplitude, lengthScales: f.lengthScales, noise: f.noise } }).fit(f.X, f.y);

describe('GaussianProcess', () => {
  it('matches scikit-learn’s posterior mean and std for a fixed kernel', () => {
    const { mean, std } = fixedGp().predict(f.Xtest);
    f.mean.forEach((m, i) => expect(mean[i]).toBeCloseTo(m, 10));
    f.std.forEach((s, i) => expect(std[i]).toBeCloseTo(s, 10));
  });

  it('accepts ml-matrix inputs', () => {
    const gp = new GaussianProcess({ optimize: false, initial: { amplitude: f.amplitude, lengthScales: f.lengthScales, noise: f.noise } }).fit(new Matrix(f.X), f.y);
    expect(gp.predict(new Matrix(f.Xtest)).mean[0]).toBeCloseTo(f.mean[0]!, 10);
  });

  it('matches scikit-learn’s log marginal likelihood and its gradient', () => {
    const grad = new Float64Array(4);
    expect(fixedGp().logMarginalLikelihood(undefined, grad)).toBeCloseTo(f.lml, 10);
    f.lmlGradient.forEach((g, k) => expect(grad[k]).toBeCloseTo(g, 8)); // sklearn's theta: log C, log l1, log l2
  });

  it('has a log marginal likelihood gradient equal to finite differences (noise and priors included)', () => {
    const gp = new GaussianProcess({
      optimize: false,
      initial: { amplitude: 0.8, lengthScales: [0.3, 0.6], noise: 0.02 },
      priors: { lengthScale: { median: 0.5, logStd: 1.5 }, amplitude: { median: 1, logStd: 1 }, noise: { median: 1e-3, logStd: 2 } },
    }).fit(f.X, f.y);
    const theta = gp.theta;
    const grad = new Float64Array(4);
    gp.logMarginalLikelihood(theta, grad);
    for (let k = 0; k < 4; k++) {
      const up = theta.slice();
      const down = theta.slice();
      up[k]! += 1e-6;
      down[k]! -= 1e-6;
      expect(grad[k]).toBeCloseTo((gp.logMarginalLikelihood(up) - gp.logMarginalLikelihood(down)) / 2e-6, 5);
    }
  });

  it('fits hyperparameters as well as scikit-learn’s L-BFGS-B with restarts', () => {
    const gp = new GaussianProcess({ nRestarts: 3, randomState: 0 }).fit(ref.fitted.X, ref.fitted.y);
    expect(gp.logMarginalLikelihoodValue).toBeGreaterThan(ref.fitted.lml - 1e-6);
  });

  it('recovers a known length scale from a sample of the prior', () => {
    const n = 120;
    const rng = new Rng(5);
    const X = Float64Array.from({ length: n }, () => rng.random());
    const kernel = new Matern52Kernel(1);
    const K = kernel.matrix(X, n, kernel.theta({ amplitude: 1, lengthScales: [0.2], noise: 1e-4 }));
    const L = choleskyJitter(K, n)!.L;
    const z = Float64Array.from({ length: n }, () => rng.normal());
    const y = Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let k = 0; k <= i; k++) s += L[i * n + k]! * z[k]!;
      return s;
    });
    const gp = new GaussianProcess({ nRestarts: 2, randomState: 1 }).fit({ data: X, rows: n, cols: 1 }, y);
    expect(gp.hyperparameters.lengthScales[0]).toBeGreaterThan(0.14);
    expect(gp.hyperparameters.lengthScales[0]).toBeLessThan(0.28);
  });

  it('factors a matrix made singular by duplicate points (jitter escalation)', () => {
    const X = [[0.1], [0.1], [0.1], [0.5], [0.5]];
    const gp = new GaussianProcess({ optimize: false, initial: { amplitude: 1, lengthScales: [0.3], noise: 1e-12 } }).fit(X, [1, 1, 1, 2, 2]);
    const { mean, std } = gp.predict([[0.1], [0.3]]);
    expect(mean[0]).toBeCloseTo(1, 4);
    expect(Number.isFinite(mean[1]) && Number.isFinite(std[1])).toBe(true);
  });

  it('extends its factor incrementally to the same posterior as a refit', () => {
    const rng = new Rng(2);
    const X = Float64Array.from({ length: 20 * 2 }, () => rng.random());
    const y = Array.from({ length: 20 }, (_, i) => Math.sin(4 * X[2 * i]!) + X[2 * i + 1]!);
    const opts = { optimize: false, initial: { amplitude: 1, lengthScales: [0.4, 0.6], noise: 1e-4 } };
    const a = new GaussianProcess(opts).fit({ data: X.slice(0, 30), rows: 15, cols: 2 }, y.slice(0, 15)).extend(X, 20, y);
    const b = new GaussianProcess(opts).fit({ data: X, rows: 20, cols: 2 }, y);
    const Z = [[0.2, 0.7], [0.9, 0.1]];
    const pa = a.predict(Z);
    const pb = b.predict(Z);
    for (let i = 0; i < 2; i++) {
      expect(pa.mean[i]).toBeCloseTo(pb.mean[i]!, 8);
      expect(pa.std[i]).toBeCloseTo(pb.std[i]!, 8);
    }
  });

  it('conditions on extra points without changing the target scaling', () => {
    const gp = fixedGp();
    const z = Float64Array.of(0.5, 0.5);
    const c = gp.condition(z, 1, [-1]);
    const at = c.predictNormalized(z, 1);
    expect(at.mean[0]).toBeCloseTo(-1, 1);
    expect(at.std[0]).toBeLessThan(gp.predictNormalized(z, 1).std[0]!);
    expect(c.targetScale).toEqual(gp.targetScale);
    expect(c.nTrain).toBe(gp.nTrain + 1);
  });

  it('differentiates the posterior mean and std like finite differences', () => {
    const gp = fixedGp();
    const z = Float64Array.of(0.31, 0.62);
    const p = gp.predictWithGradient(z);
    for (let c = 0; c < 2; c++) {
      const zu = z.slice();
      const zd = z.slice();
      zu[c]! += 1e-6;
      zd[c]! -= 1e-6;
      const u = gp.predictNormalized(zu, 1);
      const d = gp.predictNormalized(zd, 1);
      expect(p.dMean[c]).toBeCloseTo((u.mean[0]! - d.mean[0]!) / 2e-6, 5);
      expect(p.dStd[c]).toBeCloseTo((u.std[0]! - d.std[0]!) / 2e-6, 5);
    }
  });

  it('fits the hyperparameters of a large training set on a subset', () => {
    const rng = new Rng(9);
    const n = 150;
    const X = Float64Array.from({ length: n * 2 }, () => rng.random());
    const y = Array.from({ length: n }, (_, i) => Math.sin(5 * X[2 * i]!) + 0.1 * X[2 * i + 1]!);
    const gp = new GaussianProcess({ randomState: 0 }).fit({ data: X, rows: n, cols: 2 }, y, { maxFitPoints: 60, nRestarts: 0 });
    expect(gp.nTrain).toBe(n);
    expect(gp.hyperparameters.lengthScales[0]).toBeLessThan(gp.hyperparameters.lengthScales[1]!);
  });

  it('rejects non-finite targets and mismatched shapes', () => {
    expect(() => new GaussianProcess().fit([[0], [1]], [0, NaN])).toThrow('The "y" argument of GaussianProcess.fit must be finite numbers. Got NaN instead.');
    expect(() => new GaussianProcess().fit([[0], [1]], [0])).toThrow('The "y" argument of GaussianProcess.fit must be 2 targets. Got 1 instead.');
  });
});
