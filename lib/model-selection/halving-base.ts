/**
 * What HalvingGridSearchCV and HalvingRandomSearchCV share (scikit-learn's
 * `BaseSuccessiveHalving`): the resource options, their checks, the schedule
 * (`halvingSchedule`), the `iter`/`n_resources` result columns and the choice
 * of the best candidate among the last iteration. The engine's
 * {@link SuccessiveHalvingSampler} proposes the candidates; BaseSearchCV applies
 * each trial's budget (a param, or subsampled splits for `'nSamples'`).
 */
import { InvalidParameterError, NotFittedError } from '../core/errors.js';
import type { AnyEstimator } from '../core/estimator.js';
import { freshSeed } from '../core/rng.js';
import type { RandomStateLike } from '../core/check-random-state.js';
import { checkRandomStateOption } from '../core/check-random-state.js';
import { checkBoolean, checkParam, checkReal, integerIn, invalidParameter, oneOf } from '../core/validate.js';
import type { Sampler } from '../search/sampler.js';
import type { HalvingSchedule } from '../search/schedulers/successive-halving.js';
import { SuccessiveHalvingSampler, halvingSchedule } from '../search/schedulers/successive-halving.js';
import type { ParamSet } from '../search/space/parameter-grid.js';
import type { Trial } from '../search/trial.js';
import type { BudgetSpec, SamplerSetup, SearchCVOptions } from './base-search-cv.js';
import { BaseSearchCV } from './base-search-cv.js';
import type { ContinuationOptions } from './continued-training.js';
import { CONTINUATION_OPTION_NAMES, checkContinuationOptions } from './continued-training.js';
import { HalvingSubsampler } from './halving-subsample.js';
import type { CvResults, RefitSpec } from './results.js';
import { argsortQuick } from './split/numpy-compat.js';

/** Options shared by the halving searches. */
export interface HalvingSearchCVOptions extends SearchCVOptions, ContinuationOptions {
  /**
   * What grows from one iteration to the next: `'nSamples'` (each split is cut
   * to that many of the data's rows, train and test alike) or the name of an
   * integer param of the estimator (`'epochs'`, `'nEstimators'`), set to each
   * iteration's resource.
   * @default 'nSamples'
   */
  readonly resource?: 'nSamples' | (string & {}) | undefined;
  /** The resource multiplier and the inverse of the fraction of candidates kept (> 1). @default 3 */
  readonly factor?: number | undefined;
  /**
   * The first iteration's resource: a number; `'smallest'` (2 × nSplits ×
   * nClasses samples for a classifier, 2 × nSplits for a regressor, 1 for a
   * param); or `'exhaust'`, as large as lets the last iteration use about
   * `maxResources`.
   * @default 'exhaust' (HalvingGridSearchCV), 'smallest' (HalvingRandomSearchCV)
   */
  readonly minResources?: 'exhaust' | 'smallest' | number | undefined;
  /** The most resource a candidate gets; `'auto'` is the number of samples (resource `'nSamples'` only). @default 'auto' */
  readonly maxResources?: 'auto' | number | undefined;
  /** Run as many iterations as needed to end with fewer than `factor` candidates, repeating the first resource if needed. @default false */
  readonly aggressiveElimination?: boolean | undefined;
  /**
   * Seed of the subsampling (resource `'nSamples'`) and, for the random search, of
   * the candidates: numpy's `RandomState(seed)`, scikit-learn's draws. A
   * {@link RandomState} is shared as scikit-learn shares it: each fit draws the
   * candidates from it, then every iteration's subsamples, so it advances.
   * @default undefined (fresh seed)
   */
  readonly randomState?: RandomStateLike | undefined;
  /** Also score on the training rows (scikit-learn's halving default). @default true */
  readonly returnTrainScore?: boolean | undefined;
}

/** The option names the halving searches add to the shared ones. */
export const HALVING_OPTION_NAMES = ['resource', 'factor', 'minResources', 'maxResources', 'aggressiveElimination', 'randomState', ...CONTINUATION_OPTION_NAMES] as const;

/** The default factor (scikit-learn's). */
export const DEFAULT_FACTOR = 3;

/** numpy's `np.roll(np.argsort(scores), nNaN)`: ascending, NaN first, numpy's tie order. */
export function numpyScoreOrder(scores: readonly number[]): Int32Array {
  const nNaN = scores.filter((s) => Number.isNaN(s)).length;
  const order = argsortQuick(scores.map((s) => (Number.isNaN(s) ? Infinity : s)));
  const n = order.length;
  return Int32Array.from({ length: n }, (_, i) => order[(i - nNaN + n) % n] as number);
}

/**
 * The shared machinery of {@link HalvingGridSearchCV} and {@link HalvingRandomSearchCV}.
 * A subclass only lists its candidates.
 *
 * @example
 * ```ts
 * // successive halving over a fixed list of candidates
 * class HalvingListSearchCV<E extends AnyEstimator> extends BaseSuccessiveHalving<E> {
 *   constructor(estimator: E, private readonly list: ParamSet[], options: HalvingSearchCVOptions = {}) {
 *     super('HalvingListSearchCV', estimator, options, [], 'exhaust', list.flatMap((p) => Object.keys(p)));
 *   }
 *   protected describeSpace(): unknown {
 *     return this.list;
 *   }
 *   protected candidateParams(): ParamSet[] {
 *     return this.list;
 *   }
 * }
 * ```
 */
export abstract class BaseSuccessiveHalving<E extends AnyEstimator> extends BaseSearchCV<E> {
  readonly resource: string;
  readonly factor: number;
  readonly aggressiveElimination: boolean;
  readonly randomState: RandomStateLike | undefined;
  /** The `minResources` option as given. */
  protected readonly minResourcesOption: 'exhaust' | 'smallest' | number;
  /** The `maxResources` option as given. */
  protected readonly maxResourcesOption: 'auto' | number;
  /** How promotions continue training (a param resource the estimator continues along); undefined when they restart. */
  private readonly continuation: { readonly memoryMb: number } | undefined;
  private schedule: HalvingSchedule | undefined;
  private sampler: SuccessiveHalvingSampler | undefined;
  private seed = 0;
  private subsampler: HalvingSubsampler | undefined;

  protected constructor(
    owner: string,
    estimator: E,
    options: HalvingSearchCVOptions,
    extraNames: readonly string[],
    defaultMinResources: 'exhaust' | 'smallest',
    searchedNames: readonly string[],
  ) {
    super(owner, estimator, { ...options, returnTrainScore: options.returnTrainScore ?? true }, [...HALVING_OPTION_NAMES, ...extraNames]);
    const kind = { kind: 'option' as const };
    this.factor = checkReal(owner, 'factor', options.factor ?? DEFAULT_FACTOR, { min: 1, minInclusive: false });
    this.aggressiveElimination = checkBoolean(owner, 'aggressiveElimination', options.aggressiveElimination ?? false);
    this.randomState = checkRandomStateOption(owner, options.randomState);
    this.minResourcesOption = checkParam(owner, 'minResources', options.minResources ?? defaultMinResources, [oneOf(['exhaust', 'smallest']), integerIn({ min: 1 })], kind);
    this.maxResourcesOption = checkParam(owner, 'maxResources', options.maxResources ?? 'auto', [oneOf(['auto']), integerIn({ min: 1 })], kind);
    const resource = options.resource ?? 'nSamples';
    const paramNames = Object.keys(estimator.getParams(true) as object);
    if (resource !== 'nSamples' && (typeof resource !== 'string' || !paramNames.includes(resource))) {
      throw invalidParameter(owner, 'resource', `'nSamples' or a parameter of ${estimator.constructor.name} (${paramNames.map((n) => `"${n}"`).join(', ')})`, resource, kind);
    }
    this.resource = resource;
    this.continuation = checkContinuationOptions(owner, options, estimator, resource);
    if (resource !== 'nSamples' && this.maxResourcesOption === 'auto') {
      throw invalidParameter(owner, 'maxResources', `an int in the range [1, inf) when the resource is a parameter ("${resource}")`, 'auto', {
        kind: 'option',
        hint: "'auto' means the number of samples and applies to resource 'nSamples' only.",
      });
    }
    if (typeof this.minResourcesOption === 'number' && typeof this.maxResourcesOption === 'number' && this.minResourcesOption > this.maxResourcesOption) {
      throw invalidParameter(owner, 'minResources', `at most maxResources (${this.maxResourcesOption})`, this.minResourcesOption, kind);
    }
    if (searchedNames.includes(resource)) {
      throw new InvalidParameterError(
        `The "resource" option of ${owner} names "${resource}", which is also a searched parameter; a parameter cannot be both. Remove it from the search space or choose another resource.`,
        { owner, argument: 'resource', value: resource, expected: 'a parameter that is not searched' },
      );
    }
    const scoring = options.scoring;
    if (scoring !== undefined && typeof scoring !== 'string' && typeof scoring !== 'function') {
      throw invalidParameter(owner, 'scoring', 'a scorer name or a scorer function (halving ranks candidates by one metric)', scoring, kind);
    }
    if (options.refit !== undefined && typeof options.refit !== 'boolean') {
      throw invalidParameter(owner, 'refit', 'a boolean (the best candidate is chosen among the last iteration)', options.refit, kind);
    }
  }

  /** The candidates of the first iteration, given the resolved resources. */
  protected abstract candidateParams(minResources: number, maxResources: number, randomState: RandomStateLike): ParamSet[];

  /** The resources of the first and the last iteration, given the data. */
  private resources(setup: SamplerSetup): { minResources: number; maxResources: number } {
    const maxResources = this.maxResourcesOption === 'auto' ? setup.nSamples : this.maxResourcesOption;
    let minResources: number;
    if (typeof this.minResourcesOption === 'number') minResources = this.minResourcesOption;
    else if (this.resource === 'nSamples') minResources = 2 * setup.nSplits * (setup.nClasses ?? 1);
    else minResources = 1;
    if (minResources > maxResources) {
      throw invalidParameter(this.owner, 'minResources', `at most maxResources (${maxResources})`, minResources, {
        kind: 'option',
        hint:
          typeof this.minResourcesOption === 'number'
            ? undefined
            : `'${this.minResourcesOption}' gave ${minResources} (2 × ${setup.nSplits} splits${setup.nClasses === undefined ? '' : ` × ${setup.nClasses} classes`}); pass a smaller number or use more samples.`,
      });
    }
    return { minResources, maxResources };
  }

  protected override checkSamplerSetup(setup: SamplerSetup): void {
    this.resources(setup);
  }

  protected override createSampler(setup: SamplerSetup): Sampler {
    const { minResources, maxResources } = this.resources(setup);
    // without a randomState, a study in a storage keeps the seed, so that a resumed search draws the same
    const randomState = this.randomState ?? setup.seed ?? freshSeed();
    // a shared RandomState gives no seed to key the splits' results with: their rows do
    this.seed = typeof randomState === 'number' ? randomState : 0;
    const candidates = this.candidateParams(minResources, maxResources, randomState);
    this.schedule = halvingSchedule({
      nCandidates: candidates.length,
      factor: this.factor,
      minResources,
      exhaust: this.minResourcesOption === 'exhaust',
      maxResources,
      aggressiveElimination: this.aggressiveElimination,
    });
    // scikit-learn draws the subsamples after the candidates, iteration by iteration
    this.subsampler = new HalvingSubsampler(randomState, this.schedule.nResources);
    // best first, so that a search stopped early (a target, a timeout) has tried the most promising candidates;
    // cvResults keeps scikit-learn's row order (resultOrder)
    this.sampler = new SuccessiveHalvingSampler(candidates, this.schedule, {
      budgetParam: this.resource === 'nSamples' ? undefined : this.resource,
      order: numpyScoreOrder,
      promotionOrder: 'best-first',
    });
    return this.sampler;
  }

  /** scikit-learn's row order: each iteration's promoted candidates ascending by their previous score, though they ran best first. */
  protected override resultOrder(trials: readonly Trial[]): readonly Trial[] {
    return this.sampler === undefined ? trials : this.sampler.resultOrder(trials, 'maximize');
  }

  protected override budgetSpec(): BudgetSpec {
    const schedule = this.schedule;
    const continuation =
      this.continuation === undefined || schedule === undefined
        ? undefined
        : {
            memoryMb: this.continuation.memoryMb,
            finalBudget: schedule.nResources[schedule.nResources.length - 1] as number,
            roundOf: (meta: Readonly<Record<string, unknown>>) => ({ group: '', round: meta.iter as number }),
          };
    return { resource: this.resource, seed: this.seed, subsampler: this.subsampler, continuation };
  }

  protected override extraColumns(): readonly string[] {
    return this.continuation === undefined ? ['iter', 'n_resources'] : ['iter', 'n_resources', 'continued_from'];
  }

  protected override extraValues(trial: Trial): Readonly<Record<string, unknown>> {
    if (this.continuation === undefined) return { iter: trial.meta.iter, n_resources: trial.budget };
    const from = trial.attrs.continued_from;
    return { iter: trial.meta.iter, n_resources: trial.budget, continued_from: typeof from === 'number' ? from : NaN };
  }

  /** The best candidate of the last iteration (the first when none has a score), as scikit-learn does. */
  protected override selectBest(cvResults: CvResults, _refit: RefitSpec, refitMetric: string): number | undefined {
    const iters = cvResults.iter as readonly number[];
    if (iters.length === 0) return undefined;
    const last = Math.max(...iters);
    const means = cvResults[`mean_test_${refitMetric}`] as readonly number[];
    let best: number | undefined;
    iters.forEach((it, i) => {
      if (it !== last) return;
      const v = means[i] as number;
      if (best === undefined || (!Number.isNaN(v) && (Number.isNaN(means[best] as number) || v > (means[best] as number)))) best = i;
    });
    return best;
  }

  private get fittedSchedule(): HalvingSchedule {
    if (this.schedule === undefined) {
      throw new NotFittedError(`This ${this.owner} instance is not fitted yet. Call "fit" with appropriate arguments before using this attribute.`);
    }
    return this.schedule;
  }

  /** The resource of each iteration (`n_resources_`). */
  get nResources(): readonly number[] {
    return this.fittedSchedule.nResources;
  }
  /** The candidates of each iteration (`n_candidates_`). */
  get nCandidates(): readonly number[] {
    return this.fittedSchedule.nCandidates;
  }
  /** Candidates left after the last iteration (`n_remaining_candidates_`). */
  get nRemainingCandidates(): number {
    return this.fittedSchedule.nRemainingCandidates;
  }
  /** Iterations run (`n_iterations_`). */
  get nIterations(): number {
    return this.fittedSchedule.nIterations;
  }
  /** Iterations possible without exceeding maxResources (`n_possible_iterations_`). */
  get nPossibleIterations(): number {
    return this.fittedSchedule.nPossibleIterations;
  }
  /** Iterations needed to end with fewer than `factor` candidates (`n_required_iterations_`). */
  get nRequiredIterations(): number {
    return this.fittedSchedule.nRequiredIterations;
  }
  /** The first iteration's resource (`min_resources_`). */
  get minResources(): number {
    return this.fittedSchedule.minResources;
  }
  /** The resource cap (`max_resources_`). */
  get maxResources(): number {
    return this.fittedSchedule.maxResources;
  }
}
