/**
 * The fitted weights of SGDClassifier and how a batch updates them: scikit-learn's
 * `_allocate_parameter_mem`, `fit_binary`, `_fit_binary` and `_fit_multiclass`, one
 * binary problem per class (one for two classes), each seeded as scikit-learn seeds it.
 *
 * The arrays are shared between attributes exactly as scikit-learn's are (`coef` is the
 * standard or the averaged weights; a later batch continues from the standard ones), so
 * a sequence of `partialFit` calls gives scikit-learn's weights, quirks included.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { resolveRandomState } from '../../core/check-random-state.js';
import type { DenseMatrix } from '../../core/data.js';
import { RandomState } from '../../core/random-state.js';
import type { PlainSgdSettings, SgdLoopState, SgdRows } from './plain-sgd.js';
import { plainSgd } from './plain-sgd.js';
import type { SgdSharedParams } from './sgd-base.js';
import { averageStart, MAX_INT, maskedRows, validationSplit } from './sgd-base.js';

/** The per-batch settings the estimator hands to {@link SgdClassifierWeights.fitBatch}. */
export interface SgdBatchSettings {
  readonly base: Omit<PlainSgdSettings, 'seed' | 't' | 'weightPos' | 'weightNeg' | 'validationScore' | 'signal' | 'report'>;
  readonly params: SgdSharedParams;
  /** The `randomState` to resolve at each of scikit-learn's `check_random_state` calls. */
  readonly randomState: RandomStateLike;
  /** Per-class weights, in class order. */
  readonly classWeight: Float64Array;
  readonly signal?: AbortSignal | undefined;
  readonly report?: PlainSgdSettings['report'];
}

/** scikit-learn's `np.iinfo(np.int32).max`, the bound of the dataset seed. */
const INT32_MAX = 2147483647;

/** SGDClassifier's weights: `rows` models (1 for two classes) of `p` weights each. */
export class SgdClassifierWeights {
  coef: Float64Array;
  intercept: Float64Array;
  standardCoef: Float64Array | undefined;
  standardIntercept: Float64Array | undefined;
  averageCoef: Float64Array | undefined;
  averageIntercept: Float64Array | undefined;
  /** Updates so far plus one (scikit-learn's `t_`). */
  t = 1;
  nIter = 0;
  /** Where each problem's epoch loop stood after the last batch (one per row of `coef`). */
  loops: SgdLoopState[] = [];

  /**
   * scikit-learn's `_allocate_parameter_mem`, from zero or from `init` (warm start).
   * With averaging, the standard weights are `coef` and the averages start at zero.
   */
  constructor(
    readonly rows: number,
    readonly p: number,
    average: number,
    init?: { coef: Float64Array; intercept: Float64Array },
  ) {
    this.coef = init === undefined ? new Float64Array(rows * p) : init.coef.slice();
    this.intercept = init === undefined ? new Float64Array(rows) : init.intercept.slice();
    if (average > 0) {
      this.standardCoef = this.coef;
      this.averageCoef = new Float64Array(rows * p);
      this.standardIntercept = this.intercept;
      this.averageIntercept = new Float64Array(rows);
    }
  }

  /**
   * Fits one batch (`maxIter` epochs; one for `partialFit`) of rows with class codes
   * `codes` among `nClasses` (scikit-learn's `_fit_binary` or `_fit_multiclass`). With
   * `resume` (the {@link SgdClassifierWeights.loops} of the batch that fitted these
   * weights, on the same rows), runs the epochs after that batch's, up to `maxIter` in
   * all, leaving the weights as one batch with that `maxIter` would have.
   */
  async fitBatch(X: DenseMatrix, rows: SgdRows, codes: Int32Array, nClasses: number, s: SgdBatchSettings, resume?: readonly SgdLoopState[]): Promise<void> {
    const n = X.rows;
    const average = averageStart(s.params.average);
    // the update counter when the batch started, and the arrays the problems update (the standard ones)
    const tStart = resume === undefined ? this.t : this.t - this.nIter * n;
    if (resume !== undefined && average > 0) {
      this.coef = this.standardCoef as Float64Array;
      this.intercept = this.standardIntercept as Float64Array;
    }
    this.t = tStart;
    if (nClasses === 2) {
      const { intercept, nIter, loop } = await this.fitBinary(X, rows, codes, 1, s, {
        weightPos: s.classWeight[1],
        weightNeg: s.classWeight[0],
        randomState: s.randomState,
        validation: undefined,
        report: s.report,
        resume: resume?.[0],
      });
      this.t += nIter * n;
      this.nIter = nIter;
      this.loops = [loop];
      if (average > 0) {
        if (average <= this.t - 1) {
          this.coef = this.averageCoef as Float64Array;
          this.intercept = this.averageIntercept as Float64Array;
        } else {
          this.coef = this.standardCoef as Float64Array;
          this.standardIntercept = Float64Array.of(intercept);
          this.intercept = this.standardIntercept;
        }
      } else {
        this.intercept = Float64Array.of(intercept);
      }
      return;
    }
    // the validation rows are drawn once, stratified on the class labels (a resumed batch has its problems' draws)
    const validation = resume === undefined ? validationSplit(s.params, s.randomState, Array.from(codes), true) : undefined;
    const seeds = resume === undefined ? resolveRandomState(s.randomState).randint(0, MAX_INT, nClasses) : new Int32Array(nClasses);
    const results: { intercept: number; nIter: number; loop: SgdLoopState }[] = [];
    for (let c = 0; c < nClasses; c++) {
      results.push(
        await this.fitBinary(X, rows, codes, c, s, {
          weightPos: s.classWeight[c],
          weightNeg: 1,
          randomState: seeds[c] as number,
          validation,
          report: undefined,
          resume: resume?.[c],
        }),
      );
    }
    let nIter = 0;
    results.forEach((r, c) => {
      this.intercept[c] = r.intercept;
      nIter = Math.max(nIter, r.nIter);
    });
    this.loops = results.map((r) => r.loop);
    this.t += nIter * n;
    this.nIter = nIter;
    if (average > 0) {
      if (average <= this.t - 1) {
        this.coef = this.averageCoef as Float64Array;
        this.intercept = this.averageIntercept as Float64Array;
      } else {
        this.coef = this.standardCoef as Float64Array;
        this.standardIntercept = this.intercept;
      }
    }
  }

  /** scikit-learn's `fit_binary`: class `c` against the rest, updating row `c` (row 0 for two classes) in place. */
  private async fitBinary(
    X: DenseMatrix,
    rows: SgdRows,
    codes: Int32Array,
    c: number,
    s: SgdBatchSettings,
    o: {
      weightPos: number;
      weightNeg: number;
      randomState: RandomStateLike;
      validation: Uint8Array | undefined;
      report: PlainSgdSettings['report'];
      resume: SgdLoopState | undefined;
    },
  ): Promise<{ intercept: number; nIter: number; loop: SgdLoopState }> {
    const n = X.rows;
    const p = this.p;
    const row = this.rows === 1 ? 0 : c;
    const averaging = averageStart(s.params.average) > 0;
    const standard = averaging ? (this.standardCoef as Float64Array) : this.coef;
    const standardIntercept = averaging ? (this.standardIntercept as Float64Array) : this.intercept;
    const w = standard.subarray(row * p, (row + 1) * p);
    const aw = averaging ? (this.averageCoef as Float64Array).subarray(row * p, (row + 1) * p) : undefined;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = codes[i] === c ? 1 : -1;
    // check_random_state(random_state); make_dataset draws its (unused) seed first (a resumed problem has its draws)
    let validation: Uint8Array;
    let seed = 0;
    if (o.resume === undefined) {
      const rng = resolveRandomState(o.randomState);
      rng.randint(1, INT32_MAX);
      validation = o.validation ?? validationSplit(s.params, o.randomState, Array.from(y), true);
      seed = rng.randint(0, MAX_INT);
    } else {
      validation = o.resume.validation;
    }
    const result = await plainSgd(
      rows,
      { y, sampleWeight: new Float64Array(n).fill(1), validation },
      { w, aw, q: s.base.penalty === 1 || s.base.penalty === 3 ? new Float64Array(p) : undefined },
      { intercept: standardIntercept[row], averageIntercept: averaging ? (this.averageIntercept as Float64Array)[row] : 0 },
      {
        ...s.base,
        seed,
        t: this.t,
        weightPos: o.weightPos,
        weightNeg: o.weightNeg,
        validationScore: s.params.earlyStopping ? accuracyScorer(X, y, validation) : undefined,
        signal: s.signal,
        report: o.report,
      },
      o.resume,
    );
    if (averaging) (this.averageIntercept as Float64Array)[row] = result.averageIntercept;
    return { intercept: result.intercept, nIter: result.nIter, loop: result.loop };
  }
}

/**
 * The validation score of scikit-learn's early stopping for one binary problem: the
 * accuracy of `sign(x · w + b)` on the validation rows (labels ±1).
 */
function accuracyScorer(X: DenseMatrix, y: Float64Array, validation: Uint8Array): (w: Float64Array, b: number) => number {
  const { values, rows } = maskedRows(X, validation);
  const p = X.columns;
  return (w, b) => {
    let correct = 0;
    rows.forEach((i, k) => {
      let s = 0;
      for (let j = 0; j < p; j++) s += values[k * p + j] * w[j];
      const predicted = s + b > 0 ? 1 : -1;
      if (predicted === y[i]) correct++;
    });
    return correct / rows.length;
  };
}

/** A fresh generator for a fit without `randomState` (scikit-learn's global one). */
export function fitRandomState(randomState: RandomStateLike | null): RandomStateLike {
  return randomState ?? new RandomState();
}
