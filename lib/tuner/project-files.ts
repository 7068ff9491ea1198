/**
 * The files of a tuner project: atomic writes (write-then-rename), JSON that
 * keeps NaN and Infinity, and the layout of the directory — what is ours, what
 * is left over from an interrupted write, and what is foreign.
 *
 *     <directory>/<projectName>/
 *       oracle.json                  the tuner, its objective, seed and search space
 *       trial_0000/trial.json        one finished trial (written last: the commit point)
 *       trial_0000/checkpoint.json   the best epoch's weights manifest (tfjs model.json format)
 *       trial_0000/checkpoint.weights.bin
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { TunekitError } from '../core/errors.js';

/**
 * A file of a tuner project is missing, corrupt, foreign or from another search.
 * The message names the file and what to do; nothing was changed on disk.
 * @example
 * ```ts
 * try {
 *   new RandomSearch(buildModel, { directory: 'runs', projectName: 'mnist' });
 * } catch (error) {
 *   if (error instanceof ProjectError) console.error(error.message); // e.g. "runs/mnist/trial_0003/trial.json is not valid JSON ..."
 * }
 * ```
 */
export class ProjectError extends TunekitError {
  override name = 'ProjectError';
}

export const ORACLE_FILE = 'oracle.json';
export const TRIAL_FILE = 'trial.json';
export const CHECKPOINT_FILE = 'checkpoint.json';
export const WEIGHTS_FILE = 'checkpoint.weights.bin';
/** The file format names written into the JSON files. */
export const PROJECT_FORMAT = 'tunekit-tuner-project';
export const TRIAL_FORMAT = 'tunekit-tuner-trial';
export const FORMAT_VERSION = 1;

const TRIAL_DIR = /^trial_(\d{4,})$/;
const TEMP = /^(.+)\.tmp-\d+$/;
const TRIAL_ENTRIES = new Set([TRIAL_FILE, CHECKPOINT_FILE, WEIGHTS_FILE]);

/** The trial id of a `trial_0003` directory name, or undefined. */
export function trialDirId(name: string): number | undefined {
  const m = TRIAL_DIR.exec(name);
  return m === null ? undefined : Number(m[1]);
}

/** The directory name of a trial. */
export function trialDirName(id: number): string {
  return `trial_${String(id).padStart(4, '0')}`;
}

/** True for a temporary file of an interrupted atomic write of one of ours. */
export function isTempOf(name: string, allowed: ReadonlySet<string>): boolean {
  const m = TEMP.exec(name);
  return m !== null && allowed.has(m[1] as string);
}

/** True for a file a trial directory may hold (temporary files included). */
export function isTrialEntry(name: string): boolean {
  return TRIAL_ENTRIES.has(name) || isTempOf(name, TRIAL_ENTRIES);
}

/** JSON with NaN and ±Infinity kept as `{ "$number": "NaN" }`. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $number: String(v) } : v), 2);
}

/** Parses {@link toJson}'s output. @throws {SyntaxError} for invalid JSON. */
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === '$number') return Number((v as { $number: string }).$number);
    }
    return v;
  });
}

function tempName(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/** Writes `data` to `path` atomically: a temporary file, flushed, then renamed over `path`. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempName(path);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** The synchronous twin of {@link writeAtomic}. */
export function writeAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = tempName(path);
  const fd = openSync(temp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** The beginning of a fix users can apply, shared by the messages. */
export function projectHint(path: string): string {
  return `Restore the file, move the directory away, or pass overwrite: true to start ${path} afresh.`;
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
