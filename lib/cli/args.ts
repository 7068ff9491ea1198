/**
 * The command line of `tunekit` and its commands, read with Node's `util.parseArgs`.
 *
 * A command is described once ({@link CliCommand}: its options with their help
 * lines); {@link parseCommand} reads arguments against it and {@link commandHelp}
 * writes its `--help` text, so the two cannot drift apart. `parseArgs` runs with
 * `tokens` and without `strict` so that every problem is reported in tunekit's
 * words, naming the option and the command: an unknown option, a missing value,
 * a value given to a switch, a stray positional argument.
 */
import { parseArgs } from 'node:util';

/**
 * The error of a bad command line (exit code 2).
 * @example
 * ```ts
 * throw new UsageError('tunekit report needs a results file: tunekit report <file.json>.');
 * ```
 */
export class UsageError extends Error {
  /**
   * @param message what is wrong, naming the option or argument and the command.
   * @param usage the help of the command, printed after the message (the CLI prints the top-level help without it).
   */
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One option of a command. */
export interface CliOption {
  /** `'string'` takes a value (`--study NAME` or `--study=NAME`); `'boolean'` is a switch. */
  readonly type: 'string' | 'boolean';
  /** A one-letter alias (`-h`). */
  readonly short?: string;
  /** The value's name in the help text (`NAME`); string options only. @default 'VALUE' */
  readonly value?: string;
  /** The help text; `\n` starts a continuation line. Defaults are written here, `(default 60)`. */
  readonly help: string;
}

/** A command: what `parseCommand` reads and `commandHelp` prints. */
export interface CliCommand {
  /** The command as typed, for messages: `'tunekit worker'` (`''`: messages name the option only). */
  readonly name: string;
  /** The synopsis after `Usage: ` (more lines for more forms). */
  readonly usage: readonly string[];
  /** Paragraphs printed between the synopsis and the options. */
  readonly description?: string;
  /** The options by long name (without the dashes); `--help`/`-h` is added to every command. */
  readonly options: Readonly<Record<string, CliOption>>;
  /** The positional arguments' name in messages (`'a results file'`); without it, none are taken. */
  readonly positionals?: string;
  /** Lines printed after the options. */
  readonly footer?: string;
}

/** What `parseCommand` read. */
export interface ParsedCommand {
  /** The options given, by long name: a string option's value, `true` for a switch (the last one wins). */
  readonly values: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
  /** `--help` or `-h` was given. */
  readonly help: boolean;
}

const HELP_OPTION: CliOption = { type: 'boolean', short: 'h', help: 'print this help' };

function withHelp(command: CliCommand): Readonly<Record<string, CliOption>> {
  return { ...command.options, help: HELP_OPTION };
}

/**
 * Reads `args` (what follows the command) against `command`'s options.
 * @throws {UsageError} naming the option (or argument) and the command, followed by the command's help.
 * @example
 * ```ts
 * const { values } = parseCommand(STATUS_COMMAND, ['--storage', 'ridge.jsonl', '--json']);
 * values.get('storage'); // 'ridge.jsonl'
 * ```
 */
export function parseCommand(command: CliCommand, args: readonly string[]): ParsedCommand {
  const options = withHelp(command);
  const config = Object.fromEntries(Object.entries(options).map(([name, o]) => [name, o.short === undefined ? { type: o.type } : { type: o.type, short: o.short }]));
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  const fail = (message: string): never => {
    throw new UsageError(message, commandHelp(command));
  };
  const of = command.name === '' ? '' : ` of ${command.name}`;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (command.positionals === undefined) fail(`${command.name === '' ? 'This command' : command.name} takes no positional arguments. Got "${token.value}".`);
      positionals.push(token.value);
      continue;
    }
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) return fail(`Unknown option "${token.rawName}"${of}.`);
    if (option.type === 'boolean') {
      if (token.value !== undefined) fail(`The option --${token.name}${of} takes no value. Got "${token.rawName}=${token.value}".`);
      values.set(token.name, true);
      continue;
    }
    // `--study --json`: parseArgs would take "--json" as the value
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) fail(`The option --${token.name}${of} needs a value.`);
    values.set(token.name, token.value as string);
  }
  return { values, positionals, help: values.has('help') };
}

/**
 * The `--help` text of a command: its synopsis, description, options and footer.
 * @example
 * ```ts
 * console.log(commandHelp(STATUS_COMMAND)); // 'Usage: tunekit status --storage STORAGE [--study NAME] [--json]\n...'
 * ```
 */
export function commandHelp(command: CliCommand): string {
  const rows = Object.entries(withHelp(command)).map(([name, o]) => {
    const flag = `${o.short === undefined ? '' : `-${o.short}, `}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return { flag, help: o.help.split('\n') };
  });
  const width = Math.max(...rows.map((r) => r.flag.length)) + 3;
  const lines = command.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}${u}`);
  if (command.description !== undefined) lines.push('', command.description);
  lines.push('');
  for (const row of rows) {
    row.help.forEach((h, i) => lines.push(`  ${(i === 0 ? row.flag : '').padEnd(width)}${h}`));
  }
  if (command.footer !== undefined) lines.push('', command.footer);
  return lines.join('\n');
}

/**
 * A number option, checked: undefined when absent.
 * @throws {UsageError} naming the option, the command, what was expected and the value.
 * @example
 * ```ts
 * numberOption('tunekit worker', values, 'timeout', 'a number of seconds > 0', (n) => n > 0); // 30 for --timeout 30
 * ```
 */
export function numberOption(command: string, values: ReadonlyMap<string, string | true>, name: string, expected: string, ok: (n: number) => boolean): number | undefined {
  const raw = values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw === true || raw.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`The option --${name} of ${command} must be ${expected}. Got "${String(raw)}".`);
  return n;
}

/**
 * A string option's value, or undefined when absent.
 * @example
 * ```ts
 * stringOption(values, 'study'); // 'ridge' for --study ridge
 * ```
 */
export function stringOption(values: ReadonlyMap<string, string | true>, name: string): string | undefined {
  const v = values.get(name);
  return typeof v === 'string' ? v : undefined;
}
