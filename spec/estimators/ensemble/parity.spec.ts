import { describe, expect, it } from 'vitest';
import type { AnyEstimator } from '../../../lib/core/estimator.js';
import { DenseMatrix } from '../../../lib/core/data.js';
import { StackingClassifier, StackingRegressor, VotingClassifier, VotingRegressor } from '../../../lib/estimators/ensemble/index.js';
import { MEMBERS, ensembleCases, entries, maxError, splitData } from './fixtures.js';

function build(c: ReturnType<typeof ensembleCases>[number]): AnyEstimator {
  const p = c.params;
  const members = entries(c.members);
  const final = c.final ? MEMBERS[c.final]!() : null;
  switch (c.kind) {
    case 'VotingClassifier':
      return new VotingClassifier(members, {
        ...(p.voting !== undefined ? { voting: p.voting as 'hard' | 'soft' } : {}),
        ...(p.weights !== undefined ? { weights: p.weights as number[] } : {}),
        ...(p.flatten_transform !== undefined ? { flattenTransform: p.flatten_transform as boolean } : {}),
      });
    case 'VotingRegressor':
      return new VotingRegressor(members, p.weights !== undefined ? { weights: p.weights as number[] } : {});
    case 'StackingClassifier':
      return new StackingClassifier(members, {
        finalEstimator: final,
        ...(p.cv !== undefined ? { cv: p.cv as number } : {}),
        ...(p.passthrough !== undefined ? { passthrough: p.passthrough as boolean } : {}),
        ...(p.stackMethod !== undefined ? { stackMethod: p.stackMethod as 'predict' } : {}),
      });
    case 'StackingRegressor':
      return new StackingRegressor(members, {
        finalEstimator: final,
        ...(p.cv !== undefined ? { cv: p.cv as number } : {}),
        ...(p.passthrough !== undefined ? { passthrough: p.passthrough as boolean } : {}),
      });
  }
}

describe('voting and stacking parity with scikit-learn 1.2', () => {
  for (const c of ensembleCases()) {
    const title = `${c.kind} of [${c.members.join(', ')}]${c.final === undefined ? '' : ` → ${c.final ?? 'default'}`} on ${c.dataset} ${JSON.stringify(c.params)}`;
    it(`${title}: same predictions${c.tolerance < 1e-6 ? ' and outputs to 1e-10' : ', outputs to the solver tolerance'}`, async () => {
      const data = await splitData(c.dataset);
      const model = build(c) as AnyEstimator & {
        predict(X: number[][]): Promise<ArrayLike<number>>;
        predictProba?: (X: number[][]) => Promise<number[][]>;
        transform(X: number[][]): Promise<DenseMatrix | number[][][]>;
        stackMethods?: readonly string[];
      };
      await model.fit(data.Xtrain, data.ytrain);
      const predictions = Array.from(await model.predict(data.Xtest));
      if (c.kind.endsWith('Regressor')) expect(maxError(predictions, c.predictions)).toBeLessThan(c.tolerance);
      else expect(predictions).toEqual(c.predictions);
      if (c.proba !== undefined) expect(maxError(await model.predictProba!(data.Xtest), c.proba)).toBeLessThan(c.tolerance);
      else if (c.kind.endsWith('Classifier')) expect(model.predictProba).toBeUndefined();
      const transformed = await model.transform(data.Xtest.slice(0, c.transform.length));
      // flattenTransform: false gives members × samples × classes; the fixture holds it side by side
      const rows = transformed instanceof DenseMatrix ? transformed.toArray() : transformed[0]!.map((_, i) => transformed.flatMap((m) => m[i]!));
      expect(maxError(rows, c.transform)).toBeLessThan(c.tolerance);
      if (c.stackMethods !== undefined) {
        expect(model.stackMethods).toEqual(c.stackMethods.map((m) => m.replace('predict_proba', 'predictProba').replace('decision_function', 'decisionFunction')));
      }
    });
  }
});
