/**
 * TPESampler: the tree-structured Parzen estimator (Bergstra, Bardenet, Bengio
 * & Kégl 2011) as Optuna 3.1 has it, with other defaults: multivariate and
 * grouped (Falkner et al. 2018; Optuna's `multivariate=True, group=True`),
 * narrower joint bandwidths (0.6 of Scott's rule), a larger good group
 * (γ = 15 % of the trials) and 5 random start-up trials. After the start-up
 * trials, the finished trials are split into the best γ(n) and the rest,
 * Parzen estimators l(x) and g(x) are fitted to each, and of
 * `nEiCandidates` draws from l the one with the largest l(x)/g(x) is
 * proposed. The defaults were chosen on the suite's five functions
 * (`benchmarks/tpe-quality.ts`) and checked on twelve held-out ones
 * (`benchmarks/README.md`); `optunaTPEDefaults` gives Optuna 3.1's.
 *
 * Two ways to use it:
 * - with a fixed space (`new TPESampler(space, options)`): it proposes whole
 *   parameter sets (`suggest`, or `ask`/`tell` on its own); a list of spaces
 *   is a conditional space, searched branch by branch;
 * - define-by-run (`new TPESampler(options)`, a `createStudy` study): the
 *   parameters the finished trials share are drawn jointly at a trial's start
 *   (by groups of parameters that always appear together), any other one on
 *   its own as the objective asks for it, from the trials that have it.
 */
import { InvalidParameterError } from '../../../core/errors.js';
import type { Rng } from '../../../core/rng.js';
import { freshSeed } from '../../../core/rng.js';
import { checkBoolean, checkInteger, checkRandomState, checkReal, formatValue } from '../../../core/validate.js';
import { warn } from '../../../core/warnings.js';
import type { DynamicSampler, DynamicSamplingContext } from '../../define-by-run/dynamic-sampler.js';
import { drawRng } from '../../define-by-run/dynamic-sampler.js';
import type { SearchSpaceRecord } from '../../define-by-run/search-spaces.js';
import { groupDecomposedSearchSpace, intersectionSearchSpace } from '../../define-by-run/search-spaces.js';
import type { Sampler, SamplerContext, Suggestion } from '../../sampler.js';
import type { Dimension, SpaceSpec } from '../../space/dimensions.js';
import { Categorical, isDimension } from '../../space/dimensions.js';
import { isSingleValued } from '../../space/dimension-json.js';
import { isDistribution } from '../../space/distributions.js';
import { Space } from '../../space/search-space.js';
import type { ParamSet } from '../../space/parameter-grid.js';
import type { Trial } from '../../trial.js';
import type { TpeObservation, TpeObservations } from './observations.js';
import { tpeObservations } from './observations.js';
import type { TpeSettings } from './tpe-proposal.js';
import { tpePropose } from './tpe-proposal.js';

/** Options of {@link TPESampler}. */
export interface TPESamplerOptions {
  /** Random trials before the estimators take over (counted on complete and pruned trials). @default 5 (Optuna: 10) */
  readonly nStartupTrials?: number | undefined;
  /** Values drawn from l(x); the best l/g ratio wins. @default 24 */
  readonly nEiCandidates?: number | undefined;
  /** How many of n finished trials form the "good" group. @default {@link defaultGamma}: n => min(ceil(0.15 n), 25) (Optuna: 0.1 n) */
  readonly gamma?: ((n: number) => number) | undefined;
  /** Weights of a group's n observations, oldest first. @default 1 for n < 25, else a ramp from 1/n up to 1 with the newest 25 at 1 */
  readonly weights?: ((n: number) => ArrayLike<number>) | undefined;
  /** Weight of the prior kernel. @default 1 */
  readonly priorWeight?: number | undefined;
  /** Lower-clip the bandwidths (Optuna's magic clip). @default true */
  readonly considerMagicClip?: boolean | undefined;
  /** Let boundary kernels use their gap to the bounds (univariate estimators). @default false */
  readonly considerEndpoints?: boolean | undefined;
  /**
   * Draw the parameters jointly, with one product kernel per observation, so
   * that their dependence is kept (Optuna's `multivariate=True`). `false` is
   * Optuna's default: each parameter on its own.
   * @default true (Optuna: false)
   */
  readonly multivariate?: boolean | undefined;
  /**
   * Define-by-run: draw jointly by groups of parameters that always appear
   * together (a conditional space's branches), rather than only the
   * parameters every trial has (Optuna's `group=True`). Needs `multivariate`.
   * @default true
   */
  readonly group?: boolean | undefined;
  /**
   * Score candidates with kernels of equal height: each truncated normal is
   * not divided by its bandwidth, as Optuna 3.1 scores them (its `log_pdf`
   * leaves the −log σ term out, optuna#5109). Measured on the suite's
   * functions this scores better than the normalized density at budgets of
   * 50 to 100 (`benchmarks/tpe-quality.ts`), so it is the default.
   * @default true
   */
  readonly equalHeightKernels?: boolean | undefined;
  /** Multiplies the multivariate bandwidths (Scott's rule, 0.2 · n^(−1/(d+4)) of each range). @default 0.6 (Optuna: 1) */
  readonly bandwidthFactor?: number | undefined;
  /** Count running trials as the worst results (parallel studies: concurrent trials spread out). @default false */
  readonly constantLiar?: boolean | undefined;
  /** Warn when a multivariate sampler draws a parameter on its own (define-by-run). @default true */
  readonly warnIndependentSampling?: boolean | undefined;
  /** The number of trials to propose; `suggest` stops after it. @default Infinity */
  readonly nIter?: number | undefined;
  /** Seed of every draw. @default undefined (fresh seed) */
  readonly randomState?: number | undefined;
}

const OPTION_KEYS: readonly string[] = [
  'nStartupTrials', 'nEiCandidates', 'gamma', 'weights', 'priorWeight', 'considerMagicClip', 'considerEndpoints',
  'multivariate', 'group', 'bandwidthFactor', 'equalHeightKernels', 'constantLiar', 'warnIndependentSampling', 'nIter', 'randomState',
];

/**
 * Optuna 3.1's default γ: 10 % of the trials, at most 25.
 * @example
 * ```ts
 * optunaGamma(50); // 5
 * optunaGamma(1000); // 25
 * ```
 */
export function optunaGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * The default γ: 15 % of the trials, at most 25.
 * @example
 * ```ts
 * defaultGamma(50); // 8
 * ```
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.15 * n), 25);
}

/**
 * Optuna 3.1's TPE defaults, to reproduce its sampler (with our generator).
 * @example
 * ```ts
 * new TPESampler({ ...optunaTPEDefaults, randomState: 0 });
 * ```
 */
export const optunaTPEDefaults: TPESamplerOptions = Object.freeze({
  nStartupTrials: 10,
  gamma: optunaGamma,
  multivariate: false,
  group: false,
  bandwidthFactor: 1,
  equalHeightKernels: true,
});

/**
 * Optuna's default weights: flat for n < 25, else older observations ramp down to 1/n.
 * @example
 * ```ts
 * defaultWeights(3); // [1, 1, 1]
 * ```
 */
export function defaultWeights(n: number): Float64Array {
  if (n < 25) return new Float64Array(n).fill(1);
  const ramp = n - 25;
  return Float64Array.from({ length: n }, (_, i) => (i < ramp ? (ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)) : 1));
}

/** A space given to the constructor: one space, or the branches of a conditional space. */
type TpeSpace = SpaceSpec | Space | readonly (SpaceSpec | Space)[];

function isBranchList(spec: unknown): spec is readonly (SpaceSpec | Space)[] {
  return (
    Array.isArray(spec) &&
    spec.length > 0 &&
    spec.every((s) => s instanceof Space || (typeof s === 'object' && s !== null && !Array.isArray(s) && !isDimension(s) && !isDistribution(s)))
  );
}

/** True when the constructor's first argument is options, not a space. */
function isOptions(arg: unknown): arg is TPESamplerOptions {
  if (arg === undefined) return true;
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || arg instanceof Space) return false;
  return Object.entries(arg).every(([k, v]) => OPTION_KEYS.includes(k) && !isDimension(v) && !Array.isArray(v) && !isDistribution(v));
}

const OWNER = 'TPESampler';
const BRANCH = '\u0000branch';

/**
 * The TPE sampler: for a define-by-run study, a study over a fixed space, or
 * on its own (`ask`/`tell`).
 * @example
 * ```ts
 * // define-by-run (Optuna's style)
 * const study = createStudy({ sampler: new TPESampler({ randomState: 0 }) });
 * // a fixed space, on its own
 * const tpe = new TPESampler({ x: new Real(-5, 5), kind: ['a', 'b'] }, { randomState: 0 });
 * for (let i = 0; i < 40; i++) {
 *   const p = tpe.ask();
 *   tpe.tell(p, ((p.x as number) - 1) ** 2 + (p.kind === 'a' ? 0 : 1));
 * }
 * ```
 */
export class TPESampler<S extends TpeSpace = SpaceSpec> implements Sampler, DynamicSampler {
  /** The branches of a fixed space (one unless a list of spaces was given); empty for a define-by-run sampler. */
  readonly branches: readonly Space[];
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  readonly multivariate: boolean;
  readonly group: boolean;
  readonly constantLiar: boolean;
  readonly randomState: number;
  private readonly settings: TpeSettings;
  private readonly warnIndependent: boolean;
  private readonly nIter: number;
  private readonly history: Trial[] = [];
  private asked = 0;
  private warned = false;

  constructor(options?: TPESamplerOptions);
  constructor(space: S, options?: TPESamplerOptions);
  constructor(spaceOrOptions?: S | TPESamplerOptions, maybeOptions: TPESamplerOptions = {}) {
    const dynamic = isOptions(spaceOrOptions);
    const options: TPESamplerOptions = dynamic ? ((spaceOrOptions as TPESamplerOptions | undefined) ?? {}) : maybeOptions;
    const space = dynamic ? undefined : (spaceOrOptions as TpeSpace);
    this.branches = space === undefined ? [] : isBranchList(space) ? space.map((s) => (s instanceof Space ? s : new Space(s, OWNER))) : [space instanceof Space ? space : new Space(space as SpaceSpec, OWNER)];
    this.nStartupTrials = checkInteger(OWNER, 'nStartupTrials', options.nStartupTrials ?? 5, { min: 0 });
    this.nEiCandidates = checkInteger(OWNER, 'nEiCandidates', options.nEiCandidates ?? 24, { min: 1 });
    this.multivariate = checkBoolean(OWNER, 'multivariate', options.multivariate ?? true);
    this.group = checkBoolean(OWNER, 'group', options.group ?? this.multivariate);
    if (this.group && !this.multivariate) throw new InvalidParameterError(`The "group" option of ${OWNER} needs multivariate: true. Got group true with multivariate false instead.`, { owner: OWNER, argument: 'group', value: true, expected: 'false without multivariate' });
    this.constantLiar = checkBoolean(OWNER, 'constantLiar', options.constantLiar ?? false);
    this.warnIndependent = checkBoolean(OWNER, 'warnIndependentSampling', options.warnIndependentSampling ?? true);
    this.randomState = checkRandomState(OWNER, options.randomState) ?? freshSeed();
    this.nIter = options.nIter === undefined ? Infinity : checkInteger(OWNER, 'nIter', options.nIter, { min: 1 });
    const priorWeight = options.priorWeight === undefined ? 1 : checkReal(OWNER, 'priorWeight', options.priorWeight, { min: 0, minInclusive: false });
    this.settings = {
      nEiCandidates: this.nEiCandidates,
      gamma: options.gamma ?? defaultGamma,
      weights: (n) => this.weightsFor(options.weights ?? defaultWeights, n),
      parzen: {
        priorWeight,
        magicClip: options.considerMagicClip ?? true,
        considerEndpoints: options.considerEndpoints ?? false,
        equalHeightKernels: checkBoolean(OWNER, 'equalHeightKernels', options.equalHeightKernels ?? true),
        bandwidthFactor: options.bandwidthFactor === undefined ? 0.6 : checkReal(OWNER, 'bandwidthFactor', options.bandwidthFactor, { min: 0, minInclusive: false }),
      },
    };
  }

  get plannedTrials(): number | undefined {
    return Number.isFinite(this.nIter) ? this.nIter : undefined;
  }

  /** True for a define-by-run sampler (built without a space). */
  get defineByRun(): boolean {
    return this.branches.length === 0;
  }

  /**
   * Proposes the next trial of a study: a whole parameter set for a fixed
   * space (NaN and failed trials are ignored; pruned ones rank by how far they
   * got), empty parameters for a define-by-run sampler (the objective asks).
   */
  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    if (trials.length >= this.nIter) return { kind: 'stop' };
    if (this.defineByRun) return { kind: 'run', params: {} };
    const observations = tpeObservations(trials, context.direction, this.constantLiar);
    const { params, branch } = this.propose(observations, (name) => drawRng(this.randomState, trials.length, name));
    return { kind: 'run', params, meta: this.branches.length > 1 ? { branch } : undefined };
  }

  /** The next point to evaluate (standalone use, a fixed space): a record, or an array for an array space. */
  ask(): S extends readonly unknown[] ? (S extends readonly (SpaceSpec | Space)[] ? ParamSet : unknown[]) : ParamSet {
    this.requireSpace('ask');
    const observations = tpeObservations(this.history, 'minimize', false);
    const step = this.asked++;
    const { params } = this.propose(observations, (name) => drawRng(this.randomState, this.history.length, `${step}:${name}`));
    const space = this.branches[0] as Space;
    return (this.branches.length === 1 && !space.named ? space.fromParams(params) : params) as never;
  }

  /** Records the value (minimized) of an asked point; a non-finite value records a failure, which TPE ignores. */
  tell(point: ParamSet | readonly unknown[], value: number | null | undefined): void {
    this.requireSpace('tell');
    const space = this.branches[0] as Space;
    const params = Array.isArray(point) ? space.toParams(point) : (point as ParamSet);
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const id = this.history.length;
    this.history.push({ id, state: 'complete', params, values: [value], budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0, finishedAt: 0 });
  }

  /** The parameters drawn jointly at a trial's start: every group of the finished trials' parameters (multivariate only). */
  inferRelativeSearchSpace(trials: readonly Trial[]): SearchSpaceRecord {
    if (!this.multivariate) return {};
    const groups = this.group ? groupDecomposedSearchSpace(trials, { includePruned: true }) : [intersectionSearchSpace(trials, { includePruned: true })];
    const out: Record<string, Dimension> = {};
    for (const g of groups) for (const [name, d] of Object.entries(g)) if (!isSingleValued(d)) out[name] = d;
    return out;
  }

  /** Draws the relative search space, group by group (nothing before `nStartupTrials`: those are drawn at random). */
  sampleRelative(trials: readonly Trial[], space: SearchSpaceRecord, context: DynamicSamplingContext): ParamSet {
    const observations = tpeObservations(trials, context.direction, this.constantLiar);
    if (observations.nFinished < this.nStartupTrials) return {};
    const groups = this.group ? groupDecomposedSearchSpace(trials, { includePruned: true }) : [space];
    const out: Record<string, unknown> = {};
    for (const g of groups) {
      const dims = Object.entries(g).filter(([name, d]) => space[name] !== undefined && !isSingleValued(d));
      if (dims.length === 0) continue;
      Object.assign(out, tpePropose(observations, dims, this.settings, true, () => drawRng(this.randomState, context.trial.id, undefined)));
    }
    return out;
  }

  /** Draws one parameter on its own: at random before `nStartupTrials`, then univariate TPE over the trials that have it. */
  sampleIndependent(trials: readonly Trial[], name: string, dimension: Dimension, context: DynamicSamplingContext): unknown {
    const observations = tpeObservations(trials, context.direction, this.constantLiar);
    const rng = drawRng(this.randomState, context.trial.id, name);
    if (this.multivariate && this.warnIndependent && !this.warned && observations.nFinished >= Math.max(this.nStartupTrials, 1) && observations.all.some((o) => name in o.params)) {
      this.warned = true;
      warn(`${OWNER}: parameter "${name}" of trial ${context.trial.id} is drawn on its own, not jointly with the others (its range changed, or it is new); pass warnIndependentSampling: false if that is intended.`, 'UserWarning');
    }
    if (observations.nFinished < this.nStartupTrials) return dimension.sample(rng);
    return tpePropose(observations, [[name, dimension]], this.settings, false, () => rng)[name];
  }

  private requireSpace(method: string): void {
    if (!this.defineByRun) return;
    throw new InvalidParameterError(`${OWNER}.${method} needs a sampler built with a space (new TPESampler(space, options)); this one is define-by-run.`, {
      owner: OWNER, argument: 'space', value: undefined, expected: 'a space',
    });
  }

  /** A fixed-space proposal: the branch first (as a category), then its parameters. */
  private propose(observations: TpeObservations, rngFor: (name: string) => Rng): { params: ParamSet; branch: number } {
    let branch = 0;
    if (observations.nFinished < this.nStartupTrials) {
      const rng = rngFor('');
      branch = rng.integer(0, this.branches.length);
      const space = this.branches[branch] as Space;
      return { params: space.toParams(space.sample(rng)), branch };
    }
    if (this.branches.length > 1) {
      const tagged = observations.all.map((o): TpeObservation => ({ ...o, params: { ...o.params, [BRANCH]: this.branchOf(o.params) } }));
      const dim = new Categorical(this.branches.map((_, i) => i));
      branch = tpePropose({ all: tagged, nFinished: observations.nFinished }, [[BRANCH, dim]], this.settings, false, rngFor)[BRANCH] as number;
    }
    const space = this.branches[branch] as Space;
    const dims = space.names.map((n, i) => [n, space.dimensions[i] as Dimension] as const);
    const values = tpePropose(observations, dims, this.settings, this.multivariate, rngFor);
    return { params: space.toParams(space.names.map((n) => values[n])), branch };
  }

  private branchOf(params: ParamSet): number {
    const keys = Object.keys(params);
    const i = this.branches.findIndex((b) => b.names.length === keys.length && b.names.every((n) => n in params));
    return Math.max(0, i);
  }

  private weightsFor(fn: (n: number) => ArrayLike<number>, n: number): ArrayLike<number> {
    const w = fn(n);
    if (w.length !== n) {
      throw new InvalidParameterError(`The "weights" option of ${OWNER} must return ${n} weights for n=${n}. Got ${formatValue(Array.from(w))} instead.`, {
        owner: OWNER, argument: 'weights', value: w, expected: `${n} weights`,
      });
    }
    return w;
  }
}
