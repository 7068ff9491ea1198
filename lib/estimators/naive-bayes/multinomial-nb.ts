/**
 * Multinomial naive Bayes (scikit-learn's `MultinomialNB`): features are counts
 * (word counts, tf-idf) drawn from one multinomial distribution per class.
 */
import type { DenseMatrix } from '../../core/data.js';
import { registerTransferable } from '../../core/transfer.js';
import { invalidArgument } from '../../core/validate.js';
import type { DiscreteNBParams } from './discrete-naive-bayes.js';
import { BaseDiscreteNB, DISCRETE_NB_SCHEMA } from './discrete-naive-bayes.js';
import type { JointLogLikelihood } from './naive-bayes-base.js';

/** Parameters of {@link MultinomialNB}. */
export type MultinomialNBParams = DiscreteNBParams;

/**
 * Naive Bayes for count features: log P(x | c) = Σⱼ xⱼ log θ_cj, with θ_cj the
 * smoothed share of feature j in the counts of class c. X must be non-negative.
 * `partialFit` adds batches to the counts.
 *
 * @example
 * ```ts
 * const X = [[2, 0, 1], [3, 1, 0], [0, 4, 1], [1, 3, 2]];
 * const model = await new MultinomialNB({ alpha: 0.5 }).fit(X, ['spam', 'spam', 'ham', 'ham']);
 * await model.predict([[4, 0, 0]]); // ['spam']
 * ```
 */
export class MultinomialNB extends BaseDiscreteNB<MultinomialNBParams> {
  constructor(params: Partial<MultinomialNBParams> = {}) {
    super('MultinomialNB', DISCRETE_NB_SCHEMA, params);
  }

  protected countInput(X: DenseMatrix, method: string): DenseMatrix {
    const v = X.values;
    for (let t = 0; t < v.length; t++) {
      if (v[t] < 0) {
        throw invalidArgument(`${this.owner}.${method}`, 'X', 'a matrix of non-negative values (counts)', X, {
          shown: `${v[t]} at row ${Math.floor(t / X.columns)}, column ${t % X.columns}`,
        });
      }
    }
    return X;
  }

  protected computeFeatureLogProb(featureCount: Float64Array, classCount: Float64Array, alpha: Float64Array, p: number): Float64Array {
    const k = classCount.length;
    const out = new Float64Array(k * p);
    for (let c = 0; c < k; c++) {
      let total = 0;
      for (let j = 0; j < p; j++) total += featureCount[c * p + j] + alpha[j];
      const logTotal = Math.log(total);
      for (let j = 0; j < p; j++) out[c * p + j] = Math.log(featureCount[c * p + j] + alpha[j]) - logTotal;
    }
    return out;
  }

  protected jointLogLikelihood(X: DenseMatrix): JointLogLikelihood {
    const s = this.state!;
    const k = s.classCount.length;
    const p = X.columns;
    const n = X.rows;
    const v = X.values;
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let c = 0; c < k; c++) {
        const m = c * p;
        let sum = 0;
        for (let j = 0; j < p; j++) sum += v[o + j] * s.featureLogProb[m + j];
        out[i * k + c] = sum + s.classLogPrior[c];
      }
    }
    return { values: out, rows: n, classes: k };
  }
}

registerTransferable(MultinomialNB, import.meta.url);
