/**
 * Shared work across the candidates of a search: the contract between an
 * estimator and the search engine.
 *
 * Many candidates of a grid share an expensive intermediate on each split that
 * does not depend on the parameters being varied: the normal equations of a
 * Ridge over alpha, the neighbour lists of a KNN over k, the kernel matrix of
 * an SVC over C. An estimator that implements {@link SharesWork} says, once it
 * is configured with a candidate's params, which state it uses (its
 * {@link SharedWork.key}), how that state is built from a split's rows, and how
 * to fit from it (optionally starting from the solution of the previous
 * candidate of a warm-start chain). A search with `shareWork` (the default)
 * groups its (candidate, split) fits by (split, key), builds each state once
 * within its memory budget, and fits the candidates of a group one after the
 * other in warm-start order.
 *
 * A fit from a state must give the model a plain `fit` on `rows.XTrain` gives,
 * up to the solver's tolerance when it starts warm; the search compares the two
 * with `shareWork: false`.
 */
import type { DenseMatrix, TargetLike, Vector } from './data.js';
import type { AnyEstimator, FitOptions } from './estimator.js';

/**
 * One split's rows as a search hands them to shared work. They are taken once
 * per split and shared by every candidate: read them, never write to them.
 */
export interface SplitRows {
  readonly XTrain: DenseMatrix;
  readonly yTrain: TargetLike | undefined;
  /** The test rows: a state may precompute what predicting them needs (KNN's neighbour lists). */
  readonly XTest: DenseMatrix;
  readonly yTest: TargetLike | undefined;
  /** The group labels of the training rows, when the search was given groups. */
  readonly groupsTrain: Vector | undefined;
}

/** A state once built: its value, its size, and how to free what it holds outside the JavaScript heap. */
export interface BuiltState<S> {
  readonly value: S;
  /** What the state holds, in bytes (counted against the search's `cacheMemoryMb`). */
  readonly bytes: number;
  /** Frees WebAssembly memory and the like; called once, when the search drops the state. */
  readonly dispose?: (() => void) | undefined;
}

/** What a state's builder gets from the search. */
export interface StateBuildContext {
  /**
   * The memory budget of the search's state cache, in bytes: a state too large
   * for it can take a smaller form (SVC keeps a cache of kernel rows instead of
   * the whole kernel matrix).
   */
  readonly budgetBytes: number;
  /** Aborted when the search stops. */
  readonly signal: AbortSignal | undefined;
  /**
   * A sub-state that states of other keys build on too (a pipeline's fitted
   * prefix of transformers): built once per split and `key` (the engine files
   * it under the split, so `key` names only what it depends on), and kept within
   * the budget. The state being built depends on it: it is dropped when the
   * sub-state is.
   */
  share<T>(key: string, build: () => Promise<BuiltState<T>>): Promise<T>;
}

/**
 * Where a candidate stands on a warm-start path: the candidates of a group with
 * the same `chain` are fitted in increasing `position`, each starting from the
 * previous one's solution (Lasso: position `-alpha`, the strongest penalty
 * first; SVC and LogisticRegression: position `C`).
 */
export interface WarmStart {
  readonly chain: string;
  readonly position: number;
}

/**
 * An estimator's shared work, for its current params (see the file comment).
 *
 * @typeParam S - the state built once per split and key.
 * @typeParam W - what one fit hands to the next on a warm-start path.
 *
 * @example
 * ```ts fragment
 * // ShrunkCentroid (docs/shared-work.md, run by spec/docs/shared-work.spec.ts): every
 * // shrinkage starts from the class sums of a split, so one state serves the grid
 * sharedWork(): SharedWork<ClassSums> {
 *   return {
 *     key: stateKey({}) as string,
 *     build: async (rows) => {
 *       const { classes, codes } = encodeLabels(rows.yTrain as Vector);
 *       const state = classSums(rows.XTrain, codes, classes.length);
 *       return { value: state, bytes: (state.sums.length + state.counts.length) * 8 };
 *     },
 *     fit: async (state, rows) => {
 *       this.primed = state; // the next fit starts from the state
 *       await this.fit(rows.XTrain, rows.yTrain);
 *       return undefined;
 *     },
 *   };
 * }
 * ```
 */
export interface SharedWork<S = unknown, W = unknown> {
  /**
   * The state this configured estimator uses, as a string of the params it
   * depends on (see {@link stateKey}): two candidates with the same key on the
   * same split share one state. The engine adds the estimator's class.
   */
  readonly key: string;
  /** This candidate's place on a warm-start path; undefined: it always starts cold. */
  readonly warmStart?: WarmStart | undefined;
  /**
   * Builds the state from a split's rows. `group` holds the shared work of the
   * candidates that will use the state (this one among them), so that the
   * state can serve them all (KNN computes the neighbours for the largest k).
   */
  build(rows: SplitRows, group: readonly this[], context: StateBuildContext): Promise<BuiltState<S>>;
  /**
   * Whether a state built for another group serves this candidate too (KNN:
   * enough neighbours per query). A state that does not is rebuilt.
   * @default every state serves
   */
  covers?(state: S): boolean;
  /**
   * Fits this estimator (the one whose `sharedWork` returned this object) from
   * the state, as `fit(rows.XTrain, rows.yTrain, options)` would, starting from
   * `warm` (what the previous candidate of its warm-start chain returned) when
   * given. Returns what the next candidate of the chain starts from.
   */
  fit(state: S, rows: SplitRows, warm: W | undefined, options: FitOptions): Promise<W | undefined>;
}

/** An estimator that shares per-split work with the other candidates of a search. */
export interface SharesWork {
  /** The shared work of this configured estimator, or undefined when its params allow none. */
  sharedWork(): SharedWork | undefined;
}

/** The shared work of an estimator configured with a candidate's params, or undefined when it has none. */
export function sharedWorkOf(estimator: AnyEstimator): SharedWork | undefined {
  const method = (estimator as Partial<SharesWork>).sharedWork;
  return typeof method === 'function' ? method.call(estimator) : undefined;
}

const classIds = new WeakMap<object, number>();
let nextClassId = 0;

/** A name for a class, distinct from every other class of this process. */
function className(ctor: unknown): string {
  const f = ctor as { name?: string };
  let id = classIds.get(f as object);
  if (id === undefined) classIds.set(f as object, (id = nextClassId++));
  return `${f.name ?? 'anonymous'}#${id}`;
}

/**
 * A canonical string of a value: numbers (NaN, ±Infinity and -0 kept apart),
 * strings, booleans, null, undefined, arrays, plain objects (keys sorted) and
 * estimators (their class and params); undefined for anything else (a function,
 * a class instance, a `RandomState`), which cannot be compared by value.
 *
 * @example
 * ```ts
 * stateKey({ kernel: 'rbf', gamma: 0.01 }) === stateKey({ gamma: 0.01, kernel: 'rbf' }); // true
 * stateKey({ f: () => 1 }); // undefined
 * ```
 */
export function stateKey(value: unknown): string | undefined {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? 'd-0' : `d${value}`;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (Array.isArray(value)) return listKey(value, '[', ']');
  const o = value as Record<string, unknown>;
  if (typeof o.getParams === 'function' && typeof o.setParams === 'function' && typeof o.fit === 'function') {
    const params = stateKey((o.getParams as (deep: boolean) => unknown).call(o, false));
    return params === undefined ? undefined : `${className(o.constructor)}${params}`;
  }
  if (Object.getPrototypeOf(o) !== Object.prototype) return undefined;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    const v = stateKey(o[k]);
    if (v === undefined) return undefined;
    parts.push(`${JSON.stringify(k)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

function listKey(values: readonly unknown[], open: string, close: string): string | undefined {
  const parts: string[] = [];
  for (const v of values) {
    const k = stateKey(v);
    if (k === undefined) return undefined;
    parts.push(k);
  }
  return `${open}${parts.join(',')}${close}`;
}

/** The key the engine files a state under: the estimator's class and its shared work's key. */
export function classStateKey(estimator: AnyEstimator, work: SharedWork): string {
  return `${className(estimator.constructor)}|${work.key}`;
}
