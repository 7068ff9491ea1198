import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import type { SgdEpochConfig, SgdEpochState } from '../../../lib/estimators/linear/sgd-epoch.js';
import { LearningRateCode, PenaltyCode, resetWscale, sgdEpoch } from '../../../lib/estimators/linear/sgd-epoch.js';
import { SgdKernelRows, sgdKernels } from '../../../lib/estimators/linear/sgd-kernel.js';
import type { SgdClassifierLoss } from '../../../lib/estimators/linear/sgd-loss.js';
import { sgdLoss } from '../../../lib/estimators/linear/sgd-loss.js';
import { optimalInit, shuffleOrder } from '../../../lib/estimators/linear/plain-sgd.js';

function problem(n: number, p: number, seed: number) {
  const rng = new Rng(seed);
  const X = new Float64Array(n * p).map(() => rng.normal());
  const y = Float64Array.from({ length: n }, () => (rng.random() < 0.5 ? -1 : 1));
  const validation = Uint8Array.from({ length: n }, () => (rng.random() < 0.1 ? 1 : 0));
  return { X, y, validation, sampleWeight: Float64Array.from({ length: n }, () => 0.5 + rng.random()) };
}

interface Variant {
  loss: SgdClassifierLoss;
  penalty: PenaltyCode;
  learningRate: LearningRateCode;
  average: number;
}

const VARIANTS: Variant[] = [
  { loss: 'hinge', penalty: PenaltyCode.l2, learningRate: LearningRateCode.optimal, average: 0 },
  { loss: 'log_loss', penalty: PenaltyCode.elasticnet, learningRate: LearningRateCode.invscaling, average: 3 },
  { loss: 'modified_huber', penalty: PenaltyCode.l1, learningRate: LearningRateCode.constant, average: 1 },
  { loss: 'squared_hinge', penalty: PenaltyCode.none, learningRate: LearningRateCode.adaptive, average: 0 },
  { loss: 'huber', penalty: PenaltyCode.l2, learningRate: LearningRateCode.invscaling, average: 0 },
  { loss: 'epsilon_insensitive', penalty: PenaltyCode.elasticnet, learningRate: LearningRateCode.optimal, average: 0 },
  { loss: 'squared_epsilon_insensitive', penalty: PenaltyCode.l2, learningRate: LearningRateCode.constant, average: 0 },
  { loss: 'squared_error', penalty: PenaltyCode.l2, learningRate: LearningRateCode.invscaling, average: 0 },
  { loss: 'perceptron', penalty: PenaltyCode.l1, learningRate: LearningRateCode.optimal, average: 2 },
];

describe('the SGD epoch kernel against the plain JavaScript epoch', () => {
  for (const [n, p] of [[1, 1], [1, 5], [7, 1], [33, 3], [120, 9], [64, 16]] as const) {
    for (const v of VARIANTS) {
      it(`gives the same weights, to the bit: ${n} × ${p}, ${v.loss}, penalty ${v.penalty}, rate ${v.learningRate}, average ${v.average}`, () => {
        const data = problem(n, p, n * 31 + p);
        const base = {
          loss: sgdLoss(v.loss, 0.3), penalty: v.penalty, alpha: 0.01, l1Ratio: 0.4, learningRate: v.learningRate, eta0: 0.05, powerT: 0.3,
          weightPos: 1.5, weightNeg: 0.8, fitIntercept: true, interceptDecay: 1, average: v.average, sumLoss: true,
        };
        const config: SgdEpochConfig = { ...base, optimalInit: optimalInit(base) };
        const fresh = (): SgdEpochState => ({ intercept: 0.1, averageIntercept: 0, wscale: 1, averageA: 0, averageB: 1, t: 1, u: 0, eta: 0.05 });
        const l1 = v.penalty === PenaltyCode.l1 || v.penalty === PenaltyCode.elasticnet;
        const reference = { w: new Float64Array(p).fill(0.2), aw: v.average > 0 ? new Float64Array(p) : undefined, q: l1 ? new Float64Array(p) : undefined };
        const kernelWeights = { w: reference.w.slice(), aw: reference.aw?.slice(), q: reference.q?.slice() };
        const order = Int32Array.from({ length: n }, (_, i) => i);
        const refState = fresh();
        const rows = SgdKernelRows.tryFrom(new DenseMatrix(data.X, n, p))!;
        const runner = rows.epochRunner(data, kernelWeights, config);
        const kernelState = fresh();
        try {
          for (let epoch = 0; epoch < 4; epoch++) {
            shuffleOrder(order, 1234 + epoch);
            const refLoss = sgdEpoch({ ...data, n, p, order }, reference, refState, config);
            const kernelLoss = runner.run(kernelState, 1234 + epoch);
            expect(kernelLoss).toBe(refLoss);
            expect(kernelState).toEqual(refState);
          }
          resetWscale(reference, refState);
          runner.finish(kernelState);
        } finally {
          runner.dispose();
          rows.dispose();
        }
        expect(Array.from(kernelWeights.w)).toEqual(Array.from(reference.w));
        if (reference.aw !== undefined) expect(Array.from(kernelWeights.aw!)).toEqual(Array.from(reference.aw));
        expect(kernelState).toEqual(refState);
      });
    }
  }

  it('shuffles as scikit-learn\'s dataset does (the same seed every epoch, on the last order)', () => {
    const order = Int32Array.from({ length: 10 }, (_, i) => i);
    shuffleOrder(order, 0);
    // our_rand_r from seed 0 (taken as 1), Fisher–Yates over 10 indices
    const expected = Int32Array.from({ length: 10 }, (_, i) => i);
    let s = 1;
    for (let i = 0; i < 9; i++) {
      s = (s ^ (s << 13)) >>> 0;
      s = (s ^ (s >>> 17)) >>> 0;
      s = (s ^ (s << 5)) >>> 0;
      const j = i + ((s & 0x7fffffff) % (10 - i));
      [expected[i], expected[j]] = [expected[j]!, expected[i]!];
    }
    expect(Array.from(order)).toEqual(Array.from(expected));
    const ptr = sgdKernels.alloc(40);
    try {
      sgdKernels.i32(ptr, 10).set(Int32Array.from({ length: 10 }, (_, i) => i));
      sgdKernels.exports.sgd_shuffle(ptr, 10, 0);
      expect(Array.from(sgdKernels.i32(ptr, 10))).toEqual(Array.from(order));
    } finally {
      sgdKernels.release(ptr);
    }
  });

  it('frees what it allocates', async () => {
    const before = sgdKernels.bytesInUse;
    const { SGDClassifier } = await import('../../../lib/estimators/linear/index.js');
    const data = problem(50, 4, 1);
    await new SGDClassifier({ randomState: 0 }).fit(new DenseMatrix(data.X, 50, 4), Array.from(data.y));
    expect(sgdKernels.bytesInUse).toBe(before);
  });
});
