/**
 * The search spaces a sampler infers from a define-by-run study's trials
 * (Optuna's `IntersectionSearchSpace` and `_GroupDecomposedSearchSpace`): the
 * parameters it can sample together at a trial's start ("relative"
 * sampling). Parameters outside them are sampled one at a time as the
 * objective asks for them ("independent" sampling).
 */
import type { Dimension } from '../space/dimensions.js';
import { sameDimension } from '../space/dimension-json.js';
import type { Trial } from '../trial.js';
import { decodeDynamicTrial } from './trial-record.js';

/** Named dimensions. */
export type SearchSpaceRecord = Readonly<Record<string, Dimension>>;

/** Which finished trials define a space. */
export interface SpaceTrialsOptions {
  /** Pruned trials count as well as complete ones. @default false */
  readonly includePruned?: boolean | undefined;
}

function counted(trial: Trial, options: SpaceTrialsOptions): boolean {
  return trial.state === 'complete' || (trial.state === 'pruned' && (options.includePruned ?? false));
}

/** Sorted by name, so every process builds the same space. */
function sorted(space: Readonly<Record<string, Dimension>>): SearchSpaceRecord {
  return Object.freeze(Object.fromEntries(Object.keys(space).sort().map((k) => [k, space[k] as Dimension])));
}

/**
 * The parameters every finished trial has, each with the same distribution in
 * all of them (a parameter whose range changed between trials is left out).
 * @example
 * ```ts
 * intersectionSearchSpace(study.trials); // { x: Real(-10, 10) } when every trial asked for x the same way
 * ```
 */
export function intersectionSearchSpace(trials: readonly Trial[], options: SpaceTrialsOptions = {}): SearchSpaceRecord {
  let space: Record<string, Dimension> | undefined;
  for (const t of trials) {
    if (!counted(t, options)) continue;
    const dists = decodeDynamicTrial(t).distributions;
    if (space === undefined) {
      space = { ...dists };
      continue;
    }
    for (const name of Object.keys(space)) {
      const d = dists[name];
      if (d === undefined || !sameDimension(d, space[name] as Dimension)) delete space[name];
    }
  }
  return sorted(space ?? {});
}

/**
 * The finished trials' parameters split into groups that always appear
 * together (Optuna's group decomposition): a conditional space such as
 * `classifier` → `{svc_c}` or `{rf_depth}` gives the groups `{classifier}`,
 * `{svc_c}` and `{rf_depth}`, so each group can be sampled jointly from the
 * trials that have it.
 * @example
 * ```ts
 * groupDecomposedSearchSpace(study.trials); // [{ classifier }, { svc_c }, { rf_depth }]
 * ```
 */
export function groupDecomposedSearchSpace(trials: readonly Trial[], options: SpaceTrialsOptions = {}): SearchSpaceRecord[] {
  let groups: Record<string, Dimension>[] = [];
  for (const t of trials) {
    if (!counted(t, options)) continue;
    const dists = decodeDynamicTrial(t).distributions;
    let rest = new Set(Object.keys(dists));
    const next: Record<string, Dimension>[] = [];
    for (const group of groups) {
      const keys = Object.keys(group);
      next.push(Object.fromEntries(keys.filter((k) => rest.has(k)).map((k) => [k, group[k] as Dimension])));
      next.push(Object.fromEntries(keys.filter((k) => !rest.has(k)).map((k) => [k, group[k] as Dimension])));
      rest = new Set([...rest].filter((k) => !keys.includes(k)));
    }
    next.push(Object.fromEntries([...rest].map((k) => [k, dists[k] as Dimension])));
    groups = next.filter((g) => Object.keys(g).length > 0);
  }
  return groups.map(sorted);
}
