import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../lib/core/data.js';
import { forestFeatureImportances, growForest } from '../../../lib/estimators/tree/forest.js';
import { prepareTreeData } from '../../../lib/estimators/tree/tree-data.js';

const rows = Array.from({ length: 30 }, (_, i) => [Math.cos(i), (i * 7) % 11, i % 2]);
const data = prepareTreeData(DenseMatrix.fromRows(rows), 'T');
const target = { kind: 'classification' as const, codes: Int32Array.from(rows, (r) => (r[0]! > 0 ? 1 : 0)), nClasses: 2 };
const tree = { criterion: 'gini' as const, maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 2 };

describe('growForest', () => {
  it('seeds tree t from the forest generator: more trees do not change the first ones', async () => {
    const five = await growForest(data, target, { owner: 'T', nEstimators: 5, bootstrap: true, randomState: 3, tree });
    const eight = await growForest(data, target, { owner: 'T', nEstimators: 8, bootstrap: true, randomState: 3, tree });
    expect(eight.slice(0, 5)).toEqual(five);
  });

  it('grows each tree on a bootstrap sample: n draws, so the root weighs n', async () => {
    const trees = await growForest(data, target, { owner: 'T', nEstimators: 6, bootstrap: true, randomState: 1, tree });
    for (const t of trees) {
      expect(t.weightedNNodeSamples[0]).toBe(30);
      expect(t.nNodeSamples[0]).toBeLessThan(30); // distinct rows drawn
    }
    const whole = await growForest(data, target, { owner: 'T', nEstimators: 2, bootstrap: false, randomState: 1, tree });
    for (const t of whole) expect(t.nNodeSamples[0]).toBe(30);
  });

  it('averages the importances of the trees that split', async () => {
    const trees = await growForest(data, target, { owner: 'T', nEstimators: 4, bootstrap: true, randomState: 0, tree });
    const imp = forestFeatureImportances(trees, 3);
    expect(imp.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    const leaf = { ...trees[0]!, nodeCount: 1 };
    expect(Array.from(forestFeatureImportances([leaf], 3))).toEqual([0, 0, 0]);
  });
});
