/**
 * ParameterGrid: every combination of the listed values, in scikit-learn's order.
 */
import { InvalidParameterError } from '../../core/errors.js';
import { formatValue } from '../../core/validate.js';

/** One candidate: parameter name -> value. */
export type ParamSet = Readonly<Record<string, unknown>>;

/** A grid: for each parameter, the values to try. */
export type GridSpec = Readonly<Record<string, readonly unknown[]>>;

/**
 * A grid typed against an estimator's params interface `P`: keys must be params
 * of `P` and values arrays of the param's type.
 */
export type ParamGrid<P> = { readonly [K in keyof P]?: readonly P[K][] };

function checkGridSpec(owner: string, spec: unknown, position: number | undefined): GridSpec {
  const where = position === undefined ? '' : ` (grid ${position})`;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidParameterError(
      `The parameter grid of ${owner} must be a record of arrays or an array of such records${where}. Got ${formatValue(spec)} instead.`,
      { owner, argument: 'paramGrid', value: spec, expected: 'a record of arrays or an array of records' },
    );
  }
  for (const [key, values] of Object.entries(spec)) {
    if (!Array.isArray(values)) {
      throw new InvalidParameterError(
        `The grid value for parameter "${key}" of ${owner} must be an array of candidate values${where}. Got ${formatValue(values)} instead. ` +
          'Single values need to be wrapped in an array with one element.',
        { owner, argument: key, value: values, expected: 'an array' },
      );
    }
    if (values.length === 0) {
      throw new InvalidParameterError(
        `The grid value for parameter "${key}" of ${owner} must be a non-empty array${where}. Got [] instead.`,
        { owner, argument: key, value: values, expected: 'a non-empty array' },
      );
    }
  }
  return spec as GridSpec;
}

interface SubGrid {
  /** Keys sorted, reversed: the first varies fastest in index arithmetic. */
  readonly keysFastFirst: readonly string[];
  readonly valuesFastFirst: readonly (readonly unknown[])[];
  readonly size: number;
}

/**
 * Every combination of a grid's values. Keys are sorted within each grid and the
 * last key varies fastest; grids of a list are enumerated in turn (scikit-learn's
 * order). An empty record is one candidate with no parameters set.
 *
 * @example
 * ```ts
 * const grid = new ParameterGrid({ a: [1, 2], b: [true, false] });
 * grid.length; // 4
 * grid.at(1); // { a: 1, b: false }
 * [...grid]; // [{ a: 1, b: true }, { a: 1, b: false }, { a: 2, b: true }, { a: 2, b: false }]
 * ```
 */
export class ParameterGrid implements Iterable<ParamSet> {
  private readonly grids: readonly SubGrid[];
  /** The number of candidates. */
  readonly length: number;

  constructor(paramGrid: GridSpec | readonly GridSpec[], owner = 'ParameterGrid') {
    let specs: readonly GridSpec[];
    if (Array.isArray(paramGrid)) {
      if (paramGrid.length === 0) {
        throw new InvalidParameterError(
          `The parameter grid of ${owner} must hold at least one grid. Got [] instead.`,
          { owner, argument: 'paramGrid', value: paramGrid, expected: 'a non-empty array of records' },
        );
      }
      specs = paramGrid.map((g, i) => checkGridSpec(owner, g, i));
    } else {
      specs = [checkGridSpec(owner, paramGrid, undefined)];
    }
    this.grids = specs.map((spec) => {
      const keys = Object.keys(spec).sort().reverse();
      const values = keys.map((k) => spec[k] as readonly unknown[]);
      return { keysFastFirst: keys, valuesFastFirst: values, size: values.reduce((n, v) => n * v.length, 1) };
    });
    this.length = this.grids.reduce((n, g) => n + g.size, 0);
  }

  /** The candidate at `index` (0-based), without enumerating the ones before. */
  at(index: number): ParamSet {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new InvalidParameterError(
        `The "index" argument of ParameterGrid.at must be an int in the range [0, ${this.length - 1}]. Got ${formatValue(index)} instead.`,
        { owner: 'ParameterGrid.at', argument: 'index', value: index, expected: `an int in [0, ${this.length - 1}]` },
      );
    }
    let rest = index;
    for (const grid of this.grids) {
      if (rest >= grid.size) {
        rest -= grid.size;
        continue;
      }
      const entries: [string, unknown][] = [];
      for (let k = 0; k < grid.keysFastFirst.length; k++) {
        const values = grid.valuesFastFirst[k] as readonly unknown[];
        entries.push([grid.keysFastFirst[k] as string, values[rest % values.length]]);
        rest = Math.floor(rest / values.length);
      }
      entries.reverse();
      return Object.freeze(Object.fromEntries(entries));
    }
    throw new Error('unreachable');
  }

  *[Symbol.iterator](): Iterator<ParamSet> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** The parameter names that appear in any grid, sorted. */
  get paramNames(): string[] {
    const names = new Set<string>();
    for (const g of this.grids) for (const k of g.keysFastFirst) names.add(k);
    return [...names].sort();
  }
}
