/**
 * What the MNIST examples share: their numeric command-line options and their
 * data (the shipped 8×8 digits by default; `--mnist` or `--fashion` reads an
 * MNIST-format dataset from the cache or Debian's dataset-fashion-mnist, and
 * falls back to digits when it is not there).
 */
import { imagesToMatrix, loadDigits, loadFashionMnist, loadMnist } from '../lib/index.js';

/** The number after `--name` on the command line, or `fallback`. */
export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Images of digits or clothes, features scaled to [0, 1], labels 0..9. */
export interface ImageData {
  /** A short name fit for a folder: 'digits', 'mnist' or 'fashion-mnist'. */
  readonly id: string;
  /** What was loaded, for people. */
  readonly label: string;
  readonly X: number[][];
  readonly y: number[];
}

/**
 * Loads the data the command line asks for (`--mnist`, `--fashion`, `--rows N`).
 * @example
 * ```ts
 * const { label, X, y } = await loadImageData();
 * ```
 */
export async function loadImageData(): Promise<ImageData> {
  const wanted = process.argv.includes('--fashion') ? 'fashion' : process.argv.includes('--mnist') ? 'mnist' : 'digits';
  if (wanted !== 'digits') {
    try {
      const data = wanted === 'fashion' ? await loadFashionMnist({ download: false }) : await loadMnist({ download: false });
      const X = imagesToMatrix(data.train, { scale: true, limit: option('rows', 10_000) }).toArray();
      const y = Array.from(data.train.labels.subarray(0, X.length));
      const id = wanted === 'fashion' ? 'fashion-mnist' : 'mnist';
      return { id, label: `${wanted === 'fashion' ? 'Fashion-MNIST' : 'MNIST'} (first ${X.length} training images)`, X, y };
    } catch (error) {
      console.log(`${(error as Error).message}\nFalling back to the shipped digits.\n`);
    }
  }
  const { data, target } = await loadDigits();
  return { id: 'digits', label: 'digits (8×8)', X: data.map((row) => row.map((v) => v / 16)), y: target };
}
