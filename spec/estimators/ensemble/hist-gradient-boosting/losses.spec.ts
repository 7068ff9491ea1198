import { describe, expect, it } from 'vitest';
import {
  ABSOLUTE_ERROR,
  classificationLoss,
  HALF_BINOMIAL,
  HALF_POISSON,
  HALF_SQUARED_ERROR,
  halfMultinomial,
  probabilities,
  regressionLoss,
} from '../../../../lib/estimators/ensemble/hist-gradient-boosting/losses.js';

const y = Float64Array.of(0, 1, 1, 0, 1);
const raw = Float64Array.of(-2, 0.5, 3, 40, -40);

function gradients(loss: typeof HALF_SQUARED_ERROR, target: Float64Array, r: Float64Array): { g: number[]; h: number[] } {
  const g = new Float32Array(r.length);
  const h = new Float32Array(r.length);
  loss.gradients(target, r, g, h);
  return { g: Array.from(g), h: Array.from(h) };
}

describe('HistGradientBoosting losses', () => {
  it('squared error: gradient raw - y in float32, constant hessian, mean baseline', () => {
    const { g } = gradients(HALF_SQUARED_ERROR, y, raw);
    expect(g).toEqual(Array.from(raw, (r, i) => Math.fround(r - y[i]!)));
    expect(HALF_SQUARED_ERROR.constantHessian).toBe(true);
    expect(Array.from(HALF_SQUARED_ERROR.baseline(y))).toEqual([0.6]);
    expect(HALF_SQUARED_ERROR.meanLoss(Float64Array.of(1, 2), Float64Array.of(0, 0))).toBe(1.25);
  });

  it('absolute error: gradient ±1, median baseline, leaves recomputed', () => {
    expect(gradients(ABSOLUTE_ERROR, y, raw).g).toEqual([-1, -1, 1, 1, -1]);
    expect(Array.from(ABSOLUTE_ERROR.baseline(Float64Array.of(5, 1, 3, 2)))).toEqual([2.5]);
    expect(ABSOLUTE_ERROR.needsLeafUpdate).toBe(true);
  });

  it('poisson: gradient exp(raw) - y, hessian exp(raw), log-mean baseline (the mean clipped above zero)', () => {
    const r = Float64Array.of(0, 1);
    const { g, h } = gradients(HALF_POISSON, Float64Array.of(2, 0), r);
    expect(g).toEqual([Math.fround(1 - 2), Math.fround(Math.E)]);
    expect(h).toEqual([1, Math.fround(Math.E)]);
    expect(HALF_POISSON.baseline(Float64Array.of(1, 3))[0]).toBe(Math.log(2));
    expect(HALF_POISSON.baseline(Float64Array.of(0, 0))[0]).toBe(Math.log(10 * 2 ** -52));
  });

  it('binomial: gradient expit(raw) - y and hessian p(1 - p), stable for large |raw|', () => {
    const { g, h } = gradients(HALF_BINOMIAL, y, raw);
    raw.forEach((r, i) => {
      const p = 1 / (1 + Math.exp(-r));
      expect(g[i]).toBeCloseTo(p - y[i]!, 6);
      expect(h[i]).toBeCloseTo(p * (1 - p), 6);
    });
    expect(HALF_BINOMIAL.baseline(y)[0]).toBeCloseTo(Math.log(0.6 / 0.4), 15);
    // log(1 + exp(x)) - y x in its four regimes
    const loss = HALF_BINOMIAL.meanLoss(Float64Array.of(0, 0, 0, 0), Float64Array.of(-50, 0, 25, 50));
    expect(loss).toBeCloseTo((Math.exp(-50) + Math.log(2) + 25 + Math.exp(-25) + 50) / 4, 12);
  });

  it('multinomial: softmax gradients, a symmetric baseline whose values sum to zero', () => {
    const loss = halfMultinomial(3);
    const labels = Float64Array.of(0, 1, 2, 2);
    const base = loss.baseline(labels);
    expect(base[0]! + base[1]! + base[2]!).toBeCloseTo(0, 14);
    expect(Math.exp(base[2]! - base[0]!)).toBeCloseTo(2, 12);
    const r = Float64Array.of(0, 1, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0); // class-major, 4 samples
    const g = new Float32Array(12);
    const h = new Float32Array(12);
    loss.gradients(labels, r, g, h);
    for (let i = 0; i < 4; i++) {
      const row = [r[i]!, r[4 + i]!, r[8 + i]!];
      const e = row.map(Math.exp);
      const s = e[0]! + e[1]! + e[2]!;
      for (let k = 0; k < 3; k++) {
        const p = e[k]! / s;
        expect(g[k * 4 + i]).toBeCloseTo(p - (labels[i] === k ? 1 : 0), 6);
        expect(h[k * 4 + i]).toBeCloseTo(p * (1 - p), 6);
      }
    }
  });

  it('picks the loss by name and by number of classes', () => {
    expect(regressionLoss('squared_error')).toBe(HALF_SQUARED_ERROR);
    expect(regressionLoss('absolute_error')).toBe(ABSOLUTE_ERROR);
    expect(regressionLoss('poisson')).toBe(HALF_POISSON);
    expect(classificationLoss(2)).toBe(HALF_BINOMIAL);
    expect(classificationLoss(4).nTreesPerIteration).toBe(4);
  });

  it('turns raw predictions into probabilities that sum to one', () => {
    for (const row of probabilities(Float64Array.of(-1, 0, 2), 3, 1)) expect(row[0]! + row[1]!).toBe(1);
    const multi = probabilities(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3);
    for (const row of multi) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });
});
