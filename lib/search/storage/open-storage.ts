/**
 * A storage from a string: a `postgres://` or `postgresql://` URL opens a
 * {@link PostgresStorage}, anything else is the path of a {@link JournalStorage}
 * file. What `--storage` of `tunekit worker` and the `storage` option of the
 * searches accept.
 */
import { checkParam, invalidParameter, satisfies } from '../../core/validate.js';
import type { JournalStorageOptions } from './journal-storage.js';
import { JournalStorage } from './journal-storage.js';
import type { PostgresStorageOptions } from './postgres-storage.js';
import { PostgresStorage } from './postgres-storage.js';
import type { StorageBackend } from './storage.js';

/**
 * Opens the storage a string names.
 * @example
 * ```ts
 * openStorage('search.jsonl'); // a JournalStorage
 * openStorage('postgresql://tunekit@db:5432/tuning'); // a PostgresStorage
 * openStorage('mysql://db/tuning'); // InvalidParameterError: only journals and PostgreSQL
 * ```
 */
export function openStorage(spec: string, options: JournalStorageOptions & PostgresStorageOptions = {}): StorageBackend {
  checkParam('openStorage', 'storage', spec, satisfies('a journal path or a postgresql:// URL', (v) => typeof v === 'string' && v.length > 0), { kind: 'argument' });
  // "postgres//host/db" or "postgresql:/host" are mistyped URLs, not file names: PostgresStorage says so
  if (/^postgres(ql)?(:|\/\/)/i.test(spec)) {
    const { fsync: _fsync, ...pg } = options;
    return new PostgresStorage(spec, pg);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw invalidParameter('openStorage', 'storage', 'a journal path or a postgresql:// URL', spec, {
      kind: 'argument',
      hint: 'Only PostgreSQL servers and journal files are supported.',
    });
  }
  const { schema: _schema, connectTimeout: _timeout, poolSize: _pool, reconnectTimeout: _reconnect, ...journal } = options;
  return new JournalStorage(spec, journal);
}
