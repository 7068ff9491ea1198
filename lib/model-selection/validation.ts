/**
 * Cross-validation of one estimator: `crossValidate`, `crossValScore`,
 * `crossValPredict` (scikit-learn's `cross_validate` & co.).
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../core/data.js';
import { takeTarget, uniqueLabels, validateMatrix, validateTarget } from '../core/data.js';
import { AbortError, FitFailedError, InvalidParameterError, ValidationError } from '../core/errors.js';
import type { AnyEstimator, FitOptions } from '../core/estimator.js';
import { clone, isClassifier } from '../core/estimator.js';
import { booleanValue, checkKnownKeys, checkParam, formatValue, integerIn, oneOf, satisfies } from '../core/validate.js';
import { warn } from '../core/warnings.js';
import type { Scorer, Scoring } from '../metrics/scorer.js';
import { checkScoring } from '../metrics/scorer.js';
import { createFitExecutor, runSplit } from './fit-executor.js';
import type { FitAndScoreContext, FitAndScoreTask, SplitResult } from './fit-and-score.js';
import { summarizeFailures } from './fit-and-score.js';
import type { CvLike, SplitPair } from './split/index.js';
import { checkCv, checkSplits } from './split/index.js';

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Folds (stratified for classifiers), a splitter, or `[train, test]` pairs. @default 5 */
  readonly cv?: CvLike | undefined;
  /** A scorer name, scorer, array of names or record of scorers. @default the estimator's `score` */
  readonly scoring?: Scoring | undefined;
  /** Group labels for group splitters. @default undefined */
  readonly groups?: Vector | undefined;
  /** Also score on the training rows (`train_<metric>`). @default false */
  readonly returnTrainScore?: boolean | undefined;
  /** Return the fitted estimator of each split. @default false */
  readonly returnEstimator?: boolean | undefined;
  /** Return the train and test indices of each split. @default false */
  readonly returnIndices?: boolean | undefined;
  /**
   * The score of a split whose fit or score fails (an `InvalidParameterError` from
   * `fit` included), or `'raise'` to stop at the first failure with a
   * `SplitFitError`; only a `FatalError` always escapes. @default NaN
   */
  readonly errorScore?: number | 'raise' | undefined;
  /** Parallel workers (-1: one per core); returnEstimator keeps fits in this thread. @default 1 */
  readonly nJobs?: number | undefined;
  /** Options passed to every fit. @default undefined */
  readonly fitOptions?: FitOptions | undefined;
}

/**
 * What {@link crossValidate} returns: one entry per split in each array, with
 * scikit-learn's keys (`test_score` in single-metric mode, else `test_<metric>`).
 */
export interface CrossValidateResult<E extends AnyEstimator = AnyEstimator> {
  readonly fit_time: number[];
  readonly score_time: number[];
  readonly estimator?: E[];
  readonly indices?: { readonly train: Int32Array[]; readonly test: Int32Array[] };
  readonly [key: `test_${string}` | `train_${string}`]: number[];
}

const CV_OPTIONS = ['cv', 'scoring', 'groups', 'returnTrainScore', 'returnEstimator', 'returnIndices', 'errorScore', 'nJobs', 'fitOptions'] as const;

interface Prepared {
  X: DenseMatrix;
  y: TargetLike | undefined;
  groups: Vector | undefined;
  splits: SplitPair[];
}

/** Validates X, y, groups and resolves the splits (shared by the functions here and the curves). */
export function prepareCrossValidation(
  owner: string,
  estimator: AnyEstimator,
  Xin: MatrixLike,
  yin: TargetLike | undefined,
  cv: CvLike | undefined,
  groupsIn: Vector | undefined,
): Prepared {
  checkEstimatorArgument(owner, estimator);
  const X = validateMatrix(Xin, { owner });
  const y = yin === undefined ? undefined : validateTarget(yin, { owner, nSamples: X.rows, allowMultiOutput: true });
  const groups = groupsIn === undefined ? undefined : validateTarget(groupsIn, { owner, argument: 'groups', nSamples: X.rows });
  const splitter = checkCv(cv, y, { classifier: isClassifier(estimator), owner });
  const splits = [...splitter.split(X, y, groups)];
  checkSplits(owner, splits);
  return { X, y, groups, splits };
}

/** Throws unless `estimator` has the estimator methods. */
export function checkEstimatorArgument(owner: string, estimator: unknown): void {
  if (typeof estimator !== 'object' || estimator === null || typeof (estimator as { fit?: unknown }).fit !== 'function') {
    throw new InvalidParameterError(
      `The "estimator" argument of ${owner} must be an estimator (an object with getParams, setParams and fit). Got ${formatValue(estimator)} instead.`,
      { owner, argument: 'estimator', value: estimator, expected: 'an estimator' },
    );
  }
}

function checkCommon(owner: string, options: CrossValidateOptions): void {
  checkKnownKeys(owner, options, CV_OPTIONS, 'option');
  const kind = { kind: 'option' as const };
  for (const name of ['returnTrainScore', 'returnEstimator', 'returnIndices'] as const) {
    if (options[name] !== undefined) checkParam(owner, name, options[name], booleanValue, kind);
  }
  if (options.errorScore !== undefined) {
    checkParam(owner, 'errorScore', options.errorScore, [oneOf(['raise']), satisfies('a number', (v) => typeof v === 'number')], kind);
  }
  if (options.nJobs !== undefined) checkParam(owner, 'nJobs', options.nJobs, [integerIn({ min: 1 }), oneOf([-1])], kind);
}

/** How {@link runSplitTasks} runs its fits. */
export interface RunSplitTasksOptions {
  readonly owner: string;
  /** 1: serial in this thread; n: n worker threads; -1: one per core. @default 1 */
  readonly nJobs?: number | undefined;
  /** The user's `scoring` option, sent to workers by name. */
  readonly scoring?: Scoring | undefined;
}

/** Runs fit-and-score tasks (in parallel with nJobs > 1) and applies the failure policy. */
export async function runSplitTasks(
  context: FitAndScoreContext,
  tasks: readonly FitAndScoreTask[],
  options: RunSplitTasksOptions,
): Promise<SplitResult[]> {
  const executor = createFitExecutor(context, { owner: options.owner, nJobs: options.nJobs, scoring: options.scoring });
  const metrics = Object.keys(context.scorers);
  try {
    // the caller's fit signal (a tuner's trial signal) stops the fits, and abandons one that does not settle
    const signal = context.fitOptions?.signal;
    const results = await Promise.all(tasks.map((t) => runSplit(executor, t, metrics, context.returnTrainScore, context.errorScore, signal)));
    if (results.some((r) => r.status === 'timeout')) throw new AbortError(`${options.owner} was stopped (its fitOptions.signal) before its fits finished.`);
    const byCandidate = new Map(tasks.map((t) => [t.candidate, t.params]));
    const failures = summarizeFailures(results, context.errorScore, (c) => byCandidate.get(c) ?? {});
    if (failures.allFailed) throw new FitFailedError(failures.message);
    if (failures.message !== undefined) warn(failures.message, 'FitFailedWarning');
    return results;
  } finally {
    await executor.close();
  }
}

/**
 * Cross-validates an estimator: fits a clone on each training split and scores it
 * on the test split (and the training split when asked).
 *
 * @example
 * ```ts
 * const { data, target } = await loadIris();
 * const result = await crossValidate(new KNeighborsClassifier({ nNeighbors: 7 }), data, target, {
 *   cv: 5,
 *   scoring: ['accuracy', 'f1_macro'],
 * });
 * result.test_accuracy; // five accuracies
 * ```
 */
export async function crossValidate<E extends AnyEstimator>(
  estimator: E,
  X: MatrixLike,
  y?: TargetLike,
  options: CrossValidateOptions = {},
): Promise<CrossValidateResult<E>> {
  return crossValidateAs('crossValidate', estimator, X, y, options);
}

/** {@link crossValidate}, its errors naming `owner` (the function the user called). */
async function crossValidateAs<E extends AnyEstimator>(owner: string, estimator: E, X: MatrixLike, y: TargetLike | undefined, options: CrossValidateOptions): Promise<CrossValidateResult<E>> {
  checkEstimatorArgument(owner, estimator);
  checkCommon(owner, options);
  const { multimetric, scorers } = checkScoring(options.scoring, { owner, estimator });
  const prepared = prepareCrossValidation(owner, estimator, X, y, options.cv, options.groups);
  const returnTrainScore = options.returnTrainScore ?? false;
  const context: FitAndScoreContext = {
    estimator,
    X: prepared.X,
    y: prepared.y,
    groups: prepared.groups,
    scorers: scorers as Readonly<Record<string, Scorer>>,
    errorScore: options.errorScore ?? NaN,
    returnTrainScore,
    returnEstimator: options.returnEstimator ?? false,
    fitOptions: options.fitOptions,
  };
  const tasks = prepared.splits.map(([train, test], split) => ({ candidate: 0, split, params: {}, train, test }));
  const results = await runSplitTasks(context, tasks, { owner, nJobs: options.nJobs, scoring: options.scoring });
  const out: Record<string, unknown> = {
    fit_time: results.map((r) => r.fitTime),
    score_time: results.map((r) => r.scoreTime),
  };
  if (options.returnEstimator) out.estimator = results.map((r) => r.estimator);
  if (options.returnIndices) out.indices = { train: prepared.splits.map((s) => s[0]), test: prepared.splits.map((s) => s[1]) };
  for (const name of Object.keys(scorers)) {
    const key = multimetric ? name : 'score';
    out[`test_${key}`] = results.map((r) => r.testScores[name] ?? NaN);
    if (returnTrainScore) out[`train_${key}`] = results.map((r) => r.trainScores?.[name] ?? NaN);
  }
  return out as unknown as CrossValidateResult<E>;
}

/** Options of {@link crossValScore}: one metric only. */
export interface CrossValScoreOptions {
  readonly cv?: CvLike | undefined;
  /** One scorer name or scorer. @default the estimator's `score` */
  readonly scoring?: Scoring | undefined;
  readonly groups?: Vector | undefined;
  /** As {@link CrossValidateOptions.errorScore}. @default NaN */
  readonly errorScore?: number | 'raise' | undefined;
  readonly nJobs?: number | undefined;
  readonly fitOptions?: FitOptions | undefined;
}

/**
 * The test score of each split (scikit-learn's `cross_val_score`).
 *
 * @example
 * ```ts
 * const scores = await crossValScore(new Ridge({ alpha: 0.5 }), data, target, { cv: 5 });
 * ```
 */
export async function crossValScore(estimator: AnyEstimator, X: MatrixLike, y?: TargetLike, options: CrossValScoreOptions = {}): Promise<number[]> {
  const owner = 'crossValScore';
  checkKnownKeys(owner, options, ['cv', 'scoring', 'groups', 'errorScore', 'nJobs', 'fitOptions'], 'option');
  if (Array.isArray(options.scoring) || (typeof options.scoring === 'object' && options.scoring !== null)) {
    throw new InvalidParameterError(
      `The "scoring" option of ${owner} must be a single scorer name or scorer; use crossValidate for several metrics. Got ${formatValue(options.scoring)} instead.`,
      { owner, argument: 'scoring', value: options.scoring, expected: 'a scorer name or a scorer' },
    );
  }
  const result = await crossValidateAs(owner, estimator, X, y, options);
  return result.test_score as number[];
}

/** Options of {@link crossValPredict}. */
export interface CrossValPredictOptions {
  readonly cv?: CvLike | undefined;
  readonly groups?: Vector | undefined;
  /** Which prediction to collect. @default 'predict' */
  readonly method?: 'predict' | 'predictProba' | 'decisionFunction' | undefined;
  readonly fitOptions?: FitOptions | undefined;
  readonly nJobs?: number | undefined;
}

/**
 * The out-of-fold prediction of every sample (scikit-learn's `cross_val_predict`):
 * each sample's prediction comes from the model that did not see it. The test
 * folds must partition the samples. Probability and decision columns follow the
 * sorted classes of the whole y, with 0 (probabilities) or the lowest float
 * (decision values) for a class a fold's model never saw.
 *
 * @example
 * ```ts
 * const pred = await crossValPredict(new KNeighborsClassifier(), data, target, { cv: 5 });
 * ```
 */
export async function crossValPredict(
  estimator: AnyEstimator,
  X: MatrixLike,
  y?: TargetLike,
  options: CrossValPredictOptions = {},
): Promise<Label[] | Float64Array | number[][]> {
  const owner = 'crossValPredict';
  checkKnownKeys(owner, options, ['cv', 'groups', 'method', 'fitOptions', 'nJobs'], 'option');
  const method = checkParam<'predict' | 'predictProba' | 'decisionFunction'>(
    owner,
    'method',
    options.method ?? 'predict',
    oneOf(['predict', 'predictProba', 'decisionFunction']),
    { kind: 'option' },
  );
  const prepared = prepareCrossValidation(owner, estimator, X, y, options.cv, options.groups);
  const n = prepared.X.rows;
  const seen = new Int32Array(n);
  for (const [, test] of prepared.splits) for (const i of test) seen[i]! += 1;
  if (seen.some((c) => c !== 1)) {
    throw new ValidationError(`${owner} only works for partitions: every sample must be in exactly one test fold.`, {
      owner,
      argument: 'cv',
      value: options.cv,
      expected: 'test folds that partition the samples',
    });
  }
  const allClasses = method !== 'predict' && prepared.y !== undefined && isClassifier(estimator) ? uniqueLabels(prepared.y as Vector) : undefined;
  const rows = new Array<unknown>(n);
  for (const [train, test] of prepared.splits) {
    const model = clone(estimator);
    await model.fit(
      prepared.X.takeRows(train),
      prepared.y === undefined ? undefined : takeTarget(prepared.y, train),
      options.fitOptions,
    );
    const fn = (model as unknown as Record<string, ((X: MatrixLike) => Promise<unknown>) | undefined>)[method];
    if (typeof fn !== 'function') {
      throw new InvalidParameterError(`The estimator ${estimator.constructor.name} has no ${method} method (asked by ${owner}).`, {
        owner,
        argument: 'method',
        value: method,
        expected: `a method of ${estimator.constructor.name}`,
      });
    }
    const out = await fn.call(model, prepared.X.takeRows(test));
    const modelClasses = (model as unknown as { classes?: readonly Label[] }).classes;
    for (let k = 0; k < test.length; k++) {
      let value = Array.isArray(out) || ArrayBuffer.isView(out) ? (out as ArrayLike<unknown>)[k] : undefined;
      if (allClasses !== undefined && modelClasses !== undefined && modelClasses.length !== allClasses.length) {
        value = remapColumns(value, modelClasses, allClasses, method);
      }
      rows[test[k]!] = value;
    }
  }
  if (method === 'predict' && rows.every((v) => typeof v === 'number') && !(prepared.y !== undefined && isClassifier(estimator))) {
    return Float64Array.from(rows as number[]);
  }
  return rows as Label[] | number[][];
}

function remapColumns(value: unknown, modelClasses: readonly Label[], allClasses: readonly Label[], method: string): number[] {
  const fill = method === 'predictProba' ? 0 : -Number.MAX_VALUE;
  const row = new Array<number>(allClasses.length).fill(fill);
  if (Array.isArray(value)) {
    modelClasses.forEach((c, j) => {
      row[allClasses.indexOf(c)] = value[j] as number;
    });
  } else if (typeof value === 'number' && modelClasses.length === 2) {
    // binary decision value of a fold that saw 2 of more classes: the column of its positive class
    row[allClasses.indexOf(modelClasses[1] as Label)] = value;
  }
  return row;
}
