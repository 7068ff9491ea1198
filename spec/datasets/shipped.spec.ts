import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../lib/core/errors.js';
import type { Dataset } from '../../lib/datasets/index.js';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from '../../lib/datasets/index.js';

interface ShippedFixture {
  shape: [number, number];
  feature_names: string[];
  target_names: string[];
  data_sha256: string;
  target_sha256: string;
  column_sums: number[];
  first_row: number[];
  last_row: number[];
  first_targets: number[];
  target_sum: number;
  target_counts: Record<string, number> | null;
  description_sha256: string;
  description_length: number;
  description_first_line: string;
}

const fixtures = (JSON.parse(readFileSync(new URL('../fixtures/datasets/shipped.json', import.meta.url), 'utf8')) as { datasets: Record<string, ShippedFixture> })
  .datasets;
const scaledDiabetes = JSON.parse(readFileSync(new URL('../fixtures/datasets/diabetes_scaled.json', import.meta.url), 'utf8')) as {
  data: number[][];
  target: number[];
};

/** SHA-256 of values as little-endian float64, as numpy's `astype('<f8').tobytes()`. */
function sha256(values: readonly number[]): string {
  const array = Float64Array.from(values);
  const bytes = new Uint8Array(array.length * 8);
  const view = new DataView(bytes.buffer);
  array.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return createHash('sha256').update(bytes).digest('hex');
}

const loaders: Record<string, () => Promise<Dataset>> = {
  iris: loadIris,
  diabetes: () => loadDiabetes(),
  diabetes_raw: () => loadDiabetes({ scaled: false }),
  digits: () => loadDigits(),
  digits_3: () => loadDigits({ nClass: 3 }),
  breast_cancer: loadBreastCancer,
  wine: loadWine,
};

for (const [name, load] of Object.entries(loaders)) {
  describe(`${name} as scikit-learn loads it`, () => {
    const f = fixtures[name]!;

    it('has the shape, names and description', async () => {
      const d = await load();
      expect([d.data.length, d.data[0]!.length]).toEqual(f.shape);
      expect(d.target).toHaveLength(f.shape[0]);
      expect(d.featureNames).toEqual(f.feature_names);
      expect(d.targetNames).toEqual(f.target_names);
      expect(d.description).toHaveLength(f.description_length);
      expect(d.description.split('\n')[0]).toBe(f.description_first_line);
      expect(createHash('sha256').update(d.description, 'utf8').digest('hex')).toBe(f.description_sha256);
    });

    it('holds exactly scikit-learn\'s values', async () => {
      const d = await load();
      expect(d.data[0]).toEqual(f.first_row);
      expect(d.data[d.data.length - 1]).toEqual(f.last_row);
      expect(d.target.slice(0, 5)).toEqual(f.first_targets);
      expect(sha256(d.data.flat())).toBe(f.data_sha256);
      expect(sha256(d.target)).toBe(f.target_sha256);
      f.column_sums.forEach((sum, j) => {
        const ours = d.data.reduce((s, row) => s + row[j]!, 0);
        expect(Math.abs(ours - sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(sum)));
      });
      expect(d.target.reduce((s, v) => s + v, 0)).toBe(f.target_sum);
      if (f.target_counts) {
        const counts: Record<string, number> = {};
        for (const t of d.target) counts[String(t)] = (counts[String(t)] ?? 0) + 1;
        expect(counts).toEqual(Object.fromEntries(Object.entries(f.target_counts).map(([k, v]) => [String(Number(k)), v])));
      }
    });
  });
}

describe('loadDiabetes', () => {
  it('scales like load_diabetes(scaled=True), to 1e-15', async () => {
    const { data, target } = await loadDiabetes();
    expect(target).toEqual(scaledDiabetes.target);
    let worst = 0;
    data.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - scaledDiabetes.data[i]![j]!)))));
    expect(worst).toBeLessThanOrEqual(1e-15);
  });

  it('gives columns of mean 0 and Euclidean norm 1', async () => {
    const { data } = await loadDiabetes();
    for (let j = 0; j < 10; j++) {
      const column = data.map((r) => r[j]!);
      expect(Math.abs(column.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
      expect(Math.sqrt(column.reduce((a, b) => a + b * b, 0))).toBeCloseTo(1, 12);
    }
  });

  it('rejects unknown or bad options', async () => {
    await expect(loadDiabetes({ scale: true } as never)).rejects.toThrow(
      'Unknown option "scale" for loadDiabetes. Valid options are: "scaled". Did you mean "scaled"?',
    );
    await expect(loadDiabetes({ scaled: 1 as never })).rejects.toThrow('The "scaled" option of loadDiabetes must be a boolean. Got 1 instead.');
  });
});

describe('shipped loaders', () => {
  it('return fresh arrays on every call', async () => {
    const a = await loadIris();
    a.data[0]![0] = -1;
    a.target[0] = 9;
    const b = await loadIris();
    expect(b.data[0]![0]).toBe(5.1);
    expect(b.target[0]).toBe(0);
  });

  it('validate loadDigits nClass', async () => {
    await expect(loadDigits({ nClass: 11 })).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(loadDigits({ nClass: 0 })).rejects.toThrow('The "nClass" option of loadDigits must be an int in the range [1, 10]. Got 0 instead.');
  });
});
