import { describe, expect, it } from 'vitest';
import type { MatrixLike } from '../../lib/core/data.js';
import { validateMatrix } from '../../lib/core/data.js';
import { InvalidParameterError, NotFittedError } from '../../lib/core/errors.js';
import { BaseEstimator, clone, isEstimator } from '../../lib/core/estimator.js';
import { RandomState } from '../../lib/core/random-state.js';
import { integerIn, oneOf, realIn } from '../../lib/core/validate.js';

interface ShiftParams {
  offset: number;
  mode: 'add' | 'sub';
}
class Shift extends BaseEstimator<ShiftParams> {
  private fitted: { n: number } | undefined;
  constructor(params: Partial<ShiftParams> = {}) {
    super('Shift', { offset: { default: 0, constraints: realIn() }, mode: { default: 'add', constraints: oneOf(['add', 'sub']) } }, params);
  }
  async fit(X: MatrixLike): Promise<this> {
    const m = validateMatrix(X, { owner: 'Shift.fit' });
    this.nFeaturesSeen = m.columns;
    this.fitted = { n: m.rows };
    return this;
  }
  async predict(X: MatrixLike): Promise<number[]> {
    this.requireFitted(this.fitted, 'predict');
    const m = validateMatrix(X, { owner: 'Shift.predict' });
    this.checkFeatureCount(m, 'predict');
    const { offset, mode } = this.params;
    return Array.from({ length: m.rows }, (_, i) => m.get(i, 0) + (mode === 'add' ? offset : -offset));
  }
}

interface WrapperParams {
  inner: Shift;
  repeats: number;
}
class Wrapper extends BaseEstimator<WrapperParams> {
  constructor(params: Partial<WrapperParams> = {}) {
    super('Wrapper', { inner: { default: new Shift() }, repeats: { default: 1, constraints: integerIn({ min: 1 }) } }, params);
  }
  async fit(): Promise<this> {
    return this;
  }
}

describe('BaseEstimator', () => {
  it('fills defaults and keeps given params', () => {
    expect(new Shift().getParams()).toEqual({ offset: 0, mode: 'add' });
    expect(new Shift({ offset: 2 }).getParams()).toEqual({ offset: 2, mode: 'add' });
  });
  it('validates params at construction and in setParams', () => {
    expect(() => new Shift({ mode: 'mul' as 'add' })).toThrow(
      'The "mode" parameter of Shift must be one of "add", "sub". Got "mul" instead.',
    );
    const s = new Shift();
    expect(() => s.setParams({ offset: NaN })).toThrow(InvalidParameterError);
    expect(s.getParams().offset).toBe(0);
  });
  it('rejects unknown keys listing the valid ones', () => {
    expect(() => new Shift({ ofset: 1 } as Partial<ShiftParams>)).toThrow(
      'Unknown parameter "ofset" for Shift. Valid parameters are: "offset", "mode". Did you mean "offset"?',
    );
  });
  it('rejects a non-object params argument', () => {
    expect(() => new Shift(3 as unknown as Partial<ShiftParams>)).toThrow('Shift takes one params object, e.g. new Shift({ ... }). Got 3 instead.');
  });
  it('routes nested params with step__param', () => {
    const w = new Wrapper({ inner: new Shift({ offset: 1 }) });
    expect(w.getParams()).toMatchObject({ repeats: 1, inner__offset: 1, inner__mode: 'add' });
    expect(Object.keys(w.getParams(false))).toEqual(['inner', 'repeats']);
    w.setParams({ inner__offset: 5 } as Partial<WrapperParams>);
    expect(w.getParams().inner.getParams().offset).toBe(5);
    expect(() => w.setParams({ inner__nope: 1 } as Partial<WrapperParams>)).toThrow('Unknown parameter "nope" for Shift.');
    expect(() => w.setParams({ outer__x: 1 } as Partial<WrapperParams>)).toThrow('Unknown parameter "outer__x" for Wrapper.');
  });
  it('raises NotFittedError before fit and checks the feature count after', async () => {
    const s = new Shift({ offset: 1 });
    await expect(s.predict([[1]])).rejects.toThrow(
      new NotFittedError('This Shift instance is not fitted yet. Call "fit" with appropriate arguments before using "predict".'),
    );
    expect(await s.fit([[1, 2]])).toBe(s);
    await expect(s.predict([[1]])).rejects.toThrow('X has 1 features, but Shift is expecting 2 features as input (in Shift.predict).');
    expect(await s.predict([[1, 0]])).toEqual([2]);
  });
});

describe('clone', () => {
  it('gives an unfitted copy with equal params', async () => {
    const s = await new Shift({ offset: 3 }).fit([[1]]);
    const c = clone(s);
    expect(c).not.toBe(s);
    expect(c).toBeInstanceOf(Shift);
    expect(c.getParams()).toEqual(s.getParams());
    await expect(c.predict([[1]])).rejects.toThrow(NotFittedError);
  });
  it('clones nested estimators', () => {
    const inner = new Shift({ offset: 2 });
    const w = new Wrapper({ inner });
    const c = clone(w);
    expect(c.getParams().inner).not.toBe(inner);
    expect(c.getParams().inner__offset).toBe(2);
  });
  it('copies a RandomState param (scikit-learn deep-copies it): every clone draws the same stream', () => {
    const rs = new RandomState(8);
    rs.randomSample(3);
    const w = new Wrapper({ inner: rs as never });
    const a = clone(w).getParams().inner as unknown as RandomState;
    const b = clone(w).getParams().inner as unknown as RandomState;
    expect(a).not.toBe(rs);
    expect(a.randomSample(4)).toEqual(b.randomSample(4));
    expect(rs.randomSample(4)).toEqual(new RandomState(8).randomSample(7).slice(3));
  });
  it('rejects what is not an estimator', () => {
    expect(isEstimator({})).toBe(false);
    expect(() => clone({} as Shift)).toThrow('Cannot clone [object Object]: it is not an estimator');
  });
  it('catches a constructor that changes its params', () => {
    class Bad extends Shift {
      constructor(params: Partial<ShiftParams> = {}) {
        super({ ...params, offset: (params.offset ?? 0) + 1 });
      }
    }
    expect(() => clone(new Bad())).toThrow('Cannot clone Bad: its constructor set parameter "offset" to 2 instead of 1.');
  });
});
