import { describe, expect, it } from 'vitest';
import { groupDecomposedSearchSpace, intersectionSearchSpace } from '../../../lib/search/define-by-run/search-spaces.js';
import { DISTRIBUTIONS_KEY, PARAMS_KEY, decodeDynamicTrial, withSuggestedParams } from '../../../lib/search/define-by-run/trial-record.js';
import type { Dimension } from '../../../lib/search/space/dimensions.js';
import { Categorical, Integer, Real } from '../../../lib/search/space/dimensions.js';
import { dimensionFromJSON, dimensionToJSON, sameDimension } from '../../../lib/search/space/dimension-json.js';
import type { Trial } from '../../../lib/search/trial.js';

let nextId = 0;
function trial(state: Trial['state'], dists: Record<string, Dimension>, params: Record<string, unknown> = {}): Trial {
  const attrs = { [PARAMS_KEY]: params, [DISTRIBUTIONS_KEY]: Object.fromEntries(Object.entries(dists).map(([k, d]) => [k, dimensionToJSON(d)])) };
  const base = { id: nextId++, params: {}, budget: undefined, meta: {}, intermediate: [], attrs, startedAt: 0 };
  if (state === 'running') return { ...base, state };
  if (state === 'complete') return { ...base, state, values: [1], finishedAt: 1 };
  if (state === 'pruned') return { ...base, state, lastValue: undefined, finishedAt: 1 };
  return { ...base, state, error: 'x', finishedAt: 1 };
}

const kind = new Categorical(['svc', 'rf']);
const c = new Real(1e-3, 1e3, { prior: 'log-uniform' });
const depth = new Integer(2, 32);

describe('intersectionSearchSpace', () => {
  it('keeps the parameters every complete trial has with the same distribution, sorted by name', () => {
    const trials = [
      trial('complete', { kind, c, x: new Real(0, 1) }),
      trial('complete', { kind, depth, x: new Real(0, 1) }),
      trial('complete', { kind, c, x: new Real(0, 2) }), // x's range changed: x is out
      trial('running', {}), // running and failed trials do not count
      trial('failed', {}),
    ];
    const space = intersectionSearchSpace(trials);
    expect(Object.keys(space)).toEqual(['kind']);
    expect(sameDimension(space.kind!, kind)).toBe(true);
  });

  it('counts pruned trials only when asked to', () => {
    const trials = [trial('complete', { c, depth }), trial('pruned', { c })];
    expect(Object.keys(intersectionSearchSpace(trials))).toEqual(['c', 'depth']);
    expect(Object.keys(intersectionSearchSpace(trials, { includePruned: true }))).toEqual(['c']);
  });

  it('is empty before any trial completes', () => {
    expect(intersectionSearchSpace([trial('running', { c })])).toEqual({});
  });
});

describe('groupDecomposedSearchSpace', () => {
  it('splits a conditional space into the groups that always appear together (Optuna’s worked case)', () => {
    // trial 1: {kind, c}; trial 2: {kind, depth}; trial 3: {kind, c, gamma}
    const gamma = new Real(1e-4, 1, { prior: 'log-uniform' });
    const groups = groupDecomposedSearchSpace([trial('complete', { kind, c }), trial('complete', { kind, depth }), trial('complete', { kind, c, gamma })]);
    // after 1: [{kind, c}]; after 2: [{kind}, {c}, {depth}]; after 3: [{kind}, {c}, {depth}, {gamma}]
    expect(groups.map((g) => Object.keys(g))).toEqual([['kind'], ['c'], ['depth'], ['gamma']]);
  });

  it('keeps parameters that always come together in one group', () => {
    const groups = groupDecomposedSearchSpace([trial('complete', { kind, c, depth }), trial('complete', { kind, c, depth })]);
    expect(groups.map((g) => Object.keys(g))).toEqual([['c', 'depth', 'kind']]);
  });
});

describe('the define-by-run trial codec', () => {
  it('round-trips distributions and merges the suggested params into the record', () => {
    for (const d of [c, depth, new Integer(0, 10, { step: 5 }), new Real(0, 1, { step: 0.1 }), kind]) expect(sameDimension(dimensionFromJSON(dimensionToJSON(d)), d)).toBe(true);
    const t = trial('complete', { c }, { c: 0.5 });
    const shown = withSuggestedParams(t);
    expect(shown.params).toEqual({ c: 0.5 });
    expect(withSuggestedParams(t)).toBe(shown); // finished trials are converted once
    expect(Object.isFrozen(shown)).toBe(true);
    expect(String(decodeDynamicTrial(t).distributions.c)).toBe('Real(0.001, 1000, prior="log-uniform")');
  });

  it('refuses a malformed distribution', () => {
    expect(() => dimensionFromJSON({ kind: 'normal' })).toThrow(
      'The "json" argument of dimensionFromJSON must be a dimension as JSON ({ kind: "real" | "integer" | "categorical", ... }). Got { kind: "normal" } instead.',
    );
  });
});
