/**
 * C-support vector classification: scikit-learn's `SVC`, trained by our SMO solver
 * with libsvm's algorithm (the engine scikit-learn's SVC wraps).
 */
import { Checkpoint } from '../../core/checkpoint.js';
import type { Label, MatrixLike, TargetLike, Vector } from '../../core/data.js';
import { typeOfTarget } from '../../core/data.js';
import { AbortError, ValidationError } from '../../core/errors.js';
import type { FitOptions, ParamSchema } from '../../core/estimator.js';
import type { RandomStateLike } from '../../core/check-random-state.js';
import { randomStateObject, seedValue } from '../../core/check-random-state.js';
import { booleanValue, invalidArgument, invalidParameter, nullValue, oneOf } from '../../core/validate.js';
import { BaseClassifier } from '../base.js';
import type { ClassWeight } from '../linear/class-weight.js';
import { classWeightObject, computeClassWeight, pythonRepr } from '../linear/class-weight.js';
import { resolveGamma } from './kernels.js';
import type { OneVsOneModel } from './one-vs-one.js';
import { oneVsOneDecisions, oneVsOneVotes, trainOneVsOne } from './one-vs-one.js';
import { multiclassProbability, sigmoidPredict } from './platt.js';
import { libsvmSeedFromRandomState } from './sklearn-random.js';
import type { LibsvmParams } from './svm-params.js';
import { LIBSVM_PARAMS_SCHEMA } from './svm-params.js';
import { SMO_CHECK_STRIDE, checkFiniteMachine } from './svm-train.js';
import { registerTransferable } from '../../core/transfer.js';
import type { SharedWork } from '../../core/shared-state.js';
import type { SvmStart, SvmState, WarmDual } from './svm-shared.js';
import { svmSharedWork } from './svm-shared.js';

/** The shape of `decisionFunction` for more than two classes. */
export type DecisionFunctionShape = 'ovr' | 'ovo';

/** Parameters of {@link SVC}. */
export interface SVCParams extends LibsvmParams {
  /**
   * Calibrate probabilities during fit (Platt scaling on 5-fold cross-validated
   * decision values, per pair of classes), for `predictProba`. Fit solves six
   * problems per pair instead of one (they share the kernel matrix when it fits in
   * `cacheSize`), so it takes a few times longer.
   * @default false
   */
  probability: boolean;
  /**
   * Class weights, multiplying C per class: `null`, 'balanced' or `{ label: weight }`.
   * @default null
   */
  classWeight: ClassWeight;
  /**
   * `decisionFunction` for more than two classes: 'ovr' gives one column per class
   * (one-vs-one votes plus a tie-breaking confidence), 'ovo' one column per pair.
   * @default 'ovr'
   */
  decisionFunctionShape: DecisionFunctionShape;
  /**
   * With 'ovr' and more than two classes, `predict` takes the argmax of the 'ovr'
   * decision function instead of libsvm's vote (whose ties go to the first class).
   * @default false
   */
  breakTies: boolean;
  /**
   * Seeds the shuffling of the probability calibration folds (only used with
   * `probability: true`); an integer gives scikit-learn's folds for the same
   * `random_state`. `null`: a fresh seed every fit.
   * @default null
   */
  randomState: RandomStateLike | null;
}

const SCHEMA: ParamSchema<SVCParams> = {
  C: LIBSVM_PARAMS_SCHEMA.C,
  kernel: LIBSVM_PARAMS_SCHEMA.kernel,
  degree: LIBSVM_PARAMS_SCHEMA.degree,
  gamma: LIBSVM_PARAMS_SCHEMA.gamma,
  coef0: LIBSVM_PARAMS_SCHEMA.coef0,
  shrinking: LIBSVM_PARAMS_SCHEMA.shrinking,
  probability: { default: false, constraints: booleanValue },
  tol: LIBSVM_PARAMS_SCHEMA.tol,
  cacheSize: LIBSVM_PARAMS_SCHEMA.cacheSize,
  classWeight: { default: null, constraints: [nullValue, oneOf(['balanced']), classWeightObject] },
  decisionFunctionShape: { default: 'ovr', constraints: oneOf(['ovr', 'ovo']) },
  breakTies: { default: false, constraints: booleanValue },
  randomState: { default: null, constraints: [nullValue, seedValue, randomStateObject] },
};

/** libsvm's clipping of pairwise probabilities. */
const MIN_PROBABILITY = 1e-7;

/**
 * A support vector classifier with a kernel (C-SVC), trained with libsvm's algorithm.
 *
 * More than two classes are handled one-vs-one, as libsvm does: `predict` is the
 * class with most pairwise wins (ties: the class that sorts first), and
 * `decisionFunction` gives scikit-learn's 'ovr' transform of the pairwise decision
 * values by default. For two classes the decision function is one value per
 * sample, positive for `classes[1]`.
 *
 * Fitting solves one problem per pair of classes with libsvm's SMO algorithm
 * (second-order working-set selection, shrinking, an LRU cache of kernel columns of
 * `cacheSize` MB), the kernel values computed by WebAssembly SIMD kernels; the
 * support vectors, coefficients and intercepts are scikit-learn's. With
 * `probability: true`, `randomState` reproduces scikit-learn's calibration folds.
 *
 * @example
 * ```ts
 * const X = [[0, 0], [0, 1], [1, 0], [3, 3], [3, 4], [4, 3]];
 * const svc = await new SVC({ kernel: 'linear' }).fit(X, ['a', 'a', 'a', 'b', 'b', 'b']);
 * await svc.predict([[0.5, 0.5], [3.5, 3.5]]); // ['a', 'b']
 * await svc.decisionFunction([[2, 2]]); // Float64Array [≈0.2]: positive, so leaning to 'b'
 * ```
 */
export class SVC extends BaseClassifier<SVCParams> {
  private fitted: OneVsOneModel | undefined;
  /** What the next fit starts from (shared work, see {@link SVC.sharedWork}). */
  private start: SvmStart | undefined;

  constructor(params: Partial<SVCParams> = {}) {
    super('SVC', SCHEMA, params);
  }

  /**
   * Shares a split's kernel matrix among the candidates of a search with the
   * same kernel, and fits the candidates that differ only in C along a
   * warm-start path (see `svm-shared.ts`).
   */
  sharedWork(): SharedWork<SvmState, WarmDual> | undefined {
    return svmSharedWork(this.params as unknown as SVCParams & Record<string, unknown>, true, async (start, rows) => {
      this.start = start;
      const solved: Float64Array[] = [];
      this.solved = solved;
      await this.fit(rows.XTrain, rows.yTrain);
      return solved;
    });
  }

  /** Receives the dual solutions of a fit from a shared state. */
  private solved: Float64Array[] | undefined;

  /** Training-row index of each support vector, by class then row (scikit-learn's `support_`). @throws {NotFittedError} before fit. */
  get support(): number[] {
    return Array.from(this.requireFitted(this.fitted, 'support').support);
  }

  /** The number of support vectors of each class (`n_support_`). @throws {NotFittedError} before fit. */
  get nSupport(): number[] {
    return Array.from(this.requireFitted(this.fitted, 'nSupport').nSupport);
  }

  /** The support vectors, one row each (`support_vectors_`). @throws {NotFittedError} before fit. */
  get supportVectors(): number[][] {
    return this.requireFitted(this.fitted, 'supportVectors').supportVectors.toArray();
  }

  /**
   * The dual coefficients (`dual_coef_`): `nClasses − 1` rows of one value per
   * support vector, in libsvm's layout (for two classes, negated like
   * scikit-learn so that positive means `classes[1]`). @throws {NotFittedError} before fit.
   */
  get dualCoef(): number[][] {
    const model = this.requireFitted(this.fitted, 'dualCoef');
    const k = model.nClasses;
    const out = Array.from({ length: k - 1 }, () => new Array<number>(model.support.length).fill(0));
    const start = new Int32Array(k + 1);
    for (let c = 0; c < k; c++) start[c + 1] = start[c] + model.nSupport[c];
    for (const { i, j, sv, coef } of model.pairs) {
      sv.forEach((position, s) => {
        // class i's coefficients go to row j − 1, class j's to row i
        out[position < start[i + 1] ? j - 1 : i][position] = k === 2 ? -coef[s] : coef[s];
      });
    }
    return out;
  }

  /** The intercept of each pair (`intercept_`, −rho; for two classes +rho, positive meaning `classes[1]`). @throws {NotFittedError} before fit. */
  get intercept(): number[] {
    const model = this.requireFitted(this.fitted, 'intercept');
    return model.pairs.map(({ rho }) => (model.nClasses === 2 ? rho : -rho));
  }

  /** Platt's A per pair (`probA_`); empty without `probability`. @throws {NotFittedError} before fit. */
  get probA(): number[] {
    return this.requireFitted(this.fitted, 'probA').pairs.flatMap(({ sigmoid }) => (sigmoid ? [sigmoid.A] : []));
  }

  /** Platt's B per pair (`probB_`); empty without `probability`. @throws {NotFittedError} before fit. */
  get probB(): number[] {
    return this.requireFitted(this.fitted, 'probB').pairs.flatMap(({ sigmoid }) => (sigmoid ? [sigmoid.B] : []));
  }

  /**
   * Trains one machine per pair of classes (and Platt's sigmoids with
   * `probability: true`).
   *
   * @throws {ValidationError} for invalid data, a continuous target, a single
   *   class, or a `classWeight` naming labels that are not classes.
   * @throws {InvalidParameterError} for `breakTies` with 'ovo'.
   * @throws {AbortError} when `options.signal` is aborted.
   */
  async fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this> {
    const start = this.start;
    const solved = this.solved;
    this.start = undefined;
    this.solved = undefined;
    const owner = `${this.owner}.fit`;
    if (options?.signal?.aborted) throw new AbortError(`${owner} was aborted before it finished.`);
    const p = this.params;
    if (p.breakTies && p.decisionFunctionShape === 'ovo') {
      throw invalidParameter(this.owner, 'breakTies', 'false when decisionFunctionShape is "ovo"', true);
    }
    this.fitted = undefined;
    const { X: matrix, codes, classes } = this.prepareFit(X, y);
    if (typeOfTarget(y as Vector) === 'continuous') {
      throw invalidArgument(owner, 'y', 'class labels (integers or strings)', y, {
        shown: 'continuous values',
        hint: 'Use SVR for a continuous target.',
      });
    }
    if (classes.length < 2) {
      throw new ValidationError(`The number of classes has to be greater than one; got 1 class (${pythonRepr(classes[0] as Label)}).`, {
        owner,
        argument: 'y',
        value: classes[0],
        expected: 'at least 2 classes',
      });
    }
    const weights = computeClassWeight(p.classWeight, classes, codes, owner);
    const classC = weights.map((w) => p.C * w);
    // the bounds the warm start was solved with, computed as that fit computed them
    const previousC = start?.previousC === undefined ? undefined : weights.map((w) => (start.previousC as number) * w);
    // scikit-learn draws libsvm's seed on every fit, with or without probability
    const seed = libsvmSeedFromRandomState(p.randomState);
    const shared = start !== undefined && start.state.X === matrix ? start.state : undefined;
    const model = trainOneVsOne(matrix, codes, classes.length, {
      kernel: { kernel: p.kernel, gamma: resolveGamma(p.gamma, matrix), degree: p.degree, coef0: p.coef0 },
      classC,
      tol: p.tol,
      shrinking: p.shrinking,
      cacheSize: p.cacheSize,
      probabilitySeed: p.probability ? seed : undefined,
      checkpoint: Checkpoint.of(options?.signal, owner, { stride: SMO_CHECK_STRIDE }),
      owner,
    }, shared === undefined ? undefined : { shared: shared.shared, alphas: start?.alphas, previousC, solved: solved ?? [] });
    for (const machine of model.pairs) checkFiniteMachine(owner, machine.coef, machine.rho);
    this.fitted = shared?.test === undefined ? model : { ...model, queryKernel: shared.test };
    return this;
  }

  /** The class of each row of `X`: libsvm's one-vs-one vote (or the 'ovr' argmax with `breakTies`). */
  async predict(X: MatrixLike): Promise<Label[]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predict');
    const decisions = oneVsOneDecisions(state, matrix);
    const k = state.nClasses;
    if (this.params.breakTies && this.params.decisionFunctionShape === 'ovr' && k > 2) {
      const ovr = ovrDecision(state, decisions, matrix.rows);
      const codes = new Int32Array(matrix.rows);
      for (let q = 0; q < matrix.rows; q++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (ovr[q * k + c] > ovr[q * k + best]) best = c;
        codes[q] = best;
      }
      return this.decodeLabels(codes);
    }
    return this.decodeLabels(oneVsOneVotes(state, decisions, matrix.rows));
  }

  /**
   * Decision values: for two classes one per sample (positive means `classes[1]`);
   * otherwise one row per sample, of one value per class ('ovr') or per pair of
   * classes ('ovo', positive meaning the pair's first class).
   */
  async decisionFunction(X: MatrixLike): Promise<Float64Array | number[][]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'decisionFunction');
    const decisions = oneVsOneDecisions(state, matrix);
    const n = matrix.rows;
    if (state.nClasses === 2) return decisions.map((d) => -d);
    if (this.params.decisionFunctionShape === 'ovo') {
      const width = state.pairs.length;
      return Array.from({ length: n }, (_, q) => Array.from(decisions.subarray(q * width, (q + 1) * width)));
    }
    const k = state.nClasses;
    const ovr = ovrDecision(state, decisions, n);
    return Array.from({ length: n }, (_, q) => Array.from(ovr.subarray(q * k, (q + 1) * k)));
  }

  /**
   * Calibrated class probabilities (needs `probability: true` at fit): one row per
   * sample, columns in `classes` order.
   *
   * @throws {InvalidParameterError} when the model was fitted without `probability`.
   */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    const { state, X: matrix } = this.preparePredict(this.fitted, X, 'predictProba');
    if (state.pairs[0]?.sigmoid === undefined) {
      throw invalidParameter(this.owner, 'probability', 'true when fit is called, to use predictProba', false, {
        hint: 'Set probability: true and fit again: the probabilities are calibrated during fit.',
      });
    }
    const decisions = oneVsOneDecisions(state, matrix);
    const k = state.nClasses;
    const nPairs = state.pairs.length;
    const pairwise = new Float64Array(k * k);
    const out: number[][] = new Array(matrix.rows);
    for (let q = 0; q < matrix.rows; q++) {
      state.pairs.forEach(({ i, j, sigmoid }, p) => {
        const r = Math.min(Math.max(sigmoidPredict(decisions[q * nPairs + p], sigmoid!), MIN_PROBABILITY), 1 - MIN_PROBABILITY);
        pairwise[i * k + j] = r;
        pairwise[j * k + i] = 1 - r;
      });
      out[q] = Array.from(multiclassProbability(k, pairwise));
    }
    return out;
  }
}


/**
 * scikit-learn's `_ovr_decision_function(dec < 0, -dec, nClasses)`: per class, its
 * pairwise wins plus the summed confidences squashed into (−1/3, 1/3).
 */
function ovrDecision(model: OneVsOneModel, decisions: Float64Array, n: number): Float64Array {
  const k = model.nClasses;
  const nPairs = model.pairs.length;
  const out = new Float64Array(n * k);
  const votes = new Float64Array(k);
  const confidence = new Float64Array(k);
  for (let q = 0; q < n; q++) {
    votes.fill(0);
    confidence.fill(0);
    model.pairs.forEach(({ i, j }, p) => {
      const d = decisions[q * nPairs + p];
      confidence[i] += d;
      confidence[j] -= d;
      if (d < 0) votes[j] += 1;
      else votes[i] += 1;
    });
    for (let c = 0; c < k; c++) out[q * k + c] = votes[c] + confidence[c] / (3 * (Math.abs(confidence[c]) + 1));
  }
  return out;
}

registerTransferable(SVC, import.meta.url);
