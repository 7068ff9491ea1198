/**
 * The demo: which search strategy to use, answered on this machine, offline, in
 * under two minutes, and the report of one search.
 *
 *     npm run demo
 *
 * 1. Tunes a scaled SVC on breast cancer with RandomizedSearchCV, adds a
 *    validation curve and a learning curve, and writes the search's report.
 * 2. Runs the quick preset of the strategy benchmark suite (grid, random, GP with
 *    EI and gp_hedge, TPE, successive halving, Hyperband, and Optuna's random
 *    search and TPE when Python has Optuna) on the synthetic functions and two
 *    tuning tasks, with equal budgets and 8 seeds, and writes the suite report.
 *
 * Both reports are self-contained HTML files (inline SVG, no network). The other
 * tour of the API is `npx tsx examples/quickstart.ts`; the full suite is
 * `npm run bench:suite -- --full`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuite } from '../benchmarks/suite/suite.js';
import {
  Pipeline,
  RandomizedSearchCV,
  SVC,
  StandardScaler,
  choice,
  learningCurve,
  loadBreastCancer,
  logUniform,
  validationCurve,
} from '../lib/index.js';
import { searchReport } from '../lib/report/index.js';

const OUT = fileURLToPath(new URL('../benchmarks/out/suite-quick/', import.meta.url));
const started = performance.now();
const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1);

console.log('1. RandomizedSearchCV(StandardScaler -> SVC) on breast cancer, 40 candidates, 5 folds');
const { data, target } = await loadBreastCancer();
const svc = () =>
  new Pipeline([
    ['scaler', new StandardScaler()],
    ['svc', new SVC()],
  ]);
const search = await new RandomizedSearchCV(
  svc(),
  { svc__C: logUniform(1e-3, 1e3), svc__gamma: logUniform(1e-4, 1e1), svc__kernel: choice(['rbf', 'poly', 'sigmoid']) },
  { nIter: 40, cv: 5, randomState: 0 },
).fit(data, target);
console.log(`   best ${JSON.stringify(search.bestParams)}: accuracy ${search.bestScore?.toFixed(4)}`);
const paramRange = [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000];
const validation = await validationCurve(svc(), data, target, { paramName: 'svc__C', paramRange, cv: 5 });
const learning = await learningCurve(svc().setParams({ svc__C: 1 }), data, target, { cv: 5 });
const searchPage = await searchReport(search, join(OUT, 'search-report.html'), {
  validationCurve: { result: validation, paramName: 'svc__C', paramRange, title: 'Validation curve of svc__C (RBF, gamma "scale")' },
  learningCurve: { result: learning, title: 'Learning curve (svc__C = 1)' },
});
console.log(`   search report: ${searchPage.path} (${seconds()} s)\n`);

console.log('2. The strategy benchmark suite, quick preset');
const suite = await runSuite({
  preset: 'quick',
  out: OUT,
  command: 'npm run demo',
  links: [{ href: 'search-report.html', text: 'The report of one search: RandomizedSearchCV(SVC) on breast cancer' }],
});
console.log(`\n${suite.markdown.replace(/^/, '   summary: ')}`);
console.log(`   results: ${suite.json}`);
console.log(`   suite report: ${suite.html}`);
console.log(`\nDone in ${seconds()} s. Open the reports in a browser; they need no network.`);
