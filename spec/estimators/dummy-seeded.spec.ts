import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Label } from '../../lib/core/data.js';
import { RandomState } from '../../lib/core/random-state.js';
import { DummyClassifier } from '../../lib/estimators/dummy.js';

interface DummyCase {
  y: Label[];
  strategy: 'stratified' | 'uniform';
  seed: number;
  n: number;
  shared: boolean;
  predict: Label[];
  predict2?: Label[];
  proba?: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/dummy/seeded.json', import.meta.url), 'utf8')) as { cases: DummyCase[] };
const zeros = (n: number): number[][] => Array.from({ length: n }, () => [0]);

describe("DummyClassifier's random strategies equal scikit-learn's for the same seed (spec/fixtures/dummy)", () => {
  it.each(fixture.cases.map((c) => [`${c.strategy}, ${new Set(c.y).size} classes, seed ${c.seed}${c.shared ? ', one RandomState' : ''}`, c] as const))(
    '%s',
    async (_, c) => {
      const randomState = c.shared ? new RandomState(c.seed) : c.seed;
      const est = await new DummyClassifier({ strategy: c.strategy, randomState }).fit(zeros(c.y.length), c.y);
      expect(await est.predict(zeros(c.n))).toEqual(c.predict);
      if (c.predict2) expect(await est.predict(zeros(c.n))).toEqual(c.predict2);
      if (c.proba) expect(await est.predictProba(zeros(c.n))).toEqual(c.proba);
    },
  );
});
