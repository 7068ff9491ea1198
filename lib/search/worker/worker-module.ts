/**
 * Where a worker process's search and data come from: a worker module's
 * `search` and `data` exports (each a value or a function returning it), or
 * the objects themselves; and waiting for the study to be created.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatValue, invalidParameter } from '../../core/validate.js';
import { StudyNotFoundError } from '../storage/errors.js';
import type { StorageBackend } from '../storage/storage.js';
import type { Lazy, RunWorkerOptions, WorkableSearch, WorkerData } from './worker-options.js';

const OWNER = 'runWorker';

function isWorkable(value: unknown): value is WorkableSearch {
  return typeof value === 'object' && value !== null && typeof (value as { work?: unknown }).work === 'function';
}

async function resolveLazy<T>(value: Lazy<T> | undefined): Promise<T | undefined> {
  return typeof value === 'function' ? await (value as () => T | Promise<T>)() : value;
}

/** Loads a worker module's `search` and `data` exports. */
export async function loadWorkerModule(path: string): Promise<{ search: unknown; data: unknown }> {
  const file = resolve(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(file)) {
      throw invalidParameter(OWNER, 'module', 'the path of a worker module', path, { kind: 'option', hint: `No file at ${file}.` });
    }
    if (e.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      throw invalidParameter(OWNER, 'module', 'a module Node can load', path, { kind: 'option', hint: 'A .ts module needs tsx: run "tunekit worker" (which registers it) or "npx tsx".' });
    }
    throw error;
  }
  const fallback = (mod.default ?? {}) as Record<string, unknown>;
  const pick = (name: string): unknown => (name in mod ? mod[name] : typeof fallback === 'object' && fallback !== null ? fallback[name] : undefined);
  const search = pick('search');
  const data = pick('data');
  const missing = [search === undefined ? '"search"' : undefined, data === undefined ? '"data"' : undefined].filter((m) => m !== undefined);
  if (missing.length > 0) {
    throw invalidParameter(OWNER, 'module', 'a module exporting "search" (a search or a function returning one) and "data" ({ X, y } or a function returning it)', path, {
      kind: 'option',
      hint: `${file} does not export ${missing.join(' or ')}; it exports ${formatValue(Object.keys(mod))}.`,
    });
  }
  return { search, data };
}

/** Waits until the study exists (or `seconds` pass, or `stopped()`): a worker may start before the search script. */
export async function waitForStudy(backend: StorageBackend, name: string, seconds: number, stopped: () => boolean): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (stopped()) return;
    try {
      await backend.loadStudy(name);
      return;
    } catch (error) {
      if (!(error instanceof StudyNotFoundError) || Date.now() >= deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(10, deadline - Date.now()))));
  }
}

/** Where a worker's search and data come from: its module's exports (loaded here), or the options. */
export async function workerSources(options: Pick<RunWorkerOptions, 'module' | 'search' | 'data'>): Promise<{ search: unknown; data: unknown }> {
  return options.module !== undefined ? loadWorkerModule(options.module) : { search: options.search, data: options.data };
}

/** The search and the data of a worker, resolved (a function is called) and checked. */
export async function resolveSources(sources: { search: unknown; data: unknown }): Promise<{ search: WorkableSearch; data: WorkerData }> {
  const search = await resolveLazy(sources.search as Lazy<WorkableSearch>);
  if (!isWorkable(search)) {
    throw invalidParameter(OWNER, 'search', 'a search with a work method (GridSearchCV, BayesSearchCV, …) or a function returning one', search, { kind: 'option' });
  }
  const data = await resolveLazy(sources.data as Lazy<WorkerData>);
  if (typeof data !== 'object' || data === null || !('X' in data)) {
    throw invalidParameter(OWNER, 'data', 'an object { X, y?, groups?, fitOptions? } or a function returning one', data, { kind: 'option' });
  }
  return { search, data };
}
