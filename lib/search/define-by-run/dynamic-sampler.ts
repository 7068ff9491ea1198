/**
 * The sampler contract of define-by-run studies (Optuna's `BaseSampler`): a
 * sampler that can answer for parameters it learns of only as the objective
 * asks for them.
 *
 * - At a trial's start the study asks for the *relative search space*
 *   (parameters the sampler wants to draw together, inferred from the
 *   finished trials) and draws them (`sampleRelative`).
 * - Every other parameter the objective asks for is drawn on its own, from
 *   the trials that have it (`sampleIndependent`).
 *
 * Every sampler of the engine also has `suggest` (a fixed-space sampler fixes
 * a trial's parameters when it is created: a define-by-run objective then
 * gets those values); a purely define-by-run sampler proposes empty
 * parameters there and answers here.
 */
import { Rng, deriveSeed } from '../../core/rng.js';
import type { Sampler } from '../sampler.js';
import type { Dimension } from '../space/dimensions.js';
import type { ParamSet } from '../space/parameter-grid.js';
import type { Direction, RunningTrial, Trial } from '../trial.js';
import type { SearchSpaceRecord } from './search-spaces.js';

/** What a define-by-run sampler knows of the trial it samples for. */
export interface DynamicSamplingContext {
  readonly direction: Direction;
  /** The trial being run (its `params` hold what it was given so far). */
  readonly trial: RunningTrial;
}

/** A sampler for define-by-run trials. */
export interface DynamicSampler {
  /** The parameters to draw together at the start of `context.trial`. @default {} (none) */
  inferRelativeSearchSpace?(trials: readonly Trial[], context: DynamicSamplingContext): SearchSpaceRecord;
  /** Draws the relative search space's parameters (may leave some out: they are then drawn independently). */
  sampleRelative?(trials: readonly Trial[], space: SearchSpaceRecord, context: DynamicSamplingContext): ParamSet;
  /** Draws one parameter on its own. */
  sampleIndependent(trials: readonly Trial[], name: string, dimension: Dimension, context: DynamicSamplingContext): unknown;
}

/**
 * True for a sampler that can draw define-by-run parameters.
 * @example
 * ```ts
 * isDynamicSampler(new TPESampler()); // true
 * isDynamicSampler(new GridSampler({ x: [1, 2] })); // false: it fixes whole parameter sets
 * ```
 */
export function isDynamicSampler(sampler: Sampler | DynamicSampler): sampler is Sampler & DynamicSampler {
  return typeof (sampler as Partial<DynamicSampler>).sampleIndependent === 'function';
}

/** A stable 32-bit hash of a parameter name (FNV-1a). */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * The generator of one draw: seeded from the sampler's seed, the trial and
 * the parameter's name (or `relative`), so a trial's values do not depend on
 * which other trials ran before it in this process, or in which order the
 * objective asks for its parameters.
 */
export function drawRng(seed: number, trialId: number, name: string | undefined): Rng {
  return new Rng(deriveSeed(seed, trialId, name === undefined ? 0x5e1a : nameHash(name)));
}
