import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { ValidationError } from '../../../lib/core/errors.js';
import { captureWarnings } from '../../../lib/core/warnings.js';
import type { KNeighborsParams } from '../../../lib/estimators/neighbors/neighbors-base.js';
import type { NeighborIndex } from '../../../lib/estimators/neighbors/neighbor-search.js';
import { buildIndex } from '../../../lib/estimators/neighbors/neighbor-search.js';
import {
  fitSearch,
  kneighborsOf,
  neighborWeights,
  pairwiseSum,
  tooManyNeighbors,
  weightedNeighbors,
} from '../../../lib/estimators/neighbors/neighbors-base.js';

/** The search parameters these specs leave at their defaults. */
const SEARCH_DEFAULTS = { algorithm: 'auto', leafSize: 30 } as const;

/** A brute-force search index over some rows, as fit would build it. */
function bruteIndex(rows: number[][], p: number): NeighborIndex {
  return buildIndex(DenseMatrix.fromRows(rows), p, 'brute', 30);
}

describe('neighborWeights', () => {
  const neighbors = (distances: number[], k: number) => ({ k, distances: Float64Array.from(distances), indices: new Int32Array(distances.length) });

  it('is null for uniform weights', () => {
    expect(neighborWeights(neighbors([1, 2], 2), 'uniform')).toBeNull();
  });

  it('is the inverse distance for distance weights', () => {
    expect(Array.from(neighborWeights(neighbors([0.5, 2, 4, 8], 2), 'distance')!)).toEqual([2, 0.5, 0.25, 0.125]);
  });

  it('gives 1 to exact matches and 0 to the rest of their row only', () => {
    expect(Array.from(neighborWeights(neighbors([0, 0, 3, 1, 2, 4], 3), 'distance')!)).toEqual([1, 1, 0, 1, 0.5, 0.25]);
  });
});

describe('pairwiseSum', () => {
  it('adds fewer than 8 values in order', () => {
    expect(pairwiseSum([1e16, 1, -1e16, 1], 0, 4)).toBe(1);
  });

  it('adds 8 or more values like numpy\'s pairwise summation along a row', () => {
    // numpy: np.array([[1e16, 1, -1e16, 1, 3, 1e-3, 2, 7, 1, 5, 0.25]]).sum(axis=1)[0] == 18.250999999999998
    // (added in order, the sum is 19.251)
    expect(pairwiseSum([1e16, 1, -1e16, 1, 3, 1e-3, 2, 7, 1, 5, 0.25], 0, 11)).toBe(18.250999999999998);
  });

  it('splits blocks above 128 values', () => {
    const values = Array.from({ length: 300 }, (_, i) => i * 0.1 + 1e10);
    expect(pairwiseSum(values, 0, 300)).toBe(3000000004485);
  });

  it('reads from an offset', () => {
    expect(pairwiseSum([9, 9, 1, 2, 3], 2, 3)).toBe(6);
  });
});

describe('tooManyNeighbors', () => {
  it('is a ValidationError (data-dependent), not an InvalidParameterError', () => {
    const error = tooManyNeighbors('KNeighborsClassifier', 5, 3, 'parameter');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.constructor).toBe(ValidationError);
    expect(error.message).toBe('The "nNeighbors" parameter of KNeighborsClassifier must be at most the number of training samples (3). Got 5 instead.');
  });
});

describe('fitSearch', () => {
  const X = DenseMatrix.fromRows([[0], [1], [3]]);

  it('keeps the training rows (not copied) and the p of fit', () => {
    const search = fitSearch('KNeighborsRegressor', X, { ...SEARCH_DEFAULTS, nNeighbors: 3, weights: 'uniform', p: 1 });
    expect(search.X).toBe(X);
    expect(search.p).toBe(1);
  });

  it('rejects more neighbours than samples, naming the owner', () => {
    expect(() => fitSearch('KNeighborsRegressor', X, { ...SEARCH_DEFAULTS, nNeighbors: 4, weights: 'uniform', p: 2 })).toThrow(
      'The "nNeighbors" parameter of KNeighborsRegressor must be at most the number of training samples (3). Got 4 instead.',
    );
  });

  it('warns when p is below 1', async () => {
    const { warnings } = await captureWarnings(async () => fitSearch('KNeighborsClassifier', X, { ...SEARCH_DEFAULTS, nNeighbors: 1, weights: 'uniform', p: 0.5 }));
    expect(warnings.map((w) => w.category)).toEqual(['UserWarning']);
  });
});

describe('kneighborsOf and weightedNeighbors', () => {
  const fitted = bruteIndex([[0], [1], [3]], 1);
  const params: KNeighborsParams = { ...SEARCH_DEFAULTS, nNeighbors: 2, weights: 'distance', p: 2 };

  it('searches with the p of fit, not the current parameter', () => {
    const wide = bruteIndex([[0, 0], [3, 0], [2, 2]], 1);
    expect(kneighborsOf('KNeighborsClassifier', wide, [[0, 0]], undefined, params).distances).toEqual([[0, 3]]);
  });

  it('kneighborsOf takes nNeighbors as an argument, checked as kneighbors\'s', () => {
    expect(kneighborsOf('KNeighborsClassifier', fitted, [[0.9]], 3, params).indices).toEqual([[1, 0, 2]]);
    expect(() => kneighborsOf('KNeighborsClassifier', fitted, [[0.9]], 4, params)).toThrow(
      'The "nNeighbors" argument of KNeighborsClassifier.kneighbors must be at most the number of training samples (3). Got 4 instead.',
    );
  });

  it('weightedNeighbors uses the nNeighbors and weights parameters, and names the method', () => {
    const { neighbors, nQueries, weights } = weightedNeighbors('KNeighborsRegressor', 'predict', fitted, [[0.5], [1]], params);
    expect(nQueries).toBe(2);
    expect(neighbors.k).toBe(2);
    expect(Array.from(weights!)).toEqual([2, 2, 1, 0]);
    expect(weightedNeighbors('KNeighborsRegressor', 'predict', fitted, [[0.5]], { ...params, weights: 'uniform' }).weights).toBeNull();
    expect(() => weightedNeighbors('KNeighborsRegressor', 'predict', fitted, [[0.5, 1]], params)).toThrow(
      'X has 2 features, but KNeighborsRegressor is expecting 1 features as input (in KNeighborsRegressor.predict).',
    );
  });
});
