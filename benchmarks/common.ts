/**
 * Helpers shared by the benchmarks: timing, the machine description, running a
 * peer script when Python with scikit-learn is present, and writing results.
 */
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** Wall and CPU seconds of one run of `fn`. */
export async function timeIt<T>(fn: () => Promise<T>): Promise<{ wall: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const value = await fn();
  const wall = (performance.now() - w0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6, value };
}

/** The median of the finite numbers (the reports' definition). */
export { median } from '../lib/report/statistics.js';

/** What the figures were measured on. */
export function machine(): Record<string, unknown> {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((v) => Number(v.toFixed(2))),
    date: new Date().toISOString(),
  };
}

/** The Python with scikit-learn to run peers with, or undefined when there is none. */
export function findPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

/**
 * The environment of a peer's own command: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
 * unset (set on these machines, they make OpenBLAS pick slower kernels) and one BLAS /
 * OpenMP thread, so both sides run single-threaded. Only ever passed to the peer.
 */
export function peerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** Runs a peer script (in {@link peerEnv}) and parses the JSON lines it prints. */
export function runPeer(python: string, script: string, args: readonly string[]): Record<string, unknown>[] {
  const out = execFileSync(python, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env: peerEnv() });
  return out
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Writes a results file under benchmarks/results/. */
export function writeResults(name: string, payload: unknown): string {
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(name, dir);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file.pathname;
}

/** A plain text table. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cell = (v: unknown): string =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3)) : String(v ?? '');
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line([...columns]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

/** Parses `--name value` and `--flag` arguments. */
export function args(): Map<string, string | true> {
  const out = new Map<string, string | true>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out.set(a.slice(2), next);
      i++;
    } else out.set(a.slice(2), true);
  }
  return out;
}

/**
 * Runs `jobs` in `nJobs` child processes of `script` (round-robin chunks): each
 * child is started with `--worker <chunk as JSON>` and must send back its results
 * as one IPC message; the results come back chunk after chunk.
 */
export async function forkChunks<J, R>(script: string, jobs: readonly J[], nJobs: number): Promise<R[]> {
  const chunks: J[][] = Array.from({ length: nJobs }, () => []);
  jobs.forEach((j, i) => chunks[i % nJobs]!.push(j));
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<R[]>((resolve, reject) => {
          const child = fork(script, ['--worker', JSON.stringify(chunk)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          child.on('message', (m) => resolve(m as R[]));
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`worker exited with ${code}`))));
        }),
    ),
  );
  return parts.flat();
}
