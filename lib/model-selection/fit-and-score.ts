/**
 * Fitting and scoring one candidate on one split: the unit of work of every
 * cross-validated search (scikit-learn's `_fit_and_score`).
 *
 * A failing fit is data, not a crash: with a numeric `errorScore` the split gets
 * that score, its error text and its fit time; with `'raise'` the error escapes
 * with the candidate and split attached. Only a {@link FatalError} thrown by a fit
 * or a score ends the search ({@link endsSearch}).
 */
import type { DenseMatrix, TargetLike, Vector } from '../core/data.js';
import { takeTarget } from '../core/data.js';
import { isStopped } from '../core/checkpoint.js';
import { FatalError, errorMessage } from '../core/errors.js';
import type { AnyEstimator, FitOptions, IntermediateReporter, Predictor } from '../core/estimator.js';
import { clone, readResourceProbes } from '../core/estimator.js';
import { formatValue } from '../core/validate.js';
import type { Scorer } from '../metrics/scorer.js';
import { scoreMultimetric } from '../metrics/scorer.js';
import type { SplitRows } from '../core/shared-state.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { WarningCategory } from '../core/warnings.js';
import { warn, warningSnapshot, warningsSince } from '../core/warnings.js';

/** What stays the same for every split of a search. */
export interface FitAndScoreContext {
  /** The unfitted template; each task fits its own clone. */
  readonly estimator: AnyEstimator;
  readonly X: DenseMatrix;
  readonly y: TargetLike | undefined;
  readonly groups?: Vector | undefined;
  /** Scorers by metric name (`score` in single-metric mode). */
  readonly scorers: Readonly<Record<string, Scorer>>;
  /** The score given to a failed split, or 'raise' to rethrow. */
  readonly errorScore: number | 'raise';
  readonly returnTrainScore: boolean;
  /** Keep the fitted estimator in the result (in-process only). */
  readonly returnEstimator?: boolean | undefined;
  /** Extra fit options passed to every fit (signal and report are added per task). */
  readonly fitOptions?: FitOptions | undefined;
}

/** One (candidate, split) fit. */
export interface FitAndScoreTask {
  readonly candidate: number;
  readonly split: number;
  readonly params: ParamSet;
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** Receives per-iteration values of iterative estimators. */
  readonly report?: IntermediateReporter | undefined;
}

/**
 * Where a fit's rows and estimator come from when a search shares work across
 * candidates (see `shared-state/`): the split's rows taken once, a configured
 * clone, and how to fit it (from a shared state).
 */
export interface SplitFitSource {
  /** The split's rows, taken once and shared (read-only). @default taken from the context for this task */
  readonly rows?: SplitRows | undefined;
  /** The clone to fit, already configured with the task's params. @default a new clone */
  readonly estimator?: AnyEstimator | undefined;
  /** Fits the clone. @default its `fit` on the training rows */
  readonly fit?: ((estimator: AnyEstimator, options: FitOptions) => Promise<void>) | undefined;
  /** Seconds of shared work (a state's build) charged to this fit. @default 0 */
  readonly sharedSeconds?: number | undefined;
  /** Keep the fitted estimator in the result, undisposed, as `returnEstimator` does (continued training). @default false */
  readonly keep?: boolean | undefined;
}

/** How a split ended. */
export type SplitStatus = 'ok' | 'failed' | 'timeout' | 'pruned';

/** The outcome of one (candidate, split) fit. */
export interface SplitResult {
  readonly candidate: number;
  readonly split: number;
  readonly status: SplitStatus;
  /** Test scores by metric name (errorScore or NaN when not ok). */
  readonly testScores: Readonly<Record<string, number>>;
  /** Train scores by metric name, when asked for. */
  readonly trainScores: Readonly<Record<string, number>> | undefined;
  /** Fit time in seconds. */
  readonly fitTime: number;
  /** Score time in seconds. */
  readonly scoreTime: number;
  /** The error text of a failed split. */
  readonly error: string | undefined;
  readonly nTestSamples: number;
  /** The fitted estimator, when `returnEstimator`. */
  readonly estimator?: AnyEstimator | undefined;
  /**
   * Per-split facts: what the estimator's `splitExtras()` returned (best epoch...)
   * and, when resources grew across the fit (tensors not released), `<probe>_growth`.
   */
  readonly extras?: Readonly<Record<string, number | string | undefined>> | undefined;
  /** The warnings the split's fit and scoring emitted, by category (none: undefined). */
  readonly warnings?: Readonly<Partial<Record<WarningCategory, number>>> | undefined;
}

/**
 * The error thrown with `errorScore: 'raise'`: the original error as `cause`, and
 * the candidate's params and the split index attached.
 */
export class SplitFitError extends FatalError {
  override name = 'SplitFitError';
  readonly params: ParamSet;
  readonly split: number;
  readonly candidate: number;

  constructor(message: string, task: { params: ParamSet; split: number; candidate: number }, cause: unknown) {
    super(message, { cause });
    this.params = task.params;
    this.split = task.split;
    this.candidate = task.candidate;
  }
}

/**
 * True when an error thrown by a candidate's fit or score ends the search instead
 * of failing its split: a {@link FatalError}, except a {@link SplitFitError} that
 * a search nested in the candidate raised (the outer search records it). Anything
 * else is a failed fit (scikit-learn 1.2's `_fit_and_score`), an
 * `InvalidParameterError` included: an estimator that refuses a combination of
 * params only when it fits (LogisticRegression's penalty 'l1' with solver
 * 'lbfgs') fails that candidate, and the search goes on. The one rule of every
 * path a fit takes (in this thread, on pool workers, in sharing groups).
 * @example
 * ```ts
 * endsSearch(new FatalError('out of disk')); // true
 * endsSearch(new InvalidParameterError('...', { owner: 'LogisticRegression', argument: 'penalty', value: 'l1', expected: "'l2'" })); // false
 * ```
 */
export function endsSearch(error: unknown): boolean {
  return error instanceof FatalError && !(error instanceof SplitFitError);
}

function now(): number {
  return performance.now() / 1000;
}

async function scoreAll(
  scorers: Readonly<Record<string, Scorer>>,
  estimator: AnyEstimator,
  X: DenseMatrix,
  y: TargetLike | undefined,
): Promise<Record<string, number>> {
  const out = await scoreMultimetric(scorers, estimator as unknown as Predictor, X, y as TargetLike);
  for (const [name, value] of Object.entries(out)) {
    if (typeof value !== 'number') {
      throw new TypeError(`The scorer "${name}" must return a number. Got ${formatValue(value)} instead.`);
    }
  }
  return out;
}

function filled(names: readonly string[], value: number): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, value]));
}

/** The error text of a split the search stopped (timeout, signal, Ctrl-C) before it finished. */
export const STOPPED_SPLIT_MESSAGE = 'The search was stopped (timeout or abort) before this split finished.';

/** The result of a split that ended without scores: stopped (`timeout`), or failed with `value` as its scores. */
export function unfinishedSplit(
  task: Pick<FitAndScoreTask, 'candidate' | 'split' | 'test'>,
  metrics: readonly string[],
  returnTrainScore: boolean,
  status: 'timeout' | 'failed',
  value: number,
  error: string,
): SplitResult {
  const scores = filled(metrics, value);
  return {
    candidate: task.candidate,
    split: task.split,
    status,
    testScores: scores,
    trainScores: returnTrainScore ? scores : undefined,
    fitTime: NaN,
    scoreTime: NaN,
    error,
    nTestSamples: task.test.length,
  };
}

/**
 * Clones the context's estimator, sets the task's params, fits on the train rows
 * and scores on the test rows (and the train rows when asked).
 *
 * @throws {SplitFitError} with `errorScore: 'raise'` when the fit or a score fails
 *   (an `InvalidParameterError` the fit raises included, as its `cause`); a
 *   {@link FatalError} always escapes ({@link endsSearch}), and so do an error
 *   of `setParams` (the search checks its candidates before any fit) and what
 *   the task's `report` (the search's reporter) threw during the fit.
 */
export async function fitAndScore(context: FitAndScoreContext, task: FitAndScoreTask, signal?: AbortSignal, source: SplitFitSource = {}): Promise<SplitResult> {
  const before = warningSnapshot();
  const result = await fitAndScoreOnce(context, task, signal, source);
  const warnings = warningsSince(before);
  return warnings === undefined ? result : { ...result, warnings };
}

/** {@link fitAndScore} without its count of warnings. */
async function fitAndScoreOnce(context: FitAndScoreContext, task: FitAndScoreTask, signal: AbortSignal | undefined, source: SplitFitSource): Promise<SplitResult> {
  const split = new SplitRun(context, task, source.keep === true);
  let estimator = source.estimator;
  if (estimator === undefined) {
    estimator = clone(context.estimator);
    estimator.setParams(task.params);
  }
  const rows = source.rows;
  const XTrain = rows?.XTrain ?? context.X.takeRows(task.train);
  const yTrain = rows !== undefined ? rows.yTrain : context.y === undefined ? undefined : takeTarget(context.y, task.train);
  // the search's signal (which may carry its timeout's deadline), else the caller's own fit signal
  const stop = signal ?? context.fitOptions?.signal;
  const reporter = new SearchReporter(task.report);
  const fitOptions: FitOptions = {
    ...(context.fitOptions ?? {}),
    signal: stop,
    report: reporter.report,
    groups: rows !== undefined ? rows.groupsTrain : context.groups === undefined ? undefined : takeTarget(context.groups, task.train),
  };

  const fitStart = now() - (source.sharedSeconds ?? 0);
  try {
    await (source.fit === undefined ? estimator.fit(XTrain, yTrain, fitOptions) : source.fit(estimator, fitOptions));
  } catch (error) {
    if (isStopped(stop)) return split.stopped(estimator, error);
    reporter.rethrow();
    if (endsSearch(error)) throw error;
    return split.failed(error, 'fit', estimator, { status: 'failed', fitTime: now() - fitStart, scoreTime: 0 });
  }
  const fitTime = now() - fitStart;

  const XTest = rows?.XTest ?? context.X.takeRows(task.test);
  const yTest = rows !== undefined ? rows.yTest : context.y === undefined ? undefined : takeTarget(context.y, task.test);
  const scoreStart = now();
  let testScores: Record<string, number>;
  let trainScores: Record<string, number> | undefined;
  try {
    testScores = await scoreAll(context.scorers, estimator, XTest, yTest);
    if (context.returnTrainScore) trainScores = await scoreAll(context.scorers, estimator, XTrain, yTrain);
  } catch (error) {
    if (isStopped(stop)) return split.stopped(estimator, error);
    if (endsSearch(error)) throw error;
    return split.failed(error, 'score', estimator, { status: 'failed', fitTime, scoreTime: now() - scoreStart });
  }
  const scoreTime = now() - scoreStart;
  return { ...split.base, status: 'ok', testScores, trainScores, fitTime, scoreTime, error: undefined, ...split.release(estimator) };
}

/**
 * The search's reporter as a fit sees it: what it throws (a `pruneOn` naming a
 * value the estimator does not report, a storage fault) is the search's error,
 * not the candidate's, so it ends the search however the fit passes it on (on a
 * worker thread, the report channel raises it as a `FatalError`).
 */
class SearchReporter {
  readonly report: IntermediateReporter | undefined;
  private thrown: { readonly error: unknown } | undefined;

  constructor(inner: IntermediateReporter | undefined) {
    this.report =
      inner === undefined
        ? undefined
        : async (step, values) => {
            try {
              return await inner(step, values);
            } catch (error) {
              this.thrown ??= { error };
              throw error;
            }
          };
  }

  /** Throws what the search's reporter threw during the fit, if it threw. */
  rethrow(): void {
    if (this.thrown !== undefined) throw this.thrown.error;
  }
}

/** One (candidate, split) fit: what its result starts with, and how it ends when the fit or a score fails. */
class SplitRun {
  readonly base: Pick<SplitResult, 'candidate' | 'split' | 'nTestSamples'>;
  private readonly before = readResourceProbes();

  constructor(
    private readonly context: FitAndScoreContext,
    private readonly task: FitAndScoreTask,
    private readonly keepEstimator: boolean,
  ) {
    this.base = { candidate: task.candidate, split: task.split, nTestSamples: task.test.length };
  }

  /**
   * A failed fit (the split's status `failed`, or `timeout` when the search
   * was stopped) or a failed score: errorScore and the error's text; with
   * `errorScore: 'raise'`, a {@link SplitFitError}.
   */
  failed(error: unknown, stage: 'fit' | 'score', estimator: AnyEstimator, ended: Pick<SplitResult, 'status' | 'fitTime' | 'scoreTime'>): SplitResult {
    const { context, task } = this;
    if (context.errorScore === 'raise') {
      throw new SplitFitError(
        `${stage === 'fit' ? 'Fitting' : 'Scoring'} candidate ${task.candidate} with params ${formatValue(task.params)} on split ${task.split} failed: ${errorMessage(error)}`,
        task,
        error,
      );
    }
    const scores = filled(Object.keys(context.scorers), context.errorScore);
    // a fit that failed keeps nothing of its estimator; a score that failed keeps what a fitted one gives
    const released = stage === 'fit' ? (release(estimator, this.before, false), {}) : this.release(estimator);
    return {
      ...this.base,
      ...ended,
      testScores: scores,
      trainScores: context.returnTrainScore ? scores : undefined,
      error: stage === 'fit' ? errorMessage(error) : `Scoring failed: ${errorMessage(error)}`,
      ...released,
    };
  }

  /**
   * A split the search stopped (its timeout passed, its signal aborted) while
   * it fitted or scored: status `timeout` with what the estimator threw, never
   * raised, whatever `errorScore`.
   */
  stopped(estimator: AnyEstimator, error: unknown): SplitResult {
    release(estimator, this.before, false);
    const { context, task } = this;
    return unfinishedSplit(task, Object.keys(context.scorers), context.returnTrainScore, 'timeout', NaN, errorMessage(error));
  }

  /** The estimator (when returned) and the split extras; the estimator is disposed unless returned. */
  release(estimator: AnyEstimator): Pick<SplitResult, 'estimator' | 'extras'> {
    const keep = this.context.returnEstimator === true || this.keepEstimator;
    return { estimator: keep ? estimator : undefined, extras: release(estimator, this.before, keep) };
  }
}

/**
 * Collects the estimator's split extras, disposes it unless it is returned, and
 * adds `<probe>_growth` for every resource probe that grew (with a warning).
 */
function release(
  estimator: AnyEstimator,
  before: Readonly<Record<string, number>>,
  keep: boolean,
): Readonly<Record<string, number | string | undefined>> | undefined {
  const extras: Record<string, number | string | undefined> = { ...(estimator.splitExtras?.() ?? {}) };
  if (!keep) {
    estimator.dispose?.();
    const after = readResourceProbes();
    for (const [name, value] of Object.entries(after)) {
      const growth = value - (before[name] ?? value);
      if (growth > 0) {
        extras[`${name}_growth`] = growth;
        warn(
          `${estimator.constructor.name} left ${growth} ${name} allocated after a fit was scored and disposed: a resource leak. ` +
            'Dispose what fit/predict create (tf.tidy, tensor.dispose()).',
          'ResourceLeakWarning',
        );
      }
    }
  }
  return Object.keys(extras).length > 0 ? extras : undefined;
}

/** Counts failed splits; warns (or, when every split failed, throws) like scikit-learn. */
export function summarizeFailures(
  results: readonly SplitResult[],
  errorScore: number | 'raise',
  paramsOf: (candidate: number) => ParamSet,
): { failed: number; message: string | undefined; allFailed: boolean } {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return { failed: 0, message: undefined, allFailed: false };
  const first = failed[0] as SplitResult;
  const distinct = new Map<string, number>();
  for (const r of failed) distinct.set(r.error ?? '', (distinct.get(r.error ?? '') ?? 0) + 1);
  const details = [...distinct.entries()]
    .slice(0, 5)
    .map(([msg, count]) => `${count} fit${count > 1 ? 's' : ''} failed with: ${msg}`)
    .join('\n');
  const firstLine = `The first failure was candidate ${first.candidate} with params ${formatValue(paramsOf(first.candidate))} on split ${first.split}.`;
  const allFailed = failed.length === results.length;
  const message = allFailed
    ? `All the ${results.length} fits failed. It is very likely that your model is misconfigured. ` +
      `You can try to debug the error by setting errorScore: 'raise'.\n${firstLine}\nBelow are more details about the failures:\n${details}`
    : `${failed.length} fits failed out of a total of ${results.length}. ` +
      `The score on these train-test partitions for these parameters will be set to ${formatValue(errorScore)}. ` +
      `If these failures are not expected, you can try to debug them by setting errorScore: 'raise'.\n${firstLine}\nBelow are more details about the failures:\n${details}`;
  return { failed: failed.length, message, allFailed };
}
