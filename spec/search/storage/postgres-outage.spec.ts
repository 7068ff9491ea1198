/**
 * PostgresStorage while its server goes away: on a throwaway server of this
 * file's own (stopping it disturbs nothing else), operations issued during an
 * outage wait for the server and then complete; a worker keeps the trial it
 * claimed; an outage longer than `reconnectTimeout` ends with a StorageError
 * that says what happened and how to resume; every error of the driver is a
 * StorageError naming the host and port, never the password.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StorageError } from '../../../lib/search/storage/errors.js';
import { isConnectionLoss } from '../../../lib/search/storage/postgres-connection.js';
import { PostgresStorage } from '../../../lib/search/storage/postgres-storage.js';
import { ThrowawayPostgres, describeThrowawayPostgres } from '../../contracts/throwaway-postgres.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeThrowawayPostgres('PostgresStorage through an outage', (bin) => {
  let server: ThrowawayPostgres;
  beforeAll(async () => {
    server = await ThrowawayPostgres.create(bin);
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('waits out a restart: writes issued while the server is down complete once it is back, and the claim is kept', async () => {
    const storage = new PostgresStorage(server.url, { heartbeatInterval: 0.2, gracePeriod: 1 });
    const study = await storage.createStudy({ name: 'restart' });
    await study.registerWorker({ id: 'w1', host: 'elsewhere', pid: 1 });
    await study.enqueueTrials([{ params: { a: 1 } }, { params: { a: 2 } }]);
    const held = (await study.claimTrial('w1'))!;
    await server.stop('fast');
    const during = Promise.all([study.setTrialAttrs(held.id, { split0: 0.5 }), study.claimTrial('w1'), study.getTrials()]);
    await sleep(1500);
    await server.start();
    const [, second] = await during;
    expect(second?.params).toEqual({ a: 2 });
    const finished = await study.finishTrial(held.id, { state: 'complete', values: [1] });
    expect(finished).toMatchObject({ state: 'complete', attrs: { split0: 0.5 } });
    // w1 has been silent longer than the grace period, because of the outage: just back, the reaper leaves its trial alone
    expect(await study.reapStaleTrials()).toEqual([]);
    expect((await study.getTrials()).map((t) => t.state)).toEqual(['complete', 'running']);
    // a grace period later, silence counts again
    await sleep(1100);
    expect(await study.reapStaleTrials()).toEqual([{ trialId: 1, worker: 'w1', action: 'requeued' }]);
    await storage.close();
  });

  it('survives a crash of the server (immediate stop) as well', async () => {
    const storage = new PostgresStorage(server.url);
    const study = await storage.createStudy({ name: 'crash' });
    const trial = await study.createTrial({ params: { b: 1 } });
    await server.stop('immediate');
    const finishing = study.finishTrial(trial.id, { state: 'complete', values: [2] });
    await sleep(800);
    await server.start();
    expect(await finishing).toMatchObject({ id: 0, state: 'complete', values: [2] });
    expect((await study.getTrials()).map((t) => t.state)).toEqual(['complete']);
    await storage.close();
  });

  it('fails after reconnectTimeout with a StorageError that says what happened and how to resume', async () => {
    const url = new URL(server.url);
    url.password = 'hunter2';
    const storage = new PostgresStorage(url.href, { reconnectTimeout: 0.5 });
    const study = await storage.createStudy({ name: 'gone' });
    await server.stop('fast');
    try {
      const error = await study.getTrials().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      const message = (error as Error).message;
      expect(message).toMatch(
        new RegExp(
          `^Lost the connection to PostgreSQL at 127\\.0\\.0\\.1:${server.port} \\(database "postgres"\\) while trying to run a statement, and it did not come back within [\\d.]+ s \\(reconnectTimeout\\): `,
        ),
      );
      expect(message).toContain('run the search or "tunekit worker" again with the same storage and study name to resume');
      expect(message).not.toContain('hunter2');
      expect(error).toMatchObject({ argument: 'url', value: `postgresql://postgres@127.0.0.1:${server.port}/postgres` });
    } finally {
      await server.start();
      await storage.close();
    }
  });

  it('wraps any other error of the driver in a StorageError naming the server', async () => {
    const storage = new PostgresStorage(server.url);
    const study = await storage.createStudy({ name: 'broken' });
    // a table dropped under the storage: the statements fail, not the connection
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query('DROP TABLE tunekit_trial_values');
    await client.end();
    const trial = await study.createTrial({ params: {} });
    const error = await study.reportIntermediate(trial.id, 1, 0.5).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      `PostgreSQL at 127.0.0.1:${server.port} (database "postgres") failed to report an intermediate value: relation "public.tunekit_trial_values" does not exist (SQLSTATE 42P01).`,
    );
    await storage.close();
  });
});

it('tells a lost connection from a statement that failed', () => {
  expect(isConnectionLoss(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
  expect(isConnectionLoss(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
  expect(isConnectionLoss(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
  expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isConnectionLoss(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toBe(false);
  expect(isConnectionLoss(new StorageError('Cannot connect'))).toBe(false);
});
