/**
 * A PostgreSQL server of a test's own, on a free port, started the way
 * `.ci/run` starts its throwaway server (initdb and pg_ctl from the highest
 * /usr/lib/postgresql/<version>/bin, as the postgres user when run as root),
 * for tests that stop and restart their server: stopping it cannot disturb
 * any other test or process. Not a spec itself.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';

const run = promisify(execFile);

/** The highest installed PostgreSQL's bin directory, if any. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(a) - Number(b));
  const last = versions.at(-1);
  return last === undefined ? undefined : join(root, last, 'bin');
}

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool, as the postgres user when this process is root (initdb refuses root). */
async function tool(bin: string, name: string, args: readonly string[]): Promise<void> {
  const path = join(bin, name);
  if (asRoot) {
    const quoted = [path, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    await run('su', ['postgres', '-s', '/bin/sh', '-c', quoted]);
  } else {
    await run(path, [...args]);
  }
}

/** A throwaway server: its URL, and stop/start on the same port. */
export class ThrowawayPostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    public port: number,
  ) {}

  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (the port is fixed once the server started). */
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Creates the cluster in a temporary directory and starts it on a free port. */
  static async create(bin: string): Promise<ThrowawayPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'tunekit-pg-'));
    if (asRoot) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
    await tool(bin, 'initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
    const server = new ThrowawayPostgres(bin, dir, await freePort());
    // the port was free a moment ago; another process may take it before the server binds it: then take another
    for (let attempt = 1; ; attempt++) {
      try {
        await server.start();
        return server;
      } catch (error) {
        if (attempt >= 5) throw error;
        server.port = await freePort();
      }
    }
  }

  /** Starts the server (again) on its port; resolves once it accepts connections. */
  async start(): Promise<void> {
    await tool(this.bin, 'pg_ctl', [
      '-D', join(this.dir, 'data'), '-l', join(this.dir, 'server.log'), '-w', '-t', '60',
      '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off`, 'start',
    ]);
  }

  /** Stops the server (`fast`: sessions are ended; `immediate`: as a crash). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await tool(this.bin, 'pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  /** Stops the server if it runs and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

let warned = false;

/**
 * `describe` for tests that need a PostgreSQL server of their own. Without
 * PostgreSQL's binaries the tests are skipped with a loud message, outside CI;
 * in CI (`CI` set) they fail instead.
 */
export function describeThrowawayPostgres(name: string, body: (bin: string) => void): void {
  const bin = postgresBin();
  if (bin !== undefined) {
    describe(name, () => body(bin));
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('needs PostgreSQL installed', () => {
        throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin with initdb and pg_ctl); .ci/run installs it.');
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! SKIPPING the PostgreSQL outage tests: PostgreSQL is not installed\n!! (apt-get install postgresql; bash .ci/run installs it).\n${bar}\n`);
  }
  // skipped only outside CI without PostgreSQL installed (the banner above says why)
  describe.skip(name, () => body(''));
}
