/**
 * The trial record of a define-by-run study: what a trial whose objective asks
 * for its parameters (`trial.suggestFloat(...)`) keeps in its attributes,
 * written and read only through this codec (by the active trial, the study,
 * the samplers' search spaces and the trials table).
 *
 *     attrs: {
 *       params: { classifier: 'SVC', svc_c: 0.03 },          every parameter suggested so far
 *       distributions: { classifier: { kind: 'categorical', … }, svc_c: { kind: 'real', … } },
 *       user_attrs: { accuracy: 0.93 },                      `trial.setUserAttr(key, value)`
 *     }
 *
 * The parameters a sampler fixed when the trial was created (a grid point,
 * the values of a fixed-space sampler) are the record's `params`; the study
 * shows a define-by-run trial with both merged ({@link withSuggestedParams}).
 */
import type { Dimension } from '../space/dimensions.js';
import type { DimensionJSON } from '../space/dimension-json.js';
import { dimensionFromJSON } from '../space/dimension-json.js';
import type { ParamSet } from '../space/parameter-grid.js';
import type { Trial } from '../trial.js';
import { freezeTrial, isUnfinished } from '../trial.js';

/** The attribute keys of a define-by-run trial. */
export const PARAMS_KEY = 'params';
export const DISTRIBUTIONS_KEY = 'distributions';
export const USER_ATTRS_KEY = 'user_attrs';

/** What a define-by-run trial records, decoded. */
export interface DynamicTrialRecord {
  /** Every parameter the objective asked for, with the fixed ones it used. */
  readonly params: ParamSet;
  /** The distribution each suggested parameter was drawn from. */
  readonly distributions: Readonly<Record<string, Dimension>>;
  /** What the objective recorded with `setUserAttr`. */
  readonly userAttrs: Readonly<Record<string, unknown>>;
}

const decodedDistributions = new WeakMap<object, Readonly<Record<string, Dimension>>>();

function distributionsOf(raw: unknown): Readonly<Record<string, Dimension>> {
  if (typeof raw !== 'object' || raw === null) return {};
  let cached = decodedDistributions.get(raw);
  if (cached === undefined) {
    cached = Object.freeze(Object.fromEntries(Object.entries(raw as Record<string, DimensionJSON>).map(([k, v]) => [k, dimensionFromJSON(v)])));
    decodedDistributions.set(raw, cached);
  }
  return cached;
}

function recordOf(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The define-by-run part of a trial record.
 * @example
 * ```ts
 * decodeDynamicTrial(study.trials[0]).distributions.lr; // Real(0.0001, 0.1, prior="log-uniform")
 * ```
 */
export function decodeDynamicTrial(trial: Pick<Trial, 'params' | 'attrs'>): DynamicTrialRecord {
  return {
    params: { ...trial.params, ...recordOf(trial.attrs[PARAMS_KEY]) },
    distributions: distributionsOf(trial.attrs[DISTRIBUTIONS_KEY]),
    userAttrs: recordOf(trial.attrs[USER_ATTRS_KEY]),
  };
}

const merged = new WeakMap<Trial, Trial>();

/**
 * The trial as a define-by-run study shows it: its `params` are the fixed
 * ones and every one the objective asked for. Finished trials are converted
 * once (the same frozen object each time).
 */
export function withSuggestedParams<T extends Trial>(trial: T): T {
  const suggested = trial.attrs[PARAMS_KEY];
  if (typeof suggested !== 'object' || suggested === null) return trial;
  const known = merged.get(trial);
  if (known !== undefined) return known as T;
  const out = freezeTrial({ ...trial, params: Object.freeze({ ...trial.params, ...(suggested as ParamSet) }) });
  if (!isUnfinished(trial)) merged.set(trial, out);
  return out;
}
