import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import {
  CLASSIFICATION_CRITERION,
  decisionTreeParamsSchema,
  forestParamsSchema,
  REGRESSION_CRITERION,
  resolveMaxFeatures,
  resolveTreeSettings,
  treeParamsSchema,
} from '../../../lib/estimators/tree/tree-params.js';

describe('resolveMaxFeatures', () => {
  it('resolves like scikit-learn', () => {
    expect(resolveMaxFeatures('T', null, 64)).toBe(64);
    expect(resolveMaxFeatures('T', 'sqrt', 64)).toBe(8);
    expect(resolveMaxFeatures('T', 'sqrt', 13)).toBe(3);
    expect(resolveMaxFeatures('T', 'log2', 64)).toBe(6);
    expect(resolveMaxFeatures('T', 'log2', 1)).toBe(1);
    expect(resolveMaxFeatures('T', 5, 10)).toBe(5);
    expect(resolveMaxFeatures('T', 1, 10)).toBe(1);
    expect(resolveMaxFeatures('T', 0.5, 13)).toBe(6);
    expect(resolveMaxFeatures('T', 0.01, 13)).toBe(1);
  });

  it('rejects a count above the number of features', () => {
    expect(() => resolveMaxFeatures('T', 11, 10)).toThrow(InvalidParameterError);
    expect(() => resolveMaxFeatures('T', 11, 10)).toThrow(
      'The "maxFeatures" parameter of T must be at most the number of features of X (10). Got 11 instead.',
    );
  });
});

describe('resolveTreeSettings', () => {
  const base = { criterion: 'gini' as const, maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: null, randomState: null };

  it('turns fractions into counts (rounded up) and null maxDepth into Infinity', () => {
    const s = resolveTreeSettings('T', { ...base, minSamplesSplit: 0.2, minSamplesLeaf: 0.05 }, 101, 4);
    expect(s).toEqual({ criterion: 'gini', maxDepth: Infinity, minSamplesSplit: 21, minSamplesLeaf: 6, maxFeatures: 4 });
  });

  it('raises minSamplesSplit to 2 * minSamplesLeaf, and keeps fractional minSamplesSplit at least 2', () => {
    expect(resolveTreeSettings('T', { ...base, minSamplesLeaf: 5 }, 100, 3).minSamplesSplit).toBe(10);
    expect(resolveTreeSettings('T', { ...base, minSamplesSplit: 0.001 }, 100, 3).minSamplesSplit).toBe(2);
  });
});

describe('treeParamsSchema and forestParamsSchema', () => {
  it('declare the tree params in getParams order, maxFeatures null by default', () => {
    const schema = treeParamsSchema(CLASSIFICATION_CRITERION);
    expect(Object.keys(schema)).toEqual(['criterion', 'maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures', 'randomState']);
    expect(Object.values(schema).map((d) => d.default)).toEqual(['gini', null, 2, 1, null, null]);
  });

  it("declare a single tree's params with the splitter after the criterion", () => {
    const schema = decisionTreeParamsSchema(CLASSIFICATION_CRITERION, 'random', 'sqrt');
    expect(Object.keys(schema)).toEqual(['criterion', 'splitter', 'maxDepth', 'minSamplesSplit', 'minSamplesLeaf', 'maxFeatures', 'randomState']);
    expect(Object.values(schema).map((d) => d.default)).toEqual(['gini', 'random', null, 2, 1, 'sqrt', null]);
  });

  it('declare a forest without bootstrap when asked (the extra trees)', () => {
    expect(forestParamsSchema(CLASSIFICATION_CRITERION, 'sqrt', false).bootstrap.default).toBe(false);
  });

  it('declare the forest params with nEstimators first, bootstrap before randomState, warmStart last', () => {
    const schema = forestParamsSchema(REGRESSION_CRITERION, 'sqrt');
    expect(Object.keys(schema)).toEqual([
      'nEstimators',
      'criterion',
      'maxDepth',
      'minSamplesSplit',
      'minSamplesLeaf',
      'maxFeatures',
      'bootstrap',
      'randomState',
      'warmStart',
    ]);
    expect(Object.values(schema).map((d) => d.default)).toEqual([100, 'squared_error', null, 2, 1, 'sqrt', true, null, false]);
  });
});

describe('resolveTreeSettings criterion', () => {
  it('resolves "log_loss" to "entropy" and keeps the others', () => {
    const base = { maxDepth: null, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: null, randomState: null };
    expect(resolveTreeSettings('T', { ...base, criterion: 'log_loss' }, 10, 2).criterion).toBe('entropy');
    expect(resolveTreeSettings('T', { ...base, criterion: 'entropy' }, 10, 2).criterion).toBe('entropy');
    expect(resolveTreeSettings('T', { ...base, criterion: 'squared_error' }, 10, 2).criterion).toBe('squared_error');
  });
});
