/**
 * `tunekit status`: a study at a glance: trials by state, the best trial and
 * the workers (running ones with the age of their last heartbeat).
 *
 *     tunekit status --storage postgresql://tunekit@db/tuning --study svc [--json]
 *
 * Without `--study` it lists the storage's studies with their trial counts.
 */
import { existsSync } from 'node:fs';
import { TunekitError } from '../core/errors.js';
import { formatValue } from '../core/validate.js';
import { openStorage } from '../search/storage/open-storage.js';
import type { StorageBackend } from '../search/storage/storage.js';
import type { StudyStatus, TrialCounts } from '../search/storage/study-status.js';
import { countTrials, studyStatus } from '../search/storage/study-status.js';
import type { CliCommand } from './args.js';
import { UsageError, commandHelp, numberOption, parseCommand, stringOption } from './args.js';
import type { CliIO } from './main.js';

/** The command line of `tunekit status`: its options and help. */
export const STATUS_COMMAND: CliCommand = {
  name: 'tunekit status',
  usage: ['tunekit status --storage STORAGE [--study NAME] [--json]'],
  description: [
    'Prints a study\'s trials by state, its best trial and its workers (without --study: the',
    'studies of the storage with their trial counts).',
  ].join('\n'),
  options: {
    storage: { type: 'string', value: 'STORAGE', help: 'a postgresql:// URL (?schema=NAME for a schema) or a journal file' },
    study: { type: 'string', value: 'NAME', help: 'the study' },
    json: { type: 'boolean', help: 'print JSON instead of text' },
    'grace-period': { type: 'string', value: 'S', help: 'silence after which a worker is shown as dead (default 60)' },
  },
};

/** The usage text of `tunekit status` (`tunekit status --help`). */
export const STATUS_USAGE = commandHelp(STATUS_COMMAND);

const STATES = ['complete', 'running', 'waiting', 'pruned', 'failed'] as const;

function countsLine(c: TrialCounts): string {
  return `${c.total} trial${c.total === 1 ? '' : 's'}: ${STATES.map((s) => `${c[s]} ${s}`).join(', ')}`;
}

function age(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * The text `tunekit status` prints for a study.
 * @example
 * ```ts
 * io.out(formatStatus(await studyStatus(study)));
 * ```
 */
export function formatStatus(s: StudyStatus): string {
  const lines = [`Study "${s.study}" in ${s.location} (${s.direction}, created ${new Date(s.createdAt).toISOString()})`, `  ${countsLine(s.counts)}`];
  lines.push(s.best === undefined ? '  best: none yet' : `  best: trial ${s.best.trialId}, value ${formatValue(s.best.value)}, params ${formatValue(s.best.params)}`);
  const running = s.workers.filter((w) => w.state === 'running');
  const dead = s.workers.filter((w) => w.state === 'dead');
  const exited = s.workers.filter((w) => w.state === 'exited');
  lines.push(`  workers: ${running.length} running, ${dead.length} presumed dead, ${exited.length} exited`);
  for (const w of [...running, ...dead]) {
    const trials = w.runningTrials.length === 0 ? 'idle' : `trial${w.runningTrials.length === 1 ? '' : 's'} ${w.runningTrials.join(', ')}`;
    const state = w.state === 'dead' ? `  DEAD: ${w.why ?? ''}` : '';
    lines.push(`    ${w.id}  host ${w.host}  pid ${w.pid}  last heartbeat ${age(w.lastSeenSeconds)} ago  ${trials}${state}`);
  }
  return lines.join('\n');
}

async function listStudies(backend: StorageBackend, json: boolean, io: CliIO): Promise<void> {
  const studies = await backend.getStudies();
  const rows = [];
  for (const record of studies) rows.push({ study: record.name, createdAt: record.createdAt, counts: countTrials(await (await backend.loadStudy(record.name)).getTrials()) });
  if (json) {
    io.out(JSON.stringify({ location: backend.location, studies: rows }, null, 2));
    return;
  }
  if (rows.length === 0) {
    io.out(`${backend.location} holds no studies.`);
    return;
  }
  io.out([`Studies in ${backend.location}:`, ...rows.map((r) => `  "${r.study}"  ${countsLine(r.counts)}`)].join('\n'));
}

/**
 * Opens a storage for a command that only reads it (`status`, `report`): a journal
 * path that does not exist is a usage error (`missing` is its message) instead of
 * a new, empty journal.
 * @example
 * ```ts
 * const backend = openStorageToRead('ridge.jsonl', 'No journal file at "ridge.jsonl".');
 * ```
 */
export function openStorageToRead(storage: string, missing: string, options: Parameters<typeof openStorage>[1] = {}): StorageBackend {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(storage) && !existsSync(storage)) throw new UsageError(missing);
  return openStorage(storage, options);
}

/**
 * Runs `tunekit status` and returns its exit code.
 * @example
 * ```ts
 * await statusCommand(['--storage', 'ridge.jsonl', '--study', 'ridge', '--json'], io); // 0, the status as JSON
 * ```
 */
export async function statusCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values: f, help } = parseCommand(STATUS_COMMAND, args);
  if (help) {
    io.out(STATUS_USAGE);
    return 0;
  }
  const storage = stringOption(f, 'storage');
  if (storage === undefined || storage === '') throw new UsageError(`tunekit status needs --storage (a postgresql:// URL or a journal file).\n\n${STATUS_USAGE}`);
  const gracePeriod = numberOption(STATUS_COMMAND.name, f, 'grace-period', 'a number of seconds > 0', (n) => n > 0);
  const json = f.has('json');
  const name = stringOption(f, 'study');
  let backend: StorageBackend | undefined;
  try {
    backend = openStorageToRead(storage, `No journal file at "${storage}": give tunekit status the --storage the workers use.`, {
      gracePeriod,
      heartbeatInterval: gracePeriod === undefined ? undefined : gracePeriod / 2,
    });
    if (name === undefined) {
      await listStudies(backend, json, io);
      return 0;
    }
    const status = await studyStatus(await backend.loadStudy(name));
    io.out(json ? JSON.stringify(status, null, 2) : formatStatus(status));
    return 0;
  } catch (error) {
    if (!(error instanceof TunekitError)) throw error;
    io.err(`tunekit status: ${error.name}: ${error.message}`);
    return 1;
  } finally {
    await backend?.close();
  }
}
