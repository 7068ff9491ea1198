#!/usr/bin/env node
/**
 * The `tunekit` command.
 *
 *     tunekit bench [--quick | --full] [--tasks ...] [--strategies ...]   runs the strategy benchmark suite
 *     tunekit report <file.json> [--out report.html] [--title TEXT]      writes the HTML report of a results file
 *     tunekit worker --storage S --study NAME --module FILE               runs trials of a study (worker.ts)
 *     tunekit status --storage S [--study NAME] [--json]                  prints a study's status (status.ts)
 *     tunekit --version | --help, tunekit <command> --help, tunekit help <command>
 *
 * Arguments are read with Node's `util.parseArgs` against each command's
 * description (`args.ts`), which also writes the command's `--help`; a bad
 * command line exits 2 with a message naming the option and the command.
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
import type { CliCommand } from './args.js';
import { UsageError, commandHelp, parseCommand, stringOption } from './args.js';
import { STATUS_USAGE, openStorageToRead, statusCommand } from './status.js';
import { WORKER_USAGE, workerCommand } from './worker.js';

export { UsageError } from './args.js';

/** The command line of `tunekit` itself (before a command). */
export const TUNEKIT_COMMAND: CliCommand = {
  name: 'tunekit',
  usage: ['tunekit <command> [options]', 'tunekit <command> --help', 'tunekit --version'],
  description: [
    'Commands:',
    '  bench [--quick | --full] [options]     run the strategy benchmark suite',
    '  report <file.json> [--out FILE.html]   write the self-contained HTML report of a results file:',
    '                                         suite results, search.toJSON() output, or a study\'s trials',
    '  report --storage S --study N           the same for a study in a storage (journal or PostgreSQL)',
    '  worker --storage S --study N ...       run trials of a study until it is finished',
    '  status --storage S [--study N]         a study\'s trials by state, best trial and workers',
    '  help [command]                         this text, or a command\'s options',
    '',
    '"tunekit <command> --help" prints the options of a command.',
  ].join('\n'),
  options: {
    version: { type: 'boolean', help: 'print the version of tunekit' },
  },
};

/** The top-level usage text (`tunekit --help`). */
export const USAGE = commandHelp(TUNEKIT_COMMAND);

/** The command line of `tunekit report`: its options and help. */
export const REPORT_COMMAND: CliCommand = {
  name: 'tunekit report',
  usage: ['tunekit report <file.json> [--out FILE.html] [--title TEXT] [--markdown FILE.md]', 'tunekit report --storage STORAGE --study NAME [--out FILE.html] [--title TEXT]'],
  description: [
    'Writes the self-contained HTML report of a results file: suite results (results.json of',
    'tunekit bench, or results.json.gz), the JSON of search.toJSON() (cvResults), a search record,',
    'or { direction, trials } (a study\'s trials); or of a study read from a storage.',
  ].join('\n'),
  positionals: 'a results file',
  options: {
    out: { type: 'string', value: 'FILE', help: 'where to write the report (default: the input with .html)' },
    title: { type: 'string', value: 'TEXT', help: 'the report\'s title' },
    markdown: { type: 'string', value: 'FILE', help: 'suite results only: also write the plots as SVG files (in plots/ beside\nthe results) and a Markdown summary embedding them to FILE' },
    storage: { type: 'string', value: 'STORAGE', help: 'read the trials of --study from a journal file or a postgresql:// URL\n(default output: <study>.html)' },
    study: { type: 'string', value: 'NAME', help: 'the study to report (with --storage)' },
  },
};

/** The usage text of `tunekit report` (`tunekit report --help`). */
export const REPORT_USAGE = commandHelp(REPORT_COMMAND);

/**
 * The version of tunekit: package.json's, two folders up from this file both in
 * the sources (lib/cli/) and in the build (dist/cli/).
 * @example
 * ```ts
 * tunekitVersion(); // '0.1.0'
 * ```
 */
export function tunekitVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

/** Where the CLI writes: swapped in tests. */
export interface CliIO {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const DEFAULT_IO: CliIO = { out: (t) => console.log(t), err: (t) => console.error(t) };

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
    throw new UsageError(`The file is not JSON: ${(error as Error).message}`, REPORT_USAGE);
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
    REPORT_USAGE,
  );
}

/** `tunekit report --storage S --study N`: the search report of a study's trials, from any storage. */
async function reportStudy(storage: string | undefined, study: string | undefined, out: string | undefined, title: string | undefined, io: CliIO): Promise<number> {
  if (storage === undefined || storage === '') throw new UsageError('tunekit report --study needs --storage (a journal file or a postgresql:// URL).', REPORT_USAGE);
  if (study === undefined || study === '') throw new UsageError('tunekit report --storage needs --study NAME (tunekit status --storage S lists the studies).', REPORT_USAGE);
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
  const { values, positionals, help } = parseCommand(REPORT_COMMAND, args);
  if (help) {
    io.out(REPORT_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`tunekit report takes one file. Got "${positionals[0]}" and "${positionals[1]}".`, REPORT_USAGE);
  const input = positionals[0];
  const [out, title, markdown, storage, study] = (['out', 'title', 'markdown', 'storage', 'study'] as const).map((name) => stringOption(values, name));
  if (storage !== undefined || study !== undefined) {
    if (input !== undefined) throw new UsageError(`tunekit report takes a results file or --storage with --study, not both. Got "${input}" and --storage.`, REPORT_USAGE);
    return reportStudy(storage, study, out, title, io);
  }
  if (input === undefined) throw new UsageError('tunekit report needs a results file: tunekit report <file.json> (or --storage S --study N).', REPORT_USAGE);
  let text: string;
  try {
    const bytes = readFileSync(input);
    // results files compress well (the committed full-suite results are results.json.gz)
    text = (/\.gz$/i.test(input) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new UsageError(`Cannot read "${input}": ${(error as Error).message}`, REPORT_USAGE);
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
    if (markdown !== undefined) throw new UsageError('--markdown is for suite results files only.', REPORT_USAGE);
    await searchReport(what.record, target);
  }
  io.out(`report: ${target}`);
  return 0;
}

interface SuiteModules {
  readonly suite: { runSuite(options: object): Promise<{ json: string; markdown: string; html: string }> };
  readonly args: { parseSuiteArgs(argv: readonly string[], command?: string): object & { help?: boolean }; suiteUsage(command?: string): string };
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
    options = m.args.parseSuiteArgs(args, 'tunekit bench');
  } catch (error) {
    throw new UsageError((error as Error).message, m.args.suiteUsage());
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

const COMMANDS = {
  bench: benchCommand,
  report: reportCommand,
  worker: workerCommand,
  status: statusCommand,
} as const satisfies Record<string, (args: readonly string[], io: CliIO) => Promise<number>>;

/** The `--help` text of a command (`tunekit help <command>`). */
async function commandUsage(command: string): Promise<string> {
  switch (command) {
    case 'bench':
      return (await loadSuite()).args.suiteUsage();
    case 'report':
      return REPORT_USAGE;
    case 'worker':
      return WORKER_USAGE;
    case 'status':
      return STATUS_USAGE;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** `tunekit [--version | --help] [help [command]]`: what comes before (or instead of) a command. */
async function topLevel(flags: readonly string[], command: string | undefined, rest: readonly string[], io: CliIO): Promise<number> {
  const { values, help } = parseCommand(TUNEKIT_COMMAND, flags);
  if (values.has('version')) {
    io.out(tunekitVersion());
    return 0;
  }
  if (command === 'help' && rest.length > 0) {
    if (rest.length > 1) throw new UsageError(`tunekit help takes one command. Got "${rest.join('", "')}".`);
    io.out(await commandUsage(rest[0] as string));
    return 0;
  }
  io.out(USAGE);
  return help || command === 'help' ? 0 : 2;
}

/**
 * Runs the CLI on arguments (without `node` and the script) and returns the exit code:
 * 0 done, 1 failed, 2 a bad command line (the message names the option and the command).
 * @example
 * ```ts
 * await main(['report', 'benchmarks/results/suite/results.json']); // 0, and the report's path printed
 * await main(['--version']); // 0, and '0.1.0' printed
 * ```
 */
export async function main(argv: readonly string[], io: CliIO = DEFAULT_IO): Promise<number> {
  // options of tunekit itself come before the command
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const flags = at === -1 ? argv : argv.slice(0, at);
  const command = at === -1 ? undefined : argv[at];
  const rest = at === -1 ? [] : argv.slice(at + 1);
  try {
    if (flags.length > 0 || command === undefined || command === 'help') return await topLevel(flags, command, rest, io);
    if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`Unknown command "${command}".`);
    return await COMMANDS[command as keyof typeof COMMANDS](rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message.includes('Usage:') ? error.message : `${error.message}\n\n${error.usage ?? USAGE}`);
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
