/**
 * Interrupting an in-process (`nJobs: 1`) search of synchronous fits (SVC on
 * digits) in a child process: Ctrl-C, `timeout`, an aborting `signal`, and a
 * fit that never settles each end the search with its partial results, and the
 * process exits by itself. The limits are generous: what is asserted is that
 * the search ends with partial results, not how fast.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SCRIPT = new URL('../../fixtures/interrupt/interrupted-search.ts', import.meta.url).pathname;
/** A child still running after this long has hung. */
const LIMIT_MS = 100_000;

interface Summary {
  readonly stopReason: string;
  readonly candidates: number;
  readonly ok: number;
  readonly timeout: number;
  readonly params: readonly Record<string, unknown>[];
  readonly lastStatuses: readonly string[];
}

interface ChildRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the fixture in `mode`; `interrupt(output)` is called with the output
 * so far each time the child prints (it may send signals).
 */
function runChild(mode: string | readonly string[], interrupt?: (output: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...(typeof mode === 'string' ? [mode] : mode)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    interrupt?.(out, (signal) => child.kill(signal));
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

function count(output: string, line: string): number {
  return output.split('\n').filter((l) => l === line || l.startsWith(`${line} `)).length;
}

function summaryOf(run: ChildRun): Summary {
  return JSON.parse(run.out.trim().split('\n').at(-1) as string) as Summary;
}

/** 100 candidates of 5 splits each: the full grid takes several seconds even sharing kernels, far more than the search is given. */
const GRID_SIZE = 100;

describe('interrupting an nJobs: 1 search of synchronous fits', () => {
  it('Ctrl-C ends it with the finished candidates, and the process exits 0', async () => {
    let sent = false;
    const run = await runChild('sigint', (output, kill) => {
      if (!sent && count(output, 'candidate-end') >= 2) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(sent, run.err).toBe(true);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain('GridSearchCV: interrupted; stopping with the finished candidates (Ctrl-C again to exit now).');
    const summary = summaryOf(run);
    expect(summary.stopReason).toBe('aborted');
    expect(summary.candidates).toBeGreaterThanOrEqual(2);
    expect(summary.candidates).toBeLessThan(GRID_SIZE);
    expect(summary.ok).toBeGreaterThanOrEqual(10);
  });

  it('a second Ctrl-C exits at once with code 130', async () => {
    let sent = false;
    // each fit blocks the thread for 1.5 s: both signals arrive while the second one blocks
    const run = await runChild('sigint-twice', (output, kill) => {
      if (!sent && count(output, 'blocking') >= 2) {
        sent = true;
        kill('SIGINT');
        // a moment later, so that the two are delivered as two signals
        setTimeout(() => kill('SIGINT'), 100);
      }
    });
    expect(sent, run.err).toBe(true);
    expect(run.code, run.err).toBe(130);
    expect(run.err).toContain('GridSearchCV: interrupted');
  });

  for (const sharing of ['shared', 'unshared'] as const) {
    const args = (mode: string): string[] => (sharing === 'unshared' ? [mode, 'unshared'] : [mode]);

    it(`timeout: 3 ends it with partial results (${sharing})`, async () => {
      const run = await runChild(args('timeout'));
      expect(run.code, run.err).toBe(0);
      const summary = summaryOf(run);
      expect(summary.stopReason).toBe('timeout');
      expect(summary.candidates).toBeGreaterThanOrEqual(1);
      expect(summary.candidates).toBeLessThan(GRID_SIZE);
      expect(summary.ok).toBeGreaterThanOrEqual(1);
    });

    it(`an AbortSignal.timeout(3000) signal ends it with partial results (${sharing})`, async () => {
      const run = await runChild(args('signal'));
      expect(run.code, run.err).toBe(0);
      const summary = summaryOf(run);
      expect(summary.stopReason).toBe('aborted');
      expect(summary.candidates).toBeLessThan(GRID_SIZE);
      expect(summary.ok).toBeGreaterThanOrEqual(1);
    });
  }

  it('a fit that never settles is abandoned at timeout: 2, its splits recorded as timeout, the rest kept (unshared)', async () => {
    const run = await runChild(['hang', 'unshared']);
    expect(run.code, run.err).toBe(0);
    const summary = summaryOf(run);
    expect(summary.stopReason).toBe('timeout');
    expect(summary.params).toEqual([{ C: 1, gamma: 'scale' }, { C: 100, gamma: 'scale' }]);
    // the first candidate's five splits ran; the hanging candidate's five were cut off
    expect(summary.ok).toBe(5);
    expect(summary.timeout).toBe(5);
    expect(summary.lastStatuses).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'timeout']);
  });

  it('a fit that never settles in a group sharing a kernel: the members scored before it are kept', async () => {
    const run = await runChild('hang');
    expect(run.code, run.err).toBe(0);
    const summary = summaryOf(run);
    expect(summary.stopReason).toBe('timeout');
    // the group (C 1, 100, 1000 on one kernel matrix) fits split 0 of each in turn: C = 1 was scored, then C = 100 hung
    expect(summary.params).toEqual([{ C: 1, gamma: 'scale' }]);
    expect(summary.ok).toBe(1);
    expect(summary.timeout).toBe(4);
  });

  it('SklearnTuner.search({ timeout: 2 }) abandons a trial that never settles and returns', async () => {
    const run = await runChild('tuner-hang');
    expect(run.code, run.err).toBe(0);
    const { statuses } = JSON.parse(run.out.trim().split('\n').at(-1) as string) as { statuses: string[] };
    // the two trials before the hanging one completed; the hanging one was cut off (an interrupted trial) and nothing ran after it
    expect(statuses).toEqual(['complete', 'complete', 'failed']);
  });
});
