/**
 * Type-checks the ```ts examples of the TSDoc in lib/ and lists those that do
 * not compile (exit 1 when there are some); ```ts fragment marks an excerpt. Not a doctest yet: examples are
 * excerpts that use names they never define (`X`, `y`, `search`), so each
 * example gets every export of `tunekit` and of its own module in scope, and a
 * name it uses without defining is declared `any` (a second pass). What still
 * fails is a wrong option or method name, a wrong argument count, a missing
 * `await` on a loader, or an excerpt that is not a program.
 *
 *     npx tsx scripts/tsdoc-examples.ts            # the failing examples and the counts
 *     npx tsx scripts/tsdoc-examples.ts --all      # also each example's free names
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const repo = join(import.meta.dirname, '..');
const out = join(repo, '.scratch', 'tsdoc-examples');

interface Example {
  readonly where: string;
  readonly path: string;
  readonly prelude: string;
  readonly body: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'generated' ? [] : walk(p);
    return f.endsWith('.ts') ? [p] : [];
  });
}

const config = ts.getParsedCommandLineOfConfigFile(join(repo, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
if (config === undefined) throw new Error('Cannot read tsconfig.json.');
// examples show values they do not use, and import values and types alike
const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, verbatimModuleSyntax: false, isolatedModules: false };

const sources = walk(join(repo, 'lib'));
const base = ts.createProgram({ rootNames: sources, options });
const checker = base.getTypeChecker();
function exportsOf(file: string): string[] {
  const source = base.getSourceFile(file);
  const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  return symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.name).filter((n) => n !== 'default');
}
const index = join(repo, 'lib', 'index.ts');
const indexNames = exportsOf(index);

function importPath(from: string, file: string): string {
  const rel = relative(dirname(from), file).replace(/\\/g, '/').replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const own = new Set(exportsOf(file));
  const found: Example[] = [];
  for (const match of text.matchAll(/^\s*\*\s?```ts([^\n]*)\n([\s\S]*?)^\s*\*\s?```/gm)) {
    // ```ts fragment: an excerpt that is not code on its own (as in docs/*.md)
    if (/\bfragment\b/.test(match[1] ?? '')) continue;
    const line = text.slice(0, match.index).split('\n').length;
    const where = `${relative(repo, file)}:${line}`;
    const path = join(out, `${where.replace(/[^\w]+/g, '_')}.ts`);
    const body = (match[2] ?? '')
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
      .replace(/from '(tunekit(?:\/report)?)'/g, (_, name: string) => `from '${importPath(path, join(repo, 'lib', name === 'tunekit' ? 'index.ts' : 'report/index.ts'))}'`);
    // the names the example imports itself are left out of the prelude
    const imported = new Set([...body.matchAll(/^import\s+(?:type\s+)?(?:\* as (\w+)|\{([^}]*)\}|(\w+))/gm)].flatMap((m) => [m[1], m[3], ...(m[2] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/).at(-1))]).filter((n): n is string => n !== undefined && n !== ''));
    const fromOwn = [...own].filter((n) => !imported.has(n));
    const fromIndex = indexNames.filter((n) => !own.has(n) && !imported.has(n));
    let prelude = `import { ${fromIndex.join(', ')} } from '${importPath(path, index)}';\n`;
    if (fromOwn.length > 0 && file !== index) prelude += `import { ${fromOwn.join(', ')} } from '${importPath(path, file)}';\n`;
    found.push({ where, path, prelude, body });
  }
  return found;
}

/** Writes the examples (free names declared any) and returns each one's diagnostics. */
function check(examples: readonly Example[], free: ReadonlyMap<string, ReadonlySet<string>>): Map<string, ts.Diagnostic[]> {
  for (const e of examples) {
    const declared = [...(free.get(e.path) ?? [])].map((n) => `declare const ${n}: any; type ${n} = any;`).join('\n');
    writeFileSync(e.path, `${e.prelude}${declared}\n${e.body}\nexport {};\n`);
  }
  const program = ts.createProgram({ rootNames: examples.map((e) => e.path), options });
  const byFile = new Map<string, ts.Diagnostic[]>(examples.map((e) => [e.path, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const list = byFile.get(d.file?.fileName ?? '');
    if (list !== undefined) list.push(d);
    else console.error(`outside the examples: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return byFile;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const examples = sources.flatMap(examplesOf);
const free = new Map<string, Set<string>>();
const FREE = /^(?:Cannot find name|No value exists in scope for the shorthand property) '([^']+)'/;
let result = check(examples, free);
// a name declared may reveal the next one: until no example has a new free name
for (let pass = 0; pass < 4; pass++) {
  let added = 0;
  for (const [path, diagnostics] of result) {
    for (const d of diagnostics) {
      const name = FREE.exec(ts.flattenDiagnosticMessageText(d.messageText, ' '))?.[1];
      if (name === undefined || free.get(path)?.has(name) === true) continue;
      free.set(path, (free.get(path) ?? new Set()).add(name));
      added++;
    }
  }
  if (added === 0) break;
  result = check(examples, free);
}
let failing = 0;
for (const e of examples) {
  const diagnostics = result.get(e.path) ?? [];
  if (process.argv.includes('--all') && free.has(e.path)) console.log(`${e.where}: free names ${[...(free.get(e.path) ?? [])].join(', ')}`);
  if (diagnostics.length === 0) continue;
  failing++;
  for (const d of diagnostics) {
    const line = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    console.log(`${e.where} (line ${line} of ${relative(repo, e.path)}): ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
}
console.log(`${examples.length} TSDoc examples: ${examples.length - failing} type-check (${free.size} of them with free names declared any), ${failing} do not.`);
process.exitCode = failing > 0 ? 1 : 0;
