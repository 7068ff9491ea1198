/**
 * Study records and the errors of opening a study: a record from a spec, the
 * check that an existing study may be resumed with a spec, and the error for a
 * study that is not there. Shared by every storage.
 */
import { DuplicatedStudyError, StudyMismatchError, StudyNotFoundError } from './errors.js';
import type { StudyRecord, StudySpec } from './storage.js';

/** A study record from a spec, with the defaults filled in. */
export function studyRecordOf(spec: StudySpec, createdAt: number): StudyRecord {
  return Object.freeze({
    name: spec.name,
    directions: Object.freeze([...(spec.directions ?? ['maximize'])]),
    fingerprint: Object.freeze({ ...(spec.fingerprint ?? {}) }),
    settings: Object.freeze({ ...(spec.settings ?? {}) }),
    createdAt,
  });
}

function shorten(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Checks that an existing study can be resumed with a spec: same directions and,
 * unless `ignoreMismatch`, the same fingerprint parts.
 *
 * @throws {DuplicatedStudyError} without `loadIfExists`; {@link StudyMismatchError} naming the parts that differ.
 */
export function checkResume(existing: StudyRecord, spec: StudySpec, location: string, options: { loadIfExists?: boolean | undefined; ignoreMismatch?: boolean | undefined }): void {
  if (options.loadIfExists !== true) {
    throw new DuplicatedStudyError(`A study named "${spec.name}" already exists in ${location}. Pass loadIfExists: true to resume it, or choose another study name.`, {
      argument: 'studyName',
      value: spec.name,
      expected: `a name not yet used in ${location} (or loadIfExists: true)`,
    });
  }
  if (options.ignoreMismatch === true) return;
  const wanted = spec.fingerprint ?? {};
  const parts: string[] = [];
  const lines: string[] = [];
  const directions = spec.directions ?? ['maximize'];
  if (directions.join() !== existing.directions.join()) {
    parts.push('directions');
    lines.push(`directions: ${existing.directions.join(', ')} in the study, ${directions.join(', ')} now`);
  }
  for (const key of [...new Set([...Object.keys(existing.fingerprint), ...Object.keys(wanted)])].sort()) {
    const was = existing.fingerprint[key];
    const now = wanted[key];
    if (was === now) continue;
    parts.push(key);
    lines.push(`${key}: ${was === undefined ? '(none)' : shorten(was)} in the study, ${now === undefined ? '(none)' : shorten(now)} now`);
  }
  if (parts.length === 0) return;
  throw new StudyMismatchError(
    `The study "${spec.name}" in ${location} was created with a different ${parts.join(', ')}:\n  ${lines.join('\n  ')}\n` +
      'Resume it with the same search, choose another study name, or pass ignoreMismatch: true to resume it anyway.',
    parts,
    { argument: 'studyName', value: spec.name, expected: `a study created with the same ${parts.join(', ')}` },
  );
}

/** The error for a study that does not exist, listing the ones that do. */
export function studyNotFound(name: string, location: string, names: readonly string[]): StudyNotFoundError {
  const there = names.length === 0 ? 'It holds no studies yet' : `It holds ${names.map((n) => `"${n}"`).join(', ')}`;
  return new StudyNotFoundError(`No study named "${name}" in ${location}. ${there}. Create it first (run the search script), or check the study name.`, {
    argument: 'studyName',
    value: name,
    expected: names.length === 0 ? `a study created in ${location} first` : `one of ${names.map((n) => `"${n}"`).join(', ')}`,
  });
}
