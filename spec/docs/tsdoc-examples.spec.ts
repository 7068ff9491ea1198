/**
 * Every ```ts example in the TSDoc of lib/ type-checks (issue 23): the check of
 * `scripts/tsdoc-examples.ts` (each example with the exports of tunekit and of
 * its own module in scope, names it never defines declared `any`; ```ts
 * fragment marks an excerpt) run as a test, so a renamed option, a wrong
 * argument count or a missing `await` in an example fails `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('the TSDoc examples of lib/', () => {
  it('all type-check', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/tsdoc-examples.ts'], { cwd: repo, encoding: 'utf8', timeout: 240_000 });
    const summary = /(\d+) TSDoc examples: (\d+) type-check .*, (\d+) do not\./.exec(run.stdout);
    expect(summary, run.stdout + run.stderr).not.toBeNull();
    const [, total, passing, failing] = summary!.map(Number);
    // the failing examples are listed above the summary line
    expect(failing, run.stdout).toBe(0);
    expect(passing).toBe(total);
    expect(total).toBeGreaterThan(300);
    expect(run.status).toBe(0);
  }, 300_000);
});
