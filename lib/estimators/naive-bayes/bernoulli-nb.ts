/**
 * Bernoulli naive Bayes (scikit-learn's `BernoulliNB`): binary features, each a
 * coin flip with a per-class probability; absent features count as evidence too.
 */
import type { DenseMatrix } from '../../core/data.js';
import type { ParamSchema } from '../../core/estimator.js';
import { registerTransferable } from '../../core/transfer.js';
import { nullValue, realIn } from '../../core/validate.js';
import type { DiscreteNBParams } from './discrete-naive-bayes.js';
import { BaseDiscreteNB, DISCRETE_NB_SCHEMA } from './discrete-naive-bayes.js';
import type { JointLogLikelihood } from './naive-bayes-base.js';

/** Parameters of {@link BernoulliNB}. */
export interface BernoulliNBParams extends DiscreteNBParams {
  /**
   * Values above this threshold count as 1, the others as 0 (in fit and predict);
   * null takes X as already binary.
   * @default 0
   */
  binarize: number | null;
}

const SCHEMA: ParamSchema<BernoulliNBParams> = {
  ...DISCRETE_NB_SCHEMA,
  binarize: { default: 0, constraints: [nullValue, realIn({ min: 0 })] },
};

/**
 * Naive Bayes for binary features: log P(x | c) = Σⱼ xⱼ log p_cj + (1 − xⱼ) log(1 − p_cj),
 * with p_cj = (count of feature j in class c + α) / (rows of class c + 2α).
 * `partialFit` adds batches to the counts.
 *
 * With an array `alpha`, each feature's denominator uses its own αⱼ (scikit-learn
 * 1.2 broadcasts the class counts against the alphas and fails unless there are as
 * many classes as features).
 *
 * @example
 * ```ts
 * const X = [[1, 0, 1], [1, 1, 0], [0, 1, 1], [0, 1, 0]];
 * const model = await new BernoulliNB().fit(X, [0, 0, 1, 1]);
 * await model.predictProba([[1, 0, 0]]); // [[≈0.86, ≈0.14]]
 * ```
 */
export class BernoulliNB extends BaseDiscreteNB<BernoulliNBParams> {
  constructor(params: Partial<BernoulliNBParams> = {}) {
    super('BernoulliNB', SCHEMA, params);
  }

  protected countInput(X: DenseMatrix): DenseMatrix {
    return this.predictInput(X);
  }

  protected override predictInput(X: DenseMatrix): DenseMatrix {
    const threshold = this.params.binarize;
    if (threshold === null) return X;
    const out = X.copy();
    const v = out.values;
    for (let t = 0; t < v.length; t++) v[t] = v[t] > threshold ? 1 : 0;
    return out;
  }

  protected computeFeatureLogProb(featureCount: Float64Array, classCount: Float64Array, alpha: Float64Array, p: number): Float64Array {
    const k = classCount.length;
    const out = new Float64Array(k * p);
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) out[c * p + j] = Math.log(featureCount[c * p + j] + alpha[j]) - Math.log(classCount[c] + alpha[j] * 2);
    }
    return out;
  }

  protected jointLogLikelihood(X: DenseMatrix): JointLogLikelihood {
    const s = this.state!;
    const k = s.classCount.length;
    const p = X.columns;
    const n = X.rows;
    const v = X.values;
    // Σ neg + X · (log p − neg), with neg = log(1 − p)
    const weights = new Float64Array(k * p);
    const base = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let negSum = 0;
      for (let j = 0; j < p; j++) {
        const logP = s.featureLogProb[c * p + j];
        const neg = Math.log(1 - Math.exp(logP));
        negSum += neg;
        weights[c * p + j] = logP - neg;
      }
      base[c] = s.classLogPrior[c] + negSum;
    }
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let c = 0; c < k; c++) {
        const m = c * p;
        let sum = 0;
        for (let j = 0; j < p; j++) sum += v[o + j] * weights[m + j];
        out[i * k + c] = sum + base[c];
      }
    }
    return { values: out, rows: n, classes: k };
  }
}

registerTransferable(BernoulliNB, import.meta.url);
