/**
 * A quick tour of the scikit-learn-style API, on data shipped with the package, offline.
 *
 *     npx tsx examples/quickstart.ts
 *
 * 1. Cross-validates a Ridge regression on the diabetes data.
 * 2. Grid-searches a scaled logistic regression on breast cancer with three metrics.
 * 3. Random-searches k-nearest neighbours on digits and scores the best model on held-out rows.
 */
import {
  GridSearchCV,
  KNeighborsClassifier,
  LogisticRegression,
  Pipeline,
  RandomizedSearchCV,
  Ridge,
  StandardScaler,
  crossValidate,
  loadBreastCancer,
  loadDiabetes,
  loadDigits,
  randInt,
  trainTestSplit,
} from '../lib/index.js';

function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : JSON.stringify(v) ?? '');
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();

  console.log('\n1. crossValidate(Ridge) on diabetes, 5 folds');
  const diabetes = await loadDiabetes();
  const cv = await crossValidate(new Ridge({ alpha: 0.1 }), diabetes.data, diabetes.target, {
    cv: 5,
    scoring: ['r2', 'neg_mean_absolute_error'],
  });
  console.log(`   R² per fold: ${cv.test_r2.map((v) => v.toFixed(3)).join(', ')}`);
  console.log(`   MAE per fold: ${cv.test_neg_mean_absolute_error.map((v) => (-v).toFixed(1)).join(', ')}`);

  console.log('\n2. GridSearchCV(StandardScaler -> LogisticRegression) on breast cancer, refit on f1');
  const cancer = await loadBreastCancer();
  const grid = await new GridSearchCV(
    new Pipeline([
      ['scaler', new StandardScaler()],
      ['clf', new LogisticRegression({ maxIter: 500 })],
    ]),
    { clf__C: [0.01, 0.1, 1, 10], clf__classWeight: [null, 'balanced'] },
    { cv: 5, scoring: ['accuracy', 'f1', 'roc_auc'], refit: 'f1' },
  ).fit(cancer.data, cancer.target);
  const top = grid
    .resultsTable()
    .sort((a, b) => (a.rank_test_f1 as number) - (b.rank_test_f1 as number))
    .slice(0, 5);
  console.log(table(top, ['rank_test_f1', 'param_clf__C', 'param_clf__classWeight', 'mean_test_f1', 'mean_test_accuracy', 'mean_test_roc_auc']).replace(/^/gm, '   '));
  console.log(`   best: ${JSON.stringify(grid.bestParams)} (f1 ${grid.bestScore?.toFixed(4)})`);

  console.log('\n3. RandomizedSearchCV(KNeighborsClassifier) on digits, scored on a held-out 25%');
  const digits = await loadDigits();
  const split = trainTestSplit(digits.data, digits.target, { testSize: 0.25, randomState: 0, stratify: digits.target });
  const random = await new RandomizedSearchCV(
    new KNeighborsClassifier(),
    { nNeighbors: randInt(1, 16), weights: ['uniform', 'distance'], p: [1, 2] },
    { nIter: 12, cv: 3, randomState: 0 },
  ).fit(split.XTrain, split.yTrain);
  console.log(`   best params: ${JSON.stringify(random.bestParams)}, CV accuracy ${random.bestScore?.toFixed(4)}`);
  console.log(`   held-out accuracy: ${(await random.score(split.XTest, split.yTest)).toFixed(4)}`);

  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

await main();
