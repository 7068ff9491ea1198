/**
 * The tasks of the suite and their registry. A task has a search space (the
 * distributions every strategy understands), a budget per preset in
 * full-fidelity evaluations, an optional fidelity for multi-fidelity strategies,
 * and `prepare(seed)`, which returns the evaluator of one run (for tuning tasks
 * the seed fixes the CV splits, shared by every strategy on that seed).
 *
 * Synthetic functions are those of the peer record with its domains and budgets
 * (`../shared/peers/bo_quality.py`); the tuning tasks are in `ml-tasks.ts`.
 */
import type { ParamSet } from '../../lib/search/space/parameter-grid.js';
import type { DistributionSpec } from '../../lib/search/space/parameter-sampler.js';
import { choice, randInt, uniform } from '../../lib/search/space/distributions.js';
import type { SuiteTask } from '../../lib/report/suite-types.js';
import { ackley, branin, hartmann6, mixedBranin, mixedBraninOptimum, rosenbrock } from './functions.js';
import { ML_TASKS } from './ml-tasks.js';

/** What one evaluation returns. */
export interface EvalResult {
  readonly value: number;
  /** Per-epoch metrics of an iteratively trained model. */
  readonly history?: Readonly<Record<string, readonly number[]>> | undefined;
}

/** The evaluator of one run. */
export interface TaskRunner {
  /** Evaluates params at a resource (undefined: full fidelity). */
  evaluate(params: ParamSet, resource: number | undefined): Promise<EvalResult>;
}

/** A task's multi-fidelity resource. */
export interface Fidelity {
  /** What the resource is, for readers. */
  readonly resource: string;
  /** The full resource R (a full evaluation). */
  readonly maxResource: number;
  /** The smallest resource a scheduler may give. */
  readonly minResource: number;
}

/** The presets of the suite. */
export type Preset = 'quick' | 'full';

/** A task of the suite. */
export interface TaskDef {
  readonly name: string;
  readonly label: string;
  readonly kind: 'synthetic' | 'ml';
  readonly direction: 'minimize' | 'maximize';
  readonly metric: string;
  readonly optimum?: number | undefined;
  readonly description: string;
  /** Full-fidelity evaluations per run, by preset (0: not in that preset). */
  readonly budgets: Readonly<Record<Preset, number>>;
  /** Fewer seeds than the preset's for a slow task. @default the preset's */
  readonly maxSeeds?: Partial<Record<Preset, number>> | undefined;
  readonly space: DistributionSpec;
  readonly fidelity?: Fidelity | undefined;
  prepare(seed: number): Promise<TaskRunner>;
}

/** The task as listed in a results file. */
export function describeTask(task: TaskDef, budget: number): SuiteTask {
  return {
    name: task.name,
    label: task.label,
    kind: task.kind,
    direction: task.direction,
    metric: task.metric,
    optimum: task.optimum,
    budget,
    resource: task.fidelity?.resource,
    description: task.description,
  };
}

const SYNTHETIC_FIDELITY: Fidelity = { resource: 'fidelity s = r / 27 of the augmented function (BoTorch)', maxResource: 27, minResource: 1 };

function synthetic(
  name: string,
  label: string,
  optimum: number,
  budgets: Record<Preset, number>,
  space: DistributionSpec,
  description: string,
  f: (p: ParamSet, s: number) => number,
  multiFidelity = true,
): TaskDef {
  return {
    name,
    label,
    kind: 'synthetic',
    direction: 'minimize',
    metric: 'f(x)',
    optimum,
    description,
    budgets,
    space,
    fidelity: multiFidelity ? SYNTHETIC_FIDELITY : undefined,
    prepare: async () => ({
      evaluate: async (params, resource) => ({ value: f(params, resource === undefined ? 1 : resource / SYNTHETIC_FIDELITY.maxResource) }),
    }),
  };
}

const xs = (p: ParamSet, d: number): number[] => Array.from({ length: d }, (_, i) => p[`x${i}`] as number);
const box = (d: number, low: number, high: number): DistributionSpec => Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, uniform(low, high)]));

/** Every task, synthetic first. */
export const TASKS: readonly TaskDef[] = [
  synthetic('branin', 'Branin (2-D)', 0.397887, { quick: 30, full: 50 }, { x0: uniform(-5, 10), x1: uniform(0, 15) }, 'Branin on [-5, 10] × [0, 15], minimized (f* = 0.397887).', (p, s) =>
    branin(p.x0 as number, p.x1 as number, s),
  ),
  synthetic('hartmann6', 'Hartmann-6 (6-D)', -3.32237, { quick: 30, full: 100 }, box(6, 0, 1), 'Hartmann-6 on [0, 1]^6, minimized (f* = −3.32237).', (p, s) => hartmann6(xs(p, 6), s)),
  synthetic('rosenbrock2', 'Rosenbrock (2-D)', 0, { quick: 0, full: 50 }, box(2, -5, 10), 'Rosenbrock on [-5, 10]^2, minimized (f* = 0).', (p, s) => rosenbrock(xs(p, 2), s)),
  synthetic(
    'ackley5',
    'Ackley (5-D)',
    0,
    { quick: 0, full: 50 },
    box(5, -32.768, 32.768),
    'Ackley on [-32.768, 32.768]^5, minimized (f* = 0); no multi-fidelity variant.',
    (p) => ackley(xs(p, 5)),
    false,
  ),
  synthetic(
    'mixed_branin',
    'Mixed Branin (real, integer, categorical)',
    mixedBraninOptimum(),
    { quick: 30, full: 50 },
    { x1: uniform(-5, 10), x2: randInt(0, 16), c: choice(['a', 'b', 'c']) },
    'Branin with x1 real in [-5, 10], x2 an integer in 0..15 and a category c adding a→1, b→0, c→2; minimized (f* = 0.432336).',
    (p, s) => mixedBranin(p.x1 as number, p.x2 as number, p.c as string, s),
  ),
  ...ML_TASKS,
];

/**
 * Finds tasks by name (all when `names` is empty).
 * @throws {Error} naming the valid tasks when a name is unknown.
 */
export function pickTasks(names: readonly string[]): TaskDef[] {
  if (names.length === 0) return [...TASKS];
  return names.map((n) => {
    const t = TASKS.find((x) => x.name === n);
    if (t === undefined) throw new Error(`Unknown task "${n}". Known tasks: ${TASKS.map((x) => x.name).join(', ')}.`);
    return t;
  });
}
