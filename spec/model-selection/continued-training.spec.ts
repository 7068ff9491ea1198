import { describe, expect, it } from 'vitest';
import type { DenseMatrix, MatrixLike, TargetLike } from '../../lib/core/data.js';
import { validateMatrix } from '../../lib/core/data.js';
import type { ContinuesTraining } from '../../lib/core/continuation.js';
import { continuationOf, estimateFittedBytes } from '../../lib/core/continuation.js';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { BaseEstimator } from '../../lib/core/estimator.js';
import { HistGradientBoostingRegressor } from '../../lib/estimators/ensemble/hist-gradient-boosting/hist-gradient-boosting-regressor.js';
import { SGDClassifier } from '../../lib/estimators/linear/sgd-classifier.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { makePipeline } from '../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/standard-scaler.js';
import { logUniform } from '../../lib/search/space/distributions.js';
import { RandomForestClassifier } from '../../lib/estimators/tree/random-forest-classifier.js';
import { HalvingGridSearchCV } from '../../lib/model-selection/halving-search-cv.js';
import { HyperbandSearchCV } from '../../lib/model-selection/hyperband-search-cv.js';
import { trialRecord } from '../../lib/report/search-record.js';
import { uniform } from '../../lib/search/space/distributions.js';
import { MemoryStorage } from '../../lib/search/storage/memory-storage.js';

/** Least squares by gradient descent from zero weights: `steps` full-batch steps of size `lr`. */
interface DescentParams {
  lr: number;
  steps: number;
}

/** Steps trained by every Descent instance (the work a search did). */
let stepsTrained = 0;

/** A user estimator that does not continue: it always trains from zero. */
class Descent extends BaseEstimator<DescentParams> {
  override readonly estimatorType = 'regressor' as const;
  protected weights: Float64Array | undefined;
  constructor(params: Partial<DescentParams> = {}) {
    super('Descent', { lr: { default: 0.01 }, steps: { default: 1 } }, params);
  }
  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    this.weights = undefined;
    this.train(validateMatrix(X, { owner: 'Descent.fit' }), y as ArrayLike<number>, this.params.steps);
    return this;
  }
  protected train(X: DenseMatrix, y: ArrayLike<number>, steps: number): void {
    const w = (this.weights ??= new Float64Array(X.columns + 1));
    const n = X.rows;
    const p = X.columns;
    for (let s = 0; s < steps; s++) {
      const grad = new Float64Array(p + 1);
      for (let i = 0; i < n; i++) {
        let r = w[p] as number;
        for (let j = 0; j < p; j++) r += (w[j] as number) * X.get(i, j);
        r -= y[i] as number;
        for (let j = 0; j < p; j++) grad[j] = (grad[j] as number) + (r * X.get(i, j)) / n;
        grad[p] = (grad[p] as number) + r / n;
      }
      for (let j = 0; j <= p; j++) w[j] = (w[j] as number) - this.params.lr * (grad[j] as number);
      stepsTrained++;
    }
  }
  async predict(X: MatrixLike): Promise<Float64Array> {
    const m = validateMatrix(X, { owner: 'Descent.predict' });
    const w = this.weights as Float64Array;
    const p = m.columns;
    return Float64Array.from({ length: m.rows }, (_, i) => {
      let v = w[p] as number;
      for (let j = 0; j < p; j++) v += (w[j] as number) * m.get(i, j);
      return v;
    });
  }
}

/** The same estimator, continuing along `steps`: what a user writes to take part. */
class ContinuedDescent extends Descent implements ContinuesTraining {
  continuableParams(): readonly string[] {
    return ['steps'];
  }
  async continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number): Promise<void> {
    expect(param).toBe('steps');
    this.train(X, y as ArrayLike<number>, value - this.params.steps);
    this.setParams({ steps: value });
  }
}

const X = Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
const y = X.map(([a, b, c]) => 2 * (a as number) - (b as number) + 0.5 * (c as number) + 1);
const grid = { lr: [0.01, 0.03, 0.1, 0.2, 0.3, 0.05, 0.02, 0.15, 0.25] };

async function counted<T>(run: () => Promise<T>): Promise<{ value: T; steps: number }> {
  stepsTrained = 0;
  const value = await run();
  return { value, steps: stepsTrained };
}

const halving = (estimator: Descent, options: Record<string, unknown> = {}) =>
  new HalvingGridSearchCV(estimator, grid, { resource: 'steps', minResources: 1, maxResources: 9, factor: 3, cv: 3, scoring: 'r2', ...options });

describe('continued training in the multi-fidelity searches', () => {
  it('declares the contract: continuationOf finds the param, estimateFittedBytes counts typed arrays', async () => {
    expect(continuationOf(new ContinuedDescent(), 'steps')).toBeDefined();
    expect(continuationOf(new ContinuedDescent(), 'lr')).toBeUndefined();
    expect(continuationOf(new Descent(), 'steps')).toBeUndefined();
    const fitted = await new ContinuedDescent({ steps: 2 }).fit(X, y);
    expect(estimateFittedBytes(fitted)).toBeGreaterThanOrEqual(4 * 8);
  });

  it('halving continues each promoted split from the model of the lower budget: same scores, fewer steps', async () => {
    const fresh = await counted(() => halving(new ContinuedDescent(), { continueTraining: false }).fit(X, y));
    const continued = await counted(() => halving(new ContinuedDescent()).fit(X, y));
    const a = fresh.value.cvResults;
    const b = continued.value.cvResults;
    expect(a.n_resources).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9]);
    expect(b.n_resources).toEqual(a.n_resources);
    // gradient descent continued from step 3 is gradient descent for 9 steps: the same numbers
    expect(b.mean_test_score).toEqual(a.mean_test_score);
    expect(b.split2_train_score).toEqual(a.split2_train_score);
    expect(b.params).toEqual(a.params);
    expect(continued.value.bestParams).toEqual(fresh.value.bestParams);
    expect('continued_from' in a).toBe(false);
    expect(b.continued_from).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 1, 1, 1, 3]);
    expect(b.split0_continued_from).toEqual([...Array(9).fill(undefined), 1, 1, 1, 3]);
    // the report's trial records carry it too (its top-trials table shows the mean over splits)
    expect(continued.value.trials.map((t) => trialRecord(t).extras?.continued_from)).toEqual([...Array(9).fill(undefined), 1, 1, 1, 3]);
    // 3 splits: 9 × 1 + 3 × 3 + 1 × 9 steps each without continuation; 9 × 1 + 3 × 2 + 1 × 6 with; plus the refit's 9
    expect(fresh.steps).toBe(3 * (9 + 9 + 9) + 9);
    expect(continued.steps).toBe(3 * (9 + 6 + 6) + 9);
  });

  it('continueTraining: false gives the cvResults of an estimator that cannot continue (timings aside)', async () => {
    const timing = (k: string) => /_time$/.test(k);
    const strip = (cv: Record<string, unknown>) => Object.fromEntries(Object.entries(cv).filter(([k]) => !timing(k)));
    const off = await halving(new ContinuedDescent(), { continueTraining: false }).fit(X, y);
    const plain = await halving(new Descent()).fit(X, y);
    expect(Object.keys(off.cvResults)).toEqual(Object.keys(plain.cvResults));
    expect(JSON.stringify(strip(off.cvResults))).toBe(JSON.stringify(strip(plain.cvResults)));
  });

  it('restarts a promotion whose model did not fit in continueMemoryMb, and says so per split', async () => {
    const fresh = await halving(new ContinuedDescent(), { continueTraining: false }).fit(X, y);
    const tight = await counted(() => halving(new ContinuedDescent(), { continueMemoryMb: 1e-6 }).fit(X, y));
    const cv = tight.value.cvResults;
    expect(cv.mean_test_score).toEqual(fresh.cvResults.mean_test_score);
    expect((cv.continued_from as number[]).every(Number.isNaN)).toBe(true);
    const notes = cv.split1_continue_note as (string | undefined)[];
    expect(notes.slice(0, 9)).toEqual(Array(9).fill(undefined));
    for (const note of notes.slice(9)) expect(note).toMatch(/did not fit in continueMemoryMb \(0\.000001\); restarted/);
    expect(tight.steps).toBe(3 * 27 + 9);
  });

  it('drops the kept models least likely to be promoted when over budget: some first promotions restart, the best continue', async () => {
    // one model is 4 weights (32 bytes): room for 5 of the 27 kept at the first round
    const search = await halving(new ContinuedDescent(), { continueMemoryMb: (5 * 32) / 1024 / 1024 }).fit(X, y);
    const cv = search.cvResults;
    const from = cv.split0_continued_from as (number | undefined)[];
    const notes = cv.split0_continue_note as (string | undefined)[];
    expect(from[12]).toBe(3); // the last round's parent was kept (its round had 9 models: the newest 5 stayed)
    expect(notes.slice(9).some((n) => n !== undefined && /dropped to keep the kept models within continueMemoryMb/.test(n))).toBe(true);
  });

  it('Hyperband continues each promotion from the previous round of its bracket', async () => {
    const space = { lr: uniform(0.005, 0.3) };
    const run = (continueTraining: boolean) =>
      counted(() => new HyperbandSearchCV(new ContinuedDescent(), space, { resource: 'steps', maxResource: 9, factor: 3, cv: 2, scoring: 'r2', randomState: 1, continueTraining }).fit(X, y));
    const fresh = await run(false);
    const continued = await run(true);
    const cv = continued.value.cvResults;
    expect(cv.mean_test_score).toEqual(fresh.value.cvResults.mean_test_score);
    const rounds = cv.round as number[];
    const resources = cv.n_resources as number[];
    const from = cv.continued_from as number[];
    rounds.forEach((round, i) => {
      if (round === 0) expect(from[i]).toBeNaN();
      else expect(from[i]).toBe((resources[i] as number) / 3);
    });
    expect(continued.steps).toBeLessThan(fresh.steps);
  });

  it('a forest promoted along nEstimators adds trees: the scores of forests grown in one go', async () => {
    const Xc = X.map(([a, b, c]) => [a as number, b as number, c as number, (a as number) * (b as number)]);
    const yc = Xc.map(([a, b]) => ((a as number) + (b as number) > 0 ? 1 : 0));
    const run = (continueTraining: boolean) =>
      new HalvingGridSearchCV(new RandomForestClassifier({ randomState: 0 }), { maxDepth: [1, 2, 3, 4, null], maxFeatures: [1, 2] }, {
        resource: 'nEstimators', minResources: 2, maxResources: 18, factor: 3, cv: 3, continueTraining,
      }).fit(Xc, yc);
    const fresh = await run(false);
    const continued = await run(true);
    expect(continued.cvResults.n_resources).toEqual(fresh.cvResults.n_resources);
    expect(continued.cvResults.mean_test_score).toEqual(fresh.cvResults.mean_test_score);
    expect(continued.cvResults.split1_train_score).toEqual(fresh.cvResults.split1_train_score);
    const promoted = (continued.cvResults.iter as number[]).map((it) => it > 0);
    (continued.cvResults.continued_from as number[]).forEach((from, i) => (promoted[i] ? expect(from).toBeGreaterThan(0) : expect(from).toBeNaN()));
  });

  it('restarts the promotions of a resumed search whose parents ran before the resume, and says so', async () => {
    const fresh = await halving(new ContinuedDescent(), { continueTraining: false }).fit(X, y);
    const storage = new MemoryStorage();
    let ended = 0;
    // stopped once the first iteration's 9 candidates have ended
    const stopped = await halving(new ContinuedDescent(), { storage, studyName: 'steps', callbacks: () => ++ended === 9 }).fit(X, y);
    expect(stopped.cvResults.params).toHaveLength(9);
    const resumed = await halving(new ContinuedDescent(), { storage, studyName: 'steps' }).fit(X, y);
    const cv = resumed.cvResults;
    expect(cv.mean_test_score).toEqual(fresh.cvResults.mean_test_score);
    expect(cv.continued_from).toEqual([...Array(12).fill(NaN), 3]);
    for (const note of (cv.split0_continue_note as (string | undefined)[]).slice(9, 12)) expect(note).toMatch(/or the search resumed\); restarted$/);
  });

  it('restarts every promotion with nJobs: 2 (fits on pool threads keep no model between trials)', async () => {
    const Xc = X.map(([a, b, c]) => [a as number, b as number, c as number]);
    const yc = Xc.map(([a, b]) => ((a as number) + (b as number) > 0 ? 1 : 0));
    const run = (nJobs: number) =>
      new HalvingGridSearchCV(new RandomForestClassifier({ randomState: 0 }), { maxDepth: [1, 2, 3] }, {
        resource: 'nEstimators', minResources: 2, maxResources: 6, factor: 3, cv: 2, nJobs,
      }).fit(Xc, yc);
    const serial = await run(1);
    const parallel = await run(2);
    expect(parallel.cvResults.mean_test_score).toEqual(serial.cvResults.mean_test_score);
    expect(serial.cvResults.continued_from).toEqual([NaN, NaN, NaN, 2]);
    expect(parallel.cvResults.continued_from).toEqual([NaN, NaN, NaN, NaN]);
  });

  it('Hyperband over HistGradientBoosting maxIter adds iterations: the scores of models boosted in one go', async () => {
    const space = { learningRate: uniform(0.05, 0.5), maxLeafNodes: [3, 7, 15] };
    const run = (continueTraining: boolean) =>
      new HyperbandSearchCV(new HistGradientBoostingRegressor({ earlyStopping: false, minSamplesLeaf: 5 }), space, {
        resource: 'maxIter', maxResource: 9, factor: 3, cv: 2, randomState: 3, continueTraining,
      }).fit(X, y);
    const fresh = await run(false);
    const continued = await run(true);
    expect(continued.cvResults.mean_test_score).toEqual(fresh.cvResults.mean_test_score);
    const rounds = continued.cvResults.round as number[];
    (continued.cvResults.continued_from as number[]).forEach((from, i) => (rounds[i] === 0 ? expect(from).toBeNaN() : expect(from).toBeGreaterThan(0)));
  });

  it('Hyperband over SGDClassifier maxIter runs the next epochs: the scores of longer fits, exactly', async () => {
    const Xc = X.map(([a, b, c]) => [a as number, b as number, c as number]);
    const yc = Xc.map(([a, b, c]) => ((a as number) - (b as number) + 0.3 * (c as number) > 0 ? 'yes' : 'no'));
    const space = { alpha: logUniform(1e-5, 1e-1), loss: ['hinge', 'log_loss', 'modified_huber'] as const };
    const run = (continueTraining: boolean) =>
      new HyperbandSearchCV(new SGDClassifier({ randomState: 0, tol: null }), space, {
        resource: 'maxIter', maxResource: 27, factor: 3, cv: 3, randomState: 4, continueTraining,
      }).fit(Xc, yc);
    const fresh = await run(false);
    const continued = await run(true);
    expect(continued.cvResults.mean_test_score).toEqual(fresh.cvResults.mean_test_score);
    expect(continued.bestParams).toEqual(fresh.bestParams);
    const rounds = continued.cvResults.round as number[];
    expect(rounds.some((r) => r > 0)).toBe(true);
    (continued.cvResults.continued_from as number[]).forEach((from, i) => (rounds[i] === 0 ? expect(from).toBeNaN() : expect(from).toBeGreaterThan(0)));
  });

  it('a pipeline continues through its final step (StandardScaler + SGDClassifier along sgdclassifier__maxIter): the scores of longer fits', async () => {
    const Xc = X.map(([a, b, c]) => [10 * (a as number), b as number, 100 + (c as number)]);
    const yc = Xc.map(([a, b, c]) => ((a as number) / 10 - (b as number) + 0.3 * ((c as number) - 100) > 0 ? 1 : 0));
    const space = { sgdclassifier__alpha: logUniform(1e-5, 1e-1), sgdclassifier__loss: ['hinge', 'log_loss'] as const };
    const pipe = makePipeline(new StandardScaler(), new SGDClassifier({ randomState: 0, tol: null }));
    expect(pipe.continuableParams()).toEqual(['sgdclassifier__maxIter']);
    const run = (continueTraining: boolean) =>
      new HyperbandSearchCV(pipe, space, { resource: 'sgdclassifier__maxIter', maxResource: 9, factor: 3, cv: 3, randomState: 2, continueTraining }).fit(Xc, yc);
    const fresh = await run(false);
    const continued = await run(true);
    expect(continued.cvResults.mean_test_score).toEqual(fresh.cvResults.mean_test_score);
    const rounds = continued.cvResults.round as number[];
    expect(rounds.some((r) => r > 0)).toBe(true);
    (continued.cvResults.continued_from as number[]).forEach((from, i) => (rounds[i] === 0 ? expect(from).toBeNaN() : expect(from).toBeGreaterThan(0)));
    // a pipeline whose final step does not continue has nothing to continue along
    expect(makePipeline(new StandardScaler(), new Ridge()).continuableParams()).toEqual([]);
  });

  it('checks the options', () => {
    expect(() => halving(new ContinuedDescent(), { continueTraining: 'yes' })).toThrow(InvalidParameterError);
    expect(() => halving(new ContinuedDescent(), { continueMemoryMb: 0 })).toThrow(/continueMemoryMb/);
  });
});
