import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ridge } from '../../../lib/estimators/linear/ridge.js';
import { GridSearchCV } from '../../../lib/model-selection/grid-search-cv.js';
import { StorageError, StudyMismatchError, StudyNotFoundError } from '../../../lib/search/storage/errors.js';
import { JournalStorage } from '../../../lib/search/storage/journal-storage.js';
import { checkStorage } from '../../contracts/storage.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tunekit-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const contractPath = join(dir, 'contract.jsonl');
checkStorage('JournalStorage', {
  open: () => new JournalStorage(contractPath, { fsync: false }),
  location: () => contractPath,
});

describe('JournalStorage', () => {
  it('writes one JSON record a line, starting with a format header', async () => {
    const path = join(dir, 'lines.jsonl');
    const s = new JournalStorage(path);
    const st = await s.createStudy({ name: 'a' });
    await st.createTrial({ params: { x: 1 } });
    await s.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.op)).toEqual(['journal', 'study', 'create']);
    expect(lines[0]).toMatchObject({ format: 'tunekit-journal', version: 1 });
    expect(lines[2]).toMatchObject({ study: 'a', trial: { params: { x: 1 } } });
  });

  it('replays a journal on open, tolerating a torn last line', async () => {
    const path = join(dir, 'torn.jsonl');
    const s = new JournalStorage(path);
    const st = await s.createStudy({ name: 'a' });
    await st.createTrial({ params: { x: 1 } });
    await st.finishTrial(0, { state: 'complete', values: [0.5] });
    await s.close();
    appendFileSync(path, '{"op":"create","rid":"torn","t":1,"study":"a","trial":{"par');
    const again = new JournalStorage(path);
    const st2 = await again.loadStudy('a');
    expect((await st2.getTrials()).map((t) => t.state)).toEqual(['complete']);
    // a record appended after the torn line is still read
    await st2.createTrial({ params: { x: 2 } });
    const third = await new JournalStorage(path).loadStudy('a');
    expect((await third.getTrials()).map((t) => t.params)).toEqual([{ x: 1 }, { x: 2 }]);
    await again.close();
  });

  it('refuses a file that is not a tunekit journal', async () => {
    const path = join(dir, 'foreign.jsonl');
    writeFileSync(path, '{"name":"something else"}\n');
    await expect(new JournalStorage(path).getStudies()).rejects.toThrow(
      new StorageError(
        `${path} is not a tunekit journal: its first line is not a "tunekit-journal" header (it starts "{\\"name\\":\\"something else\\"}"). Give JournalStorage the path of a new file or of a journal tunekit wrote.`,
        { argument: 'path', value: path, expected: 'a new file or a tunekit journal' },
      ),
    );
  });

  it('refuses a journal of a newer format', async () => {
    const path = join(dir, 'newer.jsonl');
    writeFileSync(path, '{"op":"journal","format":"tunekit-journal","version":2,"rid":"x","t":0}\n');
    await expect(new JournalStorage(path).getStudies()).rejects.toThrow(
      new StorageError(`${path} is a tunekit journal of format version 2, newer than this tunekit reads (1). Upgrade tunekit on this machine.`, {
        argument: 'path',
        value: path,
        expected: 'a journal of format version 1 or older',
      }),
    );
  });

  it('names the studies a journal holds when asked for another', async () => {
    const path = join(dir, 'other-study.jsonl');
    const s = new JournalStorage(path);
    await s.createStudy({ name: 'ridge' });
    await expect(new JournalStorage(path).loadStudy('svc')).rejects.toThrow(
      new StudyNotFoundError(`No study named "svc" in ${path}. It holds "ridge". Create it first (run the search script), or check the study name.`, {
        argument: 'studyName',
        value: 'svc',
        expected: 'one of "ridge"',
      }),
    );
    await s.close();
  });

  it('refuses to resume a study that another search wrote to the journal, naming what differs', async () => {
    const path = join(dir, 'other-search.jsonl');
    const X = Array.from({ length: 12 }, (_, i) => [i, i % 3]);
    const y = X.map(([a, b]) => 2 * a! - b!);
    await new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 3, storage: path, studyName: 'ridge' }).fit(X, y);
    const other = new GridSearchCV(new Ridge(), { alpha: [0.1, 1] }, { cv: 3, storage: path, studyName: 'ridge' });
    const attempt = other.fit(X, y.map((v) => v + 1));
    await expect(attempt).rejects.toBeInstanceOf(StudyMismatchError);
    await expect(attempt).rejects.toMatchObject({ parts: ['data'], argument: 'studyName', value: 'ridge', expected: 'a study created with the same data' });
    await expect(attempt).rejects.toThrow(new RegExp(`^The study "ridge" in ${path.replace(/[.]/g, '\\.')} was created with a different data:\n {2}data: sha256:[0-9a-f]{16} in the study, sha256:[0-9a-f]{16} now\n`));
  });

  it('says why it cannot open a journal in a folder that is not there', async () => {
    const path = join(dir, 'no-such-folder', 'x.jsonl');
    await expect(new JournalStorage(path).getStudies()).rejects.toMatchObject({
      name: 'StorageError',
      message: expect.stringMatching(new RegExp(`^Cannot open the journal ${path.replace(/[.]/g, '\\.')}: ENOENT`)),
      argument: 'path',
      value: path,
      expected: 'a file this process can read and append to (its folder must exist)',
    });
  });

  it('says where a damaged line is', async () => {
    const path = join(dir, 'damaged.jsonl');
    const s = new JournalStorage(path);
    await s.createStudy({ name: 'a' });
    await s.close();
    appendFileSync(path, 'garbage\n');
    await expect(new JournalStorage(path).getStudies()).rejects.toThrow(`The journal ${path} is damaged at line 3: "garbage" is not a journal record.`);
  });
});
