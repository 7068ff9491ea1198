/**
 * `tunekit worker`: runs the trials of an existing study until it is finished.
 *
 *     tunekit worker --storage postgresql://tunekit@db/tuning --study svc --module ./search.ts
 *
 * The module exports `search` (a search, or a function returning one) and `data`
 * (`{ X, y, groups?, fitOptions? }`, or an async function returning it); see
 * `runWorker` and docs/distributed.md. The first SIGINT or SIGTERM lets the
 * running trials end and then exits; a second one exits at once, after handing
 * the running trials back to the queue.
 */
import { TunekitError } from '../core/errors.js';
import { formatValue } from '../core/validate.js';
import type { RunWorkerOptions, WorkerHandle, WorkerReport, WorkerTrialEvent } from '../search/worker/index.js';
import { runWorker } from '../search/worker/index.js';
import type { CliCommand } from './args.js';
import { UsageError, commandHelp, numberOption, parseCommand, stringOption } from './args.js';
import type { CliIO } from './main.js';

/** The command line of `tunekit worker`: its options and help. */
export const WORKER_COMMAND: CliCommand = {
  name: 'tunekit worker',
  usage: ['tunekit worker --storage STORAGE --study NAME --module FILE [options]'],
  description: [
    'Runs trials of an existing study until it is finished (every candidate of a grid has run,',
    'a model-based search has proposed all its trials), then exits 0.',
  ].join('\n'),
  options: {
    storage: { type: 'string', value: 'STORAGE', help: 'a postgresql:// URL (?schema=NAME for a schema) or a journal file' },
    study: { type: 'string', value: 'NAME', help: 'the study, created by the search script' },
    module: { type: 'string', value: 'FILE', help: 'exports "search" (a search, or a function returning one) and\n"data" ({ X, y, groups?, fitOptions? }, or a function returning it)' },
    'n-jobs': { type: 'string', value: 'N', help: 'parallel fits in this worker (default: the search\'s nJobs)' },
    timeout: { type: 'string', value: 'SECONDS', help: 'stop taking trials after this long (running trials end first); exit 3' },
    'wait-for-study': { type: 'string', value: 'SECONDS', help: 'wait this long for the study to be created (default 0)' },
    'heartbeat-interval': { type: 'string', value: 'S', help: 'seconds between heartbeats (default 10)' },
    'grace-period': { type: 'string', value: 'S', help: 'silence after which a worker is presumed dead and its trial\nre-queued (default 60)' },
    'no-requeue': { type: 'boolean', help: 'fail a dead worker\'s trial instead of re-queuing it' },
    'reconnect-timeout': { type: 'string', value: 'S', help: 'how long a PostgreSQL outage is waited out before giving up\n(default 60)' },
    host: { type: 'string', value: 'NAME', help: 'the host name this worker reports (default: this machine\'s)' },
    quiet: { type: 'boolean', help: 'print only the summary' },
  },
  footer: [
    'SIGINT or SIGTERM: the running trials end, then exit 130 / 143. A second one: exit at once,',
    'handing the running trials back to the queue.',
  ].join('\n'),
};

/** The usage text of `tunekit worker` (`tunekit worker --help`). */
export const WORKER_USAGE = commandHelp(WORKER_COMMAND);

/** What the command line of `tunekit worker` gives. */
export interface WorkerArgs {
  readonly storage: string;
  readonly study: string;
  readonly module: string;
  readonly nJobs?: number | undefined;
  readonly timeout?: number | undefined;
  readonly waitForStudy?: number | undefined;
  readonly heartbeatInterval?: number | undefined;
  readonly gracePeriod?: number | undefined;
  readonly requeue: boolean;
  readonly reconnectTimeout?: number | undefined;
  readonly host?: string | undefined;
  readonly quiet: boolean;
  readonly help: boolean;
}

/**
 * Parses the arguments of `tunekit worker`.
 * @throws {UsageError} naming the flag, the value and what was expected.
 * @example
 * ```ts
 * parseWorkerArgs(['--storage', 'ridge.jsonl', '--study', 'ridge', '--module', 'search.ts']).study; // 'ridge'
 * ```
 */
export function parseWorkerArgs(args: readonly string[]): WorkerArgs {
  const { values: f, help } = parseCommand(WORKER_COMMAND, args);
  const need = (name: string, what: string): string => {
    const v = f.get(name);
    if (typeof v !== 'string' || v === '') {
      if (help) return '';
      throw new UsageError(`tunekit worker needs --${name} (${what}).\n\n${WORKER_USAGE}`);
    }
    return v;
  };
  const positive = (n: number) => n > 0;
  const command = WORKER_COMMAND.name;
  return {
    storage: need('storage', 'a postgresql:// URL or a journal file'),
    study: need('study', 'the name of the study to work on'),
    module: need('module', 'the file that exports "search" and "data"'),
    nJobs: numberOption(command, f, 'n-jobs', 'an integer ≥ 1, or -1 for one per core', (n) => Number.isInteger(n) && (n >= 1 || n === -1)),
    timeout: numberOption(command, f, 'timeout', 'a number of seconds > 0', positive),
    waitForStudy: numberOption(command, f, 'wait-for-study', 'a number of seconds ≥ 0', (n) => n >= 0),
    heartbeatInterval: numberOption(command, f, 'heartbeat-interval', 'a number of seconds > 0', positive),
    gracePeriod: numberOption(command, f, 'grace-period', 'a number of seconds > 0', positive),
    requeue: !f.has('no-requeue'),
    reconnectTimeout: numberOption(command, f, 'reconnect-timeout', 'a number of seconds ≥ 0', (n) => n >= 0),
    host: stringOption(f, 'host'),
    quiet: f.has('quiet'),
    help,
  };
}

function formatSeconds(s: number): string {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

/**
 * The line printed for a trial this worker ended.
 * @example
 * ```ts
 * trialLine({ trialId: 3, state: 'complete', value: 0.5, params: { alpha: 1 }, seconds: 0.2 }); // 'trial 3 complete  0.5  { alpha: 1 }  0.20 s'
 * ```
 */
export function trialLine(e: WorkerTrialEvent): string {
  const outcome = e.state === 'complete' ? `complete  ${e.value === undefined ? '' : formatValue(e.value)}` : e.state === 'failed' ? `failed  ${(e.error ?? '').split('\n')[0]}` : e.state;
  return `trial ${e.trialId} ${outcome}  ${formatValue(e.params)}  ${formatSeconds(e.seconds)}`;
}

/**
 * The closing summary of a worker.
 * @example
 * ```ts
 * workerSummary(report); // 'tunekit worker vm:42:9f3a2c: ran 8 trials (8 complete) in 3.20 s; the study is finished.'
 * ```
 */
export function workerSummary(report: WorkerReport): string {
  const n = report.trials.length;
  const parts = (['complete', 'pruned', 'failed', 'lost'] as const).filter((k) => report.counts[k] > 0).map((k) => `${report.counts[k]} ${k}`);
  const ran = `ran ${n} trial${n === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''} in ${formatSeconds(report.seconds)}`;
  const why = {
    finished: 'the study is finished.',
    timeout: 'stopped at the timeout; the study is not finished.',
    signal: 'stopped by a signal; the study is not finished.',
    search: 'the search stopped (its own timeout or a callback).',
  }[report.stopReason];
  return `tunekit worker${report.worker === undefined ? '' : ` ${report.worker}`}: ${ran}; ${why}`;
}

/** Exit codes: 0 finished, 3 timeout, 128 + the signal's number after SIGINT (130) or SIGTERM (143). */
const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs `tunekit worker` and returns its exit code.
 * @example
 * ```ts
 * await workerCommand(['--storage', 'ridge.jsonl', '--study', 'ridge', '--module', './search.ts'], io); // 0 when the study is finished
 * ```
 */
export async function workerCommand(args: readonly string[], io: CliIO): Promise<number> {
  const a = parseWorkerArgs(args);
  if (a.help) {
    io.out(WORKER_USAGE);
    return 0;
  }
  const stop = new AbortController();
  let received: string | undefined;
  let handle: WorkerHandle | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received === undefined) {
      received = signal;
      io.err(`tunekit worker: ${signal}: the running trials end, then the worker exits (${signal} again to exit now).`);
      stop.abort();
      return;
    }
    io.err(`tunekit worker: ${signal} again: handing the running trials back to the queue and exiting.`);
    const code = SIGNAL_CODES[signal] ?? 1;
    const abandon = handle?.abandon() ?? Promise.resolve();
    const exit = () => process.exit(code);
    // never hang on an unreachable storage: at most 5 s to hand the trials back
    abandon.then(exit, exit);
    setTimeout(exit, 5000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const options: RunWorkerOptions = {
    module: a.module,
    storage: a.storage,
    studyName: a.study,
    nJobs: a.nJobs,
    timeout: a.timeout,
    waitForStudy: a.waitForStudy,
    host: a.host,
    signal: stop.signal,
    storageOptions: { heartbeatInterval: a.heartbeatInterval, gracePeriod: a.gracePeriod, requeueStaleTrials: a.requeue, reconnectTimeout: a.reconnectTimeout },
    onStart: (worker) => {
      handle = worker;
      if (!a.quiet) io.out(`tunekit worker ${worker.id}: working on the study "${worker.study.name}" in ${worker.location}`);
    },
    onTrial: (event) => {
      if (!a.quiet) io.out(trialLine(event));
    },
  };
  try {
    const report = await runWorker(options);
    io.out(workerSummary(report));
    if (report.stopReason === 'timeout') return 3;
    if (report.stopReason === 'signal') return SIGNAL_CODES[received ?? ''] ?? 130;
    return 0;
  } catch (error) {
    // tunekit's own errors say what to do: no stack trace
    if (!(error instanceof TunekitError)) throw error;
    io.err(`tunekit worker: ${error.name}: ${error.message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
