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
import { closeSync, fsyncSync, openSync, readFileSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { TunekitError } from '../core/errors.js';
import type { Trial } from '../search/trial.js';
import { freezeTrial } from '../search/trial.js';

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

const STATES = new Set(['complete', 'pruned', 'failed']);

/** Entries of a project directory that are not part of a tuner project (checked before anything is changed). */
export function foreignEntries(path: string, entries: readonly string[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e === ORACLE_FILE || isTempOf(e, new Set([ORACLE_FILE]))) continue;
    if (trialDirId(e) !== undefined && statSync(join(path, e)).isDirectory()) {
      for (const f of readdirSync(join(path, e))) if (!isTrialEntry(f)) out.push(`${e}/${f}`);
      continue;
    }
    out.push(e);
  }
  return out;
}

/** A JSON file of a project; a file that cannot be read or parsed is a {@link ProjectError}. */
export function readJsonFile(file: string, project: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProjectError(`Cannot read ${file}: ${(error as Error).message}. ${projectHint(project)}`);
  }
  try {
    return fromJson(text);
  } catch (error) {
    throw new ProjectError(`${file} is not valid JSON (${(error as Error).message}); it was changed outside the tuner, which writes its files whole. ${projectHint(project)}`);
  }
}

/** A finished trial from its `trial.json`, checked field by field. */
export function parseTrial(raw: unknown, file: string, id: number, project: string): Trial {
  const bad = (what: string): ProjectError => new ProjectError(`${file} is not a complete trial record: ${what}. ${projectHint(project)}`);
  if (!isRecord(raw) || raw.format !== TRIAL_FORMAT) throw bad(`"format" must be "${TRIAL_FORMAT}"`);
  if (raw.version !== FORMAT_VERSION) throw bad(`"version" must be ${FORMAT_VERSION}, got ${String(raw.version)}`);
  if (raw.id !== id) throw bad(`"id" must be ${id} (its directory), got ${String(raw.id)}`);
  if (typeof raw.state !== 'string' || !STATES.has(raw.state)) throw bad(`"state" must be complete, pruned or failed, got ${String(raw.state)}`);
  for (const key of ['params', 'meta', 'attrs']) if (!isRecord(raw[key])) throw bad(`"${key}" must be an object`);
  if (!Array.isArray(raw.intermediate)) throw bad('"intermediate" must be an array');
  if (typeof raw.startedAt !== 'number' || typeof raw.finishedAt !== 'number') throw bad('"startedAt" and "finishedAt" must be numbers');
  if (raw.state === 'complete' && !(Array.isArray(raw.values) && raw.values.every((v) => typeof v === 'number'))) throw bad('"values" must be an array of numbers');
  if (raw.state === 'failed' && typeof raw.error !== 'string') throw bad('"error" must be a string');
  const { format: _f, version: _v, ...rest } = raw;
  const trial = { ...rest, budget: typeof raw.budget === 'number' ? raw.budget : undefined } as unknown as Trial;
  return freezeTrial(trial);
}
