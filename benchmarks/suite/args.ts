/**
 * The suite's command-line arguments (shared by `npm run bench:suite` and
 * `tunekit bench`).
 */
import type { CliCommand } from '../../lib/cli/args.js';
import { commandHelp, parseCommand, stringOption } from '../../lib/cli/args.js';
import type { SuiteOptions } from './suite.js';
import { PEER_STRATEGIES } from './peers.js';
import { STRATEGIES } from './strategies.js';
import { TASKS } from './tasks.js';

/** The suite's command line: its options and help (`name` is how it was run, for messages). */
export function suiteCommand(name = 'tunekit bench'): CliCommand {
  return {
    name,
    usage: [`${name} [--quick | --full] [options]`],
    description: [
      'Runs every strategy on every task with equal budgets and many seeds, then writes',
      'results.json, summary.md and report.html (a self-contained HTML report).',
    ].join('\n'),
    options: {
      quick: { type: 'boolean', help: 'the quick preset (default; under 2 minutes on 2 cores)' },
      full: { type: 'boolean', help: 'the full preset (every task, 10 seeds, the peers\' budgets)' },
      preset: { type: 'string', value: 'NAME', help: 'quick or full' },
      tasks: { type: 'string', value: 'a,b', help: `only these tasks: ${TASKS.map((t) => t.name).join(', ')}` },
      task: { type: 'string', value: 'a,b', help: 'the same as --tasks' },
      strategies: { type: 'string', value: 'a,b', help: `only these strategies: ${[...STRATEGIES.map((s) => s.name), ...PEER_STRATEGIES.map((p) => p.name)].join(', ')}` },
      strategy: { type: 'string', value: 'a,b', help: 'the same as --strategies' },
      seeds: { type: 'string', value: 'N', help: 'seeds 0..N-1 (default 8 quick, 10 full)' },
      budget: { type: 'string', value: 'N', help: 'full-fidelity evaluations per run for every task' },
      jobs: { type: 'string', value: 'N', help: 'runs in parallel (default: min(2, cores))' },
      out: { type: 'string', value: 'DIR', help: 'output folder (default benchmarks/out/suite-quick, or benchmarks/results/suite with --full)' },
      markdown: { type: 'string', value: 'FILE', help: 'also write SVG plots and a Markdown summary embedding them' },
      'no-peers': { type: 'boolean', help: 'do not run the Optuna peers' },
      quiet: { type: 'boolean', help: 'no progress output' },
    },
  };
}

/** The usage text (`tunekit bench --help`). */
export function suiteUsage(command = 'tunekit bench'): string {
  return commandHelp(suiteCommand(command));
}

function list(v: string, flag: string): string[] {
  const items = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new Error(`${flag} needs a comma-separated list.`);
  return items;
}

function int(v: string, flag: string, min: number): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer >= ${min}. Got ${v} instead.`);
  return n;
}

/** The one value of two options that mean the same (`--tasks`, `--task`), refusing both. */
function either(values: ReadonlyMap<string, string | true>, a: string, b: string): string | undefined {
  if (values.has(a) && values.has(b)) throw new Error(`--${a} and --${b} are the same option; give one.`);
  return stringOption(values, a) ?? stringOption(values, b);
}

function readPreset(values: ReadonlyMap<string, string | true>): 'quick' | 'full' | undefined {
  const given = [values.has('quick') ? 'quick' : undefined, values.has('full') ? 'full' : undefined, stringOption(values, 'preset')].filter((p) => p !== undefined);
  const p = stringOption(values, 'preset');
  if (p !== undefined && p !== 'quick' && p !== 'full') throw new Error(`--preset must be quick or full. Got ${p} instead.`);
  if (new Set(given).size > 1) throw new Error(`Give one preset: --quick, --full or --preset. Got ${given.join(' and ')}.`);
  return given[0] as 'quick' | 'full' | undefined;
}

/**
 * Parses the suite's arguments (with `util.parseArgs`, through `lib/cli/args.ts`).
 * @param command how the suite was run, named in messages (`'tunekit bench'`).
 * @throws {Error} with the usage problem for an unknown flag or a bad value.
 * @example
 * ```ts
 * parseSuiteArgs(['--full', '--tasks', 'branin']); // { preset: 'full', tasks: ['branin'] }
 * ```
 */
export function parseSuiteArgs(argv: readonly string[], command = ''): SuiteOptions & { help?: boolean } {
  const { values, help } = parseCommand({ ...suiteCommand(command === '' ? undefined : command), name: command }, argv);
  const o: { -readonly [K in keyof (SuiteOptions & { help?: boolean })]: (SuiteOptions & { help?: boolean })[K] } = {};
  const preset = readPreset(values);
  if (preset !== undefined) o.preset = preset;
  const tasks = either(values, 'tasks', 'task');
  if (tasks !== undefined) {
    o.tasks = list(tasks, '--tasks');
    for (const t of o.tasks) if (!TASKS.some((x) => x.name === t)) throw new Error(`Unknown task "${t}". Known tasks: ${TASKS.map((x) => x.name).join(', ')}.`);
  }
  const strategies = either(values, 'strategies', 'strategy');
  if (strategies !== undefined) {
    o.strategies = list(strategies, '--strategies');
    const known = [...STRATEGIES.map((s) => s.name), ...PEER_STRATEGIES.map((p) => p.name)];
    for (const s of o.strategies) if (!known.includes(s)) throw new Error(`Unknown strategy "${s}". Known strategies: ${known.join(', ')}.`);
  }
  for (const name of ['seeds', 'budget', 'jobs'] as const) {
    const v = stringOption(values, name);
    if (v !== undefined) o[name] = int(v, `--${name}`, 1);
  }
  const out = stringOption(values, 'out');
  if (out !== undefined) o.out = out;
  const markdown = stringOption(values, 'markdown');
  if (markdown !== undefined) o.markdownWithPlots = markdown;
  if (values.has('no-peers')) o.peers = false;
  if (values.has('quiet')) o.progress = false;
  if (help) o.help = true;
  return o;
}
