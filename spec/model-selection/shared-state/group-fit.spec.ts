import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { checkScoring } from '../../../lib/metrics/scorer.js';
import { chainOrder, fitAndScoreGroup, groupRuntime } from '../../../lib/model-selection/shared-state/group-fit.js';
import { StateCache } from '../../../lib/model-selection/shared-state/state-cache.js';
import type { FitAndScoreContext } from '../../../lib/model-selection/fit-and-score.js';
import { builds, PathRegressor } from '../../fixtures/shared-work/estimators.js';

const X = DenseMatrix.fromRows(Array.from({ length: 12 }, (_, i) => [i]));
const y = Float64Array.from({ length: 12 }, (_, i) => i);
const estimator = new PathRegressor();
const context: FitAndScoreContext = { estimator, X, y, scorers: checkScoring(undefined, { owner: 'test', estimator }).scorers, errorScore: NaN, returnTrainScore: false };
const train = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
const test = Int32Array.from([8, 9, 10, 11]);

describe('chainOrder', () => {
  it('orders by chain, then position, members off any chain and ties in member order', () => {
    const w = (chain: string, position: number) => ({ warmStart: { chain, position } });
    expect(chainOrder([w('b', 1), w('a', 3), undefined, w('a', -1), { warmStart: undefined }, w('a', 3)])).toEqual([2, 4, 3, 1, 5, 0]);
  });
});

describe('fitAndScoreGroup', () => {
  it('builds the state once, fits the members along their path and returns them in member order', async () => {
    builds.length = 0;
    const runtime = groupRuntime(new StateCache(2 ** 20));
    const members = [2, 0, 1].map((strength, candidate) => ({ candidate, params: { strength } }));
    const results = await fitAndScoreGroup(context, { splitId: '0', split: 0, train, test, members, keepState: false }, runtime);
    expect(builds).toEqual(['a:8']);
    expect(results.map((r) => r.candidate)).toEqual([0, 1, 2]);
    expect(results.map((r) => r.extras?.warm_from)).toEqual(['1', 'cold', '0']);
    expect(results.every((r) => r.status === 'ok' && r.fitTime >= 0)).toBe(true);
    // the state was not kept; the split's rows were
    expect(runtime.cache.stats()).toMatchObject({ builds: 2 });
    expect(runtime.cache.heldBytes).toBeGreaterThan(0);
  });

  it('gives every member the status timeout once the search has stopped', async () => {
    const runtime = groupRuntime(new StateCache(2 ** 20));
    const stop = new AbortController();
    stop.abort();
    const results = await fitAndScoreGroup(context, { splitId: '0', split: 0, train, test, members: [{ candidate: 4, params: { strength: 1 } }], keepState: true }, runtime, stop.signal);
    expect(results.map((r) => [r.candidate, r.status, r.nTestSamples])).toEqual([[4, 'timeout', 4]]);
  });

  it('fits each member on its own when the members do not share a key', async () => {
    const runtime = groupRuntime(new StateCache(2 ** 20));
    const members = [{ candidate: 0, params: { kind: 'a' } }, { candidate: 1, params: { kind: 'b' } }];
    const results = await fitAndScoreGroup(context, { splitId: '0', split: 0, train, test, members, keepState: true }, runtime);
    expect(results.map((r) => r.extras?.warm_from)).toEqual(['plain', 'plain']);
  });
});
