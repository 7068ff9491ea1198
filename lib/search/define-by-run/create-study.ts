/**
 * `createStudy`: a define-by-run study the way Optuna's `create_study` makes
 * one (TPE by default, minimizing by default).
 */
import type { Sampler } from '../sampler.js';
import { TPESampler } from '../samplers/tpe/tpe-sampler.js';
import type { StudyStorage } from '../storage/storage.js';
import { Study } from '../study.js';
import type { Pruner } from '../trial-context.js';
import type { Direction } from '../trial.js';
import type { DynamicSampler } from './dynamic-sampler.js';
import type { TrialObjective } from './start-trial.js';

/** Options of {@link createStudy}. */
export interface DefineByRunStudyOptions {
  /** Whether smaller or larger values are better. @default 'minimize' (Optuna's default) */
  readonly direction?: Direction | undefined;
  /** The sampler. @default new TPESampler() (Optuna's default sampler; multivariate, see TPESampler) */
  readonly sampler?: Sampler | (Sampler & DynamicSampler) | undefined;
  /** Stops unpromising trials from their reported values (`trial.report`, `trial.shouldPrune`). @default undefined (no pruning) */
  readonly pruner?: Pruner | undefined;
  /**
   * Where the trials are kept: a study opened in a storage, e.g.
   * `await openStorage('study.log').createStudy({ name: 'demo', directions: ['minimize'] }, { loadIfExists: true })`.
   * @default a new memory storage
   */
  readonly storage?: StudyStorage | undefined;
  /** Several processes run the storage's study together (see `Study`'s `shared`). @default false */
  readonly shared?: boolean | undefined;
  /** Seed of each trial's generator (`trial.rng`); samplers have their own `randomState`. @default undefined (fresh) */
  readonly randomState?: number | undefined;
}

/**
 * A define-by-run study: the objective asks its trial for parameters.
 * @example
 * ```ts
 * const study = createStudy({ direction: 'minimize', sampler: new TPESampler({ randomState: 10 }) });
 * await study.optimize((trial) => {
 *   const x = trial.suggestFloat('x', -10, 10);
 *   return (x - 2) ** 2;
 * }, { nTrials: 100 });
 * study.bestParams; // { x: 2.0… }
 * ```
 */
export function createStudy(options: DefineByRunStudyOptions = {}): Study<TrialObjective> {
  return new Study<TrialObjective>({
    sampler: options.sampler ?? new TPESampler(),
    direction: options.direction ?? 'minimize',
    pruner: options.pruner,
    storage: options.storage,
    shared: options.shared,
    randomState: options.randomState,
    defineByRun: true,
  });
}
