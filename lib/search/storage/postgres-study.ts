/**
 * One study in PostgreSQL. Claims use `FOR UPDATE SKIP LOCKED`; a write to a
 * trial locks its row and checks that this handle still holds it (state and
 * claim token), so a trial taken from a silent worker refuses that worker's late
 * writes. Reads are incremental: finished trials never change, so only new
 * trials and the unfinished ones are fetched again.
 */
import { randomBytes } from 'node:crypto';
import { TunekitError } from '../../core/errors.js';
import type { ParamSet } from '../space/parameter-grid.js';
import type { FinishedTrial, IntermediateValue, RunningTrial, Trial, TrialOutcome, WaitingTrial } from '../trial.js';
import { freezeTrial } from '../trial.js';
import { decodeValue, encodeValue, resolveRefs } from './codec.js';
import { TrialClaimLostError, UpdateFinishedTrialError } from './errors.js';
import type { PgConnection, Query } from './postgres-connection.js';
import type { EnqueueOptions, ReapedTrial, StalePolicy, StudyRecord, StudyStorage, TrialInit, WorkerInfo, WorkerRecord } from './storage.js';
import { deathOf, staleTrialMessage } from './study-workers.js';

interface TrialRow {
  id: string;
  number: number;
  state: 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';
  params: unknown;
  budget: number | null;
  meta: unknown;
  values: unknown;
  error: string | null;
  worker: string | null;
  started_at: Date;
  finished_at: Date | null;
  attrs: [string, unknown][] | null;
  intermediate: [string, string][] | null;
}

const json = (value: unknown, where: string): string => JSON.stringify(encodeValue(value, where));

async function decode(value: unknown): Promise<unknown> {
  const d = decodeValue(value);
  return d.hasRefs ? resolveRefs(d.value) : d.value;
}

/** One study of a {@link PostgresStorage}. */
export class PostgresStudy implements StudyStorage {
  private readonly claims = new Map<number, string>();
  private readonly cache: Trial[] = [];
  private snapshot: readonly Trial[] | undefined;

  constructor(
    private readonly db: PgConnection,
    private readonly studyId: number,
    readonly study: StudyRecord,
    readonly location: string,
    readonly stalePolicy: StalePolicy,
  ) {}

  private get t() {
    return this.db.tables;
  }

  private selectTrials(where: string): string {
    const t = this.t;
    return `SELECT tr.id, tr.number, tr.state, tr.params, tr.budget, tr.meta, tr."values", tr.error, tr.worker, tr.started_at, tr.finished_at,
      (SELECT json_agg(json_build_array(a.key, a.value) ORDER BY a.ord) FROM ${t.attrs} a WHERE a.trial_id = tr.id) AS attrs,
      (SELECT json_agg(json_build_array(v.step::text, v.value::text) ORDER BY v.ord) FROM ${t.values} v WHERE v.trial_id = tr.id) AS intermediate
      FROM ${t.trials} tr WHERE tr.study_id = $1 AND (${where}) ORDER BY tr.number`;
  }

  private async trialOf(row: TrialRow): Promise<Trial> {
    const attrs: Record<string, unknown> = {};
    for (const [k, v] of row.attrs ?? []) attrs[k] = await decode(v);
    const intermediate: IntermediateValue[] = (row.intermediate ?? []).map(([s, v]) => ({ step: Number(s), value: Number(v) }));
    const base = {
      id: row.number,
      params: (await decode(row.params)) as ParamSet,
      budget: row.budget ?? undefined,
      meta: (await decode(row.meta)) as Record<string, unknown>,
      intermediate,
      attrs,
      startedAt: row.started_at.getTime(),
    };
    const finishedAt = row.finished_at?.getTime() ?? 0;
    switch (row.state) {
      case 'waiting':
        return freezeTrial({ ...base, state: 'waiting' });
      case 'running':
        return freezeTrial(row.worker === null ? { ...base, state: 'running' } : { ...base, state: 'running', worker: row.worker });
      case 'complete':
        return freezeTrial({ ...base, state: 'complete', finishedAt, values: (await decode(row.values)) as number[] });
      case 'pruned':
        return freezeTrial({ ...base, state: 'pruned', finishedAt, lastValue: intermediate[intermediate.length - 1]?.value });
      case 'failed':
        return freezeTrial({ ...base, state: 'failed', finishedAt, error: row.error ?? '' });
    }
  }

  private async insert(inits: readonly TrialInit[], state: 'waiting' | 'running', options: EnqueueOptions & { claim?: string }): Promise<Trial[] | undefined> {
    const encoded = {
      params: inits.map((init, i) => json(init.params, `the params of trial ${i}`)),
      metas: inits.map((init) => json(init.meta ?? {}, 'the trial meta')),
      budgets: inits.map((init) => init.budget ?? null),
    };
    const rows = await this.db.retrying(state === 'running' ? 'create a trial' : 'enqueue trials', async (retry) => {
      // a reply lost in an outage: the trial created with this claim may be there already (an enqueue is guarded by expectedCount)
      if (retry && options.claim !== undefined) {
        const mine = await this.db.once<TrialRow>(this.selectTrials('tr.claim = $2'), [this.studyId, options.claim]);
        if (mine.rows.length > 0) return mine.rows;
      }
      return this.db.transactionOnce((q) => this.insertRows(q, encoded, state, options));
    });
    if (rows === undefined) return undefined;
    return Promise.all(rows.sort((a, b) => a.number - b.number).map((r) => this.trialOf(r)));
  }

  /** The insert of {@link PostgresStudy.insert}, in its transaction: undefined when `expectedCount` is not the study's count. */
  private async insertRows(q: Query, rows: { params: string[]; metas: string[]; budgets: (number | null)[] }, state: 'waiting' | 'running', options: EnqueueOptions & { claim?: string }): Promise<TrialRow[] | undefined> {
    const t = this.t;
    const { rows: [study] } = await q<{ n_trials: number }>(`SELECT n_trials FROM ${t.studies} WHERE id = $1 FOR UPDATE`, [this.studyId]);
    const count = (study as { n_trials: number }).n_trials;
    if (options.expectedCount !== undefined && options.expectedCount !== count) return undefined;
    const inserted = await q<TrialRow>(
      `INSERT INTO ${t.trials} (study_id, number, state, params, budget, meta, claim)
       SELECT $1, $2 + u.i - 1, $3, u.p, u.b, u.m, $7 FROM unnest($4::json[], $5::float8[], $6::json[]) WITH ORDINALITY AS u(p, b, m, i)
       RETURNING id, number, state, params, budget, meta, "values", error, worker, started_at, finished_at, NULL::json AS attrs, NULL::json AS intermediate`,
      [this.studyId, count, state, rows.params, rows.budgets, rows.metas, options.claim ?? null],
    );
    await q(`UPDATE ${t.studies} SET n_trials = n_trials + $2 WHERE id = $1`, [this.studyId, rows.params.length]);
    return inserted.rows;
  }

  async createTrial(init: TrialInit): Promise<RunningTrial> {
    const claim = randomBytes(8).toString('hex');
    const [trial] = (await this.insert([init], 'running', { claim })) as Trial[];
    this.claims.set((trial as Trial).id, claim);
    return trial as RunningTrial;
  }

  async enqueueTrials(inits: readonly TrialInit[], options: EnqueueOptions = {}): Promise<readonly WaitingTrial[] | undefined> {
    return (await this.insert(inits, 'waiting', options)) as WaitingTrial[] | undefined;
  }

  async claimTrial(worker: string): Promise<RunningTrial | undefined> {
    const claim = randomBytes(8).toString('hex');
    const rows = await this.db.retrying('claim a trial', async (retry) => {
      // a reply lost in an outage: the trial may be claimed with this claim already
      if (retry) {
        const mine = await this.db.once<TrialRow>(this.selectTrials(`tr.claim = $2 AND tr.state = 'running'`), [this.studyId, claim]);
        if (mine.rows.length > 0) return mine.rows;
      }
      return (await this.db.once<TrialRow>(this.claimSql(), [this.studyId, worker, claim])).rows;
    });
    const row = rows[0];
    if (row === undefined) return undefined;
    this.claims.set(row.number, claim);
    return (await this.trialOf(row)) as RunningTrial;
  }

  /** Claims the oldest waiting trial ($1 study, $2 worker, $3 claim). */
  private claimSql(): string {
    const t = this.t;
    return `WITH next AS (SELECT id FROM ${t.trials} WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE ${t.trials} tr SET state = 'running', worker = $2, claim = $3, started_at = now() FROM next WHERE tr.id = next.id
       RETURNING tr.id, tr.number, tr.state, tr.params, tr.budget, tr.meta, tr."values", tr.error, tr.worker, tr.started_at, tr.finished_at,
         (SELECT json_agg(json_build_array(a.key, a.value) ORDER BY a.ord) FROM ${t.attrs} a WHERE a.trial_id = tr.id) AS attrs, NULL::json AS intermediate`;
  }

  /** Locks the trial if this handle holds it; otherwise throws why not. */
  private async hold(q: <R extends object>(sql: string, params?: readonly unknown[]) => Promise<{ rows: R[] }>, number: number, action: string): Promise<string> {
    const { rows } = await q<{ id: string; state: string; claim: string | null; worker: string | null }>(
      `SELECT id, state, claim, worker FROM ${this.t.trials} WHERE study_id = $1 AND number = $2 FOR UPDATE`,
      [this.studyId, number],
    );
    const row = rows[0];
    if (row === undefined) throw new TunekitError(`Cannot ${action}: no trial with id ${number}.`);
    if (row.state !== 'running' && row.state !== 'waiting') throw new UpdateFinishedTrialError(`Cannot ${action}: trial ${number} is already ${row.state}.`);
    if (row.state === 'waiting') throw new TrialClaimLostError(`Cannot ${action}: trial ${number} was taken from its worker and waits in the queue again (its heartbeat lapsed).`);
    if (row.claim !== (this.claims.get(number) ?? '')) {
      throw new TrialClaimLostError(`Cannot ${action}: trial ${number} is no longer held by this worker; ${row.worker ?? 'another worker'} runs it now (the heartbeat lapsed).`);
    }
    return row.id;
  }

  /** The statement and parameters that merge attributes into trial `id` (values encoded first, so a bad one fails before any write). */
  private upsertAttrs(id: string, attrs: Readonly<Record<string, unknown>>): [string, unknown[]] | undefined {
    const entries = Object.entries(attrs).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return undefined;
    return [
      `INSERT INTO ${this.t.attrs} (trial_id, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::json[]) AS a(k, v)
       ON CONFLICT (trial_id, key) DO UPDATE SET value = EXCLUDED.value`,
      [id, entries.map(([k]) => k), entries.map(([k, v]) => json(v, `the attribute "${k}"`))],
    ];
  }

  /**
   * Runs one statement that writes only if this handle holds the trial (`held`
   * is a CTE locking the trial's row; $1 study, $2 trial number, $3 claim): one
   * round trip and one commit. When it wrote nothing, finds out why and throws.
   * `retrySql`, when given, replaces `sql` when the statement runs again after
   * a lost connection (it must not write twice what the first one may have written).
   */
  private async writeHeld(trialId: number, action: string, sql: string, params: readonly unknown[], retrySql = sql): Promise<void> {
    const held = `SELECT id FROM ${this.t.trials} WHERE study_id = $1 AND number = $2 AND state = 'running' AND claim = $3 FOR UPDATE`;
    const all = [this.studyId, trialId, this.claims.get(trialId) ?? '', ...params];
    const { rowCount } = await this.db.retrying(action, (retry) => this.db.once((retry ? retrySql : sql).replace('$HELD', held), all));
    if (rowCount > 0) return;
    // not held (or nothing to write): the same checks as a transaction, for the message
    await this.db.transaction(async (q) => {
      await this.hold(q, trialId, action);
    }, action);
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    await this.writeHeld(
      trialId,
      'report an intermediate value',
      `WITH held AS ($HELD) INSERT INTO ${this.t.values} (trial_id, step, value) SELECT held.id, $4, $5 FROM held RETURNING 1`,
      [step, value],
      `WITH held AS ($HELD) INSERT INTO ${this.t.values} (trial_id, step, value) SELECT held.id, $4, $5 FROM held
       WHERE NOT EXISTS (SELECT 1 FROM ${this.t.values} v WHERE v.trial_id = held.id AND v.step = $4 AND v.value = $5) RETURNING 1`,
    );
  }

  async setTrialAttrs(trialId: number, attrs: Readonly<Record<string, unknown>>): Promise<void> {
    const statement = this.upsertAttrs('', attrs);
    const [keys, values] = statement === undefined ? [[], []] : (statement[1].slice(1) as [string[], string[]]);
    await this.writeHeld(
      trialId,
      'set attributes',
      `WITH held AS ($HELD) INSERT INTO ${this.t.attrs} (trial_id, key, value) SELECT held.id, a.k, a.v FROM held, unnest($4::text[], $5::json[]) AS a(k, v)
       ON CONFLICT (trial_id, key) DO UPDATE SET value = EXCLUDED.value RETURNING 1`,
      [keys, values],
    );
  }

  async finishTrial(trialId: number, outcome: TrialOutcome): Promise<FinishedTrial> {
    const t = this.t;
    const values = outcome.state === 'complete' ? json(outcome.values, 'the trial values') : null;
    const statement = this.upsertAttrs('', outcome.attrs ?? {});
    const action = `mark the trial ${outcome.state}`;
    const claim = this.claims.get(trialId) ?? '';
    const row = await this.db.retrying(action, async (retry) => {
      // a reply lost in an outage: the trial may be finished already, by this handle (its claim stays on the finished trial)
      if (retry) {
        const done = await this.db.once<TrialRow>(this.selectTrials('tr.number = $2 AND tr.claim = $3 AND tr.state = $4'), [this.studyId, trialId, claim, outcome.state]);
        if (done.rows[0] !== undefined) return done.rows[0];
      }
      return this.db.transactionOnce(async (q) => {
        const id = await this.hold(q, trialId, action);
        if (statement !== undefined) await q(statement[0], [id, ...statement[1].slice(1)]);
        await q(`UPDATE ${t.trials} SET state = $2, "values" = $3, error = $4, finished_at = now() WHERE id = $1`, [
          id,
          outcome.state,
          values,
          outcome.state === 'failed' ? outcome.error : null,
        ]);
        return (await q<TrialRow>(this.selectTrials('tr.id = $2'), [this.studyId, id])).rows[0] as TrialRow;
      });
    });
    return (await this.trialOf(row)) as FinishedTrial;
  }

  async getTrials(): Promise<readonly Trial[]> {
    const running: number[] = [];
    const waiting: number[] = [];
    for (const trial of this.cache) {
      if (trial.state === 'running') running.push(trial.id);
      else if (trial.state === 'waiting') waiting.push(trial.id);
    }
    const { rows } = await this.db.query<TrialRow>(
      this.selectTrials(`tr.number >= $2 OR tr.number = ANY($3::int[]) OR (tr.number = ANY($4::int[]) AND tr.state <> 'waiting')`),
      [this.studyId, this.cache.length, running, waiting],
    );
    if (rows.length > 0) {
      for (const row of rows) this.cache[row.number] = await this.trialOf(row);
      this.snapshot = undefined;
    }
    // trials are numbered without gaps under the study lock; a hole means one is not visible yet
    const complete = this.cache.findIndex((t) => t === undefined);
    if (complete >= 0) this.cache.length = complete;
    this.snapshot ??= Object.freeze([...this.cache]);
    return this.snapshot;
  }

  async registerWorker(info: WorkerInfo): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.t.workers} (study_id, id, host, pid) VALUES ($1, $2, $3, $4)
       ON CONFLICT (study_id, id) DO UPDATE SET last_seen = now(), exited_at = NULL`,
      [this.studyId, info.id, info.host, info.pid],
    );
  }

  async heartbeat(worker: string): Promise<void> {
    await this.db.query(`UPDATE ${this.t.workers} SET last_seen = now() WHERE study_id = $1 AND id = $2`, [this.studyId, worker]);
  }

  async unregisterWorker(worker: string): Promise<void> {
    await this.db.query(`UPDATE ${this.t.workers} SET last_seen = now(), exited_at = now() WHERE study_id = $1 AND id = $2`, [this.studyId, worker]);
  }

  async getWorkers(): Promise<readonly WorkerRecord[]> {
    const { rows } = await this.db.query<{ id: string; host: string; pid: number; started_at: Date; last_seen: Date; exited_at: Date | null }>(
      `SELECT id, host, pid, started_at, last_seen, exited_at FROM ${this.t.workers} WHERE study_id = $1 ORDER BY started_at, id`,
      [this.studyId],
    );
    return rows.map((r) => ({ id: r.id, host: r.host, pid: r.pid, startedAt: r.started_at.getTime(), lastSeen: r.last_seen.getTime(), exitedAt: r.exited_at?.getTime() }));
  }

  async reapStaleTrials(policy: Partial<StalePolicy> = {}): Promise<readonly ReapedTrial[]> {
    const p = { ...this.stalePolicy, ...policy };
    const t = this.t;
    const { rows } = await this.db.query<{ id: string; number: number; claim: string; requeues: number; worker: string; host: string; pid: number; last_seen: Date; exited_at: Date | null; now: Date }>(
      `SELECT tr.id, tr.number, tr.claim, tr.requeues, w.id AS worker, w.host, w.pid, w.last_seen, w.exited_at, now() AS now
       FROM ${t.trials} tr JOIN ${t.workers} w ON w.study_id = tr.study_id AND w.id = tr.worker
       WHERE tr.study_id = $1 AND tr.state = 'running'`,
      [this.studyId],
    );
    const reaped: ReapedTrial[] = [];
    // just back from an outage, every worker's heartbeat is stale: silence counts again once they have had a grace period to resume
    const graceMs = this.db.recentlyRecovered(p.graceMs) ? Infinity : p.graceMs;
    for (const r of rows) {
      const why = deathOf({ host: r.host, pid: r.pid, lastSeen: r.last_seen.getTime(), exitedAt: r.exited_at?.getTime() }, r.now.getTime(), graceMs);
      if (why === undefined) continue;
      const requeue = p.requeue && r.requeues < p.maxRequeues;
      const done = await this.db.transaction(async (q) => {
        const sql = requeue
          ? `UPDATE ${t.trials} SET state = 'waiting', worker = NULL, claim = NULL, requeues = requeues + 1 WHERE id = $1 AND state = 'running' AND claim = $2 RETURNING requeues`
          : `UPDATE ${t.trials} SET state = 'failed', error = $3, finished_at = now(), claim = NULL WHERE id = $1 AND state = 'running' AND claim = $2 RETURNING requeues`;
        const updated = await q<{ requeues: number }>(sql, requeue ? [r.id, r.claim] : [r.id, r.claim, staleTrialMessage(r.worker, why)]);
        const row = updated.rows[0];
        if (row === undefined) return false;
        if (requeue) {
          await q(`DELETE FROM ${t.values} WHERE trial_id = $1`, [r.id]);
          const statement = this.upsertAttrs(r.id, { requeued: row.requeues }) as [string, unknown[]];
          await q(statement[0], statement[1]);
        }
        return true;
      });
      if (done) reaped.push({ trialId: r.number, worker: r.worker, action: requeue ? 'requeued' : 'failed' });
    }
    return reaped.sort((a, b) => a.trialId - b.trialId);
  }
}
