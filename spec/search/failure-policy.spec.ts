/**
 * The failure policy every study loop shares: how a thrown error ends a trial,
 * what an interrupted trial is, and failures in a row.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, FatalError, InvalidParameterError, TrialPruned } from '../../lib/core/errors.js';
import { FailurePolicy, TrialInterrupted, classifyThrown, isInterruptedTrial } from '../../lib/search/failure-policy.js';
import { TrialClaimLostError } from '../../lib/search/storage/errors.js';
import type { FinishedTrial } from '../../lib/search/trial.js';

const base = { params: {}, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0, finishedAt: 1 };
const failed = (id: number, error: string): FinishedTrial => ({ ...base, id, state: 'failed', error });
const complete = (id: number): FinishedTrial => ({ ...base, id, state: 'complete', values: [1] });

describe('classifyThrown', () => {
  it('tells lost, interrupted, pruned, fatal and failed apart', () => {
    expect(classifyThrown(new TrialClaimLostError('x'), false)).toBe('lost');
    expect(classifyThrown(new TrialInterrupted('x'), false)).toBe('interrupted');
    expect(classifyThrown(new AbortError('x'), true)).toBe('interrupted');
    expect(classifyThrown(new AbortError('x'), false)).toBe('failed');
    expect(classifyThrown(new TrialPruned(), false)).toBe('pruned');
    expect(classifyThrown(new FatalError('x'), false)).toBe('fatal');
    expect(classifyThrown(new InvalidParameterError('x', { owner: 'o', argument: 'a', value: 1, expected: 'e' }), false)).toBe('fatal');
    expect(classifyThrown(new Error('x'), true)).toBe('failed');
  });
});

describe('isInterruptedTrial', () => {
  it('is true for a trial failed by an interruption only', () => {
    expect(isInterruptedTrial(failed(0, 'AbortError: stopped'))).toBe(true);
    expect(isInterruptedTrial(failed(0, 'TrialInterrupted: stopped'))).toBe(true);
    expect(isInterruptedTrial(failed(0, 'Error: AbortError'))).toBe(false);
    expect(isInterruptedTrial(complete(0))).toBe(false);
  });
});

describe('FailurePolicy', () => {
  it('stops after maxConsecutiveFailures failed trials in a row, with the last error', () => {
    const policy = new FailurePolicy({ maxConsecutiveFailures: 2 });
    expect(policy.observe(failed(0, 'Error: a'))).toBeUndefined();
    expect(policy.observe(complete(1))).toBeUndefined();
    expect(policy.observe(failed(2, 'Error: b'))).toBeUndefined();
    const stop = policy.observe(failed(3, 'Error: c'));
    expect(stop).toBeInstanceOf(FatalError);
    expect(stop?.message).toBe('2 trials failed in a row (maxConsecutiveFailures=2). The last error: Error: c');
  });

  it('neither counts nor breaks a run on an interrupted trial', () => {
    const policy = new FailurePolicy({ maxConsecutiveFailures: 2 });
    policy.observe(failed(0, 'Error: a'));
    expect(policy.observe(failed(1, 'AbortError: stopped'))).toBeUndefined();
    expect(policy.consecutiveFailures).toBe(1);
    expect(policy.observe(failed(2, 'Error: b'))).toBeInstanceOf(FatalError);
  });

  it('continues the count of a resumed search, with its owner’s message', () => {
    const policy = new FailurePolicy({ maxConsecutiveFailures: 3, message: (n, last) => `${n} in a row; last ${last}` }).resume([complete(0), failed(1, 'E1'), failed(2, 'E2')]);
    expect(policy.consecutiveFailures).toBe(2);
    expect(policy.observe(failed(3, 'E3'))?.message).toBe('3 in a row; last E3');
  });

  it('never stops without a limit', () => {
    const policy = new FailurePolicy();
    for (let i = 0; i < 50; i++) expect(policy.observe(failed(i, 'E'))).toBeUndefined();
  });
});
