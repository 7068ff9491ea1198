/**
 * The doctest's reading of the documentation: the ```ts blocks of README.md and
 * docs/*.md, grouped into programs, written as files that import tunekit from
 * lib/, type-checked together with the TypeScript compiler and run with tsx.
 *
 * The info string after `ts` says what becomes of a block:
 *
 *     ```ts                  a program of its own: type-checked and run
 *     ```ts continued        appended to the page's previous program (same variables)
 *     ```ts file=search.ts   a program saved as search.ts (another block imports './search.js')
 *     ```ts compile          type-checked, not run (it needs a PostgreSQL server, a GPU, an hour)
 *     ```ts fragment         neither: a sketch or an excerpt that is not a program
 *
 * The words combine (`ts compile file=worker.ts`). A program's first block
 * decides whether it runs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** A program of a page: its blocks joined, where it starts, and whether it runs. */
export interface DocProgram {
  /** `docs/studies.md:11`: the page and the line of its first block. */
  readonly id: string;
  readonly page: string;
  readonly file: string;
  readonly source: string;
  readonly run: boolean;
}

/** What a page's ```ts blocks come to. */
export interface PageBlocks {
  readonly programs: DocProgram[];
  /** The ```ts fragment blocks, by line. */
  readonly fragments: number[];
}

const FENCE = /^```ts\b([^\n]*)\n([\s\S]*?)^```\s*$/gm;
const WORDS = new Set(['continued', 'compile', 'fragment']);

/**
 * The programs of a page (its path relative to the repository).
 * @throws {Error} on an unknown word in an info string, or `continued` with nothing before it.
 */
export function pagePrograms(repo: string, page: string): PageBlocks {
  const text = readFileSync(join(repo, page), 'utf8');
  const programs: { id: string; file: string; source: string; run: boolean }[] = [];
  const fragments: number[] = [];
  for (const match of text.matchAll(FENCE)) {
    const line = text.slice(0, match.index).split('\n').length;
    const words = (match[1] ?? '').trim().split(/\s+/).filter((w) => w !== '');
    for (const w of words) if (!WORDS.has(w) && !w.startsWith('file=')) throw new Error(`${page}:${line}: unknown doctest word "${w}" after \`\`\`ts.`);
    const body = match[2] ?? '';
    if (words.includes('fragment')) {
      fragments.push(line);
      continue;
    }
    if (words.includes('continued')) {
      const last = programs.at(-1);
      if (last === undefined) throw new Error(`${page}:${line}: a \`\`\`ts continued block with no program before it.`);
      last.source += `\n// ${page}:${line}\n${body}`;
      continue;
    }
    const file = words.find((w) => w.startsWith('file='))?.slice('file='.length) ?? `block-${line}.ts`;
    programs.push({ id: `${page}:${line}`, file, source: `// ${page}:${line}\n${body}`, run: !words.includes('compile') });
  }
  return { programs: programs.map((p) => ({ ...p, page })), fragments };
}

/**
 * Writes a program under `dir/<page>/`, its `tunekit` imports pointing at lib/;
 * `export {}` makes every file a module (top-level await, no shared globals).
 */
export function writeProgram(repo: string, dir: string, program: DocProgram): string {
  const path = join(dir, program.page.replace(/[^\w.-]+/g, '_'), program.file);
  mkdirSync(dirname(path), { recursive: true });
  const lib = (entry: string) => {
    const rel = relative(dirname(path), join(repo, 'lib', entry)).replace(/\\/g, '/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const source = program.source.replace(/from '(tunekit(?:\/report)?)'/g, (_, name: string) => `from '${lib(name === 'tunekit' ? 'index.js' : 'report/index.js')}'`);
  writeFileSync(path, `${source}\nexport {};\n`);
  return path;
}

/**
 * Type-checks files with the repository's compiler options (unused names
 * allowed: an example may show a value it does not use) and returns the
 * diagnostics of each file, formatted.
 */
export function typeCheck(repo: string, files: readonly string[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(repo, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) throw new Error('Cannot read tsconfig.json.');
  const options = { ...config.options, noUnusedLocals: false, noUnusedParameters: false, noEmit: true };
  const program = ts.createProgram({ rootNames: [...files], options });
  const byFile = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName;
    const list = file === undefined ? undefined : [...byFile.entries()].find(([f]) => ts.sys.resolvePath(f) === ts.sys.resolvePath(file))?.[1];
    const where = d.file !== undefined && d.start !== undefined ? `${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    const message = `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    if (list !== undefined) list.push(message);
    else for (const l of byFile.values()) l.push(`${file ?? '(global)'}: ${message}`);
  }
  return byFile;
}
