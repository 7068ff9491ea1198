/**
 * `fitAndScore`: one candidate on one split (scikit-learn's `_fit_and_score`),
 * and the summary of failed fits.
 */
import { describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../lib/core/data.js';
import { validateMatrix } from '../../lib/core/data.js';
import { setDeadline } from '../../lib/core/checkpoint.js';
import { FatalError, InvalidParameterError } from '../../lib/core/errors.js';
import type { FitOptions } from '../../lib/core/estimator.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import type { FitAndScoreContext, FitAndScoreTask } from '../../lib/model-selection/fit-and-score.js';
import { SplitFitError, endsSearch, fitAndScore, summarizeFailures } from '../../lib/model-selection/fit-and-score.js';
import { getScorer } from '../../lib/metrics/scorer.js';

const rows = Array.from({ length: 12 }, (_, i) => [i, (i * 5) % 7]);
const target = rows.map(([a, b], i) => 3 * a! - b! + (i % 2));
const X = validateMatrix(rows, { owner: 'spec' });
const train = Int32Array.from({ length: 9 }, (_, i) => i);
const test = Int32Array.of(9, 10, 11);

class Refusing extends Ridge {
  override async fit(Xs: MatrixLike, ys?: TargetLike, options?: FitOptions): Promise<this> {
    if (this.getParams().alpha > 5) throw new Error(`alpha ${this.getParams().alpha} refused`);
    if (this.getParams().alpha === 4) throw new InvalidParameterError('bad', { owner: 'Refusing', argument: 'alpha', value: 4, expected: 'not 4' });
    if (this.getParams().alpha === 2) throw new FatalError('out of disk');
    if (this.getParams().alpha === 3) await new Promise<void>((resolve) => options?.signal?.addEventListener('abort', () => resolve()));
    if (this.getParams().alpha === 3) throw new Error('stopped');
    return super.fit(Xs, ys);
  }
}

const context = (over: Partial<FitAndScoreContext> = {}): FitAndScoreContext => ({
  estimator: new Refusing(),
  X,
  y: target,
  scorers: { score: getScorer('r2'), mae: getScorer('neg_mean_absolute_error') },
  errorScore: NaN,
  returnTrainScore: false,
  ...over,
});
const task = (alpha: number): FitAndScoreTask => ({ candidate: 2, split: 1, params: { alpha }, train, test });

describe('fitAndScore', () => {
  it('fits a clone with the params on the train rows and scores it on the test rows', async () => {
    const r = await fitAndScore(context({ returnTrainScore: true }), task(0.5));
    const ridge = await new Ridge({ alpha: 0.5 }).fit(rows.slice(0, 9), target.slice(0, 9));
    expect(r).toMatchObject({ candidate: 2, split: 1, status: 'ok', nTestSamples: 3, error: undefined, estimator: undefined });
    expect(r.testScores.score).toBe(await getScorer('r2')(ridge, rows.slice(9), target.slice(9)));
    expect(r.trainScores?.score).toBe(await getScorer('r2')(ridge, rows.slice(0, 9), target.slice(0, 9)));
    expect(r.fitTime).toBeGreaterThanOrEqual(0);
    expect(r.scoreTime).toBeGreaterThanOrEqual(0);
  });

  it('records a failed fit with errorScore, its error text and its fit time', async () => {
    const r = await fitAndScore(context({ errorScore: -1, returnTrainScore: true }), task(10));
    expect(r).toMatchObject({ status: 'failed', testScores: { score: -1, mae: -1 }, trainScores: { score: -1, mae: -1 }, scoreTime: 0, error: 'Error: alpha 10 refused' });
    expect(r.fitTime).toBeGreaterThanOrEqual(0);
  });

  it('raises a SplitFitError with the candidate, its params and the split under errorScore: raise', async () => {
    const error = await fitAndScore(context({ errorScore: 'raise' }), task(10)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SplitFitError);
    expect((error as Error).message).toBe('Fitting candidate 2 with params { alpha: 10 } on split 1 failed: Error: alpha 10 refused');
    expect(error).toMatchObject({ candidate: 2, split: 1, params: { alpha: 10 } });
    expect(((error as Error).cause as Error).message).toBe('alpha 10 refused');
  });

  it('lets a FatalError of the fit escape, whatever errorScore', async () => {
    await expect(fitAndScore(context(), task(2))).rejects.toThrow(new FatalError('out of disk'));
    await expect(fitAndScore(context({ errorScore: 'raise' }), task(2))).rejects.toThrow(new FatalError('out of disk'));
  });

  it('records an InvalidParameterError of the fit (a combination refused at fit time) as a failed fit', async () => {
    const r = await fitAndScore(context({ errorScore: -1 }), task(4));
    expect(r).toMatchObject({ status: 'failed', testScores: { score: -1, mae: -1 }, error: 'InvalidParameterError: bad' });
  });

  it('raises an InvalidParameterError of the fit as a SplitFitError (it as the cause) under errorScore: raise', async () => {
    const error = await fitAndScore(context({ errorScore: 'raise' }), task(4)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SplitFitError);
    expect((error as Error).message).toBe('Fitting candidate 2 with params { alpha: 4 } on split 1 failed: InvalidParameterError: bad');
    expect((error as Error).cause).toBeInstanceOf(InvalidParameterError);
  });

  it('lets an InvalidParameterError of setParams escape (a value the search checks before any fit)', async () => {
    await expect(fitAndScore(context(), task(-1))).rejects.toThrow(InvalidParameterError);
  });

  it("lets what the search's reporter threw escape, even as an InvalidParameterError the fit passes on", async () => {
    class Reporting extends Ridge {
      override async fit(Xs: MatrixLike, ys?: TargetLike, options?: FitOptions): Promise<this> {
        await options?.report?.(0, { loss: 1 });
        return super.fit(Xs, ys);
      }
    }
    const refusal = new InvalidParameterError('pruneOn names "val_accuracy"', { owner: 'pruneOn', argument: 'pruneOn', value: 'val_accuracy', expected: 'a reported value' });
    const report = (): boolean => {
      throw refusal;
    };
    await expect(fitAndScore(context({ estimator: new Reporting() }), { ...task(0.5), report })).rejects.toBe(refusal);
  });

  it('says a FatalError ends a search and nothing else does (a nested search\'s SplitFitError neither)', () => {
    const refused = new InvalidParameterError('bad', { owner: 'Refusing', argument: 'alpha', value: 4, expected: 'not 4' });
    expect(endsSearch(new FatalError('out of disk'))).toBe(true);
    expect(endsSearch(refused)).toBe(false);
    expect(endsSearch(new RangeError('diverged'))).toBe(false);
    expect(endsSearch(new SplitFitError('inner search failed', { params: {}, split: 0, candidate: 0 }, refused))).toBe(false);
  });

  it('marks a fit the search stopped as timeout', async () => {
    const controller = new AbortController();
    const running = fitAndScore(context(), task(3), controller.signal);
    controller.abort();
    expect(await running).toMatchObject({ status: 'timeout', error: 'Error: stopped' });
  });

  it('marks a stopped fit as timeout under errorScore: raise too (a stop is not a failure)', async () => {
    const controller = new AbortController();
    const running = fitAndScore(context({ errorScore: 'raise' }), task(3), controller.signal);
    controller.abort();
    expect(await running).toMatchObject({ status: 'timeout', error: 'Error: stopped', testScores: { score: NaN, mae: NaN } });
  });

  it('marks a fit stopped by its signal\'s deadline as timeout, before any timer fired', async () => {
    const controller = new AbortController();
    setDeadline(controller.signal, Date.now() - 1, () => controller.abort());
    const r = await fitAndScore(context({ estimator: new Ridge() }), task(0.5), controller.signal);
    expect(r).toMatchObject({ status: 'timeout', error: 'AbortError: Ridge.fit was aborted before it finished.' });
    expect(controller.signal.aborted).toBe(true);
  });

  it('passes the caller\'s fit signal to the fit when the search gives none', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await fitAndScore(context({ estimator: new Ridge(), fitOptions: { signal: controller.signal } }), task(0.5));
    expect(r).toMatchObject({ status: 'timeout', error: 'AbortError: Ridge.fit was aborted before it finished.' });
  });

  it('records a scorer that fails as a failed split, fitted', async () => {
    const r = await fitAndScore(context({ scorers: { score: async () => Promise.reject(new Error('no score')) } }), task(0.5));
    expect(r).toMatchObject({ status: 'failed', error: 'Scoring failed: Error: no score', testScores: { score: NaN } });
  });
});

describe('summarizeFailures', () => {
  const failedSplit = (candidate: number, split: number, error: string) => ({ candidate, split, status: 'failed' as const, testScores: {}, trainScores: undefined, fitTime: 0, scoreTime: 0, error, nTestSamples: 1 });
  const okSplit = { ...failedSplit(0, 0, ''), status: 'ok' as const, error: undefined };

  it('says nothing without failures', () => {
    expect(summarizeFailures([okSplit], NaN, () => ({}))).toEqual({ failed: 0, message: undefined, allFailed: false });
  });

  it('counts the failures, groups their messages and names the first', () => {
    const s = summarizeFailures([okSplit, failedSplit(1, 0, 'E: a'), failedSplit(1, 1, 'E: a'), failedSplit(2, 0, 'E: b')], NaN, (c) => ({ c }));
    expect(s.failed).toBe(3);
    expect(s.allFailed).toBe(false);
    expect(s.message).toContain('3 fits failed out of a total of 4.');
    expect(s.message).toContain('The first failure was candidate 1 with params { c: 1 } on split 0.');
    expect(s.message).toContain('2 fits failed with: E: a\n1 fit failed with: E: b');
  });

  it('says when every fit failed', () => {
    expect(summarizeFailures([failedSplit(0, 0, 'E')], NaN, () => ({})).message).toMatch(/^All the 1 fits failed\./);
  });
});
