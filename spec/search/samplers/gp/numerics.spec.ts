import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../lib/core/rng.js';
import { minimizeBounded } from '../../../../lib/search/samplers/gp/lbfgsb.js';
import { latinHypercube } from '../../../../lib/search/samplers/gp/lhs.js';
import { choleskyAppend, choleskyInverse, choleskyJitter, choleskySolve } from '../../../../lib/search/samplers/gp/linalg.js';
import { erfc, erfcx, logNormalCdf, normalQuantile } from '../../../../lib/search/samplers/gp/normal.js';
import { Sobol } from '../../../../lib/search/samplers/gp/sobol.js';
import { powerTransform } from '../../../../lib/search/samplers/gp/warping.js';

const ref = JSON.parse(readFileSync(new URL('../../../fixtures/gp/gp_reference.json', import.meta.url), 'utf8')) as {
  normal: { x: number[]; erfc: number[]; erfcx: number[]; p: number[]; ndtri: number[]; z: number[]; logNdtr: number[] };
  sobol: number[][];
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('normal distribution', () => {
  it('computes erfc, erfcx, log Φ and Φ⁻¹ to near machine precision (scipy values)', () => {
    const n = ref.normal;
    n.x.forEach((x, i) => {
      expect(rel(erfc(x), n.erfc[i]!)).toBeLessThan(2e-13);
      expect(rel(erfcx(Math.abs(x)), n.erfcx[i]!)).toBeLessThan(2e-13);
    });
    n.z.forEach((z, i) => expect(rel(logNormalCdf(z), n.logNdtr[i]!)).toBeLessThan(1e-13));
    n.p.forEach((p, i) => expect(Math.abs(normalQuantile(p) - n.ndtri[i]!)).toBeLessThan(1e-13 * Math.max(1, Math.abs(n.ndtri[i]!))));
  });
});

describe('Sobol', () => {
  it('reproduces scipy’s unscrambled Sobol’ points (Joe–Kuo directions, Gray-code order)', () => {
    const s = new Sobol(8);
    for (const row of ref.sobol) expect(Array.from(s.next())).toEqual(row);
  });

  it('keeps each 2^k block stratified after a random digital shift', () => {
    const pts = new Sobol(3, { rng: new Rng(1) }).take(16);
    for (let j = 0; j < 3; j++) expect(new Set(pts.map((p) => Math.floor(p[j]! * 16))).size).toBe(16);
  });
});

describe('latinHypercube', () => {
  it('puts exactly one point in each stratum of every axis', () => {
    const pts = latinHypercube(12, 4, new Rng(2));
    for (let j = 0; j < 4; j++) expect(new Set(pts.map((p) => Math.floor(p[j]! * 12))).size).toBe(12);
  });
});

describe('minimizeBounded', () => {
  it('finds a minimum on the boundary of the box', () => {
    const { x } = minimizeBounded((v, g) => {
      g[0] = 2 * (v[0]! - 3);
      g[1] = 2 * (v[1]! + 1);
      return (v[0]! - 3) ** 2 + (v[1]! + 1) ** 2;
    }, [0, 0], [-1, -0.5], [2, 2]);
    expect(x[0]).toBeCloseTo(2, 8);
    expect(x[1]).toBeCloseTo(-0.5, 8);
  });

  it('minimizes the Rosenbrock function inside the box', () => {
    const { x } = minimizeBounded((v, g) => {
      const [a, b] = [v[0]!, v[1]!];
      g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
      g[1] = 200 * (b - a * a);
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    }, [-1.2, 1], [-2, -2], [2, 2], { maxIter: 500, maxEval: 1000, pgtol: 1e-9, ftol: 0 });
    expect(x[0]).toBeCloseTo(1, 4);
    expect(x[1]).toBeCloseTo(1, 4);
  });
});

describe('linear algebra', () => {
  const n = 6;
  const rng = new Rng(4);
  const B = Float64Array.from({ length: n * n }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) A[i * n + j]! += B[i * n + k]! * B[j * n + k]!;
  for (let i = 0; i < n; i++) A[i * n + i]! += 0.5;

  it('solves and inverts through the Cholesky factor', () => {
    const { L, jitter } = choleskyJitter(A, n)!;
    expect(jitter).toBe(0);
    const b = Float64Array.from({ length: n }, (_, i) => i + 1);
    const x = choleskySolve(L, n, b);
    const Ainv = choleskyInverse(L, n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!;
      expect(s).toBeCloseTo(b[i]!, 10);
      for (let j = 0; j < n; j++) {
        let e = 0;
        for (let k = 0; k < n; k++) e += A[i * n + k]! * Ainv[k * n + j]!;
        expect(e).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
  });

  it('extends a factor by one row like a full factorization', () => {
    const m = n - 1;
    const sub = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) sub[i * m + j] = A[i * n + j]!;
    const ext = choleskyAppend(choleskyJitter(sub, m)!.L, m, A.subarray(m * n, m * n + m), A[m * n + m]!)!;
    const full = choleskyJitter(A, n)!.L;
    for (let e = 0; e < n * n; e++) expect(ext[e]).toBeCloseTo(full[e]!, 10);
  });

  it('adds jitter when the matrix is singular', () => {
    const S = Float64Array.of(1, 1, 1, 1);
    const res = choleskyJitter(S, 2)!;
    expect(res.jitter).toBeGreaterThan(0);
  });
});

describe('powerTransform', () => {
  it('is increasing and tames a heavy tail', () => {
    const y = [0.1, 0.5, 2, 10, 80, 1e4, 1e6];
    const warp = powerTransform(y);
    const t = y.map(warp);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]!);
    expect((t[6]! - t[5]!) / (t[1]! - t[0]!)).toBeLessThan((y[6]! - y[5]!) / (y[1]! - y[0]!));
  });

  it('is the identity for fewer than three distinct values', () => {
    expect(powerTransform([2, 2, 5])(7)).toBe(7);
  });
});
