/**
 * Synthetic datasets: scikit-learn's `make_regression`, `make_classification`
 * and `make_blobs`.
 *
 * The construction follows scikit-learn step by step: the same draws from numpy's
 * legacy `RandomState(randomState)`, in the same order, with the same arithmetic.
 * For the same seed the labels, the shuffles and every random draw are
 * scikit-learn's; the features equal scikit-learn's to about 1e-14 (relative):
 * the matrix products scikit-learn leaves to BLAS sum in another order here, and a
 * Gaussian draw is now and then one bit off the C library's (see `RandomState`).
 */
import type { RandomStateLike } from '../core/check-random-state.js';
import {
  booleanValue,
  checkBoolean,
  checkInteger,
  checkKnownKeys,
  checkParam,
  checkReal,
  integerIn,
  invalidParameter,
  nullValue,
  realIn,
  satisfies,
} from '../core/validate.js';
import {
  dot,
  generatorRandomState,
  hypercubeVertices,
  isFiniteNumber,
  listOf,
  shuffleColumns,
  shuffleRows,
  standardNormalMatrix,
  uniformMatrix,
} from './generator-draws.js';

/** A generated dataset. */
export interface GeneratedDataset {
  /** The samples, one row each. */
  readonly X: number[][];
  /** The target: class labels (`0..nClasses-1`) or real values. */
  readonly y: number[];
}

// ---------------------------------------------------------------------------
// makeRegression
// ---------------------------------------------------------------------------

/** Options of {@link makeRegression}. */
export interface MakeRegressionOptions {
  /** The number of samples. @default 100 */
  readonly nSamples?: number;
  /** The number of features. @default 100 */
  readonly nFeatures?: number;
  /** How many features have a non-zero coefficient (capped at nFeatures). @default 10 */
  readonly nInformative?: number;
  /** Added to every target. @default 0 */
  readonly bias?: number;
  /** The standard deviation of the Gaussian noise added to the target. @default 0 */
  readonly noise?: number;
  /** Shuffle the samples and the features. @default true */
  readonly shuffle?: boolean;
  /**
   * Seeds numpy's `RandomState` (the same data as scikit-learn's `random_state`),
   * or a `RandomState` that advances; `undefined` draws a fresh seed. @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

/** A regression dataset with its true coefficients. */
export interface RegressionDataset extends GeneratedDataset {
  /** The coefficient of each feature in the linear model that made `y` (0 for the uninformative ones). */
  readonly coef: number[];
}

/**
 * A random linear regression problem: standard normal features, `nInformative` of
 * them with coefficients drawn uniformly in [0, 100), `y = X·coef + bias + noise`.
 *
 * @throws {InvalidParameterError} for an option out of range (e.g. `nSamples < 1`).
 * @example
 * ```ts
 * const { X, y, coef } = makeRegression({ nSamples: 200, nFeatures: 5, nInformative: 2, noise: 1, randomState: 0 });
 * ```
 */
export function makeRegression(options: MakeRegressionOptions = {}): RegressionDataset {
  const owner = 'makeRegression';
  checkKnownKeys(owner, options, ['nSamples', 'nFeatures', 'nInformative', 'bias', 'noise', 'shuffle', 'randomState'], 'option');
  const nSamples = checkInteger(owner, 'nSamples', options.nSamples ?? 100, { min: 1 });
  const nFeatures = checkInteger(owner, 'nFeatures', options.nFeatures ?? 100, { min: 1 });
  const nInformative = Math.min(nFeatures, checkInteger(owner, 'nInformative', options.nInformative ?? 10, { min: 0 }));
  const bias = checkReal(owner, 'bias', options.bias ?? 0);
  const noise = checkReal(owner, 'noise', options.noise ?? 0, { min: 0 });
  const shuffle = checkBoolean(owner, 'shuffle', options.shuffle ?? true);
  const rng = generatorRandomState(owner, options.randomState);

  let X = standardNormalMatrix(rng, nSamples, nFeatures);
  const informative = Array.from(rng.uniform(0, 1, nInformative), (u) => 100 * u);
  let coef = Array.from({ length: nFeatures }, (_, j) => (j < nInformative ? (informative[j] as number) : 0));
  let y = X.map((row) => dot(row, coef, nInformative) + bias);
  if (noise > 0) {
    const noises = rng.normal(0, noise, nSamples);
    y = y.map((v, i) => v + (noises[i] as number));
  }
  if (shuffle) {
    ({ X, y } = shuffleRows(rng, X, y));
    const order = shuffleColumns(rng, X, nFeatures);
    const before = coef;
    coef = Array.from(order, (j) => before[j] as number);
  }
  return { X, y, coef };
}

// ---------------------------------------------------------------------------
// makeClassification
// ---------------------------------------------------------------------------

/** Options of {@link makeClassification}. */
export interface MakeClassificationOptions {
  /** The number of samples. @default 100 */
  readonly nSamples?: number;
  /** The number of features: informative, redundant, repeated, then noise. @default 20 */
  readonly nFeatures?: number;
  /** Features the classes are built in (clusters sit on the vertices of a hypercube of this dimension). @default 2 */
  readonly nInformative?: number;
  /** Random linear combinations of the informative features. @default 2 */
  readonly nRedundant?: number;
  /** Copies of informative or redundant features. @default 0 */
  readonly nRepeated?: number;
  /** The number of classes. @default 2 */
  readonly nClasses?: number;
  /** Gaussian clusters per class. @default 2 */
  readonly nClustersPerClass?: number;
  /** The share of samples of each class (`nClasses` values, or `nClasses - 1` and the rest for the last); `null` balances them. @default null */
  readonly weights?: readonly number[] | null;
  /** The share of labels replaced by a random class (noise; a label may be redrawn as itself). @default 0.01 */
  readonly flipY?: number;
  /** Half the side of the hypercube: larger values separate the classes more. @default 1 */
  readonly classSep?: number;
  /** Put the clusters on the vertices of a hypercube (otherwise of a random polytope). @default true */
  readonly hypercube?: boolean;
  /** Added to each feature: a number, one per feature, or `null` for random shifts in [-classSep, classSep]. @default 0 */
  readonly shift?: number | readonly number[] | null;
  /** Multiplies each feature (after the shift): a number, one per feature, or `null` for random scales in [1, 101]. @default 1 */
  readonly scale?: number | readonly number[] | null;
  /** Shuffle the samples and the features. @default true */
  readonly shuffle?: boolean;
  /**
   * Seeds numpy's `RandomState` (the same data as scikit-learn's `random_state`),
   * or a `RandomState` that advances; `undefined` draws a fresh seed. @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

const CLASSIFICATION_KEYS = [
  'nSamples', 'nFeatures', 'nInformative', 'nRedundant', 'nRepeated', 'nClasses', 'nClustersPerClass',
  'weights', 'flipY', 'classSep', 'hypercube', 'shift', 'scale', 'shuffle', 'randomState',
];

function perFeature(owner: string, name: string, value: number | readonly number[] | null, nFeatures: number, random: () => Float64Array): number[] {
  if (value === null) return Array.from(random());
  if (typeof value === 'number') return new Array<number>(nFeatures).fill(value);
  if (value.length !== nFeatures) {
    throw invalidParameter(owner, name, `a number, null or an array of ${nFeatures} numbers (one per feature)`, value, { kind: 'option' });
  }
  return [...value];
}

/**
 * A random classification problem (scikit-learn's `make_classification`): Gaussian
 * clusters around the vertices of a hypercube in `nInformative` dimensions, each
 * with a random covariance, `nClustersPerClass` clusters per class; then redundant,
 * repeated and noise features, label noise (`flipY`), shift, scale and shuffling.
 *
 * @throws {InvalidParameterError} for an option out of range (e.g. `nSamples < 1`),
 *   more informative, redundant and repeated features than `nFeatures`, or
 *   `nClasses * nClustersPerClass > 2 ** nInformative`.
 * @example
 * ```ts
 * const { X, y } = makeClassification({ nSamples: 500, nFeatures: 10, nInformative: 4, nClasses: 3, randomState: 0 });
 * ```
 */
export function makeClassification(options: MakeClassificationOptions = {}): GeneratedDataset {
  const owner = 'makeClassification';
  checkKnownKeys(owner, options, CLASSIFICATION_KEYS, 'option');
  const nSamples = checkInteger(owner, 'nSamples', options.nSamples ?? 100, { min: 1 });
  const nFeatures = checkInteger(owner, 'nFeatures', options.nFeatures ?? 20, { min: 1 });
  const nInformative = checkInteger(owner, 'nInformative', options.nInformative ?? 2, { min: 1 });
  const nRedundant = checkInteger(owner, 'nRedundant', options.nRedundant ?? 2, { min: 0 });
  const nRepeated = checkInteger(owner, 'nRepeated', options.nRepeated ?? 0, { min: 0 });
  const nClasses = checkInteger(owner, 'nClasses', options.nClasses ?? 2, { min: 1 });
  const nClustersPerClass = checkInteger(owner, 'nClustersPerClass', options.nClustersPerClass ?? 2, { min: 1 });
  const flipY = checkReal(owner, 'flipY', options.flipY ?? 0.01, { min: 0, max: 1 });
  const classSep = checkReal(owner, 'classSep', options.classSep ?? 1, { min: 0 });
  const hypercube = checkParam<boolean>(owner, 'hypercube', options.hypercube ?? true, booleanValue, { kind: 'option' });
  const shuffle = checkBoolean(owner, 'shuffle', options.shuffle ?? true);
  const numbers = [realIn(), nullValue, listOf('an array of finite numbers', isFiniteNumber)];
  const shift = checkParam<number | readonly number[] | null>(owner, 'shift', options.shift === undefined ? 0 : options.shift, numbers, { kind: 'option' });
  const scale = checkParam<number | readonly number[] | null>(owner, 'scale', options.scale === undefined ? 1 : options.scale, numbers, { kind: 'option' });
  let weights = checkParam<readonly number[] | null>(owner, 'weights', options.weights ?? null, [nullValue, listOf('an array of shares in [0, 1]', (v) => isFiniteNumber(v) && (v as number) >= 0 && (v as number) <= 1)], {
    kind: 'option',
  });
  const used = nInformative + nRedundant + nRepeated;
  if (used > nFeatures) {
    throw invalidParameter(owner, 'nFeatures', `an int >= nInformative + nRedundant + nRepeated (${used})`, nFeatures, {
      kind: 'option',
      hint: 'The informative, redundant and repeated features are part of the nFeatures features.',
    });
  }
  const nClusters = nClasses * nClustersPerClass;
  if (nInformative < Math.log2(nClusters)) {
    throw invalidParameter(owner, 'nInformative', `an int with 2 ** nInformative >= nClasses * nClustersPerClass (${nClusters})`, nInformative, {
      kind: 'option',
      hint: `The ${nClusters} clusters are placed on distinct vertices of a hypercube of dimension nInformative.`,
    });
  }
  if (weights !== null) {
    if (weights.length !== nClasses && weights.length !== nClasses - 1) {
      throw invalidParameter(owner, 'weights', `null or an array of ${nClasses} or ${nClasses - 1} shares (one per class)`, weights, { kind: 'option' });
    }
    if (weights.length === nClasses - 1) weights = [...weights, 1 - weights.reduce((s, w) => s + w, 0)];
  }
  const shares = weights ?? new Array<number>(nClasses).fill(1 / nClasses);
  const rng = generatorRandomState(owner, options.randomState);

  // samples per cluster, remainder dealt round-robin (scikit-learn's arithmetic)
  const perCluster = Array.from({ length: nClusters }, (_, k) => Math.trunc((nSamples * (shares[k % nClasses] as number)) / nClustersPerClass));
  const missing = nSamples - perCluster.reduce((s, c) => s + c, 0);
  for (let i = 0; i < missing; i++) perCluster[i % nClusters]! += 1;

  const centroids = hypercubeVertices(rng, nClusters, nInformative).map((bits) => bits.map((b) => b * (2 * classSep) - classSep));
  if (!hypercube) {
    const rowFactors = rng.uniform(0, 1, nClusters);
    const columnFactors = rng.uniform(0, 1, nInformative);
    centroids.forEach((c, k) => c.forEach((v, j) => (c[j] = v * (rowFactors[k] as number))));
    centroids.forEach((c) => c.forEach((v, j) => (c[j] = v * (columnFactors[j] as number))));
  }

  const informative = standardNormalMatrix(rng, nSamples, nInformative);
  const y = new Array<number>(nSamples).fill(0);
  let start = 0;
  for (let k = 0; k < nClusters; k++) {
    const stop = Math.min(nSamples, start + (perCluster[k] as number));
    const A = uniformMatrix(rng, nInformative, nInformative).map((r) => r.map((u) => 2 * u - 1));
    const centroid = centroids[k] as number[];
    for (let i = start; i < stop; i++) {
      y[i] = k % nClasses;
      const row = informative[i] as number[];
      informative[i] = centroid.map((c, j) => row.reduce((s, v, m) => s + v * ((A[m] as number[])[j] as number), 0) + c);
    }
    start = stop;
  }
  const B = nRedundant > 0 ? uniformMatrix(rng, nInformative, nRedundant).map((r) => r.map((u) => 2 * u - 1)) : [];
  const nUseful = nInformative + nRedundant;
  const repeatedSources = nRepeated > 0 ? Array.from(rng.uniform(0, 1, nRepeated), (u) => Math.trunc((nUseful - 1) * u + 0.5)) : [];
  let X = informative.map((row) => {
    const redundant = Array.from({ length: nRedundant }, (_, r) => row.reduce((s, v, m) => s + v * ((B[m] as number[])[r] as number), 0));
    const out = [...row, ...redundant];
    for (const source of repeatedSources) out.push(out[source] as number);
    return out;
  });
  const nUseless = nFeatures - used;
  if (nUseless > 0) {
    const noise = standardNormalMatrix(rng, nSamples, nUseless);
    X = X.map((row, i) => [...row, ...(noise[i] as number[])]);
  }
  // scikit-learn always draws the flip mask (flip_y >= 0), then one class per flipped label
  const flipped = Array.from(rng.uniform(0, 1, nSamples), (u) => u < flipY);
  const nFlipped = flipped.filter(Boolean).length;
  const newLabels = rng.randint(0, nClasses, nFlipped);
  let f = 0;
  flipped.forEach((flip, i) => {
    if (flip) y[i] = newLabels[f++] as number;
  });
  const shifts = perFeature(owner, 'shift', shift, nFeatures, () => rng.uniform(0, 1, nFeatures).map((u) => (2 * u - 1) * classSep));
  const scales = perFeature(owner, 'scale', scale, nFeatures, () => rng.uniform(0, 1, nFeatures).map((u) => 1 + 100 * u));
  for (const row of X) for (let j = 0; j < nFeatures; j++) row[j] = (row[j] as number) + (shifts[j] as number);
  for (const row of X) for (let j = 0; j < nFeatures; j++) row[j] = (row[j] as number) * (scales[j] as number);
  if (!shuffle) return { X, y };
  const shuffled = shuffleRows(rng, X, y);
  shuffleColumns(rng, shuffled.X, nFeatures);
  return shuffled;
}

// ---------------------------------------------------------------------------
// makeBlobs
// ---------------------------------------------------------------------------

/** Options of {@link makeBlobs}. */
export interface MakeBlobsOptions {
  /** The total number of samples, split evenly between centres; or the number for each centre. @default 100 */
  readonly nSamples?: number | readonly number[];
  /** The number of features (ignored when `centers` gives coordinates). @default 2 */
  readonly nFeatures?: number;
  /** The number of centres (drawn in `centerBox`), or their coordinates; `null`: 3, or one per entry of `nSamples`. @default null */
  readonly centers?: number | readonly (readonly number[])[] | null;
  /** The standard deviation of each blob: one for all, or one per centre. @default 1 */
  readonly clusterStd?: number | readonly number[];
  /** The box random centres are drawn in, as `[low, high]`. @default [-10, 10] */
  readonly centerBox?: readonly [number, number];
  /** Shuffle the samples. @default true */
  readonly shuffle?: boolean;
  /**
   * Seeds numpy's `RandomState` (the same data as scikit-learn's `random_state`),
   * or a `RandomState` that advances; `undefined` draws a fresh seed. @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

/** Blobs with their centres. */
export interface BlobsDataset extends GeneratedDataset {
  /** The centre of each blob; `y` holds indices into it. */
  readonly centers: number[][];
}

/**
 * Isotropic Gaussian blobs, for clustering and classification (scikit-learn's
 * `make_blobs`).
 *
 * @throws {InvalidParameterError} for an option out of range (e.g. `nSamples < 1`),
 *   or `centers` / `clusterStd` whose length disagrees with the number of centres.
 * @example
 * ```ts
 * const { X, y, centers } = makeBlobs({ nSamples: 300, centers: 4, clusterStd: 0.6, randomState: 0 });
 * ```
 */
export function makeBlobs(options: MakeBlobsOptions = {}): BlobsDataset {
  const owner = 'makeBlobs';
  checkKnownKeys(owner, options, ['nSamples', 'nFeatures', 'centers', 'clusterStd', 'centerBox', 'shuffle', 'randomState'], 'option');
  const nSamples = checkParam<number | readonly number[]>(owner, 'nSamples', options.nSamples ?? 100, [integerIn({ min: 1 }), listOf('a non-empty array of sample counts (ints >= 0)', (v) => Number.isInteger(v) && (v as number) >= 0, 1)], {
    kind: 'option',
  });
  let nFeatures = checkInteger(owner, 'nFeatures', options.nFeatures ?? 2, { min: 1 });
  const centersOption = checkParam<number | readonly (readonly number[])[] | null>(
    owner,
    'centers',
    options.centers ?? null,
    [nullValue, integerIn({ min: 1 }), satisfies('an array of centres (arrays of numbers of one length)', isPointList)],
    { kind: 'option' },
  );
  const clusterStd = checkParam<number | readonly number[]>(owner, 'clusterStd', options.clusterStd ?? 1, [realIn({ min: 0 }), listOf('an array of numbers >= 0', (v) => isFiniteNumber(v) && (v as number) >= 0)], {
    kind: 'option',
  });
  const box = checkParam<readonly [number, number]>(owner, 'centerBox', options.centerBox ?? [-10, 10], satisfies('an array [low, high] of two finite numbers with low <= high', isBox), {
    kind: 'option',
  });
  const shuffle = checkBoolean(owner, 'shuffle', options.shuffle ?? true);
  const rng = generatorRandomState(owner, options.randomState);

  let centers: number[][];
  const randomCenters = (n: number): number[][] => Array.from({ length: n }, () => Array.from(rng.uniform(box[0], box[1], nFeatures)));
  if (typeof nSamples === 'number') {
    if (centersOption === null || typeof centersOption === 'number') centers = randomCenters(centersOption ?? 3);
    else centers = centersOption.map((c) => [...c]);
  } else if (centersOption === null) {
    centers = randomCenters(nSamples.length);
  } else {
    const given = typeof centersOption === 'number' ? [] : centersOption;
    if (given.length !== nSamples.length) {
      throw invalidParameter(owner, 'centers', `an array of ${nSamples.length} centres (one per entry of nSamples)`, centersOption, { kind: 'option' });
    }
    centers = given.map((c) => [...c]);
  }
  nFeatures = (centers[0] as number[]).length;
  const nCenters = centers.length;
  if (typeof clusterStd !== 'number' && clusterStd.length !== nCenters) {
    throw invalidParameter(owner, 'clusterStd', `a number or an array of ${nCenters} numbers (one per centre)`, clusterStd, { kind: 'option' });
  }
  const stds = typeof clusterStd === 'number' ? new Array<number>(nCenters).fill(clusterStd) : [...clusterStd];
  const counts =
    typeof nSamples === 'number'
      ? Array.from({ length: nCenters }, (_, i) => Math.floor(nSamples / nCenters) + (i < nSamples % nCenters ? 1 : 0))
      : [...nSamples];

  let X: number[][] = [];
  let y: number[] = [];
  counts.forEach((n, i) => {
    const center = centers[i] as number[];
    for (let s = 0; s < n; s++) {
      X.push(center.map((c) => rng.normal(c, stds[i] as number)));
      y.push(i);
    }
  });
  if (shuffle) ({ X, y } = shuffleRows(rng, X, y));
  return { X, y, centers };
}

function isPointList(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) return false;
  const width = (value[0] as unknown[]).length;
  return width > 0 && value.every((p) => Array.isArray(p) && p.length === width && p.every((v) => typeof v === 'number' && Number.isFinite(v)));
}

function isBox(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    (value[0] as number) <= (value[1] as number)
  );
}
