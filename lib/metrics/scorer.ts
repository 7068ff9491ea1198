/**
 * Scorers: a metric bound to the estimator method that produces its input, with
 * the sign flipped for losses so that greater is always better (scikit-learn's
 * `make_scorer`, `get_scorer` and `check_scoring`).
 *
 * A {@link Scorer} is any `async (estimator, X, y) => number`. {@link makeScorer}
 * builds one from a metric; {@link getScorer} returns a built-in one by
 * scikit-learn's name (`'accuracy'`, `'neg_mean_squared_error'`, ...); and
 * {@link checkScoring} turns a search's `scoring` option into named scorers.
 */
import type { MatrixLike, TargetLike } from '../core/data.js';
import { InvalidParameterError, ValidationError } from '../core/errors.js';
import type { Predictor } from '../core/estimator.js';
import { booleanValue, checkParam, closestName, formatValue, invalidParameter, oneOf, satisfies } from '../core/validate.js';
import type { SampleWeight } from './_checks.js';
import { checkOption } from './_checks.js';
import { estimatorName, responseFor } from './_response.js';
import { accuracyScore, balancedAccuracyScore, matthewsCorrcoef } from './classification.js';
import { f1Score, precisionScore, recallScore } from './precision-recall.js';
import { logLoss } from './probabilistic.js';
import { averagePrecisionScore, rocAucScore } from './ranking.js';
import {
  explainedVarianceScore,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  meanSquaredLogError,
  medianAbsoluteError,
  r2Score,
} from './regression.js';
import { topKAccuracyScore } from './top-k-accuracy.js';

/** The estimator methods a scorer can take its predictions from. */
export type ResponseMethod = 'predict' | 'predictProba' | 'decisionFunction';

/**
 * Scores a fitted estimator on (X, y); greater is better. Any async function of
 * this shape can be passed as `scoring`.
 */
export type Scorer = (estimator: Predictor, X: MatrixLike, y: TargetLike) => Promise<number>;

/** Predictions already computed for one (estimator, X), shared by several scorers. */
export type ResponseCache = Map<ResponseMethod, Promise<unknown>>;

/** Extra arguments of a {@link MetricScorer} call. */
export interface ScoreOptions {
  /** One weight per sample, passed to the metric as `sampleWeight`. @default null */
  readonly sampleWeight?: SampleWeight | null | undefined;
  /** Reuse predictions computed by other scorers for the same estimator and X. @default undefined */
  readonly cache?: ResponseCache | undefined;
}

/** A metric: `(yTrue, yPred, options)` to a number. */
export type MetricFunction = (yTrue: never, yPred: never, options: never) => number;

/** The options object a metric takes (`{}` when it takes none). */
export type MetricOptionsOf<F> = F extends (yTrue: never, yPred: never, options: infer O) => unknown ? NonNullable<O> : never;

/** A scorer made by {@link makeScorer}, with readable metadata. */
export interface MetricScorer extends Scorer {
  (estimator: Predictor, X: MatrixLike, y: TargetLike, options?: ScoreOptions): Promise<number>;
  /** The registry name (`'neg_log_loss'`) or the metric's name. */
  readonly scorerName: string;
  /** False for losses, whose values are negated. */
  readonly greaterIsBetter: boolean;
  /** The method (or, in order of preference, the methods) that produce the metric's input. */
  readonly responseMethod: ResponseMethod | readonly ResponseMethod[];
  /** The metric function. */
  readonly metric: MetricFunction;
  /** The options passed to the metric on every call. */
  readonly metricOptions: Readonly<Record<string, unknown>>;
}

/** The scorer's own options of {@link makeScorer}. */
export interface MakeScorerOptions {
  /** False for a loss: the scorer returns the negated metric. @default true */
  readonly greaterIsBetter?: boolean | undefined;
  /**
   * The estimator method whose output is passed to the metric as yPred. A list of
   * several means the first one the estimator has, as scikit-learn's threshold
   * scorers (`['decisionFunction', 'predictProba']` for ROC AUC); a regressor then
   * uses `predict`. For
   * binary targets, `predictProba` output is reduced to the positive class column
   * (`posLabel`, or the larger class), and decision values are negated when
   * `posLabel` is the smaller class. @default 'predict'
   */
  readonly responseMethod?: ResponseMethod | readonly ResponseMethod[] | undefined;
  /** The name shown in messages and as `scorerName`. @default the metric's name */
  readonly name?: string | undefined;
}

const RESPONSE_METHODS: readonly ResponseMethod[] = ['predict', 'predictProba', 'decisionFunction'];
const SCORER_KEYS = ['greaterIsBetter', 'responseMethod', 'name'];
const SCORER_BRAND = Symbol('tunekit.MetricScorer');

function describeResponse(r: ResponseMethod | readonly ResponseMethod[]): string {
  return typeof r === 'string' ? JSON.stringify(r) : `[${r.map((m) => JSON.stringify(m)).join(', ')}]`;
}

const responseConstraint = [
  oneOf(RESPONSE_METHODS),
  satisfies('a non-empty array of response methods', (v) => Array.isArray(v) && v.length > 0 && v.every((m) => RESPONSE_METHODS.includes(m as ResponseMethod))),
];

/**
 * Makes a scorer from a metric: it calls the estimator's `responseMethod` on X,
 * passes the result to `metric(y, yPred, metricOptions)` and returns the value,
 * negated when `greaterIsBetter` is false. Metric options sit beside the scorer's
 * own options.
 *
 * @throws {InvalidParameterError} for a bad option (checked now) or, at call time,
 *   an estimator without the method the scorer needs.
 * @example
 * ```ts
 * const f2 = makeScorer(fbetaScore, { beta: 2, average: 'macro' });
 * const negMse = makeScorer(meanSquaredError, { greaterIsBetter: false });
 * const aucScorer = makeScorer(rocAucScore, { responseMethod: ['decisionFunction', 'predictProba'] });
 * await negMse(fittedRegressor, X, y); // -0.375
 * ```
 */
export function makeScorer<F extends MetricFunction>(metric: F, options?: MakeScorerOptions & MetricOptionsOf<F>): MetricScorer {
  const owner = 'makeScorer';
  checkParam(owner, 'metric', metric, satisfies('a metric function (yTrue, yPred, options) => number', (v) => typeof v === 'function'), { kind: 'argument' });
  const all = { ...((options ?? {}) as Record<string, unknown>) };
  const greaterIsBetter = checkOption<boolean>(owner, 'greaterIsBetter', all.greaterIsBetter, [booleanValue]) ?? true;
  const responseMethod = checkOption<ResponseMethod | readonly ResponseMethod[]>(owner, 'responseMethod', all.responseMethod, responseConstraint) ?? 'predict';
  const name = checkOption<string>(owner, 'name', all.name, [satisfies('a non-empty string', (v) => typeof v === 'string' && v.length > 0)]) ?? (metric.name || 'metric');
  const metricOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) if (!SCORER_KEYS.includes(key)) metricOptions[key] = value;
  Object.freeze(metricOptions);
  const sign = greaterIsBetter ? 1 : -1;
  const run = metric as unknown as (yTrue: unknown, yPred: unknown, options?: object) => unknown;

  const scorer = async function (estimator: Predictor, X: MatrixLike, y: TargetLike, call: ScoreOptions = {}): Promise<number> {
    const yPred = await responseFor(scorer as MetricScorer, estimator, X, y, call.cache);
    const hasWeight = call.sampleWeight !== undefined && call.sampleWeight !== null;
    const value = run(y, yPred, hasWeight ? { ...metricOptions, sampleWeight: call.sampleWeight } : metricOptions);
    if (typeof value !== 'number') {
      throw new ValidationError(`The metric ${metric.name} returned ${formatValue(value)} where a single number was expected (in the "${name}" scorer).`, {
        owner: name,
        argument: 'metric',
        value,
        expected: 'a number',
      });
    }
    return sign * value;
  };
  const shownOptions = Object.entries({ ...(greaterIsBetter ? {} : { greaterIsBetter }), ...(responseMethod === 'predict' ? {} : { responseMethod }), ...metricOptions });
  Object.defineProperties(scorer, {
    name: { value: name },
    scorerName: { value: name, enumerable: true },
    greaterIsBetter: { value: greaterIsBetter, enumerable: true },
    responseMethod: { value: typeof responseMethod === 'string' ? responseMethod : Object.freeze([...responseMethod]), enumerable: true },
    metric: { value: metric, enumerable: true },
    metricOptions: { value: metricOptions, enumerable: true },
    [SCORER_BRAND]: { value: true },
    toString: {
      value: () =>
        `makeScorer(${metric.name || 'metric'}${
          shownOptions.length > 0
            ? `, { ${shownOptions.map(([k, v]) => `${k}: ${k === 'responseMethod' ? describeResponse(v as ResponseMethod) : formatValue(v)}`).join(', ')} }`
            : ''
        })`,
    },
  });
  return Object.freeze(scorer) as unknown as MetricScorer;
}

/** True for a scorer made by {@link makeScorer} (or {@link getScorer}). */
export function isMetricScorer(value: unknown): value is MetricScorer {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[SCORER_BRAND] === true;
}

// ---------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------

type Definition = readonly [MetricFunction, Readonly<Record<string, unknown>>?];

function buildRegistry<K extends string>(definitions: Readonly<Record<K, Definition>>): Readonly<Record<K, MetricScorer>> {
  const out = {} as Record<K, MetricScorer>;
  for (const name of Object.keys(definitions) as K[]) {
    const [metric, options] = definitions[name];
    out[name] = makeScorer(metric, { ...options, name } as never);
  }
  return Object.freeze(out);
}

const LOSS = { greaterIsBetter: false } as const;
const PROBA = { responseMethod: 'predictProba' } as const;
const THRESHOLD = { responseMethod: Object.freeze(['decisionFunction', 'predictProba'] as const) } as const;

/** scikit-learn 1.2's `_SCORERS` (clustering, deviance and multilabel-only scorers left out). */
const SCORERS = buildRegistry({
  explained_variance: [explainedVarianceScore],
  r2: [r2Score],
  max_error: [maxError, LOSS],
  matthews_corrcoef: [matthewsCorrcoef],
  neg_median_absolute_error: [medianAbsoluteError, LOSS],
  neg_mean_absolute_error: [meanAbsoluteError, LOSS],
  neg_mean_absolute_percentage_error: [meanAbsolutePercentageError, LOSS],
  neg_mean_squared_error: [meanSquaredError, LOSS],
  neg_mean_squared_log_error: [meanSquaredLogError, LOSS],
  neg_root_mean_squared_error: [meanSquaredError, { ...LOSS, squared: false }],
  accuracy: [accuracyScore],
  top_k_accuracy: [topKAccuracyScore, THRESHOLD],
  roc_auc: [rocAucScore, THRESHOLD],
  roc_auc_ovr: [rocAucScore, { ...PROBA, multiClass: 'ovr' }],
  roc_auc_ovo: [rocAucScore, { ...PROBA, multiClass: 'ovo' }],
  roc_auc_ovr_weighted: [rocAucScore, { ...PROBA, multiClass: 'ovr', average: 'weighted' }],
  roc_auc_ovo_weighted: [rocAucScore, { ...PROBA, multiClass: 'ovo', average: 'weighted' }],
  balanced_accuracy: [balancedAccuracyScore],
  average_precision: [averagePrecisionScore, THRESHOLD],
  neg_log_loss: [logLoss, { ...LOSS, ...PROBA }],
  precision: [precisionScore, { average: 'binary' }],
  precision_macro: [precisionScore, { posLabel: null, average: 'macro' }],
  precision_micro: [precisionScore, { posLabel: null, average: 'micro' }],
  precision_weighted: [precisionScore, { posLabel: null, average: 'weighted' }],
  recall: [recallScore, { average: 'binary' }],
  recall_macro: [recallScore, { posLabel: null, average: 'macro' }],
  recall_micro: [recallScore, { posLabel: null, average: 'micro' }],
  recall_weighted: [recallScore, { posLabel: null, average: 'weighted' }],
  f1: [f1Score, { average: 'binary' }],
  f1_macro: [f1Score, { posLabel: null, average: 'macro' }],
  f1_micro: [f1Score, { posLabel: null, average: 'micro' }],
  f1_weighted: [f1Score, { posLabel: null, average: 'weighted' }],
});

/** The names of the built-in scorers: scikit-learn's scoring strings. */
export type ScorerName = keyof typeof SCORERS;

const SCORER_NAMES: readonly ScorerName[] = Object.freeze((Object.keys(SCORERS) as ScorerName[]).sort());

/** The metric functions of tunekit, to catch a metric passed where a scorer is expected. */
const METRIC_FUNCTIONS: ReadonlySet<unknown> = new Set(Object.values(SCORERS).map((s) => s.metric));

/**
 * The names {@link getScorer} accepts, sorted.
 *
 * @example
 * ```ts
 * getScorerNames().includes('neg_log_loss'); // true
 * ```
 */
export function getScorerNames(): ScorerName[] {
  return [...SCORER_NAMES];
}

/** True when `name` is a built-in scorer name. */
export function isScorerName(name: unknown): name is ScorerName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(SCORERS, name);
}

/**
 * The built-in scorer of the given scikit-learn name; a scorer function is returned
 * unchanged. Losses are negated (`neg_mean_squared_error`), so greater is always
 * better.
 *
 * @throws {InvalidParameterError} for an unknown name, listing the valid names and
 *   suggesting the closest.
 * @example
 * ```ts
 * const scorer = getScorer('neg_log_loss');
 * scorer.greaterIsBetter; // false
 * await scorer(fittedClassifier, X, y); // -0.21616187468057912
 * ```
 */
export function getScorer(scoring: ScorerName): MetricScorer;
export function getScorer<S extends Scorer>(scoring: S): S;
export function getScorer(scoring: ScorerName | Scorer): Scorer {
  if (typeof scoring === 'function') return scoring;
  if (isScorerName(scoring)) return SCORERS[scoring];
  const suggestion = typeof scoring === 'string' ? closestName(scoring, SCORER_NAMES) : undefined;
  throw new InvalidParameterError(
    `${formatValue(scoring)} is not a valid scoring value. Valid names are: ${SCORER_NAMES.join(', ')}.` + (suggestion ? ` Did you mean "${suggestion}"?` : ''),
    { owner: 'getScorer', argument: 'scoring', value: scoring, expected: `one of ${SCORER_NAMES.join(', ')}` },
  );
}

// ---------------------------------------------------------------------------
// checkScoring
// ---------------------------------------------------------------------------

/**
 * What a search or cross-validation accepts as `scoring`: undefined or null (the
 * estimator's own `score`), a scorer name, a scorer, an array of names, or a record
 * of name -> scorer or scorer name.
 */
export type Scoring =
  | ScorerName
  | Scorer
  | readonly ScorerName[]
  | Readonly<Record<string, ScorerName | Scorer>>
  | null
  | undefined;

/** The scorers of a `scoring` option: one called `score`, or several by name. */
export type CheckedScoring =
  | { readonly multimetric: false; readonly scorers: Readonly<{ score: Scorer }> }
  | { readonly multimetric: true; readonly scorers: Readonly<Record<string, Scorer>> };

/** Options of {@link checkScoring}. */
export interface CheckScoringOptions {
  /** Who checks, for messages (`GridSearchCV`, `crossValidate`). */
  readonly owner: string;
  /** The estimator, to check now that it has `score` when scoring is undefined. @default undefined */
  readonly estimator?: unknown;
}

const SCORING_EXPECTED = 'a scorer name, a scorer function, an array of scorer names or a record of name -> scorer';

function noScoreMethod(owner: string, estimator: unknown): InvalidParameterError {
  return invalidParameter(owner, 'scoring', 'a scorer name, a scorer or a record of scorers', undefined, {
    kind: 'option',
    hint: `The estimator ${estimatorName(estimator)} has no "score" method to fall back on.`,
  });
}

function passthroughScorer(owner: string): Scorer {
  const scorer: Scorer = async (estimator, X, y) => {
    if (typeof estimator?.score !== 'function') throw noScoreMethod(owner, estimator);
    return estimator.score(X, y);
  };
  Object.defineProperty(scorer, 'name', { value: 'score' });
  return Object.freeze(scorer);
}

function scorerFrom(owner: string, value: unknown, where: string): Scorer {
  if (typeof value === 'string') return getScorer(value as ScorerName);
  if (typeof value === 'function') {
    if (METRIC_FUNCTIONS.has(value)) {
      throw invalidParameter(owner, 'scoring', SCORING_EXPECTED, value, {
        kind: 'option',
        hint: `${where}${(value as { name: string }).name} is a metric, not a scorer: a scorer takes (estimator, X, y). Wrap it with makeScorer(${(value as { name: string }).name}).`,
      });
    }
    return value as Scorer;
  }
  throw invalidParameter(owner, 'scoring', SCORING_EXPECTED, value, { kind: 'option', hint: where ? `${where}is neither a name nor a scorer.` : undefined });
}

/**
 * Normalizes a `scoring` option into named scorers (scikit-learn's
 * `check_scoring` + `_check_multimetric_scoring`). A single metric is keyed
 * `score`; an array or record gives one scorer per name (multimetric).
 *
 * @throws {InvalidParameterError} for an unknown name, an empty or duplicated
 *   list, a non-string list item, an empty record, a metric function passed
 *   instead of a scorer, or undefined scoring with an estimator that has no `score`.
 * @example
 * ```ts
 * checkScoring('accuracy', { owner: 'GridSearchCV' });
 * // { multimetric: false, scorers: { score: <accuracy scorer> } }
 * Object.keys(checkScoring(['accuracy', 'f1_macro'], { owner: 'GridSearchCV' }).scorers); // ['accuracy', 'f1_macro']
 * checkScoring({ auc: 'roc_auc', mine: async (est, X, y) => 1 }, { owner: 'crossValidate' });
 * ```
 */
export function checkScoring(scoring: Scoring, options: CheckScoringOptions): CheckedScoring {
  const owner = options.owner;
  const single = (scorer: Scorer): CheckedScoring => Object.freeze({ multimetric: false, scorers: Object.freeze({ score: scorer }) });
  if (scoring === undefined || scoring === null) {
    if (options.estimator !== undefined && typeof (options.estimator as { score?: unknown } | null)?.score !== 'function') {
      throw noScoreMethod(owner, options.estimator);
    }
    return single(passthroughScorer(owner));
  }
  if (typeof scoring === 'string' || typeof scoring === 'function') return single(scorerFrom(owner, scoring, ''));
  const scorers: Record<string, Scorer> = {};
  if (Array.isArray(scoring)) {
    const list = scoring as readonly unknown[];
    if (list.length === 0) {
      throw invalidParameter(owner, 'scoring', 'a non-empty array of scorer names', scoring, { kind: 'option' });
    }
    const bad = list.findIndex((v) => typeof v !== 'string');
    if (bad >= 0) {
      throw invalidParameter(owner, 'scoring', 'an array of unique scorer names (strings)', scoring, {
        kind: 'option',
        hint: `Item ${bad} is ${formatValue(list[bad])}; ${typeof list[bad] === 'function' ? 'use a record of name -> scorer for scorer functions.' : 'only names can be listed.'}`,
      });
    }
    const seen = new Set<string>();
    for (const name of list as readonly string[]) {
      if (seen.has(name)) {
        throw invalidParameter(owner, 'scoring', 'an array of unique scorer names (strings)', scoring, {
          kind: 'option',
          hint: `"${name}" appears more than once.`,
        });
      }
      seen.add(name);
      scorers[name] = getScorer(name as ScorerName);
    }
    return Object.freeze({ multimetric: true, scorers: Object.freeze(scorers) });
  }
  if (typeof scoring === 'object' && Object.getPrototypeOf(scoring) === Object.prototype) {
    const entries = Object.entries(scoring as Record<string, unknown>);
    if (entries.length === 0) {
      throw invalidParameter(owner, 'scoring', 'a record with at least one name -> scorer entry', scoring, { kind: 'option' });
    }
    for (const [key, value] of entries) scorers[key] = scorerFrom(owner, value, `The entry "${key}" `);
    return Object.freeze({ multimetric: true, scorers: Object.freeze(scorers) });
  }
  throw invalidParameter(owner, 'scoring', `undefined, ${SCORING_EXPECTED}`, scoring, { kind: 'option' });
}

/**
 * Runs several scorers on one fitted estimator, computing each prediction method
 * at most once (scikit-learn's `_MultimetricScorer`). Scorer errors propagate.
 *
 * @example
 * ```ts
 * const { scorers } = checkScoring(['accuracy', 'neg_log_loss'], { owner: 'demo' });
 * await scoreMultimetric(scorers, fittedClassifier, X, y); // { accuracy: 0.75, neg_log_loss: -0.43 }
 * ```
 */
export async function scoreMultimetric(
  scorers: Readonly<Record<string, Scorer>>,
  estimator: Predictor,
  X: MatrixLike,
  y: TargetLike,
): Promise<Record<string, number>> {
  const cache: ResponseCache = new Map();
  const out: Record<string, number> = {};
  for (const [name, scorer] of Object.entries(scorers)) {
    out[name] = isMetricScorer(scorer) ? await scorer(estimator, X, y, { cache }) : await scorer(estimator, X, y);
  }
  return out;
}
