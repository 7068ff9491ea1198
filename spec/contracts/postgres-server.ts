/**
 * The PostgreSQL server the tests use: `TUNEKIT_PG_URL` (`.ci/run` starts a
 * throwaway server and sets it). Without it, outside CI, the PostgreSQL tests are
 * skipped with a loud message; in CI (`CI` set) they fail instead, so a
 * misconfigured pipeline cannot pass by skipping them.
 */
import { describe, it } from 'vitest';

/** The server's URL, when one is configured. */
export const PG_URL: string | undefined = process.env.TUNEKIT_PG_URL || undefined;

let warned = false;

/** `describe` for tests that need a PostgreSQL server. */
export function describePostgres(name: string, body: () => void): void {
  if (PG_URL !== undefined) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error('TUNEKIT_PG_URL is not set in CI: .ci/run starts a PostgreSQL server and exports it; run the tests through .ci/run.');
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    const bar = '!'.repeat(78);
    console.warn(
      `\n${bar}\n!! SKIPPING the PostgreSQL tests: TUNEKIT_PG_URL is not set.\n` +
        '!! Run them with a server: TUNEKIT_PG_URL=postgresql://user@127.0.0.1:5432/db npx vitest run\n' +
        `!! (bash .ci/run starts a throwaway server by itself).\n${bar}\n`,
    );
  }
  // skipped only outside CI with no server configured (the banner above says why and how
  // to run them); in CI the branch above fails instead, and .ci/run always sets TUNEKIT_PG_URL
  describe.skip(name, body);
}

/** A schema name of its own for one test file, so files never see each other's studies. */
export function testSchema(tag: string): string {
  return `tk_${tag}_${process.pid}_${Date.now().toString(36)}`;
}

/** Drops a test schema (and everything in it). */
export async function dropSchema(schema: string): Promise<void> {
  if (PG_URL === undefined) return;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
