/**
 * TPESampler: the tree-structured Parzen estimator (Bergstra, Bardenet, Bengio
 * & Kégl 2011), with Optuna's defaults. After `nStartupTrials` random trials,
 * the finished trials are split into the best γ(n) and the rest; for each
 * parameter, `nEiCandidates` values are drawn from the Parzen estimator l(x) of
 * the best and the one maximizing l(x) / g(x) is kept. Parameters are sampled
 * independently, each from the trials that have it, so conditional spaces (a
 * list of branches, or define-by-run through {@link TPESampler.sampleIndependent})
 * and many dimensions cost little: O(n log n) per parameter.
 */
import { InvalidParameterError } from '../../../core/errors.js';
import { Rng, deriveSeed, freshSeed } from '../../../core/rng.js';
import { checkInteger, checkRandomState, checkReal, formatValue } from '../../../core/validate.js';
import type { Sampler, SamplerContext, Suggestion } from '../../sampler.js';
import type { Dimension, SpaceSpec } from '../../space/dimensions.js';
import { isDimension } from '../../space/dimensions.js';
import { Space } from '../../space/search-space.js';
import type { ParamSet } from '../../space/parameter-grid.js';
import type { Direction, Trial } from '../../trial.js';
import { isUnfinished } from '../../trial.js';
import { CategoricalParzen, NumericParzen } from './parzen-estimator.js';

/** Options of {@link TPESampler}. */
export interface TPESamplerOptions {
  /** Random trials before the estimators take over (counted on finished trials with a value). @default 10 */
  readonly nStartupTrials?: number | undefined;
  /** Values drawn from l(x) per parameter; the best l/g ratio wins. @default 24 */
  readonly nEiCandidates?: number | undefined;
  /** How many of n finished trials form the "good" group. @default n => min(ceil(0.1 n), 25) */
  readonly gamma?: ((n: number) => number) | undefined;
  /** Weights of a group's n observations, oldest first. @default 1 for n < 25, else a ramp from 1/n up to 1 with the newest 25 at 1 */
  readonly weights?: ((n: number) => ArrayLike<number>) | undefined;
  /** Weight of the prior kernel. @default 1 */
  readonly priorWeight?: number | undefined;
  /** Lower-clip the bandwidths (Optuna's magic clip). @default true */
  readonly considerMagicClip?: boolean | undefined;
  /** Let boundary kernels use their gap to the bounds. @default false */
  readonly considerEndpoints?: boolean | undefined;
  /** Count running trials as the worst values (for parallel studies). @default false */
  readonly constantLiar?: boolean | undefined;
  /** The number of trials to propose; `suggest` stops after it. @default Infinity */
  readonly nIter?: number | undefined;
  /** Seed of every draw. @default undefined (fresh seed) */
  readonly randomState?: number | undefined;
}

/**
 * Optuna's default γ.
 * @example
 * ```ts
 * defaultGamma(50); // 5
 * defaultGamma(1000); // 25
 * ```
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

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

/** One finished evaluation: its params, loss (smaller is better) and branch. */
interface Observation {
  readonly params: ParamSet;
  readonly loss: number;
  readonly branch: number;
}

/** The internal scale of a numeric dimension. */
function scale(dim: Exclude<Dimension, { kind: 'categorical' }>): { low: number; high: number; step: number | undefined; log: boolean } {
  const log = dim.prior === 'log-uniform';
  if (dim.kind === 'integer') {
    return log
      ? { low: Math.log(Math.max(dim.low - 0.5, 1e-12)), high: Math.log(dim.high + 0.5), step: undefined, log }
      : { low: dim.low - 0.5, high: dim.high + 0.5, step: 1, log };
  }
  return log ? { low: Math.log(dim.low), high: Math.log(dim.high), step: undefined, log } : { low: dim.low, high: dim.high, step: dim.step, log };
}

function isBranchList(spec: unknown): spec is readonly (SpaceSpec | Space)[] {
  return (
    Array.isArray(spec) &&
    spec.length > 0 &&
    spec.every((s) => s instanceof Space || (typeof s === 'object' && s !== null && !Array.isArray(s) && !isDimension(s) && typeof (s as { sample?: unknown }).sample !== 'function'))
  );
}

const OWNER = 'TPESampler';

/**
 * The TPE sampler, usable by a {@link Study} (`suggest`) or on its own (`ask`/`tell`).
 * @example
 * ```ts
 * const tpe = new TPESampler({ x: new Real(-5, 5), kind: ['a', 'b'] }, { randomState: 0 });
 * for (let i = 0; i < 40; i++) {
 *   const p = tpe.ask();
 *   tpe.tell(p, ((p.x as number) - 1) ** 2 + (p.kind === 'a' ? 0 : 1));
 * }
 * ```
 */
export class TPESampler<S extends SpaceSpec | Space | readonly (SpaceSpec | Space)[] = SpaceSpec> implements Sampler {
  /** The branches of the space (one unless a list of spaces was given). */
  readonly branches: readonly Space[];
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  readonly randomState: number;
  private readonly options: TPESamplerOptions;
  private readonly nIter: number;
  private readonly history: Observation[] = [];
  private asked = 0;

  constructor(space: S, options: TPESamplerOptions = {}) {
    this.branches = isBranchList(space) ? space.map((s) => (s instanceof Space ? s : new Space(s, OWNER))) : [space instanceof Space ? space : new Space(space as SpaceSpec, OWNER)];
    this.options = options;
    this.nStartupTrials = checkInteger(OWNER, 'nStartupTrials', options.nStartupTrials ?? 10, { min: 0 });
    this.nEiCandidates = checkInteger(OWNER, 'nEiCandidates', options.nEiCandidates ?? 24, { min: 1 });
    this.randomState = checkRandomState(OWNER, options.randomState) ?? freshSeed();
    this.nIter = options.nIter === undefined ? Infinity : checkInteger(OWNER, 'nIter', options.nIter, { min: 1 });
    if (options.priorWeight !== undefined) checkReal(OWNER, 'priorWeight', options.priorWeight, { min: 0, minInclusive: false });
  }

  get plannedTrials(): number | undefined {
    return Number.isFinite(this.nIter) ? this.nIter : undefined;
  }

  /** Proposes the next trial of a study from its trials (NaN, failed and pruned trials are ignored). */
  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    if (trials.length >= this.nIter) return { kind: 'stop' };
    const observations: Observation[] = [];
    const sign = context.direction === 'maximize' ? -1 : 1;
    let running = 0;
    for (const t of trials) {
      if (isUnfinished(t)) running++;
      if (t.state !== 'complete' || !Number.isFinite(t.values[0])) continue;
      observations.push({ params: t.params, loss: sign * (t.values[0] as number), branch: this.branchOf(t.params, t.meta.branch) });
    }
    if (this.options.constantLiar && running > 0 && observations.length > 0) {
      const worst = Math.max(...observations.map((o) => o.loss));
      for (const t of trials) if (isUnfinished(t)) observations.push({ params: t.params, loss: worst, branch: this.branchOf(t.params, t.meta.branch) });
    }
    const { params, branch } = this.propose(observations, new Rng(deriveSeed(this.randomState, trials.length)));
    return { kind: 'run', params, meta: this.branches.length > 1 ? { branch } : undefined };
  }

  /** The next point to evaluate (standalone use): a record, or an array for an array space. */
  ask(): S extends readonly unknown[] ? (S extends readonly (SpaceSpec | Space)[] ? ParamSet : unknown[]) : ParamSet {
    const { params } = this.propose(this.history, new Rng(deriveSeed(this.randomState, this.history.length, this.asked++)));
    const space = this.branches[0] as Space;
    return (this.branches.length === 1 && !space.named ? space.fromParams(params) : params) as never;
  }

  /** Records the value (minimized) of an asked point; a non-finite value records a failure, which TPE ignores. */
  tell(point: ParamSet | readonly unknown[], value: number | null | undefined): void {
    const space = this.branches[0] as Space;
    const params = Array.isArray(point) ? space.toParams(point) : (point as ParamSet);
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    this.history.push({ params, loss: value, branch: this.branchOf(params, undefined) });
  }

  /**
   * Samples one parameter from the trials that have it (define-by-run): the
   * building block a tuner calls as it discovers parameters.
   */
  sampleIndependent(name: string, dimension: Dimension, trials: readonly Trial[], direction: Direction, rng: Rng): unknown {
    const sign = direction === 'maximize' ? -1 : 1;
    const obs: Observation[] = [];
    for (const t of trials) {
      if (t.state === 'complete' && Number.isFinite(t.values[0])) obs.push({ params: t.params, loss: sign * (t.values[0] as number), branch: 0 });
    }
    if (obs.length < this.nStartupTrials) return dimension.sample(rng);
    return this.sampleParam(name, dimension, obs, rng);
  }

  private branchOf(params: ParamSet, meta: unknown): number {
    if (typeof meta === 'number' && meta >= 0 && meta < this.branches.length) return meta;
    const keys = Object.keys(params);
    const i = this.branches.findIndex((b) => b.names.length === keys.length && b.names.every((n) => n in params));
    return Math.max(0, i);
  }

  private propose(observations: readonly Observation[], rng: Rng): { params: ParamSet; branch: number } {
    let branch = 0;
    if (observations.length < this.nStartupTrials) {
      branch = rng.integer(0, this.branches.length);
      const space = this.branches[branch] as Space;
      return { params: space.toParams(space.sample(rng)), branch };
    }
    if (this.branches.length > 1) {
      const dim = { kind: 'categorical' as const, size: this.branches.length };
      branch = this.sampleCategoricalIndex(observations.map((o) => o.branch), observations.map((o) => o.loss), dim.size, rng);
    }
    const space = this.branches[branch] as Space;
    const values = space.dimensions.map((d, i) => this.sampleParam(space.names[i] as string, d, observations, new Rng(deriveSeed(rng.uint32(), i))));
    return { params: space.toParams(values), branch };
  }

  /** The below/above split: indices of the best γ(n) observations and of the rest, each in time order. */
  private split(losses: readonly number[]): { below: number[]; above: number[] } {
    const n = losses.length;
    const nBelow = Math.max(0, Math.min(n, Math.round((this.options.gamma ?? defaultGamma)(n))));
    const order = Array.from(losses.keys()).sort((a, b) => (losses[a] as number) - (losses[b] as number) || a - b);
    const below = order.slice(0, nBelow).sort((a, b) => a - b);
    const above = order.slice(nBelow).sort((a, b) => a - b);
    return { below, above };
  }

  private weightsFor(n: number): ArrayLike<number> {
    const w = (this.options.weights ?? defaultWeights)(n);
    if (w.length !== n) {
      throw new InvalidParameterError(`The "weights" option of ${OWNER} must return ${n} weights for n=${n}. Got ${formatValue(Array.from(w))} instead.`, {
        owner: OWNER, argument: 'weights', value: w, expected: `${n} weights`,
      });
    }
    return w;
  }

  private sampleCategoricalIndex(indices: readonly number[], losses: readonly number[], size: number, rng: Rng): number {
    const { below, above } = this.split(losses);
    const parzen = (idx: number[]) =>
      new CategoricalParzen(idx.map((i) => indices[i] as number), this.weightsFor(idx.length), size, { priorWeight: this.options.priorWeight });
    const l = parzen(below);
    const g = parzen(above);
    let best = 0;
    let bestScore = -Infinity;
    for (const c of l.sample(rng, this.nEiCandidates)) {
      const s = l.logPmf(c) - g.logPmf(c);
      if (s > bestScore) [best, bestScore] = [c, s];
    }
    return best;
  }

  private sampleParam(name: string, dim: Dimension, observations: readonly Observation[], rng: Rng): unknown {
    const have = observations.filter((o) => name in o.params && dim.contains(o.params[name]));
    const losses = have.map((o) => o.loss);
    if (dim.kind === 'categorical') {
      return dim.categories[this.sampleCategoricalIndex(have.map((o) => dim.indexOf(o.params[name])), losses, dim.size, rng)];
    }
    const sc = scale(dim);
    const internal = have.map((o) => (sc.log ? Math.log(o.params[name] as number) : (o.params[name] as number)));
    const { below, above } = this.split(losses);
    const opts = {
      priorWeight: this.options.priorWeight,
      magicClip: this.options.considerMagicClip,
      considerEndpoints: this.options.considerEndpoints,
    };
    const parzen = (idx: number[]) => new NumericParzen(idx.map((i) => internal[i] as number), this.weightsFor(idx.length), sc.low, sc.high, sc.step, opts);
    const l = parzen(below);
    const g = parzen(above);
    const toValue = (x: number): number => {
      let v = sc.log ? Math.exp(x) : x;
      if (dim.kind === 'integer') v = Math.round(v);
      else if (dim.step !== undefined) v = dim.low + Math.round((v - dim.low) / dim.step) * dim.step;
      return Math.min(dim.high, Math.max(dim.low, v));
    };
    let best = NaN;
    let bestScore = -Infinity;
    for (const x of l.sample(rng, this.nEiCandidates)) {
      const v = toValue(x);
      const xi = sc.log ? Math.log(v) : v;
      const s = l.logPdf(xi) - g.logPdf(xi);
      if (s > bestScore || Number.isNaN(best)) [best, bestScore] = [v, s];
    }
    return best;
  }
}
