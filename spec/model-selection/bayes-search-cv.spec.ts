import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../lib/core/data.js';
import { FitFailedError, InvalidParameterError, NotFittedError } from '../../lib/core/errors.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { BaseEstimator } from '../../lib/core/estimator.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { BayesSearchCV, deadlineStopper, deltaYStopper } from '../../lib/model-selection/bayes-search-cv.js';
import type { CandidateEndInfo } from '../../lib/model-selection/base-search-cv.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { gpMinimize } from '../../lib/search/samplers/gp/minimize.js';
import { DeltaYStopper } from '../../lib/search/samplers/gp/callbacks.js';
import { Categorical, Real } from '../../lib/search/space/dimensions.js';
import { logUniform } from '../../lib/search/space/distributions.js';
import type { Trial } from '../../lib/search/trial.js';
import { realIn } from '../../lib/core/validate.js';

const ridge = JSON.parse(readFileSync(new URL('../fixtures/search/ridge_diabetes.json', import.meta.url), 'utf8')) as { X: number[][]; y: number[] };
const X = ridge.X.slice(0, 150);
const y = ridge.y.slice(0, 150);
const alphaSpace = { alpha: new Real(1e-4, 1e3, { prior: 'log-uniform' }) };

describe('BayesSearchCV', () => {
  it('evaluates nIter candidates with GridSearchCV’s results and refits the best', async () => {
    const s = await new BayesSearchCV(new Ridge(), alphaSpace, { nIter: 12, cv: 3, randomState: 0 }).fit(X, y);
    expect(s.cvResults.params).toHaveLength(12);
    for (const col of ['mean_test_score', 'std_test_score', 'rank_test_score', 'split2_test_score', 'param_alpha', 'mean_fit_time']) expect(s.cvResults).toHaveProperty(col);
    expect(s.bestEstimator!.getParams().alpha).toBe(s.bestParams!.alpha);
    expect(s.totalIterations).toBe(12);
  });

  it('finds a candidate as good as a fine grid over the same range', async () => {
    const bayes = await new BayesSearchCV(new Ridge(), alphaSpace, { nIter: 15, cv: 3, randomState: 1 }).fit(X, y);
    const grid = await new GridSearchCV(new Ridge(), { alpha: Array.from({ length: 60 }, (_, i) => 10 ** (-4 + (7 * i) / 59)) }, { cv: 3 }).fit(X, y);
    expect(bayes.bestScore!).toBeGreaterThan(grid.bestScore! - 1e-3);
  });

  it('gives the same candidates for the same randomState', async () => {
    const run = async (seed: number) =>
      (await new BayesSearchCV(new Ridge(), { alpha: logUniform(1e-3, 1e2), fitIntercept: [true, false] }, { nIter: 8, cv: 3, randomState: seed }).fit(X, y)).cvResults.params;
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it('searches [space, nIter] pairs in turn and reports one optimizer result per space', async () => {
    const s = await new BayesSearchCV(new Ridge(), [[alphaSpace, 6], { alpha: new Real(1, 50), fitIntercept: new Categorical([false]) }], { nIter: 4, cv: 3, randomState: 2 }).fit(X, y);
    expect(s.cvResults.params).toHaveLength(10);
    expect(s.cvResults.params.slice(6).every((p) => p.fitIntercept === false)).toBe(true);
    const [first, second] = s.optimizerResults;
    expect(first!.xIters).toHaveLength(6);
    expect(second!.xIters).toHaveLength(4);
    expect(first!.funcVals).toEqual((s.cvResults.mean_test_score as number[]).slice(0, 6).map((v) => -v));
    expect(first!.fun).toBe(Math.min(...first!.funcVals));
  });

  it('uses a TPE surrogate and batches of nPoints', async () => {
    const tpe = await new BayesSearchCV(new Ridge(), alphaSpace, { nIter: 14, cv: 3, randomState: 0, optimizer: { surrogate: 'tpe', nInitialPoints: 5 } }).fit(X, y);
    expect(tpe.cvResults.params).toHaveLength(14);
    const batched = await new BayesSearchCV(new Ridge(), alphaSpace, { nIter: 9, nPoints: 3, cv: 3, randomState: 0, optimizer: { nInitialPoints: 3, acqFunc: 'gp_hedge' } }).fit(X, y);
    expect(new Set(batched.cvResults.params.map((p) => p.alpha)).size).toBe(9);
  });

  it('proposes the same candidates with nJobs: 2 as with one, in batches or one at a time (synchronous batches)', async () => {
    for (const nPoints of [1, 3]) {
      const make = (nJobs: number) => new BayesSearchCV(new Ridge(), { alpha: alphaSpace.alpha, fitIntercept: [true, false] }, { nIter: 8, nPoints, nJobs, cv: 3, randomState: 4, optimizer: { nInitialPoints: 3 } });
      const serial = await make(1).fit(X, y);
      const parallel = await make(2).fit(X, y);
      expect(parallel.cvResults.params).toEqual(serial.cvResults.params);
      expect(parallel.cvResults.mean_test_score).toEqual(serial.cvResults.mean_test_score);
    }
    const tpe = (nJobs: number) => new BayesSearchCV(new Ridge(), alphaSpace, { nIter: 10, nJobs, cv: 3, randomState: 4, optimizer: { surrogate: 'tpe', nInitialPoints: 3 } });
    expect((await tpe(2).fit(X, y)).cvResults.params).toEqual((await tpe(1).fit(X, y)).cvResults.params);
  });

  it('scores several metrics and refits on the named one', async () => {
    const s = await new BayesSearchCV(new Ridge(), alphaSpace, { nIter: 6, cv: 3, randomState: 0, scoring: ['r2', 'neg_mean_absolute_error'], refit: 'neg_mean_absolute_error' }).fit(X, y);
    expect(s.multimetric).toBe(true);
    expect(s.bestScore).toBe(Math.max(...(s.cvResults.mean_test_neg_mean_absolute_error as number[])));
    expect(s.optimizerResults[0]!.funcVals).toEqual((s.cvResults.mean_test_neg_mean_absolute_error as number[]).map((v) => -v));
  });

  it('rejects an unknown parameter before any fit, listing the valid names', async () => {
    let fits = 0;
    class Counting extends Ridge {
      override async fit(Xf: MatrixLike, yf?: TargetLike): Promise<this> {
        fits++;
        return super.fit(Xf, yf);
      }
    }
    await expect(new BayesSearchCV(new Counting(), { alpah: new Real(0, 1) } as never).fit(X, y)).rejects.toThrow(
      'BayesSearchCV: Unknown parameter "alpah" for Counting. Valid parameters are: "alpha", "fitIntercept". Did you mean "alpha"?',
    );
    await expect(new BayesSearchCV(new Counting(), { alpha: new Real(-2, -1) }).fit(X, y)).rejects.toThrow(InvalidParameterError);
    // a range whose lower end the estimator refuses fails too, whatever the first draws are
    await expect(new BayesSearchCV(new Counting(), { alpha: new Real(-1, 10) }).fit(X, y)).rejects.toThrow(InvalidParameterError);
    expect(fits).toBe(0);
  });

  it('rejects bad options and spaces when built', () => {
    expect(() => new BayesSearchCV(new Ridge(), alphaSpace, { nIter: 0 })).toThrow('The "nIter" option of BayesSearchCV must be an int in the range [1, inf). Got 0 instead.');
    expect(() => new BayesSearchCV(new Ridge(), alphaSpace, { optimizer: { acqFunc: 'UCB' as never } })).toThrow(
      'The "optimizer.acqFunc" option of BayesSearchCV must be one of "EI", "PI", "LCB", "gp_hedge". Got "UCB" instead.',
    );
    expect(() => new BayesSearchCV(new Ridge(), alphaSpace, { optimizer: { nInitial: 3 } as never })).toThrow('Unknown option "nInitial" for BayesSearchCV optimizer.');
    expect(() => new BayesSearchCV(new Ridge(), [])).toThrow('The search spaces of BayesSearchCV must hold at least one space. Got [] instead.');
    expect(() => new BayesSearchCV(new Ridge(), { alpha: 3 } as never)).toThrow('The search space of BayesSearchCV must give parameter "alpha" a dimension');
  });

  it('has no optimizer results before fit', () => {
    expect(() => new BayesSearchCV(new Ridge(), alphaSpace).optimizerResults).toThrow(NotFittedError);
  });
});

interface FlakyParams {
  alpha: number;
  failAbove: number;
}
class Flaky extends BaseEstimator<FlakyParams> {
  override readonly estimatorType = 'regressor' as const;
  private inner: Ridge | undefined;
  constructor(params: Partial<FlakyParams> = {}) {
    super('Flaky', { failAbove: { default: Infinity }, alpha: { default: 1, constraints: realIn({ min: 0 }) } }, params);
  }
  async fit(Xf: MatrixLike, yf?: TargetLike): Promise<this> {
    if (this.params.alpha > this.params.failAbove) throw new Error(`alpha ${this.params.alpha} is too large`);
    this.inner = await new Ridge({ alpha: this.params.alpha }).fit(Xf, yf);
    return this;
  }
  async predict(Xp: MatrixLike): Promise<Float64Array> {
    return this.requireFitted(this.inner, 'predict').predict(Xp);
  }
  async score(Xs: MatrixLike, ys: TargetLike): Promise<number> {
    return this.requireFitted(this.inner, 'score').score(Xs, ys);
  }
}

describe('BayesSearchCV with failing fits', () => {
  it('records failed candidates as NaN, steers the search on, and warns', async () => {
    const { result: s, warnings } = await captureWarnings(() =>
      new BayesSearchCV(new Flaky({ failAbove: 1 }), { alpha: new Real(1e-3, 100, { prior: 'log-uniform' }) }, { nIter: 12, cv: 3, randomState: 0 }).fit(X, y),
    );
    const means = s.cvResults.mean_test_score as number[];
    expect(means.some(Number.isNaN)).toBe(true);
    expect(s.bestParams!.alpha as number).toBeLessThanOrEqual(1);
    expect(s.optimizerResults[0]!.funcVals.filter(Number.isNaN).length).toBe(means.filter(Number.isNaN).length);
    expect(warnings.some((w) => w.category === 'FitFailedWarning')).toBe(true);
  });

  it('raises FitFailedError when every fit fails', async () => {
    await expect(new BayesSearchCV(new Flaky({ failAbove: -1 }), { alpha: new Real(0, 1) }, { nIter: 5, cv: 3, randomState: 0 }).fit(X, y)).rejects.toThrow(FitFailedError);
  });
});

function info(candidate: number, score: number, startedAt: number, finishedAt: number): CandidateEndInfo {
  const trial = { id: candidate, state: 'complete', values: [score], params: {}, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt, finishedAt } as Trial;
  return { candidate, params: {}, meanScores: { score }, trial };
}

describe('stopping callbacks', () => {
  it('deltaYStopper stops a search once the best nBest scores are within delta', async () => {
    const s = await new BayesSearchCV(new Ridge(), { alpha: new Real(1e-4, 1e-3) }, { nIter: 30, cv: 3, randomState: 0, callbacks: [deltaYStopper(1e-3, { nBest: 3 })] }).fit(X, y);
    expect(s.stopReason).toBe('callback');
    expect(s.cvResults.params.length).toBeLessThan(30);
    const stop = deltaYStopper(0.01, { nBest: 2 });
    expect(stop(info(0, 0.5, 0, 1))).toBe(false);
    expect(stop(info(1, 0.2, 1, 2))).toBe(false);
    expect(stop(info(2, 0.505, 2, 3))).toBe(true);
  });

  it('takes scikit-optimize’s stoppers as callbacks, fed −mean test score per space', async () => {
    const stopper = new DeltaYStopper(10, { nBest: 3 });
    const s = await new BayesSearchCV(new Ridge(), { alpha: new Real(1e-4, 1e-3) }, { nIter: 30, cv: 3, randomState: 0, callbacks: [stopper] }).fit(X, y);
    // every alpha in this range scores within 10 of the others: the stopper stops after three candidates
    expect(s.cvResults.params).toHaveLength(3);
    expect(s.stopReason).toBe('callback');
  });

  it('deadlineStopper stops when the time left is shorter than the longest candidate', () => {
    const now = Date.now();
    const stop = deadlineStopper(10);
    expect(stop(info(0, 0.1, now - 2000, now - 1000))).toBe(false); // 2 s used, longest 1 s
    expect(stop(info(1, 0.1, now - 9500, now - 3000))).toBe(false); // restarts the clock only on candidate 0
    expect(deadlineStopper(1)(info(0, 0.1, now - 900, now - 100))).toBe(true); // 0.1 s left < 0.8 s
  });

  it('both work as gpMinimize callbacks', async () => {
    const res = await gpMinimize(() => 1, [new Real(0, 1)], { nCalls: 20, randomState: 0, callback: deltaYStopper(1e-9, { nBest: 4 }) });
    expect(res.funcVals).toHaveLength(4);
    const timed = await gpMinimize(() => 1, [new Real(0, 1)], { nCalls: 20, randomState: 0, callback: deadlineStopper(1e-6) });
    expect(timed.funcVals).toHaveLength(1);
  });
});
