import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidParameterError, ValidationError } from '../../lib/core/errors.js';
import { loadCsv } from '../../lib/datasets/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'tunekit-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function file(content: string | Uint8Array, extension = '.csv'): string {
  const path = join(dir, `f${counter++}${extension}`);
  writeFileSync(path, content);
  return path;
}

const IRIS_LIKE = 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n';

describe('loadCsv', () => {
  it('reads numeric features and a string target by name', async () => {
    const d = await loadCsv(file(IRIS_LIKE), { target: 'species' });
    expect(d).toEqual({
      data: [
        [5.1, 1.4],
        [7, 4.7],
        [6.3, 6],
      ],
      target: ['setosa', 'versicolor', 'virginica'],
      featureNames: ['sepal', 'petal'],
      targetName: 'species',
    });
  });

  it('defaults to the last column as target and gives a numeric target when every value is a number', async () => {
    const d = await loadCsv(file('a,b,y\n1,2,0.5\n3,4,-1e3\n'));
    expect(d.target).toEqual([0.5, -1000]);
    expect(d.targetName).toBe('y');
  });

  it('takes the target by index, negative from the end, in any position', async () => {
    const path = file('y,a,b\n1,2,3\n4,5,6\n');
    expect((await loadCsv(path, { target: 0 })).data).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect((await loadCsv(path, { target: -2 })).featureNames).toEqual(['y', 'b']);
  });

  it('reads files without a header, naming columns x0, x1, ...', async () => {
    const d = await loadCsv(file('1;2;3\n4;5;6\n'), { header: false, delimiter: ';', target: 1 });
    expect(d.data).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(d.featureNames).toEqual(['x0', 'x2']);
    expect(d.targetName).toBe('x1');
  });

  it('reads gzip-compressed files, file: URLs, quoted fields, a BOM, blank lines and missing values', async () => {
    const content = '\uFEFF"a","b, with comma",label\n 1 , "2",x\n\n,NaN,y\nNA,inf,z\n';
    const path = file(gzipSync(Buffer.from(content)), '.csv.gz');
    const d = await loadCsv(pathToFileURL(path));
    expect(d.featureNames).toEqual(['a', 'b, with comma']);
    expect(d.data).toEqual([
      [1, 2],
      [NaN, NaN],
      [NaN, Infinity],
    ]);
    expect(d.target).toEqual(['x', 'y', 'z']);
  });

  it('reads a large file in a stream', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i},${i * 0.5},${i % 3}`);
    const d = await loadCsv(file(`a,b,c\n${rows.join('\n')}\n`));
    expect(d.data).toHaveLength(20000);
    expect(d.data[19999]).toEqual([19999, 9999.5]);
  });

  it('rejects a ragged line, naming the line', async () => {
    const path = file('a,b,c\n1,2,3\n4,5\n');
    await expect(loadCsv(path)).rejects.toBeInstanceOf(ValidationError);
    await expect(loadCsv(path)).rejects.toThrow(
      `The "path" argument of loadCsv must be a CSV file with 3 fields on every line (as on line 1). Got 2 fields on line 3 of ${path} instead.`,
    );
    const blank = file('a,b,c\n1,2,3\n\n4,5,6,7\n');
    await expect(loadCsv(blank)).rejects.toThrow(`Got 4 fields on line 4 of ${blank} instead.`);
  });

  it('rejects a non-numeric feature, naming the line and the column', async () => {
    const path = file('a,b,y\n1,2,0\n3,abc,1\n');
    await expect(loadCsv(path)).rejects.toThrow(
      `The "path" argument of loadCsv must be a CSV file of numbers in every column but the target. Got "abc" in column 1 ("b") on line 3 of ${path} instead. ` +
        'Encode or drop non-numeric feature columns before loading, or choose that column as the target.',
    );
    await expect(loadCsv(file('a,y\n0x10,1\n'))).rejects.toThrow(/Got "0x10" in column 0 \("a"\) on line 2/);
  });

  it('rejects a missing target column, listing the columns', async () => {
    const path = file(IRIS_LIKE);
    await expect(loadCsv(path, { target: 'specie' })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(loadCsv(path, { target: 'specie' })).rejects.toThrow(
      `The "target" option of loadCsv must be the name of a column of ${path} ("sepal", "petal", "species"). Got "specie" instead. Did you mean "species"?`,
    );
    await expect(loadCsv(path, { target: 3 })).rejects.toThrow(
      `The "target" option of loadCsv must be a column index in the range [-3, 2] (${path} has 3 columns). Got 3 instead.`,
    );
    await expect(loadCsv(path, { target: 'species', header: false })).rejects.toThrow(
      'The "target" option of loadCsv must be a column index (an int) when header is false. Got "species" instead.',
    );
  });

  it('rejects files it cannot read, decompress or parse', async () => {
    const missing = join(dir, 'missing.csv');
    await expect(loadCsv(missing)).rejects.toThrow(
      `The "path" argument of loadCsv must be a readable file. Got "${missing}" (ENOENT: no such file or directory, open '${missing}') instead.`,
    );
    const notGzip = file('a,b\n1,2\n', '.csv.gz');
    await expect(loadCsv(notGzip)).rejects.toThrow(
      `The "path" argument of loadCsv must be a gzip-compressed CSV file (its name ends in .gz). Got ${notGzip}, which cannot be decompressed (incorrect header check) instead.`,
    );
    const unclosed = file('a,b\n1,"2\n');
    await expect(loadCsv(unclosed)).rejects.toThrow(`The "path" argument of loadCsv must be a well-formed CSV file. Got a parse error on line 2 of ${unclosed}: Quote Not Closed`);
  });

  it('rejects a file without data rows or with a single column', async () => {
    const empty = file('a,b\n');
    await expect(loadCsv(empty)).rejects.toThrow(`The "path" argument of loadCsv must be a CSV file with at least one data row. Got no data rows in ${empty} instead.`);
    await expect(loadCsv(file(''))).rejects.toThrow(/at least one data row/);
    const single = file('y\n1\n');
    await expect(loadCsv(single)).rejects.toThrow(
      `The "path" argument of loadCsv must be a CSV file with at least 2 columns (features and a target). Got 1 column on line 1 of ${single} instead.`,
    );
  });

  it('rejects unknown and bad options', async () => {
    const path = file(IRIS_LIKE);
    await expect(loadCsv(path, { targetColumn: 'x' } as never)).rejects.toThrow(/^Unknown option "targetColumn" for loadCsv\. Valid options are: "target", "header", "delimiter"\./);
    await expect(loadCsv(path, { delimiter: '' })).rejects.toThrow('The "delimiter" option of loadCsv must be a non-empty string. Got "" instead.');
    await expect(loadCsv(path, { target: 1.5 })).rejects.toThrow('The "target" option of loadCsv must be an int or a column name. Got 1.5 instead.');
  });
});
