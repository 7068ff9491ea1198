/**
 * The estimator contract: scikit-learn's `BaseEstimator` for TypeScript.
 *
 * An estimator is an object with `getParams`, `setParams` and an async `fit`. Its
 * constructor takes one params object; its params are declared as an interface
 * (no index signature) so that grids can be checked at compile time. Predictors add
 * `predict` (and usually `score`), classifiers add `classes` and optionally
 * `predictProba`/`decisionFunction`, transformers add `transform`.
 *
 * {@link BaseEstimator} implements the params plumbing from a {@link ParamSchema}:
 * defaults, run-time validation with the standard messages, unknown-key errors that
 * list the valid names, and nested `step__param` routing.
 */
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from './data.js';
import { InvalidParameterError, NotFittedError, ValidationError } from './errors.js';
import { RandomState } from './random-state.js';
import type { Constraint } from './validate.js';
import { checkParam, unknownNameMessage } from './validate.js';

/** What an estimator does, after scikit-learn's `_estimator_type`. */
export type EstimatorType = 'classifier' | 'regressor' | 'transformer';

/**
 * Reports an intermediate value (one epoch, one boosting round) to whoever runs
 * the fit. Returns `true` when the fit should stop early (the trial is pruned).
 */
export type IntermediateReporter = (step: number, values: Readonly<Record<string, number>>) => boolean | Promise<boolean>;

/** Options every `fit` accepts; estimators ignore what they do not use. */
export interface FitOptions {
  /**
   * Stops the fit when aborted. Iterative estimators check it between
   * iterations through a `Checkpoint` (`core/checkpoint.ts`), which also reads
   * the deadline a search's signal carries (its timeout) by the clock, so that
   * a synchronous solver stops in time without returning to the event loop.
   */
  readonly signal?: AbortSignal | undefined;
  /** Receives per-iteration values (for pruning and multi-fidelity schedulers). */
  readonly report?: IntermediateReporter | undefined;
  /** Sample groups, passed through to pipelines and meta-estimators. */
  readonly groups?: Vector | undefined;
}

/**
 * What `getParams` returns: the declared params, plus `name__param` keys of nested
 * estimators (typed `unknown`) when deep.
 */
export type ParamValues<P extends object> = Readonly<P> & Readonly<Record<string, unknown>>;

/** The contract every estimator meets. */
export interface Estimator<P extends object = object> {
  /** 'classifier', 'regressor' or 'transformer'; undefined for other estimators. */
  readonly estimatorType?: EstimatorType | undefined;
  /**
   * The estimator's parameters. With `deep` (the default), the parameters of
   * nested estimators are included as `name__param` keys.
   */
  getParams(deep?: boolean): ParamValues<P>;
  /** Sets parameters (nested ones as `name__param`); unknown keys throw. */
  setParams(params: Partial<P>): this;
  /** Fits the estimator; resolves to the estimator itself. */
  fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this>;
  /**
   * Releases what the fitted estimator holds outside the JavaScript heap (tensors,
   * wasm memory). Searches call it on every clone they discard. Optional.
   */
  dispose?(): void;
  /**
   * Per-split facts a search records next to the scores (`split<k>_<key>` columns),
   * e.g. the best epoch of an early-stopped network. Optional.
   */
  splitExtras?(): Readonly<Record<string, number | string | undefined>> | undefined;
}

/** Counts a resource (e.g. live tensors) so searches can detect leaks around each fit. */
export type ResourceProbe = () => number;

const resourceProbes = new Map<string, ResourceProbe>();

/**
 * Registers a resource counter, e.g. `registerResourceProbe('tensors', () => tf.memory().numTensors)`.
 * Searches read every probe before a fit and after the fitted clone is disposed,
 * and report any growth. Registering a name again replaces its probe.
 */
export function registerResourceProbe(name: string, probe: ResourceProbe): void {
  resourceProbes.set(name, probe);
}

/** The current value of every registered probe. */
export function readResourceProbes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, probe] of resourceProbes) out[name] = probe();
  return out;
}

/** An estimator that predicts. */
export interface Predictor<P extends object = object> extends Estimator<P> {
  predict(X: MatrixLike): Promise<Vector | number[][]>;
  /** The default score: accuracy for classifiers, R² for regressors. */
  score?(X: MatrixLike, y: TargetLike): Promise<number>;
}

/** A predictor of class labels. */
export interface Classifier<P extends object = object> extends Predictor<P> {
  readonly estimatorType: 'classifier';
  /** The class labels seen in fit, sorted. */
  readonly classes: readonly Label[];
  predict(X: MatrixLike): Promise<Label[]>;
  /** Class probabilities, one row per sample, columns in `classes` order. */
  predictProba?(X: MatrixLike): Promise<number[][]>;
  /** Confidence scores: one value per sample for binary problems, one row otherwise. */
  decisionFunction?(X: MatrixLike): Promise<Float64Array | number[][]>;
}

/** A predictor of real values. */
export interface Regressor<P extends object = object> extends Predictor<P> {
  readonly estimatorType: 'regressor';
  predict(X: MatrixLike): Promise<Float64Array | number[][]>;
}

/** An estimator that transforms X. */
export interface Transformer<P extends object = object> extends Estimator<P> {
  transform(X: MatrixLike): Promise<DenseMatrix>;
  fitTransform?(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<DenseMatrix>;
}

/** The params type of an estimator type. */
export type ParamsOf<E> = E extends Estimator<infer P> ? P : never;

/** Any estimator, whatever its params (for containers of estimators). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEstimator = Estimator<any>;

/** True when `value` has the estimator methods. */
export function isEstimator(value: unknown): value is AnyEstimator {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.getParams === 'function' && typeof v.setParams === 'function' && typeof v.fit === 'function';
}

/** True for an estimator that declares itself a classifier. */
export function isClassifier(value: unknown): value is Classifier {
  return isEstimator(value) && value.estimatorType === 'classifier';
}

/** True for an estimator that declares itself a regressor. */
export function isRegressor(value: unknown): value is Regressor {
  return isEstimator(value) && value.estimatorType === 'regressor';
}

/** True for an estimator with a `predict` method. */
export function isPredictor(value: unknown): value is Predictor {
  return isEstimator(value) && typeof (value as unknown as Record<string, unknown>).predict === 'function';
}

/** True for an estimator with a `transform` method. */
export function isTransformer(value: unknown): value is Transformer {
  return isEstimator(value) && typeof (value as unknown as Record<string, unknown>).transform === 'function';
}

// ---------------------------------------------------------------------------
// clone
// ---------------------------------------------------------------------------

function cloneParamValue(value: unknown): unknown {
  if (isEstimator(value)) return clone(value);
  // scikit-learn's clone deep-copies a RandomState: each clone draws the same stream
  if (value instanceof RandomState) return value.copy();
  if (Array.isArray(value)) return value.map(cloneParamValue);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return (value as unknown as { slice(): unknown }).slice();
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneParamValue(v);
    return out;
  }
  return value;
}

/**
 * A new, unfitted estimator of the same class with the same parameters (nested
 * estimators cloned too, plain arrays, plain objects and `RandomState`s copied,
 * other values shared).
 * Like scikit-learn's `clone`: it calls the constructor with `getParams(false)`.
 *
 * @throws {InvalidParameterError} when the constructor does not keep the params it
 *   was given (the class breaks the one-params-object constructor convention).
 *
 * @example
 * ```ts
 * const fresh = clone(new Ridge({ alpha: 0.5 })); // unfitted, alpha 0.5
 * ```
 */
export function clone<E extends AnyEstimator>(estimator: E): E {
  if (!isEstimator(estimator)) {
    throw new InvalidParameterError(
      `Cannot clone ${String(estimator)}: it is not an estimator (it needs getParams, setParams and fit methods).`,
      { owner: 'clone', argument: 'estimator', value: estimator, expected: 'an estimator' },
    );
  }
  const params = estimator.getParams(false) as Record<string, unknown>;
  const copied: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) copied[k] = cloneParamValue(v);
  const Ctor = estimator.constructor as new (params: Record<string, unknown>) => E;
  const fresh = new Ctor(copied);
  const after = fresh.getParams(false) as Record<string, unknown>;
  for (const key of Object.keys(params)) {
    const a = params[key];
    const b = after[key];
    const same = a === b || (isEstimator(a) && isEstimator(b)) || (typeof a === 'object' && typeof b === 'object') || (Number.isNaN(a) && Number.isNaN(b));
    if (!same) {
      throw new InvalidParameterError(
        `Cannot clone ${Ctor.name}: its constructor set parameter "${key}" to ${String(b)} instead of ${String(a)}. ` +
          'Constructors must store the params object they are given unchanged.',
        { owner: 'clone', argument: key, value: b, expected: String(a) },
      );
    }
  }
  return fresh;
}

// ---------------------------------------------------------------------------
// BaseEstimator
// ---------------------------------------------------------------------------

/** The declaration of one parameter: its default and what values it accepts. */
export interface ParamDeclaration<T> {
  readonly default: T;
  /** Any one of the constraints may match. Omitted: any value is accepted. */
  readonly constraints?: Constraint | readonly Constraint[];
}

/** One declaration per parameter of `P`. */
export type ParamSchema<P extends object> = { readonly [K in keyof P]-?: ParamDeclaration<P[K]> };

/**
 * The base class of tunekit's estimators: params with defaults and validation,
 * `getParams`/`setParams` with nested routing, and the not-fitted and
 * feature-count checks. A subclass declares its schema and implements `fit`.
 *
 * @example
 * ```ts
 * interface ShiftParams { offset: number }
 * class Shift extends BaseEstimator<ShiftParams> {
 *   constructor(params: Partial<ShiftParams> = {}) {
 *     super('Shift', { offset: { default: 0, constraints: realIn() } }, params);
 *   }
 *   async fit() { return this; }
 * }
 * ```
 */
export abstract class BaseEstimator<P extends object> implements Estimator<P> {
  readonly estimatorType: EstimatorType | undefined = undefined;
  /** The current parameter values (replaced, never mutated, by setParams). */
  protected params: Readonly<P>;
  /** The number of features seen in fit (undefined before fit). */
  protected nFeaturesSeen: number | undefined;
  private readonly schema: ParamSchema<P>;
  private readonly ownerName: string;

  protected constructor(ownerName: string, schema: ParamSchema<P>, params: Partial<P> | undefined) {
    this.ownerName = ownerName;
    this.schema = schema;
    const initial: Record<string, unknown> = {};
    for (const key of Object.keys(schema) as (keyof P & string)[]) initial[key] = schema[key].default;
    this.params = Object.freeze(initial) as unknown as Readonly<P>;
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
      throw new InvalidParameterError(
        `${ownerName} takes one params object, e.g. new ${ownerName}({ ... }). Got ${String(params)} instead.`,
        { owner: ownerName, argument: 'params', value: params, expected: 'an object' },
      );
    }
    if (params) this.applyParams(params as Record<string, unknown>, true);
  }

  /** The class name used in messages. */
  protected get owner(): string {
    return this.ownerName;
  }

  /** The names of this estimator's own parameters. */
  paramNames(): string[] {
    return Object.keys(this.schema);
  }

  getParams(deep = true): ParamValues<P> {
    const out: Record<string, unknown> = { ...(this.params as Record<string, unknown>) };
    if (deep) {
      for (const [key, value] of Object.entries(this.params as Record<string, unknown>)) {
        if (isEstimator(value)) {
          for (const [sub, v] of Object.entries(value.getParams(true) as Record<string, unknown>)) {
            out[`${key}__${sub}`] = v;
          }
        }
      }
    }
    return out as ParamValues<P>;
  }

  setParams(params: Partial<P>): this {
    this.applyParams(params as Record<string, unknown>, false);
    return this;
  }

  private applyParams(params: Record<string, unknown>, constructing: boolean): void {
    const valid = Object.keys(this.schema);
    const next: Record<string, unknown> = { ...(this.params as Record<string, unknown>) };
    const nested = new Map<string, Record<string, unknown>>();
    for (const [key, value] of Object.entries(params)) {
      const split = key.indexOf('__');
      if (split > 0 && !constructing) {
        const head = key.slice(0, split);
        const target = next[head];
        if (!valid.includes(head) || !isEstimator(target)) {
          throw new InvalidParameterError(unknownNameMessage(this.ownerName, key, this.deepNames(), 'parameter'), {
            owner: this.ownerName,
            argument: key,
            value,
            expected: `one of ${this.deepNames().join(', ')}`,
          });
        }
        const group = nested.get(head) ?? {};
        group[key.slice(split + 2)] = value;
        nested.set(head, group);
        continue;
      }
      if (!valid.includes(key)) {
        throw new InvalidParameterError(unknownNameMessage(this.ownerName, key, constructing ? valid : this.deepNames(), 'parameter'), {
          owner: this.ownerName,
          argument: key,
          value,
          expected: `one of ${valid.join(', ')}`,
        });
      }
      const declaration = this.schema[key as keyof P];
      const resolved = value === undefined ? declaration.default : value;
      if (declaration.constraints !== undefined) {
        checkParam(this.ownerName, key, resolved, declaration.constraints, { kind: 'parameter' });
      }
      next[key] = resolved;
    }
    // nested first: a failure leaves this estimator unchanged
    for (const [head, group] of nested) (next[head] as { setParams(p: object): unknown }).setParams(group);
    this.params = Object.freeze(next) as unknown as Readonly<P>;
  }

  private deepNames(): string[] {
    return Object.keys(this.getParams(true));
  }

  abstract fit(X: MatrixLike, y?: TargetLike, options?: FitOptions): Promise<this>;

  /**
   * Throws a {@link NotFittedError} unless `state` is defined; returns it otherwise.
   * Call with the fitted state a method needs.
   */
  protected requireFitted<T>(state: T | undefined, method: string): T {
    if (state === undefined) {
      throw new NotFittedError(
        `This ${this.ownerName} instance is not fitted yet. Call "fit" with appropriate arguments before using "${method}".`,
      );
    }
    return state;
  }

  /** Checks that X at predict time has as many features as X at fit time. */
  protected checkFeatureCount(X: DenseMatrix, method: string): void {
    if (this.nFeaturesSeen !== undefined && X.columns !== this.nFeaturesSeen) {
      throw new ValidationError(
        `X has ${X.columns} features, but ${this.ownerName} is expecting ${this.nFeaturesSeen} features as input (in ${this.ownerName}.${method}).`,
        { owner: `${this.ownerName}.${method}`, argument: 'X', value: X.columns, expected: `${this.nFeaturesSeen} columns` },
      );
    }
  }

  /** A readable rendering: `Ridge({ alpha: 0.5, fitIntercept: true })`. */
  toString(): string {
    const parts = Object.entries(this.params as Record<string, unknown>).map(([k, v]) => `${k}: ${isEstimator(v) ? String(v) : JSON.stringify(v) ?? String(v)}`);
    return `${this.ownerName}({ ${parts.join(', ')} })`;
  }
}
