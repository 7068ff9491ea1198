/**
 * `npm run docs`: TypeDoc writes the HTML API reference (typedoc.json) from the
 * TSDoc of lib/index.ts and lib/report/index.ts. This spec runs the same
 * command into a temporary folder (about 20 s of CPU) and reads the pages.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tunekit from '../../lib/index.js';

const TYPEDOC = join('node_modules', 'typedoc', 'bin', 'typedoc');
const out = mkdtempSync(join(tmpdir(), 'tk-api-'));
let log = '';

beforeAll(async () => {
  const run = await promisify(execFile)(process.execPath, [TYPEDOC, '--out', out], { maxBuffer: 16 * 1024 * 1024 });
  log = run.stdout + run.stderr;
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The text of a page, tags stripped and white space collapsed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The member `id` of a page (from its anchor to the end of its section), as text. */
function member(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start, `a member "${id}"`).toBeGreaterThan(0);
  return text(html.slice(start, html.indexOf('</section>', start)));
}

function page(kind: 'classes' | 'functions' | 'interfaces', module: string, name: string): string {
  return readFileSync(join(out, kind, `${module}.${name}.html`), 'utf8');
}

const isClass = (v: unknown): boolean => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));

describe('npm run docs (TypeDoc)', () => {
  it('builds without errors', () => {
    expect(log).toMatch(/html generated at /);
    expect(log).toMatch(/Found 0 errors/);
  });

  it('has a page for each main class', () => {
    for (const name of ['GridSearchCV', 'BayesSearchCV', 'KerasClassifier', 'HistGradientBoostingClassifier', 'Study']) {
      expect(text(page('classes', 'tunekit', name))).toMatch(new RegExp(`\\bClass ${name}\\b`));
    }
  });

  it('has one page per public class and function of tunekit', () => {
    const missing: string[] = [];
    let classes = 0;
    let functions = 0;
    for (const [name, value] of Object.entries(tunekit)) {
      if (typeof value !== 'function') continue;
      const kind = isClass(value) ? 'classes' : 'functions';
      if (kind === 'classes') classes++;
      else functions++;
      // an alias (`export const minimize = gpMinimize`) is documented as a variable
      const alias = Object.entries(tunekit).some(([other, v]) => v === value && other !== name);
      const pages = [join(out, kind, `tunekit.${name}.html`), ...(alias ? [join(out, 'variables', `tunekit.${name}.html`)] : [])];
      if (!pages.some((p) => existsSync(p))) missing.push(`${kind}/${name}`);
    }
    expect(missing).toEqual([]);
    expect(classes).toBeGreaterThan(100);
    expect(functions).toBeGreaterThan(100);
  });

  it('documents the tunekit/report entry point', () => {
    expect(text(page('functions', 'tunekit_report', 'searchReport'))).toContain('Function searchReport');
  });

  it("shows each option's default (GridSearchCV's cv and refit)", () => {
    const grid = page('classes', 'tunekit', 'GridSearchCV');
    expect(grid).toContain('href="../interfaces/tunekit.SearchCVOptions.html"');
    const options = page('interfaces', 'tunekit', 'SearchCVOptions');
    expect(member(options, 'cv')).toMatch(/^.*cv \?: CvLike The splits: .* Default 5 Copy Defined in lib\/model-selection\/search-options\.ts:\d+/);
    expect(member(options, 'refit')).toMatch(/Refit the best candidate on all data: .* Default true Copy/);
    expect(member(options, 'errorscore')).toMatch(/Default NaN/);
  });

  it("shows a TSDoc example's code (GridSearchCV's)", () => {
    expect(text(page('classes', 'tunekit', 'GridSearchCV'))).toMatch(/Example .*new GridSearchCV \(/);
  });
});
