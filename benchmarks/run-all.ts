/**
 * `npm run bench`: runs every benchmark in turn (each prints its own table and
 * writes benchmarks/results/<name>.json). Pass names to run only some:
 *
 *     npm run bench -- estimators search-overhead
 *
 * `distributed` runs only when TUNEKIT_PG_URL names a PostgreSQL server; the
 * strategy suite is `npm run bench:suite`.
 */
import { spawnSync } from 'node:child_process';

const all = ['estimators', 'search-overhead', 'bayes-quality', 'parallel', 'tfjs-backends', 'multi-fidelity', 'distributed'];
const picked = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const names = picked.length > 0 ? picked : all.filter((n) => n !== 'distributed' || process.env.TUNEKIT_PG_URL);
let failed = 0;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`Unknown benchmark "${name}". Known: ${all.join(', ')}.`);
    process.exit(2);
  }
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', new URL(`./${name}.ts`, import.meta.url).pathname], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
