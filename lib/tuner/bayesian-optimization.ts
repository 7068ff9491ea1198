/**
 * Bayesian optimization (Keras Tuner's `BayesianOptimization`) on the engine's
 * model-based samplers, for a space that grows and has conditional
 * hyperparameters.
 *
 * Both surrogates work in each hyperparameter's probability space (`valueToProb`),
 * so `step`, `log` and `reverse_log` need no special case:
 *
 * - `'gp'` (default): the Gaussian-process {@link Optimizer}. A GP needs one
 *   vector per trial over a fixed set of dimensions, so the optimizer is rebuilt
 *   from the observations at every proposal (the space may have grown), and an
 *   inactive hyperparameter is encoded at its default — the same constant in
 *   every trial where it is inactive, so it carries no information. The proposal
 *   keeps only the values that are active given their parents.
 * - `'tpe'`: {@link TPESampler.sampleIndependent}, one hyperparameter at a time in
 *   definition order, each from the trials where it was active (inactive
 *   hyperparameters are simply absent from its observations).
 *
 * The first `numInitialPoints` trials are random; a proposal already tried
 * falls back to a random draw.
 */
import { deriveSeed } from '../core/rng.js';
import { checkInteger, checkOneOf, checkReal } from '../core/validate.js';
import type { AcquisitionFunction } from '../search/samplers/gp/acquisition.js';
import { Optimizer } from '../search/samplers/gp/optimizer.js';
import { TPESampler } from '../search/samplers/tpe/tpe-sampler.js';
import type { Dimension } from '../search/space/dimensions.js';
import { Categorical, Real } from '../search/space/dimensions.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import { Space } from '../search/space/search-space.js';
import type { CompleteTrial, Direction } from '../search/trial.js';
import { isUnfinished } from '../search/trial.js';
import type { AnyHyperParameter, HpValue } from './hp-types.js';
import type { HyperModelLike } from './hypermodel.js';
import type { OracleObservation, OracleOptions, Population } from './oracle.js';
import { Oracle, valuesKey } from './oracle.js';
import type { TunerOptions } from './tuner.js';
import { Tuner } from './tuner.js';

/** Options of {@link BayesianOptimizationOracle}. */
export interface BayesianOptimizationOptions extends OracleOptions {
  /** Random trials before the model proposes. @default 3 × the number of tunable hyperparameters (at least 3) */
  readonly numInitialPoints?: number | undefined;
  /** The surrogate: a Gaussian process or TPE. @default 'gp' */
  readonly surrogate?: 'gp' | 'tpe' | undefined;
  /** The GP's acquisition function (Keras Tuner uses an upper confidence bound: `'LCB'` with `kappa: 2.6`). @default 'EI' */
  readonly acqFunc?: AcquisitionFunction | undefined;
  /** LCB's exploration weight (Keras Tuner's `beta`). @default 1.96 */
  readonly kappa?: number | undefined;
  /** EI/PI's improvement margin. @default 0 */
  readonly xi?: number | undefined;
}

/** The option names {@link BayesianOptimizationOptions} adds. */
export const BAYESIAN_OPTIONS = ['numInitialPoints', 'surrogate', 'acqFunc', 'kappa', 'xi'] as const;

/** True for a hyperparameter the GP sees as a category (one-hot) rather than a position in [0, 1]. */
function categorical(def: AnyHyperParameter): def is Extract<AnyHyperParameter, { type: 'choice' | 'boolean' }> {
  return def.type === 'boolean' || (def.type === 'choice' && !def.ordered);
}

function dimensionOf(def: AnyHyperParameter): Dimension {
  return categorical(def) ? new Categorical(def.gridValues() as readonly HpValue[]) : new Real(0, 1);
}

/** A value in the surrogate's space: a category, or the value's probability. */
function encode(def: AnyHyperParameter, value: HpValue): unknown {
  return categorical(def) ? value : (def as { valueToProb(v: HpValue): number }).valueToProb(value);
}

function decode(def: AnyHyperParameter, x: unknown): HpValue {
  if (def.type === 'fixed') return def.value;
  return categorical(def) ? (x as HpValue) : def.probToValue(x as number);
}

/**
 * The Bayesian-optimization oracle.
 * @example
 * ```ts
 * const oracle = new BayesianOptimizationOracle({ objective: 'val_loss', maxTrials: 20, numInitialPoints: 5, seed: 0 });
 * ```
 */
export class BayesianOptimizationOracle extends Oracle {
  readonly surrogate: 'gp' | 'tpe';
  readonly acqFunc: AcquisitionFunction;
  private readonly initialPoints: number | undefined;
  private readonly kappa: number | undefined;
  private readonly xi: number | undefined;

  constructor(options: BayesianOptimizationOptions = {}, owner = 'BayesianOptimizationOracle') {
    super(owner, options);
    this.initialPoints = options.numInitialPoints === undefined ? undefined : checkInteger(owner, 'numInitialPoints', options.numInitialPoints, { min: 1 });
    this.surrogate = checkOneOf(owner, 'surrogate', options.surrogate ?? 'gp', ['gp', 'tpe'] as const);
    this.acqFunc = checkOneOf(owner, 'acqFunc', options.acqFunc ?? 'EI', ['EI', 'PI', 'LCB', 'gp_hedge'] as const);
    this.kappa = options.kappa === undefined ? undefined : checkReal(owner, 'kappa', options.kappa, { min: 0 });
    this.xi = options.xi === undefined ? undefined : checkReal(owner, 'xi', options.xi, { min: 0 });
  }

  /** Random trials before the model proposes, for the space as known now. */
  get numInitialPoints(): number {
    return this.initialPoints ?? Math.max(3, 3 * this.tunable().length);
  }

  private tunable(): AnyHyperParameter[] {
    return this.hyperparameters.space.filter((d) => d.tunable);
  }

  protected populateSpace(index: number, history: readonly OracleObservation[], direction: Direction): Population {
    const done = history.filter((o) => !isUnfinished(o));
    const scored = done.filter((o) => Number.isFinite(o.score));
    const tunable = this.tunable();
    let values: Record<string, HpValue> | undefined;
    if (tunable.length > 0 && history.length >= this.numInitialPoints && scored.length > 0) {
      values = this.surrogate === 'gp' ? this.proposeGp(index, tunable, history, direction) : this.proposeTpe(index, tunable, scored, direction);
      const seen = new Set(history.map((o) => valuesKey(o.values)));
      if (seen.has(valuesKey(values))) values = undefined;
    }
    values ??= this.randomValues(index, history);
    return values === undefined ? { status: 'stop' } : { status: 'run', values };
  }

  /** Keeps the active values of a proposal (definition order: parents decide first). */
  private activeOf(pick: (def: AnyHyperParameter) => unknown): Record<string, HpValue> {
    const values: Record<string, HpValue> = {};
    for (const def of this.hyperparameters.space) if (def.isActive(values)) values[def.name] = decode(def, pick(def));
    return values;
  }

  private proposeGp(index: number, tunable: readonly AnyHyperParameter[], history: readonly OracleObservation[], direction: Direction): Record<string, HpValue> {
    const space = new Space(Object.fromEntries(tunable.map((d) => [d.name, dimensionOf(d)])), this.owner);
    const point = (o: OracleObservation): ParamSet =>
      Object.fromEntries(tunable.map((d) => [d.name, encode(d, (o.values[d.name] ?? d.default) as HpValue)]));
    const optimizer = new Optimizer(space, {
      nInitialPoints: 0,
      acqFunc: this.acqFunc,
      kappa: this.kappa,
      xi: this.xi,
      randomState: deriveSeed(this.seed, index, 0x6b),
    });
    const sign = direction === 'maximize' ? -1 : 1;
    for (const o of history) {
      if (isUnfinished(o)) continue;
      optimizer.tell(point(o), Number.isFinite(o.score) ? sign * o.score : NaN);
    }
    optimizer.setPending(history.filter(isUnfinished).map(point));
    const proposal = optimizer.ask() as ParamSet;
    return this.activeOf((def) => proposal[def.name]);
  }

  private proposeTpe(index: number, tunable: readonly AnyHyperParameter[], scored: readonly OracleObservation[], direction: Direction): Record<string, HpValue> {
    const tpe = new TPESampler(Object.fromEntries(tunable.map((d) => [d.name, dimensionOf(d)])), { nStartupTrials: 0, multivariate: false, randomState: deriveSeed(this.seed, index, 0x7b) });
    // the trials as TPE sees them: each one's active values only, in the surrogate's space
    const trials: CompleteTrial[] = scored.map((o) => ({
      id: o.id,
      state: 'complete',
      params: Object.fromEntries(tunable.filter((d) => d.name in o.values).map((d) => [d.name, encode(d, o.values[d.name] as HpValue)])),
      values: [o.score],
      budget: undefined,
      meta: {},
      intermediate: [],
      attrs: {},
      startedAt: 0,
      finishedAt: 0,
    }));
    const trial = { id: index, state: 'running', params: {}, budget: undefined, meta: {}, intermediate: [], attrs: {}, startedAt: 0 } as const;
    return this.activeOf((def) => (def.tunable ? tpe.sampleIndependent(trials, def.name, dimensionOf(def), { direction, trial }) : undefined));
  }
}

/**
 * Bayesian optimization over a build function's hyperparameters.
 * @example
 * ```ts
 * const tuner = new BayesianOptimization(buildModel, { objective: 'val_accuracy', maxTrials: 20, numInitialPoints: 5, seed: 0 });
 * await tuner.search(X, y, { epochs: 10, validationSplit: 0.2 });
 * ```
 */
export class BayesianOptimization extends Tuner {
  constructor(hypermodel: HyperModelLike, options: TunerOptions & BayesianOptimizationOptions = {}) {
    super('BayesianOptimization', new BayesianOptimizationOracle(options, 'BayesianOptimization'), hypermodel, options, BAYESIAN_OPTIONS);
  }
}
