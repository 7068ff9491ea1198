/**
 * The parity suite every naive Bayes classifier runs against its fixtures: the
 * same probabilities (1e-10), labels and fitted attributes as scikit-learn 1.2.
 */
import { describe, expect, it } from 'vitest';
import type { Label, MatrixLike, TargetLike } from '../../../lib/core/data.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { NaiveBayesPartialFitOptions } from '../../../lib/estimators/naive-bayes/index.js';
import type { NaiveBayesCase, SplitData } from './fixtures.js';
import { caseTitle, maxRelativeError, naiveBayesCases, splitDataset } from './fixtures.js';

interface NaiveBayesModel {
  fit(X: MatrixLike, y: TargetLike): Promise<unknown>;
  partialFit(X: MatrixLike, y: TargetLike, options?: NaiveBayesPartialFitOptions): Promise<unknown>;
  predict(X: MatrixLike): Promise<Label[]>;
  predictProba(X: MatrixLike): Promise<number[][]>;
  predictLogProba(X: MatrixLike): Promise<number[][]>;
  predictJointLogProba(X: MatrixLike): Promise<number[][]>;
  readonly classes: readonly Label[];
  readonly classCount: number[];
}

/** Log-probabilities are compared absolutely (they are differences of large jll). */
const TOLERANCE = 1e-10;

interface Fitted<M> {
  readonly model: M;
  readonly data: SplitData;
  readonly warnings: readonly { readonly message: string }[];
}

async function fitCase<M extends NaiveBayesModel>(c: NaiveBayesCase, make: (params: Record<string, unknown>) => M): Promise<Fitted<M>> {
  const data = await splitDataset(c.dataset, c.binarizeInput);
  const model = make(c.params);
  const { warnings } = await captureWarnings(async () => {
    if (c.partial === null) {
      await model.fit(data.Xtrain, data.ytrain);
      return;
    }
    for (const [k, [start, end]] of c.partial.entries()) {
      const options = k === 0 ? { classes: [...new Set(data.ytrain)] } : {};
      await model.partialFit(data.Xtrain.slice(start, end), data.ytrain.slice(start, end), options);
    }
  });
  return { model, data, warnings };
}

export function naiveBayesParity<M extends NaiveBayesModel>(
  estimator: NaiveBayesCase['estimator'],
  make: (params: Record<string, unknown>) => M,
  attributes: (model: M) => Record<string, number | number[] | number[][]>,
): void {
  describe(`${estimator} parity with scikit-learn 1.2`, () => {
    for (const c of naiveBayesCases().filter((x) => x.estimator === estimator)) {
      describe(caseTitle(c), () => {
        // fitted on first use: tests run one at a time, so each case captures its own warnings
        let memo: Promise<Fitted<M>> | undefined;
        const fitted = (): Promise<Fitted<M>> => (memo ??= fitCase(c, make));

        it('predicts the same probabilities to 1e-10', async () => {
          const { model, data } = await fitted();
          const proba = await model.predictProba(data.Xtest.slice(0, c.proba.length));
          expect(maxRelativeError(proba.flat(), c.proba.flat(), 1)).toBeLessThan(TOLERANCE);
        });

        it('predicts the same log-probabilities and joint log-likelihoods', async () => {
          const { model, data } = await fitted();
          const rows = data.Xtest.slice(0, c.logProba.length);
          expect(maxRelativeError((await model.predictLogProba(rows)).flat(), c.logProba.flat(), 1)).toBeLessThan(TOLERANCE);
          expect(maxRelativeError((await model.predictJointLogProba(rows)).flat(), c.jointLogProba.flat(), 1)).toBeLessThan(TOLERANCE);
        });

        it('predicts the same labels', async () => {
          const { model, data } = await fitted();
          expect(model.classes).toEqual(c.classes);
          expect(await model.predict(data.Xtest)).toEqual(c.predictions);
        });

        it('learns the same attributes', async () => {
          const { model } = await fitted();
          expect(model.classCount).toEqual(c.classCount);
          for (const [name, value] of Object.entries(attributes(model))) {
            const expected = c[name as keyof NaiveBayesCase] as number | number[] | number[][];
            expect(maxRelativeError([value].flat(2), [expected].flat(2), 1e-12), name).toBeLessThan(TOLERANCE);
          }
        });

        it('warns as scikit-learn does', async () => {
          const { warnings } = await fitted();
          expect(warnings.map((w) => w.message.replace('forceAlpha: true', 'force_alpha=True'))).toEqual(c.warnings);
        });
      });
    }
  });
}
