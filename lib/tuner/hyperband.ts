/**
 * Hyperband (Li et al. 2018; Keras Tuner's `Hyperband`) on the engine's shared
 * bracket arithmetic and scheduler ({@link hyperbandBrackets},
 * {@link HyperbandSampler} in `search/schedulers`): brackets of successive
 * halving over epochs, the most aggressive first. New configurations are drawn
 * at random from the define-by-run space (without repeats); the best `1/factor`
 * of each round continue, each from its parent's checkpoint.
 *
 * Each trial carries Keras Tuner's reserved values in its meta and in
 * `hp.values`: `tuner/epochs` (train up to), `tuner/initial_epoch` (trained
 * already), `tuner/trial_id` (the parent whose weights it starts from),
 * `tuner/bracket` and `tuner/round`.
 */
import { checkInteger, checkReal } from '../core/validate.js';
import type { Sampler, SamplerContext, Suggestion } from '../search/sampler.js';
import { HyperbandSampler, hyperbandBrackets } from '../search/schedulers/hyperband.js';
import type { HyperbandBracket } from '../search/schedulers/hyperband.js';
import type { Direction, Trial } from '../search/trial.js';
import type { HyperModelLike } from './hypermodel.js';
import type { OracleObservation, OracleOptions, Population } from './oracle.js';
import { Oracle, trialValues } from './oracle.js';
import type { TunerOptions } from './tuner.js';
import { Tuner } from './tuner.js';

/** Options of {@link HyperbandOracle}. */
export interface HyperbandOptions extends OracleOptions {
  /** The most epochs one model trains (Hyperband's R). */
  readonly maxEpochs: number;
  /** Keep the best `1/factor` of each round, with `factor` times the epochs (η). @default 3 */
  readonly factor?: number | undefined;
  /** How many times the whole set of brackets runs. @default 1 */
  readonly hyperbandIterations?: number | undefined;
}

/** The option names {@link HyperbandOptions} adds. */
export const HYPERBAND_OPTIONS = ['maxEpochs', 'factor', 'hyperbandIterations'] as const;

/**
 * The Hyperband oracle: the shared {@link HyperbandSampler} over random,
 * never-repeated configurations of the define-by-run space. `maxTrials` (no
 * limit by default) can cut the schedule short.
 * @example
 * ```ts
 * const oracle = new HyperbandOracle({ objective: 'val_accuracy', maxEpochs: 27, factor: 3, seed: 0 });
 * oracle.brackets.map((b) => b.rounds.map((r) => `${r.nConfigs}×${r.resource}`)); // the schedule
 * ```
 */
export class HyperbandOracle extends Oracle {
  readonly maxEpochs: number;
  readonly factor: number;
  readonly hyperbandIterations: number;
  /** The brackets of one iteration, most aggressive first. */
  readonly brackets: readonly HyperbandBracket[];
  private readonly scheduler: HyperbandSampler;

  constructor(options: HyperbandOptions, owner = 'HyperbandOracle') {
    super(owner, options, { maxTrials: Infinity });
    this.maxEpochs = checkInteger(owner, 'maxEpochs', options.maxEpochs, { min: 1 });
    this.factor = checkReal(owner, 'factor', options.factor ?? 3, { min: 1, minInclusive: false });
    this.hyperbandIterations = checkInteger(owner, 'hyperbandIterations', options.hyperbandIterations ?? 1, { min: 1 });
    this.brackets = hyperbandBrackets({ maxResource: this.maxEpochs, factor: this.factor }, owner);
    // new configurations: random draws that repeat no configuration drawn so far
    const configs: Sampler = {
      suggest: (trials: readonly Trial[], context: SamplerContext): Suggestion => {
        const values = this.randomValues(trials.length, this.observe(trials, context.direction));
        return values === undefined ? { kind: 'stop' } : { kind: 'run', params: values };
      },
    };
    this.scheduler = new HyperbandSampler(configs, { maxResource: this.maxEpochs, factor: this.factor, hyperbandIterations: this.hyperbandIterations });
  }

  /** Trials in the whole schedule (before `maxTrials`). */
  get scheduledTrials(): number {
    return this.scheduler.plannedTrials;
  }

  override get plannedTrials(): number {
    return Math.min(this.maxTrials, this.scheduler.plannedTrials);
  }

  /** The scheduler's proposal, with the reserved `tuner/...` values added to its meta. */
  override suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    if (trials.length >= this.maxTrials) return { kind: 'stop' };
    const s = this.scheduler.suggest(trials, context);
    if (s.kind !== 'run') return s;
    const meta = s.meta ?? {};
    const parent = typeof meta.parent === 'number' ? trials.find((t) => t.id === meta.parent) : undefined;
    const reserved: Record<string, number> = {
      'tuner/epochs': s.budget as number,
      'tuner/initial_epoch': parent?.budget ?? 0,
      'tuner/bracket': meta.bracket as number,
      'tuner/round': meta.round as number,
    };
    if (parent !== undefined) reserved['tuner/trial_id'] = parent.id;
    // a continued trial keeps its parent's values, including those its build function found
    const params = parent !== undefined ? trialValues(parent) : s.params;
    return { kind: 'run', params, budget: s.budget, meta: { ...meta, ...reserved } };
  }

  /** Not used: {@link HyperbandOracle.suggest} delegates to the scheduler. */
  protected populateSpace(_index: number, _history: readonly OracleObservation[], _direction: Direction): Population {
    return { status: 'stop' };
  }
}

/**
 * Hyperband over a build function's hyperparameters: `search`'s `epochs` is
 * replaced by each round's `tuner/epochs`.
 * @example
 * ```ts
 * const tuner = new Hyperband(buildModel, { objective: 'val_accuracy', maxEpochs: 27, factor: 3, seed: 0, directory: 'runs' });
 * await tuner.search(X, y, { validationSplit: 0.2 });
 * ```
 */
export class Hyperband extends Tuner {
  constructor(hypermodel: HyperModelLike, options: TunerOptions & HyperbandOptions) {
    super('Hyperband', new HyperbandOracle(options, 'Hyperband'), hypermodel, options, HYPERBAND_OPTIONS);
  }
}
