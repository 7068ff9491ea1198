import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../../lib/core/errors.js';
import { StorageError } from '../../../lib/search/storage/errors.js';
import { POSTGRES_SCHEMA_VERSION } from '../../../lib/search/storage/postgres-schema.js';
import { openStorage } from '../../../lib/search/storage/open-storage.js';
import { PostgresStorage } from '../../../lib/search/storage/postgres-storage.js';
import { checkStorage } from '../../contracts/storage.contract.js';
import { PG_URL, describePostgres, dropSchema, testSchema } from '../../contracts/postgres-server.js';

const schema = testSchema('contract');
const shown = (url: string) => {
  const u = new URL(url);
  u.password = '';
  return u.href;
};

describePostgres('PostgresStorage on a server', () => {
  checkStorage('PostgresStorage', {
    open: () => new PostgresStorage(PG_URL as string, { schema }),
    location: () => `${shown(PG_URL as string)} (schema "${schema}")`,
    cleanup: () => dropSchema(schema),
  });

  const other = testSchema('version');
  afterAll(() => dropSchema(other));

  it('creates its tables at the current schema version', async () => {
    const s = new PostgresStorage(PG_URL as string, { schema: other });
    await s.getStudies();
    await s.close();
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT version FROM "${other}".tunekit_version`);
    expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
    await client.query(`UPDATE "${other}".tunekit_version SET version = 99`);
    await client.end();
    const newer = new PostgresStorage(PG_URL as string, { schema: other });
    await expect(newer.getStudies()).rejects.toThrow(
      new StorageError(
        `The tunekit tables in ${shown(PG_URL as string)} (schema "${other}") are at version 99, newer than this tunekit knows (1): a newer tunekit created or migrated them. Upgrade tunekit on this machine.`,
        { argument: 'url', value: shown(PG_URL as string), expected: 'tunekit tables of schema version 1 or older' },
      ),
    );
    await newer.close();
  });

  it('reads the schema from the URL', async () => {
    const url = new URL(PG_URL as string);
    url.searchParams.set('schema', other);
    const s = new PostgresStorage(url.href);
    expect(s.location).toBe(`${shown(PG_URL as string)} (schema "${other}")`);
    await s.close();
  });
});

describe('PostgresStorage without a server', () => {
  it('refuses a malformed URL at once', () => {
    const attempt = () => new PostgresStorage('postgres//localhost/db');
    expect(attempt).toThrow(InvalidParameterError);
    expect(attempt).toThrow(
      'The "url" argument of PostgresStorage must be a PostgreSQL URL such as postgresql://user:password@host:5432/database. Got "postgres//localhost/db" instead.',
    );
    expect(attempt).toThrow(expect.objectContaining({ owner: 'PostgresStorage', argument: 'url', value: 'postgres//localhost/db', expected: 'a PostgreSQL URL such as postgresql://user:password@host:5432/database' }));
    expect(() => new PostgresStorage('mysql://db/x')).toThrow(/^The "url" argument of PostgresStorage must be a PostgreSQL URL/);
    expect(() => new PostgresStorage('postgresql://')).toThrow(/^The "url" argument of PostgresStorage must be a PostgreSQL URL/);
  });

  it('refuses a mistyped URL given as a storage string, instead of taking it for a journal path', () => {
    expect(() => openStorage('postgres//localhost/db')).toThrow(
      'The "url" argument of PostgresStorage must be a PostgreSQL URL such as postgresql://user:password@host:5432/database. Got "postgres//localhost/db" instead.',
    );
    expect(() => openStorage('mysql://db/x')).toThrow(
      'The "storage" argument of openStorage must be a journal path or a postgresql:// URL. Got "mysql://db/x" instead. Only PostgreSQL servers and journal files are supported.',
    );
  });

  // the test's timeout is the guard against a hang: the error must come back, not be waited for
  it('names the host when nothing listens there', { timeout: 10_000 }, async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const s = new PostgresStorage(`postgresql://tunekit:secret@127.0.0.1:${port}/tuning`, { connectTimeout: 2 });
    const err = await s.getStudies().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ argument: 'url', value: `postgresql://tunekit@127.0.0.1:${port}/tuning`, expected: 'the URL of a PostgreSQL server that accepts connections' });
    expect((err as Error).message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port} (database "tuning"): connect ECONNREFUSED 127.0.0.1:${port}. Check that the server runs and accepts connections from this machine, and the URL.`,
    );
    expect(s.location).toBe(`postgresql://tunekit@127.0.0.1:${port}/tuning`);
  });

  it('gives up after connectTimeout on a server that does not answer', { timeout: 10_000 }, async () => {
    // a listening socket that never speaks the protocol: the connection hangs until the timeout
    const silent = createServer(() => undefined);
    const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)));
    const s = new PostgresStorage(`postgresql://u@127.0.0.1:${port}/db`, { connectTimeout: 0.5 });
    await expect(s.getStudies()).rejects.toThrow(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port} (database "db"): no answer within 0.5 s. Check that the server runs and accepts connections from this machine, and the URL.`,
    );
    // a second use tries again (the failed connection is not kept) and fails the same way
    await expect(s.loadStudy('x')).rejects.toBeInstanceOf(StorageError);
    silent.close();
  });
});
