/**
 * `loadCsv`: a numeric CSV file (plain or gzip-compressed) as a feature matrix and
 * a target, read with csv-parse's streaming parser.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import type { Info } from 'csv-parse';
import { CsvError, parse } from 'csv-parse';
import { ValidationError } from '../core/errors.js';
import { checkBoolean, checkKnownKeys, checkParam, closestName, integerIn, invalidArgument, invalidParameter, satisfies } from '../core/validate.js';

/** Options of {@link loadCsv}. */
export interface LoadCsvOptions {
  /**
   * The target column: its name in the header, or its index (negative indices
   * count from the end, `-1` is the last column).
   * @default -1
   */
  readonly target?: string | number;
  /** Whether the first line holds the column names. @default true */
  readonly header?: boolean;
  /** The field separator (one or more characters). @default ',' */
  readonly delimiter?: string;
}

/** What {@link loadCsv} returns. */
export interface CsvDataset {
  /** One row per data line, the target column removed. Empty fields and `NaN`/`NA`/`null` are `NaN`. */
  readonly data: number[][];
  /** The target column: numbers when every value is numeric, the raw strings otherwise. */
  readonly target: number[] | string[];
  /** The names of the feature columns (`x0`, `x1`, ... by column index without a header). */
  readonly featureNames: string[];
  /** The name of the target column (`x<index>` without a header). */
  readonly targetName: string;
}

const OWNER = 'loadCsv';
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'nan', 'na', 'n/a', 'null']);
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/** A field as a number, `NaN` for a missing value, or `undefined` when it is not numeric. */
function parseNumber(field: string): number | undefined {
  if (NUMBER.test(field)) return Number(field);
  if (MISSING.has(field.toLowerCase())) return NaN;
  const inf = INFINITY.exec(field);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

function displayPath(path: string | URL): string {
  return path instanceof URL ? (path.protocol === 'file:' ? fileURLToPath(path) : path.href) : path;
}

/**
 * Reads a CSV file of numeric features and one target column.
 *
 * The file is streamed through csv-parse (quoted fields, a BOM and blank lines
 * are handled); a path ending in `.gz` is decompressed on the fly. Fields are
 * trimmed. Every row must have as many fields as the first one.
 *
 * @param path - a file path or `file:` URL.
 * @returns the features as `number[][]`, the target, and the column names.
 * @throws {ValidationError} for a file that cannot be read or decompressed, a
 *   malformed or ragged line, a non-numeric feature value (the message gives the
 *   line and column), or a file without data rows.
 * @throws {InvalidParameterError} for a target column the file does not have.
 *
 * @example
 * ```ts
 * const { data, target, featureNames } = await loadCsv('iris.csv', { target: 'species' });
 * ```
 */
export async function loadCsv(path: string | URL, options: LoadCsvOptions = {}): Promise<CsvDataset> {
  checkKnownKeys(OWNER, options, ['target', 'header', 'delimiter'], 'option');
  const target = checkParam<string | number>(OWNER, 'target', options.target ?? -1, [integerIn(), satisfies('a column name', (v) => typeof v === 'string' && v.length > 0)], {
    kind: 'option',
  });
  const header = checkBoolean(OWNER, 'header', options.header ?? true);
  const delimiter = checkParam<string>(OWNER, 'delimiter', options.delimiter ?? ',', satisfies('a non-empty string', (v) => typeof v === 'string' && v.length > 0), {
    kind: 'option',
  });
  if (typeof target === 'string' && !header) {
    throw invalidParameter(OWNER, 'target', 'a column index (an int) when header is false', target, { kind: 'option' });
  }
  const shownPath = displayPath(path);
  const fail = (expected: string, shown: string, hint?: string): ValidationError =>
    invalidArgument(OWNER, 'path', expected, path, { shown, hint });

  const parser = parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  const gzipped = shownPath.toLowerCase().endsWith('.gz');
  let streamError: (Error & { code?: string | undefined }) | undefined;
  const stages: (Readable | Transform)[] = [createReadStream(path), ...(gzipped ? [createGunzip()] : []), parser];
  const records = pipeline(stages as [Readable, ...Transform[]], (error) => {
    if (error) streamError ??= error;
  }) as unknown as AsyncIterable<{ info: Info; record: string[] }>;

  const data: number[][] = [];
  const rawTarget: string[] = [];
  let names: string[] | undefined;
  let width = -1;
  let firstLine = 1;
  let targetIndex = -1;
  try {
    for await (const { info, record } of records) {
      const line = info.lines;
      if (width < 0) {
        width = record.length;
        firstLine = line;
        if (width < 2) {
          throw fail('a CSV file with at least 2 columns (features and a target)', `${width} column on line ${line} of ${shownPath}`);
        }
        names = header ? record : record.map((_, j) => `x${j}`);
        targetIndex = resolveTarget(target, names, shownPath);
        if (header) continue;
      }
      if (record.length !== width) {
        throw fail(
          `a CSV file with ${width} fields on every line (as on line ${firstLine})`,
          `${record.length} field${record.length === 1 ? '' : 's'} on line ${line} of ${shownPath}`,
        );
      }
      const row = new Array<number>(width - 1);
      for (let j = 0, k = 0; j < width; j++) {
        const field = record[j] as string;
        if (j === targetIndex) {
          rawTarget.push(field);
          continue;
        }
        const value = parseNumber(field);
        if (value === undefined) {
          throw fail(
            'a CSV file of numbers in every column but the target',
            `${JSON.stringify(field)} in column ${j} (${JSON.stringify((names as string[])[j])}) on line ${line} of ${shownPath}`,
            'Encode or drop non-numeric feature columns before loading, or choose that column as the target.',
          );
        }
        row[k++] = value;
      }
      data.push(row);
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw describeStreamError(streamError ?? (error as Error), shownPath, fail);
  }
  if (streamError) throw describeStreamError(streamError, shownPath, fail);
  if (data.length === 0) throw fail('a CSV file with at least one data row', `no data rows in ${shownPath}`);

  const numericTarget = rawTarget.map((v) => (NUMBER.test(v) ? Number(v) : NaN));
  const allNumeric = numericTarget.every((v) => !Number.isNaN(v));
  const columnNames = names as string[];
  return {
    data,
    target: allNumeric ? numericTarget : rawTarget,
    featureNames: columnNames.filter((_, j) => j !== targetIndex),
    targetName: columnNames[targetIndex] as string,
  };
}

function resolveTarget(target: string | number, names: readonly string[], shownPath: string): number {
  if (typeof target === 'string') {
    const index = names.indexOf(target);
    if (index < 0) {
      const suggestion = closestName(target, names);
      throw invalidParameter(OWNER, 'target', `the name of a column of ${shownPath} (${names.map((n) => JSON.stringify(n)).join(', ')})`, target, {
        kind: 'option',
        hint: suggestion ? `Did you mean "${suggestion}"?` : undefined,
      });
    }
    return index;
  }
  const index = target < 0 ? target + names.length : target;
  if (index < 0 || index >= names.length) {
    throw invalidParameter(OWNER, 'target', `a column index in the range [${-names.length}, ${names.length - 1}] (${shownPath} has ${names.length} columns)`, target, {
      kind: 'option',
    });
  }
  return index;
}

function describeStreamError(
  error: Error & { code?: string | undefined; lines?: number | undefined },
  shownPath: string,
  fail: (expected: string, shown: string, hint?: string) => ValidationError,
): ValidationError {
  if (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EISDIR') {
    return fail('a readable file', `${JSON.stringify(shownPath)} (${error.code}: ${error.message.replace(/^[A-Z]+: /, '')})`);
  }
  if (error.code === 'Z_DATA_ERROR' || error.code === 'Z_BUF_ERROR') {
    return fail('a gzip-compressed CSV file (its name ends in .gz)', `${shownPath}, which cannot be decompressed (${error.message})`);
  }
  if (error instanceof CsvError) {
    return fail('a well-formed CSV file', `a parse error${error.lines ? ` on line ${error.lines}` : ''} of ${shownPath}: ${error.message}`);
  }
  return fail('a readable CSV file', `${shownPath}, which failed to read (${error.message})`);
}
