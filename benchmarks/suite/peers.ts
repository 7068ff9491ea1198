/**
 * The peers of the suite: Optuna's random search and TPE, run by
 * `benchmarks/peers/optuna_suite.py` on the synthetic functions when Debian's
 * Python with Optuna is present, and shown as extra strategies in the report.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SuiteRun, SuiteStrategy } from '../../lib/report/suite-types.js';

/** The peer strategies. */
export const PEER_STRATEGIES: readonly SuiteStrategy[] = [
  { name: 'optuna_random', label: 'Optuna random (peer)', peer: true },
  { name: 'optuna_tpe', label: 'Optuna TPE (peer)', peer: true },
];

/** Tasks the peer script knows. */
export const PEER_TASKS: readonly string[] = ['branin', 'hartmann6', 'rosenbrock2', 'ackley5', 'mixed_branin'];

const SCRIPT = fileURLToPath(new URL('../peers/optuna_suite.py', import.meta.url));

/** The Python to run the peers with, or the reason there is none. */
export function findOptuna(): { python: string } | { reason: string } {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import optuna, numpy'], { stdio: 'ignore' });
    if (probe.status === 0) return { python };
  }
  return { reason: 'no Python with Optuna and numpy was found (Debian: apt-get install python3-optuna); the peers were not run.' };
}

/** What a peer job returns. */
export interface PeerOutput {
  readonly runs: SuiteRun[];
  readonly versions: Record<string, string>;
}

/**
 * Runs one peer strategy on tasks with seeds in one Python process.
 * @example
 * ```ts
 * const { runs } = await runPeer('/usr/bin/python3', 'optuna_tpe', [{ name: 'branin', budget: 30 }], [0, 1, 2]);
 * ```
 */
export function runPeer(python: string, strategy: string, tasks: readonly { name: string; budget: number }[], seeds: readonly number[]): Promise<PeerOutput> {
  const args = [SCRIPT, '--tasks', tasks.map((t) => `${t.name}:${t.budget}`).join(','), '--strategies', strategy, '--seeds', seeds.join(',')];
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`${strategy} peer script exited with ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`));
        return;
      }
      const runs: SuiteRun[] = [];
      let versions: Record<string, string> = {};
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as { meta?: Record<string, string> } & SuiteRun;
        if (parsed.meta !== undefined) versions = parsed.meta;
        else runs.push(parsed);
      }
      resolve({ runs, versions });
    });
  });
}
