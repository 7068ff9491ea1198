/**
 * Function and file sizes, measured with the TypeScript compiler API: what the
 * size bar of the search engine (issue 16) is checked against, by
 * `spec/tooling/code-size.spec.ts` and by hand:
 *
 *     npx tsx scripts/code-size.ts [--top N] [path ...]
 *
 * A function is any function-like node (declaration, method, constructor,
 * accessor, arrow function, function expression); its size is the number of
 * lines from its first token (its TSDoc and leading comments excluded) to its
 * last, nested functions included. A file's size is its number of lines.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** One function-like node of a file. */
export interface FunctionSize {
  readonly file: string;
  /** `Class.method`, `name`, or `<arrow>` with the enclosing names. */
  readonly name: string;
  /** The 1-based line of its first token. */
  readonly line: number;
  readonly lines: number;
}

/** One file. */
export interface FileSize {
  readonly file: string;
  readonly lines: number;
  readonly functions: readonly FunctionSize[];
}

function nameOf(node: ts.Node): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name !== undefined && (ts.isIdentifier(named.name) || ts.isPrivateIdentifier(named.name) || ts.isStringLiteral(named.name))) {
    return named.name.text;
  }
  // `const f = () => ...` and `f: () => ...` take the name they are given
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** Measures every function of one source text. */
export function measureSource(file: string, text: string): FileSize {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const functions: FunctionSize[] = [];
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node, scope: readonly string[]): void => {
    let inner = scope;
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) inner = [...scope, node.name?.text ?? '<class>'];
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const name = nameOf(node) ?? (ts.isArrowFunction(node) ? '<arrow>' : '<function>');
      const start = lineOf(node.getStart(source));
      functions.push({ file, name: [...scope, name].join('.'), line: start, lines: lineOf(node.getEnd()) - start + 1 });
      inner = [...scope, name];
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, []);
  return { file, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), functions };
}

/** Every `.ts` file under `root` (a file or a folder), in path order. */
export function sourceFiles(root: string): string[] {
  if (!statSync(root).isDirectory()) return root.endsWith('.ts') ? [root] : [];
  return readdirSync(root)
    .sort()
    .flatMap((entry) => sourceFiles(join(root, entry)));
}

/** Measures every `.ts` file under the roots. */
export function measure(roots: readonly string[]): FileSize[] {
  return roots.flatMap(sourceFiles).map((file) => measureSource(file, readFileSync(file, 'utf8')));
}

/** The limits of the size bar and where it applies. */
export interface SizeBar {
  readonly roots: readonly string[];
  /** Paths (files or folders) left out. */
  readonly exclude: readonly string[];
  readonly maxFunctionLines: number;
  readonly maxFileLines: number;
}

/**
 * The bar of issue 16: no function over 80 lines and no file over 500 lines in
 * `lib/model-selection/`, `lib/search/` and `lib/tuner/`; the numeric ports
 * under `lib/search/samplers/gp/` are left out.
 */
export const ENGINE_BAR: SizeBar = {
  roots: ['lib/model-selection', 'lib/search', 'lib/tuner'],
  exclude: ['lib/search/samplers/gp'],
  maxFunctionLines: 80,
  maxFileLines: 500,
};

/** What breaks a bar: functions and files over their limit. */
export function violations(bar: SizeBar, base = '.'): { functions: FunctionSize[]; files: FileSize[] } {
  const excluded = (file: string): boolean => {
    const rel = relative(base, file).split(sep).join('/');
    return bar.exclude.some((e) => rel === e || rel.startsWith(`${e}/`));
  };
  const files = measure(bar.roots.map((r) => join(base, r))).filter((f) => !excluded(f.file));
  return {
    functions: files.flatMap((f) => f.functions).filter((f) => f.lines > bar.maxFunctionLines),
    files: files.filter((f) => f.lines > bar.maxFileLines),
  };
}

function main(args: readonly string[]): void {
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
  const roots = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
  const files = measure(roots.length > 0 ? roots : ENGINE_BAR.roots);
  const fns = files.flatMap((f) => f.functions).sort((a, b) => b.lines - a.lines);
  console.log(`Longest functions (of ${fns.length}):`);
  for (const f of fns.slice(0, top)) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
  console.log(`Longest files (of ${files.length}):`);
  for (const f of [...files].sort((a, b) => b.lines - a.lines).slice(0, top)) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}`);
  const broken = violations(ENGINE_BAR);
  console.log(`\nThe engine bar (functions <= ${ENGINE_BAR.maxFunctionLines} lines, files <= ${ENGINE_BAR.maxFileLines} lines in ${ENGINE_BAR.roots.join(', ')}; ${ENGINE_BAR.exclude.join(', ')} left out):`);
  console.log(broken.functions.length + broken.files.length === 0 ? '  met' : [...broken.functions.map((f) => `  function ${f.file}:${f.line} ${f.name}: ${f.lines} lines`), ...broken.files.map((f) => `  file ${f.file}: ${f.lines} lines`)].join('\n'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
