import { describe, expect, it, vi } from 'vitest';
import { validateMatrix } from '../../lib/core/data.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { makeClassification } from '../../lib/datasets/index.js';
import { SGDClassifier } from '../../lib/estimators/linear/sgd-classifier.js';
import { makePipeline } from '../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/standard-scaler.js';
import { RandomForestClassifier } from '../../lib/estimators/tree/random-forest-classifier.js';

const { X, y } = makeClassification({ nSamples: 200, nFeatures: 5, nInformative: 3, nRedundant: 0, nClasses: 3, randomState: 1 });
const scaled = X.map((row) => row.map((v, j) => 10 ** j * v));
/** The fitted SGDClassifier at the end of a pipeline. */
const sgdOf = (pipe: { fittedSteps: readonly (readonly [string, unknown])[] }) => pipe.fittedSteps[1]![1] as SGDClassifier;

describe('Pipeline.continueFit (through its final step)', () => {
  it('trains the fitted final step on, on the transformed rows: the pipeline a longer fit gives', async () => {
    const make = (maxIter: number) => makePipeline(new StandardScaler(), new SGDClassifier({ randomState: 0, tol: null, maxIter }));
    const pipe = await captureWarnings(() => make(2).fit(scaled, y));
    const scaler = pipe.result.fittedStep('standardscaler');
    const refit = vi.spyOn(pipe.result, 'fit');
    await captureWarnings(() => pipe.result.continueFit(validateMatrix(scaled, { owner: 'spec' }), y, 'sgdclassifier__maxIter', 7));
    expect(refit).not.toHaveBeenCalled();
    // the transformers stay as fitted; the final step trained on
    expect(pipe.result.fittedStep('standardscaler')).toBe(scaler);
    const once = await captureWarnings(() => make(7).fit(scaled, y));
    expect(sgdOf(pipe.result).coef).toEqual(sgdOf(once.result).coef);
    expect(await pipe.result.decisionFunction(scaled.slice(0, 10))).toEqual(await once.result.decisionFunction(scaled.slice(0, 10)));
    expect(pipe.result.getParams().sgdclassifier__maxIter).toBe(7);
    expect(sgdOf(pipe.result).getParams().maxIter).toBe(7);
  });

  it('adds trees to a forest at the end of a pipeline', async () => {
    const make = (nEstimators: number) => makePipeline(new StandardScaler(), new RandomForestClassifier({ nEstimators, randomState: 3 }));
    const pipe = await make(4).fit(X, y);
    await pipe.continueFit(validateMatrix(X, { owner: 'spec' }), y, 'randomforestclassifier__nEstimators', 10);
    const once = await make(10).fit(X, y);
    expect(await pipe.predictProba(X)).toEqual(await once.predictProba(X));
  });

  it('fits again when not fitted, and refuses a param its final step does not continue along', async () => {
    const pipe = makePipeline(new StandardScaler(), new SGDClassifier({ randomState: 0, tol: null, maxIter: 2 }));
    await captureWarnings(() => pipe.continueFit(validateMatrix(X, { owner: 'spec' }), y, 'sgdclassifier__maxIter', 5));
    expect(sgdOf(pipe).nIter).toBe(5);
    await expect(pipe.continueFit(validateMatrix(X, { owner: 'spec' }), y, 'sgdclassifier__alpha', 5)).rejects.toThrow(InvalidParameterError);
    await expect(pipe.continueFit(validateMatrix(X, { owner: 'spec' }), y, 'standardscaler__maxIter', 5)).rejects.toThrow(/continuable params \["sgdclassifier__maxIter"\]/);
  });
});
