/**
 * One TPE proposal for a group of parameters: split the observations into the
 * best γ(n) ("below") and the rest, fit a Parzen estimator l(x) to the below
 * group's values and g(x) to the others', draw candidates from l and keep the
 * one with the largest l(x) / g(x) (the expected-improvement criterion of
 * Bergstra et al.). Jointly for the whole group (multivariate) or parameter by
 * parameter (univariate).
 */
import type { Rng } from '../../../core/rng.js';
import type { Dimension } from '../../space/dimensions.js';
import type { ParzenDimension, ParzenOptions } from './parzen-estimator.js';
import { ParzenEstimator } from './parzen-estimator.js';
import type { TpeObservation, TpeObservations } from './observations.js';
import { splitObservations } from './observations.js';

/** How TPE proposes (from {@link TPESamplerOptions}). */
export interface TpeSettings {
  readonly nEiCandidates: number;
  readonly gamma: (n: number) => number;
  readonly weights: (n: number) => ArrayLike<number>;
  readonly parzen: ParzenOptions;
}

/** A dimension's internal scale: its Parzen dimension, and the maps to and from it. */
interface Scale {
  readonly parzen: ParzenDimension;
  toInternal(value: unknown): number;
  /** The nearest value of the dimension. */
  toValue(x: number): unknown;
}

/**
 * The internal scale of a dimension (Optuna's): log for log ranges, a
 * half-step wider for integers and stepped reals, the index for a category.
 */
export function scaleOf(dim: Dimension): Scale {
  if (dim.kind === 'categorical') {
    return { parzen: { kind: 'categorical', size: dim.size }, toInternal: (v) => dim.indexOf(v), toValue: (x) => dim.categories[x] };
  }
  const clip = (v: number): number => Math.min(dim.high, Math.max(dim.low, v));
  const log = dim.prior === 'log-uniform';
  if (dim.kind === 'integer') {
    if (log) {
      return {
        parzen: { kind: 'numeric', low: Math.log(dim.low - 0.5), high: Math.log(dim.high + 0.5), step: undefined },
        toInternal: (v) => Math.log(v as number),
        toValue: (x) => clip(Math.round(Math.exp(x))),
      };
    }
    const q = dim.step;
    return {
      parzen: { kind: 'numeric', low: dim.low - q / 2, high: dim.high + q / 2, step: q },
      toInternal: (v) => v as number,
      toValue: (x) => clip(Math.round((x - dim.low) / q) * q + dim.low),
    };
  }
  if (log) {
    return { parzen: { kind: 'numeric', low: Math.log(dim.low), high: Math.log(dim.high), step: undefined }, toInternal: (v) => Math.log(v as number), toValue: (x) => clip(Math.exp(x)) };
  }
  const q = dim.step;
  if (q !== undefined) {
    return {
      parzen: { kind: 'numeric', low: dim.low - q / 2, high: dim.high + q / 2, step: q },
      toInternal: (v) => v as number,
      toValue: (x) => clip(Math.round((x - dim.low) / q) * q + dim.low),
    };
  }
  return { parzen: { kind: 'numeric', low: dim.low, high: dim.high, step: undefined }, toInternal: (v) => v as number, toValue: (x) => clip(x) };
}

/**
 * Values for `dims` drawn jointly from one estimator pair (`joint`, two or
 * more parameters), or one parameter at a time; `rngFor(name)` gives the
 * draw's generator (the group's first name for a joint draw).
 * @example
 * ```ts
 * tpePropose(tpeObservations(trials, 'minimize', false), [['x', new Real(0, 1)]], settings, true, () => rng);
 * ```
 */
export function tpePropose(
  observations: TpeObservations,
  dims: readonly (readonly [string, Dimension])[],
  settings: TpeSettings,
  joint: boolean,
  rngFor: (name: string) => Rng,
): Record<string, unknown> {
  const split = splitObservations(observations.all, Math.round(settings.gamma(observations.nFinished)));
  // a group of one parameter is drawn as univariate TPE draws it (bandwidths from the neighbours' gaps, not Scott's rule)
  if (joint && dims.length > 1) return proposeGroup(observations.all, split, dims, settings, true, rngFor((dims[0] as readonly [string, Dimension])[0]));
  const out: Record<string, unknown> = {};
  for (const d of dims) Object.assign(out, proposeGroup(observations.all, split, [d], settings, false, rngFor(d[0])));
  return out;
}

function proposeGroup(
  all: readonly TpeObservation[],
  split: { below: number[]; above: number[] },
  dims: readonly (readonly [string, Dimension])[],
  settings: TpeSettings,
  multivariate: boolean,
  rng: Rng,
): Record<string, unknown> {
  const scales = dims.map(([, d]) => scaleOf(d));
  const has = (o: TpeObservation): boolean => dims.every(([name, d]) => name in o.params && d.contains(o.params[name]));
  const estimator = (indices: readonly number[]): ParzenEstimator => {
    const kept = indices.map((i) => all[i] as TpeObservation).filter(has);
    const values = dims.map(([name], j) => Float64Array.from(kept, (o) => (scales[j] as Scale).toInternal(o.params[name])));
    const weights = settings.weights(kept.length);
    return new ParzenEstimator(values, weights, scales.map((s) => s.parzen), { ...settings.parzen, multivariate });
  };
  const l = estimator(split.below);
  const g = estimator(split.above);
  const drawn = l.sample(rng, settings.nEiCandidates);
  // candidates go to the nearest valid value before they are scored (integers and steps rounded)
  const values = drawn[0]?.length ?? 0;
  const candidates: unknown[][] = Array.from({ length: values }, (_, s) => scales.map((sc, j) => sc.toValue((drawn[j] as Float64Array)[s] as number)));
  const internal = scales.map((sc, j) => Float64Array.from(candidates, (c) => sc.toInternal(c[j])));
  const ll = l.logPdf(internal);
  const lg = g.logPdf(internal);
  let best = 0;
  for (let s = 1; s < values; s++) if ((ll[s] as number) - (lg[s] as number) > (ll[best] as number) - (lg[best] as number)) best = s;
  return Object.fromEntries(dims.map(([name], j) => [name, (candidates[best] as unknown[])[j]]));
}
