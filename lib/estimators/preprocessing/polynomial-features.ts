/**
 * PolynomialFeatures: scikit-learn's `sklearn.preprocessing.PolynomialFeatures`.
 */
import type { MatrixLike, TargetLike } from '../../core/data.js';
import { DenseMatrix, validateMatrix } from '../../core/data.js';
import type { FitOptions } from '../../core/estimator.js';
import { booleanValue, integerIn, invalidArgument, invalidParameter, satisfies } from '../../core/validate.js';
import { BaseTransformer } from '../base.js';
import { registerTransferable } from '../../core/transfer.js';

/** Parameters of {@link PolynomialFeatures}. */
export interface PolynomialFeaturesParams {
  /**
   * The largest degree, or `[minDegree, maxDegree]` to keep only the terms of
   * degrees in that range (and the bias). @default 2
   */
  degree: number | readonly [number, number];
  /** Only products of distinct features (no `x0^2`). @default false */
  interactionOnly: boolean;
  /** Start with a column of ones (the degree-0 term). @default true */
  includeBias: boolean;
}

interface FittedPolynomial {
  readonly nFeatures: number;
  readonly minDegree: number;
  readonly maxDegree: number;
  /** The feature indices multiplied in each output column (ascending). */
  readonly combinations: readonly (readonly number[])[];
}

const DEGREE_RANGE = satisfies(
  'an array [minDegree, maxDegree] of ints with 0 <= minDegree <= maxDegree',
  (v) =>
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((x) => Number.isInteger(x)) &&
    0 <= (v[0] as number) &&
    (v[0] as number) <= (v[1] as number),
);

/** The feature combinations of each degree, in scikit-learn's column order. */
function combinationsOf(nFeatures: number, degree: number, interactionOnly: boolean): number[][] {
  const out: number[][] = [];
  const current: number[] = [];
  const recurse = (first: number): void => {
    if (current.length === degree) {
      out.push(current.slice());
      return;
    }
    for (let f = first; f < nFeatures; f++) {
      current.push(f);
      recurse(interactionOnly ? f + 1 : f);
      current.pop();
    }
  };
  recurse(0);
  return out;
}

/**
 * Generates polynomial and interaction features, after scikit-learn's
 * `PolynomialFeatures`: for features `[a, b]` and degree 2, the columns
 * `[1, a, b, a^2, a b, b^2]`. Columns are ordered by degree, then
 * lexicographically by feature index, as in scikit-learn; products are computed
 * in scikit-learn's order too.
 *
 * @example
 * ```ts
 * const poly = new PolynomialFeatures({ degree: 2 });
 * (await poly.fitTransform([[2, 3]])).toArray(); // [[1, 2, 3, 4, 6, 9]]
 * poly.getFeatureNamesOut(); // ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
 * ```
 */
export class PolynomialFeatures extends BaseTransformer<PolynomialFeaturesParams> {
  private fitted: FittedPolynomial | undefined;

  constructor(params: Partial<PolynomialFeaturesParams> = {}) {
    super(
      'PolynomialFeatures',
      {
        degree: { default: 2, constraints: [integerIn({ min: 0 }), DEGREE_RANGE] },
        interactionOnly: { default: false, constraints: booleanValue },
        includeBias: { default: true, constraints: booleanValue },
      },
      params,
    );
  }

  /** Records the number of input features and the output columns. */
  async fit(X: MatrixLike, _y?: TargetLike, _options?: FitOptions): Promise<this> {
    this.fitted = undefined;
    const matrix = validateMatrix(X, { owner: `${this.owner}.fit` });
    const { degree, interactionOnly, includeBias } = this.params;
    const [minDegree, maxDegree] = typeof degree === 'number' ? [0, degree] : degree;
    if (maxDegree === 0 && !includeBias) {
      throw invalidParameter(this.owner, 'degree', 'at least 1 when "includeBias" is false (the output would have no columns)', degree);
    }
    const d = matrix.columns;
    const combinations: number[][] = includeBias ? [[]] : [];
    for (let k = Math.max(1, minDegree); k <= maxDegree; k++) combinations.push(...combinationsOf(d, k, interactionOnly));
    this.nFeaturesSeen = d;
    this.fitted = { nFeatures: d, minDegree, maxDegree, combinations };
    return this;
  }

  /** The polynomial features of X, one row per sample. */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    const state = this.requireFitted(this.fitted, 'transform');
    const matrix = validateMatrix(X, { owner: `${this.owner}.transform` });
    this.checkFeatureCount(matrix, 'transform');
    const n = matrix.rows;
    const d = matrix.columns;
    const nOut = state.combinations.length;
    const out = DenseMatrix.zeros(n, nOut);
    const x = matrix.values;
    const o = out.values;
    // Each column is a product of features f1 <= f2 <= ... <= fk; scikit-learn
    // builds degree k from degree k - 1 by multiplying by the first factor, so the
    // product is ((x[fk] * x[fk-1]) * ...) * x[f1].
    for (let c = 0; c < nOut; c++) {
      const factors = state.combinations[c] as readonly number[];
      for (let i = 0; i < n; i++) {
        let value = 1;
        if (factors.length > 0) {
          value = x[i * d + (factors[factors.length - 1] as number)] as number;
          for (let k = factors.length - 2; k >= 0; k--) value *= x[i * d + (factors[k] as number)] as number;
        }
        o[i * nOut + c] = value;
      }
    }
    return out;
  }

  /** The exponent of each input feature in each output column (`nOutputFeatures × nFeatures`). */
  get powers(): number[][] {
    const state = this.requireFitted(this.fitted, 'powers');
    return state.combinations.map((factors) => {
      const row = new Array<number>(state.nFeatures).fill(0);
      for (const f of factors) row[f] = (row[f] as number) + 1;
      return row;
    });
  }

  /** The number of output columns. */
  get nOutputFeatures(): number {
    return this.requireFitted(this.fitted, 'nOutputFeatures').combinations.length;
  }

  /**
   * The output column names: `1`, `x0`, `x0^2`, `x0 x1`, …; features are named
   * `x0, x1, …` unless `inputFeatures` is given.
   */
  getFeatureNamesOut(inputFeatures?: readonly string[]): string[] {
    const state = this.requireFitted(this.fitted, 'getFeatureNamesOut');
    if (inputFeatures !== undefined && inputFeatures.length !== state.nFeatures) {
      throw invalidArgument(`${this.owner}.getFeatureNamesOut`, 'inputFeatures', `an array of ${state.nFeatures} names`, inputFeatures);
    }
    return this.powers.map((row) => {
      const terms: string[] = [];
      row.forEach((power, f) => {
        if (power === 0) return;
        const name = inputFeatures?.[f] ?? `x${f}`;
        terms.push(power === 1 ? name : `${name}^${power}`);
      });
      return terms.length === 0 ? '1' : terms.join(' ');
    });
  }
}

registerTransferable(PolynomialFeatures, import.meta.url);
