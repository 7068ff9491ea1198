/** Runs the shared-work example of docs/shared-work.md. */
import { describe, expect, it } from 'vitest';
import type { DenseMatrix, Label, MatrixLike, SharedWork, TargetLike, Vector } from '../../lib/index.js';
import { BaseClassifier, GridSearchCV, encodeLabels, loadIris, realIn, stateKey } from '../../lib/index.js';
import { checkEstimator } from '../contracts/estimator.contract.js';

interface ShrunkCentroidParams {
  shrinkage: number; // 0: the class means; 1: the overall mean
}

/** Per class: the sum of its rows and its count. */
interface ClassSums {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
}

/** How many states the example built (to check the search built one per split). */
let built = 0;

function classSums(X: DenseMatrix, codes: Int32Array, nClasses: number): ClassSums {
  const p = X.columns;
  const sums = new Float64Array(nClasses * p);
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < X.rows; i++) {
    counts[codes[i]!]! += 1;
    for (let j = 0; j < p; j++) sums[codes[i]! * p + j]! += X.values[i * p + j]!;
  }
  return { sums, counts };
}

class ShrunkCentroid extends BaseClassifier<ShrunkCentroidParams> {
  private centroids: Float64Array | undefined;
  private primed: ClassSums | undefined;

  constructor(params: Partial<ShrunkCentroidParams> = {}) {
    super('ShrunkCentroid', { shrinkage: { default: 0.5, constraints: realIn({ min: 0, max: 1 }) } }, params);
  }

  /** The class sums depend on no param: one state per split for every shrinkage. */
  sharedWork(): SharedWork<ClassSums> {
    return {
      key: stateKey({}) as string,
      build: async (rows) => {
        built++;
        const { classes, codes } = encodeLabels(rows.yTrain as Vector);
        const state = classSums(rows.XTrain, codes, classes.length);
        return { value: state, bytes: (state.sums.length + state.counts.length) * 8 };
      },
      fit: async (state, rows) => {
        this.primed = state;
        await this.fit(rows.XTrain, rows.yTrain);
        return undefined;
      },
    };
  }

  async fit(X: MatrixLike, y?: TargetLike): Promise<this> {
    const primed = this.primed;
    this.primed = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    const { sums, counts } = primed ?? classSums(matrix, codes, classes.length);
    const p = matrix.columns;
    const total = counts.reduce((s, c) => s + c, 0);
    const s = this.params.shrinkage;
    this.centroids = new Float64Array(classes.length * p);
    for (let j = 0; j < p; j++) {
      let all = 0;
      for (let c = 0; c < classes.length; c++) all += sums[c * p + j]!;
      for (let c = 0; c < classes.length; c++) this.centroids[c * p + j] = (1 - s) * (sums[c * p + j]! / counts[c]!) + (s * all) / total;
    }
    return this;
  }

  async predict(X: MatrixLike): Promise<Label[]> {
    const { state: centroids, X: matrix } = this.preparePredict(this.centroids, X, 'predict');
    const p = matrix.columns;
    const k = centroids.length / p;
    const codes = Array.from({ length: matrix.rows }, (_, i) => {
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        let d = 0;
        for (let j = 0; j < p; j++) d += (matrix.values[i * p + j]! - centroids[c * p + j]!) ** 2;
        if (d < bestDistance) [best, bestDistance] = [c, d];
      }
      return best;
    });
    return this.decodeLabels(codes);
  }
}

checkEstimator('ShrunkCentroid (docs example)', () => new ShrunkCentroid(), { kind: 'classifier' });

describe('the shared-work example', () => {
  it('builds one state per split for every shrinkage, with the cvResults of shareWork: false', async () => {
    const iris = await loadIris();
    const [X, y] = [iris.data, iris.target];
    built = 0;
    const search = await new GridSearchCV(new ShrunkCentroid(), { shrinkage: [0, 0.25, 0.5, 0.75] }).fit(X, y);
    expect(built).toBe(5);
    expect(search.sharedWork?.statesBuilt).toBe(10);
    const alone = await new GridSearchCV(new ShrunkCentroid(), { shrinkage: [0, 0.25, 0.5, 0.75] }, { shareWork: false }).fit(X, y);
    expect(built).toBe(5);
    for (let k = 0; k < 5; k++) {
      const column = `split${k}_test_score`;
      expect(search.cvResults[column]).toEqual(alone.cvResults[column]);
    }
    expect(search.bestParams).toEqual(alone.bestParams);
    expect(search.cvResults.mean_test_score[0]).toBeGreaterThan(0.9);
  });
});
