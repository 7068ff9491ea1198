/**
 * MNIST and Fashion-MNIST from their IDX files (LeCun's format: a magic number,
 * big-endian dimensions, then the values), gzip-compressed or not.
 *
 * Images are kept compact: one `Uint8Array` of pixel intensities per split (0 to
 * 255, image after image, row-major) plus the shape. {@link imagesToMatrix} turns
 * a split (or its first rows) into a `DenseMatrix` of floats for an estimator.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { DenseMatrix } from '../core/data.js';
import { TunekitError } from '../core/errors.js';
import type { ValidationError } from '../core/errors.js';
import { checkBoolean, checkInteger, checkKnownKeys, checkParam, invalidArgument, satisfies } from '../core/validate.js';

const gunzip = promisify(gunzipCallback);

/** The dimensions and the bytes of an IDX file of unsigned bytes. */
export interface IdxArray {
  /** The size of each dimension (`[60000, 28, 28]` for MNIST's training images). */
  readonly dims: readonly number[];
  /** The values, last dimension fastest. */
  readonly data: Uint8Array;
}

/** One split of an image dataset. */
export interface ImageSplit {
  /** Pixel intensities 0 to 255: `count` images of `height × width`, each row-major. */
  readonly images: Uint8Array;
  /** The class of each image (0 to 9). */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/** MNIST or Fashion-MNIST: the 60 000 training and 10 000 test images. */
export interface ImageDataset {
  readonly train: ImageSplit;
  readonly test: ImageSplit;
  /** The name of each label (`'0'` to `'9'`, or Fashion-MNIST's article names). */
  readonly classNames: readonly string[];
  /** The folder the files were read from. */
  readonly directory: string;
}

/** Options of {@link loadMnist} and {@link loadFashionMnist}. */
export interface LoadMnistOptions {
  /**
   * The folder holding the four IDX files (`.gz` or uncompressed). Default: the
   * cache folder `~/.cache/tunekit/<name>` (`$XDG_CACHE_HOME/tunekit/<name>` when
   * set) and, for Fashion-MNIST, `/usr/share/datasets/fashion-mnist` (Debian).
   * @default undefined
   */
  readonly directory?: string | undefined;
  /** Download missing files (into `directory`, or the cache folder) from the canonical mirrors. @default true */
  readonly download?: boolean;
  /** How long to wait for each download to start answering, in milliseconds. @default 15000 */
  readonly timeoutMs?: number;
}

const IDX_UBYTE = 0x08;

function fail(owner: string, path: string, expected: string, shown: string, hint?: string): ValidationError {
  return invalidArgument(owner, 'file', expected, path, { shown, hint });
}

/**
 * Parses IDX bytes (already decompressed) holding unsigned bytes.
 *
 * @param bytes - the file's content.
 * @param source - the file name, for messages.
 * @param expectedDims - the number of dimensions required (3 for images, 1 for labels).
 * @throws {ValidationError} for a wrong magic number or a truncated or oversized file.
 * @example
 * ```ts
 * const { dims, data } = parseIdx(gunzipSync(readFileSync('t10k-labels-idx1-ubyte.gz')), 'labels', 1);
 * ```
 */
export function parseIdx(bytes: Uint8Array, source: string, expectedDims?: number): IdxArray {
  const owner = 'parseIdx';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicText = (): string => `0x${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const wanted = expectedDims === undefined ? 'an IDX file of unsigned bytes (magic number 0x000008nn)' : `an IDX file of unsigned bytes with ${expectedDims} dimension${expectedDims === 1 ? '' : 's'} (magic number 0x000008${expectedDims.toString(16).padStart(2, '0')})`;
  if (bytes.length < 4) throw fail(owner, source, wanted, `a file of ${bytes.length} bytes (${source})`);
  const ndims = bytes[3] as number;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== IDX_UBYTE || ndims === 0 || (expectedDims !== undefined && ndims !== expectedDims)) {
    throw fail(owner, source, wanted, `magic number ${magicText()} in ${source}`, bytes[0] === 0x1f && bytes[1] === 0x8b ? 'The content is still gzip-compressed.' : undefined);
  }
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    throw fail(owner, source, `${wanted}, with ${ndims} dimension sizes after the magic number`, `a file of ${bytes.length} bytes (${source})`);
  }
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerLength;
  if (actual !== expected) {
    throw fail(owner, source, `an IDX file with ${dims.join(' × ')} = ${expected} bytes of data`, `${actual} bytes of data in ${source}`, 'The file is truncated or corrupt; download it again.');
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/**
 * Reads an IDX file of unsigned bytes, gzip-compressed (detected from its
 * content) or not.
 *
 * @throws {ValidationError} for a file that cannot be read, decompressed or parsed.
 * @example
 * ```ts
 * const { dims, data } = await readIdx('train-labels-idx1-ubyte.gz'); // dims [60000]
 * ```
 */
export async function readIdx(path: string, expectedDims?: number): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fail('readIdx', path, 'a readable file', `${JSON.stringify(path)} (${(error as Error).message})`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzip(bytes);
    } catch (error) {
      throw fail('readIdx', path, 'a valid gzip-compressed IDX file', `${path}, which cannot be decompressed (${(error as Error).message})`, 'The file is truncated or corrupt; download it again.');
    }
  }
  return parseIdx(bytes, path, expectedDims);
}

/**
 * The images of a split as a `DenseMatrix`, one row of `height × width` pixels per
 * image, divided by 255 unless `scale` is false.
 *
 * @example
 * ```ts
 * const { train } = await loadFashionMnist();
 * const X = imagesToMatrix(train, { limit: 5000 });        // 5000 × 784, values in [0, 1]
 * const y = Array.from(train.labels.subarray(0, 5000));
 * ```
 */
export function imagesToMatrix(split: ImageSplit, options: { readonly scale?: boolean; readonly limit?: number } = {}): DenseMatrix {
  checkKnownKeys('imagesToMatrix', options, ['scale', 'limit'], 'option');
  const scale = checkBoolean('imagesToMatrix', 'scale', options.scale ?? true);
  const rows = Math.min(split.count, checkInteger('imagesToMatrix', 'limit', options.limit ?? split.count, { min: 1 }));
  const columns = split.height * split.width;
  const values = new Float64Array(rows * columns);
  const divisor = scale ? 255 : 1;
  for (let k = 0; k < values.length; k++) values[k] = (split.images[k] as number) / divisor;
  return new DenseMatrix(values, rows, columns).markFinite();
}

// ---------------------------------------------------------------------------
// Loaders
// ---------------------------------------------------------------------------

interface Source {
  readonly name: string;
  readonly title: string;
  readonly owner: string;
  readonly mirrors: readonly string[];
  readonly extraDirectories: readonly string[];
  readonly classNames: readonly string[];
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;
const FILE_NAMES = Object.values(FILES);

const MNIST: Source = {
  name: 'mnist',
  title: 'MNIST',
  owner: 'loadMnist',
  mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
  extraDirectories: [],
  classNames: Array.from({ length: 10 }, (_, d) => String(d)),
};

const FASHION_MNIST: Source = {
  name: 'fashion-mnist',
  title: 'Fashion-MNIST',
  owner: 'loadFashionMnist',
  mirrors: ['https://storage.googleapis.com/tensorflow/tf-keras-datasets/', 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  extraDirectories: ['/usr/share/datasets/fashion-mnist'],
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/**
 * The cache folder of a dataset: `$XDG_CACHE_HOME/tunekit/<name>` or `~/.cache/tunekit/<name>`.
 *
 * @example
 * ```ts
 * datasetCacheDirectory('mnist'); // '/home/me/.cache/tunekit/mnist'
 * ```
 */
export function datasetCacheDirectory(name: string): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'tunekit', name);
}

/** The path of `file` in `directory`, compressed or not, if present. */
function findFile(directory: string, file: string): string | undefined {
  for (const candidate of [join(directory, file), join(directory, file.replace(/\.gz$/, ''))]) if (existsSync(candidate)) return candidate;
  return undefined;
}

async function downloadFile(source: Source, file: string, directory: string, timeoutMs: number): Promise<string | undefined> {
  const reasons: string[] = [];
  for (const mirror of source.mirrors) {
    const url = `${mirror}${file}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, { signal: controller.signal });
      clearTimeout(timer);
      if (!response.ok) {
        reasons.push(`${url}: HTTP ${response.status}`);
        continue;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      parseIdx(await gunzip(bytes), url, file.includes('images') ? 3 : 1);
      await mkdir(directory, { recursive: true });
      const target = join(directory, file);
      await writeFile(`${target}.part`, bytes);
      await rename(`${target}.part`, target);
      return undefined;
    } catch (error) {
      clearTimeout(timer);
      const message = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : (error as Error).message;
      reasons.push(`${url}: ${message}`);
    }
  }
  return reasons.join('; ');
}

async function readSplit(source: Source, imagesPath: string, labelsPath: string): Promise<ImageSplit> {
  const [images, labels] = await Promise.all([readIdx(imagesPath, 3), readIdx(labelsPath, 1)]);
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw fail(source.owner, labelsPath, `a label file with one label per image (${count}, as in ${imagesPath})`, `${labels.dims[0]} labels`);
  }
  const bad = labels.data.findIndex((v) => v >= source.classNames.length);
  if (bad >= 0) {
    throw fail(source.owner, labelsPath, `a label file of classes 0 to ${source.classNames.length - 1}`, `label ${labels.data[bad]} at index ${bad}`);
  }
  return { images: images.data, labels: labels.data, count, height, width };
}

async function loadImages(source: Source, options: LoadMnistOptions): Promise<ImageDataset> {
  const owner = source.owner;
  checkKnownKeys(owner, options, ['directory', 'download', 'timeoutMs'], 'option');
  const directory = checkParam<string | undefined>(owner, 'directory', options.directory, satisfies('a folder path (a string) or undefined', (v) => v === undefined || (typeof v === 'string' && v.length > 0)), { kind: 'option' });
  const download = checkBoolean(owner, 'download', options.download ?? true);
  const timeoutMs = checkInteger(owner, 'timeoutMs', options.timeoutMs ?? 15_000, { min: 1 });
  const candidates = directory !== undefined ? [directory] : [datasetCacheDirectory(source.name), ...source.extraDirectories];
  let found = candidates.find((dir) => FILE_NAMES.every((f) => findFile(dir, f) !== undefined));
  let downloadFailure: string | undefined;
  if (found === undefined && download) {
    const target = candidates[0] as string;
    for (const file of FILE_NAMES) {
      if (findFile(target, file) !== undefined) continue;
      downloadFailure = await downloadFile(source, file, target, timeoutMs);
      if (downloadFailure !== undefined) break;
    }
    if (downloadFailure === undefined) found = target;
  }
  if (found === undefined) {
    const target = candidates[0] as string;
    const missing = FILE_NAMES.filter((f) => findFile(target, f) === undefined);
    throw new TunekitError(
      `${source.title} was not found: looked for ${FILE_NAMES.join(', ')} in ${candidates.join(' and ')}. ` +
        (download ? `Downloading failed (${downloadFailure}). ` : 'Downloading is off ({ download: false }). ') +
        `Put ${missing.join(', ')} in ${target} (from ${source.mirrors[0]}<file name>)` +
        (directory === undefined ? ', or pass { directory } to read them from elsewhere.' : '.'),
    );
  }
  const at = found;
  const path = (file: string): string => findFile(at, file) as string;
  const [train, test] = await Promise.all([
    readSplit(source, path(FILES.trainImages), path(FILES.trainLabels)),
    readSplit(source, path(FILES.testImages), path(FILES.testLabels)),
  ]);
  return { train, test, classNames: source.classNames, directory: at };
}

/**
 * The MNIST handwritten digits: 60 000 training and 10 000 test images of 28×28
 * pixels. Read from `directory` or the cache folder; missing files are downloaded
 * there (unless `download: false`), and when that fails the error says which
 * files to put where.
 *
 * @throws {TunekitError} when the files are missing and cannot be downloaded.
 * @throws {ValidationError} for a corrupt file.
 * @example
 * ```ts
 * const { train, test } = await loadMnist();
 * const X = imagesToMatrix(train, { limit: 10_000 });
 * ```
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<ImageDataset> {
  return loadImages(MNIST, options);
}

/**
 * Fashion-MNIST (Zalando): 60 000 training and 10 000 test 28×28 images of 10
 * kinds of clothing, a drop-in replacement for MNIST. Read from `directory`, the
 * cache folder or Debian's `/usr/share/datasets/fashion-mnist`; otherwise
 * downloaded as {@link loadMnist} does.
 *
 * @throws {TunekitError} when the files are missing and cannot be downloaded.
 * @throws {ValidationError} for a corrupt file.
 * @example
 * ```ts
 * const { train, classNames } = await loadFashionMnist();
 * classNames[train.labels[0]]; // 'Ankle boot'
 * ```
 */
export async function loadFashionMnist(options: LoadMnistOptions = {}): Promise<ImageDataset> {
  return loadImages(FASHION_MNIST, options);
}
