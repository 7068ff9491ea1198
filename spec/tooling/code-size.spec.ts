/**
 * The size bar of the search engine, checked with the TypeScript compiler API
 * (`scripts/code-size.ts`): no function over 80 lines and no file over 500
 * lines in lib/model-selection/, lib/search/ (the numeric ports under
 * samplers/gp/ left out) and lib/tuner/. Run `npx tsx scripts/code-size.ts` to
 * see the longest ones.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_BAR, measureSource, violations } from '../../scripts/code-size.js';

describe('code-size measurement', () => {
  it('counts a function from its first token to its last, nested functions included, TSDoc left out', () => {
    const text = ['/** doc */', 'export function outer(): number {', '  const inner = () => {', '    return 1;', '  };', '  return inner();', '}', 'class A {', '  m(): void {}', '}', ''].join('\n');
    const { lines, functions } = measureSource('x.ts', text);
    expect(lines).toBe(10);
    expect(functions.map((f) => [f.name, f.line, f.lines])).toEqual([['outer', 2, 6], ['outer.inner', 3, 3], ['A.m', 9, 1]]);
  });

  it('reports the functions and files over a bar, and leaves out what it excludes', () => {
    const base = mkdtempSync(join(tmpdir(), 'tunekit-size-'));
    const body = (n: number) => `export function long(): number {\n${'  void 0;\n'.repeat(n)}  return 0;\n}\n`;
    mkdirSync(join(base, 'src', 'ports'), { recursive: true });
    writeFileSync(join(base, 'src', 'a.ts'), body(10));
    writeFileSync(join(base, 'src', 'ports', 'b.ts'), body(10));
    const found = violations({ roots: ['src'], exclude: ['src/ports'], maxFunctionLines: 8, maxFileLines: 12 }, base);
    expect(found.functions.map((f) => [f.file, f.name, f.lines])).toEqual([[join(base, 'src', 'a.ts'), 'long', 13]]);
    expect(found.files.map((f) => f.lines)).toEqual([13]);
  });
});

describe('the engine', () => {
  const broken = violations(ENGINE_BAR);

  it(`has no function over ${ENGINE_BAR.maxFunctionLines} lines`, () => {
    expect(broken.functions.map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`)).toEqual([]);
  });

  it(`has no file over ${ENGINE_BAR.maxFileLines} lines`, () => {
    expect(broken.files.map((f) => `${f.file} (${f.lines} lines)`)).toEqual([]);
  });
});
