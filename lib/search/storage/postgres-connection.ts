/**
 * The connection of a {@link PostgresStorage} to its server: a pool of
 * connections (`pg` loaded when first used), transactions, and what happens
 * when the server goes away.
 *
 * - **Outages are waited out.** A statement that fails because the connection
 *   was lost or refused (a restart, a failover, a network cut) is retried with
 *   backoff for `reconnectTimeout` seconds from the first failure; only then does
 *   it fail, with a {@link StorageError} that says what happened and how to
 *   resume. A write whose reply was lost may have been applied: the callers
 *   retry through {@link PgConnection.retrying}, which tells them it is a retry,
 *   so they can look for their own write before writing again (claims and
 *   finished trials carry this worker's claim token).
 * - **Every error of the driver is a StorageError**, naming the server's host
 *   and port and the database, never the password.
 * - **After an outage**, the other workers' heartbeats are as stale as this
 *   one's: {@link PgConnection.recentlyRecovered} lets the reaper give them a
 *   grace period to resume before it presumes them dead.
 */
import type * as PgNamespace from 'pg';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { TunekitError } from '../../core/errors.js';
import { invalidParameter } from '../../core/validate.js';
import { StorageError } from './errors.js';
import { migrate } from './postgres-schema.js';
import type { Tables } from './postgres-schema.js';

/** The `pg` module, loaded when a storage is first used. */
type PgModule = typeof PgNamespace;

/** A query function: one statement, its rows and its row count. */
export type Query = <R extends QueryResultRow>(sql: string, params?: readonly unknown[]) => Promise<{ rows: R[]; rowCount: number }>;

/** Socket errors of a connection that was refused, cut or timed out. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);
/** SQLSTATEs of a server going away or not ready yet: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const GONE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What `pg` says when a connection ends under it. */
const GONE_MESSAGES = /connection terminated|terminating connection|connection (is )?closed|client has encountered a connection error|timeout exceeded when trying to connect|server closed the connection|the database system is (starting up|shutting down)|not queryable/i;

/** The first and the longest wait between two reconnection attempts, in ms. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 1000;

/** The parts of a PostgreSQL URL the storage uses. */
export interface ParsedUrl {
  readonly connectionString: string;
  /** `host:port`. */
  readonly host: string;
  readonly database: string;
  /** The URL without its password. */
  readonly location: string;
  readonly schema: string | undefined;
  /** The password, so that no message ever shows it. */
  readonly password: string;
}

/**
 * Reads a `postgresql://` URL.
 * @throws {InvalidParameterError} for anything else.
 */
export function parseUrl(url: unknown): ParsedUrl {
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
  return { connectionString: u.href, host, database, location: shown.href, schema, password: decodeURIComponent(u.password) };
}

/** True when `error` says the connection was lost or refused (the server may come back), not that a statement was wrong. */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof TunekitError) return false;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || GONE_STATES.has(code) || code.startsWith('08')) return true;
  return GONE_MESSAGES.test(typeof e?.message === 'string' ? e.message : String(error));
}

/** Settings of a {@link PgConnection}. */
export interface PgConnectionSettings {
  /** Milliseconds to wait for one connection. */
  readonly connectTimeoutMs: number;
  /** Milliseconds to keep retrying through an outage. */
  readonly reconnectMs: number;
  readonly poolSize: number;
}

/** A pool of connections with tunekit's error messages, transactions and reconnection. */
export class PgConnection {
  private pool: Promise<Pool> | undefined;
  private recoveredAt = -Infinity;

  constructor(
    private readonly url: ParsedUrl,
    readonly schema: string,
    readonly tables: Tables,
    private readonly settings: PgConnectionSettings,
  ) {}

  get location(): string {
    return this.url.location;
  }

  /** True when this connection came back from an outage less than `ms` ago. */
  recentlyRecovered(ms: number): boolean {
    return Date.now() - this.recoveredAt < ms;
  }

  /** The error's message, without the password. */
  private reasonOf(error: unknown): string {
    const e = error as { code?: string; message?: string };
    let reason = /timeout/i.test(e.message ?? '') && !(e.code !== undefined && NETWORK_CODES.has(e.code)) ? `no answer within ${this.settings.connectTimeoutMs / 1000} s` : (e.message ?? String(error));
    if (this.url.password !== '') reason = reason.split(this.url.password).join('****');
    return reason;
  }

  private connectionError(error: unknown): StorageError {
    return new StorageError(
      `Cannot connect to PostgreSQL at ${this.url.host} (database "${this.url.database}"): ${this.reasonOf(error)}. ` +
        'Check that the server runs and accepts connections from this machine, and the URL.',
      { argument: 'url', value: this.url.location, expected: 'the URL of a PostgreSQL server that accepts connections' },
    );
  }

  /** The error of an outage longer than `reconnectTimeout`. */
  private outageError(action: string, error: unknown, since: number): StorageError {
    const seconds = ((Date.now() - since) / 1000).toFixed(1);
    return new StorageError(
      `Lost the connection to PostgreSQL at ${this.url.host} (database "${this.url.database}") while trying to ${action}, ` +
        `and it did not come back within ${seconds} s (reconnectTimeout): ${this.reasonOf(error)}. ` +
        'The finished trials are safe in the database, and the trials this process was running go back to the queue once it is presumed dead. ' +
        'When the server is back, run the search or "tunekit worker" again with the same storage and study name to resume; ' +
        'give PostgresStorage a longer reconnectTimeout to wait out longer outages.',
      { argument: 'url', value: this.url.location, expected: 'a PostgreSQL server that stays reachable' },
    );
  }

  /** Any other error of the driver, as a StorageError naming the server. */
  private statementError(action: string, error: unknown): StorageError {
    const code = (error as { code?: unknown }).code;
    const state = typeof code === 'string' ? ` (SQLSTATE ${code})` : '';
    const wrapped = new StorageError(`PostgreSQL at ${this.url.host} (database "${this.url.database}") failed to ${action}: ${this.reasonOf(error)}${state}.`, {
      argument: 'url',
      value: this.url.location,
      expected: 'a PostgreSQL server that accepts tunekit\'s statements',
    });
    return wrapped;
  }

  private async open(): Promise<Pool> {
    let pg: PgModule;
    try {
      pg = (await import('pg')).default as unknown as PgModule;
    } catch {
      throw new StorageError('PostgresStorage needs the "pg" package: npm install pg');
    }
    const pool = new pg.Pool({ connectionString: this.url.connectionString, max: this.settings.poolSize, connectionTimeoutMillis: this.settings.connectTimeoutMs, keepAlive: true });
    // an idle connection that the server closes is dropped from the pool; the next statement opens another
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
      throw error instanceof TunekitError ? error : this.statementError('create or migrate the tunekit tables', error);
    }
    return pool;
  }

  /** The pool, opened on first use (a first connection that fails throws at once: the URL may be wrong). */
  private get ready(): Promise<Pool> {
    this.pool ??= this.open();
    this.pool.catch(() => {
      this.pool = undefined;
    });
    return this.pool;
  }

  /**
   * Runs `attempt` until it succeeds; while it fails because the connection was
   * lost or refused, waits (100 ms, doubling to 1 s) and runs it again, for up
   * to `reconnectTimeout` from the first failure. `attempt` is told whether it
   * is a retry: a write whose reply was lost may have been applied.
   * @throws {StorageError} after the outage window, or at once for any other error of the driver;
   *   tunekit's own errors (a lost claim) pass through.
   */
  async retrying<T>(action: string, attempt: (retry: boolean) => Promise<T>): Promise<T> {
    await this.ready;
    let since: number | undefined;
    let wait = FIRST_BACKOFF_MS;
    for (let retry = false; ; retry = true) {
      try {
        const result = await attempt(retry);
        if (since !== undefined) this.recoveredAt = Date.now();
        return result;
      } catch (error) {
        if (error instanceof TunekitError) throw error;
        if (!isConnectionLoss(error)) throw this.statementError(action, error);
        since ??= Date.now();
        const left = since + this.settings.reconnectMs - Date.now();
        if (left <= 0) throw this.outageError(action, error, since);
        await new Promise((resolve) => setTimeout(resolve, Math.min(left, wait * (0.75 + Math.random() / 2))));
        wait = Math.min(MAX_BACKOFF_MS, wait * 2);
      }
    }
  }

  /** Runs one statement (an idempotent one: it is run again after a lost connection). */
  query<R extends QueryResultRow>(sql: string, params: readonly unknown[] = [], action = 'run a statement'): Promise<{ rows: R[]; rowCount: number }> {
    return this.retrying(action, () => this.once<R>(sql, params));
  }

  /** Runs one statement once. */
  async once<R extends QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[]; rowCount: number }> {
    const pool = await this.ready;
    const r = await pool.query<R>(sql, params as unknown[]);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  }

  /**
   * Runs `work` in one transaction (rolled back when it throws), once; run it
   * inside {@link PgConnection.retrying} to survive an outage.
   */
  async transactionOnce<T>(work: (q: Query) => Promise<T>): Promise<T> {
    const pool = await this.ready;
    const client: PoolClient = await pool.connect();
    // a connection that ends between two statements emits 'error' on its client: the statement in flight fails instead
    let lost: unknown;
    const onError = (error: unknown): void => {
      lost ??= error;
    };
    client.on('error', onError);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(async <R extends QueryResultRow>(sql: string, params: readonly unknown[] = []) => {
        if (lost !== undefined) throw lost;
        const r = await client.query<R>(sql, params as unknown[]);
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = lost !== undefined || isConnectionLoss(error);
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      // a broken connection is dropped, not given back to the pool
      client.release(broken || lost !== undefined ? true : undefined);
    }
  }

  /** Runs `work` in one transaction, again after a lost connection (it must then be safe to run again). */
  transaction<T>(work: (q: Query) => Promise<T>, action = 'run a transaction'): Promise<T> {
    return this.retrying(action, () => this.transactionOnce(work));
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    if (pool !== undefined) await (await pool.catch(() => undefined))?.end();
  }
}
