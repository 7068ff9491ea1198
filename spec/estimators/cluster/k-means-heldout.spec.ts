import { describe, it } from 'vitest';
import { caseTitle, expectKMeansCase, loadKMeansFixture } from './fixtures.js';

// Held-out: data, parameters and seeds drawn at random by spec/fixtures/cluster/generate.py
describe("KMeans on held-out data equals scikit-learn's (spec/fixtures/cluster/kmeans_heldout.json)", () => {
  const fixture = loadKMeansFixture('kmeans_heldout.json');
  it.each(fixture.cases.map((c) => [caseTitle(c), c] as const))('%s', async (_, c) => expectKMeansCase(fixture, c));
});
