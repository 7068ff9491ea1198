import { describe, expect, it } from 'vitest';
import { progressPrinter } from '../../lib/model-selection/progress.js';
import type { SearchEvent } from '../../lib/model-selection/search-events.js';

function run(verbose: number, events: SearchEvent[]): string {
  let out = '';
  const print = progressPrinter('GridSearchCV', verbose, { write: (t) => (out += t), isTTY: false });
  for (const e of events) print(e);
  return out;
}

const result = (candidate: number, split: number) => ({
  candidate,
  split,
  status: 'ok' as const,
  testScores: { score: 0.5 },
  trainScores: undefined,
  fitTime: 0.01,
  scoreTime: 0.001,
  error: undefined,
  nTestSamples: 10,
});

const events: SearchEvent[] = [
  { type: 'start', nCandidates: 200, nSplits: 5, metrics: ['score'] },
  { type: 'candidate-start', candidate: 0, params: { alpha: 1 }, budget: undefined },
  { type: 'split-end', candidate: 0, params: { alpha: 1 }, result: result(0, 0) },
  { type: 'candidate-end', candidate: 0, params: { alpha: 1 }, meanScores: { score: 0.5 }, seconds: 0.05 },
  { type: 'done', reason: 'exhausted', nCandidates: 1, bestIndex: 0, bestScore: 0.5 },
];

describe('progressPrinter', () => {
  it('prints nothing at verbose 0', () => {
    expect(run(0, events)).toBe('');
  });
  it('prints scikit-learn’s plan line at verbose 1', () => {
    expect(run(1, events).split('\n')[0]).toBe('GridSearchCV: Fitting 5 folds for each of 200 candidates, totalling 1000 fits');
  });
  it('adds a line per candidate at verbose 2 and per split at verbose 3', () => {
    expect(run(2, events)).toContain('[candidate 0] { alpha: 1 }; mean_test_score=0.5000; 0.050s');
    expect(run(3, events)).toContain('[CV 1/5] candidate 0 { alpha: 1 }; ok; score=0.5000; fit 0.010s');
  });
  it('ends with the stop reason and the best score', () => {
    expect(run(1, events).trim().split('\n').at(-1)).toBe('GridSearchCV: done (exhausted) after 1 candidates; best score 0.5000');
  });
});
