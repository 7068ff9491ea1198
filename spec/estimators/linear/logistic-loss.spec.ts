import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { BinaryLogisticLoss, expit, MultinomialLogisticLoss } from '../../../lib/estimators/linear/logistic-loss.js';
import type { TwiceDifferentiable } from '../../../lib/estimators/linear/newton-cg.js';

const X = DenseMatrix.fromRows([[0.5, -1], [1.5, 0.2], [-0.3, 0.8], [2, 1], [-1, -0.5]]);
const sw = Float64Array.from([1, 2, 0.5, 1, 1.5]);

function checkDerivatives(loss: TwiceDifferentiable, dim: number): void {
  const w = Float64Array.from({ length: dim }, (_, i) => 0.3 * Math.sin(i + 1));
  const g = new Float64Array(dim);
  loss.valueAndGradient(w, g);
  const h = 1e-6;
  const gp = new Float64Array(dim);
  const gm = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    const wp = w.slice();
    const wm = w.slice();
    wp[i]! += h;
    wm[i]! -= h;
    const numeric = (loss.valueAndGradient(wp, gp) - loss.valueAndGradient(wm, gm)) / (2 * h);
    expect(g[i]).toBeCloseTo(numeric, 7);
  }
  // Hessian-vector product against differences of gradients
  const v = Float64Array.from({ length: dim }, (_, i) => Math.cos(i));
  const hv = new Float64Array(dim);
  loss.gradientAndHessian(w, new Float64Array(dim))(v, hv);
  loss.valueAndGradient(w.map((x, i) => x + h * v[i]!), gp);
  loss.valueAndGradient(w.map((x, i) => x - h * v[i]!), gm);
  for (let i = 0; i < dim; i++) expect(hv[i]).toBeCloseTo((gp[i]! - gm[i]!) / (2 * h), 6);
}

describe('expit', () => {
  it('is the logistic function without overflow', () => {
    expect(expit(0)).toBe(0.5);
    expect(expit(800)).toBe(1);
    expect(expit(-800)).toBe(0);
    expect(expit(2) + expit(-2)).toBeCloseTo(1, 15);
  });
});

describe('BinaryLogisticLoss', () => {
  it('is ln 2 per unit of weight at zero, plus nothing for the penalty', () => {
    const loss = new BinaryLogisticLoss(X, Float64Array.from([0, 1, 0, 1, 1]), sw, 2, true);
    expect(loss.valueAndGradient(new Float64Array(3), new Float64Array(3))).toBeCloseTo(6 * Math.LN2, 14);
  });

  it('has the gradient and Hessian product of its value', () => {
    checkDerivatives(new BinaryLogisticLoss(X, Float64Array.from([0, 1, 0, 1, 1]), sw, 0.7, true), 3);
    checkDerivatives(new BinaryLogisticLoss(X, Float64Array.from([0, 1, 0, 1, 1]), sw, 0.7, false), 2);
  });

  it('does not penalize the intercept', () => {
    const loss = new BinaryLogisticLoss(X, Float64Array.from([0, 1, 0, 1, 1]), sw, 10, true);
    const a = loss.valueAndGradient(Float64Array.from([0, 0, 3]), new Float64Array(3));
    const b = new BinaryLogisticLoss(X, Float64Array.from([0, 1, 0, 1, 1]), sw, 0, true).valueAndGradient(Float64Array.from([0, 0, 3]), new Float64Array(3));
    expect(a).toBe(b);
  });
});

describe('MultinomialLogisticLoss', () => {
  it('is ln K per unit of weight at zero', () => {
    const loss = new MultinomialLogisticLoss(X, Int32Array.from([0, 1, 2, 1, 0]), 3, sw, 1, true);
    expect(loss.valueAndGradient(new Float64Array(9), new Float64Array(9))).toBeCloseTo(6 * Math.log(3), 14);
  });

  it('has the gradient and Hessian product of its value', () => {
    checkDerivatives(new MultinomialLogisticLoss(X, Int32Array.from([0, 1, 2, 1, 0]), 3, sw, 0.7, true), 9);
    checkDerivatives(new MultinomialLogisticLoss(X, Int32Array.from([0, 1, 2, 1, 0]), 3, sw, 0.7, false), 6);
  });
});
