/**
 * The ask/tell Bayesian optimizer (scikit-optimize's `Optimizer`): an initial
 * design, then a Gaussian-process surrogate and an acquisition function propose
 * each point. Minimizes; failed evaluations are told as failures.
 */
import { InvalidParameterError } from '../../../core/errors.js';
import { Rng, deriveSeed, freshSeed } from '../../../core/rng.js';
import { checkInteger, checkOneOf, checkParam, checkRandomState, checkReal, formatValue, oneOf, realIn } from '../../../core/validate.js';
import { warn } from '../../../core/warnings.js';
import type { SpaceSpec } from '../../space/dimensions.js';
import { Space } from '../../space/search-space.js';
import type { ParamSet } from '../../space/parameter-grid.js';
import type { AcquisitionFunction, AcquisitionKind } from './acquisition.js';
import { GpHedge } from './acquisition.js';
import type { AcquisitionSearchOptions, Proposal } from './acquisition-search.js';
import { maximizeAcquisition, pointKey } from './acquisition-search.js';

export type { AcquisitionSearchOptions } from './acquisition-search.js';
import type { HyperparameterPriors } from './gaussian-process.js';
import { GaussianProcess } from './gaussian-process.js';
import { latinHypercube } from './lhs.js';
import { SOBOL_MAX_DIM, Sobol } from './sobol.js';
import type { Warping } from './warping.js';
import { powerTransform } from './warping.js';

/** A point: an array of values (array spaces) or a parameter record (record spaces). */
export type Point = readonly unknown[] | ParamSet;

/** The point type of a space spec. */
export type PointOf<S> = S extends readonly unknown[] ? unknown[] : S extends Space ? Point : ParamSet;

/** How the first points are chosen. */
export type InitialPointGenerator = 'random' | 'sobol' | 'lhs';

/** Options of {@link Optimizer}. */
export interface OptimizerOptions {
  /** The acquisition function, or `gp_hedge` (a portfolio of EI, PI and LCB). @default 'EI' */
  readonly acqFunc?: AcquisitionFunction | undefined;
  /** Points from the initial design before the model proposes. @default 10 */
  readonly nInitialPoints?: number | undefined;
  /** The initial design. @default 'random' */
  readonly initialPointGenerator?: InitialPointGenerator | undefined;
  /** Seed of every random choice. @default undefined (fresh seed) */
  readonly randomState?: number | undefined;
  /** EI/PI improvement margin, in standardized (warped) model units. @default 0 */
  readonly xi?: number | undefined;
  /** LCB exploration weight. @default 1.96 */
  readonly kappa?: number | undefined;
  /** Value told for pending points in batch asks: the best, mean or worst observed (constant liar). @default 'min' */
  readonly liar?: 'min' | 'mean' | 'max' | undefined;
  /**
   * The smallest distance between a proposal and a pending point (an earlier
   * point of the same batch, a running trial), in unit coordinates (a
   * different category counts 1): the constant liar alone lets a batch
   * propose near-duplicates. @default 0.02
   */
  readonly minPendingDistance?: number | undefined;
  /**
   * The noise of the evaluations (scikit-optimize's `noise`): `'gaussian'`
   * fits its variance with the other hyperparameters; a number fixes it, as
   * a variance of the standardized (warped) targets, e.g. `1e-10` for an
   * exact function.
   * @default 'gaussian'
   */
  readonly noise?: 'gaussian' | number | undefined;
  /** Warn (once) when every point of a finite space has been evaluated and a point is proposed again. @default true */
  readonly warnOnRepeat?: boolean | undefined;
  /** Warp targets with a fitted power transform before the GP sees them (monotone, so the minimum is kept). @default true */
  readonly warpTargets?: boolean | undefined;
  /** Random restarts of each full hyperparameter fit. @default 2 */
  readonly nRestarts?: number | undefined;
  /** Log-normal priors on the GP hyperparameters (standardized targets, unit-cube inputs). @default {@link DEFAULT_PRIORS} */
  readonly priors?: HyperparameterPriors | undefined;
  /** Tuning of the acquisition maximization. */
  readonly acqOptimizer?: AcquisitionSearchOptions | undefined;
}

/** The state of an optimization (scikit-optimize's `OptimizeResult`). */
export interface OptimizeResult<P = Point> {
  /** The best point (undefined while no evaluation succeeded). */
  readonly x: P | undefined;
  /** Its value (NaN while no evaluation succeeded). */
  readonly fun: number;
  /** Every told point, in order. */
  readonly xIters: readonly P[];
  /** Every told value, in order (NaN for failures). */
  readonly funcVals: readonly number[];
  readonly space: Space;
  /** The optimizer's seed. */
  readonly randomState: number;
}

interface Observation {
  readonly values: readonly unknown[];
  readonly unit: Float64Array;
  readonly key: string;
  readonly y: number;
}

const OWNER = 'Optimizer';

/** The default {@link OptimizerOptions.minPendingDistance}. */
export const DEFAULT_MIN_PENDING_DISTANCE = 0.02;

/** The optimizer's default hyperparameter priors. */
export const DEFAULT_PRIORS: HyperparameterPriors = Object.freeze({
  lengthScale: { median: 0.5, logStd: 1.5 },
  amplitude: { median: 1, logStd: 1 },
});

/**
 * Bayesian optimization with ask and tell.
 *
 * @example
 * ```ts
 * const opt = new Optimizer([new Real(-5, 10), new Real(0, 15)], { randomState: 0 });
 * for (let i = 0; i < 30; i++) {
 *   const x = opt.ask();
 *   opt.tell(x, branin(x[0] as number, x[1] as number));
 * }
 * opt.result.fun; // close to 0.398
 * ```
 */
export class Optimizer<S extends SpaceSpec | Space = SpaceSpec> {
  readonly space: Space;
  readonly acqFunc: AcquisitionFunction;
  readonly nInitialPoints: number;
  readonly initialPointGenerator: InitialPointGenerator;
  readonly randomState: number;
  private readonly options: OptimizerOptions;
  private readonly observations: Observation[] = [];
  private pending = new Map<string, Float64Array>();
  private initialDesign: Float64Array[] | undefined;
  private gp: GaussianProcess | undefined;
  private fittedOn = -1;
  private lastFullFit = 0;
  private lastFit = 0;
  private theta: Float64Array | undefined;
  private warp: Warping | undefined;
  private readonly hedge = new GpHedge();
  private hedgeProposals: Float64Array[] | undefined;
  private warnedRepeat = false;

  constructor(space: S, options: OptimizerOptions = {}) {
    this.space = space instanceof Space ? space : new Space(space, OWNER, 'skopt');
    this.options = options;
    this.acqFunc = checkOneOf(OWNER, 'acqFunc', options.acqFunc ?? 'EI', ['EI', 'PI', 'LCB', 'gp_hedge'] as const);
    this.nInitialPoints = checkInteger(OWNER, 'nInitialPoints', options.nInitialPoints ?? 10, { min: 0 });
    this.initialPointGenerator = checkOneOf(OWNER, 'initialPointGenerator', options.initialPointGenerator ?? 'random', ['random', 'sobol', 'lhs'] as const);
    this.randomState = checkRandomState(OWNER, options.randomState) ?? freshSeed();
    if (options.xi !== undefined) checkReal(OWNER, 'xi', options.xi, { min: 0 });
    if (options.kappa !== undefined) checkReal(OWNER, 'kappa', options.kappa, { min: 0 });
    if (options.liar !== undefined) checkOneOf(OWNER, 'liar', options.liar, ['min', 'mean', 'max'] as const);
    if (options.nRestarts !== undefined) checkInteger(OWNER, 'nRestarts', options.nRestarts, { min: 0 });
    if (options.minPendingDistance !== undefined) checkReal(OWNER, 'minPendingDistance', options.minPendingDistance, { min: 0 });
    if (options.noise !== undefined && options.noise !== 'gaussian') checkParam(OWNER, 'noise', options.noise, [oneOf(['gaussian']), realIn({ min: 0, minInclusive: false })], { kind: 'option' });
  }

  /** The number of told evaluations (failures included). */
  get nTold(): number {
    return this.observations.length;
  }

  /** The points asked and not told yet. */
  get nPending(): number {
    return this.pending.size;
  }

  /**
   * Proposes the next point, or `n` points for parallel evaluation (each
   * proposed as if the earlier ones had returned the liar value). Asked points
   * stay pending until told, so two asks never propose the same point.
   */
  ask(): PointOf<S>;
  ask(n: number): PointOf<S>[];
  ask(n?: number): PointOf<S> | PointOf<S>[] {
    if (n === undefined) return this.askOne();
    checkInteger(`${OWNER}.ask`, 'n', n, { min: 1 }, 'argument');
    return Array.from({ length: n }, () => this.askOne());
  }

  /**
   * Records the value of a point (or of several). A non-finite value, `null`
   * or `undefined` records a failed evaluation: the model steers away from it
   * (it is imputed with the worst value seen) and it never becomes the best.
   */
  tell(x: PointOf<S>, y: number | null | undefined): OptimizeResult<PointOf<S>>;
  tell(x: readonly PointOf<S>[], y: readonly (number | null | undefined)[]): OptimizeResult<PointOf<S>>;
  tell(x: PointOf<S> | readonly PointOf<S>[], y: number | null | undefined | readonly (number | null | undefined)[]): OptimizeResult<PointOf<S>> {
    if (Array.isArray(y)) {
      const xs = x as readonly PointOf<S>[];
      if (!Array.isArray(xs) || xs.length !== y.length) {
        throw new InvalidParameterError(`${OWNER}.tell needs as many points as values. Got ${formatValue(x)} for ${y.length} values.`, {
          owner: `${OWNER}.tell`,
          argument: 'x',
          value: x,
          expected: `${y.length} points`,
        });
      }
      xs.forEach((p, i) => this.tellOne(p, y[i]));
    } else {
      this.tellOne(x as PointOf<S>, y as number | null | undefined);
    }
    return this.result;
  }

  /** Replaces the pending points (evaluations running elsewhere, e.g. a study's running trials). */
  setPending(points: readonly PointOf<S>[]): void {
    this.pending = new Map(points.map((p) => {
      const u = this.space.snapUnit(this.space.toUnit(this.toValues(p)));
      return [pointKey(u), u] as const;
    }));
  }

  /** The evaluations so far and the best of them. */
  get result(): OptimizeResult<PointOf<S>> {
    let best: Observation | undefined;
    for (const o of this.observations) if (Number.isFinite(o.y) && (best === undefined || o.y < best.y)) best = o;
    return {
      x: best === undefined ? undefined : this.fromValues(best.values),
      fun: best?.y ?? NaN,
      xIters: this.observations.map((o) => this.fromValues(o.values)),
      funcVals: this.observations.map((o) => o.y),
      space: this.space,
      randomState: this.randomState,
    };
  }

  /** The last fitted surrogate (undefined before the first model-based ask). */
  get model(): GaussianProcess | undefined {
    return this.gp;
  }

  /**
   * The surrogate's mean at points, in the objective's units (the GP is fitted
   * on the evaluations told so far first, if it is not yet).
   * @throws {InvalidParameterError} before any successful evaluation was told.
   * @example
   * ```ts
   * opt.predict([[0.5], [1.5]]); // Float64Array of two predicted values
   * ```
   */
  predict(points: readonly PointOf<S>[]): Float64Array {
    if (!this.observations.some((o) => Number.isFinite(o.y))) {
      throw new InvalidParameterError(`${OWNER}.predict needs a model: tell at least one successful evaluation first.`, { owner: OWNER, argument: 'points', value: points, expected: 'a fitted model' });
    }
    const { gp } = this.fitModel();
    const p = this.space.featureSize;
    const Z = new Float64Array(points.length * p);
    points.forEach((x, i) => this.space.features(this.space.toUnit(this.toValues(x)), Z, i * p));
    const mean = gp.predictNormalized(Z, points.length).mean;
    const { mean: m, std: s } = gp.targetScale;
    return Float64Array.from(mean, (v) => {
      const warped = v * s + m;
      return this.warp === undefined ? warped : this.warp.inverse(warped);
    });
  }

  private toValues(p: Point): readonly unknown[] {
    if (this.space.named) {
      if (Array.isArray(p) || typeof p !== 'object' || p === null) {
        throw new InvalidParameterError(`${OWNER}: a point of a named space must be a parameter record. Got ${formatValue(p)} instead.`, {
          owner: OWNER, argument: 'x', value: p, expected: 'a parameter record',
        });
      }
      return this.space.fromParams(p as ParamSet);
    }
    if (!Array.isArray(p) || p.length !== this.space.nDims) {
      throw new InvalidParameterError(`${OWNER}: a point must be an array of ${this.space.nDims} values. Got ${formatValue(p)} instead.`, {
        owner: OWNER, argument: 'x', value: p, expected: `an array of ${this.space.nDims} values`,
      });
    }
    return p as readonly unknown[];
  }

  private fromValues(values: readonly unknown[]): PointOf<S> {
    return (this.space.named ? this.space.toParams(values) : [...values]) as PointOf<S>;
  }

  private tellOne(x: PointOf<S>, y: number | null | undefined): void {
    const values = this.toValues(x);
    if (!this.space.contains(values)) {
      throw new InvalidParameterError(`${OWNER}.tell: the point ${formatValue(x)} is outside the space ${String(this.space)}.`, {
        owner: `${OWNER}.tell`, argument: 'x', value: x, expected: 'a point of the space',
      });
    }
    const unit = this.space.toUnit(values);
    const key = pointKey(this.space.snapUnit(unit.slice()));
    this.pending.delete(key);
    this.observations.push({ values: [...values], unit, key, y: typeof y === 'number' && Number.isFinite(y) ? y : NaN });
  }

  private askOne(): PointOf<S> {
    const used = this.observations.length + this.pending.size;
    const rng = new Rng(deriveSeed(this.randomState, this.observations.length, this.pending.size));
    const successes = this.observations.filter((o) => Number.isFinite(o.y));
    let unit: Float64Array;
    if (used < this.nInitialPoints || successes.length === 0) {
      unit = used < this.nInitialPoints ? (this.design()[used] as Float64Array).slice() : this.randomUnvisited(rng);
      this.space.snapUnit(unit);
    } else {
      unit = this.propose(rng);
    }
    const values = this.space.fromUnit(unit);
    const snapped = this.space.snapUnit(this.space.toUnit(values));
    const key = pointKey(snapped);
    if (!this.warnedRepeat && this.options.warnOnRepeat !== false && this.observations.some((o) => o.key === key)) {
      this.warnedRepeat = true;
      warn(`${OWNER}: every candidate point has been evaluated before; proposing ${formatValue(values)} again (the space is finite and exhausted).`, 'UserWarning');
    }
    this.pending.set(key, snapped);
    return this.fromValues(values);
  }

  private design(): Float64Array[] {
    if (this.initialDesign !== undefined) return this.initialDesign;
    const n = this.nInitialPoints;
    const d = this.space.nDims;
    const rng = new Rng(deriveSeed(this.randomState, 0x1d));
    let pts: Float64Array[];
    if (this.initialPointGenerator === 'lhs') pts = latinHypercube(n, d, rng);
    else if (this.initialPointGenerator === 'sobol' && d <= SOBOL_MAX_DIM) pts = new Sobol(d, { rng }).take(n);
    else pts = Array.from({ length: n }, () => Float64Array.from({ length: d }, () => rng.random()));
    this.initialDesign = pts;
    return pts;
  }

  private visited(): Set<string> {
    const s = new Set<string>(this.pending.keys());
    for (const o of this.observations) s.add(o.key);
    return s;
  }

  private randomUnvisited(rng: Rng): Float64Array {
    const visited = this.visited();
    let u = Float64Array.from({ length: this.space.nDims }, () => rng.random());
    for (let tries = 0; tries < 100 && visited.has(pointKey(this.space.snapUnit(u.slice()))); tries++) {
      u = Float64Array.from({ length: this.space.nDims }, () => rng.random());
    }
    return u;
  }

  /** Fits (or refreshes) the GP on the told evaluations; returns model-unit targets. */
  private fitModel(): { gp: GaussianProcess; yModel: Float64Array } {
    const obs = this.observations;
    const n = obs.length;
    const ys = obs.map((o) => o.y).filter((v) => Number.isFinite(v));
    const worst = Math.max(...ys);
    const raw = obs.map((o) => (Number.isFinite(o.y) ? o.y : worst));
    if (this.gp === undefined || this.fittedOn !== n) {
      this.warp = (this.options.warpTargets ?? true) ? powerTransform(raw) : undefined;
    }
    const yModel = Float64Array.from(raw, (v) => (this.warp === undefined ? v : this.warp(v)));
    if (this.gp !== undefined && this.fittedOn === n) return { gp: this.gp, yModel };
    const p = this.space.featureSize;
    const X = new Float64Array(n * p);
    obs.forEach((o, i) => this.space.features(o.unit, X, i * p));
    // hyperparameters: a full fit (restarts) while cheap or when the data grew by a quarter, a warm-started
    // fit otherwise; past 100 points only every n/50 new points (in between, the factor is extended in O(n²))
    const full = this.theta === undefined || n <= 40 || n >= 1.25 * this.lastFullFit;
    const refit = full || n <= 100 || n - this.lastFit >= Math.ceil(n / 50);
    let gp: GaussianProcess;
    if (!refit && this.gp !== undefined) {
      gp = this.gp.extend(X, n, yModel);
    } else {
      const noise = this.options.noise;
      gp = new GaussianProcess({
        groups: this.space.groups.map((g) => ({ offset: g.offset, width: g.width })),
        randomState: deriveSeed(this.randomState, n, 0x9b),
        priors: this.options.priors ?? DEFAULT_PRIORS,
        ...(typeof noise === 'number' ? { bounds: { noise: [noise, noise] as const } } : {}),
      });
      gp.fit({ data: X, rows: n, cols: p }, yModel, {
        warmStart: this.theta,
        nRestarts: full ? (this.options.nRestarts ?? 2) : 0,
        maxEval: full ? 60 : n <= 100 ? 25 : 15,
        maxFitPoints: 128,
      });
    }
    if (full) this.lastFullFit = n;
    if (refit) this.lastFit = n;
    this.theta = gp.theta;
    if (this.hedgeProposals !== undefined) {
      const Z = new Float64Array(3 * p);
      this.hedgeProposals.forEach((u, i) => this.space.features(u, Z, i * p));
      this.hedge.update(gp.predictNormalized(Z, 3).mean);
      this.hedgeProposals = undefined;
    }
    this.gp = gp;
    this.fittedOn = n;
    return { gp, yModel };
  }

  private propose(rng: Rng): Float64Array {
    const { gp: base, yModel } = this.fitModel();
    const { mean: yMean, std: yStd } = base.targetScale;
    const norm = Float64Array.from(yModel, (v) => (v - yMean) / yStd);
    let best = Infinity;
    let sum = 0;
    let worst = -Infinity;
    const finiteIdx: number[] = [];
    this.observations.forEach((o, i) => {
      const v = norm[i] as number;
      if (Number.isFinite(o.y)) {
        finiteIdx.push(i);
        best = Math.min(best, v);
      }
      sum += v;
      worst = Math.max(worst, v);
    });
    let gp = base;
    if (this.pending.size > 0) {
      const liar = this.options.liar ?? 'min';
      const lie = liar === 'min' ? best : liar === 'max' ? worst : sum / norm.length;
      const p = this.space.featureSize;
      const Z = new Float64Array(this.pending.size * p);
      [...this.pending.values()].forEach((u, i) => this.space.features(u, Z, i * p));
      gp = base.condition(Z, this.pending.size, new Float64Array(this.pending.size).fill(lie));
    }
    const incumbents = finiteIdx.sort((a, b) => (norm[a] as number) - (norm[b] as number)).map((i) => (this.observations[i] as Observation).unit);
    const kinds: AcquisitionKind[] = this.acqFunc === 'gp_hedge' ? [...GpHedge.KINDS] : [this.acqFunc];
    const proposals: Proposal[] = maximizeAcquisition(
      {
        space: this.space,
        gp,
        params: { best, xi: this.options.xi ?? 0, kappa: this.options.kappa ?? 1.96 },
        incumbents,
        visited: this.visited(),
        rng,
        pending: [...this.pending.values()],
        minDistance: this.options.minPendingDistance ?? DEFAULT_MIN_PENDING_DISTANCE,
      },
      kinds,
      this.options.acqOptimizer,
    );
    if (this.acqFunc !== 'gp_hedge') return (proposals[0] as Proposal).unit;
    this.hedgeProposals = proposals.map((q) => q.unit);
    const chosen = this.hedge.choose(rng);
    return (proposals[GpHedge.KINDS.indexOf(chosen)] as Proposal).unit;
  }
}
