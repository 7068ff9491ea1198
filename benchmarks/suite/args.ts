/**
 * The suite's command-line arguments (shared by `npm run bench:suite` and
 * `tunekit bench`).
 */
import type { SuiteOptions } from './suite.js';
import { PEER_STRATEGIES } from './peers.js';
import { STRATEGIES } from './strategies.js';
import { TASKS } from './tasks.js';

/** The usage text. */
export function suiteUsage(command = 'tunekit bench'): string {
  return [
    `Usage: ${command} [--quick | --full] [options]`,
    '',
    'Runs every strategy on every task with equal budgets and many seeds, then writes',
    'results.json, summary.md and report.html (a self-contained HTML report).',
    '',
    '  --quick              the quick preset (default; under 2 minutes on 2 cores)',
    '  --full               the full preset (every task, 10 seeds, the peers\' budgets)',
    `  --tasks a,b          only these tasks: ${TASKS.map((t) => t.name).join(', ')}`,
    `  --strategies a,b     only these strategies: ${[...STRATEGIES.map((s) => s.name), ...PEER_STRATEGIES.map((p) => p.name)].join(', ')}`,
    '  --seeds N            seeds 0..N-1 (default 8 quick, 10 full)',
    '  --budget N           full-fidelity evaluations per run for every task',
    '  --jobs N             runs in parallel (default: min(2, cores))',
    '  --out DIR            output folder (default benchmarks/out/suite-quick, or benchmarks/results/suite with --full)',
    '  --markdown FILE      also write SVG plots and a Markdown summary embedding them',
    '  --no-peers           do not run the Optuna peers',
    '  --quiet              no progress output',
  ].join('\n');
}

function list(v: string | undefined, flag: string): string[] {
  if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a comma-separated list.`);
  return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function int(v: string | undefined, flag: string, min: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer >= ${min}. Got ${v ?? 'nothing'} instead.`);
  return n;
}

/**
 * Parses the suite's arguments.
 * @throws {Error} with the usage problem for an unknown flag or a bad value.
 * @example
 * ```ts
 * parseSuiteArgs(['--full', '--tasks', 'branin']); // { preset: 'full', tasks: ['branin'] }
 * ```
 */
export function parseSuiteArgs(argv: readonly string[]): SuiteOptions & { help?: boolean } {
  const o: { -readonly [K in keyof (SuiteOptions & { help?: boolean })]: (SuiteOptions & { help?: boolean })[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = (): string | undefined => argv[++i];
    switch (a) {
      case '--quick':
        o.preset = 'quick';
        break;
      case '--full':
        o.preset = 'full';
        break;
      case '--preset': {
        const p = next();
        if (p !== 'quick' && p !== 'full') throw new Error(`--preset must be quick or full. Got ${p ?? 'nothing'} instead.`);
        o.preset = p;
        break;
      }
      case '--tasks':
      case '--task':
        o.tasks = list(next(), a);
        for (const t of o.tasks) if (!TASKS.some((x) => x.name === t)) throw new Error(`Unknown task "${t}". Known tasks: ${TASKS.map((x) => x.name).join(', ')}.`);
        break;
      case '--strategies':
      case '--strategy': {
        o.strategies = list(next(), a);
        const known = [...STRATEGIES.map((s) => s.name), ...PEER_STRATEGIES.map((p) => p.name)];
        for (const s of o.strategies) if (!known.includes(s)) throw new Error(`Unknown strategy "${s}". Known strategies: ${known.join(', ')}.`);
        break;
      }
      case '--seeds':
        o.seeds = int(next(), a, 1);
        break;
      case '--budget':
        o.budget = int(next(), a, 1);
        break;
      case '--jobs':
        o.jobs = int(next(), a, 1);
        break;
      case '--out':
        o.out = next();
        if (o.out === undefined) throw new Error('--out needs a folder.');
        break;
      case '--markdown':
        o.markdownWithPlots = next();
        if (o.markdownWithPlots === undefined) throw new Error('--markdown needs a file.');
        break;
      case '--no-peers':
        o.peers = false;
        break;
      case '--quiet':
        o.progress = false;
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new Error(`Unknown option "${a}".`);
    }
  }
  return o;
}
