/**
 * How a scorer gets the metric's input from an estimator: scikit-learn's
 * `_PredictScorer`, `_ProbaScorer` and `_ThresholdScorer` logic.
 */
import type { Label, MatrixLike, TargetLike } from '../core/data.js';
import { typeOfTarget } from '../core/data.js';
import type { InvalidParameterError } from '../core/errors.js';
import { ValidationError } from '../core/errors.js';
import type { Predictor } from '../core/estimator.js';
import { formatValue, invalidParameter } from '../core/validate.js';
import { formatLabels } from './_checks.js';
import type { MetricScorer, ResponseCache, ResponseMethod } from './scorer.js';

/** The estimator's class name, for messages. */
export function estimatorName(estimator: unknown): string {
  const name = (estimator as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name && name !== 'Object' ? name : 'the estimator';
}

/** The error of a scorer called with an estimator that lacks the method it needs. */
export function missingMethod(scorerName: string, estimator: unknown, methods: readonly string[]): InvalidParameterError {
  const needed = methods.length === 1 ? `a ${methods[0]} method` : `a ${methods.join(' or ')} method`;
  return invalidParameter(`the "${scorerName}" scorer`, 'estimator', `an estimator with ${needed}`, estimator, {
    kind: 'argument',
    hint: `${estimatorName(estimator)} has no ${methods.map((m) => `"${m}"`).join(' or ')} method.`,
  });
}

/** True when `estimator[method]` is a function. */
export function hasMethod(estimator: unknown, method: string): boolean {
  return typeof (estimator as Record<string, unknown> | null)?.[method] === 'function';
}

/** The estimator's `classes`, needed to find the positive class. */
function classesOf(scorerName: string, estimator: Predictor): readonly Label[] {
  const classes = (estimator as { classes?: unknown }).classes;
  if (!Array.isArray(classes)) {
    throw invalidParameter(`the "${scorerName}" scorer`, 'estimator', 'a classifier with a classes property', estimator, {
      kind: 'argument',
      hint: `${estimatorName(estimator)} has no classes array, needed to find the positive class.`,
    });
  }
  return classes as readonly Label[];
}

/** A posLabel that is not one of the estimator's classes. */
function invalidPosLabel(scorerName: string, posLabel: unknown, classes: readonly Label[]): ValidationError {
  return new ValidationError(`posLabel=${formatValue(posLabel)} is not a valid label: ${formatLabels(classes)} (in the "${scorerName}" scorer).`, {
    owner: scorerName,
    argument: 'posLabel',
    value: posLabel,
    expected: `one of ${formatLabels(classes)}`,
  });
}

/** `_select_proba_binary`: the column of the positive class of a two-class predictProba. */
function selectProbaBinary(scorer: MetricScorer, proba: readonly (readonly number[])[], classes: readonly Label[]): number[] {
  const width = proba[0]?.length ?? 0;
  if (width !== 2) {
    throw new ValidationError(
      `Got predictProba of shape (${proba.length}, ${width}), but need classifier with two classes for ${scorer.metric.name} scoring (in the "${scorer.scorerName}" scorer).`,
      { owner: scorer.scorerName, argument: 'estimator', value: width, expected: 'two classes' },
    );
  }
  const posLabel = scorer.metricOptions.posLabel ?? classes[1];
  const col = classes.indexOf(posLabel as Label);
  if (col < 0) throw invalidPosLabel(scorer.scorerName, posLabel, classes);
  return proba.map((row) => row[col]!);
}

/** Calls `estimator[method](X)` once per cache. */
async function respond(cache: ResponseCache | undefined, estimator: Predictor, method: ResponseMethod, X: MatrixLike): Promise<unknown> {
  const call = (): Promise<unknown> => (estimator as unknown as Record<ResponseMethod, (X: MatrixLike) => Promise<unknown>>)[method](X);
  if (cache === undefined) return call();
  let pending = cache.get(method);
  if (pending === undefined) {
    pending = call();
    cache.set(method, pending);
  }
  return pending;
}

/** The metric's yPred for this estimator: scikit-learn's Predict/Proba/Threshold scorers. */
export async function responseFor(scorer: MetricScorer, estimator: Predictor, X: MatrixLike, y: TargetLike, cache: ResponseCache | undefined): Promise<unknown> {
  const preference = typeof scorer.responseMethod === 'string' ? [scorer.responseMethod] : scorer.responseMethod;
  const threshold = preference.length > 1;
  if (threshold && estimator.estimatorType === 'regressor') {
    if (!hasMethod(estimator, 'predict')) throw missingMethod(scorer.scorerName, estimator, ['predict']);
    return respond(cache, estimator, 'predict', X);
  }
  const method = preference.find((m) => hasMethod(estimator, m));
  if (method === undefined) throw missingMethod(scorer.scorerName, estimator, preference);
  const output = await respond(cache, estimator, method, X);
  if (method === 'predict') return output;
  const binary = typeOfTarget(y) === 'binary';
  if (method === 'predictProba') {
    const proba = output as readonly (readonly number[])[];
    if (binary && (threshold || (proba[0]?.length ?? 0) <= 2)) return selectProbaBinary(scorer, proba, classesOf(scorer.scorerName, estimator));
    return proba;
  }
  // decisionFunction
  const posLabel = scorer.metricOptions.posLabel;
  const oneD = !(Array.isArray(output) && Array.isArray(output[0]));
  if (binary && oneD && posLabel !== undefined && posLabel !== null) {
    const classes = classesOf(scorer.scorerName, estimator);
    if (!classes.includes(posLabel as Label)) throw invalidPosLabel(scorer.scorerName, posLabel, classes);
    if (posLabel === classes[0]) return Array.from(output as ArrayLike<number>, (v) => -v);
  }
  return output;
}

