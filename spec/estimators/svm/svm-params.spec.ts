import { describe, expect, it } from 'vitest';
import { LIBSVM_PARAMS_SCHEMA } from '../../../lib/estimators/svm/svm-params.js';

describe('LIBSVM_PARAMS_SCHEMA', () => {
  it("declares scikit-learn's defaults", () => {
    const defaults = Object.fromEntries(Object.entries(LIBSVM_PARAMS_SCHEMA).map(([name, declaration]) => [name, declaration.default]));
    expect(defaults).toEqual({ C: 1, kernel: 'rbf', gamma: 'scale', degree: 3, coef0: 0, tol: 1e-3, shrinking: true, cacheSize: 200 });
  });
});
