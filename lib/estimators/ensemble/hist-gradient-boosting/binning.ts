/**
 * Binning: scikit-learn's `_BinMapper` (`sklearn/ensemble/_hist_gradient_boosting/binning.py`).
 *
 * Each feature is cut into at most `maxBins` bins for its non-missing values, plus one
 * bin for missing values (NaN) at index `maxBins`. A continuous feature with at most
 * `maxBins` distinct values gets one bin per value (thresholds at the midpoints between
 * neighbours); otherwise the thresholds are numpy's `'midpoint'` percentiles at
 * `linspace(0, 100, maxBins + 1)[1:-1]`, computed on a subsample of 200 000 rows when
 * there are more. A categorical feature gets one bin per known category (its
 * "thresholds" are the sorted categories).
 *
 * Binning is a step of its own ({@link binData}: X to the binned matrix and the bin
 * thresholds), so that a search can bin once and share the result across candidates.
 * The binned matrix is uint8 and feature-major (column `f` is `data[f * rows ...]`), as
 * the histogram kernels walk one feature at a time.
 */
import type { DenseMatrix } from '../../../core/data.js';
import { binValues, sortFinite } from './kernels.js';
import { subsampleRows } from './randomness.js';

/** scikit-learn's `ALMOST_INF`: thresholds are clipped to it (a +inf threshold only splits off NaN). */
export const ALMOST_INF = 1e300;

/** scikit-learn's default binning subsample size. */
export const DEFAULT_BINNING_SUBSAMPLE = 200_000;

/** The fitted binning of every feature (scikit-learn's fitted `_BinMapper`). */
export interface BinMapper {
  readonly nFeatures: number;
  /** The most bins for non-missing values (2..255). */
  readonly maxBins: number;
  /** The bin of missing values, the same for every feature: `maxBins`. */
  readonly missingValuesBinIndex: number;
  /**
   * Per feature: the increasing thresholds of a continuous feature (value `x` goes to
   * bin `i` iff `thresholds[i - 1] < x <= thresholds[i]`), or the sorted categories of a
   * categorical feature (category `thresholds[i]` goes to bin `i`).
   */
  readonly thresholds: readonly Float64Array[];
  /** Per feature, the number of bins used by non-missing values. */
  readonly nBinsNonMissing: Uint32Array;
  /** Per feature, 1 for a categorical feature. */
  readonly isCategorical: Uint8Array;
}

/** A binned matrix: uint8 bin indices, feature-major. */
export interface BinnedMatrix {
  /** Bin of row `i`, feature `f` at `data[f * rows + i]`. */
  readonly data: Uint8Array;
  readonly rows: number;
  readonly features: number;
}

/** Options of {@link fitBinMapper}. */
export interface BinMapperOptions {
  /** The most bins for non-missing values, in [2, 255]. @default 255 */
  readonly maxBins?: number;
  /** Rows used to find the thresholds (a random subset when there are more); null uses all. @default 200000 */
  readonly subsample?: number | null;
  /** Per feature, true for a categorical feature. @default all continuous */
  readonly isCategorical?: ArrayLike<boolean | number> | null;
  /** Per feature, the sorted categories of a categorical feature (null for a continuous one). */
  readonly knownCategories?: readonly (Float64Array | null)[] | null;
  /** Seeds the subsample. @default 0 */
  readonly seed?: number;
}

/**
 * The bin thresholds of one continuous feature (scikit-learn's
 * `_find_binning_thresholds`): NaN is ignored; midpoints between the distinct values
 * when there are at most `maxBins` of them, numpy's midpoint percentiles otherwise;
 * clipped to {@link ALMOST_INF}.
 *
 * @example
 * ```ts
 * findBinningThresholds([3, 1, 2, 2, NaN], 255); // Float64Array [1.5, 2.5]
 * ```
 */
export function findBinningThresholds(column: ArrayLike<number>, maxBins: number): Float64Array {
  let count = 0;
  for (let i = 0; i < column.length; i++) if (!Number.isNaN(column[i])) count++;
  const finite = new Float64Array(count);
  for (let i = 0, k = 0; i < column.length; i++) {
    const v = column[i] as number;
    if (!Number.isNaN(v)) finite[k++] = v;
  }
  const sorted = sortFinite(finite);
  let distinct = 0;
  for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;

  let thresholds: Float64Array;
  if (distinct <= maxBins) {
    const values = new Float64Array(distinct);
    for (let i = 0, k = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) values[k++] = sorted[i] as number;
    thresholds = new Float64Array(Math.max(0, distinct - 1));
    for (let i = 0; i < thresholds.length; i++) thresholds[i] = ((values[i] as number) + (values[i + 1] as number)) * 0.5;
  } else {
    thresholds = midpointPercentiles(sorted, maxBins);
  }
  for (let i = 0; i < thresholds.length; i++) if ((thresholds[i] as number) > ALMOST_INF) thresholds[i] = ALMOST_INF;
  return thresholds;
}

/**
 * numpy's `percentile(sorted, linspace(0, 100, maxBins + 1)[1:-1], method='midpoint')`
 * on values sorted ascending, with numpy's arithmetic step for step.
 */
function midpointPercentiles(sorted: Float64Array, maxBins: number): Float64Array {
  const n = sorted.length;
  const step = 100 / maxBins; // np.linspace's step
  const out = new Float64Array(maxBins - 1);
  for (let k = 1; k < maxBins; k++) {
    const quantile = (k * step) / 100;
    const position = (n - 1) * quantile;
    const index = 0.5 * (Math.floor(position) + Math.ceil(position));
    if (index >= n - 1) {
      out[k - 1] = sorted[n - 1] as number;
      continue;
    }
    const below = Math.floor(index);
    const a = sorted[below] as number;
    const b = sorted[below + 1] as number;
    const diff = b - a;
    // numpy's _lerp with gamma 0 (integral index) or 0.5
    out[k - 1] = index % 1 === 0 ? a + diff * 0 : b - diff * (1 - 0.5);
  }
  return out;
}

/**
 * Finds the bin thresholds of every feature of X (scikit-learn's `_BinMapper.fit`).
 * With more rows than `subsample`, the thresholds come from a random subset of rows.
 */
export function fitBinMapper(X: DenseMatrix, options: BinMapperOptions = {}): BinMapper {
  const maxBins = options.maxBins ?? 255;
  const subsample = options.subsample === undefined ? DEFAULT_BINNING_SUBSAMPLE : options.subsample;
  const p = X.columns;
  const isCategorical = new Uint8Array(p);
  if (options.isCategorical) for (let f = 0; f < p; f++) isCategorical[f] = options.isCategorical[f] ? 1 : 0;
  const rows = subsample !== null && X.rows > subsample ? subsampleRows(options.seed ?? 0, X.rows, subsample) : undefined;
  const nRows = rows === undefined ? X.rows : rows.length;
  const column = new Float64Array(nRows);
  const thresholds: Float64Array[] = [];
  const nBinsNonMissing = new Uint32Array(p);
  for (let f = 0; f < p; f++) {
    if (isCategorical[f]) {
      const categories = options.knownCategories?.[f];
      if (!categories) throw new Error(`fitBinMapper: known categories of categorical feature ${f} are required.`);
      thresholds.push(categories);
      nBinsNonMissing[f] = categories.length;
      continue;
    }
    const values = X.values;
    for (let k = 0; k < nRows; k++) column[k] = values[(rows === undefined ? k : (rows[k] as number)) * p + f] as number;
    const t = findBinningThresholds(column, maxBins);
    thresholds.push(t);
    nBinsNonMissing[f] = t.length + 1;
  }
  return { nFeatures: p, maxBins, missingValuesBinIndex: maxBins, thresholds, nBinsNonMissing, isCategorical };
}

/**
 * Bins X with fitted thresholds (scikit-learn's `_BinMapper.transform`): NaN (and, for
 * a categorical feature, a negative value) goes to the missing-values bin. With `rows`,
 * only those rows are binned, in that order.
 */
export function binMatrix(mapper: BinMapper, X: DenseMatrix, rows?: ArrayLike<number>): BinnedMatrix {
  const p = X.columns;
  const n = rows === undefined ? X.rows : rows.length;
  const data = new Uint8Array(n * p);
  const values = X.values;
  const column = new Float64Array(n);
  for (let f = 0; f < p; f++) {
    for (let k = 0; k < n; k++) column[k] = values[(rows === undefined ? k : (rows[k] as number)) * p + f] as number;
    binValues(column, mapper.thresholds[f] as Float64Array, data.subarray(f * n, (f + 1) * n), mapper.missingValuesBinIndex, mapper.isCategorical[f] === 1);
  }
  return { data, rows: n, features: p };
}

/** What {@link binData} returns: the fitted thresholds and the binned rows. */
export interface BinnedData {
  readonly mapper: BinMapper;
  readonly binned: BinnedMatrix;
}

/**
 * Fits the bin thresholds on X (or on the listed rows of X) and bins those rows: the
 * binning step of a HistGradientBoosting fit, on its own so that it can be shared.
 *
 * @example
 * ```ts
 * const { mapper, binned } = binData(validateMatrix([[0.5], [1.5], [NaN]], { owner: 'demo', allowNaN: true }));
 * mapper.thresholds[0]; // Float64Array [1]
 * binned.data; // Uint8Array [0, 1, 255]
 * ```
 */
export function binData(X: DenseMatrix, options: BinMapperOptions = {}, rows?: ArrayLike<number>): BinnedData {
  const source = rows === undefined ? X : X.takeRows(rows);
  const mapper = fitBinMapper(source, options);
  return { mapper, binned: binMatrix(mapper, source) };
}
