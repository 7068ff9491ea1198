/**
 * The types of {@link Pipeline}'s steps and params: the typed `name__param` keys of a
 * grid, and the methods delegated to the final step (re-exported by `pipeline.ts`).
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../core/data.js';
import type { AnyEstimator, Estimator, FitOptions } from '../core/estimator.js';
import type { NamedItem } from './composition.js';

/** What a step holds: an estimator, or `'passthrough'`/`null` for a step that does nothing. */
export type StepEstimator = AnyEstimator | 'passthrough' | null;

/** One step of a {@link Pipeline}: its name and its estimator. */
export type PipelineStep = readonly [name: string, estimator: StepEstimator];

/** The steps of a {@link Pipeline}. */
export type PipelineSteps = readonly PipelineStep[];

/** The options of a {@link Pipeline} besides its steps. */
export interface PipelineOptions {
  /** Print the time taken to fit each step, as scikit-learn does. @default false */
  verbose: boolean;
}

/** The own parameters of a {@link Pipeline} (what `getParams(false)` returns). */
export interface PipelineOwnParams<S extends PipelineSteps = PipelineSteps> extends PipelineOptions {
  /** The `[name, estimator]` steps, transformers first, the final estimator last. */
  steps: S;
}


type ParamEntries<N extends string, E> =
  E extends Estimator<infer P>
    ? { [K in keyof P & string]: { readonly key: `${N}__${K}`; readonly value: P[K] } }[keyof P & string]
    : never;

type ItemEntries<L extends readonly NamedItem[], V> = {
  [I in keyof L]: L[I] extends readonly [infer N extends string, infer E, ...unknown[]]
    ? { readonly key: N; readonly value: V } | ParamEntries<N, E>
    : never;
}[number];

/**
 * The keys a composite adds to its own params: each item by name (typed `V`,
 * what may replace it) and each item's params as `name__param`, typed from the
 * item's params interface. When the names are not literal types (the list was
 * built as a `PipelineStep[]` variable), the keys cannot be known and the type
 * is an open record.
 */
export type NestedParams<L extends readonly NamedItem[], V> = string extends L[number][0]
  ? Record<string, unknown>
  : { [E in ItemEntries<L, V> as E['key']]: E['value'] };

/**
 * Every parameter of `Pipeline<S>`, nested ones included, with types: what
 * `getParams()` returns and what `setParams` and a parameter grid accept.
 *
 * ```ts
 * const pipe = new Pipeline([['scaler', new StandardScaler()], ['svc', new SVC()]]);
 * type P = PipelineParams<typeof pipe.steps>;   // { steps; verbose; scaler; svc; svc__C: number; ... }
 * pipe.setParams({ svc__C: 10 });                 // checked against SVC's params
 * ```
 *
 * Limits: keys are only known when the step names are literal types (steps
 * written inline, or `as const`); a step whose class is only known as an
 * `Estimator` gives `name__${string}` keys of type `unknown`; replacing a step with
 * an estimator of another class (`setParams({ svc: new Ridge() })`) does not change
 * the type, which still describes the original step.
 */
export type PipelineParams<S extends PipelineSteps = PipelineSteps> = PipelineOwnParams<S> & NestedParams<S, StepEstimator>;

export type FinalOf<S extends PipelineSteps> = S extends readonly [...unknown[], readonly [string, infer E]] ? E : StepEstimator;

/**
 * The type of a method the pipeline delegates to its final step: the final step's
 * own method when its class is known to have it, otherwise `Fallback | undefined`
 * (the method is `undefined` at run time when the final step lacks it, like
 * scikit-learn's `available_if`).
 */
export type DelegatedMethod<S extends PipelineSteps, M extends string, Fallback> = [FinalOf<S>] extends [{ readonly [K in M]: infer F }]
  ? F
  : Fallback | undefined;

export type TransformFn = (X: MatrixLike) => Promise<DenseMatrix>;
export type TransformMethod<S extends PipelineSteps> = [FinalOf<S>] extends ['passthrough' | null] ? TransformFn : DelegatedMethod<S, 'transform', TransformFn>;
export type FitTransformFn = (X: MatrixLike, y?: TargetLike, options?: FitOptions) => Promise<DenseMatrix>;
export type FitTransformMethod<S extends PipelineSteps> = [FinalOf<S>] extends ['passthrough' | null]
  ? FitTransformFn
  : [FinalOf<S>] extends [{ readonly transform: unknown }]
    ? FitTransformFn
    : FitTransformFn | undefined;

/** The estimator of the step named `N`. */
export type StepOf<S extends PipelineSteps, N extends string> = string extends N ? StepEstimator : Extract<S[number], readonly [N, unknown]>[1];
