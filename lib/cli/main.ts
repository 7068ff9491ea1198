#!/usr/bin/env node
/**
 * The `tunekit` command.
 *
 *     tunekit bench [--quick | --full] [--tasks ...] [--strategies ...]   runs the strategy benchmark suite
 *     tunekit report <file.json> [--out report.html] [--title TEXT]      writes the HTML report of a results file
 *     tunekit worker --storage S --study NAME --module FILE               runs trials of a study (worker.ts)
 *     tunekit status --storage S [--study NAME] [--json]                  prints a study's status (status.ts)
 *
 * `report` reads a suite results file (`results.json` of `tunekit bench`), the
 * JSON of `search.toJSON()` (cvResults), a search record, or `{ direction, trials }`
 * (a study's trials). `bench` runs `benchmarks/suite/`, which ships with the
 * repository (not the npm package).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { SearchRecord } from '../report/search-record.js';
import { isSearchRecord, recordFromCvResults, recordFromTrials } from '../report/search-record.js';
import { searchReport } from '../report/search-report.js';
import { suiteMarkdown, suiteReport, writeSuitePlots } from '../report/suite-report.js';
import { isSuiteResults, parseSuiteResults } from '../report/suite-types.js';
import type { Direction, Trial } from '../search/trial.js';
import { TunekitError } from '../core/errors.js';
import type { StorageBackend } from '../search/storage/storage.js';
import { openStorageToRead, statusCommand } from './status.js';
import { workerCommand } from './worker.js';

/** The top-level usage text. */
export const USAGE = [
  'Usage: tunekit <command> [options]',
  '',
  'Commands:',
  '  bench [--quick | --full] [options]     run the strategy benchmark suite (tunekit bench --help)',
  '  report <file.json> [--out FILE.html]   write the self-contained HTML report of a results file:',
  '                                         suite results, search.toJSON() output, or a study\'s trials',
  '  report --storage S --study N           the same for a study in a storage (journal or PostgreSQL)',
  '  worker --storage S --study N ...       run trials of a study until it is finished',
  '                                         (tunekit worker --help)',
  '  status --storage S [--study N]         a study\'s trials by state, best trial and workers',
  '                                         (tunekit status --help)',
  '  help                                   this text',
  '',
  'Options of report:',
  '  --out FILE     where to write the report (default: the input with .html)',
  '  --title TEXT   the report\'s title',
  '  --markdown F   suite results only: also write the plots as SVG files (in plots/ beside the',
  '                 results) and a Markdown summary embedding them to F',
  '  --storage S    read the trials of --study from a journal file or a postgresql:// URL',
  '                 (default output: <study>.html)',
].join('\n');

/** Where the CLI writes: swapped in tests. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const DEFAULT_IO: CliIO = { out: (t) => console.log(t), err: (t) => console.error(t) };

/**
 * The error of a bad command line (exit code 2).
 * @example
 * ```ts
 * throw new UsageError('tunekit report needs a results file: tunekit report <file.json>.');
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Turns a parsed JSON document into what a report is made of: suite results or a search record.
 * @throws {UsageError} when the document is none of the known kinds.
 * @example
 * ```ts
 * classifyResults(JSON.parse(search.toJSON())).kind; // 'search'
 * ```
 */
export function classifyResults(text: string, title?: string): { kind: 'suite'; text: string } | { kind: 'search'; record: SearchRecord } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The file is not JSON: ${(error as Error).message}`);
  }
  if (isSuiteResults(doc)) return { kind: 'suite', text };
  if (isSearchRecord(doc)) return { kind: 'search', record: title === undefined ? doc : { ...doc, title } };
  if (typeof doc === 'object' && doc !== null) {
    const d = doc as Record<string, unknown>;
    if (Array.isArray(d.params) && Object.keys(d).some((k) => k.startsWith('mean_test_'))) {
      return { kind: 'search', record: recordFromCvResults(d as Record<string, unknown[]>, title ?? 'search') };
    }
    if (Array.isArray(d.trials) && (d.direction === 'maximize' || d.direction === 'minimize')) {
      return { kind: 'search', record: recordFromTrials(d.trials as Trial[], d.direction as Direction, title ?? 'study') };
    }
  }
  throw new UsageError(
    'The file is not a tunekit results file. Expected suite results (tunekit bench), the JSON of search.toJSON() (with "params" and "mean_test_<metric>"), a search record, or { "direction", "trials" }.',
  );
}

/** `tunekit report --storage S --study N`: the search report of a study's trials, from any storage. */
async function reportStudy(storage: string | undefined, study: string | undefined, out: string | undefined, title: string | undefined, io: CliIO): Promise<number> {
  if (storage === undefined || storage === '') throw new UsageError('tunekit report --study needs --storage (a journal file or a postgresql:// URL).');
  if (study === undefined || study === '') throw new UsageError('tunekit report --storage needs --study NAME (tunekit status --storage S lists the studies).');
  let backend: StorageBackend | undefined;
  try {
    backend = openStorageToRead(storage, `No journal file at "${storage}".`);
    const stored = await backend.loadStudy(study);
    const record = recordFromTrials(await stored.getTrials(), stored.study.directions[0] ?? 'maximize', title ?? `Study "${study}"`);
    const target = resolve(out ?? `${study.replace(/[^\w.-]+/g, '_')}.html`);
    await searchReport(record, target);
    io.out(`report: ${target}`);
    return 0;
  } catch (error) {
    if (!(error instanceof TunekitError)) throw error;
    io.err(`tunekit report: ${error.name}: ${error.message}`);
    return 1;
  } finally {
    await backend?.close();
  }
}

async function reportCommand(args: readonly string[], io: CliIO): Promise<number> {
  let input: string | undefined;
  let out: string | undefined;
  let title: string | undefined;
  let markdown: string | undefined;
  let storage: string | undefined;
  let study: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--out') out = args[++i];
    else if (a === '--title') title = args[++i];
    else if (a === '--markdown') markdown = args[++i];
    else if (a === '--storage') storage = args[++i];
    else if (a === '--study') study = args[++i];
    else if (a.startsWith('--')) throw new UsageError(`Unknown option "${a}" of tunekit report.`);
    else if (input === undefined) input = a;
    else throw new UsageError(`tunekit report takes one file. Got "${input}" and "${a}".`);
  }
  if (storage !== undefined || study !== undefined) {
    if (input !== undefined) throw new UsageError(`tunekit report takes a results file or --storage with --study, not both. Got "${input}" and --storage.`);
    return reportStudy(storage, study, out, title, io);
  }
  if (input === undefined) throw new UsageError('tunekit report needs a results file: tunekit report <file.json> (or --storage S --study N).');
  let text: string;
  try {
    const bytes = readFileSync(input);
    // results files compress well (the committed full-suite results are results.json.gz)
    text = (/\.gz$/i.test(input) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new UsageError(`Cannot read "${input}": ${(error as Error).message}`);
  }
  const target = resolve(out ?? input.replace(/\.json(\.gz)?$/i, '') + '.html');
  const what = classifyResults(text, title);
  if (what.kind === 'suite') {
    const results = parseSuiteResults(what.text);
    await suiteReport(results, target, { title });
    if (markdown !== undefined) {
      const md = resolve(markdown);
      const images = await writeSuitePlots(results, join(dirname(resolve(input)), 'plots'));
      const rel = Object.fromEntries(Object.entries(images).map(([id, p]) => [id, relative(dirname(md), p)]));
      writeFileSync(md, suiteMarkdown(results, { images: rel }));
      io.out(`markdown: ${md}`);
    }
  } else {
    if (markdown !== undefined) throw new UsageError('--markdown is for suite results files only.');
    await searchReport(what.record, target);
  }
  io.out(`report: ${target}`);
  return 0;
}

interface SuiteModules {
  readonly suite: { runSuite(options: object): Promise<{ json: string; markdown: string; html: string }> };
  readonly args: { parseSuiteArgs(argv: readonly string[]): object & { help?: boolean }; suiteUsage(command?: string): string };
}

async function loadSuite(): Promise<SuiteModules> {
  const base = new URL('../../benchmarks/suite/', import.meta.url);
  try {
    const [suite, args] = await Promise.all([import(new URL('suite.ts', base).href), import(new URL('args.ts', base).href)]);
    return { suite, args } as SuiteModules;
  } catch (error) {
    throw new UsageError(
      `tunekit bench runs the benchmark suite in benchmarks/suite/, which comes with the repository, not the npm package, and runs through tsx: ` +
        `from a clone, use "npm run bench:suite" or "npx tunekit bench". (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

async function benchCommand(args: readonly string[], io: CliIO): Promise<number> {
  const m = await loadSuite();
  let options: object & { help?: boolean };
  try {
    options = m.args.parseSuiteArgs(args);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${m.args.suiteUsage()}`);
  }
  if (options.help === true) {
    io.out(m.args.suiteUsage());
    return 0;
  }
  const { help: _help, ...rest } = options;
  const out = await m.suite.runSuite({ ...rest, command: `tunekit bench ${args.join(' ')}`.trim() });
  io.out(`results: ${out.json}\nsummary: ${out.markdown}\nreport:  ${out.html}`);
  return 0;
}

/**
 * Runs the CLI on arguments (without `node` and the script) and returns the exit code.
 * @example
 * ```ts
 * await main(['report', 'benchmarks/results/suite/results.json']); // 0, and the report's path printed
 * ```
 */
export async function main(argv: readonly string[], io: CliIO = DEFAULT_IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'bench':
        return await benchCommand(rest, io);
      case 'report':
        return await reportCommand(rest, io);
      case 'worker':
        return await workerCommand(rest, io);
      case 'status':
        return await statusCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}${error.message.includes('Usage:') ? '' : `\n\n${USAGE}`}`);
      return 2;
    }
    io.err(`tunekit ${command}: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

const invoked = process.argv[1] === undefined ? undefined : pathToFileURL(resolve(process.argv[1])).href;
if (invoked === import.meta.url || (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]))) {
  process.exitCode = await main(process.argv.slice(2));
}
