/**
 * The study session: a study opened once with its seed (a local memory study,
 * or the named study of a storage, created, resumed or joined), and the one
 * storage-options type of searches and tuners.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import { GridSampler } from '../../lib/search/samplers/list-sampler.js';
import { DuplicatedStudyError, StudyMismatchError, StudyNotFoundError } from '../../lib/search/storage/errors.js';
import { JournalStorage } from '../../lib/search/storage/journal-storage.js';
import { MemoryStorage } from '../../lib/search/storage/memory-storage.js';
import { StudySession, checkStudyStorageOptions } from '../../lib/search/study-session.js';

const spec = (name: string, fingerprint = 'a') => (seed: number) => ({ name, fingerprint: { space: fingerprint }, settings: { seed } });

describe('StudySession', () => {
  it('is local without a storage: a memory study of its own, not shared, with the given seed', async () => {
    const session = StudySession.local(undefined, 42);
    expect(session).toMatchObject({ seed: 42, shared: false, resumed: false });
    const study = session.study({ sampler: new GridSampler({ x: [1, 2] }) });
    await study.optimize(async (p) => p.x as number);
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'complete']);
    expect(study.shared).toBe(false);
    expect(study.interruptedTrials).toBe('fail');
    await session.close();
  });

  it('creates a named study with the seed it is given, then resumes it with the stored seed', async () => {
    const storage = new MemoryStorage();
    const created = await StudySession.open('Spec', { storage, studyName: 's' }, { mode: 'create', seed: 7, spec: spec('s') });
    expect(created).toMatchObject({ seed: 7, shared: true, resumed: false });
    expect(created.study({ sampler: new GridSampler({ x: [1] }) })).toMatchObject({ shared: true, interruptedTrials: 'requeue' });
    const resumed = await StudySession.open('Spec', { storage, studyName: 's' }, { mode: 'create', seed: 99, spec: spec('s') });
    expect(resumed).toMatchObject({ seed: 7, resumed: true });
    expect(resumed.storage.study.name).toBe('s');
  });

  it('draws a fresh seed for a new study when none is given, and tells the spec whether the study is new', async () => {
    const storage = new MemoryStorage();
    const seen: boolean[] = [];
    const a = await StudySession.open('Spec', { storage, studyName: 'fresh' }, { mode: 'create', spec: (seed, isNew) => (seen.push(isNew), spec('fresh')(seed)) });
    const b = await StudySession.open('Spec', { storage, studyName: 'fresh' }, { mode: 'create', spec: (seed, isNew) => (seen.push(isNew), spec('fresh')(seed)) });
    expect(typeof a.seed).toBe('number');
    expect(b.seed).toBe(a.seed);
    expect(seen).toEqual([true, false]);
  });

  it('refuses what the storage refuses: a duplicate without loadIfExists, a different fingerprint, a missing study to join', async () => {
    const storage = new MemoryStorage();
    await StudySession.open('Spec', { storage, studyName: 's' }, { mode: 'create', spec: spec('s') });
    await expect(StudySession.open('Spec', { storage, studyName: 's', loadIfExists: false }, { mode: 'create', spec: spec('s') })).rejects.toBeInstanceOf(DuplicatedStudyError);
    await expect(StudySession.open('Spec', { storage, studyName: 's' }, { mode: 'join', spec: spec('s', 'b') })).rejects.toBeInstanceOf(StudyMismatchError);
    expect((await StudySession.open('Spec', { storage, studyName: 's', ignoreMismatch: true }, { mode: 'join', spec: spec('s', 'b') })).resumed).toBe(true);
    await expect(StudySession.open('Spec', { storage, studyName: 'nope' }, { mode: 'join', spec: spec('nope') })).rejects.toBeInstanceOf(StudyNotFoundError);
  });

  it('opens a storage given as a path, and closes it with the session', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tunekit-session-')), 'study.jsonl');
    const session = await StudySession.open('Spec', { storage: path, studyName: 'j' }, { mode: 'create', seed: 3, spec: spec('j') });
    expect(session.storage.location).toBe(path);
    await session.close();
    const reopened = new JournalStorage(path);
    expect((await reopened.loadStudy('j')).study.settings.seed).toBe(3);
    await reopened.close();
  });
});

describe('checkStudyStorageOptions', () => {
  it('needs storage and studyName together, and checks their types', () => {
    expect(() => checkStudyStorageOptions('Spec', { studyName: 's' })).toThrow(
      'The "storage" and "studyName" options of Spec go together: a study is found by its name in a storage. Got storage undefined and studyName "s".',
    );
    expect(() => checkStudyStorageOptions('Spec', { storage: 3 as never, studyName: 's' })).toThrow(InvalidParameterError);
    expect(() => checkStudyStorageOptions('Spec', { storage: new MemoryStorage(), studyName: 's', ignoreMismatch: 'yes' as never })).toThrow(/"ignoreMismatch" option of Spec must be/);
    expect(() => checkStudyStorageOptions('Spec', {})).not.toThrow();
  });
});
