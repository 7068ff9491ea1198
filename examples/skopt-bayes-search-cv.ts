/**
 * scikit-optimize's README example of BayesSearchCV, line for line: an SVC on
 * the digits, its C and gamma on log scales, an integer degree and a
 * categorical kernel, 32 candidates with 3-fold cross-validation.
 *
 *     npx tsx examples/skopt-bayes-search-cv.ts
 *
 * The space is written as scikit-optimize writes it, with one difference that
 * JavaScript forces: Python's integer tuple `(1, 8)` is `[1n, 8n]` (BigInt
 * literals; `[1, 8]` would be a real range, as `(1.0, 8.0)` is in Python).
 */
import { pathToFileURL } from 'node:url';
import { BayesSearchCV, SVC, loadDigits, trainTestSplit } from '../lib/index.js';

/** The README's search (`nIter` 32; the test runs it on fewer rows and candidates). */
export async function main(options: { readonly nIter?: number; readonly rows?: number } = {}): Promise<{ valScore: number; testScore: number; bestParams: Readonly<Record<string, unknown>> }> {
  const { data, target } = await loadDigits({ nClass: 10 }); // X, y = load_digits(n_class=10, return_X_y=True)
  const [X, y] = options.rows === undefined ? [data, target] : [data.slice(0, options.rows), target.slice(0, options.rows)];
  const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { trainSize: 0.75, testSize: 0.25, randomState: 0 }); // X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=0.75, test_size=.25, random_state=0)

  // log-uniform: understand as search over p = exp(x) by varying x
  const opt = new BayesSearchCV( // opt = BayesSearchCV(
    new SVC(), //   SVC(),
    { //   {
      C: [1e-6, 1e6, 'log-uniform'], //     'C': (1e-6, 1e+6, 'log-uniform'),
      gamma: [1e-6, 1e1, 'log-uniform'], //     'gamma': (1e-6, 1e+1, 'log-uniform'),
      degree: [1n, 8n], //     'degree': (1, 8),  # integer valued parameter
      kernel: ['linear', 'poly', 'rbf'], //     'kernel': ['linear', 'poly', 'rbf'],  # categorical parameter
    }, //   },
    { nIter: options.nIter ?? 32, cv: 3, randomState: 0 }, //   n_iter=32, cv=3
  ); // )

  await opt.fit(XTrain, yTrain); // opt.fit(X_train, y_train)

  const valScore = opt.bestScore as number;
  const testScore = await opt.score(XTest, yTest);
  console.log(`val. score: ${valScore}`); // print("val. score: %s" % opt.best_score_)
  console.log(`test score: ${testScore}`); // print("test score: %s" % opt.score(X_test, y_test))
  return { valScore, testScore, bestParams: { ...opt.bestParams } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
