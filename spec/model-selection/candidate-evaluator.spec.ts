/**
 * The candidate evaluator: one candidate's splits through the executor, each
 * recorded once under its key, recorded splits reused, budgets applied, events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MatrixLike, TargetLike } from '../../lib/core/data.js';
import { validateMatrix } from '../../lib/core/data.js';
import { Rng } from '../../lib/core/rng.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { getScorer } from '../../lib/metrics/scorer.js';
import type { CandidateEvaluatorSetup } from '../../lib/model-selection/candidate-evaluator.js';
import { CandidateEvaluator } from '../../lib/model-selection/candidate-evaluator.js';
import { decodeCvTrial, encodeSplit, splitHashes, splitKey } from '../../lib/model-selection/cv-trial.js';
import type { SplitResult } from '../../lib/model-selection/fit-and-score.js';
import type { SearchEvent } from '../../lib/model-selection/search-events.js';
import type { SplitPair } from '../../lib/model-selection/split/index.js';
import { KFold } from '../../lib/model-selection/split/index.js';
import type { TrialContext } from '../../lib/search/study.js';
import { TrialInterrupted } from '../../lib/search/study.js';

const rows = Array.from({ length: 30 }, (_, i) => [i % 5, (i * 7) % 11]);
const X = validateMatrix(rows, { owner: 'spec' });
const y = rows.map(([a, b], i) => a! - 2 * b! + (i % 4));
const splits: SplitPair[] = [...new KFold({ nSplits: 3 }).split(X)];

let fits = 0;
class CountingRidge extends Ridge {
  override async fit(Xs: MatrixLike, ys?: TargetLike): Promise<this> {
    fits++;
    return super.fit(Xs, ys);
  }
}

const evaluators: CandidateEvaluator[] = [];
afterEach(async () => {
  await Promise.all(evaluators.splice(0).map((e) => e.close()));
});

function evaluator(over: Partial<CandidateEvaluatorSetup> = {}): { evaluator: CandidateEvaluator; events: SearchEvent[] } {
  const events: SearchEvent[] = [];
  const e = new CandidateEvaluator({
    owner: 'Spec',
    context: { estimator: new CountingRidge(), X, y, scorers: { score: getScorer('r2') }, errorScore: NaN, returnTrainScore: false },
    execution: { nJobs: 1, scoring: 'r2' },
    splits, metrics: ['score'], primary: 'score', budget: undefined, pruner: undefined, pruneOn: 'splits', interruptedTrials: 'fail',
    emit: (event) => events.push(event),
    ...over,
  });
  evaluators.push(e);
  return { evaluator: e, events };
}

function trialContext(attrs: Record<string, unknown> = {}, signal = new AbortController().signal): { ctx: TrialContext; writes: Record<string, unknown>[] } {
  const writes: Record<string, unknown>[] = [];
  const ctx: TrialContext = {
    trialId: 4, budget: undefined, meta: {}, attrs, signal, rng: new Rng(0),
    report: async () => undefined, shouldPrune: () => false,
    setAttrs: async (a) => {
      writes.push({ ...a });
    },
  };
  return { ctx, writes };
}

const keyOf = (params: Record<string, unknown>, k: number): string => splitKey(params, undefined, k, splitHashes(splits)[k] as string, 0);

describe('CandidateEvaluator', () => {
  it('cross-validates a candidate, records each split once under its key, and returns the mean score', async () => {
    const { evaluator: e, events } = evaluator();
    const { ctx, writes } = trialContext();
    const before = fits;
    const out = (await e.objective({ alpha: 1 }, ctx)) as { values: number[]; attrs: Record<string, unknown> };
    expect(fits - before).toBe(3);
    expect(writes.map((w) => Object.keys(w).length)).toEqual([1, 1, 1]);
    expect(writes.flatMap((w) => Object.keys(w)).sort()).toEqual([0, 1, 2].map((k) => keyOf({ alpha: 1 }, k)).sort());
    const decoded = decodeCvTrial({ id: 4, attrs: { ...Object.assign({}, ...writes), ...out.attrs } });
    expect(decoded.splits.map((s) => s?.split)).toEqual([0, 1, 2]);
    expect(out.values[0]).toBeCloseTo(decoded.splits.reduce((a, s) => a + (s?.testScores.score ?? NaN), 0) / 3, 12);
    expect(events.map((ev) => ev.type)).toEqual(['candidate-start', 'split-end', 'split-end', 'split-end', 'candidate-end', 'new-best']);
  });

  it('reuses a split its trial recorded before: no fit, no second write', async () => {
    const { evaluator: e, events } = evaluator();
    const prior: SplitResult = { candidate: 4, split: 0, status: 'ok', testScores: { score: 0.25 }, trainScores: undefined, fitTime: 1, scoreTime: 1, error: undefined, nTestSamples: 10 };
    const { ctx, writes } = trialContext({ ...encodeSplit(keyOf({ alpha: 2 }, 0), prior) });
    const before = fits;
    await e.objective({ alpha: 2 }, ctx);
    expect(fits - before).toBe(2);
    expect(writes.flatMap((w) => Object.keys(w))).not.toContain(keyOf({ alpha: 2 }, 0));
    expect(events.find((ev) => ev.type === 'split-end' && ev.result.split === 0)).toMatchObject({ result: { testScores: { score: 0.25 } } });
  });

  it('cuts the splits to the budget for resource nSamples, once per budget', () => {
    const { evaluator: e } = evaluator({ budget: { resource: 'nSamples', seed: 3 } });
    const cut = e.splitsFor(12);
    expect(e.splitsFor(12)).toBe(cut);
    expect(e.splitsFor(undefined)).toBe(splits);
    expect(cut.map(([train, test]) => train.length + test.length)).toEqual([12, 12, 12]);
  });

  it('sets a param resource to the trial’s budget', async () => {
    const seen: unknown[] = [];
    class Watching extends Ridge {
      override async fit(Xs: MatrixLike, ys?: TargetLike): Promise<this> {
        seen.push(this.getParams().alpha);
        return super.fit(Xs, ys);
      }
    }
    const { evaluator: e } = evaluator({ context: { estimator: new Watching(), X, y, scorers: { score: getScorer('r2') }, errorScore: NaN, returnTrainScore: false }, budget: { resource: 'alpha', seed: 0 } });
    await e.objective({}, { ...trialContext().ctx, budget: 7 });
    expect(seen).toEqual([7, 7, 7]);
  });

  it('keeps a stopped candidate with its splits marked timeout, or leaves it to resume when interrupted trials are re-queued', async () => {
    const stopped = AbortSignal.abort();
    const kept = (await evaluator().evaluator.objective({ alpha: 1 }, trialContext({}, stopped).ctx)) as { attrs: Record<string, unknown> };
    expect(decodeCvTrial({ id: 4, attrs: kept.attrs }).splits.map((s) => s?.status)).toEqual(['timeout', 'timeout', 'timeout']);
    await expect(evaluator({ interruptedTrials: 'requeue' }).evaluator.objective({ alpha: 1 }, trialContext({}, stopped).ctx)).rejects.toBeInstanceOf(TrialInterrupted);
  });
});
