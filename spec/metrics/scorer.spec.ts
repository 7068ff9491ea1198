import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Label, MatrixLike, TargetLike } from '../../lib/core/data.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import type { Classifier, Predictor, Regressor } from '../../lib/core/estimator.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import * as metrics from '../../lib/metrics/index.js';
import type { Scorer, ScorerName } from '../../lib/metrics/scorer.js';
import { checkScoring, getScorer, getScorerNames, isMetricScorer, makeScorer, scoreMultimetric } from '../../lib/metrics/scorer.js';
import { accuracyScore, logLoss, meanSquaredError, r2Score, rocAucScore } from '../../lib/metrics/index.js';
import { decode, expectClose, readFixture, translateWarning } from './_parity.js';

interface EstimatorFixture {
  id: string;
  kind: 'classifier' | 'regressor';
  classes?: Label[];
  predict: unknown[];
  predictProba?: number[][] | null;
  decisionFunction?: number[] | number[][] | null;
  y: TargetLike;
  scores: Record<string, { value?: unknown; error?: string; warnings?: { category: string; message: string }[]; note?: string }>;
}

interface CustomFixture {
  metric: string;
  options: Record<string, unknown>;
  estimator: string;
  y: TargetLike;
  value?: number;
  error?: string;
}

const fixture = readFixture<{ estimators: EstimatorFixture[]; custom: CustomFixture[] }>('scorers.json');
const X: MatrixLike = [[0]];

/** Counts calls per method. */
type Calls = Record<string, number>;

/** A classifier that returns fixed predictions, probabilities and decision values. */
class FakeClassifier implements Classifier {
  readonly estimatorType = 'classifier' as const;
  readonly classes: readonly Label[];
  readonly calls: Calls = {};
  predictProba?: (X: MatrixLike) => Promise<number[][]>;
  decisionFunction?: (X: MatrixLike) => Promise<Float64Array | number[][]>;
  private readonly labels: Label[];

  constructor(spec: { classes: Label[]; predict: Label[]; predictProba?: number[][] | null; decisionFunction?: number[] | number[][] | null }) {
    this.classes = spec.classes;
    this.labels = spec.predict;
    const proba = spec.predictProba;
    const decision = spec.decisionFunction;
    if (proba) {
      this.predictProba = async () => {
        this.count('predictProba');
        return proba.map((r) => [...r]);
      };
    }
    if (decision) {
      this.decisionFunction = async () => {
        this.count('decisionFunction');
        return Array.isArray(decision[0]) ? (decision as number[][]).map((r) => [...r]) : Float64Array.from(decision as number[]);
      };
    }
  }
  private count(method: string): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }
  getParams(): Readonly<Record<string, unknown>> {
    return {};
  }
  setParams(): this {
    return this;
  }
  async fit(): Promise<this> {
    return this;
  }
  async predict(): Promise<Label[]> {
    this.count('predict');
    return [...this.labels];
  }
  async score(Xs: MatrixLike, y: TargetLike): Promise<number> {
    void Xs;
    return accuracyScore(y as Label[], this.labels);
  }
}

/** A regressor that returns fixed predictions. */
class FakeRegressor implements Regressor {
  readonly estimatorType = 'regressor' as const;
  constructor(private readonly values: number[] | number[][]) {}
  getParams(): Readonly<Record<string, unknown>> {
    return {};
  }
  setParams(): this {
    return this;
  }
  async fit(): Promise<this> {
    return this;
  }
  async predict(): Promise<Float64Array | number[][]> {
    return Array.isArray(this.values[0]) ? (this.values as number[][]).map((r) => [...r]) : Float64Array.from(this.values as number[]);
  }
}

/** An estimator with predict only, and no score method. */
class Bare implements Predictor {
  getParams(): Readonly<Record<string, unknown>> {
    return {};
  }
  setParams(): this {
    return this;
  }
  async fit(): Promise<this> {
    return this;
  }
  async predict(): Promise<number[]> {
    return [1, 2];
  }
}

function build(e: EstimatorFixture): FakeClassifier | FakeRegressor {
  if (e.kind === 'regressor') return new FakeRegressor(e.predict as number[]);
  return new FakeClassifier({ classes: e.classes!, predict: e.predict as Label[], predictProba: e.predictProba ?? null, decisionFunction: e.decisionFunction ?? null });
}

describe('built-in scorers: parity with scikit-learn 1.2 get_scorer(name)(estimator, X, y)', () => {
  for (const e of fixture.estimators) {
    describe(e.id, () => {
      for (const [name, expected] of Object.entries(e.scores)) {
        it(`${name}${expected.error ? ' fails' : ''}`, async () => {
          const scorer = getScorer(name as ScorerName);
          if (expected.error !== undefined) {
            await expect(scorer(build(e), X, e.y)).rejects.toThrow();
            return;
          }
          const { result, warnings } = await captureWarnings(() => scorer(build(e), X, e.y));
          expectClose(result, decode(expected.value));
          expect(warnings.map((w) => w.category)).toEqual((expected.warnings ?? []).map((w) => w.category));
          expect(warnings.map((w) => w.message)).toEqual((expected.warnings ?? []).map((w) => translateWarning(w.message)));
        });
      }
    });
  }
});

describe('makeScorer: parity with scikit-learn 1.2 make_scorer', () => {
  const byId = new Map(fixture.estimators.map((e) => [e.id, e]));
  for (const c of fixture.custom) {
    it(`${c.metric} ${JSON.stringify(c.options)} on ${c.estimator}`, async () => {
      const metric = (metrics as unknown as Record<string, metrics.MetricFunction>)[c.metric]!;
      const scorer = makeScorer(metric, c.options as never);
      expectClose(await scorer(build(byId.get(c.estimator)!), X, c.y), c.value);
    });
  }
});

describe('scorers: sign convention and metadata', () => {
  const regressor = new FakeRegressor([2.5, 0, 2, 8]);
  const y = [3, -0.5, 2, 7];
  it('negates losses for neg_* names and max_error', async () => {
    expect(await getScorer('neg_mean_squared_error')(regressor, X, y)).toBe(-0.375);
    expect(await getScorer('neg_root_mean_squared_error')(regressor, X, y)).toBe(-Math.sqrt(0.375));
    expect(await getScorer('max_error')(regressor, X, y)).toBe(-1);
    expect(await getScorer('r2')(regressor, X, y)).toBe(r2Score(y, [2.5, 0, 2, 8]));
  });
  it('marks losses with greaterIsBetter false', () => {
    for (const name of getScorerNames()) {
      expect(getScorer(name).greaterIsBetter, name).toBe(!(name.startsWith('neg_') || name === 'max_error'));
    }
  });
  it('describes itself', () => {
    const scorer = getScorer('neg_log_loss');
    expect(scorer.scorerName).toBe('neg_log_loss');
    expect(scorer.responseMethod).toBe('predictProba');
    expect(scorer.metric).toBe(logLoss);
    expect(String(scorer)).toBe('makeScorer(logLoss, { greaterIsBetter: false, responseMethod: "predictProba" })');
    expect(getScorer('roc_auc').responseMethod).toEqual(['decisionFunction', 'predictProba']);
    expect(String(getScorer('f1_macro'))).toBe('makeScorer(f1Score, { posLabel: null, average: "macro" })');
  });
  it('returns frozen scorers', () => {
    const scorer = getScorer('accuracy');
    expect(Object.isFrozen(scorer)).toBe(true);
    expect(Object.isFrozen(scorer.metricOptions)).toBe(true);
    expect(isMetricScorer(scorer)).toBe(true);
    expect(isMetricScorer(async () => 1)).toBe(false);
  });
  it('uses decision values before probabilities for roc_auc, and predict for regressors', async () => {
    const clf = new FakeClassifier({ classes: [0, 1], predict: [0, 1, 1, 0], predictProba: [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]], decisionFunction: [-2, 1, 3, -1] });
    const y01 = [0, 1, 1, 0];
    expect(await getScorer('roc_auc')(clf, X, y01)).toBe(rocAucScore(y01, [-2, 1, 3, -1]));
    expect(clf.calls).toEqual({ decisionFunction: 1 });
    expect(await getScorer('roc_auc')(new FakeRegressor([0.1, 0.9, 0.4, 0.2]), X, y01)).toBe(rocAucScore(y01, [0.1, 0.9, 0.4, 0.2]));
  });
  it('passes sampleWeight to the metric', async () => {
    const scorer = getScorer('neg_mean_absolute_error');
    expect(await scorer(regressor, X, y, { sampleWeight: [1, 0, 0, 0] })).toBe(-0.5);
  });
  it('types registry names', () => {
    expectTypeOf(getScorerNames()).toEqualTypeOf<ScorerName[]>();
    expectTypeOf<'neg_log_loss'>().toExtend<ScorerName>();
    const compileOnly = (): void => {
      // @ts-expect-error 'f2' is not a scorer name
      getScorer('f2');
    };
    expect(compileOnly).toBeTypeOf('function');
  });
  it('lists scikit-learn 1.2 names, sorted', () => {
    expect(getScorerNames()).toEqual([
      'accuracy',
      'average_precision',
      'balanced_accuracy',
      'explained_variance',
      'f1',
      'f1_macro',
      'f1_micro',
      'f1_weighted',
      'matthews_corrcoef',
      'max_error',
      'neg_log_loss',
      'neg_mean_absolute_error',
      'neg_mean_absolute_percentage_error',
      'neg_mean_squared_error',
      'neg_mean_squared_log_error',
      'neg_median_absolute_error',
      'neg_root_mean_squared_error',
      'precision',
      'precision_macro',
      'precision_micro',
      'precision_weighted',
      'r2',
      'recall',
      'recall_macro',
      'recall_micro',
      'recall_weighted',
      'roc_auc',
      'roc_auc_ovo',
      'roc_auc_ovo_weighted',
      'roc_auc_ovr',
      'roc_auc_ovr_weighted',
      'top_k_accuracy',
    ]);
  });
});

describe('scorers: errors', () => {
  it('rejects an unknown name, listing the valid ones and suggesting the closest', () => {
    const list = getScorerNames().join(', ');
    expect(() => getScorer('f2' as ScorerName)).toThrow(new InvalidParameterError(`"f2" is not a valid scoring value. Valid names are: ${list}. Did you mean "f1"?`, {
      owner: 'getScorer',
      argument: 'scoring',
      value: 'f2',
      expected: `one of ${list}`,
    }));
    expect(() => getScorer('neg_mse' as ScorerName)).toThrow(`"neg_mse" is not a valid scoring value. Valid names are: ${list}.`);
  });
  it('names the estimator and the missing method', async () => {
    await expect(getScorer('neg_log_loss')(new FakeRegressor([0.1, 0.9]), X, [0, 1])).rejects.toThrow(
      'The "estimator" argument of the "neg_log_loss" scorer must be an estimator with a predictProba method. Got an instance of FakeRegressor instead. FakeRegressor has no "predictProba" method.',
    );
    const clf = new FakeClassifier({ classes: [0, 1], predict: [0, 1] });
    await expect(getScorer('roc_auc')(clf, X, [0, 1])).rejects.toThrow(
      'The "estimator" argument of the "roc_auc" scorer must be an estimator with a decisionFunction or predictProba method. Got an instance of FakeClassifier instead. FakeClassifier has no "decisionFunction" or "predictProba" method.',
    );
    await expect(getScorer('roc_auc')(clf, X, [0, 1])).rejects.toBeInstanceOf(InvalidParameterError);
  });
  it('rejects predictProba with the wrong number of columns for a binary threshold metric', async () => {
    const clf = new FakeClassifier({ classes: [0, 1, 2], predict: [0, 1], predictProba: [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]] });
    await expect(getScorer('roc_auc')(clf, X, [0, 1])).rejects.toThrow(
      'Got predictProba of shape (2, 3), but need classifier with two classes for rocAucScore scoring (in the "roc_auc" scorer).',
    );
  });
  it('rejects a posLabel that is not one of the classes', async () => {
    const clf = new FakeClassifier({ classes: ['a', 'b'], predict: ['a', 'b'], predictProba: [[0.2, 0.8], [0.9, 0.1]] });
    const scorer = makeScorer(logLoss, { responseMethod: 'predictProba', posLabel: 'c' } as never);
    await expect(scorer(clf, X, ['a', 'b'])).rejects.toThrow('posLabel="c" is not a valid label: ["a", "b"] (in the "logLoss" scorer).');
  });
  it('validates makeScorer options', () => {
    expect(() => makeScorer(accuracyScore, { greaterIsBetter: 'no' as never })).toThrow(
      'The "greaterIsBetter" option of makeScorer must be a boolean. Got "no" instead.',
    );
    expect(() => makeScorer(accuracyScore, { responseMethod: 'predict_proba' as never })).toThrow(
      'The "responseMethod" option of makeScorer must be one of "predict", "predictProba", "decisionFunction" or a non-empty array of response methods. Got "predict_proba" instead.',
    );
    expect(() => makeScorer('accuracy' as never)).toThrow('The "metric" argument of makeScorer must be a metric function (yTrue, yPred, options) => number. Got "accuracy" instead.');
  });
  it('rejects a metric that does not return a number', async () => {
    const scorer = makeScorer(meanSquaredError, { multioutput: 'raw_values' });
    await expect(scorer(new FakeRegressor([[1, 2]]), X, [[1, 3]])).rejects.toThrow(
      'The metric meanSquaredError returned [0, 1] where a single number was expected (in the "meanSquaredError" scorer).',
    );
  });
});

describe('checkScoring', () => {
  const clf = new FakeClassifier({ classes: [0, 1], predict: [0, 1, 1], predictProba: [[0.8, 0.2], [0.3, 0.7], [0.6, 0.4]] });
  const y = [0, 1, 0];
  it("uses the estimator's score method when scoring is undefined or null", async () => {
    for (const scoring of [undefined, null]) {
      const checked = checkScoring(scoring, { owner: 'GridSearchCV', estimator: clf });
      expect(checked.multimetric).toBe(false);
      expect(await checked.scorers.score(clf, X, y)).toBeCloseTo(2 / 3, 15);
    }
  });
  it('rejects undefined scoring for an estimator without a score method, naming it', () => {
    expect(() => checkScoring(undefined, { owner: 'GridSearchCV', estimator: new Bare() })).toThrow(
      'The "scoring" option of GridSearchCV must be a scorer name, a scorer or a record of scorers. Got undefined instead. The estimator Bare has no "score" method to fall back on.',
    );
  });
  it('keys a single name or function as score', () => {
    const byName = checkScoring('accuracy', { owner: 'crossValidate' });
    expect(byName).toEqual({ multimetric: false, scorers: { score: getScorer('accuracy') } });
    const custom: Scorer = async () => 1;
    expect(checkScoring(custom, { owner: 'crossValidate' }).scorers).toEqual({ score: custom });
  });
  it('returns one scorer per listed name', async () => {
    const checked = checkScoring(['accuracy', 'neg_log_loss'], { owner: 'crossValidate' });
    expect(checked.multimetric).toBe(true);
    expect(Object.keys(checked.scorers)).toEqual(['accuracy', 'neg_log_loss']);
    expect(Object.isFrozen(checked.scorers)).toBe(true);
  });
  it('accepts a record of names and scorers', () => {
    const mine: Scorer = async () => 0;
    const checked = checkScoring({ auc: 'roc_auc', mine }, { owner: 'crossValidate' });
    expect(checked).toEqual({ multimetric: true, scorers: { auc: getScorer('roc_auc'), mine } });
  });
  it('rejects an empty array', () => {
    expect(() => checkScoring([], { owner: 'GridSearchCV' })).toThrow(
      'The "scoring" option of GridSearchCV must be a non-empty array of scorer names. Got [] instead.',
    );
  });
  it('rejects duplicate names', () => {
    expect(() => checkScoring(['accuracy', 'f1', 'accuracy'], { owner: 'GridSearchCV' })).toThrow(
      'The "scoring" option of GridSearchCV must be an array of unique scorer names (strings). Got ["accuracy", "f1", "accuracy"] instead. "accuracy" appears more than once.',
    );
  });
  it('rejects non-string array items, pointing functions to a record', () => {
    expect(() => checkScoring(['accuracy', 3] as never, { owner: 'GridSearchCV' })).toThrow(
      'The "scoring" option of GridSearchCV must be an array of unique scorer names (strings). Got ["accuracy", 3] instead. Item 1 is 3; only names can be listed.',
    );
    async function myScorer(): Promise<number> {
      return 1;
    }
    expect(() => checkScoring([myScorer] as never, { owner: 'GridSearchCV' })).toThrow(
      'The "scoring" option of GridSearchCV must be an array of unique scorer names (strings). Got [a function (myScorer)] instead. Item 0 is a function (myScorer); use a record of name -> scorer for scorer functions.',
    );
  });
  it('rejects a record with no entries', () => {
    expect(() => checkScoring({}, { owner: 'RandomizedSearchCV' })).toThrow(
      'The "scoring" option of RandomizedSearchCV must be a record with at least one name -> scorer entry. Got {} instead.',
    );
  });
  it('rejects an unknown name in a list or a record', () => {
    expect(() => checkScoring(['acuracy'] as never, { owner: 'GridSearchCV' })).toThrow(/^"acuracy" is not a valid scoring value\. .* Did you mean "accuracy"\?$/);
    expect(() => checkScoring({ a: 'r3' } as never, { owner: 'GridSearchCV' })).toThrow(/^"r3" is not a valid scoring value\. .* Did you mean "r2"\?$/);
  });
  it('rejects a metric function passed as a scorer', () => {
    expect(() => checkScoring(accuracyScore as never, { owner: 'GridSearchCV' })).toThrow(
      'The "scoring" option of GridSearchCV must be a scorer name, a scorer function, an array of scorer names or a record of name -> scorer. Got a function (accuracyScore) instead. accuracyScore is a metric, not a scorer: a scorer takes (estimator, X, y). Wrap it with makeScorer(accuracyScore).',
    );
  });
  it('rejects values of other kinds', () => {
    expect(() => checkScoring(5 as never, { owner: 'GridSearchCV' })).toThrow(
      'The "scoring" option of GridSearchCV must be undefined, a scorer name, a scorer function, an array of scorer names or a record of name -> scorer. Got 5 instead.',
    );
    expect(() => checkScoring({ a: 5 } as never, { owner: 'GridSearchCV' })).toThrow(
      'The "scoring" option of GridSearchCV must be a scorer name, a scorer function, an array of scorer names or a record of name -> scorer. Got 5 instead. The entry "a" is neither a name nor a scorer.',
    );
  });
});

describe('scoreMultimetric', () => {
  it('computes each prediction method once for several scorers', async () => {
    const clf = new FakeClassifier({ classes: [0, 1], predict: [0, 1, 1, 0], predictProba: [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]] });
    const y = [0, 1, 1, 0];
    const { scorers } = checkScoring(['accuracy', 'f1', 'neg_log_loss', 'roc_auc', 'average_precision'], { owner: 'test' });
    const scores = await scoreMultimetric(scorers, clf, X, y);
    expect(Object.keys(scores)).toEqual(['accuracy', 'f1', 'neg_log_loss', 'roc_auc', 'average_precision']);
    expect(scores.accuracy).toBe(1);
    expect(scores.roc_auc).toBe(rocAucScore(y, [0.1, 0.8, 0.4, 0.7]));
    expect(clf.calls).toEqual({ predict: 1, predictProba: 1 });
  });
  it('calls plain scorer functions as they are', async () => {
    const scores = await scoreMultimetric({ one: async () => 1 }, new Bare(), X, [1, 2]);
    expect(scores).toEqual({ one: 1 });
  });
});
