/**
 * The PostgreSQL schema of tunekit, versioned. `migrate` runs once per
 * connection pool, under an advisory lock (so two workers starting together do
 * not both create the tables): it creates the tables of a new database, brings
 * an older schema up to date step by step, and refuses a schema newer than this
 * version of tunekit knows.
 */
import type { Pool, PoolClient } from 'pg';
import { StorageError } from './errors.js';

/** The schema version this tunekit creates and reads. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** A key for `pg_advisory_xact_lock` (the bytes of "tunekit" as an int). */
const LOCK_KEY = 0x74756e65;

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The table names of a schema. */
export interface Tables {
  readonly version: string;
  readonly studies: string;
  readonly trials: string;
  readonly attrs: string;
  readonly values: string;
  readonly workers: string;
}

/** The qualified table names in `schema`. */
export function tablesOf(schema: string): Tables {
  const q = (t: string) => `${ident(schema)}.${ident(t)}`;
  return {
    version: q('tunekit_version'),
    studies: q('tunekit_studies'),
    trials: q('tunekit_trials'),
    attrs: q('tunekit_trial_attrs'),
    values: q('tunekit_trial_values'),
    workers: q('tunekit_workers'),
  };
}

/** The statements that bring the schema from version `i` to `i + 1`. */
function migrations(t: Tables, schema: string): readonly (readonly string[])[] {
  const index = (name: string) => ident(`${name}`);
  return [
    [
      `CREATE TABLE ${t.studies} (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        directions json NOT NULL,
        fingerprint json NOT NULL,
        settings json NOT NULL,
        n_trials integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE ${t.trials} (
        id bigserial PRIMARY KEY,
        study_id integer NOT NULL REFERENCES ${t.studies} (id) ON DELETE CASCADE,
        number integer NOT NULL,
        state text NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed')),
        params json NOT NULL,
        budget double precision,
        meta json NOT NULL,
        "values" json,
        error text,
        worker text,
        claim text,
        requeues integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (study_id, number)
      )`,
      `CREATE INDEX ${index('tunekit_trials_waiting')} ON ${t.trials} (study_id, number) WHERE state = 'waiting'`,
      `CREATE INDEX ${index('tunekit_trials_running')} ON ${t.trials} (study_id) WHERE state = 'running'`,
      `CREATE TABLE ${t.attrs} (
        trial_id bigint NOT NULL REFERENCES ${t.trials} (id) ON DELETE CASCADE,
        key text NOT NULL,
        value json NOT NULL,
        ord bigserial,
        PRIMARY KEY (trial_id, key)
      )`,
      `CREATE TABLE ${t.values} (
        trial_id bigint NOT NULL REFERENCES ${t.trials} (id) ON DELETE CASCADE,
        ord bigserial,
        step double precision NOT NULL,
        value double precision NOT NULL,
        PRIMARY KEY (trial_id, ord)
      )`,
      `CREATE TABLE ${t.workers} (
        study_id integer NOT NULL REFERENCES ${t.studies} (id) ON DELETE CASCADE,
        id text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        exited_at timestamptz,
        PRIMARY KEY (study_id, id)
      )`,
      `COMMENT ON TABLE ${t.studies} IS 'tunekit studies (schema ${schema.replace(/'/g, "''")}, see tunekit_version)'`,
    ],
  ];
}

/**
 * Creates or updates tunekit's tables in `schema`.
 * @throws {StorageError} when the schema is newer than {@link POSTGRES_SCHEMA_VERSION}.
 */
export async function migrate(pool: Pool, schema: string, location: string): Promise<void> {
  const t = tablesOf(schema);
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${t.version} (version integer NOT NULL)`);
    const rows = (await client.query<{ version: number }>(`SELECT version FROM ${t.version}`)).rows;
    const current = rows.length === 0 ? 0 : Math.max(...rows.map((r) => r.version));
    if (current > POSTGRES_SCHEMA_VERSION) {
      throw new StorageError(
        `The tunekit tables in ${location} (schema "${schema}") are at version ${current}, newer than this tunekit knows (${POSTGRES_SCHEMA_VERSION}): ` +
          'a newer tunekit created or migrated them. Upgrade tunekit on this machine.',
        { argument: 'url', value: location, expected: `tunekit tables of schema version ${POSTGRES_SCHEMA_VERSION} or older` },
      );
    }
    const steps = migrations(t, schema);
    for (let v = current; v < POSTGRES_SCHEMA_VERSION; v++) for (const sql of steps[v] ?? []) await client.query(sql);
    if (current < POSTGRES_SCHEMA_VERSION) {
      await client.query(`DELETE FROM ${t.version}`);
      await client.query(`INSERT INTO ${t.version} (version) VALUES ($1)`, [POSTGRES_SCHEMA_VERSION]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
