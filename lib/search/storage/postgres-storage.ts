/**
 * PostgresStorage: studies in a PostgreSQL database, for many workers on many
 * machines. The library creates and migrates its tables (versioned); workers
 * claim waiting trials with `SELECT … FOR UPDATE SKIP LOCKED`, so no candidate
 * runs twice; every state change runs in one transaction; heartbeats and
 * timestamps use the database's clock, so the machines' clocks need not agree.
 * `pg` is loaded when the storage is first used.
 */
import type * as PgNamespace from 'pg';
import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** The `pg` module, loaded when a storage is first used. */
type PgModule = typeof PgNamespace;
import { checkInteger, checkParam, checkReal, invalidParameter, satisfies } from '../../core/validate.js';
import { decodeValue, encodeValue } from './codec.js';
import { StorageError } from './errors.js';
import { checkStudySpec } from './log-study-storage.js';
import { PostgresStudy } from './postgres-study.js';
import { migrate, tablesOf } from './postgres-schema.js';
import type { Tables } from './postgres-schema.js';
import type { CreateStudyOptions, StalePolicy, StorageBackend, StorageOptions, StudyRecord, StudySpec, StudyStorage } from './storage.js';
import { checkResume, studyNotFound } from './study-records.js';
import { stalePolicyOf } from './study-workers.js';

/** Options of {@link PostgresStorage}. */
export interface PostgresStorageOptions extends StorageOptions {
  /** The PostgreSQL schema that holds tunekit's tables (created when missing); also read from the URL's `?schema=`. @default 'public' */
  readonly schema?: string | undefined;
  /** Seconds to wait for a connection before failing with the server's address. @default 10 */
  readonly connectTimeout?: number | undefined;
  /** Connections this process keeps open. @default 4 */
  readonly poolSize?: number | undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

interface ParsedUrl {
  readonly connectionString: string;
  readonly host: string;
  readonly database: string;
  readonly location: string;
  readonly schema: string | undefined;
}

function parseUrl(url: unknown): ParsedUrl {
  const bad = () =>
    invalidParameter('PostgresStorage', 'url', 'a PostgreSQL URL such as postgresql://user:password@host:5432/database', url, { kind: 'argument' });
  if (typeof url !== 'string') throw bad();
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad();
  }
  const socketHost = u.searchParams.get('host');
  if ((u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') || (u.hostname === '' && socketHost === null)) throw bad();
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  const host = `${u.hostname === '' ? (socketHost ?? '') : u.hostname}:${u.port === '' ? '5432' : u.port}`;
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  const shown = new URL(u.href);
  shown.password = '';
  return { connectionString: u.href, host, database, location: shown.href, schema };
}

/** A pool of connections with tunekit's error messages and transactions. */
export class PgConnection {
  private pool: Promise<Pool> | undefined;

  constructor(
    private readonly url: ParsedUrl,
    readonly schema: string,
    readonly tables: Tables,
    private readonly timeoutMs: number,
    private readonly poolSize: number,
  ) {}

  get location(): string {
    return this.url.location;
  }

  private connectionError(error: unknown): StorageError {
    const e = error as { code?: string; message?: string };
    const reason = e.code !== undefined && NETWORK_CODES.has(e.code) ? `${e.message ?? e.code}` : /timeout/i.test(e.message ?? '') ? `no answer within ${this.timeoutMs / 1000} s` : (e.message ?? String(error));
    return new StorageError(
      `Cannot connect to PostgreSQL at ${this.url.host} (database "${this.url.database}"): ${reason}. ` +
        'Check that the server runs and accepts connections from this machine, and the URL.',
      { argument: 'url', value: this.url.location, expected: 'the URL of a PostgreSQL server that accepts connections' },
    );
  }

  private async open(): Promise<Pool> {
    let pg: PgModule;
    try {
      pg = (await import('pg')).default as unknown as PgModule;
    } catch {
      throw new StorageError('PostgresStorage needs the "pg" package: npm install pg');
    }
    const pool = new pg.Pool({ connectionString: this.url.connectionString, max: this.poolSize, connectionTimeoutMillis: this.timeoutMs, keepAlive: true });
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw this.connectionError(error);
    }
    try {
      await migrate(pool, this.schema, this.location);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return pool;
  }

  private get ready(): Promise<Pool> {
    this.pool ??= this.open();
    this.pool.catch(() => {
      this.pool = undefined;
    });
    return this.pool;
  }

  private wrap(error: unknown): Error {
    const code = (error as { code?: string }).code;
    if (code !== undefined && NETWORK_CODES.has(code)) return this.connectionError(error);
    return error as Error;
  }

  /** Runs one statement. */
  async query<R extends QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[]; rowCount: number }> {
    const pool = await this.ready;
    try {
      const r = await pool.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    } catch (error) {
      throw this.wrap(error);
    }
  }

  /** Runs `work` in one transaction (rolled back when it throws or returns `rollback: true`). */
  async transaction<T>(work: (q: <R extends QueryResultRow>(sql: string, params?: readonly unknown[]) => Promise<{ rows: R[]; rowCount: number }>) => Promise<T>): Promise<T> {
    const pool = await this.ready;
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw this.connectionError(error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(async <R extends QueryResultRow>(sql: string, params: readonly unknown[] = []) => {
        const r = await client.query<R>(sql, params as unknown[]);
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.wrap(error);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool !== undefined) await (await pool.catch(() => undefined))?.end();
  }
}

interface StudyRow {
  id: number;
  name: string;
  directions: string[];
  fingerprint: Record<string, string>;
  settings: Record<string, unknown>;
  created_at: Date;
}

function recordOf(row: StudyRow): StudyRecord {
  return Object.freeze({
    name: row.name,
    directions: Object.freeze([...row.directions]) as StudyRecord['directions'],
    fingerprint: Object.freeze({ ...row.fingerprint }),
    settings: Object.freeze({ ...(decodeValue(row.settings).value as Record<string, unknown>) }),
    createdAt: row.created_at.getTime(),
  });
}

/**
 * Studies in PostgreSQL: many workers on many machines share one study. Give
 * each worker the same URL and study name (`tunekit worker --storage postgresql://…`).
 *
 * @throws {InvalidParameterError} at once for a malformed URL; the first use
 *   throws a `StorageError` naming the host when the server cannot be reached
 *   (after `connectTimeout`), or when its tunekit tables are newer than this version.
 * @example
 * ```ts
 * const storage = new PostgresStorage('postgresql://tunekit@db.internal:5432/tuning');
 * await new BayesSearchCV(new SVC(), space, { storage, studyName: 'svc-2024-05', nIter: 200 }).fit(X, y);
 * ```
 */
export class PostgresStorage implements StorageBackend {
  readonly location: string;
  private readonly db: PgConnection;
  private readonly policy: StalePolicy;

  constructor(url: string, options: PostgresStorageOptions = {}) {
    const parsed = parseUrl(url);
    const schema = checkParam<string>('PostgresStorage', 'schema', options.schema ?? parsed.schema ?? 'public', satisfies('a schema name', (v) => typeof v === 'string' && v.length > 0 && v.length < 64), { kind: 'option' });
    const timeout = checkReal('PostgresStorage', 'connectTimeout', options.connectTimeout ?? 10, { min: 0, minInclusive: false });
    const poolSize = checkInteger('PostgresStorage', 'poolSize', options.poolSize ?? 4, { min: 1 });
    this.policy = stalePolicyOf('PostgresStorage', options);
    this.db = new PgConnection(parsed, schema, tablesOf(schema), timeout * 1000, poolSize);
    this.location = schema === 'public' ? parsed.location : `${parsed.location} (schema "${schema}")`;
  }

  private async names(): Promise<string[]> {
    return (await this.db.query<{ name: string }>(`SELECT name FROM ${this.db.tables.studies} ORDER BY id`)).rows.map((r) => r.name);
  }

  async createStudy(spec: StudySpec, options: CreateStudyOptions = {}): Promise<StudyStorage> {
    checkStudySpec('PostgresStorage.createStudy', spec);
    const t = this.db.tables;
    const inserted = await this.db.query<StudyRow>(
      `INSERT INTO ${t.studies} (name, directions, fingerprint, settings) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING *`,
      [spec.name, JSON.stringify(spec.directions ?? ['maximize']), JSON.stringify(spec.fingerprint ?? {}), JSON.stringify(encodeValue(spec.settings ?? {}, 'the study settings'))],
    );
    let row = inserted.rows[0];
    if (row === undefined) {
      row = (await this.db.query<StudyRow>(`SELECT * FROM ${t.studies} WHERE name = $1`, [spec.name])).rows[0] as StudyRow;
      checkResume(recordOf(row), spec, this.location, options);
    }
    return new PostgresStudy(this.db, row.id, recordOf(row), this.location, this.policy);
  }

  async loadStudy(name: string): Promise<StudyStorage> {
    const row = (await this.db.query<StudyRow>(`SELECT * FROM ${this.db.tables.studies} WHERE name = $1`, [name])).rows[0];
    if (row === undefined) throw studyNotFound(name, this.location, await this.names());
    return new PostgresStudy(this.db, row.id, recordOf(row), this.location, this.policy);
  }

  async getStudies(): Promise<readonly StudyRecord[]> {
    return (await this.db.query<StudyRow>(`SELECT * FROM ${this.db.tables.studies} ORDER BY id`)).rows.map(recordOf);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
