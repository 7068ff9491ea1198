import { describe, expect, it } from 'vitest';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../../lib/core/errors.js';
import { loadDigits } from '../../../lib/datasets/index.js';
import { PCA } from '../../../lib/estimators/decomposition/index.js';
import { LogisticRegression } from '../../../lib/estimators/linear/index.js';
import { Pipeline } from '../../../lib/estimators/pipeline.js';
import { checkEstimator } from '../../contracts/estimator.contract.js';
import { caseData, caseTitle, decompositionCases, largest, maxError } from './fixtures.js';

checkEstimator('PCA', () => new PCA({ nComponents: 2 }), { kind: 'transformer', tolerance: 1e-12 });
checkEstimator('PCA (whiten, arpack)', () => new PCA({ nComponents: 2, whiten: true, svdSolver: 'arpack' }), { kind: 'transformer', tolerance: 1e-12 });

const TOLERANCE = 1e-8;

describe('PCA parity with scikit-learn 1.2 (svd_flip signs included)', () => {
  for (const c of decompositionCases().filter((x) => x.estimator === 'PCA')) {
    describe(caseTitle(c), () => {
      let memo: Promise<{ model: PCA; fitTransform: number[][]; Xtest: number[][] }> | undefined;
      const fitted = () =>
        (memo ??= (async () => {
          const { Xtrain, Xtest } = await caseData(c);
          const model = new PCA(c.params);
          const fitTransform = (await model.fitTransform(Xtrain)).toArray();
          return { model, fitTransform, Xtest };
        })());

      it('finds the same components, with the same signs, to 1e-8', async () => {
        const { model } = await fitted();
        expect(model.nComponents).toBe(c.nComponents);
        expect(maxError(model.components, c.components)).toBeLessThan(TOLERANCE);
      });

      it('explains the same variance', async () => {
        const { model } = await fitted();
        const scale = largest(c.explainedVariance);
        expect(maxError(model.explainedVariance, c.explainedVariance, scale)).toBeLessThan(TOLERANCE);
        expect(maxError(model.explainedVarianceRatio, c.explainedVarianceRatio)).toBeLessThan(TOLERANCE);
        expect(maxError(model.singularValues, c.singularValues, largest(c.singularValues))).toBeLessThan(TOLERANCE);
        expect(maxError(model.mean, c.mean!, largest(c.mean!))).toBeLessThan(1e-13);
        expect(Math.abs(model.noiseVariance - c.noiseVariance!)).toBeLessThan(TOLERANCE * Math.max(c.noiseVariance!, 1e-10 * scale));
      });

      it('transforms and inverse-transforms the same way', async () => {
        const { model, fitTransform, Xtest } = await fitted();
        expect(maxError(fitTransform.slice(0, c.fitTransform.length), c.fitTransform, largest(c.fitTransform))).toBeLessThan(TOLERANCE);
        const transformed = (await model.transform(Xtest.slice(0, c.transform.length))).toArray();
        expect(maxError(transformed, c.transform, largest(c.transform))).toBeLessThan(TOLERANCE);
        const back = (await model.inverseTransform(c.transform.slice(0, c.inverseTransform.length))).toArray();
        expect(maxError(back, c.inverseTransform, largest(c.inverseTransform))).toBeLessThan(1e-10);
      });

      it('scores samples with the probabilistic PCA likelihood', async () => {
        const { model, Xtest } = await fitted();
        // scikit-learn's scores with log det of the precision from the spectrum (tunekit's
        // way) in place of its LU determinant: a constant shift, ~1e-12 but on raw breast cancer
        const shift = 0.5 * (c.logdetExact! - c.logdetLu!);
        // the quadratic term goes through the precision matrix, whose condition number is
        // about λ₁ / noise variance (1e9 on raw breast cancer): the bar is 1e-14 κ, 1e-8 at least
        const tolerance = Math.max(TOLERANCE, 1e-14 * (c.explainedVariance[0]! / c.noiseVariance!));
        const expected = c.scoreSamples!.map((v) => v + shift);
        const ll = Array.from(await model.scoreSamples(Xtest.slice(0, expected.length)));
        expect(maxError(ll, expected, largest(expected))).toBeLessThan(tolerance);
        expect(Math.abs((await model.score(Xtest)) - (c.score! + shift))).toBeLessThan(tolerance * Math.abs(c.score!));
        if (c.covariance) {
          expect(maxError(model.getCovariance(), c.covariance, largest(c.covariance))).toBeLessThan(TOLERANCE);
          expect(maxError(model.getPrecision(), c.precision!, largest(c.precision!))).toBeLessThan(TOLERANCE);
        }
      });
    });
  }
});

const X = [
  [2.5, 2.4, 0.5],
  [0.5, 0.7, 1.5],
  [2.2, 2.9, 0.1],
  [1.9, 2.2, 0.9],
  [3.1, 3.0, 0.3],
  [2.3, 2.7, 1.1],
  [2.0, 1.6, 0.4],
  [1.0, 1.1, 1.9],
];

describe('PCA', () => {
  it('keeps min(samples, features) components by default, explaining all the variance', async () => {
    const model = await new PCA().fit(X);
    expect(model.nComponents).toBe(3);
    expect(model.explainedVarianceRatio.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(model.noiseVariance).toBe(0);
    expect(model.fitSvdSolver).toBe('full');
  });

  it('gives orthonormal components and reconstructs X exactly with all of them', async () => {
    const model = new PCA();
    const projected = await model.fitTransform(X);
    const V = model.components;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      const dot = V[a]!.reduce((s, v, j) => s + v * V[b]![j]!, 0);
      expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
    }
    const back = (await model.inverseTransform(projected)).toArray();
    expect(maxError(back, X)).toBeLessThan(1e-12);
  });

  it('whitens the training projections to unit variance', async () => {
    const projected = (await new PCA({ nComponents: 2, whiten: true }).fitTransform(X)).toArray();
    for (let c = 0; c < 2; c++) {
      const column = projected.map((r) => r[c]!);
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / (column.length - 1);
      expect(variance).toBeCloseTo(1, 10);
    }
  });

  it("chooses the randomized solver where scikit-learn 1.2's 'auto' does", async () => {
    const { data } = await loadDigits();
    // more than 500 rows and an int nComponents below 80% of min(samples, features)
    expect((await new PCA({ nComponents: 20, randomState: 0 }).fit(data.slice(0, 600))).fitSvdSolver).toBe('randomized');
    expect((await new PCA({ nComponents: 52 }).fit(data.slice(0, 600))).fitSvdSolver).toBe('full');
    expect((await new PCA({ nComponents: 0.9 }).fit(data.slice(0, 600))).fitSvdSolver).toBe('full');
    expect((await new PCA({ nComponents: 20 }).fit(data.slice(0, 500))).fitSvdSolver).toBe('full');
  });

  it('rejects an unknown solver, and nComponents the randomized solver cannot take', async () => {
    expect(() => new PCA({ svdSolver: 'lapack' as never })).toThrow(
      'The "svdSolver" parameter of PCA must be one of "auto", "full", "arpack", "randomized". Got "lapack" instead.',
    );
    await expect(new PCA({ nComponents: 0.5, svdSolver: 'randomized' }).fit(X)).rejects.toThrow(
      'The "nComponents" parameter of PCA.fit must be an int in the range [1, 3] with svdSolver "randomized" (at most min(n_samples, n_features) = 3). Got 0.5 instead.',
    );
  });

  it('draws its randomized test matrix from a RandomState, which advances', async () => {
    const { data } = await loadDigits();
    const { RandomState } = await import('../../../lib/core/random-state.js');
    const rs = new RandomState(3);
    const first = await new PCA({ nComponents: 10, svdSolver: 'randomized', iteratedPower: 0, randomState: rs }).fit(data.slice(0, 600));
    const second = await new PCA({ nComponents: 10, svdSolver: 'randomized', iteratedPower: 0, randomState: rs }).fit(data.slice(0, 600));
    const again = await new PCA({ nComponents: 10, svdSolver: 'randomized', iteratedPower: 0, randomState: 3 }).fit(data.slice(0, 600));
    expect(again.components).toEqual(first.components);
    expect(second.components).not.toEqual(first.components);
  });

  it('checks nComponents against the data, recoverably', async () => {
    await expect(new PCA({ nComponents: 4 }).fit(X)).rejects.toThrow(
      'The "nComponents" parameter of PCA.fit must be an int between 0 and min(n_samples, n_features) = 3 with svdSolver "full". Got 4 instead.',
    );
    await expect(new PCA({ nComponents: 3, svdSolver: 'arpack' }).fit(X)).rejects.toBeInstanceOf(ValidationError);
    await expect(new PCA({ nComponents: 'mle' }).fit(X.slice(0, 2))).rejects.toThrow(/fewer samples \(2\) than features \(3\)/);
    const error = await new PCA({ nComponents: 4 }).fit(X).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(InvalidParameterError);
  });

  it('rejects invalid parameters at construction', () => {
    expect(() => new PCA({ nComponents: 1.5 })).toThrow(InvalidParameterError);
    expect(() => new PCA({ nComponents: -1 })).toThrow(InvalidParameterError);
  });

  it('checks the width of inverseTransform input', async () => {
    const model = await new PCA({ nComponents: 2 }).fit(X);
    await expect(model.inverseTransform([[1, 2, 3]])).rejects.toThrow(
      'The "X" argument of PCA.inverseTransform must be a matrix with 2 columns (one per component). Got 3 columns instead.',
    );
  });

  it('has no attributes before fit', () => {
    expect(() => new PCA().components).toThrow(NotFittedError);
  });

  it('runs its TSDoc example', async () => {
    const { data, target } = await loadDigits();
    // the example's pipeline, on fewer rows (its fit is the next test's), and its solver
    const pipe = new Pipeline([['pca', new PCA({ nComponents: 20, randomState: 0 })], ['clf', new LogisticRegression({ maxIter: 2000 })]]);
    await pipe.fit(data.slice(0, 600), target.slice(0, 600));
    expect((await new PCA({ nComponents: 20, randomState: 0 }).fit(data)).fitSvdSolver).toBe('randomized');
    const pca = await new PCA({ nComponents: 0.95 }).fit(data);
    expect(pca.nComponents).toBe(29);
  });

  it('runs in a pipeline before a classifier', async () => {
    const { data, target } = await loadDigits();
    const pipe = new Pipeline([['pca', new PCA({ nComponents: 20 })], ['clf', new LogisticRegression({ maxIter: 200 })]]);
    await pipe.fit(data.slice(0, 300), target.slice(0, 300));
    expect(await pipe.score(data.slice(300, 400), target.slice(300, 400))).toBeGreaterThan(0.8);
  });
});
