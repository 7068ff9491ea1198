/**
 * One run of the suite: a strategy on a task with a seed and a budget, driven
 * through the engine's `Study` loop. The runner times every proposal (the
 * strategy's ask and tell, inside `suggest`) and every evaluation, and stops the
 * run before an evaluation would take it past the budget, counted in
 * full-fidelity evaluations (a partial evaluation at resource r costs r / R).
 */
import { errorMessage } from '../../lib/core/errors.js';
import type { Sampler, SamplerContext, Suggestion } from '../../lib/search/sampler.js';
import { Study } from '../../lib/search/study.js';
import type { Trial } from '../../lib/search/trial.js';
import type { SuiteEvaluation, SuiteRun } from '../../lib/report/suite-types.js';
import type { StrategyDef } from './strategies.js';
import type { TaskDef } from './tasks.js';

const EPS = 1e-9;
/** The most sampler rounds one run may start (multi-fidelity samplers restart until the budget is spent). */
const MAX_ROUNDS = 50;

/** Wraps a sampler: times each suggestion and stops before the budget would be exceeded. */
class BudgetedSampler implements Sampler {
  /** Seconds of the last `run` suggestion. */
  lastOverhead = 0;

  constructor(
    private readonly inner: Sampler,
    private readonly costOf: (s: Suggestion & { kind: 'run' }) => number,
    private readonly remaining: () => number,
  ) {}

  suggest(trials: readonly Trial[], context: SamplerContext): Suggestion {
    const t0 = performance.now();
    const s = this.inner.suggest(trials, context);
    this.lastOverhead = (performance.now() - t0) / 1000;
    if (s.kind === 'run' && this.costOf(s) > this.remaining() + EPS) return { kind: 'stop' };
    return s;
  }
}

/**
 * Runs one strategy on one task with one seed.
 * @example
 * ```ts
 * const run = await runOne(pickTasks(['branin'])[0], pickStrategies(['tpe'])[0], 0, 30);
 * run.evaluations.length; // 30
 * ```
 */
export async function runOne(task: TaskDef, strategy: StrategyDef, seed: number, budget: number): Promise<SuiteRun> {
  const evaluations: SuiteEvaluation[] = [];
  const started = performance.now();
  let spent = 0;
  let error: string | undefined;
  try {
    const runner = await task.prepare(seed);
    const maxResource = task.fidelity?.maxResource;
    const costOf = (s: { budget?: number | undefined }): number => (s.budget === undefined || maxResource === undefined ? 1 : s.budget / maxResource);
    for (let round = 0; round < MAX_ROUNDS && spent < budget - EPS; round++) {
      const sampler = new BudgetedSampler(await strategy.sampler({ task, seed, budget }, round), costOf, () => budget - spent);
      const before = evaluations.length;
      const study = new Study({ sampler, direction: task.direction, randomState: seed });
      await study.optimize(async (params, ctx) => {
        const overhead = sampler.lastOverhead;
        let value = NaN;
        let history: SuiteEvaluation['history'];
        try {
          const r = await runner.evaluate(params, ctx.budget);
          value = r.value;
          history = r.history;
        } catch (e) {
          error ??= errorMessage(e);
        }
        const cost = costOf({ budget: ctx.budget });
        spent += cost;
        evaluations.push({ value, cost, elapsed: (performance.now() - started) / 1000, overhead, params, ...(history === undefined ? {} : { history }) });
        return value;
      });
      if (!strategy.multiFidelity || evaluations.length === before) break;
    }
  } catch (e) {
    error = errorMessage(e);
  }
  return { task: task.name, strategy: strategy.name, seed, evaluations, seconds: (performance.now() - started) / 1000, ...(error === undefined ? {} : { error }) };
}
