/**
 * Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh & Talwalkar 2018): successive
 * halving run in several brackets that trade the number of configurations
 * against the resource each starts with, so that no single guess of "how early
 * can we judge" has to be right.
 *
 * {@link hyperbandBrackets} is the paper's arithmetic (Algorithm 1: for R = 81,
 * η = 3 it gives the paper's Table 1). {@link HyperbandSampler} runs the brackets
 * one after another (most aggressive first), draws each bracket's new
 * configurations from any {@link Sampler} (random sampling, or a model such as
 * TPE for a BOHB-like search) and promotes the best `1/η` of each round once the
 * round has finished. It keeps no state of its own: bracket, round, config and
 * parent trial travel in each trial's `meta` (Keras Tuner's reserved values).
 */
import { checkInteger, checkReal, invalidParameter } from '../../core/validate.js';
import type { Sampler, SamplerContext, Suggestion } from '../sampler.js';
import type { ParamSet } from '../space/parameter-grid.js';
import type { Direction, PrunedTrial, Trial } from '../trial.js';
import { isUnfinished } from '../trial.js';
import { rankValue } from './successive-halving.js';

/** One round of a bracket: how many configurations run, with how much resource each. */
export interface HyperbandRound {
  readonly nConfigs: number;
  readonly resource: number;
}

/** One bracket `s`: its rounds, from `s + 1` down to 1. */
export interface HyperbandBracket {
  readonly s: number;
  readonly rounds: readonly HyperbandRound[];
}

/** The resource range and the factor of a Hyperband run. */
export interface HyperbandBracketOptions {
  /** R: the most resource one configuration gets (epochs, samples, trees). */
  readonly maxResource: number;
  /** η: the fraction 1/η of a round is promoted, with η times the resource. @default 3 */
  readonly factor?: number | undefined;
  /** The smallest resource a round may use (the paper's unit). @default 1 */
  readonly minResource?: number | undefined;
}

const EPS = 1e-9;

/**
 * Hyperband's brackets (the paper's Algorithm 1): `sMax = ⌊log_η(R / rMin)⌋`;
 * bracket `s` starts `n = ⌈(sMax + 1) η^s / (s + 1)⌉` configurations with
 * `r = R η^-s`, and round `i` runs `⌊n η^-i⌋` of them with `r η^i` (rounded up
 * to an integer resource).
 *
 * @throws {InvalidParameterError} for `factor <= 1`, `maxResource < 1` or
 *   `minResource > maxResource`.
 * @example
 * ```ts
 * const brackets = hyperbandBrackets({ maxResource: 81, factor: 3 });
 * brackets[0].rounds.map((r) => [r.nConfigs, r.resource]); // [[81, 1], [27, 3], [9, 9], [3, 27], [1, 81]]
 * brackets[4].rounds; // [{ nConfigs: 5, resource: 81 }]
 * ```
 */
export function hyperbandBrackets(options: HyperbandBracketOptions, owner = 'hyperbandBrackets'): HyperbandBracket[] {
  const R = checkReal(owner, 'maxResource', options.maxResource, { min: 1 });
  const eta = checkReal(owner, 'factor', options.factor ?? 3, { min: 1, minInclusive: false });
  const rMin = checkReal(owner, 'minResource', options.minResource ?? 1, { min: 1 });
  if (rMin > R) throw invalidParameter(owner, 'minResource', `at most maxResource (${R})`, rMin, { kind: 'option' });
  let sMax = 0;
  while (rMin * eta ** (sMax + 1) <= R * (1 + EPS)) sMax++;
  const brackets: HyperbandBracket[] = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) * eta ** s) / (s + 1) - EPS);
    const rounds: HyperbandRound[] = [];
    for (let i = 0; i <= s; i++) {
      const nConfigs = Math.floor(n / eta ** i + EPS);
      const resource = Math.max(rMin, Math.ceil(R / eta ** (s - i) - EPS));
      rounds.push(Object.freeze({ nConfigs, resource }));
    }
    brackets.push(Object.freeze({ s, rounds: Object.freeze(rounds) }));
  }
  return brackets;
}

/** Options of {@link HyperbandSampler}. */
export interface HyperbandSamplerOptions extends HyperbandBracketOptions {
  /** How many times the whole set of brackets runs. @default 1 */
  readonly hyperbandIterations?: number | undefined;
  /** A parameter to set to each round's resource (`'epochs'`); undefined when the resource is not a parameter. @default undefined */
  readonly budgetParam?: string | undefined;
  /**
   * A model-based inner sampler learns from the largest resource at which at
   * least this many configurations have finished (BOHB's rule); below that, from
   * the resource with the most finished configurations.
   * @default 5
   */
  readonly minPointsInModel?: number | undefined;
}

interface PlanEntry {
  readonly iteration: number;
  readonly bracket: HyperbandBracket;
}

const OWNER = 'HyperbandSampler';

/**
 * Proposes trials bracket by bracket, round by round. A round's trials all
 * start before the next round starts; promotions wait for the round to finish.
 * New configurations come from `inner`, which sees one trial per configuration
 * drawn so far, in draw order, carrying that configuration's result at the
 * reference resource (see `minPointsInModel`; configurations not evaluated there
 * appear as pruned). A list sampler (grid, random) thus proposes its next
 * candidate, and TPE or a GP learns from comparable results.
 *
 * Each trial's `meta` holds `hyperbandIteration`, `bracket` (s), `round` (i),
 * `config` (the configuration's number) and, for promotions, `parent` (the
 * trial of the previous round, for warm continuation).
 *
 * @example
 * ```ts
 * const sampler = new HyperbandSampler(new RandomSampler({ lr: logUniform(1e-4, 1e-1) }, 143, { randomState: 0 }), {
 *   maxResource: 81,
 *   budgetParam: 'epochs',
 * });
 * const study = new Study({ sampler });
 * await study.optimize(async (params, ctx) => trainAndScore(params.lr, ctx.budget)); // 5 brackets, 143 configurations, 206 trials
 * ```
 */
export class HyperbandSampler implements Sampler {
  readonly inner: Sampler;
  readonly brackets: readonly HyperbandBracket[];
  readonly hyperbandIterations: number;
  private readonly budgetParam: string | undefined;
  private readonly minPoints: number;
  private readonly plan: readonly PlanEntry[];
  private readonly eta: number;

  constructor(inner: Sampler, options: HyperbandSamplerOptions) {
    if (typeof inner !== 'object' || inner === null || typeof (inner as { suggest?: unknown }).suggest !== 'function') {
      throw invalidParameter(OWNER, 'inner', 'a sampler (an object with a suggest method)', inner, { kind: 'argument' });
    }
    this.inner = inner;
    this.brackets = hyperbandBrackets(options, OWNER);
    this.eta = options.factor ?? 3;
    this.hyperbandIterations = checkInteger(OWNER, 'hyperbandIterations', options.hyperbandIterations ?? 1, { min: 1 });
    this.minPoints = checkInteger(OWNER, 'minPointsInModel', options.minPointsInModel ?? 5, { min: 1 });
    this.budgetParam = options.budgetParam;
    const plan: PlanEntry[] = [];
    for (let iteration = 0; iteration < this.hyperbandIterations; iteration++) for (const bracket of this.brackets) plan.push({ iteration, bracket });
    this.plan = plan;
  }

  /** A round is enqueued at once when new configurations come from a fixed list (random search), not from a model. */
  get queueAhead(): boolean {
    return this.inner.queueAhead === true;
  }

  /** Trials in all: every round of every bracket, times `hyperbandIterations`. */
  get plannedTrials(): number {
    return this.hyperbandIterations * this.brackets.reduce((n, b) => n + b.rounds.reduce((m, r) => m + r.nConfigs, 0), 0);
  }

  /** New configurations drawn in all (the first rounds). */
  get plannedConfigs(): number {
    return this.hyperbandIterations * this.brackets.reduce((n, b) => n + (b.rounds[0]?.nConfigs ?? 0), 0);
  }

  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    const byEntry = new Map<number, Trial[]>();
    for (const t of trials) {
      const p = this.entryOf(t);
      if (p === undefined) continue;
      const list = byEntry.get(p);
      if (list === undefined) byEntry.set(p, [t]);
      else list.push(t);
    }
    let p = byEntry.size === 0 ? 0 : Math.max(...byEntry.keys());
    let mine = byEntry.get(p) ?? [];
    while (p < this.plan.length) {
      const { bracket } = this.plan[p] as PlanEntry;
      const round = mine.length === 0 ? 0 : Math.max(...mine.map((t) => t.meta.round as number));
      const inRound = mine.filter((t) => t.meta.round === round);
      const target = this.target(bracket, round, mine);
      if (inRound.length < target) {
        const s = this.propose(p, round, inRound.length, mine, trials, context);
        // the inner sampler ran out: the round closes with the configurations it has
        if (!(s.kind === 'stop' && round === 0 && inRound.length > 0)) return s;
      }
      if (inRound.some(isUnfinished)) return { kind: 'wait' };
      if (round + 1 < bracket.rounds.length && this.target(bracket, round + 1, mine) > 0) return this.propose(p, round + 1, 0, mine, trials, context);
      if (inRound.length < target) return { kind: 'stop' };
      p += 1;
      mine = [];
    }
    return { kind: 'stop' };
  }

  /**
   * The configurations round `round` runs: the paper's `n_i`, or fewer when the
   * previous round ran fewer than planned (the inner sampler ran out).
   */
  private target(bracket: HyperbandBracket, round: number, mine: readonly Trial[]): number {
    const planned = (bracket.rounds[round] as HyperbandRound).nConfigs;
    if (round === 0) return planned;
    const before = mine.filter((t) => t.meta.round === round - 1).length;
    const plannedBefore = (bracket.rounds[round - 1] as HyperbandRound).nConfigs;
    return before >= plannedBefore ? planned : Math.min(planned, Math.floor(before / this.eta + EPS));
  }

  private entryOf(t: Trial): number | undefined {
    const { hyperbandIteration: it, bracket: s } = t.meta;
    if (typeof it !== 'number' || typeof s !== 'number') return undefined;
    const b = this.brackets.findIndex((x) => x.s === s);
    return b < 0 ? undefined : it * this.brackets.length + b;
  }

  private propose(p: number, round: number, slot: number, mine: readonly Trial[], trials: readonly Trial[], context: SamplerContext): Suggestion {
    const { iteration, bracket } = this.plan[p] as PlanEntry;
    const resource = (bracket.rounds[round] as HyperbandRound).resource;
    const base = { hyperbandIteration: iteration, bracket: bracket.s, round };
    if (round > 0) {
      const previous = mine.filter((t) => t.meta.round === round - 1);
      const parent = topK(previous, this.target(bracket, round, mine), context.direction)[slot] as Trial;
      return this.run(this.configParams(parent), resource, { ...base, config: parent.meta.config, parent: parent.id, inner: parent.meta.inner });
    }
    const firsts = trials.filter((t) => t.meta.round === 0 && typeof t.meta.config === 'number').sort((a, b) => (a.meta.config as number) - (b.meta.config as number));
    const s = this.inner.suggest(this.innerView(firsts, trials), context);
    if (s.kind !== 'run') return s;
    return this.run(s.params, resource, { ...base, config: firsts.length, inner: s.meta });
  }

  private run(params: ParamSet, resource: number, meta: Record<string, unknown>): Suggestion {
    const withBudget = this.budgetParam === undefined ? params : { ...params, [this.budgetParam]: resource };
    return { kind: 'run', params: withBudget, budget: resource, meta };
  }

  /** A trial's configuration, without the budget parameter. */
  private configParams(trial: Trial): ParamSet {
    if (this.budgetParam === undefined) return trial.params;
    const out: Record<string, unknown> = { ...trial.params };
    delete out[this.budgetParam];
    return out;
  }

  /**
   * One trial per configuration drawn so far, in draw order: the configuration's
   * result at the reference resource, or a pruned record when it was not run there.
   */
  private innerView(firsts: readonly Trial[], trials: readonly Trial[]): Trial[] {
    const counts = new Map<number, number>();
    for (const t of trials) {
      if (t.state === 'complete' && Number.isFinite(t.values[0]) && t.budget !== undefined) counts.set(t.budget, (counts.get(t.budget) ?? 0) + 1);
    }
    const budgets = [...counts.keys()].sort((a, b) => b - a);
    const reference =
      budgets.find((b) => (counts.get(b) as number) >= this.minPoints) ??
      budgets.reduce<number | undefined>((best, b) => (best === undefined || (counts.get(b) as number) > (counts.get(best) as number) ? b : best), undefined);
    const atReference = new Map<unknown, Trial>();
    for (const t of trials) if (t.budget === reference && t.budget !== undefined) atReference.set(t.meta.config, t);
    return firsts.map((first) => {
      const meta = (first.meta.inner as Readonly<Record<string, unknown>> | undefined) ?? {};
      const at = atReference.get(first.meta.config);
      if (at !== undefined) return { ...at, params: this.configParams(at), meta };
      const pruned: PrunedTrial = {
        id: first.id,
        params: this.configParams(first),
        budget: first.budget,
        meta,
        intermediate: [],
        attrs: {},
        startedAt: first.startedAt,
        finishedAt: first.startedAt,
        state: 'pruned',
        lastValue: undefined,
      };
      return pruned;
    });
  }
}

/** The k best trials (larger rank value first; ties by trial id; NaN last). */
function topK(trials: readonly Trial[], k: number, direction: Direction): Trial[] {
  const scored = trials.map((t) => ({ t, v: rankValue(t, direction) }));
  scored.sort((a, b) => {
    const an = Number.isNaN(a.v);
    const bn = Number.isNaN(b.v);
    if (an || bn) return an === bn ? a.t.id - b.t.id : an ? 1 : -1;
    return b.v - a.v || a.t.id - b.t.id;
  });
  return scored.slice(0, k).map((x) => x.t);
}
