/**
 * BaseSearchCV callbacks: a callback that says stop ends the search with the finished candidates kept.
 */
import { describe, expect, it } from 'vitest';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { ridge } from './_fixtures.js';

describe('GridSearchCV results', () => {
  const X = ridge.X.slice(0, 120);
  const y = ridge.y.slice(0, 120);

  it('stops when a callback says so and keeps the finished candidates', async () => {
    const seen: number[] = [];
    const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10, 100] }, {
      cv: 2,
      callbacks: { onTrialEnd: (info) => (seen.push(info.candidate), info.candidate === 1 ? 'stop' : undefined) },
    }).fit(X, y);
    expect(seen).toEqual([0, 1]);
    expect(search.cvResults.params).toHaveLength(2);
    expect(search.stopReason).toBe('callback');
  });
});
