/**
 * BaseSearchCV stopping: a timeout or an aborted signal ends the search with valid partial results.
 */
import { describe, expect, it } from 'vitest';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import type { SearchEvent } from '../../../lib/model-selection/search-events.js';
import { Slow } from './_fixtures.js';

/** Slow, except that a negative `ms` makes the fit never settle. */
class Stuck extends Slow {
  override async fit(X: Parameters<Slow['fit']>[0], y?: Parameters<Slow['fit']>[1]): Promise<this> {
    if ((this.getParams() as { ms: number }).ms < 0) return new Promise<this>(() => undefined);
    return super.fit(X, y);
  }
}

describe('GridSearchCV timeout and abort', () => {
  const X = Array.from({ length: 20 }, (_, i) => [i]);
  const y = X.map(([v]) => v!);

  it('ends on timeout with valid partial results and unfinished splits marked', async () => {
    // the timeout falls well inside the long candidate (margins of 10x either way, for a loaded machine)
    const search = await new GridSearchCV(new Slow(), { ms: [5, 6, 7, 5000, 8, 9] }, { cv: 2, timeout: 0.5, refit: false }).fit(X, y);
    expect(search.stopReason).toBe('timeout');
    const statuses = search.cvResults.split1_status as string[];
    expect(statuses.length).toBeLessThan(6);
    expect(statuses.at(-1)).toBe('timeout');
    expect(search.cvResults.mean_test_score[0]).toBe(5);
  });

  it('ends when the signal aborts', async () => {
    const controller = new AbortController();
    const events: SearchEvent[] = [];
    const search = new GridSearchCV(new Slow(), { ms: [1, 2, 3, 4, 5] }, { cv: 2, signal: controller.signal, refit: false });
    for await (const e of search.stream(X, y)) {
      events.push(e);
      if (e.type === 'candidate-end' && e.candidate === 1) controller.abort();
    }
    expect(search.stopReason).toBe('aborted');
    expect(search.cvResults.params.length).toBeLessThanOrEqual(3);
  });

  it('abandons a fit that never settles at the timeout: its splits are timeout, the finished candidates kept', async () => {
    const search = await new GridSearchCV(new Stuck(), { ms: [1, 2, -1, 3] }, { cv: 2, timeout: 1, refit: false }).fit(X, y);
    expect(search.stopReason).toBe('timeout');
    expect(search.cvResults.params).toEqual([{ ms: 1 }, { ms: 2 }, { ms: -1 }]);
    expect(search.cvResults.split0_status).toEqual(['ok', 'ok', 'timeout']);
    expect(search.cvResults.split1_status).toEqual(['ok', 'ok', 'timeout']);
    expect(search.cvResults.split0_error).toEqual([undefined, undefined, 'The search was stopped (timeout or abort) before this split finished.']);
  });
});
