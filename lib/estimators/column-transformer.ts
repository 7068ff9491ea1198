/**
 * ColumnTransformer: different transformers for different columns of X,
 * outputs side by side (scikit-learn's `compose.ColumnTransformer`).
 *
 * Columns are chosen by integer index (tunekit matrices have no column names);
 * negative indices count from the end, as in numpy. Fitting works on clones of
 * the given transformers, kept in {@link ColumnTransformer.fittedTransformers}.
 */
import type { MatrixLike, TargetLike } from '../core/data.js';
import { DenseMatrix, validateMatrix } from '../core/data.js';
import type { AnyEstimator, Estimator, FitOptions, ParamSchema, ParamValues } from '../core/estimator.js';
import { clone, isEstimator, isTransformer } from '../core/estimator.js';
import type { Constraint } from '../core/validate.js';
import { checkParam, formatValue, invalidArgument, invalidParameter, oneOf, satisfies } from '../core/validate.js';
import { BaseTransformer } from './base.js';
import type { NestedParams } from './pipeline.js';
import { fitTransformOne } from './pipeline.js';
import { compositeGetParams, compositeSetParams, validateItemNames } from './composition.js';
import { registerTransferable } from '../core/transfer.js';

/** What an entry applies to its columns: a transformer, or `'drop'`/`'passthrough'`. */
export type ColumnTransformerItem = AnyEstimator | 'drop' | 'passthrough';

/** One entry: `[name, transformer, columns]`, columns as integer indices into X. */
export type ColumnTransformerEntry = readonly [name: string, transformer: ColumnTransformerItem, columns: readonly number[]];

/** The entries of a {@link ColumnTransformer}. */
export type ColumnTransformerEntries = readonly ColumnTransformerEntry[];

/** The options of a {@link ColumnTransformer} besides its transformers. */
export interface ColumnTransformerOptions {
  /**
   * What happens to the columns no entry names: `'drop'` leaves them out,
   * `'passthrough'` appends them unchanged (in column order) after the outputs of
   * the entries.
   * @default 'drop'
   */
  remainder: 'drop' | 'passthrough';
}

/** The own parameters of a {@link ColumnTransformer}. */
export interface ColumnTransformerOwnParams<T extends ColumnTransformerEntries = ColumnTransformerEntries> extends ColumnTransformerOptions {
  /** The `[name, transformer, columns]` entries; outputs are concatenated in this order. */
  transformers: T;
}

/**
 * Every parameter of `ColumnTransformer<T>`, nested ones (`name__param`) included,
 * typed as {@link PipelineParams} types a pipeline's (same limits).
 */
export type ColumnTransformerParams<T extends ColumnTransformerEntries = ColumnTransformerEntries> = ColumnTransformerOwnParams<T> &
  NestedParams<T, ColumnTransformerItem>;

/** A fitted entry: the fitted clone (or `'drop'`/`'passthrough'`) and the resolved, non-negative columns. */
export type FittedColumnEntry = readonly [name: string, transformer: ColumnTransformerItem, columns: readonly number[]];

const OWNER = 'ColumnTransformer';
const OWN_KEYS = ['transformers', 'remainder'] as const;

const entriesConstraint: Constraint = satisfies(
  'an array of [name, transformer, columns] triples (transformer may be "drop" or "passthrough"; columns is an array of integer column indices)',
  (v) =>
    Array.isArray(v) &&
    v.every(
      (e) =>
        Array.isArray(e) &&
        e.length === 3 &&
        typeof e[0] === 'string' &&
        e[0].length > 0 &&
        (e[1] === 'drop' || e[1] === 'passthrough' || isEstimator(e[1])) &&
        Array.isArray(e[2]) &&
        (e[2] as unknown[]).every((c) => typeof c === 'number' && Number.isInteger(c)),
    ),
);

const SCHEMA: ParamSchema<ColumnTransformerOwnParams> = {
  transformers: { default: [], constraints: entriesConstraint },
  remainder: { default: 'drop', constraints: oneOf(['drop', 'passthrough']) },
};

function validateEntries(entries: ColumnTransformerEntries): void {
  validateItemNames(OWNER, 'transformers', '[name, transformer, columns] triples', entries, OWN_KEYS);
  for (const [name, t] of entries) {
    if (t === 'drop' || t === 'passthrough' || isTransformer(t)) continue;
    throw invalidParameter(OWNER, 'transformers', 'an array of [name, transformer, columns] triples whose transformers have fit and transform methods, or are "drop" or "passthrough"', entries, {
      hint: `Entry "${name}" (an instance of ${t.constructor.name}) has no transform method.`,
    });
  }
}

interface FittedState {
  readonly entries: FittedColumnEntry[];
  readonly outputIndices: Readonly<Record<string, readonly [number, number]>>;
}

/**
 * Applies transformers to column subsets of X and concatenates their outputs,
 * in the order of `transformers`, then the remainder columns when
 * `remainder: 'passthrough'`. Entries whose column list is empty are skipped.
 *
 * @example
 * ```ts
 * const ct = new ColumnTransformer({
 *   transformers: [['scale', new StandardScaler(), [0, 1]], ['keep', 'passthrough', [3]]],
 *   remainder: 'drop',
 * });
 * const Xt = await ct.fitTransform(X); // columns: scaled 0, scaled 1, raw 3
 * ```
 */
export class ColumnTransformer<const T extends ColumnTransformerEntries = ColumnTransformerEntries>
  extends BaseTransformer<ColumnTransformerOwnParams<T>>
  implements Estimator<ColumnTransformerParams<T>>
{
  private state: FittedState | undefined;

  /**
   * @param transformers - the `[name, transformer, columns]` entries, or one params
   *   object `{ transformers, remainder }` (the form `clone` uses).
   * @throws {InvalidParameterError} for malformed entries, duplicate names, names
   *   with `__` or equal to a parameter name, or an entry that is not a transformer.
   */
  constructor(transformers: T, options?: Partial<ColumnTransformerOptions>);
  constructor(params?: Partial<ColumnTransformerOptions> & { readonly transformers?: T });
  constructor(
    transformersOrParams?: T | (Partial<ColumnTransformerOptions> & { readonly transformers?: T }),
    options: Partial<ColumnTransformerOptions> = {},
  ) {
    super(
      OWNER,
      SCHEMA as unknown as ParamSchema<ColumnTransformerOwnParams<T>>,
      Array.isArray(transformersOrParams)
        ? { ...options, transformers: transformersOrParams as T }
        : (transformersOrParams as Partial<ColumnTransformerOwnParams<T>> | undefined),
    );
    validateEntries(this.params.transformers);
  }

  override getParams(deep = true): ParamValues<ColumnTransformerParams<T>> {
    return compositeGetParams(super.getParams(false), this.params.transformers, deep) as ParamValues<ColumnTransformerParams<T>>;
  }

  override setParams(params: Partial<ColumnTransformerParams<T>>): this {
    const { own, items } = compositeSetParams({
      owner: OWNER,
      listKey: 'transformers',
      ownKeys: OWN_KEYS,
      current: this.params.transformers,
      given: params as Record<string, unknown>,
      validNames: () => Object.keys(this.getParams(true)),
      validate: (list) => {
        checkParam(OWNER, 'transformers', list, entriesConstraint);
        validateEntries(list as ColumnTransformerEntries);
      },
      checkOwn: (key, value) => {
        if (key === 'remainder') checkParam(OWNER, 'remainder', value, SCHEMA.remainder.constraints ?? []);
      },
    });
    super.setParams({ ...own, ...(items !== this.params.transformers ? { transformers: items } : {}) } as Partial<ColumnTransformerOwnParams<T>>);
    return this;
  }

  /** Releases what the fitted transformers hold; the transformer becomes unfitted. */
  dispose(): void {
    const state = this.state;
    this.state = undefined;
    for (const [, t] of state?.entries ?? []) if (isEstimator(t)) t.dispose?.();
  }

  /**
   * The fitted entries (scikit-learn's `transformers_`): fitted clones, with the
   * remainder last as `['remainder', 'drop' | 'passthrough', columns]` when some
   * columns were left over. @throws {NotFittedError} before fit.
   */
  get fittedTransformers(): readonly FittedColumnEntry[] {
    return this.requireFitted(this.state, 'fittedTransformers').entries;
  }

  /** The fitted transformers by name (scikit-learn's `named_transformers_`). @throws {NotFittedError} before fit. */
  get namedTransformers(): Readonly<Record<string, ColumnTransformerItem>> {
    return Object.fromEntries(this.fittedTransformers.map(([name, t]) => [name, t]));
  }

  /**
   * Which output columns each entry produced, as `[start, end)` (scikit-learn's
   * `output_indices_`); entries without output (dropped, empty selection) get `[0, 0]`.
   * @throws {NotFittedError} before fit.
   */
  get outputIndices(): Readonly<Record<string, readonly [number, number]>> {
    return this.requireFitted(this.state, 'outputIndices').outputIndices;
  }

  /** Fits a clone of each transformer on its columns. */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    await this.fitTransform(X, y, options);
    return this;
  }

  /** Fits, and returns the concatenated outputs (each transformer fitted and applied once). */
  override async fitTransform(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<DenseMatrix> {
    this.dispose();
    const entries = this.params.transformers;
    validateEntries(entries);
    const matrix = validateMatrix(X, { owner: `${OWNER}.fit`, allowNaN: true });
    const resolved = entries.map(([name, , columns]) => resolveColumns(name, columns, matrix));
    const used = new Set(resolved.flat());
    const remaining = Array.from({ length: matrix.columns }, (_, j) => j).filter((j) => !used.has(j));
    const fitted: FittedColumnEntry[] = [];
    const blocks: { name: string; output: DenseMatrix | undefined }[] = [];
    for (let k = 0; k < entries.length; k++) {
      const [name, t] = entries[k] as ColumnTransformerEntry;
      const columns = resolved[k] as number[];
      if (t === 'drop' || columns.length === 0) {
        fitted.push([name, t, columns]);
        blocks.push({ name, output: undefined });
      } else if (t === 'passthrough') {
        fitted.push([name, t, columns]);
        blocks.push({ name, output: matrix.takeColumns(columns) });
      } else {
        const copy = clone(t);
        const output = await fitTransformOne(copy, matrix.takeColumns(columns), y, options);
        fitted.push([name, copy, columns]);
        blocks.push({ name, output: checkOutput(name, output, matrix.rows) });
      }
    }
    if (remaining.length > 0) {
      fitted.push(['remainder', this.params.remainder, remaining]);
      blocks.push({ name: 'remainder', output: this.params.remainder === 'passthrough' ? matrix.takeColumns(remaining) : undefined });
    } else {
      blocks.push({ name: 'remainder', output: undefined });
    }
    const { result, outputIndices } = concatenate(blocks, matrix.rows);
    this.nFeaturesSeen = matrix.columns;
    this.state = { entries: fitted, outputIndices };
    return result;
  }

  /** Applies the fitted transformers to their columns and concatenates the outputs. */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const state = this.requireFitted(this.state, 'transform');
    const matrix = validateMatrix(X, { owner: `${OWNER}.transform`, allowNaN: true });
    this.checkFeatureCount(matrix, 'transform');
    const blocks: { name: string; output: DenseMatrix | undefined }[] = [];
    for (const [name, t, columns] of state.entries) {
      if (t === 'drop' || columns.length === 0) blocks.push({ name, output: undefined });
      else if (t === 'passthrough') blocks.push({ name, output: matrix.takeColumns(columns) });
      else blocks.push({ name, output: checkOutput(name, await (t as AnyEstimator & { transform(X: MatrixLike): Promise<DenseMatrix> }).transform(matrix.takeColumns(columns)), matrix.rows) });
    }
    return concatenate(blocks, matrix.rows).result;
  }

  override toString(): string {
    const entries = this.params.transformers.map(
      ([name, t, columns]) => `[${JSON.stringify(name)}, ${isEstimator(t) ? String(t) : formatValue(t)}, ${formatValue(columns)}]`,
    );
    return `${OWNER}({ transformers: [${entries.join(', ')}], remainder: ${JSON.stringify(this.params.remainder)} })`;
  }
}

/** Column indices made non-negative and checked against X. */
function resolveColumns(name: string, columns: readonly number[], X: DenseMatrix): number[] {
  return columns.map((c) => {
    const j = c < 0 ? c + X.columns : c;
    if (j < 0 || j >= X.columns) {
      throw invalidArgument(`${OWNER}.fit`, 'X', `a matrix with a column ${c} (selected by transformer "${name}")`, X, {
        shown: `a matrix with ${X.columns} columns`,
      });
    }
    return j;
  });
}

function checkOutput(name: string, output: unknown, rows: number): DenseMatrix {
  if (!(output instanceof DenseMatrix) || output.rows !== rows) {
    throw invalidArgument(`${OWNER} (transformer "${name}")`, 'output', `a DenseMatrix with ${rows} rows (one per input row)`, output, {
      shown: output instanceof DenseMatrix ? `${output.rows} rows` : formatValue(output),
    });
  }
  return output;
}

function concatenate(
  blocks: readonly { name: string; output: DenseMatrix | undefined }[],
  rows: number,
): { result: DenseMatrix; outputIndices: Record<string, readonly [number, number]> } {
  const outputIndices: Record<string, readonly [number, number]> = {};
  let width = 0;
  for (const { name, output } of blocks) {
    // as scikit-learn: an entry without output (dropped, empty selection) gets [0, 0]
    const w = output?.columns ?? 0;
    outputIndices[name] = w === 0 ? [0, 0] : [width, width + w];
    width += w;
  }
  const result = DenseMatrix.zeros(rows, width);
  let offset = 0;
  for (const { output } of blocks) {
    if (!output) continue;
    for (let i = 0; i < rows; i++) result.values.set(output.row(i), i * width + offset);
    offset += output.columns;
  }
  return { result, outputIndices };
}

registerTransferable(ColumnTransformer, import.meta.url);
