import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../lib/core/data.js';
import { AbortError, InvalidParameterError, ValidationError } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { crossValidate, crossValPredict, crossValScore } from '../../lib/model-selection/validation.js';
import { KFold } from '../../lib/model-selection/split/index.js';

const f = JSON.parse(readFileSync(new URL('../fixtures/search/cross_validation.json', import.meta.url), 'utf8')) as {
  diabetes: { X: number[][]; y: number[]; test_score: number[] };
};
const { X, y } = f.diabetes;

describe('crossValidate', () => {
  it('equals scikit-learn’s cross_validate for Ridge with neg_mean_squared_error', async () => {
    const r = await crossValidate(new Ridge({ alpha: 0.5 }), X, y, { cv: new KFold({ nSplits: 4 }), scoring: 'neg_mean_squared_error' });
    r.test_score.forEach((v, i) => expect(Math.abs(v - f.diabetes.test_score[i]!)).toBeLessThan(1e-8 * Math.abs(f.diabetes.test_score[i]!)));
    expect(r.fit_time).toHaveLength(4);
    expect(r.score_time).toHaveLength(4);
  });
  it('returns train scores, estimators and indices when asked', async () => {
    const r = await crossValidate(new Ridge(), X, y, { cv: 3, scoring: ['r2', 'max_error'], returnTrainScore: true, returnEstimator: true, returnIndices: true });
    expect(Object.keys(r).sort()).toEqual(['estimator', 'fit_time', 'indices', 'score_time', 'test_max_error', 'test_r2', 'train_max_error', 'train_r2']);
    expect(r.estimator).toHaveLength(3);
    expect(r.estimator![0]).toBeInstanceOf(Ridge);
    expect(r.indices!.test[0]).toBeInstanceOf(Int32Array);
  });
  it('uses the estimator’s own score by default', async () => {
    const r = await crossValidate(new Ridge(), X, y, { cv: 3 });
    const manual = await new Ridge().fit(X.slice(148), y.slice(148));
    expect(r.test_score[0]).toBeCloseTo(await manual.score(X.slice(0, 148), y.slice(0, 148)), 10);
  });
  it('rejects bad options and bad data with clear errors', async () => {
    await expect(crossValidate(new Ridge(), X, y, { cv: 1 })).rejects.toThrow(InvalidParameterError);
    await expect(crossValidate(new Ridge(), X, y, { scoring: [] })).rejects.toThrow(InvalidParameterError);
    await expect(crossValidate(new Ridge(), X, y.slice(3))).rejects.toThrow(ValidationError);
    await expect(crossValidate(new Ridge(), [[1, 2], [3]], [1, 2])).rejects.toThrow('must be a rectangular matrix');
    await expect(crossValidate(new Ridge(), X, y, { folds: 3 } as never)).rejects.toThrow('Unknown option "folds" for crossValidate.');
    await expect(crossValidate(new Ridge(), X, y, { errorScore: 'ignore' as never })).rejects.toThrow(
      'The "errorScore" option of crossValidate must be "raise" or a number. Got "ignore" instead.',
    );
    await expect(crossValidate({} as Ridge, X, y)).rejects.toThrow('The "estimator" argument of crossValidate must be an estimator');
    await expect(crossValidate(new Ridge(), X, y, { cv: 500 })).rejects.toThrow(ValidationError);
  });
  it('records failed splits as NaN with one warning', async () => {
    class Fails extends Ridge {
      override async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
        if ((X as { rows: number }).rows < 300) throw new Error('too few rows');
        return super.fit(X, y);
      }
    }
    const { result, warnings } = await captureWarnings(() => crossValidate(new Fails(), X, y, { cv: [[Int32Array.from({ length: 350 }, (_, i) => i), Int32Array.from({ length: 92 }, (_, i) => 350 + i)], [Int32Array.from({ length: 100 }, (_, i) => i), Int32Array.from({ length: 50 }, (_, i) => 300 + i)]] }));
    expect(result.test_score[0]).not.toBeNaN();
    expect(result.test_score[1]).toBeNaN();
    expect(warnings.filter((w) => w.category === 'FitFailedWarning')).toHaveLength(1);
  });
});

describe('crossValidate stopped by its fitOptions.signal', () => {
  /** Ridge whose fit never settles. */
  class Stuck extends Ridge {
    override async fit(): Promise<this> {
      return new Promise<this>(() => undefined);
    }
  }

  it('rejects with an AbortError when the signal aborted, instead of returning NaN scores', async () => {
    await expect(crossValidate(new Ridge(), X, y, { cv: 3, fitOptions: { signal: AbortSignal.abort() } })).rejects.toThrow(
      new AbortError('crossValidate was stopped (its fitOptions.signal) before its fits finished.'),
    );
  });

  it('abandons a fit that never settles when the signal aborts', async () => {
    const controller = new AbortController();
    const running = crossValidate(new Stuck(), X, y, { cv: 3, fitOptions: { signal: controller.signal } });
    setTimeout(() => controller.abort(), 10);
    await expect(running).rejects.toBeInstanceOf(AbortError);
  });
});

describe('crossValScore', () => {
  it('names itself, not the function it calls, in the errors about cv', async () => {
    await expect(crossValScore(new Ridge(), X, y, { cv: 1 })).rejects.toThrow(/^The "cv" option of crossValScore must be an int in the range \[2, inf\)/);
    await expect(crossValScore(new Ridge(), X.slice(0, 4), y.slice(0, 4), { cv: [[[0, 1, 2, 3], []]] })).rejects.toThrow(
      'The "cv" option of crossValScore gave an empty test set in split 0 (4 training rows, 0 test rows): every split needs rows to fit on and rows to score on.',
    );
  });

  it('returns one score per split', async () => {
    const s = await crossValScore(new Ridge({ alpha: 0.5 }), X, y, { cv: new KFold({ nSplits: 4 }), scoring: 'neg_mean_squared_error' });
    expect(s).toHaveLength(4);
    expect(Math.abs(s[2]! - f.diabetes.test_score[2]!)).toBeLessThan(1e-6);
  });
  it('refuses several metrics', async () => {
    await expect(crossValScore(new Ridge(), X, y, { scoring: ['r2'] as never })).rejects.toThrow(
      'The "scoring" option of crossValScore must be a single scorer name or scorer; use crossValidate for several metrics.',
    );
  });
});

describe('crossValPredict', () => {
  it('returns each sample’s out-of-fold prediction in order', async () => {
    const pred = (await crossValPredict(new Ridge(), X, y, { cv: new KFold({ nSplits: 3 }) })) as Float64Array;
    expect(pred).toBeInstanceOf(Float64Array);
    const firstFold = await new Ridge().fit(X.slice(148), y.slice(148));
    const expected = await firstFold.predict(X.slice(0, 148));
    expect(Array.from(pred.slice(0, 148))).toEqual(Array.from(expected));
  });
  it('requires test folds that partition the samples and a known method', async () => {
    await expect(crossValPredict(new Ridge(), X, y, { cv: [[Int32Array.of(0, 1), Int32Array.of(2)]] })).rejects.toThrow(
      'crossValPredict only works for partitions: every sample must be in exactly one test fold.',
    );
    await expect(crossValPredict(new Ridge(), X, y, { method: 'predictLog' as never })).rejects.toThrow(
      'The "method" option of crossValPredict must be one of "predict", "predictProba", "decisionFunction". Got "predictLog" instead.',
    );
  });
});
