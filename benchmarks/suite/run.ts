/**
 * `npm run bench:suite`: runs the strategy benchmark suite (see `suite.ts` and
 * `npx tsx benchmarks/suite/run.ts --help`) and prints where the results went.
 */
import { parseSuiteArgs, suiteUsage } from './args.js';
import { runSuite } from './suite.js';

try {
  const { help, ...options } = parseSuiteArgs(process.argv.slice(2), 'npm run bench:suite');
  if (help === true) {
    console.log(suiteUsage('npm run bench:suite --'));
  } else {
    const out = await runSuite({ ...options, command: `npm run bench:suite -- ${process.argv.slice(2).join(' ')}`.trim() });
    console.log(`results: ${out.json}\nsummary: ${out.markdown}\nreport:  ${out.html}`);
  }
} catch (error) {
  console.error(`${(error as Error).message}\n\n${suiteUsage('npm run bench:suite --')}`);
  process.exitCode = 2;
}
