/**
 * BayesSearchCV: Bayesian optimization over hyperparameters, cross-validated
 * (scikit-optimize's `BayesSearchCV`), and the stopping callbacks
 * `deadlineStopper` and `deltaYStopper`.
 */
import { InvalidParameterError } from '../core/errors.js';
import type { AnyEstimator, ParamsOf } from '../core/estimator.js';
import { clone } from '../core/estimator.js';
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import type { RandomStateLike } from '../core/check-random-state.js';
import { checkRandomStateOption, seedFromRandomState } from '../core/check-random-state.js';
import { checkInteger, checkKnownKeys, checkOneOf, checkReal, formatValue, unknownNameMessage } from '../core/validate.js';
import type { Sampler, SamplerContext, Suggestion } from '../search/sampler.js';
import type { AcquisitionFunction } from '../search/samplers/gp/acquisition.js';
import { GPSampler } from '../search/samplers/gp/gp-sampler.js';
import type { InitialPointGenerator, OptimizeResult } from '../search/samplers/gp/optimizer.js';
import { TPESampler } from '../search/samplers/tpe/tpe-sampler.js';
import type { Dimension, Prior, SpaceSpec } from '../search/space/dimensions.js';
import { Space } from '../search/space/search-space.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { ParamDistributions } from '../search/space/parameter-sampler.js';
import type { Trial } from '../search/trial.js';
import { isUnfinished } from '../search/trial.js';
import type { CandidateEndInfo, SamplerSetup, SearchCVOptions } from './base-search-cv.js';
import type { SearchCallback } from './search-options.js';
import { EarlyStopper } from '../search/samplers/gp/callbacks.js';
import { BaseSearchCV } from './base-search-cv.js';

/** A range written as scikit-optimize writes it: `[low, high]`, `[low, high, prior]` or `[low, high, prior, base]` (BigInt bounds: integers). */
export type SkoptRange =
  | readonly [number | bigint, number | bigint]
  | readonly [number | bigint, number | bigint, Prior]
  | readonly [number | bigint, number | bigint, Prior, number];

/**
 * A search space typed against an estimator's params `P`: for each param, a
 * dimension (`Real`, `Integer`, `Categorical`), a list of values, a
 * randomized-search distribution, or a scikit-optimize range
 * (`[1e-6, 1e6, 'log-uniform']`, `[1n, 8n]`).
 */
export type SearchSpace<P> = { readonly [K in keyof P]?: ParamDistributions<P>[K] | Dimension | (number extends P[K] ? SkoptRange : never) };

/** One space, or several searched in turn: each alone (`nIter` points) or as `[space, nIter]`. */
export type SearchSpaces<P> = SearchSpace<P> | readonly (SearchSpace<P> | readonly [SearchSpace<P>, number])[];

/** The optimizer settings of {@link BayesSearchCV}. */
export interface BayesOptimizerOptions {
  /** The surrogate model: a Gaussian process or a tree-structured Parzen estimator. @default 'gp' */
  readonly surrogate?: 'gp' | 'tpe' | undefined;
  /** The GP's acquisition function. @default 'EI' */
  readonly acqFunc?: AcquisitionFunction | undefined;
  /** Points from the initial design (TPE: random startup trials). @default 10 */
  readonly nInitialPoints?: number | undefined;
  /** The GP's initial design. @default 'random' */
  readonly initialPointGenerator?: InitialPointGenerator | undefined;
  /** EI/PI improvement margin (standardized units). @default 0 */
  readonly xi?: number | undefined;
  /** LCB exploration weight. @default 1.96 */
  readonly kappa?: number | undefined;
}

/** Options of {@link BayesSearchCV}. */
export interface BayesSearchCVOptions extends Omit<SearchCVOptions, 'callbacks'> {
  /**
   * Called as each candidate ends; may stop the search: the searches'
   * callbacks, and scikit-optimize's stoppers (`new DeltaYStopper(0.01)`,
   * `new DeadlineStopper(60)`), which see the result of the candidate's space
   * (its values are −mean test score of the refit metric).
   * @default []
   */
  readonly callbacks?: BayesCallback | readonly BayesCallback[] | undefined;
  /** Candidates per space (when a space does not give its own). @default 50 */
  readonly nIter?: number | undefined;
  /**
   * Candidates proposed together (GP: constant liar, kept apart by the
   * optimizer's `minPendingDistance`) and run at once, as scikit-optimize's
   * `n_points`; `nJobs` runs their splits in parallel. The next batch is
   * proposed once a batch has finished, from exactly the earlier batches, so
   * the candidates do not depend on timing: `nJobs: 4` proposes what
   * `nJobs: 1` does, and a resumed search what the uninterrupted one did. TPE
   * proposes one at a time.
   * @default 1
   */
  readonly nPoints?: number | undefined;
  /** The surrogate and acquisition settings. @default {} */
  readonly optimizer?: BayesOptimizerOptions | undefined;
  /**
   * Seed of the proposals (the same seed gives the same candidates), or a
   * {@link RandomState} each fit draws that seed from (it advances). The Gaussian
   * process and TPE draw from tunekit's own generator, not numpy's: candidates are
   * reproducible, not scikit-optimize's. @default undefined (fresh seed)
   */
  readonly randomState?: RandomStateLike | undefined;
}

const OWNER = 'BayesSearchCV';

/** A callback of {@link BayesSearchCV}: a search callback or a scikit-optimize stopper. */
export type BayesCallback = SearchCallback | EarlyStopper;

/**
 * The callbacks as search callbacks: each stopper is called with the values
 * of the ended candidate's space so far (−mean test score of `metric`, or of
 * the first metric).
 */
function searchCallbacks(callbacks: BayesCallback | readonly BayesCallback[] | undefined, metric: string | undefined): SearchCallback[] | undefined {
  if (callbacks === undefined) return undefined;
  const list = (Array.isArray(callbacks) ? callbacks : [callbacks]) as BayesCallback[];
  return list.map((cb): SearchCallback => {
    if (!(cb instanceof EarlyStopper)) return cb;
    const values = new Map<number, number[]>();
    return (info: CandidateEndInfo) => {
      const k = typeof info.trial.meta.subspace === 'number' ? info.trial.meta.subspace : 0;
      const mine = values.get(k) ?? [];
      values.set(k, mine);
      const name = metric !== undefined && metric in info.meanScores ? metric : Object.keys(info.meanScores)[0];
      mine.push(name === undefined ? NaN : -(info.meanScores[name] ?? NaN));
      return cb.call({ funcVals: mine });
    };
  });
}
const OPTIMIZER_KEYS = ['surrogate', 'acqFunc', 'nInitialPoints', 'initialPointGenerator', 'xi', 'kappa'];

function isPair(v: unknown): v is readonly [unknown, number] {
  return Array.isArray(v) && v.length === 2 && typeof v[1] === 'number' && typeof v[0] === 'object' && v[0] !== null && !Array.isArray(v[0]);
}

/** Runs one sampler per subspace in turn, tagging each trial with `meta.subspace`. */
class SubspaceSequence implements Sampler {
  constructor(private readonly parts: readonly { readonly sampler: Sampler; readonly nIter: number }[]) {}

  get plannedTrials(): number {
    return this.parts.reduce((n, p) => n + p.nIter, 0);
  }

  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    for (let k = 0; k < this.parts.length; k++) {
      const part = this.parts[k] as { sampler: Sampler; nIter: number };
      const mine = trials.filter((t) => t.meta.subspace === k);
      if (mine.length >= part.nIter) continue;
      const s = part.sampler.suggest(mine, context);
      if (s.kind === 'stop') continue;
      return s.kind === 'run' ? { ...s, meta: { ...s.meta, subspace: k } } : s;
    }
    return { kind: 'stop' };
  }
}

/**
 * A sampler's proposals in synchronous batches of `size`: the first proposal
 * of a batch waits until every earlier trial has finished, so what it sees
 * does not depend on timing (the GP sampler does this itself).
 */
class SynchronousBatches implements Sampler {
  constructor(
    private readonly inner: Sampler,
    private readonly size: number,
  ) {}

  get plannedTrials(): number | undefined {
    return this.inner.plannedTrials;
  }

  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    const start = Math.floor(trials.length / this.size) * this.size;
    if (trials.slice(0, start).some(isUnfinished)) return { kind: 'wait' };
    return this.inner.suggest(trials, context);
  }
}

/**
 * Bayesian optimization of an estimator's hyperparameters with cross-validation
 * (scikit-optimize's `BayesSearchCV`): a Gaussian process (or TPE) learns from the
 * finished candidates where to look next. Results have GridSearchCV's shape
 * (`cvResults`, `bestParams`, refit, multi-metric), plus `optimizerResults`.
 *
 * @example
 * ```ts
 * const search = await new BayesSearchCV(new Ridge(), { alpha: new Real(1e-4, 1e2, { prior: 'log-uniform' }) }, {
 *   nIter: 20,
 *   cv: 5,
 *   randomState: 0,
 *   callbacks: [deltaYStopper(1e-4)],
 * }).fit(X, y);
 * search.bestParams; // { alpha: ... }
 * search.optimizerResults[0].funcVals; // −mean test score of each candidate
 * ```
 */
export class BayesSearchCV<E extends AnyEstimator> extends BaseSearchCV<E> {
  readonly searchSpaces: SearchSpaces<ParamsOf<E>>;
  readonly nIter: number;
  readonly nPoints: number;
  readonly randomState: RandomStateLike | undefined;
  readonly optimizerOptions: BayesOptimizerOptions;
  private readonly subspaces: readonly { readonly space: Space; readonly nIter: number }[];
  private seed: number | undefined;

  constructor(estimator: E, searchSpaces: SearchSpaces<ParamsOf<E>>, options: BayesSearchCVOptions = {}) {
    super(OWNER, estimator, { ...options, callbacks: searchCallbacks(options.callbacks, typeof options.refit === 'string' ? options.refit : undefined) }, ['nIter', 'nPoints', 'optimizer', 'randomState']);
    this.nIter = checkInteger(OWNER, 'nIter', options.nIter ?? 50, { min: 1 });
    this.nPoints = checkInteger(OWNER, 'nPoints', options.nPoints ?? 1, { min: 1 });
    this.randomState = checkRandomStateOption(OWNER, options.randomState);
    const opt = options.optimizer ?? {};
    if (typeof opt !== 'object' || opt === null) {
      throw new InvalidParameterError(`The "optimizer" option of ${OWNER} must be an object of optimizer settings. Got ${formatValue(opt)} instead.`, {
        owner: OWNER, argument: 'optimizer', value: opt, expected: 'an object',
      });
    }
    checkKnownKeys(`${OWNER} optimizer`, opt, OPTIMIZER_KEYS, 'option');
    if (opt.surrogate !== undefined) checkOneOf(OWNER, 'optimizer.surrogate', opt.surrogate, ['gp', 'tpe'] as const);
    if (opt.acqFunc !== undefined) checkOneOf(OWNER, 'optimizer.acqFunc', opt.acqFunc, ['EI', 'PI', 'LCB', 'gp_hedge'] as const);
    if (opt.nInitialPoints !== undefined) checkInteger(OWNER, 'optimizer.nInitialPoints', opt.nInitialPoints, { min: 0 });
    if (opt.initialPointGenerator !== undefined) checkOneOf(OWNER, 'optimizer.initialPointGenerator', opt.initialPointGenerator, ['random', 'sobol', 'lhs'] as const);
    if (opt.xi !== undefined) checkReal(OWNER, 'optimizer.xi', opt.xi, { min: 0 });
    if (opt.kappa !== undefined) checkReal(OWNER, 'optimizer.kappa', opt.kappa, { min: 0 });
    this.optimizerOptions = opt;
    this.searchSpaces = searchSpaces;
    this.subspaces = this.parseSpaces(searchSpaces);
  }

  private parseSpaces(spec: unknown): { space: Space; nIter: number }[] {
    if (!Array.isArray(spec)) return [{ space: new Space(spec as SpaceSpec, OWNER, 'skopt'), nIter: this.nIter }];
    if (spec.length === 0) {
      throw new InvalidParameterError(`The search spaces of ${OWNER} must hold at least one space. Got [] instead.`, {
        owner: OWNER, argument: 'searchSpaces', value: spec, expected: 'a non-empty array',
      });
    }
    return spec.map((entry: unknown, i) => {
      if (isPair(entry)) {
        const n = checkInteger(OWNER, `searchSpaces[${i}][1] (nIter)`, entry[1], { min: 1 }, 'argument');
        return { space: new Space(entry[0] as SpaceSpec, OWNER, 'skopt'), nIter: n };
      }
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new InvalidParameterError(
          `Each search space of ${OWNER} must be a record of dimensions or a [space, nIter] pair. Got ${formatValue(entry)} at position ${i} instead.`,
          { owner: OWNER, argument: 'searchSpaces', value: entry, expected: 'a record or a [record, nIter] pair' },
        );
      }
      return { space: new Space(entry as SpaceSpec, OWNER, 'skopt'), nIter: this.nIter };
    });
  }

  /** The total number of candidates the search will propose. */
  get totalIterations(): number {
    return this.subspaces.reduce((n, s) => n + s.nIter, 0);
  }

  protected describeSpace(): unknown {
    return this.searchSpaces;
  }

  protected override checkSamplerSetup(): void {
    this.checkNames();
  }

  protected createSampler(setup: SamplerSetup): Sampler {
    this.seed = seedFromRandomState(this.randomState) ?? setup.seed ?? freshSeed();
    const o = this.optimizerOptions;
    return new SubspaceSequence(
      this.subspaces.map(({ space, nIter }, k) => {
        const randomState = deriveSeed(this.seed as number, k);
        const sampler: Sampler =
          (o.surrogate ?? 'gp') === 'tpe'
            ? new SynchronousBatches(new TPESampler(space, { nIter, randomState, nStartupTrials: o.nInitialPoints }), this.nPoints)
            : new GPSampler(space, {
                nIter,
                randomState,
                batchSize: this.nPoints,
                synchronous: true,
                acqFunc: o.acqFunc,
                nInitialPoints: o.nInitialPoints,
                initialPointGenerator: o.initialPointGenerator,
                xi: o.xi,
                kappa: o.kappa,
              });
        return { sampler, nIter };
      }),
    );
  }

  /**
   * Unknown parameter names fail here, before any fit, with the valid names
   * listed; so do values the estimator refuses at the ends of each dimension
   * (its bounds, every category).
   */
  private checkNames(): void {
    const probe = clone(this.estimator);
    const valid = Object.keys(probe.getParams(true) as object);
    const rng = new Rng(0);
    for (const { space } of this.subspaces) {
      for (const name of space.names) {
        if (!valid.includes(name)) {
          throw new InvalidParameterError(`${OWNER}: ${unknownNameMessage(this.estimator.constructor.name, name, valid, 'parameter')}`, {
            owner: OWNER, argument: name, value: undefined, expected: `one of ${valid.join(', ')}`,
          });
        }
      }
      const base = space.sample(rng);
      const probes = [base];
      space.dimensions.forEach((d, i) => {
        const ends = d.kind === 'categorical' ? d.categories.slice(0, 20) : [d.low, d.high];
        for (const v of ends) probes.push(base.map((b, j) => (j === i ? v : b)));
      });
      for (const point of probes) clone(this.estimator).setParams(space.toParams(point) as Partial<ParamsOf<E>>);
    }
  }

  /**
   * One result per search space, in scikit-optimize's form: `xIters` (the
   * candidates' params), `funcVals` (the minimized value: −mean test score of the
   * refit metric, NaN for failures), and the best `x` and `fun`.
   */
  get optimizerResults(): OptimizeResult<ParamSet>[] {
    const trials = this.trials;
    return this.subspaces.map(({ space }, k) => {
      const mine = trials.filter((t) => t.meta.subspace === k);
      const funcVals = mine.map((t) => (t.state === 'complete' && Number.isFinite(t.values[0]) ? -(t.values[0] as number) : NaN));
      let best = -1;
      funcVals.forEach((v, i) => {
        if (Number.isFinite(v) && (best < 0 || v < (funcVals[best] as number))) best = i;
      });
      return {
        x: best < 0 ? undefined : (mine[best] as Trial).params,
        fun: best < 0 ? NaN : (funcVals[best] as number),
        xIters: mine.map((t) => t.params),
        funcVals,
        space,
        randomState: deriveSeed(this.seed ?? 0, k),
      };
    });
  }
}

// ----------------------------------------------------------------- callbacks

type StopperInput = CandidateEndInfo | Pick<OptimizeResult<unknown>, 'funcVals'>;

function isSearchInfo(v: StopperInput): v is CandidateEndInfo {
  return typeof v === 'object' && v !== null && 'meanScores' in v;
}

/**
 * Stops a search (or `gpMinimize`) when the time left is shorter than the
 * longest candidate so far (scikit-optimize's `DeadlineStopper`): the next one
 * would likely overrun `seconds`. The clock starts with the first candidate of
 * a search (or when the stopper is made, for `gpMinimize`).
 * @example
 * ```ts
 * new BayesSearchCV(est, space, { callbacks: [deadlineStopper(60)] });
 * ```
 */
export function deadlineStopper(seconds: number): (info: StopperInput) => boolean {
  checkReal('deadlineStopper', 'seconds', seconds, { min: 0, minInclusive: false }, 'argument');
  const budget = seconds * 1000;
  // search mode: trial timestamps (ms since the epoch); gpMinimize mode: a monotonic clock from creation
  let start = performance.now();
  let last = start;
  let longest = 0;
  return (info) => {
    if (isSearchInfo(info)) {
      const now = Date.now();
      const t = info.trial;
      if (info.candidate === 0) {
        start = t.startedAt;
        longest = 0;
      }
      longest = Math.max(longest, ('finishedAt' in t ? t.finishedAt : now) - t.startedAt);
      return budget - (now - start) <= longest;
    }
    const now = performance.now();
    if (info.funcVals.length <= 1) longest = 0;
    longest = Math.max(longest, now - last);
    last = now;
    return budget - (now - start) <= longest;
  };
}

/** Options of {@link deltaYStopper} (the function form; the class `DeltaYStopper` is scikit-optimize's). */
export interface DeltaYStopperFunctionOptions {
  /** How many of the best values must lie within `delta`. @default 5 */
  readonly nBest?: number | undefined;
  /** The metric watched in a multi-metric search. @default the first metric */
  readonly metric?: string | undefined;
}

/**
 * Stops when the `nBest` best values so far are within `delta` of each other
 * (scikit-optimize's `DeltaYStopper`): the search has stopped finding better
 * candidates. Works on mean test scores as a search callback and on `funcVals`
 * with `gpMinimize`.
 * @example
 * ```ts
 * new BayesSearchCV(est, space, { callbacks: [deltaYStopper(1e-3, { nBest: 5 })] });
 * ```
 */
export function deltaYStopper(delta: number, options: DeltaYStopperFunctionOptions = {}): (info: StopperInput) => boolean {
  checkReal('deltaYStopper', 'delta', delta, { min: 0 }, 'argument');
  const nBest = checkInteger('deltaYStopper', 'nBest', options.nBest ?? 5, { min: 1 });
  let values: number[] = [];
  return (info) => {
    if (isSearchInfo(info)) {
      if (info.candidate === 0) values = [];
      const metric = options.metric ?? Object.keys(info.meanScores)[0];
      const v = metric === undefined ? NaN : (info.meanScores[metric] ?? NaN);
      if (Number.isFinite(v)) values.push(-v);
    } else {
      values = info.funcVals.filter((v) => Number.isFinite(v));
    }
    if (values.length < nBest) return false;
    const sorted = [...values].sort((a, b) => a - b);
    return Math.abs((sorted[nBest - 1] as number) - (sorted[0] as number)) < delta;
  };
}
