import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../lib/keras/backend.js';
import { RandomSearch } from '../../lib/tuner/random-search.js';
import { CRASH_FIT, CRASH_OPTIONS, CrashModel } from './_crash-search.js';
import { data } from './_keras.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'spec', 'tuner', '_crash-search.ts');

interface Run {
  readonly stdout: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the search script; with `hangAt`, kills it with SIGKILL once its marker file appears. */
function runSearch(directory: string, hangAt?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', script, directory, ...(hangAt === undefined ? [] : [String(hangAt)])];
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, TUNEKIT_BACKEND: 'wasm' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const marker = join(directory, 'hanging.json');
    const poll = hangAt === undefined ? undefined : setInterval(() => {
      if (existsSync(marker)) child.kill('SIGKILL');
    }, 25);
    const limit = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (poll !== undefined) clearInterval(poll);
      clearTimeout(limit);
      if (hangAt === undefined && code !== 0) reject(new Error(`the search failed (${code}): ${stderr}`));
      else resolve({ stdout, code, signal });
    });
  });
}

const trialFiles = (project: string): Map<string, string> =>
  new Map(readdirSync(project).filter((d) => d.startsWith('trial_')).map((d) => [d, readFileSync(join(project, d, 'trial.json'), 'utf8')]));

describe('a search killed with SIGKILL mid-trial', () => {
  it('resumes on the next run: no finished trial lost or run again, the cut-off trial run again, no duplicate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunekit-crash-'));
    const project = join(dir, 'crash');

    const killed = await runSearch(dir, 4);
    expect(killed.signal).toBe('SIGKILL');
    const cutOffValues = JSON.parse(readFileSync(join(dir, 'hanging.json'), 'utf8')) as Record<string, unknown>;
    const before = trialFiles(project);
    expect([...before.keys()].sort()).toEqual(['trial_0000', 'trial_0001', 'trial_0002']);
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'hanging.json'));

    const resumed = await runSearch(dir);
    expect(resumed.stdout).toContain(`Reloading Tuner from ${project}`);
    expect(resumed.stdout).not.toContain('Running Trial #1 ');
    const trials = JSON.parse(resumed.stdout.trim().split('\n').pop() as string) as { id: number; status: string; values: Record<string, unknown>; score: number }[];
    expect(trials.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trials.every((t) => t.status === 'complete')).toBe(true);
    expect(new Set(trials.map((t) => JSON.stringify(t.values))).size).toBe(6);
    for (const [name, content] of before) expect(readFileSync(join(project, name, 'trial.json'), 'utf8')).toBe(content);
    expect(trials[3]?.values).toEqual(cutOffValues);

    // the same trials and scores as a search that was never interrupted
    await setBackend('wasm');
    const straight = new RandomSearch(new CrashModel(), { ...CRASH_OPTIONS, directory: mkdtempSync(join(tmpdir(), 'tunekit-straight-')), verbose: 0 });
    await straight.search(data.X, data.y, CRASH_FIT);
    expect(trials.map((t) => [t.values, t.score])).toEqual(straight.oracle.trials.map((t) => [t.hyperparameters.values, t.score]));

    // and a fresh start when asked
    const clean = new RandomSearch(new CrashModel(), { ...CRASH_OPTIONS, directory: dir, overwrite: true, verbose: 0 });
    expect(clean.oracle.trials).toHaveLength(0);
    expect(readdirSync(project)).toEqual(['oracle.json']);
  });
});
