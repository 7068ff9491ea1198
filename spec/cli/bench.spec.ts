import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSuiteArgs } from '../../benchmarks/suite/args.js';
import { branin, hartmann6, mixedBraninOptimum, rosenbrock } from '../../benchmarks/suite/functions.js';
import { budgetGrid } from '../../benchmarks/suite/strategies.js';
import { main } from '../../lib/cli/main.js';
import { parseSuiteResults } from '../../lib/report/suite-types.js';
import { uniform } from '../../lib/search/space/distributions.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('tunekit bench', () => {
  it('runs the suite with equal budgets and writes results.json, summary.md and report.html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-bench-'));
    const c = io();
    const args = ['--tasks', 'branin', '--strategies', 'random,tpe,successive_halving', '--seeds', '2', '--budget', '9', '--jobs', '1', '--no-peers', '--quiet', '--out', dir];
    expect(await main(['bench', ...args], c.io)).toBe(0);
    expect(c.out[0]).toBe(`results: ${join(dir, 'results.json')}\nsummary: ${join(dir, 'summary.md')}\nreport:  ${join(dir, 'report.html')}`);
    const results = parseSuiteResults(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.runs.map((r) => `${r.strategy}:${r.seed}`)).toEqual(['random:0', 'random:1', 'tpe:0', 'tpe:1', 'successive_halving:0', 'successive_halving:1']);
    for (const run of results.runs) {
      const spent = run.evaluations.reduce((s, e) => s + e.cost, 0);
      expect(spent).toBeLessThanOrEqual(9 + 1e-9);
      expect(spent).toBeGreaterThan(9 - 1);
    }
    expect(results.meta).toMatchObject({ preset: 'quick', seeds: [0, 1], jobs: 1, command: `tunekit bench ${args.join(' ')}` });
    expect(results.meta.versions.node).toBe(process.version);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| strategy | final regret median [q25, q75] |');
  });

  it('prints its usage for --help', async () => {
    const c = io();
    expect(await main(['bench', '--help'], c.io)).toBe(0);
    expect(c.out[0]).toContain('Usage: tunekit bench [--quick | --full] [options]');
  });

  it('names an unknown task and lists the known ones', async () => {
    const c = io();
    expect(await main(['bench', '--tasks', 'nope', '--quiet'], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe(
      'Unknown task "nope". Known tasks: branin, hartmann6, rosenbrock2, ackley5, mixed_branin, ridge_diabetes, logreg_breast_cancer, svc_digits, keras_mlp_digits.',
    );
  });

  it('refuses a bad option value', async () => {
    const c = io();
    expect(await main(['bench', '--seeds', 'many'], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe('--seeds needs an integer >= 1. Got many instead.');
  });
});

describe('parseSuiteArgs', () => {
  it('reads presets, lists and numbers', () => {
    expect(parseSuiteArgs(['--full', '--tasks', 'branin,svc_digits', '--strategies', 'tpe', '--seeds', '3', '--jobs', '2'])).toEqual({
      preset: 'full',
      tasks: ['branin', 'svc_digits'],
      strategies: ['tpe'],
      seeds: 3,
      jobs: 2,
    });
  });

  it('refuses an unknown flag', () => {
    expect(() => parseSuiteArgs(['--fast'])).toThrow('Unknown option "--fast".');
  });

  it('names the command when given one, and refuses two presets or an option twice under its two names', () => {
    expect(() => parseSuiteArgs(['--fast'], 'npm run bench:suite')).toThrow('Unknown option "--fast" of npm run bench:suite.');
    expect(() => parseSuiteArgs(['--quick', '--full'])).toThrow('Give one preset: --quick, --full or --preset. Got quick and full.');
    expect(parseSuiteArgs(['--full', '--preset', 'full'])).toEqual({ preset: 'full' });
    expect(() => parseSuiteArgs(['--task', 'branin', '--tasks', 'hartmann6'])).toThrow('--tasks and --task are the same option; give one.');
    expect(parseSuiteArgs(['--strategy=tpe', '--seeds=2', '--no-peers', '--quiet', '-h'])).toEqual({ strategies: ['tpe'], seeds: 2, peers: false, progress: false, help: true });
  });
});

describe('the suite functions', () => {
  it('have the recorded optima, and the augmented versions equal them at full fidelity', () => {
    expect(branin(Math.PI, 2.275)).toBeCloseTo(0.397887, 6);
    expect(branin(-Math.PI, 12.275, 1)).toBeCloseTo(0.397887, 6);
    expect(hartmann6([0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573])).toBeCloseTo(-3.32237, 5);
    expect(rosenbrock([1, 1])).toBe(0);
    expect(mixedBraninOptimum()).toBeCloseTo(0.432336, 6);
  });

  it('are cheaper approximations below full fidelity (BoTorch augmented functions)', () => {
    expect(branin(1, 2, 0.5)).not.toBe(branin(1, 2));
    expect(hartmann6([0.2, 0.2, 0.5, 0.3, 0.3, 0.6], 0)).toBeGreaterThan(hartmann6([0.2, 0.2, 0.5, 0.3, 0.3, 0.6], 1));
  });
});

describe('budgetGrid', () => {
  it('is the largest grid of cell centres within the budget', () => {
    const grid = budgetGrid({ x: uniform(0, 1), y: uniform(0, 10) }, 50);
    expect(grid.length).toBe(49);
    expect(grid[0]!.x).toBeCloseTo(1 / 14, 12);
    expect(grid[0]!.y).toBeCloseTo(10 / 14, 12);
  });
});
