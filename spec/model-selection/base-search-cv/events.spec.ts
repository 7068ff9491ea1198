/**
 * BaseSearchCV events: `stream` yields typed events in order.
 */
import { describe, expect, it } from 'vitest';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { ridge } from './_fixtures.js';

describe('GridSearchCV results', () => {
  const X = ridge.X.slice(0, 120);
  const y = ridge.y.slice(0, 120);

  it('streams typed events in order', async () => {
    const search = new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 2 });
    const types: string[] = [];
    for await (const e of search.stream(X, y)) types.push(e.type);
    expect(types[0]).toBe('start');
    expect(types.filter((t) => t === 'split-end')).toHaveLength(4);
    expect(types.filter((t) => t === 'candidate-end')).toHaveLength(2);
    expect(types).toContain('new-best');
    expect(types.at(-1)).toBe('done');
  });
});
