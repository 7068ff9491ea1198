/**
 * PostgresStorage: studies in a PostgreSQL database, for many workers on many
 * machines. The library creates and migrates its tables (versioned); workers
 * claim waiting trials with `SELECT … FOR UPDATE SKIP LOCKED`, so no candidate
 * runs twice; every state change runs in one transaction; heartbeats and
 * timestamps use the database's clock, so the machines' clocks need not agree.
 * `pg` is loaded when the storage is first used; the connection, its errors
 * and its reconnection are in `postgres-connection.ts`.
 */
import { checkInteger, checkParam, checkReal, satisfies } from '../../core/validate.js';
import { decodeValue, encodeValue } from './codec.js';
import { checkStudySpec } from './log-study-storage.js';
import { PgConnection, parseUrl } from './postgres-connection.js';
import { PostgresStudy } from './postgres-study.js';
import { tablesOf } from './postgres-schema.js';
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
  /**
   * Seconds to keep reconnecting, with backoff, when the server goes away
   * (a restart, a failover, a network cut): the study waits, workers keep the
   * trials they hold and their heartbeats resume. A longer outage fails with a
   * `StorageError` that says how to resume. 0 fails at the first lost connection.
   * @default 60
   */
  readonly reconnectTimeout?: number | undefined;
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
 * A server that goes away later (a restart, a failover) is waited for, up to
 * `reconnectTimeout` seconds. Every error of the driver reaches the caller as a
 * `StorageError` naming the server's host and port, never the password.
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
    const reconnect = checkReal('PostgresStorage', 'reconnectTimeout', options.reconnectTimeout ?? 60, { min: 0 });
    this.policy = stalePolicyOf('PostgresStorage', options);
    this.db = new PgConnection(parsed, schema, tablesOf(schema), { connectTimeoutMs: timeout * 1000, reconnectMs: reconnect * 1000, poolSize });
    this.location = schema === 'public' ? parsed.location : `${parsed.location} (schema "${schema}")`;
  }

  private async names(): Promise<string[]> {
    return (await this.db.query<{ name: string }>(`SELECT name FROM ${this.db.tables.studies} ORDER BY id`)).rows.map((r) => r.name);
  }

  async createStudy(spec: StudySpec, options: CreateStudyOptions = {}): Promise<StudyStorage> {
    checkStudySpec('PostgresStorage.createStudy', spec);
    const t = this.db.tables;
    const values = [spec.name, JSON.stringify(spec.directions ?? ['maximize']), JSON.stringify(spec.fingerprint ?? {}), JSON.stringify(encodeValue(spec.settings ?? {}, 'the study settings'))];
    const inserted = await this.db.retrying('create a study', async (retry) => {
      // a reply lost in an outage: the study may be there already, made by this very call (the same spec, its seed included)
      if (retry) {
        const found = await this.db.once<StudyRow>(`SELECT * FROM ${t.studies} WHERE name = $1 AND directions::text = $2 AND fingerprint::text = $3 AND settings::text = $4`, values);
        if (found.rows.length > 0) return found;
      }
      return this.db.once<StudyRow>(`INSERT INTO ${t.studies} (name, directions, fingerprint, settings) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING *`, values);
    });
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
