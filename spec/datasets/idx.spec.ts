import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { TunekitError, ValidationError } from '../../lib/core/errors.js';
import { datasetCacheDirectory, imagesToMatrix, loadFashionMnist, loadMnist, parseIdx, readIdx } from '../../lib/datasets/idx.js';

const root = mkdtempSync(join(tmpdir(), 'tunekit-idx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

let counter = 0;
function freshDir(): string {
  const dir = join(root, `d${counter++}`);
  mkdirSync(dir);
  return dir;
}

/** IDX bytes of unsigned bytes with the given dimensions. */
function idx(dims: readonly number[], data: ArrayLike<number>, magicType = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = magicType;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** The four files of a tiny MNIST: 5 training and 2 test images of 3×2 pixels. */
function tinyMnist(): Record<string, Uint8Array> {
  const train = Array.from({ length: 5 * 6 }, (_, k) => (k * 7) % 256);
  const test = Array.from({ length: 2 * 6 }, (_, k) => 255 - k);
  return {
    'train-images-idx3-ubyte.gz': gzipSync(idx([5, 3, 2], train)),
    'train-labels-idx1-ubyte.gz': gzipSync(idx([5], [3, 1, 4, 1, 5])),
    't10k-images-idx3-ubyte.gz': gzipSync(idx([2, 3, 2], test)),
    't10k-labels-idx1-ubyte.gz': gzipSync(idx([2], [9, 2])),
  };
}

function writeAll(dir: string, files: Record<string, Uint8Array>): void {
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

describe('parseIdx', () => {
  it('reads the dimensions and the bytes', () => {
    const { dims, data } = parseIdx(idx([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'x', 3);
    expect(dims).toEqual([2, 2, 3]);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('rejects a wrong magic number', () => {
    expect(() => parseIdx(idx([4], [1, 2, 3, 4]), 'labels.idx', 3)).toThrow(ValidationError);
    expect(() => parseIdx(idx([4], [1, 2, 3, 4]), 'labels.idx', 3)).toThrow(
      'The "file" argument of parseIdx must be an IDX file of unsigned bytes with 3 dimensions (magic number 0x00000803). Got magic number 0x00000801 in labels.idx instead.',
    );
    expect(() => parseIdx(idx([4], [0, 0, 0, 0], 0x0d), 'floats.idx')).toThrow(
      'The "file" argument of parseIdx must be an IDX file of unsigned bytes (magic number 0x000008nn). Got magic number 0x00000d01 in floats.idx instead.',
    );
    expect(() => parseIdx(gzipSync(idx([1], [1])), 'x.gz', 1)).toThrow(/Got magic number 0x1f8b0800 in x\.gz instead\. The content is still gzip-compressed\.$/);
  });

  it('rejects a truncated or oversized file', () => {
    const bytes = idx([3, 2, 2], new Array<number>(12).fill(1));
    expect(() => parseIdx(bytes.subarray(0, bytes.length - 1), 'cut.idx', 3)).toThrow(
      'The "file" argument of parseIdx must be an IDX file with 3 × 2 × 2 = 12 bytes of data. Got 11 bytes of data in cut.idx instead. The file is truncated or corrupt; download it again.',
    );
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), 'head.idx', 3)).toThrow(/Got a file of 6 bytes \(head\.idx\) instead\.$/);
    expect(() => parseIdx(new Uint8Array([0, 0]), 'tiny.idx')).toThrow(/Got a file of 2 bytes \(tiny\.idx\) instead\.$/);
    expect(() => parseIdx(new Uint8Array([...bytes, 0]), 'long.idx', 3)).toThrow(/Got 13 bytes of data in long\.idx instead\./);
  });
});

describe('readIdx', () => {
  it('reads compressed and uncompressed files alike', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'a.gz'), gzipSync(idx([3], [7, 8, 9])));
    writeFileSync(join(dir, 'a'), idx([3], [7, 8, 9]));
    expect(Array.from((await readIdx(join(dir, 'a.gz'), 1)).data)).toEqual([7, 8, 9]);
    expect(Array.from((await readIdx(join(dir, 'a'), 1)).data)).toEqual([7, 8, 9]);
  });

  it('rejects a corrupt gzip file', async () => {
    const dir = freshDir();
    const compressed = gzipSync(idx([100], new Array<number>(100).fill(3)));
    const path = join(dir, 'cut.gz');
    writeFileSync(path, compressed.subarray(0, compressed.length - 12));
    await expect(readIdx(path)).rejects.toThrow(
      `The "file" argument of readIdx must be a valid gzip-compressed IDX file. Got ${path}, which cannot be decompressed (unexpected end of file) instead. The file is truncated or corrupt; download it again.`,
    );
  });
});

describe('loadMnist', () => {
  it('reads the four files of a directory', async () => {
    const dir = freshDir();
    writeAll(dir, tinyMnist());
    const { train, test, classNames, directory } = await loadMnist({ directory: dir, download: false });
    expect(directory).toBe(dir);
    expect([train.count, train.height, train.width]).toEqual([5, 3, 2]);
    expect(Array.from(train.labels)).toEqual([3, 1, 4, 1, 5]);
    expect(train.images[7]).toBe(49);
    expect([test.count, test.height, test.width]).toEqual([2, 3, 2]);
    expect(Array.from(test.labels)).toEqual([9, 2]);
    expect(classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('accepts uncompressed files', async () => {
    const dir = freshDir();
    for (const [name, bytes] of Object.entries(tinyMnist())) writeFileSync(join(dir, name.replace(/\.gz$/, '')), gunzipSync(bytes));
    expect((await loadMnist({ directory: dir, download: false })).train.count).toBe(5);
  });

  it('rejects labels that do not match the images', async () => {
    const dir = freshDir();
    writeAll(dir, { ...tinyMnist(), 'train-labels-idx1-ubyte.gz': gzipSync(idx([4], [1, 2, 3, 4])) });
    await expect(loadMnist({ directory: dir, download: false })).rejects.toThrow(
      `The "file" argument of loadMnist must be a label file with one label per image (5, as in ${join(dir, 'train-images-idx3-ubyte.gz')}). Got 4 labels instead.`,
    );
    writeAll(dir, { ...tinyMnist(), 't10k-labels-idx1-ubyte.gz': gzipSync(idx([2], [1, 12])) });
    await expect(loadMnist({ directory: dir, download: false })).rejects.toThrow(/must be a label file of classes 0 to 9\. Got label 12 at index 1 instead\./);
  });

  it('says which files to put where when they are missing and downloading is off', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), tinyMnist()['train-labels-idx1-ubyte.gz']!);
    const failure = loadMnist({ directory: dir, download: false });
    await expect(failure).rejects.toBeInstanceOf(TunekitError);
    await expect(loadMnist({ directory: dir, download: false })).rejects.toThrow(
      `MNIST was not found: looked for train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in ${dir}. ` +
        `Downloading is off ({ download: false }). Put train-images-idx3-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in ${dir} ` +
        '(from https://ossci-datasets.s3.amazonaws.com/mnist/<file name>).',
    );
  });

  it('looks in the cache folder by default', async () => {
    const cache = freshDir();
    vi.stubEnv('XDG_CACHE_HOME', cache);
    expect(datasetCacheDirectory('mnist')).toBe(join(cache, 'tunekit', 'mnist'));
    await expect(loadMnist({ download: false })).rejects.toThrow(
      new RegExp(`in ${join(cache, 'tunekit', 'mnist').replace(/[/.]/g, '\\$&')} \\(from .*\\), or pass \\{ directory \\} to read them from elsewhere\\.$`),
    );
    mkdirSync(join(cache, 'tunekit', 'mnist'), { recursive: true });
    writeAll(join(cache, 'tunekit', 'mnist'), tinyMnist());
    expect((await loadMnist({ download: false })).directory).toBe(join(cache, 'tunekit', 'mnist'));
    vi.stubEnv('XDG_CACHE_HOME', '');
    expect(datasetCacheDirectory('mnist')).toBe(join(homedir(), '.cache', 'tunekit', 'mnist'));
  });

  it('downloads missing files into the directory (fetch stubbed: no network in tests)', async () => {
    const dir = join(freshDir(), 'new');
    const files = tinyMnist();
    const requested: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      requested.push(url);
      if (url.startsWith('https://ossci-datasets') && url.includes('t10k-labels')) return new Response('gone', { status: 404 });
      const name = url.slice(url.lastIndexOf('/') + 1);
      return new Response(files[name]!);
    });
    const { train, directory } = await loadMnist({ directory: dir });
    expect(directory).toBe(dir);
    expect(train.count).toBe(5);
    expect(requested).toEqual([
      'https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz',
      'https://ossci-datasets.s3.amazonaws.com/mnist/train-labels-idx1-ubyte.gz',
      'https://ossci-datasets.s3.amazonaws.com/mnist/t10k-images-idx3-ubyte.gz',
      'https://ossci-datasets.s3.amazonaws.com/mnist/t10k-labels-idx1-ubyte.gz',
      'https://storage.googleapis.com/cvdf-datasets/mnist/t10k-labels-idx1-ubyte.gz',
    ]);
    expect(readFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'))).toEqual(Buffer.from(files['t10k-labels-idx1-ubyte.gz']!));
    expect(existsSync(join(dir, 't10k-labels-idx1-ubyte.gz.part'))).toBe(false);
  });

  it('reports why downloading failed and which files to put where', async () => {
    const dir = freshDir();
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(loadMnist({ directory: dir })).rejects.toThrow(
      'MNIST was not found: looked for train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in ' +
        `${dir}. Downloading failed (https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz: fetch failed; ` +
        'https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz: fetch failed). ' +
        `Put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in ${dir} ` +
        '(from https://ossci-datasets.s3.amazonaws.com/mnist/<file name>).',
    );
  });

  it('gives up on a mirror that does not answer within timeoutMs, and refuses a corrupt download', async () => {
    const dir = freshDir();
    vi.stubGlobal(
      'fetch',
      (url: string, init: { signal: AbortSignal }) =>
        new Promise<Response>((resolve, reject) => {
          if (url.startsWith('https://storage')) resolve(new Response('<html>not a dataset</html>'));
          init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    await expect(loadMnist({ directory: dir, timeoutMs: 30 })).rejects.toThrow(
      /Downloading failed \(https:\/\/ossci-datasets\.s3\.amazonaws\.com\/mnist\/train-images-idx3-ubyte\.gz: no answer within 30 ms; https:\/\/storage\.googleapis\.com\/cvdf-datasets\/mnist\/train-images-idx3-ubyte\.gz: incorrect header check\)/,
    );
    expect(existsSync(join(dir, 'train-images-idx3-ubyte.gz'))).toBe(false);
  });

  it('rejects bad options', async () => {
    await expect(loadMnist({ dir: '/x' } as never)).rejects.toThrow(/^Unknown option "dir" for loadMnist\. Valid options are: "directory", "download", "timeoutMs"\./);
    await expect(loadMnist({ timeoutMs: 0 })).rejects.toThrow('The "timeoutMs" option of loadMnist must be an int in the range [1, inf). Got 0 instead.');
  });
});

describe('imagesToMatrix', () => {
  it('flattens images to rows of floats in [0, 1], optionally the first ones only', async () => {
    const dir = freshDir();
    writeAll(dir, tinyMnist());
    const { train } = await loadMnist({ directory: dir, download: false });
    const X = imagesToMatrix(train);
    expect([X.rows, X.columns]).toEqual([5, 6]);
    expect(X.get(1, 1)).toBe(49 / 255);
    const raw = imagesToMatrix(train, { scale: false, limit: 2 });
    expect(raw.toArray()).toEqual([
      [0, 7, 14, 21, 28, 35],
      [42, 49, 56, 63, 70, 77],
    ]);
  });
});

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const fashionPresent = existsSync(join(FASHION_DIR, 'train-images-idx3-ubyte.gz'));

describe('loadFashionMnist on the Debian files', () => {
  interface SplitFixture {
    image_dims: number[];
    label_dims: number[];
    images_sha256: string;
    labels_sha256: string;
    pixel_sum: number;
    first_image_sum: number;
    first_labels: number[];
    label_counts: number[];
  }
  const fixturePath = new URL('../fixtures/datasets/fashion_mnist.json', import.meta.url);

  it.skipIf(!fashionPresent)(`matches the files' digests (skipped when ${FASHION_DIR} is not present)`, async () => {
    const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as Record<'train' | 'test', SplitFixture>;
    const data = await loadFashionMnist({ directory: FASHION_DIR, download: false });
    for (const split of ['train', 'test'] as const) {
      const ours = data[split];
      const f = fixture[split];
      expect([ours.count, ours.height, ours.width]).toEqual(f.image_dims);
      expect(ours.labels.length).toBe(f.label_dims[0]);
      expect(createHash('sha256').update(ours.images).digest('hex')).toBe(f.images_sha256);
      expect(createHash('sha256').update(ours.labels).digest('hex')).toBe(f.labels_sha256);
      expect(Array.from(ours.labels.subarray(0, 10))).toEqual(f.first_labels);
      const counts = new Array<number>(10).fill(0);
      for (const l of ours.labels) counts[l]! += 1;
      expect(counts).toEqual(f.label_counts);
      expect(ours.images.subarray(0, 784).reduce((a, b) => a + b, 0)).toBe(f.first_image_sum);
    }
    expect(data.classNames[data.train.labels[0]!]).toBe('Ankle boot');
  });

  it.skipIf(!fashionPresent)(`finds them without a directory when the cache is empty (skipped when ${FASHION_DIR} is not present)`, async () => {
    vi.stubEnv('XDG_CACHE_HOME', freshDir());
    const data = await loadFashionMnist({ download: false });
    expect(data.directory).toBe(FASHION_DIR);
    expect(data.test.count).toBe(10000);
  });
});
