/**
 * `SklearnTuner` (Keras Tuner's `SklearnTuner`): tunes any tunekit estimator
 * built from `hp`, scoring each trial by cross-validation ({@link crossValidate})
 * on the search's data. The objective is `score` (the estimator's `score`, or
 * the one scorer given), or a scorer's name with several scorers; scorers are
 * all "higher is better".
 */
import type { MatrixLike, TargetLike, Vector } from '../core/data.js';
import { validateMatrix } from '../core/data.js';
import { InvalidParameterError, TunekitError } from '../core/errors.js';
import type { AnyEstimator } from '../core/estimator.js';
import { isEstimator } from '../core/estimator.js';
import { checkInteger, checkKnownKeys, formatValue } from '../core/validate.js';
import type { Scoring } from '../metrics/scorer.js';
import type { CvLike } from '../model-selection/split/check-cv.js';
import { SplitFitError } from '../model-selection/fit-and-score.js';
import { crossValidate } from '../model-selection/validation.js';
import type { TrialContext } from '../search/study.js';
import type { BaseTunerOptions, RunOptions, TrialResult } from './base-tuner.js';
import { BASE_TUNER_OPTIONS, BaseTuner } from './base-tuner.js';
import { objectiveNotReported } from './checkpoint.js';
import type { HyperModelLike } from './hypermodel.js';
import { toHyperModel } from './hypermodel.js';
import { encodeSklearnTrial } from './tuner-trial.js';
import type { HyperParameters } from './hyperparameters.js';
import type { OracleOptions } from './oracle.js';
import { Oracle } from './oracle.js';
import { RandomSearchOracle } from './random-search.js';

/** Options of {@link SklearnTuner}. */
export interface SklearnTunerOptions extends OracleOptions, BaseTunerOptions {
  /** The oracle (its objective names a scorer: `score`, or one of several scorers' names). @default a RandomSearchOracle built from objective, maxTrials, seed and hyperparameters */
  readonly oracle?: Oracle | undefined;
  /** How each trial is scored, as in `crossValidate`. @default the estimator's `score` */
  readonly scoring?: Scoring | undefined;
  /** The cross-validation splits, as in `crossValidate`. @default 5 (stratified for classifiers) */
  readonly cv?: CvLike | undefined;
  /** Parallel fits of the splits (-1: one per core). @default 1 */
  readonly nJobs?: number | undefined;
}

/** Options of {@link SklearnTuner.search}. */
export interface SklearnSearchOptions extends RunOptions {
  /** Group labels for group splitters. */
  readonly groups?: Vector | undefined;
}

const ORACLE_KEYS = ['objective', 'maxTrials', 'seed', 'hyperparameters', 'allowNewEntries'] as const;

interface SklearnData {
  readonly X: MatrixLike;
  readonly y: TargetLike | undefined;
  readonly groups: Vector | undefined;
}

/**
 * Tunes a tunekit estimator built from `hp`, by cross-validation.
 * @example
 * ```ts
 * const tuner = new SklearnTuner((hp) => {
 *   hp.choice('model', ['ridge', 'knn']);
 *   return (
 *     hp.conditionalScope('model', ['ridge'], () => new Ridge({ alpha: hp.float('alpha', { min: 1e-3, max: 1e2, sampling: 'log' }) })) ??
 *     hp.conditionalScope('model', ['knn'], () => new KNeighborsRegressor({ nNeighbors: hp.int('k', { min: 1, max: 30 }) }))!
 *   );
 * }, { maxTrials: 20, cv: 5, scoring: 'r2', seed: 0 });
 * await tuner.search(X, y);
 * tuner.getBestHyperparameters()[0]!.values;
 * ```
 */
export class SklearnTuner<E extends AnyEstimator = AnyEstimator> extends BaseTuner<E> {
  readonly scoring: Scoring | undefined;
  readonly cv: CvLike | undefined;
  readonly nJobs: number;
  private data: SklearnData | undefined;

  constructor(hypermodel: HyperModelLike<E>, options: SklearnTunerOptions = {}) {
    const owner = 'SklearnTuner';
    checkKnownKeys(owner, options, [...ORACLE_KEYS, ...BASE_TUNER_OPTIONS, 'oracle', 'scoring', 'cv', 'nJobs'], 'option');
    super(owner, SklearnTuner.oracleOf(owner, options), toHyperModel<E>(owner, hypermodel), options);
    this.scoring = options.scoring;
    this.cv = options.cv;
    this.nJobs = checkInteger(owner, 'nJobs', options.nJobs ?? 1, { min: -1 });
  }

  private static oracleOf(owner: string, options: SklearnTunerOptions): Oracle {
    if (options.oracle === undefined) return new RandomSearchOracle(pick(options), owner, { objective: { name: 'score', direction: 'max' }, infer: () => 'max' });
    if (!(options.oracle instanceof Oracle)) throw new InvalidParameterError(`The "oracle" option of ${owner} must be an Oracle. Got ${formatValue(options.oracle)} instead.`, { owner, argument: 'oracle', value: options.oracle, expected: 'an Oracle' });
    const given = ORACLE_KEYS.filter((k) => options[k] !== undefined);
    if (given.length > 0) {
      throw new InvalidParameterError(`The "${given[0]}" option of ${owner} belongs to the oracle when one is given: pass it to the oracle's constructor instead.`, { owner, argument: given[0] as string, value: options[given[0] as keyof SklearnTunerOptions], expected: 'undefined with an oracle' });
    }
    return options.oracle;
  }

  /** Runs trials until `maxTrials` (or the oracle's end). */
  async search(X: MatrixLike, y?: TargetLike, options: SklearnSearchOptions = {}): Promise<void> {
    checkKnownKeys(`${this.owner}.search`, options, ['groups', 'verbose', 'signal', 'timeout'], 'option');
    this.data = { X: validateMatrix(X, { owner: `${this.owner}.search` }), y, groups: options.groups };
    await this.runSearch(options);
  }

  protected async discoverBuild(hp: HyperParameters): Promise<void> {
    await this.build(hp);
  }

  protected async runTrial(hp: HyperParameters, ctx: TrialContext): Promise<TrialResult> {
    const data = this.data as SklearnData;
    const estimator = await this.build(hp);
    let result: Awaited<ReturnType<typeof crossValidate>>;
    try {
      result = await crossValidate(estimator, data.X, data.y, {
        cv: this.cv,
        scoring: this.scoring,
        groups: data.groups,
        errorScore: 'raise',
        nJobs: this.nJobs,
        fitOptions: { signal: ctx.signal },
      });
    } catch (error) {
      // a split's fit or score failed: the trial fails (retried, then recorded as failed), not the search
      if (error instanceof SplitFitError) {
        // the fit's own error, under its own name, but not one that ends the search (an InvalidParameterError would)
        const cause = error.cause instanceof Error ? error.cause : error;
        const failure = new TunekitError(cause.message, { cause: error });
        failure.name = cause.name;
        throw failure;
      }
      throw error;
    }
    const metrics: Record<string, number> = {};
    const splits: Record<string, number[]> = {};
    for (const [key, values] of Object.entries(result)) {
      if (!key.startsWith('test_') || !Array.isArray(values)) continue;
      const scores = values as number[];
      metrics[key.slice(5)] = scores.reduce((a, b) => a + b, 0) / scores.length;
      splits[key.slice(5)] = scores;
    }
    const name = this.oracle.objective.name;
    const score = metrics[name];
    if (score === undefined) {
      throw objectiveNotReported(this.owner, this.oracle.objective, Object.keys(metrics), 'Add the scorer to "scoring" (several scorers are reported by their names), or choose one of those.');
    }
    return { score, metrics, attrs: encodeSklearnTrial({ splitScores: splits, fitTime: result.fit_time }) };
  }

  private async build(hp: HyperParameters): Promise<E> {
    const estimator: unknown = await this.hypermodel.build(hp);
    if (!isEstimator(estimator)) {
      throw new InvalidParameterError(`The build function of ${this.owner} must return a tunekit estimator (with getParams, setParams and fit). Got ${formatValue(estimator)} instead.`, {
        owner: this.owner, argument: 'hypermodel', value: estimator, expected: 'an estimator',
      });
    }
    return estimator as E;
  }

  /**
   * The best `n` estimators, best first: each built from its trial's
   * hyperparameters and fitted on all the rows of the last search.
   */
  async getBestModels(n = 1): Promise<E[]> {
    checkInteger(`${this.owner}.getBestModels`, 'n', n, { min: 1 }, 'argument');
    const data = this.data;
    if (data === undefined) {
      throw new InvalidParameterError(`${this.owner}.getBestModels refits the best estimators on the search's data: call search(X, y) in this process first.`, {
        owner: `${this.owner}.getBestModels`, argument: 'this', value: undefined, expected: 'a search first',
      });
    }
    const models: E[] = [];
    for (const hp of this.getBestHyperparameters(n)) {
      const estimator = await this.build(hp.copy());
      await estimator.fit(data.X, data.y, data.groups === undefined ? {} : { groups: data.groups });
      models.push(estimator);
    }
    return models;
  }
}

function pick(options: SklearnTunerOptions): OracleOptions {
  const out: Record<string, unknown> = {};
  for (const k of ORACLE_KEYS) if (options[k] !== undefined) out[k] = options[k];
  return out as OracleOptions;
}
