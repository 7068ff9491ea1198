/**
 * A search sums up its fits' warnings (issue 23): each warning is shown once per
 * place, as Python shows it, and one line after the search says how many fits
 * warned; `fitWarnings` keeps the counts, with nJobs 1 and 2 alike.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { captureWarnings, filterWarnings, resetWarnings } from '../../lib/core/warnings.js';
import { loadIris } from '../../lib/datasets/index.js';
import { LogisticRegression } from '../../lib/estimators/linear/index.js';
import { GridSearchCV } from '../../lib/model-selection/index.js';

afterEach(() => resetWarnings());

describe("a search's fit warnings", () => {
  it('counts the fits that warned and sums them up in one line', async () => {
    const { data, target } = await loadIris();
    // two iterations: every fit stops before converging
    const search = new GridSearchCV(new LogisticRegression({ maxIter: 2 }), { C: [0.1, 1, 10] }, { cv: 3, refit: false });
    const { warnings } = await captureWarnings(() => search.fit(data, target));
    expect(search.fitWarnings).toEqual({ fits: 9, of: 9, byCategory: { ConvergenceWarning: 9 } });
    const summary = warnings.filter((w) => w.category === 'UserWarning');
    expect(summary.map((w) => w.message)).toEqual([
      expect.stringMatching(/^GridSearchCV: 9 of 9 fits emitted warnings \(ConvergenceWarning 9\); each is shown once per place\./),
    ]);
  });

  it('says nothing when no fit warned, and counts none', async () => {
    const { data, target } = await loadIris();
    const search = new GridSearchCV(new LogisticRegression({ maxIter: 1000 }), { C: [0.1, 1] }, { cv: 3, refit: false });
    const { warnings } = await captureWarnings(() => search.fit(data, target));
    expect(warnings).toEqual([]);
    expect(search.fitWarnings).toEqual({ fits: 0, of: 6, byCategory: {} });
  });

  it('counts nothing of an ignored category', async () => {
    filterWarnings('ignore', 'ConvergenceWarning');
    const { data, target } = await loadIris();
    const search = new GridSearchCV(new LogisticRegression({ maxIter: 2 }), { C: [0.1, 1] }, { cv: 3, refit: false });
    const { warnings } = await captureWarnings(() => search.fit(data, target));
    expect(warnings).toEqual([]);
    expect(search.fitWarnings?.fits).toBe(0);
  });

  it('counts the warnings of fits on pool workers too', async () => {
    const { data, target } = await loadIris();
    const search = new GridSearchCV(new LogisticRegression({ maxIter: 2 }), { C: [0.1, 1] }, { cv: 2, refit: false, nJobs: 2, shareWork: false });
    await captureWarnings(() => search.fit(data, target));
    expect(search.fitWarnings).toEqual({ fits: 4, of: 4, byCategory: { ConvergenceWarning: 4 } });
  });
});
