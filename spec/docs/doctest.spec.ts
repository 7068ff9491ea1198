/**
 * The doctest: every ```ts block of README.md and docs/*.md is type-checked
 * against lib/ and run with tsx, unless its info string says it is a fragment
 * or compile-only (the convention is in `_doctest.ts`). Each program runs in
 * a fresh process whose working folder is a temporary one (files it writes,
 * journals and reports, land there).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocProgram } from './_doctest.js';
import { pagePrograms, typeCheck, writeProgram } from './_doctest.js';

const repo = resolve(import.meta.dirname, '..', '..');
const PAGES = ['README.md', ...readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const pages = PAGES.map((page) => ({ page, ...pagePrograms(repo, page) }));
const programs = pages.flatMap((p) => p.programs);

// under the repository (ignored by git and the linter) so that node_modules resolve
mkdirSync(join(repo, '.scratch'), { recursive: true });
const dir = mkdtempSync(join(repo, '.scratch', 'doctest-'));
const paths = new Map<DocProgram, string>(programs.map((p) => [p, writeProgram(repo, dir, p)]));
let diagnostics = new Map<string, string[]>();

beforeAll(() => {
  diagnostics = typeCheck(repo, [...paths.values()]);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the doctest', () => {
  it('finds the examples: most of them are programs, and most programs run', () => {
    const fragments = pages.reduce((n, p) => n + p.fragments.length, 0);
    expect(programs.length).toBeGreaterThan(fragments);
    expect(programs.filter((p) => p.run).length).toBeGreaterThan(programs.length / 2);
  });
});

for (const { page, programs: own } of pages) {
  if (own.length === 0) continue;
  describe(page, () => {
    for (const program of own) {
      it(`${program.id} ${program.run ? 'type-checks and runs' : 'type-checks'}`, async () => {
        const path = paths.get(program) as string;
        expect(diagnostics.get(path), `${program.id} (${path})`).toEqual([]);
        if (!program.run) return;
        const run = promisify(execFile)(process.execPath, ['--import', 'tsx', path], { cwd: mkdtempSync(join(dir, 'cwd-')), timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
        await expect(run.then(() => 'ran', (error: Error & { stderr?: string }) => `${error.message}\n${error.stderr ?? ''}`)).resolves.toBe('ran');
      }, 300_000);
    }
  });
}
