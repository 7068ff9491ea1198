/**
 * Successive halving (Jamieson & Talwalkar 2016; scikit-learn's
 * `HalvingGridSearchCV` schedule): evaluate every candidate with a small
 * resource, keep the best `1 / factor`, multiply the resource by `factor`,
 * repeat.
 *
 * {@link halvingSchedule} is the arithmetic, written to give scikit-learn 1.2's
 * numbers for the same inputs (its float `log` and `//` included).
 * {@link SuccessiveHalvingSampler} proposes each iteration's candidates with their
 * budget and waits for an iteration to finish before promoting; it reads
 * everything it needs from the trials (`meta.iter`, `meta.candidate`, values),
 * so a study can resume from its stored trials.
 */
import { checkBoolean, checkInteger, checkReal, invalidParameter } from '../../core/validate.js';
import type { Sampler, SamplerContext, Suggestion } from '../sampler.js';
import type { ParamSet } from '../space/parameter-grid.js';
import type { Direction, Trial } from '../trial.js';
import { isUnfinished } from '../trial.js';
import { pyFloorDiv, pyLog } from './py-float.js';

/** Inputs of {@link halvingSchedule}. */
export interface HalvingScheduleOptions {
  /** Candidates evaluated in the first iteration. */
  readonly nCandidates: number;
  /** The resource multiplier and the inverse of the fraction kept (> 1). */
  readonly factor: number;
  /**
   * The first iteration's resource. With `exhaust`, it is raised so that the
   * last required iteration uses as much of `maxResources` as possible.
   */
  readonly minResources: number;
  /** Raise `minResources` to exhaust `maxResources` (scikit-learn's `min_resources='exhaust'`). @default false */
  readonly exhaust?: boolean | undefined;
  /** The most resource any candidate gets. */
  readonly maxResources: number;
  /** Run the iterations needed to end with fewer than `factor` candidates, repeating the first resource if needed. @default false */
  readonly aggressiveElimination?: boolean | undefined;
}

/** The plan of a successive-halving run (scikit-learn's fitted attributes). */
export interface HalvingSchedule {
  /** The first iteration's resource (`min_resources_`). */
  readonly minResources: number;
  /** The resource cap (`max_resources_`). */
  readonly maxResources: number;
  readonly factor: number;
  /** Iterations needed to end with fewer than `factor` candidates (`n_required_iterations_`). */
  readonly nRequiredIterations: number;
  /** Iterations possible from `minResources` without exceeding `maxResources` (`n_possible_iterations_`). */
  readonly nPossibleIterations: number;
  /** Iterations run (`n_iterations_`). */
  readonly nIterations: number;
  /** The resource of each iteration (`n_resources_`). */
  readonly nResources: readonly number[];
  /** The candidates of each iteration (`n_candidates_`). */
  readonly nCandidates: readonly number[];
  /** Candidates kept after the last iteration (`n_remaining_candidates_`). */
  readonly nRemainingCandidates: number;
}

const OWNER = 'halvingSchedule';

/**
 * The successive-halving schedule for the given inputs, as scikit-learn 1.2
 * computes it in `BaseSuccessiveHalving._run_search`.
 *
 * @throws {InvalidParameterError} for `factor <= 1`, `nCandidates < 1`,
 *   resources below 1 or `minResources > maxResources`.
 * @example
 * ```ts
 * const s = halvingSchedule({ nCandidates: 20, factor: 3, minResources: 10, maxResources: 500 });
 * s.nResources; // [10, 30, 90]
 * s.nCandidates; // [20, 7, 3]
 * ```
 */
export function halvingSchedule(options: HalvingScheduleOptions): HalvingSchedule {
  const nCandidates0 = checkInteger(OWNER, 'nCandidates', options.nCandidates, { min: 1 });
  const factor = checkReal(OWNER, 'factor', options.factor, { min: 1, minInclusive: false });
  const maxResources = checkReal(OWNER, 'maxResources', options.maxResources, { min: 1 });
  let minResources = checkReal(OWNER, 'minResources', options.minResources, { min: 1 });
  const exhaust = checkBoolean(OWNER, 'exhaust', options.exhaust ?? false);
  const aggressive = checkBoolean(OWNER, 'aggressiveElimination', options.aggressiveElimination ?? false);
  if (minResources > maxResources) {
    throw invalidParameter(OWNER, 'minResources', `at most maxResources (${maxResources})`, minResources, { kind: 'option' });
  }
  const nRequiredIterations = 1 + Math.floor(pyLog(nCandidates0, factor));
  if (exhaust) {
    minResources = Math.max(minResources, pyFloorDiv(maxResources, factor ** (nRequiredIterations - 1)));
  }
  const nPossibleIterations = 1 + Math.floor(pyLog(pyFloorDiv(maxResources, minResources), factor));
  const nIterations = aggressive ? nRequiredIterations : Math.min(nPossibleIterations, nRequiredIterations);
  const nResources: number[] = [];
  const nCandidates: number[] = [];
  let n = nCandidates0;
  for (let itr = 0; itr < nIterations; itr++) {
    const power = aggressive ? Math.max(0, itr - nRequiredIterations + nPossibleIterations) : itr;
    nResources.push(Math.min(Math.trunc(factor ** power * minResources), maxResources));
    nCandidates.push(n);
    n = Math.ceil(n / factor);
  }
  return Object.freeze({
    minResources,
    maxResources,
    factor,
    nRequiredIterations,
    nPossibleIterations,
    nIterations,
    nResources: Object.freeze(nResources),
    nCandidates: Object.freeze(nCandidates),
    nRemainingCandidates: n,
  });
}

/**
 * Orders scores ascending (the best last) for a direction; NaN first. Returns
 * the indices. A search may pass numpy's unstable order for tie parity.
 */
export type ScoreOrder = (scores: readonly number[]) => ArrayLike<number>;

/** Ascending, stable, NaN first: the default {@link ScoreOrder}. */
export function stableScoreOrder(scores: readonly number[]): number[] {
  const idx = scores.map((_, i) => i);
  const nan = idx.filter((i) => Number.isNaN(scores[i]));
  const rest = idx.filter((i) => !Number.isNaN(scores[i])).sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
  return [...nan, ...rest];
}

/** The value a trial ranks by, larger is better; NaN when it has none. */
export function rankValue(trial: Trial, direction: Direction): number {
  const v = trial.state === 'complete' ? (trial.values[0] ?? NaN) : NaN;
  return direction === 'maximize' ? v : -v;
}

/** Options of {@link SuccessiveHalvingSampler}. */
export interface SuccessiveHalvingSamplerOptions {
  /**
   * A parameter to set to each iteration's resource (`'epochs'`,
   * `'nEstimators'`): the trial's params then carry it, as scikit-learn's
   * `cv_results_['params']` do. Leave undefined when the resource is not a
   * parameter (samples): the budget travels only as the trial's `budget`.
   * @default undefined
   */
  readonly budgetParam?: string | undefined;
  /** How scores are ordered to pick the survivors. @default stableScoreOrder */
  readonly order?: ScoreOrder | undefined;
  /**
   * The order in which an iteration's promoted candidates run: `'ascending'`
   * (scikit-learn's `_top_k` order: the best last) or `'best-first'` (the
   * candidate that ranked best in the previous iteration runs first, so a search
   * stopped early, by a target or a timeout, has tried the most promising ones).
   * Which candidates are promoted does not change; {@link SuccessiveHalvingSampler.resultOrder}
   * gives the trials in the ascending order either way.
   * @default 'ascending'
   */
  readonly promotionOrder?: 'ascending' | 'best-first' | undefined;
}

/**
 * Proposes a fixed list of candidates by successive halving: iteration 0 runs
 * every candidate with `schedule.nResources[0]`; each later iteration runs the
 * `nCandidates[i]` best of the previous one (scikit-learn's `_top_k`: ascending
 * score, NaN first, the last k; they run in that order, or best first with
 * `promotionOrder: 'best-first'`) once every trial of the
 * previous iteration has finished. Trials carry `meta.iter`,
 * `meta.candidate` (the index in `candidates`) and, from the second iteration,
 * `meta.parent` (the candidate's trial in the previous iteration).
 *
 * @example
 * ```ts
 * const candidates = [...new ParameterGrid({ lr: [0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4, 3e-5] })];
 * const schedule = halvingSchedule({ nCandidates: 9, factor: 3, minResources: 1, maxResources: 9 });
 * const sampler = new SuccessiveHalvingSampler(candidates, schedule, { budgetParam: 'epochs' });
 * const study = new Study({ sampler });
 * await study.optimize(async (params) => trainAndScore(params.lr, params.epochs)); // 9 trials at 1 epoch, 3 at 3, 1 at 9
 * ```
 */
export class SuccessiveHalvingSampler implements Sampler {
  readonly candidates: readonly ParamSet[];
  readonly schedule: HalvingSchedule;
  /** An iteration's candidates are fixed once the previous one has finished: a shared study enqueues them together. */
  readonly queueAhead = true;
  readonly promotionOrder: 'ascending' | 'best-first';
  private readonly budgetParam: string | undefined;
  private readonly order: ScoreOrder;

  constructor(candidates: readonly ParamSet[], schedule: HalvingSchedule, options: SuccessiveHalvingSamplerOptions = {}) {
    if (schedule.nCandidates[0] !== candidates.length) {
      throw invalidParameter('SuccessiveHalvingSampler', 'schedule', `a schedule for ${candidates.length} candidates`, schedule.nCandidates[0], {
        kind: 'argument',
      });
    }
    this.candidates = candidates;
    this.schedule = schedule;
    this.budgetParam = options.budgetParam;
    this.order = options.order ?? stableScoreOrder;
    const promotionOrder = options.promotionOrder ?? 'ascending';
    if (promotionOrder !== 'ascending' && promotionOrder !== 'best-first') {
      throw invalidParameter('SuccessiveHalvingSampler', 'promotionOrder', "'ascending' or 'best-first'", promotionOrder, { kind: 'option' });
    }
    this.promotionOrder = promotionOrder;
  }

  get plannedTrials(): number {
    return this.schedule.nCandidates.reduce((a, b) => a + b, 0);
  }

  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    const byIter = new Map<number, Trial[]>();
    for (const t of trials) {
      const iter = t.meta.iter;
      if (typeof iter !== 'number') continue;
      const list = byIter.get(iter);
      if (list === undefined) byIter.set(iter, [t]);
      else list.push(t);
    }
    let iter = byIter.size === 0 ? 0 : Math.max(...byIter.keys());
    let mine = byIter.get(iter) ?? [];
    if (mine.length >= (this.schedule.nCandidates[iter] ?? 0)) {
      if (mine.some(isUnfinished)) return { kind: 'wait' };
      if (iter + 1 >= this.schedule.nIterations) return { kind: 'stop' };
      iter += 1;
      mine = [];
    }
    const budget = this.schedule.nResources[iter] as number;
    if (iter === 0) return this.run(mine.length, budget, { iter, candidate: mine.length });
    const survivors = this.survivors(this.rowOrder(byIter, context.direction).get(iter - 1) ?? [], iter, context.direction);
    if (this.promotionOrder === 'best-first') survivors.reverse();
    // the first survivor without a trial in this iteration (by candidate, so a study resumed with the other order goes on right)
    const started = new Set(mine.map((t) => t.meta.candidate));
    const parent = survivors.find((t) => !started.has(t.meta.candidate)) as Trial;
    const candidate = parent.meta.candidate as number;
    return this.run(candidate, budget, { iter, candidate, parent: parent.id });
  }

  private run(candidate: number, budget: number, meta: Readonly<Record<string, unknown>>): Suggestion {
    const base = this.candidates[candidate] as ParamSet;
    const params = this.budgetParam === undefined ? base : { ...base, [this.budgetParam]: budget };
    return { kind: 'run', params, budget, meta };
  }

  /**
   * The trials in scikit-learn's `cv_results_` row order, whatever order they ran
   * in: iteration by iteration, the first iteration's candidates in their order,
   * each later iteration's ascending by the previous iteration's score (the best
   * last). Trials without an iteration come last, by id.
   */
  resultOrder(trials: readonly Trial[], direction: Direction): Trial[] {
    const byIter = new Map<number, Trial[]>();
    const others: Trial[] = [];
    for (const t of trials) {
      const iter = t.meta.iter;
      if (typeof iter !== 'number') {
        others.push(t);
        continue;
      }
      const list = byIter.get(iter);
      if (list === undefined) byIter.set(iter, [t]);
      else list.push(t);
    }
    return [...[...this.rowOrder(byIter, direction).values()].flat(), ...others.sort((a, b) => a.id - b.id)];
  }

  /**
   * Each iteration's trials in scikit-learn's row order: the first iteration's by
   * id; a later one's as `_top_k` lists them from the previous iteration's rows
   * (so ties break as scikit-learn breaks them, whatever order the trials ran in).
   */
  private rowOrder(byIter: ReadonlyMap<number, readonly Trial[]>, direction: Direction): Map<number, Trial[]> {
    const out = new Map<number, Trial[]>();
    for (const iter of [...byIter.keys()].sort((a, b) => a - b)) {
      const mine = [...(byIter.get(iter) as Trial[])].sort((a, b) => a.id - b.id);
      const previous = out.get(iter - 1);
      if (previous !== undefined) {
        const position = new Map(this.survivors(previous, iter, direction).map((t, i) => [t.meta.candidate, i]));
        const at = (t: Trial): number => position.get(t.meta.candidate) ?? Infinity;
        mine.sort((a, b) => at(a) - at(b) || a.id - b.id);
      }
      out.set(iter, mine);
    }
    return out;
  }

  /** The candidates promoted into `iter` from the previous iteration's trials (in row order), in scikit-learn's order (ascending: the best last). */
  private survivors(ordered: readonly Trial[], iter: number, direction: Direction): Trial[] {
    const order = this.order(ordered.map((t) => rankValue(t, direction)));
    const k = this.schedule.nCandidates[iter] as number;
    return Array.from(order)
      .slice(Math.max(0, order.length - k))
      .map((i) => ordered[i] as Trial);
  }
}
