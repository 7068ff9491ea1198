/**
 * The published package works: `npm pack` builds dist/ (the `prepack` script), the
 * tarball installs into a new project offline, an ESM analysis script runs there,
 * `npx tunekit --help` answers, and a consumer file type-checks against the published
 * declarations (a correct grid compiles, a misspelt key does not).
 *
 * Offline: the consumer gets a lockfile made from ours (the same versions, whose
 * tarballs `npm ci` put in the npm cache), so `npm ci --offline` needs no registry.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  dev?: boolean;
  optional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

/** Where node would find `name` from the package installed at `from` (a lockfile path). */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  while (true) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

/**
 * A lockfile for a project that depends on the tarball only: every package our
 * production dependencies and the @tensorflow/tfjs peer reach, as our lockfile pins them.
 */
function consumerLock(tarball: string, integrity: string): object {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    bin: Record<string, string>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    peerDependenciesMeta: Record<string, { optional?: boolean }>;
  };
  const required = { ...manifest.dependencies, '@tensorflow/tfjs': manifest.peerDependencies['@tensorflow/tfjs']! };
  const keep = new Map<string, LockEntry>();
  const queue: [string, string][] = Object.keys(required).map((name) => ['', name]);
  while (queue.length > 0) {
    const [from, name] = queue.pop()!;
    const path = resolveIn(lock.packages, from, name);
    if (path === undefined || keep.has(path)) continue;
    const entry = lock.packages[path]!;
    keep.set(path, entry);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies })) queue.push([path, dep]);
  }
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', dependencies: { [manifest.name]: `file:${tarball}` } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: `file:${tarball}`,
      integrity,
      bin: manifest.bin, // npm ci links bins from the lockfile's entry
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
    },
  };
  for (const [path, entry] of [...keep].sort(([a], [b]) => a.localeCompare(b))) {
    const { dev: _dev, peer: _peer, devOptional: _devOptional, ...rest } = entry;
    packages[path] = rest;
  }
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

const ANALYSIS = `
import { GridSearchCV, Ridge, loadDiabetes, makeScorer, meanSquaredError } from 'tunekit';
const { data, target } = await loadDiabetes();
const search = await new GridSearchCV(new Ridge(), { alpha: [0.01, 0.1, 1, 10] }, {
  cv: 5,
  scoring: makeScorer(meanSquaredError, { greaterIsBetter: false }),
}).fit(data, target);
console.log(JSON.stringify({ bestParams: search.bestParams, bestScore: search.bestScore }));
`;

const GOOD = `
import { GridSearchCV, Ridge } from 'tunekit';
export const search = new GridSearchCV(new Ridge(), { alpha: [0.1, 1], fitIntercept: [true, false] }, { cv: 3 });
`;

const MISSPELT = `
import { GridSearchCV, Ridge } from 'tunekit';
export const search = new GridSearchCV(new Ridge(), { alpah: [0.1, 1] }, { cv: 3 });
`;

const TSCONFIG = {
  compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true, types: [] },
};

describe('the npm package', () => {
  let work: string;
  let project: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tunekit-pack-'));
    execFileSync(npm, ['pack', '--pack-destination', work, '--silent'], { cwd: repo, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const integrity = `sha512-${createHash('sha512').update(readFileSync(join(work, tarball))).digest('base64')}`;
    project = join(work, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { tunekit: `file:../${tarball}` } }));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(`../${tarball}`, integrity), null, 2));
    execFileSync(npm, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, stdio: 'pipe' });
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships dist/ with declarations and the compiled wasm kernels', () => {
    const dist = join(project, 'node_modules', 'tunekit', 'dist');
    expect(readdirSync(dist)).toContain('index.d.ts');
    expect(readdirSync(join(dist, 'core', 'kernels', 'generated'))).toContain('dense.js');
  });

  it('runs an ESM analysis script from the installed package', () => {
    writeFileSync(join(project, 'analysis.mjs'), ANALYSIS);
    const out = JSON.parse(execFileSync(process.execPath, ['analysis.mjs'], { cwd: project, encoding: 'utf8' }).trim()) as {
      bestParams: { alpha: number };
      bestScore: number;
    };
    expect([0.01, 0.1, 1, 10]).toContain(out.bestParams.alpha);
    expect(out.bestScore).toBeLessThan(0); // a negated mean squared error
  });

  it('answers npx tunekit --help', () => {
    const out = execFileSync('npx', ['--offline', 'tunekit', '--help'], { cwd: project, encoding: 'utf8' });
    expect(out).toMatch(/Usage: tunekit <command>/);
  });

  it('answers npx tunekit --version with the version of the package', () => {
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync('npx', ['--offline', 'tunekit', '--version'], { cwd: project, encoding: 'utf8' })).toBe(`${version}\n`);
  });

  it('type-checks a consumer against the published declarations: a correct grid compiles, a misspelt key does not', () => {
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: ['good.ts'] }));
    writeFileSync(join(project, 'good.ts'), GOOD);
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, stdio: 'pipe' });

    writeFileSync(join(project, 'tsconfig.bad.json'), JSON.stringify({ ...TSCONFIG, files: ['misspelt.ts'] }));
    writeFileSync(join(project, 'misspelt.ts'), MISSPELT);
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bad.json'], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toMatch(/misspelt\.ts.*error TS\d+/);
    expect(output).toMatch(/alpah/);
  });
});
