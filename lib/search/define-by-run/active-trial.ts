/**
 * The trial a define-by-run objective receives (Optuna's `Trial`): it asks for
 * its parameters as it goes (`suggestFloat`, `suggestInt`,
 * `suggestCategorical`), so a parameter can exist only for some values of
 * another (conditional spaces), and reports intermediate values for pruning.
 *
 * Where a value comes from, in order (Optuna's `Trial._suggest`): the value it
 * already gave for that name in this trial; the value the sampler fixed when
 * the trial was created (a grid point, a fixed-space sampler's proposal); the
 * only value of a single-valued range; the sampler's relative sample drawn at
 * the trial's start; else the sampler's independent sample for that one
 * parameter.
 */
import { ValidationError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { checkInteger, checkReal, formatValue, invalidParameter } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import type { Sampler } from '../sampler.js';
import type { Dimension } from '../space/dimensions.js';
import { Categorical, Integer, Real } from '../space/dimensions.js';
import { dimensionToJSON, isSingleValued, sameDimension } from '../space/dimension-json.js';
import type { ParamSet } from '../space/parameter-grid.js';
import type { TrialContext } from '../trial-context.js';
import type { Direction, RunningTrial, Trial } from '../trial.js';
import type { DynamicSampler } from './dynamic-sampler.js';
import { isDynamicSampler } from './dynamic-sampler.js';
import type { SearchSpaceRecord } from './search-spaces.js';
import { DISTRIBUTIONS_KEY, PARAMS_KEY, USER_ATTRS_KEY } from './trial-record.js';

/** Options of {@link ActiveTrial.suggestFloat}. */
export interface SuggestFloatOptions {
  /** Draw in log space (every order of magnitude alike); needs `low > 0`. @default false */
  readonly log?: boolean | undefined;
  /** Only `low + k * step`. Not with `log`. @default undefined (continuous) */
  readonly step?: number | undefined;
}

/** Options of {@link ActiveTrial.suggestInt}. */
export interface SuggestIntOptions {
  /** Draw in log space; needs `low >= 1`. @default false */
  readonly log?: boolean | undefined;
  /** Only `low + k * step`. Not with `log`. @default 1 */
  readonly step?: number | undefined;
}

/** What an active trial is made of (the study builds it). */
export interface ActiveTrialSource {
  /** The trial as created (its `params` are those the sampler fixed). */
  readonly record: RunningTrial;
  /** Writes, reports, pruning, signal and generator of the trial. */
  readonly context: TrialContext;
  readonly sampler: Sampler | DynamicSampler;
  readonly direction: Direction;
  /** The study's other trials, as last read, for independent sampling. */
  readonly history: () => readonly Trial[];
  /** The relative search space and the values drawn from it at the start. */
  readonly relative?: { readonly space: SearchSpaceRecord; readonly params: ParamSet } | undefined;
}

/**
 * A running trial of a define-by-run study.
 *
 * @example
 * ```ts
 * const study = createStudy({ direction: 'minimize', sampler: new TPESampler({ randomState: 0 }) });
 * await study.optimize((trial) => {
 *   const kind = trial.suggestCategorical('kind', ['linear', 'quadratic']);
 *   const x = trial.suggestFloat('x', -10, 10);
 *   return kind === 'linear' ? Math.abs(x - 2) : (x - 2) ** 2;
 * }, { nTrials: 30 });
 * ```
 */
export class ActiveTrial {
  private readonly source: ActiveTrialSource;
  private readonly given: Record<string, unknown> = {};
  private readonly dists: Record<string, Dimension> = {};
  private readonly user: Record<string, unknown> = {};
  private readonly reported = new Set<number>();

  constructor(source: ActiveTrialSource) {
    this.source = source;
  }

  /** The trial's number in its study (Optuna's `trial.number`). */
  get number(): number {
    return this.source.record.id;
  }

  /** The parameters given so far. */
  get params(): ParamSet {
    return Object.freeze({ ...this.given });
  }

  /** The distribution of each parameter given so far. */
  get distributions(): Readonly<Record<string, Dimension>> {
    return Object.freeze({ ...this.dists });
  }

  /** What `setUserAttr` recorded. */
  get userAttrs(): Readonly<Record<string, unknown>> {
    return Object.freeze({ ...this.user });
  }

  /** When the trial started. */
  get datetimeStart(): Date {
    return new Date(this.source.record.startedAt);
  }

  /** Aborted when the study is stopped (timeout, the caller's signal). */
  get signal(): AbortSignal {
    return this.source.context.signal;
  }

  /** A generator seeded from the study's seed and the trial's number. */
  get rng(): Rng {
    return this.source.context.rng;
  }

  /** The resource a multi-fidelity sampler allotted, if any. */
  get budget(): number | undefined {
    return this.source.context.budget;
  }

  /**
   * A real value in [low, high].
   * @example
   * ```ts
   * const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
   * ```
   */
  suggestFloat(name: string, low: number, high: number, options: SuggestFloatOptions = {}): number {
    const owner = 'ActiveTrial.suggestFloat';
    checkBounds(owner, low, high, options.log === true, options.step);
    if (options.step !== undefined) checkReal(owner, 'step', options.step, { min: 0, minInclusive: false });
    const dim = low === high ? new Categorical([low]) : new Real(low, high, { prior: options.log === true ? 'log-uniform' : 'uniform', step: options.step });
    return this.suggest(name, dim) as number;
  }

  /**
   * An integer in [low, high] (with `step`: `low + k * step`).
   * @example
   * ```ts
   * const nLayers = trial.suggestInt('n_layers', 1, 3);
   * ```
   */
  suggestInt(name: string, low: number, high: number, options: SuggestIntOptions = {}): number {
    const owner = 'ActiveTrial.suggestInt';
    checkInteger(owner, 'low', low, {}, 'argument');
    checkInteger(owner, 'high', high, {}, 'argument');
    checkBounds(owner, low, high, options.log === true, options.step === 1 ? undefined : options.step);
    const step = checkInteger(owner, 'step', options.step ?? 1, { min: 1 });
    return this.suggest(name, new Integer(low, high, { prior: options.log === true ? 'log-uniform' : 'uniform', step })) as number;
  }

  /**
   * One of `choices`.
   * @example
   * ```ts
   * const optimizer = trial.suggestCategorical('optimizer', ['adam', 'sgd'] as const);
   * ```
   */
  suggestCategorical<T>(name: string, choices: readonly T[]): T {
    if (!Array.isArray(choices) || choices.length === 0) {
      throw invalidParameter('ActiveTrial.suggestCategorical', 'choices', 'a non-empty array', choices, { kind: 'argument' });
    }
    return this.suggest(name, new Categorical(choices)) as T;
  }

  /** A value of any dimension (`suggestFloat`, `suggestInt` and `suggestCategorical` build theirs). */
  suggest(name: string, dimension: Dimension): unknown {
    if (typeof name !== 'string' || name.length === 0) throw invalidParameter('ActiveTrial.suggest', 'name', 'a non-empty string', name, { kind: 'argument' });
    if (name in this.given) return this.again(name, dimension);
    const value = this.draw(name, dimension);
    this.given[name] = value;
    this.dists[name] = dimension;
    void this.write({
      [PARAMS_KEY]: { ...this.given },
      [DISTRIBUTIONS_KEY]: Object.fromEntries(Object.entries(this.dists).map(([k, d]) => [k, dimensionToJSON(d)])),
    });
    return value;
  }

  /**
   * Reports an intermediate value at a step (Optuna's order: value, then step),
   * for the pruner. A step reported twice keeps its first value, with a warning.
   */
  report(value: number, step: number): Promise<void> {
    const owner = 'ActiveTrial.report';
    if (typeof value !== 'number') throw invalidParameter(owner, 'value', 'a number', value, { kind: 'argument' });
    checkInteger(owner, 'step', step, { min: 0 }, 'argument');
    if (this.reported.has(step)) {
      warn(`${owner}: step ${step} of trial ${this.number} was already reported; the value ${formatValue(value)} is ignored.`, 'UserWarning');
      return Promise.resolve();
    }
    this.reported.add(step);
    return quiet(this.source.context.report(step, value));
  }

  /** True when the study's pruner says this trial should stop (call after `report`; then throw `TrialPruned`). */
  shouldPrune(): boolean {
    return this.source.context.shouldPrune();
  }

  /** Records a value with the trial (a column `user_attrs_<key>` of the trials table). */
  setUserAttr(key: string, value: unknown): Promise<void> {
    if (typeof key !== 'string' || key.length === 0) throw invalidParameter('ActiveTrial.setUserAttr', 'key', 'a non-empty string', key, { kind: 'argument' });
    this.user[key] = value;
    return this.write({ [USER_ATTRS_KEY]: { ...this.user } });
  }

  private write(attrs: Readonly<Record<string, unknown>>): Promise<void> {
    return quiet(this.source.context.setAttrs(attrs));
  }

  /** The value of a name asked for twice: the first one, if the distributions are of one kind. */
  private again(name: string, dimension: Dimension): unknown {
    const first = this.dists[name] as Dimension;
    if (first.kind !== dimension.kind) {
      throw new ValidationError(
        `Trial ${this.number} asked for parameter "${name}" as ${String(dimension)} after asking for it as ${String(first)}; a parameter keeps one kind of distribution within a trial.`,
        { owner: 'ActiveTrial.suggest', argument: name, value: String(dimension), expected: String(first) },
      );
    }
    return this.given[name];
  }

  private draw(name: string, dimension: Dimension): unknown {
    const { record, sampler, relative } = this.source;
    if (name in record.params) {
      const fixed = record.params[name];
      if (!dimension.contains(fixed)) warn(`The value ${formatValue(fixed)} fixed for parameter "${name}" of trial ${this.number} is outside ${String(dimension)}; it is used as is.`, 'UserWarning');
      return fixed;
    }
    if (isSingleValued(dimension)) return dimension.fromUnit(0.5);
    const rel = relative?.space[name];
    if (rel !== undefined && name in relative!.params && sameDimension(rel, dimension)) return relative!.params[name];
    if (!isDynamicSampler(sampler)) {
      throw new ValidationError(
        `The sampler of this study (${sampler.constructor.name}) fixes whole parameter sets and gave trial ${this.number} no value for "${name}"; ` +
          `its space must hold every parameter the objective asks for (it has ${formatValue(Object.keys(record.params))}).`,
        { owner: 'ActiveTrial.suggest', argument: name, value: name, expected: `one of ${Object.keys(record.params).join(', ')}` },
      );
    }
    const trial: RunningTrial = { ...record, params: Object.freeze({ ...record.params, ...this.given }) };
    return sampler.sampleIndependent(this.source.history(), name, dimension, { direction: this.source.direction, trial });
  }
}

function checkBounds(owner: string, low: number, high: number, log: boolean, step: number | undefined): void {
  checkReal(owner, 'low', low, {}, 'argument');
  checkReal(owner, 'high', high, {}, 'argument');
  if (!(low <= high)) throw invalidParameter(owner, 'high', `a number >= low (${low})`, high, { kind: 'argument' });
  if (log && !(low > 0)) throw invalidParameter(owner, 'low', 'a number > 0 with log: true', low, { kind: 'argument' });
  if (log && step !== undefined) throw invalidParameter(owner, 'step', 'undefined with log: true (a log range has no step)', step, { kind: 'option' });
}

/** The promise, marked as handled: an objective that does not await a write does not crash the process (the study awaits every write before it records the trial). */
function quiet(p: Promise<void>): Promise<void> {
  p.catch(() => undefined);
  return p;
}
