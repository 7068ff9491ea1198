/**
 * The small datasets shipped with tunekit (scikit-learn's `load_iris`,
 * `load_diabetes`, `load_digits`, `load_breast_cancer`, `load_wine`).
 *
 * They are read from the gzip-compressed CSV files in the package's `data/`
 * folder (built from scikit-learn's copies by `data/build.py`), found relative to
 * this module so that it works from `lib/` and from `dist/`. Every loader is async
 * and returns fresh arrays: callers may change them freely.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TunekitError } from '../core/errors.js';
import { checkBoolean, checkInteger, checkKnownKeys } from '../core/validate.js';
import { loadCsv } from './csv.js';

/** A dataset: features, target and their names, as scikit-learn's `Bunch`. */
export interface Dataset {
  /** The features, one row per sample. */
  readonly data: number[][];
  /** The target: class indices for classification datasets, values for regression. */
  readonly target: number[];
  /** The name of each column of `data`. */
  readonly featureNames: string[];
  /** The name of each class (`target` holds indices into it); empty for regression. */
  readonly targetNames: string[];
  /** scikit-learn's description of the dataset (reStructuredText). */
  readonly description: string;
}

/** Where the shipped files are: `<package root>/data/`, from `lib/datasets/` and `dist/datasets/` alike. */
const DATA_DIR = new URL('../../data/', import.meta.url);

async function loadShipped(name: string, targetNames: string[]): Promise<Dataset> {
  const csvUrl = new URL(`${name}.csv.gz`, DATA_DIR);
  const descriptionUrl = new URL(`${name}.rst`, DATA_DIR);
  let description: string;
  try {
    description = await readFile(descriptionUrl, 'utf8');
  } catch (error) {
    throw new TunekitError(
      `The ${name} dataset is missing: ${fileURLToPath(descriptionUrl)} cannot be read (${(error as Error).message}). ` +
        "tunekit's data/ folder must be installed next to its lib/ or dist/ folder.",
    );
  }
  const { data, target, featureNames } = await loadCsv(csvUrl, { target: 'target' });
  return { data, target: target as number[], featureNames, targetNames, description };
}

/**
 * The iris dataset (classification): 150 samples of 4 measurements, 3 species.
 *
 * @example
 * ```ts
 * const { data, target, targetNames } = await loadIris();
 * targetNames[target[0]]; // 'setosa'
 * ```
 */
export async function loadIris(): Promise<Dataset> {
  return loadShipped('iris', ['setosa', 'versicolor', 'virginica']);
}

/** Options of {@link loadDiabetes}. */
export interface LoadDiabetesOptions {
  /**
   * Center each feature and scale it by its standard deviation times the square
   * root of the number of samples (scikit-learn's `scaled=True`); `false` gives
   * the raw values.
   * @default true
   */
  readonly scaled?: boolean;
}

/**
 * The diabetes dataset (regression): 442 patients, 10 features, disease
 * progression after one year as target. Scaled as `load_diabetes(scaled=True)`
 * unless `scaled: false`. `targetNames` is empty.
 *
 * @example
 * ```ts
 * const { data, target } = await loadDiabetes();         // each column: mean 0, norm 1
 * const raw = await loadDiabetes({ scaled: false });     // age in years, ...
 * ```
 */
export async function loadDiabetes(options: LoadDiabetesOptions = {}): Promise<Dataset> {
  checkKnownKeys('loadDiabetes', options, ['scaled'], 'option');
  const scaled = checkBoolean('loadDiabetes', 'scaled', options.scaled ?? true);
  const dataset = await loadShipped('diabetes', []);
  if (scaled) scaleColumns(dataset.data);
  return dataset;
}

/**
 * Scales columns in place as scikit-learn's `preprocessing.scale` followed by a
 * division by `sqrt(n)`: `(x - mean) / std / sqrt(n)`, std with ddof 0.
 */
function scaleColumns(rows: number[][]): void {
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  const root = Math.sqrt(n);
  for (let j = 0; j < width; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (rows[i] as number[])[j] as number;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const d = ((rows[i] as number[])[j] as number) - mean;
      squares += d * d;
    }
    const std = Math.sqrt(squares / n);
    const scale = std < 10 * Number.EPSILON ? 1 : std;
    for (let i = 0; i < n; i++) {
      const row = rows[i] as number[];
      row[j] = ((row[j] as number) - mean) / scale / root;
    }
  }
}

/** Options of {@link loadDigits}. */
export interface LoadDigitsOptions {
  /** Keep only the digits 0 to `nClass - 1`. @default 10 */
  readonly nClass?: number;
}

/**
 * The digits dataset (classification): 1797 8×8 images of handwritten digits,
 * flattened to 64 features with values 0 to 16. Row `i` reshaped to 8×8 is
 * scikit-learn's `images[i]`.
 *
 * @example
 * ```ts
 * const { data, target } = await loadDigits({ nClass: 3 }); // only 0, 1 and 2
 * ```
 */
export async function loadDigits(options: LoadDigitsOptions = {}): Promise<Dataset> {
  checkKnownKeys('loadDigits', options, ['nClass'], 'option');
  const nClass = checkInteger('loadDigits', 'nClass', options.nClass ?? 10, { min: 1, max: 10 });
  const dataset = await loadShipped('digits', Array.from({ length: 10 }, (_, d) => String(d)));
  if (nClass === 10) return dataset;
  const keep = dataset.target.map((t, i) => (t < nClass ? i : -1)).filter((i) => i >= 0);
  return {
    ...dataset,
    data: keep.map((i) => dataset.data[i] as number[]),
    target: keep.map((i) => dataset.target[i] as number),
  };
}

/**
 * The Wisconsin breast cancer dataset (binary classification): 569 samples, 30
 * features; target 0 is malignant, 1 benign.
 *
 * @example
 * ```ts
 * const { data, target, featureNames } = await loadBreastCancer();
 * ```
 */
export async function loadBreastCancer(): Promise<Dataset> {
  return loadShipped('breast_cancer', ['malignant', 'benign']);
}

/**
 * The wine dataset (classification): 178 wines, 13 chemical measurements, 3 cultivars.
 *
 * @example
 * ```ts
 * const { data, target } = await loadWine();
 * ```
 */
export async function loadWine(): Promise<Dataset> {
  return loadShipped('wine', ['class_0', 'class_1', 'class_2']);
}
