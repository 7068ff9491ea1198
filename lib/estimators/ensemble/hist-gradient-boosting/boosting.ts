/**
 * The boosting loop shared by the classifier and the regressor (scikit-learn's
 * `BaseHistGradientBoosting.fit`): the validation split for early stopping, binning,
 * the baseline prediction, then per iteration the gradients, one tree per class, the
 * leaf updates of absolute error, the raw predictions, and the early-stopping check on
 * the loss or a scorer.
 */
import type { RandomStateLike } from '../../../core/check-random-state.js';
import type { DenseMatrix, TargetLike } from '../../../core/data.js';
import { DenseMatrix as Matrix } from '../../../core/data.js';
import { Checkpoint } from '../../../core/checkpoint.js';
import { invalidParameter } from '../../../core/validate.js';
import type { FitOptions, Predictor } from '../../../core/estimator.js';
import type { Scorer, ScorerName } from '../../../metrics/scorer.js';
import { getScorer } from '../../../metrics/scorer.js';
import type { BinMapper, BinnedMatrix } from './binning.js';
import { binMatrix, fitBinMapper } from './binning.js';
import type { GrowerSettings } from './grower.js';
import { makePredictor, TreeGrower } from './grower.js';
import type { BoostingLoss } from './losses.js';
import type { TreePredictor } from './predictor.js';
import { predictBinned } from './predictor.js';
import { drawFitSeed, smallTrainingSubset, validationSize, validationSplit } from './randomness.js';
import { numpyMedian } from './reductions.js';
import type { TreeWorkspace, WorkspaceLayout } from './workspace.js';

/** The boosting parameters, resolved. */
export interface BoostingSettings {
  readonly owner: string;
  readonly learningRate: number;
  readonly maxIter: number;
  readonly maxLeafNodes: number | null;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly l2Regularization: number;
  readonly maxBins: number;
  readonly earlyStopping: 'auto' | boolean;
  /** 'loss', a scorer (or scorer name), or null for the default score. */
  readonly scoring: 'loss' | ScorerName | Scorer | null;
  readonly validationFraction: number | null;
  readonly nIterNoChange: number;
  readonly tol: number;
  readonly randomState: RandomStateLike | null;
}

/** The data of a fit, prepared by the estimator. */
export interface BoostingProblem {
  readonly X: DenseMatrix;
  /** Targets, or class codes (as numbers) for a classifier. */
  readonly y: Float64Array;
  /** Class codes for stratified splits (classifiers only). */
  readonly classCodes: Int32Array | undefined;
  readonly loss: BoostingLoss;
  readonly isCategorical: Uint8Array | null;
  readonly knownCategories: readonly (Float64Array | null)[] | null;
  readonly monotonicCst: Int8Array | null;
  /** The default scorer when `scoring` is null: 'accuracy' or 'r2'. */
  readonly defaultScorer: ScorerName;
  /** The original targets or labels of the given rows (what a scorer compares with). */
  targetsOf(rows: Int32Array | undefined): TargetLike;
  /** A predictor answering from raw predictions (class-major, `n` rows), for scorers. */
  scoringView(raw: Float64Array, n: number): Predictor;
}

/** What a fit leaves behind. */
export interface FittedBoosting {
  readonly mapper: BinMapper;
  readonly baseline: Float64Array;
  /** The trees of each iteration, one per class. */
  readonly predictors: TreePredictor[][];
  readonly nTreesPerIteration: number;
  readonly doEarlyStopping: boolean;
  readonly trainScore: Float64Array;
  readonly validationScore: Float64Array;
  /** The fit's seed (scikit-learn's `_random_seed`), kept by a warm start. */
  readonly seed: number;
}

/** Builds the workspace of a fit on its binned training data. */
export type WorkspaceFactory = (layout: WorkspaceLayout, binned: BinnedMatrix) => TreeWorkspace;

/** scikit-learn's `_should_stop`: no score in the last `nIterNoChange` beats the one before them by more than `tol`. */
export function shouldStop(scores: readonly number[], nIterNoChange: number, tol: number): boolean {
  const reference = nIterNoChange + 1;
  if (scores.length < reference) return false;
  const referenceScore = (scores[scores.length - reference] as number) + tol;
  for (let i = scores.length - reference + 1; i < scores.length; i++) if ((scores[i] as number) > referenceScore) return false;
  return true;
}

function rowsOf(X: DenseMatrix, rows: Int32Array | undefined): DenseMatrix {
  return rows === undefined ? X : X.takeRows(rows);
}

function takeValues(values: Float64Array, rows: Int32Array | undefined): Float64Array {
  if (rows === undefined) return values;
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k] as number] as number;
  return out;
}

/** Raw predictions of `n` rows filled with the baseline (class-major). */
function baselineRaw(baseline: Float64Array, n: number): Float64Array {
  const raw = new Float64Array(baseline.length * n);
  for (let k = 0; k < baseline.length; k++) raw.fill(baseline[k] as number, k * n, (k + 1) * n);
  return raw;
}

/** Scores the model on a set through its raw predictions. */
interface ScoredSet {
  readonly binned: BinnedMatrix;
  readonly raw: Float64Array;
  readonly y: Float64Array;
  readonly targets: TargetLike;
}

/** Runs the boosting iterations. */
export async function fitBoosting(
  problem: BoostingProblem,
  settings: BoostingSettings,
  createWorkspace: WorkspaceFactory,
  options: FitOptions | undefined,
  warm?: FittedBoosting,
): Promise<FittedBoosting> {
  const { X, y, loss } = problem;
  // a warm start keeps the first fit's seed (the same split, bins and subsets) and draws nothing
  const seed = warm?.seed ?? drawFitSeed(settings.randomState);
  const doEarlyStopping = settings.earlyStopping === 'auto' ? X.rows > 10000 : settings.earlyStopping;
  const useValidation = settings.validationFraction !== null;
  if (doEarlyStopping && useValidation) {
    const nValidation = validationSize(X.rows, settings.validationFraction as number);
    if (nValidation >= X.rows) {
      throw invalidParameter(settings.owner, 'validationFraction', `a share or count that leaves training rows (X has ${X.rows} rows)`, settings.validationFraction, {
        hint: `It takes ${nValidation} validation rows.`,
      });
    }
  }
  const split = doEarlyStopping && useValidation ? validationSplit(settings.owner, seed, X.rows, settings.validationFraction as number, problem.classCodes) : undefined;
  const trainRows = split?.train;
  const XTrain = rowsOf(X, trainRows);
  const yTrain = takeValues(y, trainRows);

  const mapper = fitBinMapper(XTrain, { maxBins: settings.maxBins, isCategorical: problem.isCategorical, knownCategories: problem.knownCategories, seed });
  const binned = binMatrix(mapper, XTrain);
  const n = binned.rows;
  const p = binned.features;
  const missingBin = mapper.missingValuesBinIndex;
  const hasMissingValues = new Uint8Array(p);
  for (let f = 0; f < p; f++) {
    const column = binned.data.subarray(f * n, (f + 1) * n);
    hasMissingValues[f] = column.includes(missingBin) ? 1 : 0;
  }
  const K = loss.nTreesPerIteration;
  // a warm start keeps the baseline, and its raw predictions are those of its trees (scikit-learn's _raw_predict)
  const baseline = warm?.baseline ?? loss.baseline(yTrain);
  const predictors: TreePredictor[][] = [...(warm?.predictors ?? [])];
  const predictKept = (binned: BinnedMatrix): Float64Array => {
    const out = baselineRaw(baseline, binned.rows);
    for (const trees of predictors) trees.forEach((tree, k) => predictBinned(tree, binned, missingBin, out, k * binned.rows));
    return out;
  };
  const raw = predictKept(binned);
  const trainScore: number[] = [...(warm?.trainScore ?? [])];
  const validationScore: number[] = [...(warm?.validationScore ?? [])];

  // early stopping: the sets scored after each iteration
  const scoreWithLoss = settings.scoring === 'loss';
  let validation: ScoredSet | undefined;
  let smallTrain: ScoredSet | undefined;
  let scorer: Scorer | undefined;
  if (doEarlyStopping) {
    if (split !== undefined) {
      const vb = binMatrix(mapper, X, split.validation);
      validation = { binned: vb, raw: predictKept(vb), y: takeValues(y, split.validation), targets: problem.targetsOf(split.validation) };
    }
    if (!scoreWithLoss) {
      const scoring = settings.scoring;
      scorer = scoring === null ? getScorer(problem.defaultScorer) : typeof scoring === 'function' ? scoring : getScorer(scoring as ScorerName);
      const subset = n > 10000 ? smallTrainingSubset(seed, n, 10000, takeCodes(problem.classCodes, trainRows)) : undefined;
      const sb = subset === undefined ? binned : binMatrix(mapper, XTrain, subset);
      const trainIndices = subset === undefined ? trainRows : composeRows(trainRows, subset);
      smallTrain = { binned: sb, raw: predictKept(sb), y: takeValues(yTrain, subset), targets: problem.targetsOf(trainIndices) };
    }
  }
  const checkEarlyStopping = async (): Promise<boolean> => {
    if (scoreWithLoss) {
      trainScore.push(-loss.meanLoss(yTrain, raw));
      if (validation === undefined) return shouldStop(trainScore, settings.nIterNoChange, settings.tol);
      validationScore.push(-loss.meanLoss(validation.y, validation.raw));
      return shouldStop(validationScore, settings.nIterNoChange, settings.tol);
    }
    const score = async (set: ScoredSet): Promise<number> =>
      (scorer as Scorer)(problem.scoringView(set.raw, set.binned.rows), Matrix.zeros(set.binned.rows, 1), set.targets);
    trainScore.push(await score(smallTrain as ScoredSet));
    if (validation === undefined) return shouldStop(trainScore, settings.nIterNoChange, settings.tol);
    validationScore.push(await score(validation));
    return shouldStop(validationScore, settings.nIterNoChange, settings.tol);
  };
  if (doEarlyStopping && warm === undefined) await checkEarlyStopping();

  const layout: WorkspaceLayout = {
    nSamples: n,
    nFeatures: p,
    nBins: settings.maxBins + 1,
    missingBin,
    nTreesPerIteration: K,
    constantHessian: loss.constantHessian,
    nBinsNonMissing: mapper.nBinsNonMissing,
    hasMissingValues,
    isCategorical: mapper.isCategorical,
    monotonicCst: problem.monotonicCst ?? new Int8Array(p),
  };
  const growerSettings: GrowerSettings = {
    maxLeafNodes: settings.maxLeafNodes,
    maxDepth: settings.maxDepth,
    minSamplesLeaf: settings.minSamplesLeaf,
    l2Regularization: settings.l2Regularization,
    minHessianToSplit: 1e-3,
    minGainToSplit: 0,
    shrinkage: settings.learningRate,
  };
  const workspace = createWorkspace(layout, binned);
  try {
    const grower = new TreeGrower(workspace, growerSettings);
    let iteration = predictors.length;
    const checkpoint = Checkpoint.of(options?.signal, `${settings.owner}.fit`, { progress: () => `after ${iteration} of ${settings.maxIter} iterations` });
    for (; iteration < settings.maxIter; iteration++) {
      await checkpoint.checkAndYield();
      loss.gradients(yTrain, raw, workspace.gradients(), workspace.hessians());
      const trees: TreePredictor[] = [];
      for (let k = 0; k < K; k++) {
        const tree = grower.grow(k);
        const partition = workspace.partition();
        if (loss.needsLeafUpdate) {
          for (const leaf of tree.leaves) {
            const residuals = new Float64Array(leaf.count);
            for (let r = 0; r < leaf.count; r++) {
              const i = partition[leaf.start + r] as number;
              residuals[r] = (yTrain[i] as number) - (raw[k * n + i] as number);
            }
            leaf.value = settings.learningRate * numpyMedian(residuals);
          }
        }
        const predictor = makePredictor(tree, mapper);
        trees.push(predictor);
        for (const leaf of tree.leaves) {
          for (let r = leaf.start; r < leaf.start + leaf.count; r++) {
            const i = k * n + (partition[r] as number);
            raw[i] = (raw[i] as number) + leaf.value;
          }
        }
        for (const set of [validation, smallTrain]) {
          if (set !== undefined) predictBinned(predictor, set.binned, missingBin, set.raw, k * set.binned.rows);
        }
      }
      predictors.push(trees);
      const stop = doEarlyStopping ? await checkEarlyStopping() : false;
      if (options?.report !== undefined) {
        const values: Record<string, number> = {
          trainScore: doEarlyStopping ? (trainScore[trainScore.length - 1] as number) : -loss.meanLoss(yTrain, raw),
        };
        if (validationScore.length > 0) values.validationScore = validationScore[validationScore.length - 1] as number;
        if ((await options.report(iteration + 1, values)) === true) break;
      }
      if (stop) break;
    }
  } finally {
    workspace.dispose();
  }
  return {
    mapper,
    baseline,
    predictors,
    nTreesPerIteration: K,
    doEarlyStopping,
    trainScore: Float64Array.from(trainScore),
    validationScore: Float64Array.from(validationScore),
    seed,
  };
}

function takeCodes(codes: Int32Array | undefined, rows: Int32Array | undefined): Int32Array | undefined {
  if (codes === undefined || rows === undefined) return codes;
  return Int32Array.from(rows, (r) => codes[r] as number);
}

function composeRows(outer: Int32Array | undefined, inner: Int32Array): Int32Array {
  return outer === undefined ? inner : Int32Array.from(inner, (r) => outer[r] as number);
}
