import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('Ctrl-C during a parallel search', () => {
  it('ends the search cleanly with the finished candidates kept, and the process exits', async () => {
    const script = new URL('../../fixtures/parallel/sigint-search.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!sent && (out.match(/candidate-end/g) ?? []).length >= 3) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(-1);
      }, 90_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(sent, err).toBe(true);
    expect(code, err).toBe(0);
    expect(err).toContain('GridSearchCV: interrupted; stopping with the finished candidates');
    const summary = JSON.parse(out.trim().split('\n').at(-1)!) as { stopReason: string; candidates: number; ok: number };
    expect(summary.stopReason).toBe('aborted');
    expect(summary.ok).toBeGreaterThanOrEqual(3);
    expect(summary.candidates).toBeLessThan(40);
  });
});
