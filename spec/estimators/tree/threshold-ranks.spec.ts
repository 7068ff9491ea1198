import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { Rng } from '../../../lib/core/rng.js';
import { prepareTreeData } from '../../../lib/estimators/tree/tree-data.js';
import { ThresholdRanks } from '../../../lib/estimators/tree/threshold-ranks.js';

/** The last rank in [minRank, maxRank] whose value is at most the threshold, by a scan. */
function reference(values: Float64Array, threshold: number, minRank: number, maxRank: number): number {
  let r = minRank;
  while (r < maxRank && (values[r + 1] as number) <= threshold) r++;
  return r;
}

describe('ThresholdRanks', () => {
  const rng = new Rng(3);
  const n = 400;
  const columns = [
    Array.from({ length: n }, () => rng.normal()), // smooth
    Array.from({ length: n }, () => Math.exp(6 * rng.normal())), // heavy tail: most values in the first bucket
    Array.from({ length: n }, () => Math.round(rng.normal() * 3)), // few distinct values
    Array.from({ length: n }, (_, i) => (i < n - 1 ? 1 : 1 + 2 ** -23)), // two float32 neighbours
    Array.from({ length: n }, () => 7), // one value
  ];
  const data = prepareTreeData(DenseMatrix.fromRows(Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!))), 'T');
  const ranks = new ThresholdRanks(data);

  it('finds the rank of thresholds drawn inside node ranges, as a scan does', () => {
    for (let f = 0; f < columns.length; f++) {
      const values = data.distinct[f]!;
      const last = values.length - 1;
      for (let trial = 0; trial < 300; trial++) {
        const a = Math.floor(rng.random() * (last + 1));
        const b = Math.floor(rng.random() * (last + 1));
        const [minRank, maxRank] = a <= b ? [a, b] : [b, a];
        const low = values[minRank]!;
        const high = values[maxRank]!;
        const threshold = low + (high - low) * rng.random();
        expect(ranks.rankAtMost(f, threshold, minRank, maxRank)).toBe(reference(values, threshold, minRank, maxRank));
      }
      // the ends of the range, and every distinct value as a threshold
      for (let r = 0; r <= last; r++) expect(ranks.rankAtMost(f, values[r]!, 0, last)).toBe(r);
    }
  });
});
