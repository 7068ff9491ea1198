/**
 * Tuners whose trials live in a study storage (`storage` + `studyName`): a
 * search stopped part-way and run again resumes — finished trials kept, the
 * trial cut off mid-way run again — and ends with the trials of an
 * uninterrupted search; the seed and the (growing) search space come back from
 * the study.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { DuplicatedStudyError, StudyMismatchError } from '../../lib/search/storage/errors.js';
import { JournalStorage } from '../../lib/search/storage/journal-storage.js';
import type { StorageBackend } from '../../lib/search/storage/storage.js';
import type { HyperParameters } from '../../lib/tuner/hyperparameters.js';
import type { SklearnTunerOptions } from '../../lib/tuner/sklearn-tuner.js';
import { SklearnTuner } from '../../lib/tuner/sklearn-tuner.js';
import { CountingLine, fitHooks, fitLog, lineData } from '../distributed/fixtures/journal-estimator.js';

const { X, y } = lineData(60);
const MAX_TRIALS = 8;

/** The space grows during the search: `offset` is first asked for by a trial with a steep slope. */
function build(hp: HyperParameters): CountingLine {
  const slope = hp.float('slope', { min: 0, max: 4 });
  const shrink = hp.boolean('shrink');
  const shrinkage = hp.conditionalScope('shrink', [true], () => hp.float('shrinkage', { min: 0, max: 1 })) ?? 0;
  if (slope > 2) hp.int('offset', { min: 0, max: 3 });
  return new CountingLine({ slope, shrinkage: shrink ? shrinkage : 0 });
}

const opened: StorageBackend[] = [];
afterEach(async () => {
  fitHooks.abortAtFit = undefined;
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

function journal(): JournalStorage {
  const storage = new JournalStorage(join(mkdtempSync(join(tmpdir(), 'tunekit-tuner-storage-')), 'tuner.jsonl'), { fsync: false });
  opened.push(storage);
  return storage;
}

const tuner = (options: SklearnTunerOptions = {}) => new SklearnTuner(build, { maxTrials: MAX_TRIALS, seed: 3, cv: 3, verbose: 0, ...options });
const results = (t: SklearnTuner) => t.oracle.trials.map((trial) => ({ id: trial.id, status: trial.status, values: trial.hyperparameters.values, score: trial.score }));

/** Searches, counting the fits. */
async function search(t: SklearnTuner, options: { signal?: AbortSignal } = {}): Promise<number> {
  const before = fitLog.length;
  await t.search(X, y, options);
  return fitLog.length - before;
}

describe('a tuner with a storage', () => {
  it('resumes a search stopped mid-trial: finished trials kept, the cut-off trial run again, the uninterrupted trials at the end', async () => {
    const straight = tuner();
    expect(await search(straight)).toBe(MAX_TRIALS * 3);
    // the space grew during the search
    expect(straight.oracle.trials.some((t) => 'offset' in t.hyperparameters.values)).toBe(true);

    const storage = journal();
    const controller = new AbortController();
    fitHooks.abortAtFit = { fit: fitLog.length + 3 * 3 + 2, controller, throws: true }; // the second split of trial 3
    const first = tuner({ storage, studyName: 'sk' });
    expect(await search(first, { signal: controller.signal })).toBeGreaterThanOrEqual(3 * 3 + 2);
    expect(first.oracle.trials.map((t) => t.status)).toEqual(['complete', 'complete', 'complete', 'running']);

    const resumed = tuner({ storage, studyName: 'sk' });
    expect(await search(resumed)).toBe((MAX_TRIALS - 3) * 3);
    expect(results(resumed)).toEqual(results(straight));
    expect(resumed.oracle.hyperparameters.space.map((h) => h.name)).toEqual(straight.oracle.hyperparameters.space.map((h) => h.name));

    // a finished study: no trial runs
    const again = tuner({ storage, studyName: 'sk' });
    expect(await search(again)).toBe(0);
    expect(results(again)).toEqual(results(straight));
    expect(again.getBestHyperparameters()[0]?.values).toEqual(straight.getBestHyperparameters()[0]?.values);
  });

  it('keeps the seed in the study: a tuner without a seed resumes with the study’s', async () => {
    const storage = journal();
    const controller = new AbortController();
    fitHooks.abortAtFit = { fit: fitLog.length + 2 * 3 + 1, controller, throws: true };
    await search(tuner({ seed: undefined, storage, studyName: 'fresh' }), { signal: controller.signal });
    const seed = (await storage.loadStudy('fresh')).study.settings.seed as number;
    const resumed = tuner({ seed: undefined, storage, studyName: 'fresh' });
    await search(resumed);
    expect(resumed.oracle.seed).toBe(seed);
    const straight = tuner({ seed });
    await search(straight);
    expect(results(resumed)).toEqual(results(straight));
  });

  it('keeps checkpoints only in the directory, and trials in the storage', async () => {
    const storage = journal();
    const directory = mkdtempSync(join(tmpdir(), 'tunekit-tuner-storage-dir-'));
    await search(tuner({ storage, studyName: 'dir', directory, projectName: 'p', maxTrials: 2 }));
    expect(readdirSync(join(directory, 'p'))).toEqual([]);
    expect((await (await storage.loadStudy('dir')).getTrials()).map((t) => t.state)).toEqual(['complete', 'complete']);
  });

  it('refuses a study of another objective or seed, and an existing study with loadIfExists: false', async () => {
    const storage = journal();
    await search(tuner({ storage, studyName: 'sk', maxTrials: 1 }));
    const objective = await tuner({ storage, studyName: 'sk', objective: { name: 'r2', direction: 'max' }, scoring: ['r2'] }).search(X, y).catch((e: unknown) => e);
    expect(objective).toBeInstanceOf(StudyMismatchError);
    expect((objective as StudyMismatchError).parts).toEqual(['objective']);
    const seed = await tuner({ storage, studyName: 'sk', seed: 4 }).search(X, y).catch((e: unknown) => e);
    expect(seed).toBeInstanceOf(StudyMismatchError);
    expect((seed as Error).message).toMatch(/^The study "sk" in .*tuner\.jsonl was searched with seed 3; this tuner has seed 4\./);
    const duplicated = await tuner({ storage, studyName: 'sk', loadIfExists: false }).search(X, y).catch((e: unknown) => e);
    expect(duplicated).toBeInstanceOf(DuplicatedStudyError);
  });

  it('checks the storage options at construction', () => {
    expect(() => tuner({ studyName: 'x' })).toThrow('The "storage" and "studyName" options of SklearnTuner go together: a study is found by its name in a storage. Got storage undefined and studyName "x".');
    expect(() => tuner({ storage: 5 as never, studyName: 'x' })).toThrow(InvalidParameterError);
    expect(() => tuner({ storage: journal(), studyName: 'x', overwrite: true })).toThrow(
      'The "overwrite" option of SklearnTuner cannot start a study in a storage afresh: a storage never deletes a study. Choose a new studyName instead. Got overwrite true with studyName "x".',
    );
    expect(() => tuner({ storage: journal(), studyName: 'x', loadIfExists: 1 as never })).toThrow(/"loadIfExists"/);
  });
});
