/**
 * What StackingClassifier and StackingRegressor share (scikit-learn's
 * `_BaseStacking`): the members' out-of-fold predictions (crossValPredict on one
 * set of splits for every member) become the features of a final estimator.
 */
import type { DenseMatrix, MatrixLike, TargetLike } from '../../core/data.js';
import { InvalidParameterError } from '../../core/errors.js';
import type { AnyEstimator, FitOptions } from '../../core/estimator.js';
import { isEstimator } from '../../core/estimator.js';
import type { Constraint } from '../../core/validate.js';
import { formatValue, satisfies } from '../../core/validate.js';
import type { CvLike, IndexPair } from '../../model-selection/split/check-cv.js';
import { checkCv } from '../../model-selection/split/check-cv.js';
import { crossValPredict } from '../../model-selection/validation.js';
import type { EnsembleEntries } from './voting-and-stacking-base.js';
import { activeMembers, callMember, fitMembers, outputRows, sideBySide } from './voting-and-stacking-base.js';

/** The prediction method stacked: scikit-learn's `stack_method` in camelCase. */
export type StackMethod = 'auto' | 'predictProba' | 'decisionFunction' | 'predict';

/** A resolved stack method (what 'auto' becomes). */
export type ResolvedStackMethod = Exclude<StackMethod, 'auto'>;

/**
 * How the out-of-fold predictions are made: a number of folds (stratified for
 * classifiers), a splitter, a list of `[train, test]` index pairs, `'prefit'` (the
 * members are already fitted: they predict on the training data itself), or null
 * (5 folds).
 */
export type StackingCv = number | CvLike | 'prefit' | null;

/** The `cv` constraint. */
export const CV_CONSTRAINT: Constraint = satisfies(
  'null, an int >= 2, "prefit", a splitter or an array of [train, test] index pairs',
  (v) =>
    v === null ||
    v === 'prefit' ||
    (typeof v === 'number' && Number.isInteger(v) && v >= 2) ||
    (typeof v === 'object' && v !== null && (typeof (v as { split?: unknown }).split === 'function' || Array.isArray(v))),
);

/** scikit-learn's `_method_name`: 'auto' is predictProba, else decisionFunction, else predict. */
export function resolveStackMethod(owner: string, name: string, estimator: AnyEstimator, method: StackMethod): ResolvedStackMethod {
  const has = (m: string): boolean => typeof (estimator as unknown as Record<string, unknown>)[m] === 'function';
  if (method === 'auto') return has('predictProba') ? 'predictProba' : has('decisionFunction') ? 'decisionFunction' : 'predict';
  if (!has(method)) {
    throw new InvalidParameterError(
      `The "stackMethod" parameter of ${owner} is ${formatValue(method)}, but the estimator "${name}" (an instance of ${estimator.constructor.name}) does not implement ${method}.`,
      { owner, argument: 'stackMethod', value: method, expected: `a method every estimator implements` },
    );
  }
  return method;
}

/** What a fitted stack holds. */
export interface StackState {
  readonly members: AnyEstimator[];
  readonly names: string[];
  readonly methods: ResolvedStackMethod[];
  readonly final: AnyEstimator;
  /** Output columns per member (scikit-learn's `_n_feature_outs`). */
  readonly widths: number[];
}

/** Everything {@link fitStack} needs. */
export interface StackFitRequest {
  readonly owner: string;
  readonly entries: EnsembleEntries;
  readonly X: DenseMatrix;
  /** The target the members and the final estimator are fitted on (class indices for classifiers). */
  readonly y: TargetLike;
  readonly cv: StackingCv;
  readonly stackMethod: StackMethod;
  readonly classifier: boolean;
  readonly nClasses: number;
  readonly passthrough: boolean;
  readonly nJobs: number | null;
  readonly verbose: boolean;
  readonly final: AnyEstimator;
  readonly options: FitOptions;
}

/** The members' outputs side by side (binary probabilities keep the positive column), then X with passthrough. */
export function stackOutputs(
  outputs: readonly unknown[],
  names: readonly string[],
  methods: readonly ResolvedStackMethod[],
  nClasses: number,
  X: DenseMatrix,
  passthrough: boolean,
  owner: string,
): { features: DenseMatrix; widths: number[] } {
  const n = X.rows;
  const blocks = outputs.map((out, m) => {
    const rows = outputRows(owner, names[m] as string, out, n);
    return methods[m] === 'predictProba' && nClasses === 2 ? rows.map((r) => r.slice(1)) : rows;
  });
  const widths = blocks.map((b) => b[0]?.length ?? 0);
  if (passthrough) blocks.push(X.toArray());
  return { features: sideBySide(blocks, n), widths };
}

/**
 * scikit-learn's stacking fit: members fitted on all the data (or taken as they
 * are with `'prefit'`), their out-of-fold predictions on one set of splits, the
 * final estimator fitted on those.
 */
export async function fitStack(request: StackFitRequest): Promise<StackState> {
  const { owner, entries, X, y, options } = request;
  const active = activeMembers(entries);
  const names = active.map((m) => m.name);
  const methods = active.map((m) => resolveStackMethod(owner, m.name, m.estimator, request.stackMethod));
  let members: AnyEstimator[];
  let outputs: unknown[];
  if (request.cv === 'prefit') {
    members = active.map((m) => m.estimator);
    outputs = [];
    for (const [m, member] of members.entries()) outputs.push(await callMember(owner, names[m] as string, member, methods[m] as string, X));
  } else {
    members = await fitMembers('Stacking', entries, X, y, options, request.verbose);
    // one set of splits for every member (scikit-learn deep-copies one cv object for each)
    const splits: IndexPair[] = [...checkCv(request.cv ?? undefined, y, { classifier: request.classifier, owner }).split(X, y, options.groups)];
    outputs = [];
    for (const [m, { estimator }] of active.entries()) {
      outputs.push(
        await crossValPredict(estimator, X, y, {
          cv: splits,
          method: methods[m] as ResolvedStackMethod,
          fitOptions: { signal: options.signal },
          ...(request.nJobs === null ? {} : { nJobs: request.nJobs }),
        }),
      );
    }
  }
  const { features, widths } = stackOutputs(outputs, names, methods, request.nClasses, X, request.passthrough, owner);
  await request.final.fit(features, y, { signal: options.signal });
  return { members, names, methods, final: request.final, widths };
}

/** The final estimator's input for new data: the fitted members' outputs (and X with passthrough). */
export async function stackTransform(owner: string, state: StackState, X: DenseMatrix, nClasses: number, passthrough: boolean): Promise<DenseMatrix> {
  const outputs: unknown[] = [];
  for (const [m, member] of state.members.entries()) outputs.push(await callMember(owner, state.names[m] as string, member, state.methods[m] as string, X));
  return stackOutputs(outputs, state.names, state.methods, nClasses, X, passthrough, owner).features;
}

/** True for an estimator or null (the `finalEstimator` param). */
export const FINAL_ESTIMATOR_CONSTRAINT: Constraint = satisfies('null or an estimator', (v) => v === null || isEstimator(v));

/** Calls a method of the fitted final estimator on the stacked features. */
export async function callFinal<T>(owner: string, final: AnyEstimator, method: string, features: MatrixLike): Promise<T> {
  return (await callMember(owner, 'finalEstimator', final, method, features)) as T;
}
