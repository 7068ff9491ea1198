/**
 * ParameterSampler: candidates drawn from distributions and lists.
 */
import type { RandomStateLike } from '../../core/check-random-state.js';
import { checkRandomStateOption, resolveRandomState } from '../../core/check-random-state.js';
import { InvalidParameterError } from '../../core/errors.js';
import { freshSeed } from '../../core/rng.js';
import { sampleWithoutReplacement } from '../../core/sample-without-replacement.js';
import { checkInteger, formatValue } from '../../core/validate.js';
import { warn } from '../../core/warnings.js';
import type { DistributionLike } from './distributions.js';
import { isDistribution } from './distributions.js';
import type { ParamSet } from './parameter-grid.js';
import { ParameterGrid } from './parameter-grid.js';

/** For each parameter, a list of values (sampled uniformly) or a distribution. */
export type DistributionSpec = Readonly<Record<string, readonly unknown[] | DistributionLike<unknown>>>;

/**
 * Distributions typed against an estimator's params interface `P`: a list of
 * values of the param's type or a distribution producing it.
 */
export type ParamDistributions<P> = { readonly [K in keyof P]?: readonly P[K][] | DistributionLike<P[K]> };

/** Options of {@link ParameterSampler}. */
export interface ParameterSamplerOptions {
  /**
   * Seed of the draws (numpy's `RandomState(seed)`, as scikit-learn), or a
   * `RandomState` that advances at every {@link ParameterSampler.candidates} call;
   * undefined draws a fresh seed once (the same candidates on every call, not
   * reproducible across runs). @default undefined
   */
  readonly randomState?: RandomStateLike | undefined;
}

function checkSpec(owner: string, spec: unknown, position: number | undefined): DistributionSpec {
  const where = position === undefined ? '' : ` (distributions ${position})`;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidParameterError(
      `The parameter distributions of ${owner} must be a record or an array of records${where}. Got ${formatValue(spec)} instead.`,
      { owner, argument: 'paramDistributions', value: spec, expected: 'a record or an array of records' },
    );
  }
  for (const [key, value] of Object.entries(spec)) {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        throw new InvalidParameterError(
          `The values for parameter "${key}" of ${owner} must be a non-empty array${where}. Got [] instead.`,
          { owner, argument: key, value, expected: 'a non-empty array' },
        );
      }
    } else if (!isDistribution(value)) {
      throw new InvalidParameterError(
        `The values for parameter "${key}" of ${owner} must be an array or a distribution (an object with a sample(rng) method)${where}. Got ${formatValue(value)} instead.`,
        { owner, argument: key, value, expected: 'an array or a distribution' },
      );
    }
  }
  return spec as DistributionSpec;
}

/**
 * `nIter` candidates drawn from `distributions`, the same as scikit-learn's
 * `ParameterSampler` for the same seed. When every entry of every record is a
 * list, candidates are drawn from the grid without replacement (scikit-learn's
 * `sample_without_replacement` over the ParameterGrid's indices; at most the
 * grid's size, with a warning when `nIter` is larger); otherwise each draw picks a
 * record (`rng.choice`), then a value per parameter in sorted key order: a
 * distribution's `sample(rng)` (scipy's `rvs(random_state=rng)` for the built-in
 * ones), a list's `values[rng.randint(length)]`.
 *
 * @example
 * ```ts
 * const sampler = new ParameterSampler({ alpha: logUniform(1e-3, 1e3), fitIntercept: [true, false] }, 10, { randomState: 0 });
 * const candidates = [...sampler]; // 10 param sets, the same for the same randomState
 * ```
 */
export class ParameterSampler implements Iterable<ParamSet> {
  private readonly specs: readonly DistributionSpec[];
  private readonly nIter: number;
  private readonly randomState: RandomStateLike;

  constructor(
    distributions: DistributionSpec | readonly DistributionSpec[],
    nIter: number,
    options: ParameterSamplerOptions = {},
    owner = 'ParameterSampler',
  ) {
    if (Array.isArray(distributions)) {
      if (distributions.length === 0) {
        throw new InvalidParameterError(`The parameter distributions of ${owner} must hold at least one record. Got [] instead.`, {
          owner,
          argument: 'paramDistributions',
          value: distributions,
          expected: 'a non-empty array',
        });
      }
      this.specs = distributions.map((d, i) => checkSpec(owner, d, i));
    } else {
      this.specs = [checkSpec(owner, distributions, undefined)];
    }
    this.nIter = checkInteger(owner, 'nIter', nIter, { min: 1 });
    this.randomState = checkRandomStateOption(owner, options.randomState) ?? freshSeed();
  }

  /** True when every value is a list (candidates come from a finite grid). */
  get isAllLists(): boolean {
    return this.specs.every((spec) => Object.values(spec).every((v) => Array.isArray(v)));
  }

  /** The number of candidates the sampler yields (nIter, or the grid size if smaller). */
  get length(): number {
    if (this.isAllLists) return Math.min(this.nIter, new ParameterGrid(this.specs as unknown as Record<string, unknown[]>[]).length);
    return this.nIter;
  }

  /**
   * All candidates, in order: the same on every call for a seed; a `RandomState`
   * advances, as scikit-learn's iterator does.
   */
  candidates(): ParamSet[] {
    const rng = resolveRandomState(this.randomState);
    if (this.isAllLists) {
      const grid = new ParameterGrid(this.specs as unknown as Record<string, unknown[]>[]);
      let n = this.nIter;
      if (grid.length < n) {
        warn(
          `The total space of parameters ${grid.length} is smaller than nIter=${this.nIter}. ` +
            `Running ${grid.length} iterations. For exhaustive searches, use GridSearchCV.`,
          'UserWarning',
        );
        n = grid.length;
      }
      return sampleWithoutReplacement(grid.length, n, rng).map((i) => grid.at(i));
    }
    const out: ParamSet[] = [];
    for (let it = 0; it < this.nIter; it++) {
      const spec = rng.choice(this.specs);
      const params: Record<string, unknown> = {};
      for (const key of Object.keys(spec).sort()) {
        const v = spec[key] as readonly unknown[] | DistributionLike<unknown>;
        params[key] = Array.isArray(v) ? v[rng.randint(v.length)] : (v as DistributionLike<unknown>).sample(rng);
      }
      out.push(Object.freeze(params));
    }
    return out;
  }

  [Symbol.iterator](): Iterator<ParamSet> {
    return this.candidates()[Symbol.iterator]();
  }
}
