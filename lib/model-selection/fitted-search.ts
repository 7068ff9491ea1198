/**
 * What a fitted cross-validated search holds and gives: its results
 * (`cvResults`, the best candidate, the trials), their export and report, and
 * the delegation of `predict`, `score` and the like to the refitted best
 * estimator. {@link BaseSearchCV} runs the search and stores its outcome here.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike } from '../core/data.js';
import { InvalidParameterError, NotFittedError } from '../core/errors.js';
import type { AnyEstimator, ParamsOf } from '../core/estimator.js';
import type { Scorer } from '../metrics/scorer.js';
import type { StopReason } from '../search/study.js';
import type { Trial } from '../search/trial.js';
import type { CvResults } from './results.js';
import type { SharedWorkSummary } from './shared-state/shared-work-runner.js';
import { resultsTable, toCSV, toJSON } from './results.js';

/** What an estimator's `predict` resolves to (a classifier's labels, a regressor's values). */
export type PredictionOf<E> = E extends { predict(X: MatrixLike): Promise<infer R> } ? R : Label[] | Float64Array | number[][];

/** The best candidate of a fitted search ({@link FittedSearch.best}). */
export interface BestCandidate<E extends AnyEstimator> {
  /** Its index in `cvResults`. */
  readonly index: number;
  /** Its params (those the search set; the others keep the estimator's values). */
  readonly params: Partial<ParamsOf<E>>;
  /** Its mean test score for the refit metric (`mean_test_score`'s value with a callable `refit`; NaN when several metrics leave none). */
  readonly score: number;
  /** The estimator refitted on all the data with these params (undefined with `refit: false`). */
  readonly estimator: E | undefined;
}

/** The outcome of a search's last fit. */
export interface FittedSearchState<E extends AnyEstimator> {
  readonly cvResults: CvResults;
  readonly bestIndex: number | undefined;
  readonly bestScore: number | undefined;
  readonly bestEstimator: E | undefined;
  readonly refitTime: number | undefined;
  readonly nSplits: number;
  readonly multimetric: boolean;
  readonly scorers: Readonly<Record<string, Scorer>>;
  readonly refitMetric: string | undefined;
  /** The `refit` option as given (for messages). */
  readonly refitOption: unknown;
  readonly stopReason: StopReason;
  readonly trials: readonly Trial[];
  /** What shared work did; undefined with `shareWork: false`. */
  readonly sharedWork?: SharedWorkSummary | undefined;
}

/** The fitted side of a cross-validated search. */
export abstract class FittedSearch<E extends AnyEstimator> {
  /** The outcome of the last fit, once there is one. */
  protected fitted: FittedSearchState<E> | undefined;

  protected constructor(private readonly ownerName: string) {}

  /** The class name, for messages. */
  protected get owner(): string {
    return this.ownerName;
  }

  private get state(): FittedSearchState<E> {
    if (this.fitted === undefined) {
      throw new NotFittedError(`This ${this.ownerName} instance is not fitted yet. Call "fit" with appropriate arguments before using this attribute.`);
    }
    return this.fitted;
  }

  /** The results, one entry per evaluated candidate in each column (scikit-learn's `cv_results_`). */
  get cvResults(): CvResults {
    return this.state.cvResults;
  }
  /** The index of the best candidate in `cvResults` (undefined without a finite score). */
  get bestIndex(): number | undefined {
    return this.state.bestIndex;
  }
  /** The best candidate's params. */
  get bestParams(): Partial<ParamsOf<E>> | undefined {
    const s = this.state;
    return s.bestIndex === undefined ? undefined : (s.cvResults.params[s.bestIndex] as Partial<ParamsOf<E>>);
  }
  /** The best candidate's mean test score for the refit metric (undefined when refit is a function). */
  get bestScore(): number | undefined {
    return this.state.bestScore;
  }
  /** The best candidate refitted on all the data (undefined with `refit: false`). */
  get bestEstimator(): E | undefined {
    return this.state.bestEstimator;
  }
  /** Seconds spent refitting the best candidate. */
  get refitTime(): number | undefined {
    return this.state.refitTime;
  }
  /** The number of CV splits. */
  get nSplits(): number {
    return this.state.nSplits;
  }
  /** True when several metrics were scored. */
  get multimetric(): boolean {
    return this.state.multimetric;
  }
  /** The scorer (single metric) or the record of scorers (multi-metric). */
  get scorer(): Scorer | Readonly<Record<string, Scorer>> {
    const s = this.state;
    return s.multimetric ? s.scorers : (s.scorers.score as Scorer);
  }
  /** Why the search ended: 'exhausted' (all candidates ran), 'timeout', 'aborted', 'callback'. */
  get stopReason(): StopReason {
    return this.state.stopReason;
  }
  /** The trial records of the search's study. */
  get trials(): readonly Trial[] {
    return this.state.trials;
  }
  /**
   * What sharing work across candidates did in the last fit: the state cache's
   * budget and peak memory (MB), the states built and reused, the group tasks;
   * undefined with `shareWork: false`.
   */
  get sharedWork(): SharedWorkSummary | undefined {
    return this.state.sharedWork;
  }

  /** The results as rows, one object per candidate. */
  resultsTable(): Record<string, unknown>[] {
    return resultsTable(this.cvResults);
  }
  /** The results as CSV text. */
  toCSV(): string {
    return toCSV(this.cvResults);
  }
  /** The results as JSON text. */
  toJSON(): string {
    return toJSON(this.cvResults);
  }



  /**
   * Writes a self-contained HTML report of the fitted search (history, parallel
   * coordinates, slices, top 10, failures, time per trial, learning curves,
   * parameter importance) and returns its path. Options are those of
   * `searchReport` (`SearchReportOptions` in `tunekit`'s report module), which is
   * loaded only when this is called.
   * @example
   * ```ts
   * await search.report('search.html');
   * ```
   */
  async report(path: string, options: object = {}): Promise<string> {
    const { searchReport } = await import('../report/index.js');
    return (await searchReport(this, path, options)).path;
  }

  private requireBest(method: string): E {
    const s = this.state;
    if (s.bestEstimator === undefined) {
      throw new NotFittedError(
        `${this.ownerName} has no best estimator: it was built with refit: false (or no candidate scored). ` +
          `"${method}" is available only after refitting on the best parameters; refit one yourself with bestParams.`,
      );
    }
    return s.bestEstimator;
  }

  /**
   * Predicts with the best estimator: typed as the estimator's own `predict`
   * (a classifier's labels, a regressor's `Float64Array`).
   */
  async predict(X: MatrixLike): Promise<PredictionOf<E>> {
    const best = this.requireBest('predict') as unknown as { predict?: (X: MatrixLike) => Promise<PredictionOf<E>> };
    if (typeof best.predict !== 'function') throw new InvalidParameterError(`The best estimator of ${this.ownerName} has no predict method.`, { owner: this.ownerName, argument: 'estimator', value: best, expected: 'a predictor' });
    return best.predict(X);
  }

  /**
   * The best candidate, all of it defined: its index, params and score, and the
   * refitted estimator (undefined with `refit: false`). Where `bestParams` and
   * `bestScore` are optional (a search that found no finite score has none), this
   * narrows: it throws a {@link NotFittedError} instead.
   * @example
   * ```ts
   * const search = await new GridSearchCV(new Ridge(), { alpha: [0.1, 1, 10] }, { cv: 5 }).fit(X, y);
   * const { params, score } = search.best();
   * params.alpha; // number | undefined (a grid may leave a param at its default)
   * ```
   */
  best(): BestCandidate<E> {
    const s = this.state;
    if (s.bestIndex === undefined) {
      throw new NotFittedError(`${this.ownerName} has no best candidate: no candidate has a finite mean test score (see cvResults' split<k>_status and split<k>_error).`);
    }
    const score = s.bestScore ?? (s.cvResults.mean_test_score as readonly number[] | undefined)?.[s.bestIndex] ?? NaN;
    return { index: s.bestIndex, params: s.cvResults.params[s.bestIndex] as Partial<ParamsOf<E>>, score, estimator: s.bestEstimator };
  }

  /** Class probabilities from the best estimator. */
  async predictProba(X: MatrixLike): Promise<number[][]> {
    return this.delegate<number[][]>('predictProba', X);
  }

  /** Decision values from the best estimator. */
  async decisionFunction(X: MatrixLike): Promise<Float64Array | number[][]> {
    return this.delegate<Float64Array | number[][]>('decisionFunction', X);
  }

  /** Transforms X with the best estimator. */
  async transform(X: MatrixLike): Promise<DenseMatrix> {
    return this.delegate<DenseMatrix>('transform', X);
  }

  /** The classes of the best estimator. */
  get classes(): readonly Label[] {
    const best = this.requireBest('classes') as unknown as { classes?: readonly Label[] };
    if (best.classes === undefined) throw new InvalidParameterError(`The best estimator of ${this.ownerName} is not a classifier.`, { owner: this.ownerName, argument: 'estimator', value: best, expected: 'a classifier' });
    return best.classes;
  }

  /** Scores the best estimator on (X, y) with the refit metric's scorer (or its own score). */
  async score(X: MatrixLike, y: TargetLike): Promise<number> {
    const best = this.requireBest('score');
    const s = this.state;
    const scorer = s.scorers[s.refitMetric ?? 'score'] ?? s.scorers.score;
    if (scorer === undefined) {
      throw new InvalidParameterError(`${this.ownerName}.score needs a refit metric; the search was built with a refit function.`, {
        owner: this.ownerName,
        argument: 'refit',
        value: s.refitOption,
        expected: 'a metric name',
      });
    }
    return scorer(best as never, X, y);
  }

  private async delegate<R>(method: string, X: MatrixLike): Promise<R> {
    const best = this.requireBest(method) as unknown as Record<string, ((X: MatrixLike) => Promise<R>) | undefined>;
    const fn = best[method];
    if (typeof fn !== 'function') {
      throw new InvalidParameterError(`The best estimator of ${this.ownerName} (${best.constructor?.name}) has no ${method} method.`, {
        owner: this.ownerName,
        argument: method,
        value: best,
        expected: `an estimator with ${method}`,
      });
    }
    return fn.call(best, X);
  }
}
