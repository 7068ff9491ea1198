/**
 * Fitting and scoring a group of candidates on one split, sharing the split's
 * rows and, when the estimator shares work ({@link SharedWork}), one state
 * built once for the group: the unit of work of a search with `shareWork`.
 *
 * The members run one after the other in warm-start order (by chain, then
 * position, then candidate order), each from the state and, on a chain, from
 * the previous member's solution; each is scored as {@link fitAndScore} scores
 * it. A state that fails to build leaves every member to fit on its own (so that
 * each gets its own error); the time the split's rows and the state took to
 * build is shared equally among the members that ran with them (their fit times).
 */
import type { AnyEstimator, FitOptions, IntermediateReporter } from '../../core/estimator.js';
import { clone } from '../../core/estimator.js';
import { isStopped, yieldToEventLoop } from '../../core/checkpoint.js';
import type { BuiltState, SharedWork, SplitRows } from '../../core/shared-state.js';
import { classStateKey, sharedWorkOf } from '../../core/shared-state.js';
import { takeTarget } from '../../core/data.js';
import type { ParamSet } from '../../search/space/parameter-grid.js';
import type { FitAndScoreContext, FitAndScoreTask, SplitResult } from '../fit-and-score.js';
import { STOPPED_SPLIT_MESSAGE, endsSearch, fitAndScore, unfinishedSplit } from '../fit-and-score.js';
import type { Lease, StateCache } from './state-cache.js';

/** One candidate of a group task. */
export interface GroupMember {
  readonly candidate: number;
  readonly params: ParamSet;
  /** Receives per-iteration values (pruning inside fits; in this thread only: such searches with `nJobs > 1` do not share work). */
  readonly report?: IntermediateReporter | undefined;
}

/** The (candidate, split) fits of one split that share a state: what a group executor runs. */
export interface GroupTask {
  /** Names the split's rows (its budget and index): the cache files the rows and states under it. */
  readonly splitId: string;
  readonly split: number;
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** The candidates to fit and score. */
  readonly members: readonly GroupMember[];
  /**
   * The params of every candidate the state should serve (the members among
   * them), when more than the members (the state's whole group, when a member
   * runs on its own), under an id that names the list; undefined: the members.
   */
  readonly cover?: { readonly id: string; readonly params: readonly ParamSet[] } | undefined;
  /** Keep the state for later tasks (a member running on its own); false drops it after the group. */
  readonly keepState: boolean;
  /**
   * Told of each member's result as soon as it is scored (in this thread only;
   * never sent to pool workers): a search that stops while a later member runs
   * keeps the members that finished.
   */
  readonly onResult?: ((index: number, result: SplitResult) => void) | undefined;
}

/** What a group task runs with besides its context: the state cache, and the shared work of cover lists by id. */
export interface GroupRuntime {
  readonly cache: StateCache;
  readonly covers: Map<string, readonly SharedWork[]>;
  /** States that failed to build (their members fitted on their own). */
  buildFailures: number;
}

/** A new runtime with a cache of `budgetBytes`. */
export function groupRuntime(cache: StateCache): GroupRuntime {
  return { cache, covers: new Map(), buildFailures: 0 };
}

/** The results of a group task's members, in member order. */
export async function fitAndScoreGroup(context: FitAndScoreContext, task: GroupTask, runtime: GroupRuntime, signal?: AbortSignal): Promise<SplitResult[]> {
  const rows = await runtime.cache.acquire(`rows|${task.splitId}`, async () => splitRows(context, task), { signal });
  try {
    const estimators = task.members.map((m) => configure(context.estimator, m.params));
    const works = estimators.map((e) => sharedWorkOf(e));
    const first = works[0];
    const key = first === undefined ? undefined : classStateKey(estimators[0]!, first);
    const shared = key !== undefined && works.every((w, i) => w !== undefined && classStateKey(estimators[i]!, w) === key);
    const rowsShare = rows.seconds / task.members.length;
    const plain = (): Promise<SplitResult[]> => runEach(context, task, rows.value, signal, (i) => ({ estimator: estimators[i], sharedSeconds: rowsShare }));
    if (!shared) return await plain();
    let state: Lease<unknown>;
    try {
      const group = coverOf(context, task, runtime, key, works as SharedWork[]);
      state = await runtime.cache.acquire(`state|${task.splitId}|${key}`, (ctx) => (first as SharedWork).build(rows.value, group, ctx) as Promise<BuiltState<unknown>>, {
        covers: (value) => works.every((w) => w?.covers?.(value) ?? true),
        keep: task.keepState,
        signal,
        scope: `shared|${task.splitId}`,
      });
    } catch (error) {
      // the fits' own rule: what does not end the search leaves each member to fit (and fail) on its own
      if (endsSearch(error)) throw error;
      runtime.buildFailures++;
      return await plain();
    }
    try {
      return await runChains(context, task, rows.value, state, works as SharedWork[], estimators, signal, rowsShare);
    } finally {
      state.release();
    }
  } finally {
    rows.release();
  }
}

/** A clone of `template` with `params` set. */
export function configure(template: AnyEstimator, params: ParamSet): AnyEstimator {
  const estimator = clone(template);
  estimator.setParams(params);
  return estimator;
}

/** The members in warm-start order: by chain, then position on it; members off any chain, and ties, in member order. */
export function chainOrder(works: readonly (Pick<SharedWork, 'warmStart'> | undefined)[]): number[] {
  const order = works.map((_, i) => i);
  return order.sort((a, b) => {
    const wa = works[a]?.warmStart;
    const wb = works[b]?.warmStart;
    const ca = wa?.chain ?? '';
    const cb = wb?.chain ?? '';
    if (ca !== cb) return ca < cb ? -1 : 1;
    const pa = wa?.position ?? 0;
    const pb = wb?.position ?? 0;
    return pa !== pb ? pa - pb : a - b;
  });
}

async function runChains(
  context: FitAndScoreContext,
  task: GroupTask,
  rows: SplitRows,
  state: Lease<unknown>,
  works: readonly SharedWork[],
  estimators: readonly FitAndScoreContextEstimator[],
  signal: AbortSignal | undefined,
  rowsShare: number,
): Promise<SplitResult[]> {
  const warm = new Map<string, unknown>();
  const sharedSeconds = rowsShare + state.seconds / task.members.length;
  const results: SplitResult[] = new Array(task.members.length);
  let started = 0;
  for (const i of chainOrder(works)) {
    const work = works[i]!;
    const chain = work.warmStart?.chain;
    let next: unknown;
    const fit = async (_: unknown, options: FitOptions): Promise<void> => {
      next = await work.fit(state.value, rows, chain === undefined ? undefined : warm.get(chain), options);
    };
    // back to the event loop between members: a Ctrl-C or a timer lands between two synchronous fits
    if (started++ > 0) await yieldToEventLoop();
    results[i] = await runOne(context, task, i, rows, signal, { estimator: estimators[i], fit, sharedSeconds });
    task.onResult?.(i, results[i]!);
    if (chain !== undefined && results[i]!.status === 'ok' && next !== undefined) warm.set(chain, next);
  }
  return results;
}

type FitAndScoreContextEstimator = FitAndScoreContext['estimator'];
type Source = Parameters<typeof fitAndScore>[3];

/** Each member fitted on its own (on the shared rows). */
async function runEach(context: FitAndScoreContext, task: GroupTask, rows: SplitRows, signal: AbortSignal | undefined, source: (i: number) => Source): Promise<SplitResult[]> {
  const results: SplitResult[] = [];
  for (let i = 0; i < task.members.length; i++) {
    if (i > 0) await yieldToEventLoop();
    results.push(await runOne(context, task, i, rows, signal, source(i)));
    task.onResult?.(i, results[i]!);
  }
  return results;
}

/** One member: fitted and scored, or `timeout` when the search stopped before it started. */
function runOne(context: FitAndScoreContext, task: GroupTask, i: number, rows: SplitRows, signal: AbortSignal | undefined, source: Source): Promise<SplitResult> {
  const member = task.members[i]!;
  const single: FitAndScoreTask = { candidate: member.candidate, split: task.split, params: member.params, train: task.train, test: task.test, report: member.report };
  if (isStopped(signal)) return Promise.resolve(unfinishedSplit(single, Object.keys(context.scorers), context.returnTrainScore, 'timeout', NaN, STOPPED_SPLIT_MESSAGE));
  return fitAndScore(context, single, signal, { ...source, rows });
}


/** The shared work of the candidates the state serves: the cover list's (memoized by id), else the members'. */
function coverOf(context: FitAndScoreContext, task: GroupTask, runtime: GroupRuntime, key: string, works: readonly SharedWork[]): SharedWork[] {
  const cover = task.cover;
  if (cover === undefined) return [...works];
  let all = runtime.covers.get(cover.id);
  if (all === undefined) {
    all = cover.params.flatMap((params) => {
      const estimator = configure(context.estimator, params);
      const work = sharedWorkOf(estimator);
      return work !== undefined && classStateKey(estimator, work) === key ? [work] : [];
    });
    runtime.covers.set(cover.id, all);
  }
  return [...all];
}

/** A split's rows, taken once. */
async function splitRows(context: FitAndScoreContext, task: GroupTask): Promise<BuiltState<SplitRows>> {
  const { X, y, groups } = context;
  const XTrain = X.takeRows(task.train);
  const XTest = X.takeRows(task.test);
  const yTrain = y === undefined ? undefined : takeTarget(y, task.train);
  const yTest = y === undefined ? undefined : takeTarget(y, task.test);
  const groupsTrain = groups === undefined ? undefined : takeTarget(groups, task.train);
  const labels = (task.train.length + task.test.length) * 8 * (groups === undefined ? 1 : 2);
  return { value: { XTrain, yTrain, XTest, yTest, groupsTrain }, bytes: XTrain.values.byteLength + XTest.values.byteLength + labels };
}
