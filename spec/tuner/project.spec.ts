import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../../lib/core/errors.js';
import { Project } from '../../lib/tuner/project.js';
import { ProjectError, fromJson, toJson, writeAtomic } from '../../lib/tuner/project-files.js';
import { FunctionTuner, quadratic, score } from './_function-tuner.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tunekit-project-'));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const tuner = (options: ConstructorParameters<typeof FunctionTuner>[2] = {}, evaluate: ConstructorParameters<typeof FunctionTuner>[1] = score) =>
  new FunctionTuner(quadratic, evaluate, { directory: dir, projectName: 'p', maxTrials: 6, seed: 3, ...options });

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error');
}

describe('project files', () => {
  it('keeps NaN and Infinity through JSON', () => {
    expect(fromJson(toJson({ a: [NaN, Infinity, -Infinity, 1] }))).toEqual({ a: [NaN, Infinity, -Infinity, 1] });
  });

  it('writes atomically: no temporary file is left and the file is whole', async () => {
    await writeAtomic(join(dir, 'f.json'), '{"a":1}');
    expect(readdirSync(dir)).toEqual(['f.json']);
    expect(readFileSync(join(dir, 'f.json'), 'utf8')).toBe('{"a":1}');
  });
});

describe('a tuner project directory', () => {
  it('writes oracle.json at creation and each trial as it finishes', async () => {
    const t = tuner();
    expect(readdirSync(join(dir, 'p'))).toEqual(['oracle.json']);
    await t.search();
    const entries = readdirSync(join(dir, 'p')).sort();
    expect(entries).toEqual(['oracle.json', 'trial_0000', 'trial_0001', 'trial_0002', 'trial_0003', 'trial_0004', 'trial_0005']);
    const saved = fromJson(readFileSync(join(dir, 'p', 'trial_0002', 'trial.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ format: 'tunekit-tuner-trial', version: 1, id: 2, state: 'complete' });
    expect((saved.values as number[])[0]).toBe(t.oracle.trials[2]?.score);
    const oracle = fromJson(readFileSync(join(dir, 'p', 'oracle.json'), 'utf8')) as { tuner: string; oracle: { seed: number; hyperparameters: { name: string }[] } };
    expect(oracle.tuner).toBe('FunctionTuner');
    expect(oracle.oracle.seed).toBe(3);
    expect(oracle.oracle.hyperparameters.map((h) => h.name)).toEqual(['x', 'kind', 'shift']);
  });

  it('reloads: finished trials are kept, not run again, and the search goes on to maxTrials', async () => {
    const first = tuner({ maxTrials: 4 });
    await first.search();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const second = tuner({ maxTrials: 7, verbose: 1 });
    expect(log).toHaveBeenCalledWith(`Reloading Tuner from ${join(dir, 'p')}`);
    expect(second.oracle.trials.map((t) => t.record)).toEqual(first.oracle.trials.map((t) => t.record));
    await second.search();
    expect(second.calls).toBe(3);
    expect(second.oracle.trials.map((t) => t.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // the same seed, so the same trials as one uninterrupted search of 7
    const once = new FunctionTuner(quadratic, score, { directory: dir, projectName: 'q', maxTrials: 7, seed: 3 });
    await once.search();
    expect(second.oracle.trials.map((t) => t.hyperparameters.values)).toEqual(once.oracle.trials.map((t) => t.hyperparameters.values));
  });

  it('overwrite: true starts clean', async () => {
    await tuner({ maxTrials: 3 }).search();
    const fresh = tuner({ overwrite: true, maxTrials: 2 });
    expect(fresh.oracle.trials).toHaveLength(0);
    expect(readdirSync(join(dir, 'p'))).toEqual(['oracle.json']);
    await fresh.search();
    expect(fresh.calls).toBe(2);
  });

  it('runs a trial cut off mid-way again, and removes its leftovers and temporary files', async () => {
    await tuner({ maxTrials: 3 }).search();
    const path = join(dir, 'p');
    mkdirSync(join(path, 'trial_0003'));
    writeFileSync(join(path, 'trial_0003', 'checkpoint.weights.bin'), 'partial');
    writeFileSync(join(path, 'trial_0003', 'trial.json.tmp-999'), '{"half":');
    writeFileSync(join(path, 'oracle.json.tmp-999'), '{');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const again = tuner({ maxTrials: 5, verbose: 1 });
    expect(log).toHaveBeenCalledWith('Trial 0003 was cut off before it finished; it will run again.');
    expect(existsSync(join(path, 'trial_0003'))).toBe(false);
    expect(existsSync(join(path, 'oracle.json.tmp-999'))).toBe(false);
    await again.search();
    expect(again.oracle.trials.map((t) => t.id)).toEqual([0, 1, 2, 3, 4]);
    expect(again.calls).toBe(2);
  });

  it('does not write a trial stopped by the caller, so a resumed search runs it again', async () => {
    const controller = new AbortController();
    const t = tuner({ maxTrials: 4 }, async (v, _hp, ctx) => {
      if (ctx.trialId === 2) {
        controller.abort();
        throw new AbortError('stopped');
      }
      return score(v);
    });
    await t.search({ signal: controller.signal });
    expect(t.oracle.trials.map((x) => x.status)).toEqual(['complete', 'complete', 'failed']);
    expect(readdirSync(join(dir, 'p')).sort()).toEqual(['oracle.json', 'trial_0000', 'trial_0001']);
    const resumed = tuner({ maxTrials: 4 });
    await resumed.search();
    expect(resumed.oracle.trials.map((x) => x.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
  });
});

describe('a project directory that is not right', () => {
  it('refuses a corrupt trial file, naming it', async () => {
    await tuner({ maxTrials: 2 }).search();
    const file = join(dir, 'p', 'trial_0001', 'trial.json');
    writeFileSync(file, '{"format": "tunekit-tuner-trial", "version": 1, "id": 1, ');
    const error = errorOf(() => tuner());
    expect(error).toBeInstanceOf(ProjectError);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[/\\.]/g, '\\$&')} is not valid JSON \\(.+\\); it was changed outside the tuner, which writes its files whole\\. Restore the file, move the directory away, or pass overwrite: true to start ${join(dir, 'p').replace(/[/\\.]/g, '\\$&')} afresh\\.$`));
  });

  it('refuses a trial file that is not a trial record', async () => {
    await tuner({ maxTrials: 2 }).search();
    const file = join(dir, 'p', 'trial_0001', 'trial.json');
    writeFileSync(file, JSON.stringify({ format: 'tunekit-tuner-trial', version: 1, id: 7, state: 'complete' }));
    expect(() => tuner()).toThrow(`${file} is not a complete trial record: "id" must be 1 (its directory), got 7.`);
  });

  it('refuses foreign files and changes nothing, also with overwrite: true', async () => {
    await tuner({ maxTrials: 2 }).search();
    writeFileSync(join(dir, 'p', 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'p', 'trial_0000', 'model.h5'), 'mine');
    const message = `The tuner project ${join(dir, 'p')} holds files that are not part of a tunekit tuner project ("notes.txt", "trial_0000/model.h5"); nothing was changed. Move them away, or choose another directory or projectName`;
    expect(() => tuner()).toThrow(`${message}.`);
    expect(() => tuner({ overwrite: true })).toThrow(`${message} (overwrite: true only removes a project's own files).`);
    expect(readFileSync(join(dir, 'p', 'notes.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(join(dir, 'p', 'trial_0000')).sort()).toEqual(['model.h5', 'trial.json']);
  });

  it('refuses a directory of some other program', () => {
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'data.csv'), '1,2');
    expect(() => tuner()).toThrow(ProjectError);
  });

  it('refuses trial directories without oracle.json', async () => {
    await tuner({ maxTrials: 1 }).search();
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'p', 'oracle.json'));
    expect(() => tuner()).toThrow(`The tuner project ${join(dir, 'p')} has trial directories but no oracle.json, so its search cannot be resumed.`);
  });

  it('refuses a project of another tuner, objective or seed', async () => {
    await tuner({ maxTrials: 1 }).search();
    const path = join(dir, 'p');
    const fix = 'Choose another projectName, or pass overwrite: true to start afresh.';
    expect(() => tuner({ name: 'OtherTuner' })).toThrow(`${path} holds a FunctionTuner search; this tuner is a OtherTuner. ${fix}`);
    expect(() => tuner({ objective: { name: 'value', direction: 'max' } })).toThrow(
      `${path} was searched for Objective(name="value", direction="min"); this tuner's objective is Objective(name="value", direction="max"). ${fix}`,
    );
    expect(() => tuner({ seed: 4 })).toThrow(`${path} was searched with seed 3; this tuner has seed 4. ${fix}`);
    expect(tuner({ seed: undefined }).oracle.seed).toBe(3);
  });

  it('refuses a path that is a file', () => {
    writeFileSync(join(dir, 'p'), 'x');
    expect(() => tuner()).toThrow(`The tuner project ${join(dir, 'p')} exists and is not a directory. Choose another directory or projectName.`);
  });
});

describe('Project as a storage', () => {
  it('keeps trials in memory without a directory, and refuses to change a finished trial', async () => {
    const project = Project.open({});
    const t = await project.createTrial({ params: { a: 1 } });
    await project.finishTrial(t.id, { state: 'complete', values: [2] });
    expect(project.path).toBeUndefined();
    expect(Object.isFrozen(project.list()[0])).toBe(true);
    await expect(project.finishTrial(t.id, { state: 'failed', error: 'x' })).rejects.toThrow('Cannot mark the trial failed: trial 0 is already complete.');
  });
});

describe('a project as a study storage', () => {
  it('is a study record of its folder, with the tuner’s direction', () => {
    const project = Project.open({ directory: dir, projectName: 'p', direction: 'minimize' });
    expect(project.study).toMatchObject({ name: join(dir, 'p'), directions: ['minimize'] });
    expect(project.location).toBe(join(dir, 'p'));
    expect(Project.open({}).location).toBe('memory');
  });

  it('queues trials, gives each to one study worker, and re-queues the trial of a worker that left', async () => {
    const project = Project.open({});
    expect(await project.enqueueTrials([{ params: { x: 1 } }, { params: { x: 2 } }], { expectedCount: 1 })).toBeUndefined();
    expect((await project.enqueueTrials([{ params: { x: 1 } }, { params: { x: 2 } }], { expectedCount: 0 }))?.map((t) => t.state)).toEqual(['waiting', 'waiting']);
    await project.registerWorker({ id: 'w', host: 'elsewhere', pid: 1 });
    const claimed = await project.claimTrial('w');
    expect(claimed).toMatchObject({ id: 0, worker: 'w' });
    expect(claimed?.state).toBe('running');
    await project.setTrialAttrs(0, { note: 1 });
    await project.unregisterWorker('w');
    expect(await project.reapStaleTrials()).toEqual([{ trialId: 0, worker: 'w', action: 'requeued' }]);
    expect(project.list()[0]).toMatchObject({ state: 'waiting', attrs: { note: 1, requeued: 1 } });
    expect((await project.getWorkers())[0]?.exitedAt).toBeDefined();
  });

  it('does not keep a trial the study interrupted, so that a resumed search runs it again', async () => {
    const project = Project.open({ directory: dir, projectName: 'p' });
    await project.createTrial({ params: {} });
    await project.finishTrial(0, { state: 'failed', error: 'TrialInterrupted: stopped' });
    expect(existsSync(join(dir, 'p', 'trial_0000'))).toBe(false);
    expect(project.list()[0]?.state).toBe('failed');
  });
});
