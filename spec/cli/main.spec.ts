import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPORT_USAGE, USAGE, classifyResults, main } from '../../lib/cli/main.js';
import { STATUS_USAGE } from '../../lib/cli/status.js';
import { WORKER_USAGE } from '../../lib/cli/worker.js';
import { loadDiabetes } from '../../lib/datasets/shipped.js';
import { Ridge } from '../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../lib/model-selection/grid-search-cv.js';
import { externalResources } from '../../lib/report/html.js';
import { smallSuite } from '../report/_suite.js';

const dir = mkdtempSync(join(tmpdir(), 'tk-cli-'));

function io(): { out: string[]; err: string[]; io: { out: (t: string) => void; err: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

describe('tunekit', () => {
  it('prints the usage for help', async () => {
    const c = io();
    expect(await main(['help'], c.io)).toBe(0);
    expect(c.out).toEqual([USAGE]);
  });

  it('prints the usage and exits 2 without a command', async () => {
    const c = io();
    expect(await main([], c.io)).toBe(2);
    expect(c.out[0]).toContain('Usage: tunekit <command>');
  });

  it('prints the version of package.json for --version, from the source and through the installed command', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    const c = io();
    expect(await main(['--version'], c.io)).toBe(0);
    expect(c.out).toEqual([version]);
    expect(execFileSync(process.execPath, ['lib/cli/tunekit.mjs', '--version'], { encoding: 'utf8' })).toBe(`${version}\n`);
  });

  it('prints the usage for --help and -h, naming every command and --version', async () => {
    for (const flag of ['--help', '-h']) {
      const c = io();
      expect(await main([flag], c.io)).toBe(0);
      expect(c.out).toEqual([USAGE]);
    }
    for (const word of ['bench', 'report', 'worker', 'status', '--version', 'tunekit <command> --help']) expect(USAGE).toContain(word);
  });

  it("prints each command's help for <command> --help and for help <command>", async () => {
    const expected = { report: REPORT_USAGE, worker: WORKER_USAGE, status: STATUS_USAGE };
    for (const [command, usage] of Object.entries(expected)) {
      for (const args of [[command, '--help'], [command, '-h'], ['help', command]]) {
        const c = io();
        expect(await main(args, c.io), args.join(' ')).toBe(0);
        expect(c.out).toEqual([usage]);
        expect(usage.split('\n')[0]).toMatch(new RegExp(`^Usage: tunekit ${command} `));
      }
    }
    const bench = io();
    expect(await main(['help', 'bench'], bench.io)).toBe(0);
    expect(bench.out[0]).toMatch(/^Usage: tunekit bench \[--quick \| --full\] \[options\]\n/);
    const unknown = io();
    expect(await main(['help', 'frobnicate'], unknown.io)).toBe(2);
    expect(unknown.err[0]!.split('\n')[0]).toBe('Unknown command "frobnicate".');
  });

  it("lists every option of a command in its help (report's)", () => {
    for (const flag of ['--out FILE', '--title TEXT', '--markdown FILE', '--storage STORAGE', '--study NAME', '-h, --help']) expect(REPORT_USAGE).toContain(`  ${flag} `);
  });

  it('names an unknown option and the command it was given to, exits 2 and prints that command\'s help', async () => {
    const cases: [string[], string, string][] = [
      [['--frobnicate'], 'Unknown option "--frobnicate" of tunekit.', USAGE],
      [['report', 'x.json', '--frobnicate'], 'Unknown option "--frobnicate" of tunekit report.', REPORT_USAGE],
      [['worker', '--storage', 'x', '--frobnicate=1'], 'Unknown option "--frobnicate" of tunekit worker.', WORKER_USAGE],
      [['status', '-x'], 'Unknown option "-x" of tunekit status.', STATUS_USAGE],
      [['bench', '--fast'], 'Unknown option "--fast" of tunekit bench.', 'Usage: tunekit bench [--quick | --full] [options]'],
    ];
    for (const [args, message, usage] of cases) {
      const c = io();
      expect(await main(args, c.io), args.join(' ')).toBe(2);
      const [first, ...after] = c.err[0]!.split('\n');
      expect(first).toBe(message);
      expect(after.join('\n')).toContain(usage);
      expect(c.out).toEqual([]);
    }
  });

  it('exits 2 for an unknown option through the installed command, the message on stderr', () => {
    const run = spawnSync(process.execPath, ['lib/cli/tunekit.mjs', 'status', '--frobnicate'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe('Unknown option "--frobnicate" of tunekit status.');
  });

  it('names a missing value and a value given to a switch', async () => {
    const missing = io();
    expect(await main(['report', '--out'], missing.io)).toBe(2);
    expect(missing.err[0]!.split('\n')[0]).toBe('The option --out of tunekit report needs a value.');
    const valued = io();
    expect(await main(['status', '--storage', 's.jsonl', '--json=yes'], valued.io)).toBe(2);
    expect(valued.err[0]!.split('\n')[0]).toBe('The option --json of tunekit status takes no value. Got "--json=yes".');
  });

  it('names an unknown command', async () => {
    const c = io();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe('Unknown command "frobnicate".');
  });
});

describe('tunekit report', () => {
  it('writes the suite report of a results file next to it', async () => {
    const file = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(smallSuite()));
    const c = io();
    expect(await main(['report', file], c.io)).toBe(0);
    expect(c.out).toEqual([`report: ${join(dir, 'results.html')}`]);
    const html = readFileSync(join(dir, 'results.html'), 'utf8');
    expect(html).toContain('<h1>tunekit strategy benchmark</h1>');
    expect(html).toContain('Skipped hyperband on score: no fidelity');
    expect(externalResources(html)).toEqual([]);
  });

  it('reads a gzipped results file the same as the plain one', async () => {
    const sub = mkdtempSync(join(dir, 'gz-'));
    const text = JSON.stringify(smallSuite());
    writeFileSync(join(sub, 'plain.json'), text);
    writeFileSync(join(sub, 'packed.json.gz'), gzipSync(text));
    const c = io();
    expect(await main(['report', join(sub, 'plain.json')], c.io)).toBe(0);
    expect(await main(['report', join(sub, 'packed.json.gz')], c.io)).toBe(0);
    expect(c.out).toEqual([`report: ${join(sub, 'plain.html')}`, `report: ${join(sub, 'packed.html')}`]);
    // vega numbers its gradients and clip paths per process; everything else must match
    const strip = (html: string) => html.replace(/\b(gradient_|clip)\d+/g, '$1N');
    expect(strip(readFileSync(join(sub, 'packed.html'), 'utf8'))).toBe(strip(readFileSync(join(sub, 'plain.html'), 'utf8')));
  });

  it('also writes the plots and a Markdown page embedding them with --markdown', async () => {
    const sub = mkdtempSync(join(dir, 'md-'));
    const file = join(sub, 'results.json');
    writeFileSync(file, JSON.stringify(smallSuite()));
    const c = io();
    expect(await main(['report', file, '--markdown', join(sub, 'suite.md')], c.io)).toBe(0);
    const md = readFileSync(join(sub, 'suite.md'), 'utf8');
    expect(md).toContain('![F: best so far vs evaluations](plots/f-cost.svg)');
    expect(readFileSync(join(sub, 'plots', 'f-cost.svg'), 'utf8').startsWith('<svg')).toBe(true);
  });

  it('writes the search report of search.toJSON() output, with --out and --title', async () => {
    const { data, target } = await loadDiabetes();
    const grid = await new GridSearchCV(new Ridge(), { alpha: [0.01, 0.1, 1, 10, 100] }, { cv: 3 }).fit(data, target);
    const file = join(dir, 'cv.json');
    writeFileSync(file, grid.toJSON());
    const c = io();
    expect(await main(['report', file, '--out', join(dir, 'grid.html'), '--title', 'Ridge grid'], c.io)).toBe(0);
    expect(readFileSync(join(dir, 'grid.html'), 'utf8')).toContain('<h1>Search report: Ridge grid</h1>');
  });

  it('writes the search report of a study read from a storage (--storage, --study)', async () => {
    const { data, target } = await loadDiabetes();
    const journal = join(mkdtempSync(join(dir, 'st-')), 'ridge.jsonl');
    const alphas = [0.01, 0.1, 1, 10, 100];
    const grid = await new GridSearchCV(new Ridge(), { alpha: alphas }, { cv: 3, storage: journal, studyName: 'ridge' }).fit(data, target);
    const c = io();
    const out = join(dir, 'ridge-study.html');
    expect(await main(['report', '--storage', journal, '--study', 'ridge', '--out', out], c.io)).toBe(0);
    expect(c.out).toEqual([`report: ${out}`]);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Study &quot;ridge&quot;');
    // the best trial the page names is the search's best candidate
    const best = grid.bestIndex as number;
    expect(html).toContain(`Best: trial #${best}, value `);
    expect(html).toContain(`with alpha = ${JSON.stringify(alphas[best])}.`);
    expect(externalResources(html)).toEqual([]);

    const missing = io();
    expect(await main(['report', '--storage', journal, '--study', 'nope'], missing.io)).toBe(1);
    expect(missing.err[0]).toMatch(/^tunekit report: StudyNotFoundError: .*"nope".*"ridge"/);
    const none = io();
    expect(await main(['report', '--storage', join(dir, 'absent.jsonl'), '--study', 'ridge'], none.io)).toBe(2);
    expect(none.err[0]!.split('\n')[0]).toBe(`No journal file at "${join(dir, 'absent.jsonl')}".`);
  });

  it('needs a file', async () => {
    const c = io();
    expect(await main(['report'], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe('tunekit report needs a results file: tunekit report <file.json> (or --storage S --study N).');
  });

  it('says which files it reads when given another JSON', async () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, '{"a": 1}');
    const c = io();
    expect(await main(['report', file], c.io)).toBe(2);
    expect(c.err[0]!.split('\n')[0]).toBe(
      'The file is not a tunekit results file. Expected suite results (tunekit bench), the JSON of search.toJSON() (with "params" and "mean_test_<metric>"), a search record, or { "direction", "trials" }.',
    );
  });

  it('reports a file it cannot read', async () => {
    const c = io();
    expect(await main(['report', join(dir, 'missing.json')], c.io)).toBe(2);
    expect(c.err[0]).toMatch(/^Cannot read ".*missing\.json": ENOENT/);
  });
});

describe('classifyResults', () => {
  it('reads a study dump', () => {
    const text = JSON.stringify({ direction: 'minimize', trials: [{ id: 0, state: 'complete', values: [1], params: { x: 1 }, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0, finishedAt: 1000 }] });
    const r = classifyResults(text);
    expect(r.kind).toBe('search');
    if (r.kind === 'search') expect(r.record.trials[0]).toMatchObject({ number: 0, value: 1, seconds: 1 });
  });

  it('refuses text that is not JSON', () => {
    expect(() => classifyResults('nope')).toThrow(/^The file is not JSON: /);
  });
});
