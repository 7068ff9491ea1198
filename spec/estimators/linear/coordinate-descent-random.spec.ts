import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureWarnings } from '../../../lib/core/warnings.js';
import { ElasticNet, Lasso } from '../../../lib/estimators/linear/index.js';
import { coordinateSource } from '../../../lib/estimators/linear/coordinate-descent-regressor.js';
import type { Dataset } from './fixtures.js';
import { caseName, maxAbsError, maxScaledError } from './fixtures.js';

interface RandomCase {
  readonly estimator: 'Lasso' | 'ElasticNet';
  readonly dataset: string;
  readonly params: Record<string, unknown>;
  readonly coef: number[];
  readonly intercept: number;
  readonly nIter: number;
  readonly dualGap: number;
}

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/linear/cd-random.json', import.meta.url), 'utf8')) as {
  datasets: Record<string, Dataset>;
  cases: RandomCase[];
};

describe("selection: 'random' draws scikit-learn's coordinates (spec/fixtures/linear/generate_cd_random.py)", () => {
  for (const c of fixtures.cases) {
    it(`${c.estimator} ${caseName(c)}: the same sweeps, weights and gap`, async () => {
      const data = fixtures.datasets[c.dataset]!;
      const estimator: Lasso | ElasticNet = c.estimator === 'Lasso' ? new Lasso(c.params) : new ElasticNet(c.params);
      const { result: model } = await captureWarnings(async (): Promise<Lasso | ElasticNet> => estimator.fit(data.X, data.y));
      expect(model.nIter).toBe(c.nIter);
      expect(maxAbsError(model.coef, c.coef)).toBeLessThan(1e-9);
      expect(Math.abs(model.intercept - c.intercept)).toBeLessThan(1e-9);
      expect(maxScaledError([model.dualGap], [c.dualGap])).toBeLessThan(1e-6);
    });
  }

  it("draws scikit-learn's rand_int stream: seeded with RandomState(seed).randint(0, 2^31 - 1)", () => {
    // RandomState(0).randint(0, 2**31 - 1) is 209652396; our_rand_r from there, modulo 10
    const source = coordinateSource(0);
    let s = 209652396;
    for (let k = 0; k < 20; k++) {
      s = (s ^ (s << 13)) >>> 0;
      s = (s ^ (s >>> 17)) >>> 0;
      s = (s ^ (s << 5)) >>> 0;
      expect(source.integer(0, 10)).toBe((s & 0x7fffffff) % 10);
    }
  });
});
