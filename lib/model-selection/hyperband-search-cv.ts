/**
 * HyperbandSearchCV: Hyperband (Li et al. 2018) over an estimator's
 * hyperparameters, cross-validated, with candidates from random sampling or TPE
 * (a BOHB-like search).
 */
import { InvalidParameterError, NotFittedError } from '../core/errors.js';
import type { AnyEstimator, ParamsOf } from '../core/estimator.js';
import { freshSeed } from '../core/rng.js';
import type { RandomStateLike } from '../core/check-random-state.js';
import { checkRandomStateOption, seedFromRandomState } from '../core/check-random-state.js';
import { checkInteger, checkParam, checkReal, invalidParameter, oneOf } from '../core/validate.js';
import type { Sampler } from '../search/sampler.js';
import { RandomSampler } from '../search/samplers/list-sampler.js';
import { TPESampler } from '../search/samplers/tpe/tpe-sampler.js';
import type { HyperbandBracket } from '../search/schedulers/hyperband.js';
import { HyperbandSampler, hyperbandBrackets } from '../search/schedulers/hyperband.js';
import type { DistributionSpec, ParamDistributions } from '../search/space/parameter-sampler.js';
import { ParameterSampler } from '../search/space/parameter-sampler.js';
import type { SpaceSpec } from '../search/space/dimensions.js';
import { Space } from '../search/space/search-space.js';
import type { Trial } from '../search/trial.js';
import type { BudgetSpec, SamplerSetup, SearchCVOptions } from './base-search-cv.js';
import { BaseSearchCV } from './base-search-cv.js';
import type { ContinuationOptions } from './continued-training.js';
import { CONTINUATION_OPTION_NAMES, checkContinuationOptions } from './continued-training.js';
import type { CvResults, RefitSpec } from './results.js';
import { selectBestIndex } from './results.js';

/** Where new configurations come from: random sampling, TPE, or a sampler of your own. */
export type HyperbandCandidates = 'random' | 'tpe' | ((options: { readonly nConfigs: number; readonly randomState: number }) => Sampler);

/** Options of {@link HyperbandSearchCV}. */
export interface HyperbandSearchCVOptions extends SearchCVOptions, ContinuationOptions {
  /**
   * What a bracket's rounds grow: an integer param of the estimator, or
   * `'nSamples'` (each split cut to that many rows).
   * @default 'epochs' when the estimator has an `epochs` param, else 'nSamples'
   */
  readonly resource?: 'nSamples' | (string & {}) | undefined;
  /** R: the most resource one candidate gets. @default the number of samples for 'nSamples' (required for a param) */
  readonly maxResource?: number | undefined;
  /** The smallest resource a round uses. @default 1 (a param), 2 × nSplits × nClasses (samples) */
  readonly minResource?: number | undefined;
  /** η: each round keeps the best 1/η with η times the resource. @default 3 */
  readonly factor?: number | undefined;
  /** How many times the set of brackets runs. @default 1 */
  readonly hyperbandIterations?: number | undefined;
  /**
   * Where new configurations come from. `'tpe'` learns from the results at the
   * largest resource with enough of them (BOHB's rule); a function returns a
   * sampler that reads everything from the trials it is given (as TPE does).
   * @default 'random'
   */
  readonly candidates?: HyperbandCandidates | undefined;
  /**
   * Seed of the candidates and the subsampling, or a {@link RandomState} each fit
   * draws that seed from (scikit-learn has no Hyperband: its draws are tunekit's,
   * seeded from it; the object advances). @default undefined (fresh seed)
   */
  readonly randomState?: RandomStateLike | undefined;
}

const OWNER = 'HyperbandSearchCV';
const OPTION_NAMES = ['resource', 'maxResource', 'minResource', 'factor', 'hyperbandIterations', 'candidates', 'randomState', ...CONTINUATION_OPTION_NAMES];

/**
 * Hyperband over an estimator's hyperparameters with cross-validation: several
 * brackets of successive halving, from "many candidates, a little resource each"
 * to "few candidates, all the resource", so that cheap early results prune the
 * hopeless while late bloomers still get a chance. Each (round, candidate) is a
 * row of `cvResults` with `hyperband_iter`, `bracket`, `round`, `config` and
 * `n_resources` columns; the best candidate is the best among the scored rows
 * that used the most resource (with less, scores are not comparable).
 *
 * @example
 * ```ts
 * const mlp: BuildFunction<{ units: number }> = ({ units }, meta) => buildYourNetwork(units, meta.nFeaturesIn, meta.nClasses);
 * const search = await new HyperbandSearchCV(new KerasClassifier({ model: mlp, verbose: 0 }), {
 *   model__units: [16, 32, 64, 128],
 *   optimizer__learningRate: logUniform(1e-4, 1e-1),
 * }, { resource: 'epochs', maxResource: 27, factor: 3, cv: 3, candidates: 'tpe', randomState: 0 }).fit(X, y);
 * search.brackets; // 4 brackets: 27 × 1 epoch ... 4 × 27 epochs
 * search.bestParams; // epochs: 27 and the best units / learning rate
 * ```
 */
export class HyperbandSearchCV<E extends AnyEstimator> extends BaseSearchCV<E> {
  readonly paramDistributions: ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[];
  readonly resource: string;
  readonly factor: number;
  readonly hyperbandIterations: number;
  readonly candidates: HyperbandCandidates;
  readonly randomState: RandomStateLike | undefined;
  private readonly maxResourceOption: number | undefined;
  private readonly minResourceOption: number | undefined;
  /** How promotions continue training (a param resource the estimator continues along); undefined when they restart. */
  private readonly continuation: { readonly memoryMb: number } | undefined;
  private fittedBrackets: readonly HyperbandBracket[] | undefined;
  private fittedMaxResource = 0;
  private seed = 0;

  constructor(
    estimator: E,
    paramDistributions: ParamDistributions<ParamsOf<E>> | readonly ParamDistributions<ParamsOf<E>>[],
    options: HyperbandSearchCVOptions = {},
  ) {
    super(OWNER, estimator, options, OPTION_NAMES);
    const kind = { kind: 'option' as const };
    const paramNames = Object.keys(estimator.getParams(true) as object);
    const resource = options.resource ?? (paramNames.includes('epochs') ? 'epochs' : 'nSamples');
    if (resource !== 'nSamples' && (typeof resource !== 'string' || !paramNames.includes(resource))) {
      throw invalidParameter(OWNER, 'resource', `'nSamples' or a parameter of ${estimator.constructor.name} (${paramNames.map((n) => `"${n}"`).join(', ')})`, resource, kind);
    }
    this.resource = resource;
    this.continuation = checkContinuationOptions(OWNER, options, estimator, resource);
    this.factor = checkReal(OWNER, 'factor', options.factor ?? 3, { min: 1, minInclusive: false });
    this.hyperbandIterations = checkInteger(OWNER, 'hyperbandIterations', options.hyperbandIterations ?? 1, { min: 1 });
    this.maxResourceOption = options.maxResource === undefined ? undefined : checkInteger(OWNER, 'maxResource', options.maxResource, { min: 1 });
    this.minResourceOption = options.minResource === undefined ? undefined : checkInteger(OWNER, 'minResource', options.minResource, { min: 1 });
    if (resource !== 'nSamples' && this.maxResourceOption === undefined) {
      throw invalidParameter(OWNER, 'maxResource', `an int in the range [1, inf) when the resource is a parameter ("${resource}")`, undefined, kind);
    }
    if (this.minResourceOption !== undefined && this.maxResourceOption !== undefined && this.minResourceOption > this.maxResourceOption) {
      throw invalidParameter(OWNER, 'minResource', `at most maxResource (${this.maxResourceOption})`, this.minResourceOption, kind);
    }
    this.candidates = checkParam<HyperbandCandidates>(OWNER, 'candidates', options.candidates ?? 'random', [oneOf(['random', 'tpe']), { description: 'a function returning a sampler', test: (v) => typeof v === 'function' }], kind);
    this.randomState = checkRandomStateOption(OWNER, options.randomState);
    const searched = (Array.isArray(paramDistributions) ? paramDistributions : [paramDistributions]).flatMap((d) => Object.keys(d as object));
    if (searched.includes(resource)) {
      throw new InvalidParameterError(
        `The "resource" option of ${OWNER} names "${resource}", which is also a searched parameter; a parameter cannot be both. Remove it from the search space or choose another resource.`,
        { owner: OWNER, argument: 'resource', value: resource, expected: 'a parameter that is not searched' },
      );
    }
    this.paramDistributions = paramDistributions;
    new ParameterSampler(paramDistributions as DistributionSpec, 1, { randomState: 0 }, OWNER);
  }

  protected describeSpace(): unknown {
    return this.paramDistributions;
  }

  /** The resource range, given the data. */
  private resourceRange(setup: SamplerSetup): { maxResource: number; minResource: number } {
    const maxResource = this.maxResourceOption ?? setup.nSamples;
    const minResource = this.minResourceOption ?? (this.resource === 'nSamples' ? 2 * setup.nSplits * (setup.nClasses ?? 1) : 1);
    if (minResource > maxResource) {
      throw invalidParameter(OWNER, 'minResource', `at most maxResource (${maxResource})`, minResource, { kind: 'option' });
    }
    return { maxResource, minResource };
  }

  protected override checkSamplerSetup(setup: SamplerSetup): void {
    this.resourceRange(setup);
    if (this.candidates === 'tpe' && Array.isArray(this.paramDistributions)) {
      throw invalidParameter(OWNER, 'candidates', "'random' when the search space is a list of spaces", 'tpe', { kind: 'option' });
    }
  }

  protected createSampler(setup: SamplerSetup): Sampler {
    const { maxResource, minResource } = this.resourceRange(setup);
    this.fittedMaxResource = maxResource;
    this.seed = seedFromRandomState(this.randomState) ?? setup.seed ?? freshSeed();
    const options = { maxResource, minResource, factor: this.factor, hyperbandIterations: this.hyperbandIterations };
    const probe = new HyperbandSampler({ suggest: () => ({ kind: 'stop' }) }, options);
    const nConfigs = probe.plannedConfigs;
    // the same seed as RandomizedSearchCV's: with randomState s, the random configurations are those
    // RandomizedSearchCV({ nIter: nConfigs, randomState: s }) evaluates, in the same order
    const randomState = this.seed;
    let inner: Sampler;
    if (this.candidates === 'random') {
      inner = new RandomSampler(this.paramDistributions as DistributionSpec | readonly DistributionSpec[], nConfigs, { randomState }, OWNER);
    } else if (this.candidates === 'tpe') {
      inner = new TPESampler(new Space(this.paramDistributions as SpaceSpec, OWNER), { randomState });
    } else {
      inner = this.candidates({ nConfigs, randomState });
    }
    const sampler = new HyperbandSampler(inner, { ...options, budgetParam: this.resource === 'nSamples' ? undefined : this.resource });
    this.fittedBrackets = sampler.brackets;
    return sampler;
  }

  protected override budgetSpec(): BudgetSpec {
    const continuation =
      this.continuation === undefined
        ? undefined
        : {
            memoryMb: this.continuation.memoryMb,
            finalBudget: this.fittedMaxResource,
            roundOf: (meta: Readonly<Record<string, unknown>>) => ({ group: `${String(meta.hyperbandIteration)}:${String(meta.bracket)}`, round: meta.round as number }),
          };
    return { resource: this.resource, seed: this.seed, continuation };
  }

  protected override extraColumns(): readonly string[] {
    const columns = ['hyperband_iter', 'bracket', 'round', 'config', 'n_resources'];
    return this.continuation === undefined ? columns : [...columns, 'continued_from'];
  }

  protected override extraValues(trial: Trial): Readonly<Record<string, unknown>> {
    const m = trial.meta;
    const values = { hyperband_iter: m.hyperbandIteration, bracket: m.bracket, round: m.round, config: m.config, n_resources: trial.budget };
    if (this.continuation === undefined) return values;
    const from = trial.attrs.continued_from;
    return { ...values, continued_from: typeof from === 'number' ? from : NaN };
  }

  /** The best row among those with a score at the largest resource any scored row used. */
  protected override selectBest(cvResults: CvResults, refit: RefitSpec, refitMetric: string): number | undefined {
    if (typeof refit === 'function') return selectBestIndex(cvResults, refit, refitMetric, OWNER);
    const resources = cvResults.n_resources as readonly number[];
    const means = cvResults[`mean_test_${refitMetric}`] as readonly number[];
    const top = Math.max(...resources.filter((_, i) => !Number.isNaN(means[i] as number)));
    let best: number | undefined;
    resources.forEach((r, i) => {
      const v = means[i] as number;
      if (r !== top || Number.isNaN(v)) return;
      if (best === undefined || v > (means[best] as number)) best = i;
    });
    return best;
  }

  /** The brackets of the last fit: rounds with their candidates and resource. */
  get brackets(): readonly HyperbandBracket[] {
    if (this.fittedBrackets === undefined) {
      throw new NotFittedError(`This ${OWNER} instance is not fitted yet. Call "fit" with appropriate arguments before using this attribute.`);
    }
    return this.fittedBrackets;
  }

  /** The brackets Hyperband would run for a resource range (no data needed). */
  static brackets(maxResource: number, factor = 3, minResource = 1): HyperbandBracket[] {
    return hyperbandBrackets({ maxResource, factor, minResource }, OWNER);
  }
}
