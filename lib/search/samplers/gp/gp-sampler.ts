/**
 * GPSampler: the Gaussian-process {@link Optimizer} as a {@link Sampler}, so a
 * {@link Study} (and BayesSearchCV) can use it. At each `suggest` it tells the
 * optimizer the trials that finished since the last call (a NaN, failed or
 * pruned trial is told as a failure), marks the running ones as pending
 * (constant liar) and asks for the next point.
 */
import { checkInteger } from '../../../core/validate.js';
import type { Sampler, SamplerContext, Suggestion } from '../../sampler.js';
import type { SpaceSpec } from '../../space/dimensions.js';
import { Space } from '../../space/search-space.js';
import type { ParamSet } from '../../space/parameter-grid.js';
import type { Trial } from '../../trial.js';
import type { OptimizerOptions } from './optimizer.js';
import { Optimizer } from './optimizer.js';

/** Options of {@link GPSampler}. */
export interface GPSamplerOptions extends OptimizerOptions {
  /** The number of trials to propose; `suggest` stops after it. @default Infinity */
  readonly nIter?: number | undefined;
  /** Points proposed together (constant liar) and handed out in turn: scikit-optimize's `n_points`. @default 1 */
  readonly batchSize?: number | undefined;
}

/**
 * Bayesian optimization as a study sampler.
 * @example
 * ```ts
 * const study = new Study({ sampler: new GPSampler({ x: new Real(-5, 5) }, { nIter: 25, randomState: 0 }), direction: 'minimize' });
 * await study.optimize(async ({ x }) => ((x as number) - 1) ** 2);
 * ```
 */
export class GPSampler implements Sampler {
  /** The optimizer (named space: points are parameter records). */
  readonly optimizer: Optimizer<Space>;
  readonly space: Space;
  private readonly nIter: number;
  private readonly batchSize: number;
  private readonly told = new Set<number>();
  private queue: ParamSet[] = [];
  /** Whether this sampler has proposed anything yet (a fresh one on a resumed study has not). */
  private proposed = false;

  constructor(space: SpaceSpec | Space, options: GPSamplerOptions = {}) {
    const base = space instanceof Space ? space : new Space(space, 'GPSampler', 'skopt');
    this.space = base.named ? base : new Space(Object.fromEntries(base.names.map((n, i) => [n, base.dimensions[i]])) as SpaceSpec, 'GPSampler');
    const { nIter, batchSize, ...optimizerOptions } = options;
    this.nIter = nIter === undefined ? Infinity : checkInteger('GPSampler', 'nIter', nIter, { min: 1 });
    this.batchSize = checkInteger('GPSampler', 'batchSize', batchSize ?? 1, { min: 1 });
    this.optimizer = new Optimizer(this.space, optimizerOptions);
  }

  get plannedTrials(): number | undefined {
    return Number.isFinite(this.nIter) ? this.nIter : undefined;
  }

  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    if (trials.length >= this.nIter) return { kind: 'stop' };
    const sign = context.direction === 'maximize' ? -1 : 1;
    const running: ParamSet[] = [];
    // a fresh sampler on a resumed study: the optimizer's model state (the kernel's hyperparameters, each fit
    // warm-started from the previous one) is rebuilt by replaying the asks an uninterrupted run made, one per trial
    const replay = !this.proposed && this.batchSize === 1;
    for (const t of trials) {
      if (!this.space.contains(this.space.fromParams(t.params))) continue;
      if (t.state === 'running') {
        running.push(t.params);
        continue;
      }
      if (this.told.has(t.id)) continue;
      this.told.add(t.id);
      if (replay) {
        this.optimizer.setPending([]);
        this.optimizer.ask();
      }
      const value = t.state === 'complete' ? (t.values[0] ?? NaN) : NaN;
      this.optimizer.tell(t.params, Number.isFinite(value) ? sign * value : NaN);
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
}
