/**
 * What TPE learns from (Optuna's `_get_observation_pairs` and
 * `_split_observation_pairs`): every complete trial with a value, every
 * pruned trial ranked by how far it got (a trial pruned at a later step ranks
 * before one pruned earlier, and both after the complete ones), and with a
 * constant liar the running trials, ranked last. The best γ(n) form the "below"
 * group, the rest "above".
 */
import type { ParamSet } from '../../space/parameter-grid.js';
import type { Direction, Trial } from '../../trial.js';
import { isUnfinished } from '../../trial.js';

/** One trial as TPE sees it. */
export interface TpeObservation {
  readonly params: ParamSet;
  /** The rank's first key: −∞ complete, −step pruned (1 without any value), +∞ running. */
  readonly stepKey: number;
  /** The rank's second key: the loss (the value, negated when maximizing). */
  readonly loss: number;
  /** The trial's id (for the liar: which observations are not finished). */
  readonly id: number;
}

/** The observations, and how many of them are finished (the count TPE's start-up and γ use). */
export interface TpeObservations {
  readonly all: readonly TpeObservation[];
  readonly nFinished: number;
}

/**
 * The observations of a study's trials.
 * @param constantLiar take running trials in, as the worst (Optuna's constant liar)
 * @example
 * ```ts
 * const { all, nFinished } = tpeObservations(study.trials, 'minimize', false);
 * ```
 */
export function tpeObservations(trials: readonly Trial[], direction: Direction, constantLiar: boolean): TpeObservations {
  const sign = direction === 'maximize' ? -1 : 1;
  const all: TpeObservation[] = [];
  let nFinished = 0;
  for (const t of trials) {
    let stepKey: number;
    let loss: number;
    if (t.state === 'complete') {
      const v = t.values[0];
      if (v === undefined || !Number.isFinite(v)) continue;
      stepKey = -Infinity;
      loss = sign * v;
    } else if (t.state === 'pruned') {
      const last = lastIntermediate(t);
      stepKey = last === undefined ? 1 : -last.step;
      loss = last === undefined ? 0 : Number.isNaN(last.value) ? Infinity : sign * last.value;
    } else if (isUnfinished(t) && constantLiar) {
      all.push({ params: t.params, stepKey: Infinity, loss: Infinity, id: t.id });
      continue;
    } else {
      continue;
    }
    nFinished++;
    all.push({ params: t.params, stepKey, loss, id: t.id });
  }
  return { all, nFinished };
}

function lastIntermediate(t: Trial): { step: number; value: number } | undefined {
  let last: { step: number; value: number } | undefined;
  for (const iv of t.intermediate) if (last === undefined || iv.step >= last.step) last = iv;
  return last;
}

/**
 * The indices of the best `nBelow` observations and of the others, each in
 * time order (ranked by step key, then loss; ties by time).
 * @example
 * ```ts
 * splitObservations(observations, defaultGamma(observations.length));
 * ```
 */
export function splitObservations(observations: readonly TpeObservation[], nBelow: number): { below: number[]; above: number[] } {
  const order = Array.from(observations.keys()).sort((a, b) => {
    const x = observations[a] as TpeObservation;
    const y = observations[b] as TpeObservation;
    return compareKeys(x.stepKey, y.stepKey) || compareKeys(x.loss, y.loss) || a - b;
  });
  const k = Math.max(0, Math.min(observations.length, nBelow));
  return { below: order.slice(0, k).sort((a, b) => a - b), above: order.slice(k).sort((a, b) => a - b) };
}

function compareKeys(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
