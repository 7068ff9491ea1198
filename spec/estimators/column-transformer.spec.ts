import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { MatrixLike } from '../../lib/core/data.js';
import { DenseMatrix, validateMatrix } from '../../lib/core/data.js';
import { InvalidParameterError, NotFittedError, ValidationError } from '../../lib/core/errors.js';
import type { ParamSchema, ParamsOf } from '../../lib/core/estimator.js';
import { clone } from '../../lib/core/estimator.js';
import { realIn } from '../../lib/core/validate.js';
import { BaseTransformer } from '../../lib/estimators/base.js';
import type { ColumnTransformerEntries } from '../../lib/estimators/column-transformer.js';
import { ColumnTransformer } from '../../lib/estimators/column-transformer.js';
import { DummyClassifier } from '../../lib/estimators/dummy.js';
import { Pipeline } from '../../lib/estimators/pipeline.js';
import { StandardScaler } from '../../lib/estimators/preprocessing/index.js';
import { checkEstimator } from '../contracts/estimator.contract.js';

interface ScaleParams {
  /** Multiplies the centred values. */
  factor: number;
}
const SCALE_SCHEMA: ParamSchema<ScaleParams> = { factor: { default: 1, constraints: realIn() } };

/** Centres each column on its training mean, then multiplies by `factor`. */
class Scale extends BaseTransformer<ScaleParams> {
  private means: Float64Array | undefined;
  constructor(params: Partial<ScaleParams> = {}) {
    super('Scale', SCALE_SCHEMA, params);
  }
  get mean(): Float64Array {
    return this.requireFitted(this.means, 'mean');
  }
  async fit(X: MatrixLike): Promise<this> {
    const m = validateMatrix(X, { owner: 'Scale.fit' });
    const means = new Float64Array(m.columns);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) means[j] += m.get(i, j);
    for (let j = 0; j < m.columns; j++) means[j] /= m.rows;
    this.nFeaturesSeen = m.columns;
    this.means = means;
    return this;
  }
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const means = this.requireFitted(this.means, 'transform');
    const m = validateMatrix(X, { owner: 'Scale.transform' });
    this.checkFeatureCount(m, 'transform');
    const out = DenseMatrix.zeros(m.rows, m.columns);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out.set(i, j, (m.get(i, j) - means[j]!) * this.params.factor);
    return out;
  }
}

/** Appends the row sum as an extra column: the output width differs from the input's. */
class AddSum extends BaseTransformer<Record<never, never>> {
  private fitted = false;
  constructor(params: Partial<Record<never, never>> = {}) {
    super('AddSum', {}, params);
  }
  async fit(X: MatrixLike): Promise<this> {
    this.nFeaturesSeen = validateMatrix(X, { owner: 'AddSum.fit' }).columns;
    this.fitted = true;
    return this;
  }
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    this.requireFitted(this.fitted || undefined, 'transform');
    const m = validateMatrix(X, { owner: 'AddSum.transform' });
    return DenseMatrix.fromRows(m.toArray().map((r) => [...r, r.reduce((a, b) => a + b, 0)]));
  }
}

interface CtFixture {
  X: number[][];
  cases: {
    title: string;
    transformers: [string, 'drop' | 'passthrough', number[]][];
    remainder: 'drop' | 'passthrough';
    output: number[][];
    output_indices: Record<string, [number, number]> | null;
    fitted: [string, string, number[]][];
  }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/composition/column_transformer.json', import.meta.url), 'utf8')) as CtFixture;

const X = [
  [1, 10, 100, 5],
  [2, 20, 300, 6],
  [3, 60, 200, 7],
  [6, 30, 400, 8],
];

checkEstimator(
  'ColumnTransformer',
  () =>
    new ColumnTransformer({
      transformers: [
        ['scale', new Scale({ factor: 2 }), [0, 2]],
        ['sum', new AddSum(), [1]],
      ],
      remainder: 'passthrough',
    }),
  { kind: 'transformer' },
);

describe('ColumnTransformer output layout (scikit-learn parity)', () => {
  for (const c of fixture.cases) {
    it(c.title, async () => {
      const ct = new ColumnTransformer(c.transformers, { remainder: c.remainder });
      const out = await ct.fitTransform(fixture.X);
      expect(out.toArray()).toEqual(c.output);
      expect((await ct.transform(fixture.X)).toArray()).toEqual(c.output);
      // scikit-learn keeps negative indices as given; tunekit resolves them
      const resolve = (cols: number[]): number[] => cols.map((j) => (j < 0 ? j + fixture.X[0]!.length : j));
      expect(ct.fittedTransformers.map(([n, t, cols]) => [n, t, cols])).toEqual(c.fitted.map(([n, t, cols]) => [n, t, resolve(cols)]));
      // scikit-learn 1.2 miscounts output_indices_ after an empty selection, and sets none when all is dropped
      if (c.output_indices && !c.transformers.some(([, , cols]) => cols.length === 0)) expect(ct.outputIndices).toEqual(c.output_indices);
    });
  }
});

describe('ColumnTransformer', () => {
  it('fits each transformer (a clone) on its own columns', async () => {
    const scale = new Scale();
    const ct = new ColumnTransformer({ transformers: [['scale', scale, [1, 3]]] });
    const out = await ct.fitTransform(X);
    const fitted = ct.namedTransformers.scale as Scale;
    expect(fitted).not.toBe(scale);
    expect(() => scale.mean).toThrow(NotFittedError);
    expect(Array.from(fitted.mean)).toEqual([30, 6.5]);
    expect(out.toArray()).toEqual(X.map((r) => [r[1]! - 30, r[3]! - 6.5]));
  });

  it('scales chosen columns with StandardScaler and passes the rest through', async () => {
    const ct = new ColumnTransformer({ transformers: [['std', new StandardScaler(), [2, 0]]], remainder: 'passthrough' });
    const out = await ct.fitTransform(X);
    const direct = await new StandardScaler().fitTransform(X.map((r) => [r[2]!, r[0]!]));
    expect(out.toArray()).toEqual(direct.toArray().map((r, i) => [...r, X[i]![1]!, X[i]![3]!]));
    expect(ct.fittedTransformers.map(([n, , cols]) => [n, cols])).toEqual([
      ['std', [2, 0]],
      ['remainder', [1, 3]],
    ]);
  });

  it('concatenates outputs of different widths in order, then the remainder', async () => {
    const ct = new ColumnTransformer([
      ['sum', new AddSum(), [0, 1]],
      ['scale', new Scale({ factor: 10 }), [3]],
    ], { remainder: 'passthrough' });
    const out = await ct.fitTransform(X);
    expect(out.toArray()[0]).toEqual([1, 10, 11, -15, 100]);
    expect(ct.outputIndices).toEqual({ sum: [0, 3], scale: [3, 4], remainder: [4, 5] });
    expect((await ct.transform([[0, 0, 7, 6.5]])).toArray()).toEqual([[0, 0, 0, 0, 7]]);
  });

  it('fitTransform equals fit then transform', async () => {
    const make = (): ColumnTransformer => new ColumnTransformer({ transformers: [['scale', new Scale({ factor: 3 }), [0, 1]]], remainder: 'passthrough' });
    const a = await make().fitTransform(X);
    const b = await (await make().fit(X)).transform(X);
    expect(a.toArray()).toEqual(b.toArray());
  });

  it('has scikit-learn parameter layout and routing', () => {
    const scale = new Scale();
    const ct = new ColumnTransformer({ transformers: [['scale', scale, [0]], ['skip', 'drop', [1]]] });
    expect(Object.keys(ct.getParams())).toEqual(['transformers', 'remainder', 'scale', 'skip', 'scale__factor']);
    ct.setParams({ scale__factor: 5, remainder: 'passthrough' });
    expect(scale.getParams().factor).toBe(5);
    const other = new Scale();
    ct.setParams({ skip: other });
    expect(ct.getParams().skip).toBe(other);
    expect(ct.getParams(false).transformers[1]).toEqual(['skip', other, [1]]);
    expect(() => ct.setParams({ scale__nope: 1 } as never)).toThrow('Unknown parameter "nope" for Scale.');
    expect(() => ct.setParams({ remainder: 'keep' as never })).toThrow(
      'The "remainder" parameter of ColumnTransformer must be one of "drop", "passthrough". Got "keep" instead.',
    );
  });

  it('types nested keys (compile-time checks)', () => {
    const ct = new ColumnTransformer({ transformers: [['scale', new Scale(), [0]]] });
    expectTypeOf<ParamsOf<typeof ct>['scale__factor']>().toEqualTypeOf<number>();
    // @ts-expect-error: Scale has no C
    expect(() => ct.setParams({ scale__C: 1 })).toThrow(InvalidParameterError);
  });

  it('round-trips through clone', async () => {
    const ct = new ColumnTransformer({ transformers: [['scale', new Scale({ factor: 2 }), [0, 1]]], remainder: 'passthrough' });
    await ct.fit(X);
    const copy = clone(ct);
    expect(copy.getParams(false)).toEqual(ct.getParams(false));
    expect(copy.getParams().scale).not.toBe(ct.getParams().scale);
    await expect(copy.transform(X)).rejects.toBeInstanceOf(NotFittedError);
  });

  it('works inside a Pipeline, with nested params three levels deep', async () => {
    const pipe = new Pipeline([
      ['columns', new ColumnTransformer({ transformers: [['scale', new Scale(), [0, 1]]] })],
      ['clf', new DummyClassifier({ strategy: 'most_frequent' })],
    ]);
    pipe.setParams({ columns__scale__factor: 4 });
    expect(pipe.getParams().columns__scale__factor).toBe(4);
    await pipe.fit(X, [0, 1, 1, 1]);
    expect(await pipe.predict(X)).toEqual([1, 1, 1, 1]);
  });

  it('rejects a column index out of range, at fit', async () => {
    const ct = new ColumnTransformer({ transformers: [['scale', new Scale(), [0, 4]]] });
    await expect(ct.fit(X)).rejects.toBeInstanceOf(ValidationError);
    await expect(ct.fit(X)).rejects.toThrow(
      'The "X" argument of ColumnTransformer.fit must be a matrix with a column 4 (selected by transformer "scale"). Got a matrix with 4 columns instead.',
    );
  });

  it('checks the number of features at transform time', async () => {
    const ct = await new ColumnTransformer({ transformers: [['scale', new Scale(), [0]]] }).fit(X);
    await expect(ct.transform([[1, 2]])).rejects.toThrow('X has 2 features, but ColumnTransformer is expecting 4 features as input (in ColumnTransformer.transform).');
  });

  it('rejects duplicate names and entries that are not transformers', () => {
    expect(() => new ColumnTransformer([['a', 'drop', [0]], ['a', 'passthrough', [1]]])).toThrow(
      'The "transformers" parameter of ColumnTransformer must be an array of [name, transformer, columns] triples with unique names. ' +
        'Got [["a", "drop", […1 items]], ["a", "passthrough", […1 items]]] instead. Names provided are not unique: "a".',
    );
    expect(() => new ColumnTransformer([['clf', new DummyClassifier(), [0]]])).toThrow(
      'The "transformers" parameter of ColumnTransformer must be an array of [name, transformer, columns] triples whose transformers have fit and transform methods, or are "drop" or "passthrough". ' +
        'Got [["clf", an instance of DummyClassifier, […1 items]]] instead. Entry "clf" (an instance of DummyClassifier) has no transform method.',
    );
    expect(() => new ColumnTransformer([['remainder__x', 'drop', [0]]])).toThrow(/whose names do not contain "__"/);
    expect(() => new ColumnTransformer([['remainder', 'drop', [0]]])).toThrow(/Names conflict with parameters of ColumnTransformer: "remainder"\./);
  });

  it('rejects malformed entries', () => {
    const shape =
      'an array of [name, transformer, columns] triples (transformer may be "drop" or "passthrough"; columns is an array of integer column indices)';
    expect(() => new ColumnTransformer([['a', 'drop', [0.5]]] as never)).toThrow(
      `The "transformers" parameter of ColumnTransformer must be ${shape}. Got [["a", "drop", […1 items]]] instead.`,
    );
    expect(() => new ColumnTransformer([['a', 'keep', [0]]] as never)).toThrow(InvalidParameterError);
    expect(() => new ColumnTransformer([['a', new Scale()]] as never)).toThrow(InvalidParameterError);
  });

  it('accepts an empty list (identity with remainder passthrough)', async () => {
    const entries: ColumnTransformerEntries = [];
    const ct = new ColumnTransformer(entries, { remainder: 'passthrough' });
    expect((await ct.fitTransform(X)).toArray()).toEqual(X);
  });
});
