/**
 * GPSampler: the Gaussian-process {@link Optimizer} as a {@link Sampler}, so a
 * {@link Study} (and BayesSearchCV) can use it. At each `suggest` it tells the
 * optimizer the trials that finished since the last call (a NaN, failed or
 * pruned trial is told as a failure), marks the running ones as pending
 * (constant liar) and asks for the next point.
 *
 * Built without a space it is a define-by-run sampler (as Optuna's
 * `SkoptSampler`): the parameters every complete trial has, with the same
 * distribution, form its relative search space, drawn by a GP on that space
 * at each trial's start; any other parameter is drawn at random.
 */
import { freshSeed, deriveSeed } from '../../../core/rng.js';
import { checkInteger, checkRandomState } from '../../../core/validate.js';
import type { DynamicSampler, DynamicSamplingContext } from '../../define-by-run/dynamic-sampler.js';
import { drawRng, nameHash } from '../../define-by-run/dynamic-sampler.js';
import type { SearchSpaceRecord } from '../../define-by-run/search-spaces.js';
import { intersectionSearchSpace } from '../../define-by-run/search-spaces.js';
import type { Sampler, SamplerContext, Suggestion } from '../../sampler.js';
import type { Dimension, SpaceSpec } from '../../space/dimensions.js';
import { isSingleValued } from '../../space/dimension-json.js';
import { isDimension } from '../../space/dimensions.js';
import { isDistribution } from '../../space/distributions.js';
import { Space } from '../../space/search-space.js';
import type { ParamSet } from '../../space/parameter-grid.js';
import type { Trial } from '../../trial.js';
import { isUnfinished } from '../../trial.js';
import type { OptimizerOptions } from './optimizer.js';
import { Optimizer } from './optimizer.js';

/** Options of {@link GPSampler}. */
export interface GPSamplerOptions extends OptimizerOptions {
  /** The number of trials to propose; `suggest` stops after it. @default Infinity */
  readonly nIter?: number | undefined;
  /** Points proposed together (constant liar) and handed out in turn: scikit-optimize's `n_points`. @default 1 */
  readonly batchSize?: number | undefined;
  /**
   * Synchronous batches (scikit-optimize's `BayesSearchCV`): a batch is
   * proposed only once the previous one has finished, from exactly the trials
   * of the earlier batches, so the proposals do not depend on how fast each
   * trial ran, and a resumed study proposes what the uninterrupted one did.
   * Otherwise (the default) a new point is proposed whenever a trial ends,
   * with the running ones as pending points.
   * @default false
   */
  readonly synchronous?: boolean | undefined;
}

/**
 * Bayesian optimization as a study sampler, over a fixed space or
 * define-by-run.
 * @example
 * ```ts
 * const study = new Study({ sampler: new GPSampler({ x: new Real(-5, 5) }, { nIter: 25, randomState: 0 }), direction: 'minimize' });
 * await study.optimize(async ({ x }) => ((x as number) - 1) ** 2);
 * const dynamic = createStudy({ sampler: new GPSampler({ randomState: 0 }) });
 * ```
 */
export class GPSampler implements Sampler, DynamicSampler {
  /** The optimizer (named space: points are parameter records); undefined for a define-by-run sampler. */
  readonly optimizer: Optimizer<Space> | undefined;
  /** The space; undefined for a define-by-run sampler. */
  readonly space: Space | undefined;
  /** The seed of every draw. */
  readonly randomState: number;
  private readonly options: GPSamplerOptions;
  private readonly nIter: number;
  private readonly batchSize: number;
  private readonly told = new Set<number>();
  private queue: ParamSet[] = [];
  /** Synchronous mode: the proposals of each batch asked so far. */
  private readonly batches: ParamSet[][] = [];
  /** Whether this sampler has proposed anything yet (a fresh one on a resumed study has not). */
  private proposed = false;
  /** Define-by-run: the sampler of the current relative search space. */
  private relative: { readonly key: string; readonly sampler: GPSampler } | undefined;

  constructor(options?: GPSamplerOptions);
  constructor(space: SpaceSpec | Space, options?: GPSamplerOptions);
  constructor(spaceOrOptions?: SpaceSpec | Space | GPSamplerOptions, maybeOptions: GPSamplerOptions = {}) {
    const dynamic = spaceOrOptions === undefined || isGpOptions(spaceOrOptions);
    const options = dynamic ? ((spaceOrOptions as GPSamplerOptions | undefined) ?? {}) : maybeOptions;
    const { nIter, batchSize, synchronous: _synchronous, ...optimizerOptions } = options;
    this.options = options;
    this.nIter = nIter === undefined ? Infinity : checkInteger('GPSampler', 'nIter', nIter, { min: 1 });
    this.batchSize = checkInteger('GPSampler', 'batchSize', batchSize ?? 1, { min: 1 });
    this.randomState = checkRandomState('GPSampler', options.randomState) ?? freshSeed();
    if (dynamic) {
      this.space = undefined;
      this.optimizer = undefined;
      return;
    }
    const space = spaceOrOptions as SpaceSpec | Space;
    const base = space instanceof Space ? space : new Space(space, 'GPSampler', 'skopt');
    this.space = base.named ? base : new Space(Object.fromEntries(base.names.map((n, i) => [n, base.dimensions[i]])) as SpaceSpec, 'GPSampler');
    this.optimizer = new Optimizer(this.space, { ...optimizerOptions, randomState: this.randomState });
  }

  get plannedTrials(): number | undefined {
    return Number.isFinite(this.nIter) ? this.nIter : undefined;
  }

  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    if (trials.length >= this.nIter) return { kind: 'stop' };
    if (this.optimizer === undefined) return { kind: 'run', params: {} };
    if (this.options.synchronous === true) return this.suggestSynchronous(trials, context);
    const sign = context.direction === 'maximize' ? -1 : 1;
    const space = this.space as Space;
    const running: ParamSet[] = [];
    // a fresh sampler on a resumed study: the optimizer's model state (the kernel's hyperparameters, each fit
    // warm-started from the previous one) is rebuilt by replaying the asks an uninterrupted run made, one per trial
    const replay = !this.proposed && this.batchSize === 1;
    for (const t of trials) {
      if (!space.contains(space.fromParams(t.params))) continue;
      if (isUnfinished(t)) {
        running.push(t.params);
        continue;
      }
      if (this.told.has(t.id)) continue;
      if (replay) {
        this.optimizer.setPending([]);
        this.optimizer.ask();
      }
      this.tellTrial(t, sign);
    }
    if (this.queue.length === 0) {
      this.optimizer.setPending(running);
      const n = Math.min(this.batchSize, this.nIter - trials.length);
      this.queue = n === 1 ? [this.optimizer.ask() as ParamSet] : (this.optimizer.ask(n) as ParamSet[]);
      this.proposed = true;
    }
    const params = this.queue.shift() as ParamSet;
    return { kind: 'run', params };
  }

  /**
   * Synchronous batches: trial n belongs to batch floor(n / batchSize); a
   * batch is asked once every earlier trial has finished, after telling them
   * in trial order; a fresh sampler on a resumed study asks the earlier
   * batches again (the same proposals, the same model state), so it proposes
   * what the uninterrupted run did.
   */
  private suggestSynchronous(trials: readonly Trial[], context: SamplerContext): Suggestion {
    const optimizer = this.optimizer as Optimizer<Space>;
    const sign = context.direction === 'maximize' ? -1 : 1;
    const n = trials.length;
    const batch = Math.floor(n / this.batchSize);
    if (trials.slice(0, batch * this.batchSize).some(isUnfinished)) return { kind: 'wait' };
    for (let b = this.batches.length; b <= batch; b++) {
      for (const t of trials.slice(0, b * this.batchSize)) if (!this.told.has(t.id)) this.tellTrial(t, sign);
      optimizer.setPending([]);
      const size = Math.min(this.batchSize, this.nIter - b * this.batchSize);
      this.batches.push(size === 1 ? [optimizer.ask() as ParamSet] : (optimizer.ask(size) as ParamSet[]));
    }
    return { kind: 'run', params: (this.batches[batch] as ParamSet[])[n - batch * this.batchSize] as ParamSet };
  }

  private tellTrial(t: Trial, sign: number): void {
    this.told.add(t.id);
    const value = t.state === 'complete' ? (t.values[0] ?? NaN) : NaN;
    (this.optimizer as Optimizer<Space>).tell(t.params, Number.isFinite(value) ? sign * value : NaN);
  }

  /** Define-by-run: the parameters every complete trial has, with one distribution each (none for a fixed-space sampler). */
  inferRelativeSearchSpace(trials: readonly Trial[]): SearchSpaceRecord {
    if (this.space !== undefined) return {};
    const out: Record<string, Dimension> = {};
    for (const [name, d] of Object.entries(intersectionSearchSpace(trials))) if (!isSingleValued(d)) out[name] = d;
    return out;
  }

  /** Define-by-run: a GP proposal on the relative search space (its own sampler, rebuilt when the space changes). */
  sampleRelative(trials: readonly Trial[], space: SearchSpaceRecord, context: DynamicSamplingContext): ParamSet {
    const key = JSON.stringify(Object.entries(space).map(([k, d]) => [k, String(d)]));
    if (this.relative?.key !== key) {
      const { nIter: _n, batchSize: _b, synchronous: _s, ...rest } = this.options;
      // a relative space of categories alone is soon exhausted; the parameters outside it still vary, so repeats are expected
      this.relative = { key, sampler: new GPSampler(new Space(space as SpaceSpec, 'GPSampler'), { ...rest, warnOnRepeat: false, randomState: deriveSeed(this.randomState, nameHash(key)) }) };
    }
    const s = this.relative.sampler.suggest(trials, context);
    return s.kind === 'run' ? s.params : {};
  }

  /** Define-by-run: a parameter outside the relative search space is drawn at random. */
  sampleIndependent(_trials: readonly Trial[], name: string, dimension: Dimension, context: DynamicSamplingContext): unknown {
    return dimension.sample(drawRng(this.randomState, context.trial.id, name));
  }
}

const GP_OPTION_KEYS: readonly string[] = [
  'acqFunc', 'nInitialPoints', 'initialPointGenerator', 'randomState', 'xi', 'kappa', 'liar', 'warpTargets', 'nRestarts', 'priors', 'acqOptimizer', 'noise',
  'minPendingDistance', 'warnOnRepeat',
  'nIter', 'batchSize', 'synchronous',
];

function isGpOptions(arg: unknown): boolean {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg) || arg instanceof Space) return false;
  return Object.keys(arg).every((k) => GP_OPTION_KEYS.includes(k)) && !Object.values(arg).some((v) => isDimension(v) || isDistribution(v) || Array.isArray(v));
}
