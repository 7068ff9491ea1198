/**
 * `hp.int` and `hp.float`: numeric ranges sampled linearly, in log space or
 * densely near `max` (`reverse_log`), with an optional step (added, or
 * multiplied on the log scales).
 */
import { formatValue, invalidParameter } from '../../core/validate.js';
import type { Conditions, HyperParameterConfig, Sampling } from './base.js';
import { HyperParameter } from './base.js';

/** Rounds away binary noise (0.1 * 3 = 0.30000000000000004) from computed grid values. */
const tidy = (v: number): number => Number(v.toPrecision(12));

/** What `hp.int` and `hp.float` accept. */
export interface NumericOptions {
  /** The lower bound, included. */
  readonly min: number;
  /** The upper bound, included. */
  readonly max: number;
  /**
   * The spacing of the values: added (`linear`), or multiplied (`log`,
   * `reverse_log`, then it must be > 1). @default 1 for a linear int; none
   * (any value) otherwise
   */
  readonly step?: number | undefined;
  /** How the range is sampled. @default 'linear' */
  readonly sampling?: Sampling | undefined;
  /** The value used before any search. @default min (the smallest value of a stepped `reverse_log` scale) */
  readonly default?: number | undefined;
}

/**
 * `hp.int` and `hp.float`: a numeric range.
 * @example
 * ```ts
 * const units: NumericHyperParameter = new IntHyperParameter('units', { min: 32, max: 512, step: 32 });
 * units.size; // 16
 * ```
 */
export abstract class NumericHyperParameter extends HyperParameter<number> {
  readonly min: number;
  readonly max: number;
  readonly step: number | undefined;
  readonly sampling: Sampling;
  private readonly def: number;
  private readonly grid: readonly number[] | undefined;
  /** The type, known in the constructor (the subclasses' `type` field is set after it). */
  private readonly kind: 'int' | 'float';

  protected constructor(kind: 'int' | 'float', name: string, options: NumericOptions, conditions: Conditions | undefined) {
    super(name, conditions);
    this.kind = kind;
    const owner = `hp.${kind}("${name}")`;
    const isInt = kind === 'int';
    const number = isInt ? 'an int' : 'a finite number';
    const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && (!isInt || Number.isInteger(v));
    if (typeof options !== 'object' || options === null) throw invalidParameter(owner, 'options', '{ min, max, ... }', options, { kind: 'argument' });
    const { min, max } = options;
    if (!ok(min)) throw invalidParameter(owner, 'min', number, min, { kind: 'option' });
    if (!ok(max)) throw invalidParameter(owner, 'max', number, max, { kind: 'option' });
    if (max < min) throw invalidParameter(owner, 'max', `${number} >= min (${min})`, max, { kind: 'option' });
    const sampling = options.sampling ?? 'linear';
    if (sampling !== 'linear' && sampling !== 'log' && sampling !== 'reverse_log') {
      throw invalidParameter(owner, 'sampling', 'one of "linear", "log", "reverse_log"', sampling, { kind: 'option' });
    }
    if (sampling !== 'linear' && !(min > 0)) {
      throw invalidParameter(owner, 'min', `a number > 0 with sampling "${sampling}"`, min, { kind: 'option', hint: 'Use sampling "linear" for ranges that reach 0 or below.' });
    }
    let step = options.step ?? (isInt && sampling === 'linear' ? 1 : undefined);
    if (step !== undefined) {
      if (sampling === 'linear' && !(ok(step) && step > 0)) throw invalidParameter(owner, 'step', `${isInt ? 'an int' : 'a number'} > 0`, step, { kind: 'option' });
      if (sampling !== 'linear' && !(ok(step) && step > 1)) {
        throw invalidParameter(owner, 'step', `${isInt ? 'an int' : 'a number'} > 1 with sampling "${sampling}" (values are multiplied by it)`, step, { kind: 'option' });
      }
    }
    if (max === min) step = undefined;
    this.min = min;
    this.max = max;
    this.step = step;
    this.sampling = sampling;
    this.grid = this.computeGrid();
    // min, or for a stepped reverse_log scale (which may not reach min) its smallest value
    const def = options.default ?? (this.step !== undefined ? (this.grid as readonly number[])[0] as number : min);
    if (!this.containsNumber(def)) {
      throw invalidParameter(owner, 'default', `one of its values (${this.grid === undefined ? `in [${min}, ${max}]` : formatValue(this.grid)})`, def, { kind: 'option' });
    }
    this.def = def;
  }

  get default(): number {
    return this.def;
  }

  /** The number of stepped values (`undefined` without a step). */
  get size(): number | undefined {
    return this.grid?.length;
  }

  private computeGrid(): number[] | undefined {
    const { min, max, step } = this;
    if (max === min) return [min];
    if (step === undefined) return this.kind === 'int' ? Array.from({ length: max - min + 1 }, (_, i) => min + i) : undefined;
    const out: number[] = [];
    if (this.sampling === 'linear') {
      const n = Math.floor((max - min) / step + 1e-9) + 1;
      for (let k = 0; k < n; k++) out.push(tidy(min + k * step));
    } else {
      const n = Math.floor(Math.log(max / min) / Math.log(step) + 1e-9) + 1;
      for (let k = 0; k < n; k++) out.push(tidy(this.sampling === 'log' ? min * step ** k : max + min - min * step ** k));
      if (this.sampling === 'reverse_log') out.reverse();
    }
    return out;
  }

  /** The continuous map of [0, 1] onto [lo, hi] for the sampling. */
  private continuous(p: number, hi: number): number {
    const lo = this.min;
    if (this.sampling === 'linear') return lo + p * (hi - lo);
    if (this.sampling === 'log') return lo * (hi / lo) ** p;
    return hi + lo - lo * (hi / lo) ** (1 - p);
  }

  private continuousInverse(v: number, hi: number): number {
    const lo = this.min;
    if (hi === lo) return 0.5;
    if (this.sampling === 'linear') return (v - lo) / (hi - lo);
    if (this.sampling === 'log') return Math.log(v / lo) / Math.log(hi / lo);
    return 1 - Math.log((hi + lo - v) / lo) / Math.log(hi / lo);
  }

  /** True when the values are a finite, evenly spaced list (a step, or a single value). */
  private get stepped(): boolean {
    return this.step !== undefined || this.max === this.min;
  }

  probToValue(p: number): number {
    const q = Math.min(Math.max(p, 0), 1 - 1e-12);
    if (this.stepped) {
      const grid = this.grid as readonly number[];
      return grid[Math.floor(q * grid.length)] as number;
    }
    if (this.kind === 'int') {
      // any integer on a log scale: the bin of v is [v, v + 1) on the continuous scale
      return Math.min(this.max, Math.max(this.min, Math.floor(this.continuous(q, this.max + 1))));
    }
    return Math.min(this.max, Math.max(this.min, this.continuous(q, this.max)));
  }

  valueToProb(value: number): number {
    if (this.stepped) {
      const grid = this.grid as readonly number[];
      const i = grid.findIndex((g) => Math.abs(g - value) <= 1e-9 * Math.max(1, Math.abs(g)));
      return (Math.max(0, i) + 0.5) / grid.length;
    }
    const p = this.kind === 'int' ? this.continuousInverse(value + 0.5, this.max + 1) : this.continuousInverse(value, this.max);
    return Math.min(1, Math.max(0, p));
  }

  private containsNumber(value: unknown): boolean {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < this.min || value > this.max) return false;
    if (this.kind === 'int' && !Number.isInteger(value)) return false;
    if (this.step === undefined) return true;
    return (this.grid as readonly number[]).some((g) => Math.abs(g - value) <= 1e-9 * Math.max(1, Math.abs(g)));
  }

  contains(value: unknown): boolean {
    return this.containsNumber(value);
  }

  gridValues(): readonly number[] | undefined {
    return this.grid;
  }

  toConfig(): HyperParameterConfig {
    return {
      type: this.kind,
      name: this.name,
      min: this.min,
      max: this.max,
      step: this.step ?? null,
      sampling: this.sampling,
      default: this.def,
      conditions: this.conditions,
    };
  }

  describe(): string {
    const step = this.step === undefined ? '' : `, step: ${this.step}`;
    return `${this.kind === 'int' ? 'Int' : 'Float'} {min: ${this.min}, max: ${this.max}${step}, sampling: ${this.sampling}, default: ${this.def}}`;
  }
}

/**
 * An integer range (`hp.int`), both bounds included.
 * @example
 * ```ts
 * new IntHyperParameter('units', { min: 32, max: 512, step: 32 }).gridValues(); // [32, 64, ..., 512]
 * new IntHyperParameter('batch', { min: 2, max: 32, step: 2, sampling: 'log' }).gridValues(); // [2, 4, 8, 16, 32]
 * ```
 */
export class IntHyperParameter extends NumericHyperParameter {
  readonly type = 'int' as const;

  constructor(name: string, options: NumericOptions, conditions?: Conditions) {
    super('int', name, options, conditions);
  }

  withConditions(conditions: Conditions): IntHyperParameter {
    return new IntHyperParameter(this.name, { min: this.min, max: this.max, step: this.step, sampling: this.sampling, default: this.default }, conditions);
  }
}

/**
 * A real range (`hp.float`), both bounds included.
 * @example
 * ```ts
 * new FloatHyperParameter('lr', { min: 1e-4, max: 1e-2, sampling: 'log' }).probToValue(0.5); // 0.001
 * ```
 */
export class FloatHyperParameter extends NumericHyperParameter {
  readonly type = 'float' as const;

  constructor(name: string, options: NumericOptions, conditions?: Conditions) {
    super('float', name, options, conditions);
  }

  withConditions(conditions: Conditions): FloatHyperParameter {
    return new FloatHyperParameter(this.name, { min: this.min, max: this.max, step: this.step, sampling: this.sampling, default: this.default }, conditions);
  }
}
