/**
 * The search space of the model-based samplers: an ordered set of named
 * {@link Dimension}s, with the conversions between points (value arrays or
 * parameter records), unit coordinates and model features.
 */
import type { Rng } from '../../core/rng.js';
import { invalidParameter } from '../../core/validate.js';
import type { Dimension, ListReading, SpaceSpec } from './dimensions.js';
import { toDimension } from './dimensions.js';
import type { ParamSet } from './parameter-grid.js';

const clamp01 = (u: number): number => (u < 0 ? 0 : u > 1 ? 1 : u);

/** A block of a space's model features that shares one kernel length scale. */
export interface FeatureGroup {
  /** The dimension's position in the space. */
  readonly dimension: number;
  /** The first feature column. */
  readonly offset: number;
  /** The number of columns (1, or the number of categories for a one-hot block). */
  readonly width: number;
  readonly kind: Dimension['kind'];
}

/**
 * An ordered set of named dimensions. Points are arrays of values in dimension
 * order; {@link Space.toParams} and {@link Space.fromParams} convert to records.
 * Record specs are ordered by sorted key, array specs are named `x0`, `x1`, ...
 *
 * @example
 * ```ts
 * const space = new Space({ C: new Real(1e-3, 1e3, { prior: 'log-uniform' }), kernel: ['rbf', 'linear'] });
 * const x = space.sample(new Rng(0)); // [C, kernel]
 * space.toParams(x); // { C: ..., kernel: ... }
 * ```
 */
export class Space {
  readonly dimensions: readonly Dimension[];
  readonly names: readonly string[];
  /** True when built from a record (points convert to parameter records). */
  readonly named: boolean;
  /** The feature blocks a model sees, one per dimension. */
  readonly groups: readonly FeatureGroup[];
  /** The number of model features (categoricals one-hot). */
  readonly featureSize: number;

  /**
   * @param spec the dimensions: a record (named) or an array (positional)
   * @param owner the class or function named in error messages
   * @param lists how a list of values is read: the values of a categorical, or a scikit-optimize range ({@link ListReading})
   */
  constructor(spec: SpaceSpec | Space, owner = 'Space', lists: ListReading = 'categorical') {
    if (spec instanceof Space) {
      this.dimensions = spec.dimensions;
      this.names = spec.names;
      this.named = spec.named;
    } else if (Array.isArray(spec)) {
      if (spec.length === 0) throw invalidParameter(owner, 'space', 'a non-empty array of dimensions', spec, { kind: 'argument' });
      this.dimensions = spec.map((d, i) => toDimension(d, owner, `x${i}`, lists));
      this.names = spec.map((_, i) => `x${i}`);
      this.named = false;
    } else if (typeof spec === 'object' && spec !== null) {
      const keys = Object.keys(spec).sort();
      if (keys.length === 0) throw invalidParameter(owner, 'space', 'a record with at least one dimension', spec, { kind: 'argument' });
      this.dimensions = keys.map((k) => toDimension((spec as Record<string, unknown>)[k], owner, k, lists));
      this.names = keys;
      this.named = true;
    } else {
      throw invalidParameter(owner, 'space', 'a record or an array of dimensions', spec, { kind: 'argument' });
    }
    let offset = 0;
    this.groups = this.dimensions.map((d, i) => {
      const width = d.kind === 'categorical' ? d.size : 1;
      const g = { dimension: i, offset, width, kind: d.kind };
      offset += width;
      return g;
    });
    this.featureSize = offset;
  }

  /** The number of dimensions. */
  get nDims(): number {
    return this.dimensions.length;
  }

  /** True when every dimension has finitely many values. */
  get isFinite(): boolean {
    return this.dimensions.every((d) => d.kind !== 'real' || d.step !== undefined);
  }

  /** One point drawn from the dimensions' priors. */
  sample(rng: Rng): unknown[] {
    return this.dimensions.map((d) => d.sample(rng));
  }

  /** A point's unit coordinates (one per dimension). */
  toUnit(point: readonly unknown[]): Float64Array {
    const u = new Float64Array(this.nDims);
    this.dimensions.forEach((d, i) => {
      u[i] = (d as { toUnit(v: unknown): number }).toUnit(point[i]);
    });
    return u;
  }

  /** The point at unit coordinates. */
  fromUnit(u: ArrayLike<number>): unknown[] {
    return this.dimensions.map((d, i) => d.fromUnit(u[i] as number));
  }

  /** Moves unit coordinates onto the nearest representable point (integers and categories to their bins). */
  snapUnit(u: Float64Array): Float64Array {
    this.dimensions.forEach((d, i) => {
      if (d.kind !== 'real' || d.step !== undefined) u[i] = (d as { toUnit(v: unknown): number }).toUnit(d.fromUnit(u[i] as number));
    });
    return u;
  }

  /** Writes the model features of unit coordinates `u` into `out` at `offset`. */
  features(u: ArrayLike<number>, out: Float64Array, offset = 0): void {
    for (const g of this.groups) {
      const v = u[g.dimension] as number;
      if (g.kind === 'categorical') {
        const k = Math.min(g.width - 1, Math.floor(clamp01(v) * g.width));
        for (let j = 0; j < g.width; j++) out[offset + g.offset + j] = j === k ? 1 : 0;
      } else {
        out[offset + g.offset] = v;
      }
    }
  }

  /** True when every value is inside its dimension. */
  contains(point: readonly unknown[]): boolean {
    return point.length === this.nDims && this.dimensions.every((d, i) => d.contains(point[i]));
  }

  /** A point as a parameter record. */
  toParams(point: readonly unknown[]): ParamSet {
    const out: Record<string, unknown> = {};
    this.names.forEach((n, i) => {
      out[n] = point[i];
    });
    return Object.freeze(out);
  }

  /** A parameter record as a point (missing names give undefined). */
  fromParams(params: ParamSet): unknown[] {
    return this.names.map((n) => params[n]);
  }

  toString(): string {
    return `Space(${this.names.map((n, i) => `${n}: ${String(this.dimensions[i])}`).join(', ')})`;
  }
}
