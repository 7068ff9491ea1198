import { describe, expect, it } from 'vitest';
import { multiclassProbability, sigmoidPredict, sigmoidTrain } from '../../../lib/estimators/svm/platt.js';

describe('sigmoidTrain', () => {
  it('maps large positive decision values of the positive class to high probabilities', () => {
    const f = Float64Array.from([-3, -2, -1.5, -1, -0.2, 0.3, 1, 1.4, 2, 3]);
    const positive = [false, false, false, false, true, false, true, true, true, true];
    const sigmoid = sigmoidTrain(f, positive);
    expect(sigmoid.A).toBeLessThan(0);
    expect(sigmoidPredict(3, sigmoid)).toBeGreaterThan(0.9);
    expect(sigmoidPredict(-3, sigmoid)).toBeLessThan(0.1);
  });

  it('starts from the class prior when decision values carry no information', () => {
    const sigmoid = sigmoidTrain(new Float64Array(4), [true, false, false, false]);
    expect(sigmoid.A).toBe(0);
    // the mean of the smoothed targets: (2/3 (one positive) + 3 · 1/5 (three negatives)) / 4
    expect(sigmoidPredict(0, sigmoid)).toBeCloseTo(19 / 60, 5);
  });
});

describe('sigmoidPredict', () => {
  it('is 1 / (1 + exp(A·f + B)) on both branches', () => {
    expect(sigmoidPredict(2, { A: -1, B: 0.5 })).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 15);
    expect(sigmoidPredict(-2, { A: -1, B: 0.5 })).toBeCloseTo(1 / (1 + Math.exp(2.5)), 15);
  });
});

describe('multiclassProbability', () => {
  it('recovers p from consistent pairwise probabilities r_ij = p_i / (p_i + p_j), to its stopping tolerance', () => {
    const p = [0.5, 0.3, 0.2];
    const r = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (i !== j) r[i * 3 + j] = p[i]! / (p[i]! + p[j]!);
    const out = multiclassProbability(3, r);
    out.forEach((v, i) => expect(v).toBeCloseTo(p[i]!, 2));
    expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('gives the pairwise probability for two classes (to its stopping tolerance)', () => {
    const out = multiclassProbability(2, Float64Array.from([0, 0.8, 0.2, 0]));
    expect(out[0]).toBeCloseTo(0.8, 2);
    expect(out[0]! + out[1]!).toBeCloseTo(1, 12);
  });
});
