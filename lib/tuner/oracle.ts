/**
 * The oracle: the glue between a define-by-run search space and the engine's
 * {@link Sampler} contract (Keras Tuner's `Oracle`). The oracle decides; the
 * tuner works.
 *
 * The {@link Study} asks the oracle for the next trial with the trials so far.
 * The oracle turns them into *observations* — each trial's active values (a
 * conditional hyperparameter whose condition failed is absent, and so are the
 * tuner's `tuner/...` values) with its score — and a subclass proposes values
 * from them ({@link Oracle.populateSpace}, the one override point). The space
 * grows as build functions ask for new hyperparameters: the tuner merges each
 * trial's space into {@link Oracle.hyperparameters}, and a hyperparameter first
 * met during a trial gets its value from {@link Oracle.newEntryValue}.
 */
import { Rng, deriveSeed, freshSeed } from '../core/rng.js';
import { checkBoolean, checkInteger, checkParam, invalidParameter, satisfies } from '../core/validate.js';
import type { Sampler, SamplerContext, Suggestion } from '../search/sampler.js';
import type { CompleteTrial, Direction, Trial, TrialState } from '../search/trial.js';
import type { AnyHyperParameter, HpValue } from './hp-types.js';
import { HyperParameters, RESERVED_PREFIX } from './hyperparameters.js';
import type { ObjectiveSpec } from './objective.js';
import { TunerObjective } from './objective.js';
import { decodeTunerTrial } from './tuner-trial.js';

/** Options every oracle takes. */
export interface OracleOptions {
  /** The metric to optimize: a name (`'val_accuracy'`, `'val_loss'`) or `{ name, direction }`. @default 'val_loss' (SklearnTuner: 'score', maximized) */
  readonly objective?: ObjectiveSpec | undefined;
  /** The most trials in all (failed ones included). @default 10 */
  readonly maxTrials?: number | undefined;
  /** Seed of every random choice. @default undefined (a fresh seed, kept in the project to resume) */
  readonly seed?: number | undefined;
  /** Hyperparameters defined in advance (they override the build function's definitions of the same names). @default an empty space */
  readonly hyperparameters?: HyperParameters | undefined;
  /** Let the build function define hyperparameters that are not in `hyperparameters`; false refuses them. @default true */
  readonly allowNewEntries?: boolean | undefined;
}

/** What a tuner or oracle subclass sets as defaults. */
export interface OracleDefaults {
  /** The objective when the options give none. @default 'val_loss' */
  readonly objective?: ObjectiveSpec | undefined;
  /** `maxTrials` when the options give none. @default 10 */
  readonly maxTrials?: number | undefined;
  /** How a metric name's direction is inferred. @default Keras metric names (losses minimized, accuracies maximized) */
  readonly infer?: ((name: string) => 'min' | 'max' | undefined) | undefined;
}

/** What the sampling strategy sees of one trial. */
export interface OracleObservation {
  readonly id: number;
  readonly state: TrialState;
  /** The active values only: no inactive conditional hyperparameter, no `tuner/...` value. */
  readonly values: Readonly<Record<string, HpValue>>;
  /** The objective value of a complete trial; NaN otherwise. */
  readonly score: number;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** What {@link Oracle.populateSpace} returns. */
export type Population =
  | { readonly status: 'run'; readonly values: Readonly<Record<string, HpValue>>; readonly budget?: number | undefined; readonly meta?: Readonly<Record<string, unknown>> | undefined }
  | { readonly status: 'wait' }
  | { readonly status: 'stop' };

/** The state an oracle keeps in a project directory (`oracle.json`). */
export interface OracleState {
  readonly objective: { readonly name: string; readonly direction: 'min' | 'max' };
  readonly seed: number;
  readonly maxTrials: number | null;
  readonly hyperparameters: ReturnType<HyperParameters['getConfig']>['space'];
}

/** Attempts at drawing values not tried before, before a random oracle gives up (Keras Tuner's `_max_collisions`). */
export const MAX_COLLISIONS = 20;

/** The default `maxTrials` of the tuners. */
export const DEFAULT_MAX_TRIALS = 10;

/** A stable key of a set of values (sorted by name). */
export function valuesKey(values: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** The defined hyperparameters' values of a trial (the final ones, when the build function met new hyperparameters). */
export function trialValues(trial: Trial): Readonly<Record<string, HpValue>> {
  const source = decodeTunerTrial(trial).hyperparameters ?? trial.params;
  const out: Record<string, HpValue> = {};
  for (const [k, v] of Object.entries(source)) if (!k.startsWith(RESERVED_PREFIX)) out[k] = v as HpValue;
  return out;
}

/** The tuner's reserved values of a trial (`tuner/epochs`...), from its meta. */
export function reservedValues(trial: Pick<Trial, 'meta'>): Record<string, HpValue> {
  const out: Record<string, HpValue> = {};
  for (const [k, v] of Object.entries(trial.meta)) {
    if (k.startsWith(RESERVED_PREFIX) && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')) out[k] = v;
  }
  return out;
}

/**
 * The base of every oracle. A subclass implements {@link Oracle.populateSpace};
 * everything else — the trial budget, observations, random draws without
 * repeats, define-by-run growth, state for resuming — comes from here.
 *
 * @example
 * ```ts
 * // an oracle that tries each value of the first hyperparameter's grid once
 * class FirstGridOracle extends Oracle {
 *   constructor(options: OracleOptions = {}) { super('FirstGridOracle', options); }
 *   protected populateSpace(index: number): Population {
 *     const first = this.hyperparameters.space[0];
 *     const value = first?.gridValues()?.[index];
 *     return value === undefined ? { status: 'stop' } : { status: 'run', values: { [first!.name]: value } };
 *   }
 * }
 * ```
 */
export abstract class Oracle implements Sampler {
  readonly objective: TunerObjective;
  protected readonly owner: string;
  private space: HyperParameters;
  /** True when the seed was given (a reloaded project must then have the same). @internal */
  readonly seedWasGiven: boolean;
  /** Whether build functions may define new hyperparameters. */
  readonly allowNewEntries: boolean;
  private seedValue: number;
  private maxTrialsValue: number;
  private source: (() => readonly Trial[]) | undefined;
  private readonly views = new WeakMap<Trial, TunerTrial>();

  protected constructor(owner: string, options: OracleOptions = {}, defaults: OracleDefaults = {}) {
    this.owner = owner;
    if (typeof options !== 'object' || options === null) throw invalidParameter(owner, 'options', 'an options object', options, { kind: 'argument' });
    this.objective = TunerObjective.from(options.objective ?? defaults.objective ?? 'val_loss', owner, defaults.infer);
    const max = options.maxTrials ?? defaults.maxTrials ?? DEFAULT_MAX_TRIALS;
    this.maxTrialsValue = max === Infinity ? Infinity : checkInteger(owner, 'maxTrials', max, { min: 1 });
    this.seedWasGiven = options.seed !== undefined;
    this.allowNewEntries = checkBoolean(owner, 'allowNewEntries', options.allowNewEntries ?? true);
    this.seedValue = checkParam<number | undefined>(owner, 'seed', options.seed, [satisfies('undefined', (v) => v === undefined), satisfies('an int in the range [0, 4294967295]', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2 ** 32 - 1)], { kind: 'option' }) ?? freshSeed();
    const given = checkParam<HyperParameters | undefined>(owner, 'hyperparameters', options.hyperparameters, satisfies('a HyperParameters instance', (v) => v === undefined || v instanceof HyperParameters), { kind: 'option' });
    this.space = given === undefined ? new HyperParameters() : given.forTrial({}, {});
  }

  /** The search space known so far (it grows as build functions define hyperparameters). */
  get hyperparameters(): HyperParameters {
    return this.space;
  }

  /** The seed of every random choice (the project's, once reloaded). */
  get seed(): number {
    return this.seedValue;
  }

  /** The most trials in all. */
  get maxTrials(): number {
    return this.maxTrialsValue;
  }

  /** The planned number of trials, when finite. */
  get plannedTrials(): number | undefined {
    return Number.isFinite(this.maxTrialsValue) ? this.maxTrialsValue : undefined;
  }

  /** The engine's entry point: stop at `maxTrials`, else ask {@link Oracle.populateSpace}. */
  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    if (trials.length >= this.maxTrialsValue) return { kind: 'stop' };
    const population = this.populateSpace(trials.length, this.observe(trials, context.direction), context.direction);
    switch (population.status) {
      case 'run':
        return { kind: 'run', params: Object.freeze({ ...population.values }), budget: population.budget, meta: population.meta };
      case 'wait':
        return { kind: 'wait' };
      case 'stop':
        return { kind: 'stop' };
    }
  }

  /**
   * Proposes the values of trial number `index` from the observations, or
   * waits, or stops. Values must be given for the active hyperparameters only.
   */
  protected abstract populateSpace(index: number, history: readonly OracleObservation[], direction: Direction): Population;

  /** What the sampling strategy sees: active values and scores (see {@link OracleObservation}). */
  protected observe(trials: readonly Trial[], _direction: Direction): OracleObservation[] {
    return trials.map((t) => ({
      id: t.id,
      state: t.state,
      values: trialValues(t),
      score: t.state === 'complete' ? (t.values[0] ?? NaN) : NaN,
      meta: t.meta,
    }));
  }

  /** Values drawn at random for the space: each active hyperparameter in definition order. */
  protected sampleValues(rng: Rng): Record<string, HpValue> {
    const values: Record<string, HpValue> = {};
    for (const def of this.hyperparameters.space) if (def.isActive(values)) values[def.name] = def.random(rng);
    return values;
  }

  /** Random values not tried before (running trials included), or undefined after {@link MAX_COLLISIONS} repeats. */
  protected randomValues(index: number, history: readonly OracleObservation[]): Record<string, HpValue> | undefined {
    const seen = new Set(history.map((o) => valuesKey(o.values)));
    for (let attempt = 0; attempt < MAX_COLLISIONS; attempt++) {
      const values = this.sampleValues(new Rng(deriveSeed(this.seedValue, index, attempt)));
      if (!seen.has(valuesKey(values))) return values;
    }
    return undefined;
  }

  /** The value of a hyperparameter a trial's build function met for the first time: a seeded random draw. */
  newEntryValue(hp: AnyHyperParameter, trialId: number): HpValue {
    return hp.random(new Rng(deriveSeed(this.seedValue, trialId, hashString(hp.name), 0x7e)));
  }

  /** Adds a trial's new hyperparameters to the space; returns their names. */
  updateSpace(hp: HyperParameters): string[] {
    return this.hyperparameters.merge(hp);
  }

  /**
   * The hyperparameters of a trial: the space so far, the trial's values (for
   * a promoted Hyperband trial, its parent's final values) and its reserved values.
   */
  trialHyperParameters(trial: Pick<Trial, 'id' | 'params' | 'meta'>): HyperParameters {
    return this.hyperparameters.forTrial(trial.params, reservedValues(trial), (def) => this.newEntryValue(def, trial.id), this.allowNewEntries);
  }

  /** The trials of the search so far, as the tuner reports them. */
  get trials(): readonly TunerTrial[] {
    return (this.source?.() ?? []).map((t) => this.view(t));
  }

  /** The trial with id `id`. */
  getTrial(id: number): TunerTrial | undefined {
    const t = (this.source?.() ?? []).find((x) => x.id === id);
    return t === undefined ? undefined : this.view(t);
  }

  /** The best `n` complete trials, best first (NaN scores never rank). */
  getBestTrials(n = 1): TunerTrial[] {
    const sign = this.objective.direction === 'max' ? -1 : 1;
    return (this.source?.() ?? [])
      .filter((t): t is CompleteTrial => t.state === 'complete' && Number.isFinite(t.values[0]))
      .sort((a, b) => sign * ((a.values[0] as number) - (b.values[0] as number)) || a.id - b.id)
      .slice(0, n)
      .map((t) => this.view(t));
  }

  /** Where the trials come from (the tuner's study). @internal */
  attach(source: () => readonly Trial[]): void {
    this.source = source;
  }

  /** The state to keep in a project directory. */
  getState(): OracleState {
    return {
      objective: { name: this.objective.name, direction: this.objective.direction },
      seed: this.seedValue,
      maxTrials: Number.isFinite(this.maxTrialsValue) ? this.maxTrialsValue : null,
      hyperparameters: this.hyperparameters.getConfig().space,
    };
  }

  /** Takes back the seed and the space of a reloaded project. @internal */
  restore(state: OracleState): void {
    this.seedValue = state.seed;
    // the saved space keeps its order; hyperparameters given in advance were in it from the start
    const restored = HyperParameters.fromConfig({ space: state.hyperparameters, values: {} });
    restored.merge(this.space);
    this.space = restored;
  }

  private view(t: Trial): TunerTrial {
    let v = this.views.get(t);
    if (v === undefined) {
      const { metrics, bestStep } = decodeTunerTrial(t);
      v = Object.freeze({
        id: t.id,
        trialId: formatTrialId(t.id),
        status: t.state,
        hyperparameters: this.hyperparameters.forTrial(trialValues(t), reservedValues(t)),
        score: t.state === 'complete' ? (t.values[0] ?? NaN) : undefined,
        bestStep,
        metrics: Object.freeze({ ...metrics }),
        message: t.state === 'failed' ? t.error : undefined,
        record: t,
      });
      this.views.set(t, v);
    }
    return v;
  }
}

/** A trial as a tuner reports it (Keras Tuner's `Trial`). */
export interface TunerTrial {
  /** The trial's number, from 0. */
  readonly id: number;
  /** The id as used in the project directory (`'0003'`). */
  readonly trialId: string;
  readonly status: TrialState;
  /** The trial's values (active ones, and the tuner's `tuner/...` values) on the space as known now. */
  readonly hyperparameters: HyperParameters;
  /** The objective value (averaged over executions) of a complete trial; undefined otherwise. */
  readonly score: number | undefined;
  /** The epoch (1-based) the score comes from, for Keras tuners. */
  readonly bestStep: number | undefined;
  /** Every reported metric at the best step, averaged over executions. */
  readonly metrics: Readonly<Record<string, number>>;
  /** The error of a failed trial. */
  readonly message: string | undefined;
  /** The engine's record (intermediate values, attributes, times). */
  readonly record: Trial;
}

/** `3` → `'0003'`: the id used in file names. */
export function formatTrialId(id: number): string {
  return String(id).padStart(4, '0');
}
