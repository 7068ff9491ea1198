/**
 * Crash test (a): a journal-backed search killed with SIGKILL at random moments,
 * resumed each time, then run to completion, ends with the trials of a search
 * that was never interrupted — no candidate duplicated or lost — and each kill
 * loses at most the split that was running. The journal replays cleanly, also
 * with a torn line in the middle and at the end.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../lib/core/rng.js';
import { captureWarnings } from '../../lib/core/warnings.js';
import { JournalStorage } from '../../lib/search/storage/journal-storage.js';
import { fitHooks, fitLog } from './fixtures/journal-estimator.js';
import { CRASH_DATA, CRASH_SEARCHES, crashOutcome } from './fixtures/journal-search.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'spec', 'distributed', 'fixtures', 'journal-search.ts');

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
}

/** Runs the search in a child; with `killAfterMs`, kills it with SIGKILL that long after it says it started. */
function runChild(journal: string, fitsLog: string, kind: keyof typeof CRASH_SEARCHES, killAfterMs?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, journal, fitsLog, kind], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (killAfterMs !== undefined && timer === undefined && stdout.includes('started\n')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      if (timer !== undefined) clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

/** The search run in this process, without a storage: what every resumed run must end with. */
async function uninterrupted(kind: keyof typeof CRASH_SEARCHES): Promise<{ outcome: Record<string, unknown>; cvFits: number; trials: number; trialParams: unknown[] }> {
  fitHooks.delayMs = undefined;
  const before = fitLog.length;
  const search = CRASH_SEARCHES[kind]();
  await captureWarnings(() => search.fit(CRASH_DATA.X, CRASH_DATA.y));
  const cvFits = fitLog.slice(before).filter((f) => f.rows < CRASH_DATA.X.length).length;
  // the trials in the order they ran (cvResults rows may differ: halving lists a round's promotions ascending, runs them best first)
  const trialParams = [...search.trials].sort((a, b) => a.id - b.id).map((t) => t.params);
  return { outcome: crashOutcome(search), cvFits, trials: search.trials.length, trialParams };
}

async function crashAndResume(kind: keyof typeof CRASH_SEARCHES, kills: number, seed: number, maxDelayMs: number): Promise<void> {
  const straight = await uninterrupted(kind);
  const dir = mkdtempSync(join(tmpdir(), 'tunekit-journal-crash-'));
  const journal = join(dir, 'study.jsonl');
  const fitsLog = join(dir, 'fits.log');
  const rng = new Rng(seed);
  let killed = 0;
  for (let i = 0; i < kills; i++) {
    const run = await runChild(journal, fitsLog, kind, rng.uniform(0, maxDelayMs));
    if (run.signal === 'SIGKILL') killed++;
    else expect(run.code, run.stderr).toBe(0);
    // a write torn by a kill: a record cut mid-line, which the next process's first record is glued to
    if (i === Math.floor(kills / 2)) appendFileSync(journal, '{"op":"attrs","rid":"0123456789abcdef","t":1,"study":"crash-');
  }
  expect(killed).toBeGreaterThan(0);

  const final = await runChild(journal, fitsLog, kind);
  expect(final.code, final.stderr).toBe(0);
  const result = JSON.parse(final.stdout.trim().split('\n').pop() as string) as { trials: number; outcome: Record<string, unknown> };
  expect(result.outcome).toEqual(straight.outcome);
  expect(result.trials).toBe(straight.trials);

  // at most the split running at each kill was fitted twice
  const cvFits = existsSync(fitsLog) ? readFileSync(fitsLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { rows: number }).filter((f) => f.rows < CRASH_DATA.X.length).length : 0;
  expect(cvFits).toBeGreaterThanOrEqual(straight.cvFits);
  expect(cvFits).toBeLessThanOrEqual(straight.cvFits + kills);

  // the journal, with a torn last line too, replays to the same trials: each candidate once, all complete
  appendFileSync(journal, '{"op":"finish","rid":"fedcba9876543210","t":2,"stu');
  const storage = new JournalStorage(journal);
  try {
    const trials = await (await storage.loadStudy(`crash-${kind}`)).getTrials();
    expect(trials.map((t) => t.id)).toEqual(Array.from({ length: straight.trials }, (_, i) => i));
    expect(trials.every((t) => t.state === 'complete')).toBe(true);
    expect(new Set(trials.map((t) => JSON.stringify([t.params, t.budget ?? null]))).size).toBe(trials.length);
    expect(trials.map((t) => t.params)).toEqual(straight.trialParams);
  } finally {
    await storage.close();
  }
}

describe('a journal-backed search killed with SIGKILL', () => {
  it('GridSearchCV killed 20 times at random moments ends with the uninterrupted trials, none duplicated or lost', async () => {
    await crashAndResume('grid', 20, 20260101, 200);
  }, 120_000);

  it('HalvingRandomSearchCV killed 6 times resumes across iterations to the uninterrupted results', async () => {
    await crashAndResume('halving', 6, 7, 400);
  }, 60_000);
});
