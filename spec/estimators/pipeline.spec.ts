import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Label, MatrixLike, TargetLike } from '../../lib/core/data.js';
import { DenseMatrix, validateMatrix } from '../../lib/core/data.js';
import { InvalidParameterError, NotFittedError, TunekitError, ValidationError } from '../../lib/core/errors.js';
import type { ParamSchema, ParamsOf } from '../../lib/core/estimator.js';
import { clone, isClassifier, isRegressor, isTransformer } from '../../lib/core/estimator.js';
import { realIn } from '../../lib/core/validate.js';
import { BaseClassifier, BaseTransformer } from '../../lib/estimators/base.js';
import { DummyClassifier, DummyRegressor } from '../../lib/estimators/dummy.js';
import type { PipelineParams, PipelineStep, PipelineSteps } from '../../lib/estimators/pipeline.js';
import { makePipeline, nameEstimators, Pipeline } from '../../lib/estimators/pipeline.js';
import { MinMaxScaler, StandardScaler } from '../../lib/estimators/preprocessing/index.js';
import { checkEstimator } from '../contracts/estimator.contract.js';

// ---------------------------------------------------------------------------
// Small estimators for the tests (StandardScaler and SVC are built elsewhere)
// ---------------------------------------------------------------------------

/** Records every fit, across instances, in order. */
const fitLog: { name: string; rows: number; firstValue: number }[] = [];

interface CenterParams {
  /** Multiplies the centred values. */
  factor: number;
  /** A label for the fit log. */
  tag: string;
}

// schemas are module constants, as in the library, so that clones compare equal
const CENTER_SCHEMA: ParamSchema<CenterParams> = { factor: { default: 1, constraints: realIn() }, tag: { default: 'center' } };

/** Subtracts the column means learned in fit, then multiplies by `factor`. */
class Center extends BaseTransformer<CenterParams> {
  private means: Float64Array | undefined;
  constructor(params: Partial<CenterParams> = {}) {
    super('Center', CENTER_SCHEMA, params);
  }
  get mean(): Float64Array {
    return this.requireFitted(this.means, 'mean');
  }
  async fit(X: MatrixLike): Promise<this> {
    const m = validateMatrix(X, { owner: 'Center.fit' });
    const means = new Float64Array(m.columns);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) means[j] += m.get(i, j);
    for (let j = 0; j < m.columns; j++) means[j] /= m.rows;
    fitLog.push({ name: this.params.tag, rows: m.rows, firstValue: m.get(0, 0) });
    this.nFeaturesSeen = m.columns;
    this.means = means;
    return this;
  }
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const means = this.requireFitted(this.means, 'transform');
    const m = validateMatrix(X, { owner: 'Center.transform' });
    this.checkFeatureCount(m, 'transform');
    const out = DenseMatrix.zeros(m.rows, m.columns);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out.set(i, j, (m.get(i, j) - means[j]!) * this.params.factor);
    return out;
  }
}

interface CentroidParams {
  /** Scales distances before the softmax of predictProba. */
  temperature: number;
}

const CENTROID_SCHEMA: ParamSchema<CentroidParams> = { temperature: { default: 1, constraints: realIn({ min: 0, minInclusive: false }) } };

/** Nearest centroid classifier: depends on X, so a pipeline's transformers matter. */
class NearestCentroid extends BaseClassifier<CentroidParams> {
  private centroids: number[][] | undefined;
  constructor(params: Partial<CentroidParams> = {}) {
    super('NearestCentroid', CENTROID_SCHEMA, params);
  }
  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    const { X: m, codes, classes } = this.prepareFit(X, y);
    const sums = classes.map(() => new Array<number>(m.columns).fill(0));
    const counts = classes.map(() => 0);
    for (let i = 0; i < m.rows; i++) {
      counts[codes[i]!]! += 1;
      for (let j = 0; j < m.columns; j++) sums[codes[i]!]![j]! += m.get(i, j);
    }
    fitLog.push({ name: 'centroid', rows: m.rows, firstValue: m.get(0, 0) });
    this.centroids = sums.map((s, k) => s.map((v) => v / counts[k]!));
    return this;
  }
  async decisionFunction(X: MatrixLike): Promise<number[][]> {
    const { state, X: m } = this.preparePredict(this.centroids, X, 'decisionFunction');
    return Array.from({ length: m.rows }, (_, i) => state.map((c) => -c.reduce((s, v, j) => s + (m.get(i, j) - v) ** 2, 0)));
  }
  async predictProba(X: MatrixLike): Promise<number[][]> {
    this.requireFitted(this.centroids, 'predictProba');
    return (await this.decisionFunction(X)).map((row) => {
      const e = row.map((v) => Math.exp(v / this.params.temperature));
      const total = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / total);
    });
  }
  async predict(X: MatrixLike): Promise<Label[]> {
    this.requireFitted(this.centroids, 'predict');
    const scores = await this.decisionFunction(X);
    return this.decodeLabels(scores.map((row) => row.indexOf(Math.max(...row))));
  }
}

const X: number[][] = [
  [1, 10],
  [2, 12],
  [3, 9],
  [8, 1],
  [9, 0],
  [10, 2],
  [1.5, 11],
  [9.5, 1.5],
];
const y = [0, 0, 0, 1, 1, 1, 0, 1];

// ---------------------------------------------------------------------------
// Conformance
// ---------------------------------------------------------------------------

checkEstimator('Pipeline (classifier)', () => new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]]), {
  kind: 'classifier',
});
checkEstimator('Pipeline (StandardScaler + classifier)', () => new Pipeline([['scaler', new StandardScaler()], ['clf', new NearestCentroid()]]), {
  kind: 'classifier',
});
checkEstimator('Pipeline (regressor)', () => makePipeline(new Center(), new DummyRegressor({ strategy: 'median' })), { kind: 'regressor' });
checkEstimator('Pipeline (transformer)', () => new Pipeline([['a', new Center()], ['skip', 'passthrough'], ['b', new Center({ factor: 2 })]]), {
  kind: 'transformer',
});
checkEstimator('Pipeline (passthrough final step)', () => new Pipeline([['center', new Center()], ['end', null]]), { kind: 'transformer' });
checkEstimator(
  'Pipeline (stratified dummy)',
  () => new Pipeline([['center', new Center()], ['dummy', new DummyClassifier({ strategy: 'stratified', randomState: 0 })]]),
  { kind: 'classifier', deterministicParams: { dummy__randomState: 3 } },
);

// ---------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------

describe('Pipeline parameters', () => {
  it('getParams(false) returns the steps and verbose', () => {
    const center = new Center();
    const clf = new NearestCentroid();
    const steps = [['center', center], ['clf', clf]] as const;
    const pipe = new Pipeline(steps);
    expect(pipe.getParams(false)).toEqual({ steps, verbose: false });
    expect(pipe.getParams(false).steps).toBe(steps);
  });

  it('getParams() adds each step by name and name__param keys, in scikit-learn order', () => {
    const center = new Center({ factor: 3 });
    const clf = new NearestCentroid();
    const pipe = new Pipeline([['center', center], ['skip', 'passthrough'], ['clf', clf]]);
    const params = pipe.getParams();
    expect(Object.keys(params)).toEqual(['steps', 'verbose', 'center', 'skip', 'clf', 'center__factor', 'center__tag', 'clf__temperature']);
    expect(params.center).toBe(center);
    expect(params.skip).toBe('passthrough');
    expect(params.center__factor).toBe(3);
  });

  it('setParams routes name__param to the step', () => {
    const center = new Center();
    const pipe = new Pipeline([['center', center], ['clf', new NearestCentroid()]]);
    pipe.setParams({ center__factor: 10, clf__temperature: 0.5, verbose: false });
    expect(center.getParams().factor).toBe(10);
    expect(pipe.getParams().clf__temperature).toBe(0.5);
    expect(pipe.getParams(false).steps[0][1]).toBe(center);
  });

  it('setParams with a step name replaces the step, without touching the given list', () => {
    const steps: PipelineStep[] = [
      ['center', new Center()],
      ['clf', new NearestCentroid()],
    ];
    const pipe = new Pipeline(steps);
    const replacement = new DummyRegressor();
    pipe.setParams({ clf: replacement });
    expect(pipe.getParams().clf).toBe(replacement);
    expect(steps[1]![1]).toBeInstanceOf(NearestCentroid);
    expect(pipe.estimatorType).toBe('regressor');
  });

  it('replaces a step and then routes to the new one, in one call (scikit-learn order)', () => {
    const pipe = new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]]);
    pipe.setParams({ center__factor: 4, center: new Center({ factor: 2 }) });
    expect(pipe.getParams().center__factor).toBe(4);
  });

  it('accepts a new steps list and a step set to passthrough or null', async () => {
    // a pipeline whose steps will be replaced wholesale is typed with the wide steps type
    const pipe = new Pipeline<PipelineSteps>([['center', new Center()], ['clf', new NearestCentroid()]]);
    pipe.setParams({ center: 'passthrough' });
    expect(Object.keys(pipe.getParams())).toEqual(['steps', 'verbose', 'center', 'clf', 'clf__temperature']);
    await pipe.fit(X, y);
    const direct = await new NearestCentroid().fit(X, y);
    expect(await pipe.predict!(X)).toEqual(await direct.predict(X));
    pipe.setParams({ steps: [['c', null], ['d', new DummyClassifier()]] });
    expect(pipe.getParams().c).toBeNull();
    expect(pipe.getParams().d__strategy).toBe('prior');
  });

  it('rejects unknown keys, listing the valid ones', () => {
    const pipe = new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]]);
    expect(() => pipe.setParams({ clf__C: 1 } as never)).toThrow(
      'Unknown parameter "C" for NearestCentroid. Valid parameters are: "temperature".',
    );
    expect(() => pipe.setParams({ svc__C: 1 } as never)).toThrow(InvalidParameterError);
    expect(() => pipe.setParams({ svc__C: 1 } as never)).toThrow(
      'Unknown parameter "svc__C" for Pipeline. Valid parameters are: "steps", "verbose", "center", "clf", "center__factor", "center__tag", "clf__temperature".',
    );
    expect(() => pipe.setParams({ verbos: true } as never)).toThrow(/^Unknown parameter "verbos" for Pipeline\. .* Did you mean "verbose"\?$/);
  });

  it('routes nothing into a passthrough step', () => {
    const pipe = new Pipeline([['skip', 'passthrough'], ['clf', new NearestCentroid()]]);
    expect(() => pipe.setParams({ skip__factor: 1 } as never)).toThrow('Unknown parameter "skip__factor" for Pipeline.');
  });

  it('validates its own parameters', () => {
    const pipe = new Pipeline([['clf', new NearestCentroid()]]);
    expect(() => pipe.setParams({ verbose: 'yes' as never })).toThrow('The "verbose" parameter of Pipeline must be a boolean. Got "yes" instead.');
  });

  it('accepts the options-object form and round-trips through clone', async () => {
    const center = new Center({ factor: 2 });
    const pipe = new Pipeline({ steps: [['center', center], ['clf', new NearestCentroid()]], verbose: false });
    await pipe.fit(X, y);
    const copy = clone(pipe);
    expect(copy).toBeInstanceOf(Pipeline);
    expect(copy.getParams().center__factor).toBe(2);
    expect(copy.getParams().center).not.toBe(center);
    expect(copy.getParams(false)).toEqual(pipe.getParams(false));
    await expect(copy.predict(X)).rejects.toBeInstanceOf(NotFittedError);
    await expect(copy.predict(X)).rejects.toThrow('This Pipeline instance is not fitted yet. Call "fit" with appropriate arguments before using "predict".');
  });

  it('types nested keys from the steps (compile-time checks)', () => {
    const pipe = new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]]);
    type P = ParamsOf<typeof pipe>;
    expectTypeOf<P['clf__temperature']>().toEqualTypeOf<number>();
    expectTypeOf<P['center__tag']>().toEqualTypeOf<string>();
    expectTypeOf<PipelineParams<typeof pipe.steps>['center__factor']>().toEqualTypeOf<number>();
    pipe.setParams({ clf__temperature: 2 });
    // @ts-expect-error: NearestCentroid has no C
    expect(() => pipe.setParams({ clf__C: 2 })).toThrow(InvalidParameterError);
    // @ts-expect-error: temperature is a number
    expect(() => pipe.setParams({ clf__temperature: 'hot' })).toThrow(InvalidParameterError);
    // @ts-expect-error: no step named svc
    expect(() => pipe.setParams({ svc__C: 1 })).toThrow(InvalidParameterError);
    // a list built as a variable has no literal names: any key is accepted by the type
    const steps: PipelineStep[] = [['clf', new NearestCentroid()]];
    new Pipeline(steps).setParams({ clf__temperature: 3 });
  });
});

// ---------------------------------------------------------------------------
// Fitting and delegation
// ---------------------------------------------------------------------------

describe('Pipeline fit and predict', () => {
  const train = [0, 1, 3, 4, 6];
  const test = [2, 5, 7];
  const Xtrain = train.map((i) => X[i]!);
  const ytrain = train.map((i) => y[i]!);
  const Xtest = test.map((i) => X[i]!);
  const ytest = test.map((i) => y[i]!);

  it('fits the steps in order, each on the previous output', async () => {
    fitLog.length = 0;
    const pipe = new Pipeline([
      ['first', new Center({ tag: 'first' })],
      ['second', new Center({ tag: 'second' })],
      ['clf', new NearestCentroid()],
    ]);
    await pipe.fit(Xtrain, ytrain);
    const meanFirst = Xtrain.reduce((s, r) => s + r[0]!, 0) / Xtrain.length;
    expect(fitLog).toEqual([
      { name: 'first', rows: 5, firstValue: 1 },
      { name: 'second', rows: 5, firstValue: 1 - meanFirst },
      { name: 'centroid', rows: 5, firstValue: 1 - meanFirst },
    ]);
  });

  it('learns transformer statistics from the training rows only (no leakage)', async () => {
    const pipe = new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]]);
    await pipe.fit(Xtrain, ytrain);
    const trainMean = [0, 1].map((j) => Xtrain.reduce((s, r) => s + r[j]!, 0) / Xtrain.length);
    const allMean = [0, 1].map((j) => X.reduce((s, r) => s + r[j]!, 0) / X.length);
    const fitted = pipe.fittedStep('center');
    expectTypeOf(fitted).toEqualTypeOf<Center>();
    expect(Array.from(fitted.mean)).toEqual(trainMean);
    expect(Array.from(fitted.mean)).not.toEqual(allMean);
  });

  it('fits StandardScaler on the training rows only (no leakage)', async () => {
    const pipe = new Pipeline([['scaler', new StandardScaler()], ['clf', new NearestCentroid()]]);
    await pipe.fit(Xtrain, ytrain);
    const mean = pipe.fittedStep('scaler').mean!;
    [0, 1].forEach((j) => {
      const trainMean = Xtrain.reduce((s, r) => s + r[j]!, 0) / Xtrain.length;
      const allMean = X.reduce((s, r) => s + r[j]!, 0) / X.length;
      expect(mean[j]).toBeCloseTo(trainMean, 12);
      expect(Math.abs(mean[j]! - allMean)).toBeGreaterThan(0.1);
    });
    const scaler = await new StandardScaler().fit(Xtrain);
    const clf = await new NearestCentroid().fit(await scaler.transform(Xtrain), ytrain);
    expect(await pipe.predictProba(Xtest)).toEqual(await clf.predictProba(await scaler.transform(Xtest)));
  });

  it('swaps StandardScaler for MinMaxScaler with setParams', async () => {
    const pipe = new Pipeline([['scaler', new StandardScaler()], ['clf', new NearestCentroid()]]);
    pipe.setParams({ scaler: new MinMaxScaler({ featureRange: [-1, 1] }) });
    expect(pipe.getParams().scaler__featureRange).toEqual([-1, 1]);
    await pipe.fit(Xtrain, ytrain);
    const scaler = await new MinMaxScaler({ featureRange: [-1, 1] }).fit(Xtrain);
    const clf = await new NearestCentroid().fit(await scaler.transform(Xtrain), ytrain);
    expect(await pipe.decisionFunction(Xtest)).toEqual(await clf.decisionFunction(await scaler.transform(Xtest)));
  });

  it('fits clones: the estimators passed in stay unfitted', async () => {
    const center = new Center();
    const pipe = new Pipeline([['center', center], ['clf', new NearestCentroid()]]);
    await pipe.fit(Xtrain, ytrain);
    expect(() => center.mean).toThrow(NotFittedError);
    expect(pipe.fittedSteps[0]![1]).not.toBe(center);
    expect(pipe.namedSteps.center).toBe(center);
  });

  it('predicts like the steps chained by hand', async () => {
    const pipe = new Pipeline([['center', new Center({ factor: 0.5 })], ['clf', new NearestCentroid({ temperature: 7 })]]);
    await pipe.fit(Xtrain, ytrain);
    const center = await new Center({ factor: 0.5 }).fit(Xtrain);
    const clf = await new NearestCentroid({ temperature: 7 }).fit(await center.transform(Xtrain), ytrain);
    const Xt = await center.transform(Xtest);
    expect(await pipe.predict(Xtest)).toEqual(await clf.predict(Xt));
    expect(await pipe.predictProba(Xtest)).toEqual(await clf.predictProba(Xt));
    expect(await pipe.decisionFunction(Xtest)).toEqual(await clf.decisionFunction(Xt));
    expect(await pipe.score(Xtest, ytest)).toBe(await clf.score(Xt, ytest));
    expect(pipe.classes).toEqual([0, 1]);
  });

  it('transforms through every step, and fitTransform equals fit then transform', async () => {
    const pipe = new Pipeline([['a', new Center()], ['b', new Center({ factor: 3 })]]);
    const direct = await new Center({ factor: 3 }).fit(await (await new Center().fit(Xtrain)).transform(Xtrain));
    const a = await new Center().fit(Xtrain);
    const viaFitTransform = await pipe.fitTransform(Xtrain);
    expect(viaFitTransform.toArray()).toEqual((await direct.transform(await a.transform(Xtrain))).toArray());
    expect((await pipe.transform(Xtest)).toArray()).toEqual((await direct.transform(await a.transform(Xtest))).toArray());
    expect(pipe.estimatorType).toBe('transformer');
  });

  it('passes groups and signal to every step and report only to the final one', async () => {
    const seen: { step: string; keys: string[] }[] = [];
    class Spy extends Center {
      override async fit(Xs: MatrixLike, _y?: TargetLike, options?: object): Promise<this> {
        seen.push({ step: 'spy', keys: Object.keys(options ?? {}).filter((k) => (options as Record<string, unknown>)[k] !== undefined) });
        return super.fit(Xs);
      }
    }
    class SpyFinal extends DummyRegressor {
      override async fit(Xs: MatrixLike, ys?: TargetLike, options?: object): Promise<this> {
        seen.push({ step: 'final', keys: Object.keys(options ?? {}).filter((k) => (options as Record<string, unknown>)[k] !== undefined) });
        return super.fit(Xs, ys);
      }
    }
    const controller = new AbortController();
    await new Pipeline([['spy', new Spy()], ['final', new SpyFinal()]]).fit(X, y, {
      groups: y,
      signal: controller.signal,
      report: () => false,
    });
    expect(seen).toEqual([
      { step: 'spy', keys: ['signal', 'groups'] },
      { step: 'final', keys: ['groups', 'signal', 'report'] },
    ]);
  });

  it('exposes only the methods its final step has', async () => {
    const regressor = new Pipeline([['center', new Center()], ['reg', new DummyRegressor()]]);
    expect(typeof regressor.predict).toBe('function');
    expect(regressor.predictProba).toBeUndefined();
    expect(regressor.decisionFunction).toBeUndefined();
    expect(regressor.transform).toBeUndefined();
    expect(regressor.fitTransform).toBeUndefined();
    expect(isRegressor(regressor)).toBe(true);
    const transformer = new Pipeline([['center', new Center()]]);
    expect(transformer.predict).toBeUndefined();
    expect(transformer.score).toBeUndefined();
    expect(isTransformer(transformer)).toBe(true);
    expect(isClassifier(new Pipeline([['clf', new NearestCentroid()]]))).toBe(true);
    await regressor.fit(X, y);
    expect(() => regressor.classes).toThrow(TunekitError);
    expect(() => regressor.classes).toThrow('Pipeline.classes is only available when the final step is a classifier; the final step is an instance of DummyRegressor.');
  });

  it('checks the number of features at predict time', async () => {
    const pipe = await new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]]).fit(X, y);
    await expect(pipe.predict([[1, 2, 3]])).rejects.toBeInstanceOf(ValidationError);
    await expect(pipe.predict([[1, 2, 3]])).rejects.toThrow('X has 3 features, but Pipeline is expecting 2 features as input (in Pipeline.predict).');
  });

  it('slices into a fitted sub-pipeline', async () => {
    const pipe = await new Pipeline([['center', new Center({ factor: 2 })], ['clf', new NearestCentroid()]]).fit(Xtrain, ytrain);
    const head = pipe.slice(0, -1);
    expect(head.length).toBe(1);
    const center = await new Center({ factor: 2 }).fit(Xtrain);
    expect((await head.transform!(Xtest)).toArray()).toEqual((await center.transform(Xtest)).toArray());
  });

  it('prints the time of each step when verbose', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]], { verbose: true }).fit(X, y);
      expect(log.mock.calls.map((c) => c[0])).toEqual([
        expect.stringMatching(/^\[Pipeline\] \.+ \(step 1 of 2\) Processing center, total= {3}0\.\ds$/),
        expect.stringMatching(/^\[Pipeline\] \.+ \(step 2 of 2\) Processing clf, total= {3}0\.\ds$/),
      ]);
      expect((log.mock.calls[0]![0] as string).length).toBe(70);
    } finally {
      log.mockRestore();
    }
  });

  it('renders readably', () => {
    expect(String(new Pipeline([['center', new Center()], ['skip', null]]))).toBe(
      'Pipeline({ steps: [["center", Center({ factor: 1, tag: "center" })], ["skip", null]], verbose: false })',
    );
  });
});

// ---------------------------------------------------------------------------
// Bad steps
// ---------------------------------------------------------------------------

describe('Pipeline step validation', () => {
  it('rejects duplicate names', () => {
    const make = (): Pipeline => new Pipeline([['center', new Center()], ['center', new NearestCentroid()]]);
    expect(make).toThrow(InvalidParameterError);
    expect(make).toThrow(
      'The "steps" parameter of Pipeline must be an array of [name, estimator] pairs with unique names. ' +
        'Got [["center", an instance of Center], ["center", an instance of NearestCentroid]] instead. Names provided are not unique: "center".',
    );
  });

  it('rejects names containing __', () => {
    expect(() => new Pipeline([['my__center', new Center()], ['clf', new NearestCentroid()]])).toThrow(
      'The "steps" parameter of Pipeline must be an array of [name, estimator] pairs whose names do not contain "__". ' +
        'Got [["my__center", an instance of Center], ["clf", an instance of NearestCentroid]] instead. ' +
        '"__" separates a name from a parameter (name__param); rename "my__center".',
    );
  });

  it('rejects names that clash with its parameters', () => {
    expect(() => new Pipeline([['verbose', new Center()], ['clf', new NearestCentroid()]])).toThrow(
      'The "steps" parameter of Pipeline must be an array of [name, estimator] pairs whose names differ from the parameters of Pipeline. ' +
        'Got [["verbose", an instance of Center], ["clf", an instance of NearestCentroid]] instead. Names conflict with parameters of Pipeline: "verbose".',
    );
  });

  it('rejects an intermediate step that is not a transformer, naming it', () => {
    expect(() => new Pipeline([['clf', new NearestCentroid()], ['reg', new DummyRegressor()]])).toThrow(
      'The "steps" parameter of Pipeline must be an array of [name, estimator] pairs whose intermediate steps are transformers (with fit and transform), "passthrough" or null. ' +
        'Got [["clf", an instance of NearestCentroid], ["reg", an instance of DummyRegressor]] instead. ' +
        'Step "clf" (an instance of NearestCentroid) has no transform method; only the last step may be a plain estimator.',
    );
    const pipe = new Pipeline([['center', new Center()], ['clf', new NearestCentroid()]]);
    expect(() => pipe.setParams({ center: new DummyClassifier() as never })).toThrow(/Step "center" \(an instance of DummyClassifier\) has no transform method/);
    expect(pipe.getParams().center).toBeInstanceOf(Center);
  });

  it('rejects an empty, missing or malformed list', () => {
    const shape = 'a non-empty array of [name, estimator] pairs (an estimator may be "passthrough" or null)';
    expect(() => new Pipeline([])).toThrow(`The "steps" parameter of Pipeline must be ${shape}. Got [] instead.`);
    expect(() => new Pipeline({} as never)).toThrow(`The "steps" parameter of Pipeline must be ${shape}. Got undefined instead.`);
    expect(() => new Pipeline([['a', 3]] as never)).toThrow(`The "steps" parameter of Pipeline must be ${shape}. Got [["a", 3]] instead.`);
    expect(() => new Pipeline([[new Center()]] as never)).toThrow(InvalidParameterError);
    expect(() => new Pipeline({ steps: [['a', new Center()]], memory: 'x' } as never)).toThrow(
      'Unknown parameter "memory" for Pipeline. Valid parameters are: "steps", "verbose".',
    );
  });
});

// ---------------------------------------------------------------------------
// makePipeline
// ---------------------------------------------------------------------------

describe('makePipeline', () => {
  interface NamesFixture {
    cases: { estimators: string[]; names: string[] }[];
  }
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/composition/names.json', import.meta.url), 'utf8')) as NamesFixture;
  const classes: Record<string, new () => Center> = {
    StandardScaler: class StandardScaler extends Center {},
    PCA: class PCA extends Center {},
    SVC: class SVC extends Center {},
  };

  for (const { estimators, names } of fixture.cases) {
    it(`names ${estimators.join(', ')} as scikit-learn does`, () => {
      const made = estimators.map((e) => (e === 'passthrough' ? 'passthrough' : new classes[e]!()));
      expect(nameEstimators(made).map(([n]) => n)).toEqual(names);
    });
  }

  it('builds a pipeline named by lowercased class names', async () => {
    const center = new Center();
    const pipe = makePipeline(center, new NearestCentroid());
    expect(pipe.getParams(false).steps.map(([n]) => n)).toEqual(['center', 'nearestcentroid']);
    expect(pipe.getParams().center).toBe(center);
    await pipe.fit(X, y);
    expect(await pipe.predict(X)).toEqual(y);
  });
});
