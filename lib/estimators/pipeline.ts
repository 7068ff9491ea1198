/**
 * Pipeline: a chain of transformers ending in an estimator (scikit-learn's
 * `Pipeline` and `make_pipeline`).
 *
 * Parameters follow scikit-learn's layout: `getParams()` returns `steps`,
 * `verbose`, each step by name and each step's parameters as `name__param`;
 * `setParams({ svc__C: 10 })` routes to the step, `setParams({ scaler: other })`
 * replaces it. Unlike scikit-learn, `fit` fits clones of the steps and keeps them
 * in {@link Pipeline.fittedSteps}: the estimators passed in are never changed
 * (the same rule as every tunekit meta-estimator; scikit-learn does the same
 * when `memory` is set).
 */
import { performance } from 'node:perf_hooks';
import type { DenseMatrix, Label, MatrixLike, TargetLike, Vector } from '../core/data.js';
import { validateMatrix } from '../core/data.js';
import { TunekitError } from '../core/errors.js';
import type { ContinuesTraining } from '../core/continuation.js';
import type { AnyEstimator, Estimator, EstimatorType, FitOptions, ParamSchema, ParamValues } from '../core/estimator.js';
import { BaseEstimator, clone, isEstimator, isTransformer } from '../core/estimator.js';
import type { Constraint } from '../core/validate.js';
import { booleanValue, checkParam, formatValue, invalidArgument, invalidParameter, satisfies } from '../core/validate.js';
import { compositeGetParams, compositeSetParams, validateItemNames } from './composition.js';
import { registerTransferable } from '../core/transfer.js';
import type { SharedWork } from '../core/shared-state.js';
import type { SharedPipelineFit } from './pipeline-shared.js';
import { pipelineSharedWork } from './pipeline-shared.js';
import { finalStepContinuation, pipelineContinuableParams } from './pipeline-continuation.js';

import type { FitTransformFn, FitTransformMethod, TransformFn, TransformMethod } from './pipeline-types.js';
import type { DelegatedMethod, PipelineOptions, PipelineOwnParams, PipelineParams, PipelineStep, PipelineSteps, StepEstimator, StepOf } from './pipeline-types.js';

export type {
  DelegatedMethod,
  NestedParams,
  PipelineOptions,
  PipelineOwnParams,
  PipelineParams,
  PipelineStep,
  PipelineSteps,
  StepEstimator,
  StepOf,
} from './pipeline-types.js';

// ---------------------------------------------------------------------------
// Pipeline
// ---------------------------------------------------------------------------

const OWNER = 'Pipeline';
const OWN_KEYS = ['steps', 'verbose'] as const;

function isStepEstimator(value: unknown): boolean {
  return value === null || value === 'passthrough' || isEstimator(value);
}

const stepsConstraint: Constraint = satisfies(
  'a non-empty array of [name, estimator] pairs (an estimator may be "passthrough" or null)',
  (v) =>
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === 'string' && s[0].length > 0 && isStepEstimator(s[1])),
);

const SCHEMA: ParamSchema<PipelineOwnParams> = {
  steps: { default: [], constraints: stepsConstraint },
  verbose: { default: false, constraints: booleanValue },
};

function describe(estimator: unknown): string {
  return isEstimator(estimator) ? `an instance of ${estimator.constructor.name}` : formatValue(estimator);
}

/** Checks names and step kinds (the shape was checked by the schema). */
function validateSteps(steps: PipelineSteps): void {
  validateItemNames(OWNER, 'steps', '[name, estimator] pairs', steps, OWN_KEYS);
  for (let i = 0; i < steps.length - 1; i++) {
    const [name, est] = steps[i] as PipelineStep;
    if (est === null || est === 'passthrough' || isTransformer(est)) continue;
    throw invalidParameter(
      OWNER,
      'steps',
      'an array of [name, estimator] pairs whose intermediate steps are transformers (with fit and transform), "passthrough" or null',
      steps,
      { hint: `Step "${name}" (${describe(est)}) has no transform method; only the last step may be a plain estimator.` },
    );
  }
}

function elapsedMessage(source: string, message: string, seconds: number): string {
  const start = `[${source}] `;
  const time = seconds > 60 ? `${(seconds / 60).toFixed(1).padStart(4)}min` : ` ${seconds.toFixed(1).padStart(5)}s`;
  const end = ` ${message}, total=${time}`;
  return `${start}${'.'.repeat(Math.max(0, 70 - start.length - end.length))}${end}`;
}

/** Fits a transformer and returns its output on the same data (its `fitTransform` when it has one). @internal */
export async function fitTransformOne(transformer: AnyEstimator, X: MatrixLike, y: TargetLike | undefined, options: FitOptions): Promise<DenseMatrix> {
  const t = transformer as AnyEstimator & { fitTransform?: FitTransformFn; transform: TransformFn };
  if (typeof t.fitTransform === 'function') return t.fitTransform(X, y, options);
  await t.fit(X, y, options);
  return t.transform(X);
}

/**
 * A chain of transformers with a final estimator, tuned and cross-validated as one
 * estimator: each fold of a search fits its own clone, so the transformers only
 * ever see the training rows.
 *
 * The final step decides what the pipeline is: its `estimatorType`, and which of
 * `predict`, `predictProba`, `decisionFunction`, `score`, `transform` and
 * `classes` exist (a method the final step lacks is `undefined`, as with
 * scikit-learn's `available_if`). A step may be `'passthrough'` or `null` (skipped).
 *
 * @typeParam S - the steps, as a tuple of literal `[name, estimator]` pairs when
 *   written inline, so that `setParams` and grids are checked (see {@link PipelineParams}).
 *
 * @example
 * ```ts
 * const pipe = new Pipeline([['scaler', new StandardScaler()], ['svc', new SVC()]]);
 * pipe.setParams({ svc__C: 10 });
 * await pipe.fit(XTrain, yTrain);
 * const accuracy = await pipe.score(XTest, yTest);
 * ```
 */
export class Pipeline<const S extends PipelineSteps = PipelineSteps>
  extends BaseEstimator<PipelineOwnParams<S>>
  implements Estimator<PipelineParams<S>>, ContinuesTraining
{
  /** `'classifier'`, `'regressor'` or `'transformer'`: the final step's type (`'transformer'` for a passthrough final step). */
  declare readonly estimatorType: EstimatorType | undefined;
  private fitted: PipelineStep[] | undefined;
  /** Fitted from a search's shared state: the prefix's steps it shares (not disposed here) and the split's test rows transformed. */
  private shared: Pick<SharedPipelineFit, 'borrowed' | 'shortcut'> | undefined;

  /**
   * @param steps - `[name, estimator]` pairs; every step but the last must be a
   *   transformer, `'passthrough'` or `null`. Also accepts one params object
   *   `{ steps, verbose }` (the form `clone` uses).
   * @param options - the other options.
   * @throws {InvalidParameterError} for an empty or malformed list, duplicate names,
   *   names containing `__` or equal to a parameter name, or an intermediate step
   *   that is not a transformer.
   */
  constructor(steps: S, options?: Partial<PipelineOptions>);
  constructor(params: Partial<PipelineOptions> & { readonly steps: S });
  constructor(stepsOrParams: S | (Partial<PipelineOptions> & { readonly steps: S }), options: Partial<PipelineOptions> = {}) {
    super(
      OWNER,
      SCHEMA as unknown as ParamSchema<PipelineOwnParams<S>>,
      Array.isArray(stepsOrParams) ? { ...options, steps: stepsOrParams as S } : (stepsOrParams as Partial<PipelineOwnParams<S>>),
    );
    if (!Array.isArray(stepsOrParams) && (stepsOrParams as { steps?: unknown } | undefined)?.steps === undefined) {
      throw invalidParameter(OWNER, 'steps', stepsConstraint.description, undefined, {
        hint: 'Pass the steps, e.g. new Pipeline([["scaler", new StandardScaler()], ["svc", new SVC()]]).',
      });
    }
    validateSteps(this.params.steps);
    Object.defineProperty(this, 'estimatorType', {
      configurable: true,
      enumerable: true,
      get: (): EstimatorType | undefined => {
        const last = this.finalStep;
        return last === null || last === 'passthrough' ? 'transformer' : last.estimatorType;
      },
    });
  }

  /** The configured steps (the `steps` parameter). */
  get steps(): S {
    return this.params.steps;
  }

  /** The number of steps. */
  get length(): number {
    return this.params.steps.length;
  }

  /** The configured steps by name (scikit-learn's `named_steps`); fitted copies are in {@link fittedSteps}. */
  get namedSteps(): { readonly [E in S[number] as E[0]]: E[1] } {
    return Object.fromEntries(this.params.steps) as { readonly [E in S[number] as E[0]]: E[1] };
  }

  /** The fitted steps, in order. @throws {NotFittedError} before fit. */
  get fittedSteps(): readonly PipelineStep[] {
    return this.requireFitted(this.fitted, 'fittedSteps');
  }

  /**
   * The fitted copy of the step named `name`.
   *
   * @throws {NotFittedError} before fit. @throws {ValidationError} for an unknown name.
   * @example
   * ```ts
   * await pipe.fit(X, y);
   * const scaler = pipe.fittedStep('scaler'); // typed StandardScaler
   * ```
   */
  fittedStep<N extends S[number][0]>(name: N): StepOf<S, N> {
    const found = this.fittedSteps.find((s) => s[0] === name);
    if (!found) {
      const names = this.fittedSteps.map((s) => s[0]);
      throw invalidArgument(`${OWNER}.fittedStep`, 'name', `one of the step names ${formatValue(names)}`, name);
    }
    return found[1] as StepOf<S, N>;
  }

  /**
   * A pipeline of the steps from `start` to `end` (exclusive), like slicing a
   * scikit-learn pipeline. A fitted pipeline gives a fitted slice that shares the
   * fitted steps.
   *
   * @example
   * ```ts
   * const features = await pipe.slice(0, -1).transform(X); // everything but the final step
   * ```
   */
  slice(start?: number, end?: number): Pipeline {
    const out = new Pipeline<PipelineSteps>(this.params.steps.slice(start, end), { verbose: this.params.verbose });
    if (this.fitted) {
      out.fitted = this.fitted.slice(start, end);
      const first = start === undefined ? 0 : start < 0 ? Math.max(0, this.fitted.length + start) : start;
      out.nFeaturesSeen = first === 0 ? this.nFeaturesSeen : undefined;
    }
    return out;
  }

  private get finalStep(): StepEstimator {
    return (this.params.steps[this.params.steps.length - 1] as PipelineStep)[1];
  }

  override getParams(deep = true): ParamValues<PipelineParams<S>> {
    return compositeGetParams(super.getParams(false), this.params.steps, deep) as ParamValues<PipelineParams<S>>;
  }

  override setParams(params: Partial<PipelineParams<S>>): this {
    const { own, items } = compositeSetParams({
      owner: OWNER,
      listKey: 'steps',
      ownKeys: OWN_KEYS,
      current: this.params.steps,
      given: params as Record<string, unknown>,
      validNames: () => Object.keys(this.getParams(true)),
      validate: (list) => {
        checkParam(OWNER, 'steps', list, stepsConstraint);
        validateSteps(list as PipelineSteps);
      },
      checkOwn: (key, value) => {
        if (key === 'verbose') checkParam(OWNER, 'verbose', value, booleanValue);
      },
    });
    super.setParams({ ...own, ...(items !== this.params.steps ? { steps: items } : {}) } as Partial<PipelineOwnParams<S>>);
    return this;
  }

  /**
   * Fits clones of the transformers one after the other, each on the output of
   * the previous one, then a clone of the final estimator on the last output.
   *
   * @param options - `signal` and `groups` go to every step, `report` to the final one.
   * @returns this pipeline, fitted.
   */
  async fit(X: MatrixLike, y?: TargetLike, options: FitOptions = {}): Promise<this> {
    this.dispose();
    await this.fitSteps(X, y, options, false);
    return this;
  }

  /**
   * The params along which a fitted pipeline trains on: its final step's
   * (`'sgdclassifier__maxIter'`, `'kerasclassifier__epochs'`), when that step
   * continues training; none otherwise.
   */
  continuableParams(): readonly string[] {
    return pipelineContinuableParams(this.params.steps);
  }

  /**
   * Trains the fitted final step on until its param (`'<step>__<param>'`) is
   * `value`, on the rows `X` run through the fitted transformers (the rows the
   * pipeline was fitted on: the transformers' output is then what the final step
   * was trained on). Without such a fitted step, sets the param and fits again.
   */
  async continueFit(X: DenseMatrix, y: TargetLike | undefined, param: string, value: number, options: FitOptions = {}): Promise<void> {
    if (!this.continuableParams().includes(param)) {
      throw invalidParameter(`${OWNER}.continueFit`, 'param', `one of the final step's continuable params ${formatValue(this.continuableParams())}`, param);
    }
    const continuation = finalStepContinuation(this.fitted, param);
    if (continuation === undefined) {
      this.setParams({ [param]: value } as Partial<PipelineParams<S>>);
      await this.fit(X, y, options);
      return;
    }
    const { Xt } = await this.transformThrough(X, 'continueFit', false);
    await continuation.step.continueFit(Xt, y, continuation.param, value, options);
    // the configured final step says the budget too (getParams), as a fit with it would
    this.setParams({ [param]: value } as Partial<PipelineParams<S>>);
  }

  /** Releases what the fitted steps hold (tensors, wasm memory); the pipeline becomes unfitted. */
  dispose(): void {
    const fitted = this.fitted;
    const borrowed = this.shared?.borrowed;
    this.fitted = undefined;
    this.shared = undefined;
    for (const [, est] of fitted ?? []) if (isEstimator(est) && borrowed?.has(est) !== true) est.dispose?.();
  }

  /**
   * Shares the fitted transformers among the candidates of a search whose
   * transformer params are the same, and the final step's own shared work on
   * their output (see `pipeline-shared.ts`).
   */
  sharedWork(): SharedWork | undefined {
    return pipelineSharedWork(this.params.steps, {
      fitTransform: fitTransformOne,
      adopt: (fit) => {
        this.dispose();
        this.fitted = [...fit.steps];
        this.shared = { borrowed: fit.borrowed, shortcut: fit.shortcut };
        this.nFeaturesSeen = fit.nFeatures;
      },
    });
  }

  /** The final step's per-split facts (e.g. a network's best epoch), for search results. */
  splitExtras(): Readonly<Record<string, number | string | undefined>> | undefined {
    const last = this.fitted?.[this.fitted.length - 1]?.[1];
    return isEstimator(last) ? last.splitExtras?.() : undefined;
  }

  private async fitSteps(X: MatrixLike, y: TargetLike | undefined, options: FitOptions, transformLast: boolean): Promise<DenseMatrix> {
    const steps = this.params.steps;
    validateSteps(steps);
    let Xt = validateMatrix(X, { owner: `${OWNER}.fit`, allowNaN: true });
    const nFeatures = Xt.columns;
    const stepOptions: FitOptions = { signal: options.signal, groups: options.groups };
    const fitted: PipelineStep[] = [];
    for (let i = 0; i < steps.length; i++) {
      const [name, est] = steps[i] as PipelineStep;
      const started = performance.now();
      const last = i === steps.length - 1;
      if (est === null || est === 'passthrough') {
        fitted.push([name, est]);
      } else {
        const copy = clone(est);
        if (!last) Xt = await fitTransformOne(copy, Xt, y, stepOptions);
        else if (transformLast) Xt = await fitTransformOne(copy, Xt, y, options);
        else await copy.fit(Xt, y, options);
        fitted.push([name, copy]);
      }
      if (this.params.verbose) {
        console.log(elapsedMessage(OWNER, `(step ${i + 1} of ${steps.length}) Processing ${name}`, (performance.now() - started) / 1000));
      }
    }
    this.nFeaturesSeen = nFeatures;
    this.fitted = fitted;
    return Xt;
  }

  /** Runs X through the fitted transformers (all steps when `withFinal`). */
  private async transformThrough(X: MatrixLike, method: string, withFinal: boolean): Promise<{ Xt: DenseMatrix; final: StepEstimator }> {
    const fitted = this.requireFitted(this.fitted, method);
    const shortcut = this.shared?.shortcut;
    if (!withFinal && shortcut !== undefined && shortcut.X === X) return { Xt: shortcut.Xt, final: (fitted[fitted.length - 1] as PipelineStep)[1] };
    let Xt = validateMatrix(X, { owner: `${OWNER}.${method}`, allowNaN: true });
    this.checkFeatureCount(Xt, method);
    const stop = withFinal ? fitted.length : fitted.length - 1;
    for (let i = 0; i < stop; i++) {
      const est = (fitted[i] as PipelineStep)[1];
      if (est !== null && est !== 'passthrough') Xt = await (est as AnyEstimator & { transform: TransformFn }).transform(Xt);
    }
    return { Xt, final: (fitted[fitted.length - 1] as PipelineStep)[1] };
  }

  private finalHas(method: string): boolean {
    const last = this.finalStep;
    return isEstimator(last) && typeof (last as unknown as Record<string, unknown>)[method] === 'function';
  }

  private delegate<T>(method: string): T {
    if (!this.finalHas(method)) return undefined as T;
    const run = async (X: MatrixLike, ...rest: unknown[]): Promise<unknown> => {
      const { Xt, final } = await this.transformThrough(X, method, false);
      const fn = (final as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function') {
        throw new TunekitError(`${OWNER}.${method} is not available: the fitted final step (${describe(final)}) has no ${method} method. Fit the pipeline again after changing its steps.`);
      }
      return (fn as (...a: unknown[]) => Promise<unknown>).call(final, Xt, ...rest);
    };
    return run as T;
  }

  /** Predictions of the final step on the transformed X; `undefined` when the final step cannot predict. */
  get predict(): DelegatedMethod<S, 'predict', (X: MatrixLike) => Promise<Vector | number[][]>> {
    return this.delegate('predict');
  }

  /** Class probabilities from the final step; `undefined` when it has no `predictProba`. */
  get predictProba(): DelegatedMethod<S, 'predictProba', (X: MatrixLike) => Promise<number[][]>> {
    return this.delegate('predictProba');
  }

  /** Decision scores from the final step; `undefined` when it has no `decisionFunction`. */
  get decisionFunction(): DelegatedMethod<S, 'decisionFunction', (X: MatrixLike) => Promise<Float64Array | number[][]>> {
    return this.delegate('decisionFunction');
  }

  /** The final step's default score on the transformed X; `undefined` when it has no `score`. */
  get score(): DelegatedMethod<S, 'score', (X: MatrixLike, y: TargetLike) => Promise<number>> {
    return this.delegate('score');
  }

  /**
   * X run through every step (the final one included); `undefined` when the final
   * step is neither a transformer nor `'passthrough'`/`null`.
   */
  get transform(): TransformMethod<S> {
    const last = this.finalStep;
    if (last !== null && last !== 'passthrough' && !this.finalHas('transform')) return undefined as TransformMethod<S>;
    const run: TransformFn = async (X) => (await this.transformThrough(X, 'transform', true)).Xt;
    return run as TransformMethod<S>;
  }

  /** Fits every step and returns the output of the last one; `undefined` when {@link transform} is. */
  get fitTransform(): FitTransformMethod<S> {
    type R = FitTransformMethod<S>;
    const last = this.finalStep;
    if (last !== null && last !== 'passthrough' && !this.finalHas('transform')) return undefined as R;
    const run: FitTransformFn = async (X, y, options = {}) => {
      this.fitted = undefined;
      return this.fitSteps(X, y, options, true);
    };
    return run as R;
  }

  /**
   * The class labels of the fitted final step.
   *
   * @throws {NotFittedError} before fit. @throws {TunekitError} when the final step is not a classifier.
   */
  get classes(): readonly Label[] {
    const fitted = this.requireFitted(this.fitted, 'classes');
    const final = (fitted[fitted.length - 1] as PipelineStep)[1];
    if (!isEstimator(final) || !('classes' in final)) {
      throw new TunekitError(`${OWNER}.classes is only available when the final step is a classifier; the final step is ${describe(final)}.`);
    }
    return (final as unknown as { classes: readonly Label[] }).classes;
  }

  override toString(): string {
    const steps = this.params.steps.map(([name, est]) => `[${JSON.stringify(name)}, ${isEstimator(est) ? String(est) : formatValue(est)}]`);
    return `${OWNER}({ steps: [${steps.join(', ')}], verbose: ${this.params.verbose} })`;
  }
}

/** The last item of a tuple of step estimators. */
type LastOf<E extends readonly StepEstimator[]> = E extends readonly [...unknown[], infer L extends StepEstimator] ? L : StepEstimator;

/**
 * A {@link Pipeline} whose step names are the lowercased class names of the
 * estimators (scikit-learn's `make_pipeline`): repeated names get `-1`, `-2`, ...
 * suffixes in order. The names are not known to the type system, so nested keys
 * are not checked at compile time (use `new Pipeline([...])` for that); the final
 * step's methods are typed.
 *
 * @example
 * ```ts
 * const pipe = makePipeline(new StandardScaler(), new SVC());
 * pipe.getParams(false).steps.map(([name]) => name); // ['standardscaler', 'svc']
 * ```
 */
export function makePipeline<const E extends readonly StepEstimator[]>(
  ...estimators: E
): Pipeline<readonly [...PipelineStep[], readonly [string, LastOf<E>]]> {
  return new Pipeline(nameEstimators(estimators) as unknown as readonly [...PipelineStep[], readonly [string, LastOf<E>]]);
}

/**
 * Names for `makePipeline` (scikit-learn's `_name_estimators`): the lowercased
 * class name (a string step names itself), numbered `-1`, `-2`, ... when repeated.
 *
 * @example
 * ```ts
 * nameEstimators([new StandardScaler(), new StandardScaler(), new SVC()]).map(([n]) => n);
 * // ['standardscaler-1', 'standardscaler-2', 'svc']
 * ```
 */
export function nameEstimators(estimators: readonly StepEstimator[]): PipelineStep[] {
  const names = estimators.map((e) => (typeof e === 'string' ? e : e === null ? 'null' : e.constructor.name.toLowerCase()));
  const remaining = new Map<string, number>();
  for (const n of names) remaining.set(n, (remaining.get(n) ?? 0) + 1);
  for (const [n, count] of remaining) if (count === 1) remaining.delete(n);
  const out = names.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    const n = names[i] as string;
    const count = remaining.get(n);
    if (count !== undefined) {
      out[i] = `${n}-${count}`;
      remaining.set(n, count - 1);
    }
  }
  return estimators.map((e, i) => [out[i] as string, e] as const);
}

registerTransferable(Pipeline, import.meta.url);
